# genl-fuzz: the generic netlink fuzzer for flowswitch.ko.  It runs only
# inside the test VM: a short run is system test 16-genl-fuzz.sh, the
# long one is `make fuzz-kernel` (FUZZ_COUNT messages per family, seeded
# by FUZZ_SEED, in FUZZ_JOBS processes; see Documentation/testing.md).
noinst_PROGRAMS += tests/fuzz/genl-fuzz
tests_fuzz_genl_fuzz_SOURCES = tests/fuzz/genl-fuzz.c \
	tests/fuzz/genl-fuzz-gen.c tests/fuzz/genl-fuzz.h
EXTRA_DIST += tests/fuzz/fuzz-kernel.sh

FUZZ_COUNT = 100000
FUZZ_SEED = 1
FUZZ_JOBS = 1
# Generous: under TCG the kernel answers a few hundred requests a second.
FUZZ_TIMEOUT = 36000

fuzz-kernel: tests/fuzz/genl-fuzz modules
	$(SHELL) $(top_srcdir)/tests/vm/run.sh -t $(FUZZ_TIMEOUT) \
	  $(top_srcdir)/tests/fuzz/fuzz-kernel.sh \
	  FSW_SRCDIR=$(abs_top_srcdir) FSW_BUILDDIR=$(abs_top_builddir) \
	  FUZZ_COUNT=$(FUZZ_COUNT) FUZZ_SEED=$(FUZZ_SEED) FUZZ_JOBS=$(FUZZ_JOBS)

.PHONY: fuzz-kernel
EXTRA_DIST += Documentation/testing.md
