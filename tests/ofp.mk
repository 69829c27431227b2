# OpenFlow codec unit tests (issue 6).
check_PROGRAMS += tests/unit/test-ofp-match
tests_unit_test_ofp_match_SOURCES = tests/unit/test-ofp-match.c
tests_unit_test_ofp_match_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_match_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-ofp-actions
tests_unit_test_ofp_actions_SOURCES = tests/unit/test-ofp-actions.c
tests_unit_test_ofp_actions_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_actions_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-ofp-msgs
tests_unit_test_ofp_msgs_SOURCES = tests/unit/test-ofp-msgs.c
tests_unit_test_ofp_msgs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_msgs_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-ofp-mp
tests_unit_test_ofp_mp_SOURCES = tests/unit/test-ofp-mp.c
tests_unit_test_ofp_mp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_mp_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-ofp-parse
tests_unit_test_ofp_parse_SOURCES = tests/unit/test-ofp-parse.c
tests_unit_test_ofp_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_parse_LDADD = $(UNIT_LDADD)

# ---- Fuzzing. ----
# The libFuzzer targets are built with clang (not $(CC), which is gcc)
# straight from the library sources, instrumented with ASan and UBSan.
# tests/unit/test-fuzz-ofp (a cmocka program, hence picked up by
# tests/run-tests.sh) runs each for FSW_FUZZ_SECONDS (default 10) from
# the seed corpus under tests/fuzz/corpus/.  Without clang the targets
# become stubs exiting 77 and those tests are skipped.
# `make fuzz-long` runs each target for FUZZ_TIME seconds (default 600).
FUZZ_CC = clang
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined \
	-I$(top_builddir) -I$(top_srcdir)/include -I$(top_srcdir)/lib
OFP_FUZZ_SRCS = \
	$(top_srcdir)/lib/buf.c $(top_srcdir)/lib/util.c \
	$(top_srcdir)/lib/ofp-errors.c $(top_srcdir)/lib/ofp-match.c \
	$(top_srcdir)/lib/ofp-actions.c $(top_srcdir)/lib/ofp-msgs.c \
	$(top_srcdir)/lib/ofp-group.c $(top_srcdir)/lib/ofp-mp.c \
	$(top_srcdir)/lib/ofp-parse.c $(top_srcdir)/lib/ofp-print.c \
	$(top_srcdir)/lib/ofp-queue.c $(top_srcdir)/lib/ofp-msg-print.c
OFP_FUZZ_HDRS = \
	$(top_srcdir)/lib/openflow.h $(top_srcdir)/lib/ofp-private.h \
	$(top_srcdir)/lib/ofp-errors.h $(top_srcdir)/lib/ofp-match.h \
	$(top_srcdir)/lib/ofp-actions.h $(top_srcdir)/lib/ofp-msgs.h \
	$(top_srcdir)/lib/ofp-group.h $(top_srcdir)/lib/ofp-mp.h \
	$(top_srcdir)/lib/ofp-parse.h $(top_srcdir)/lib/flow.h \
	$(top_srcdir)/lib/buf.h $(top_srcdir)/lib/util.h
OFP_FUZZ_TARGETS = tests/fuzz/fuzz-ofp-msg tests/fuzz/fuzz-flow-parse

OFP_FUZZ_BUILD = $(SHELL) $(top_srcdir)/tests/fuzz/build.sh \
	"$(FUZZ_CC)" "$(FUZZ_CFLAGS)"

tests/fuzz/fuzz-ofp-msg: $(top_srcdir)/tests/fuzz/fuzz-ofp-msg.c \
		$(OFP_FUZZ_SRCS) $(OFP_FUZZ_HDRS)
	$(AM_V_GEN)$(OFP_FUZZ_BUILD) $@ \
	  $(top_srcdir)/tests/fuzz/fuzz-ofp-msg.c $(OFP_FUZZ_SRCS)

tests/fuzz/fuzz-flow-parse: $(top_srcdir)/tests/fuzz/fuzz-flow-parse.c \
		$(OFP_FUZZ_SRCS) $(OFP_FUZZ_HDRS)
	$(AM_V_GEN)$(OFP_FUZZ_BUILD) $@ \
	  $(top_srcdir)/tests/fuzz/fuzz-flow-parse.c $(OFP_FUZZ_SRCS)

check_PROGRAMS += tests/unit/test-fuzz-ofp
tests_unit_test_fuzz_ofp_SOURCES = tests/unit/test-fuzz-ofp.c
tests_unit_test_fuzz_ofp_CFLAGS = $(UNIT_CFLAGS) \
	-DFUZZ_BUILDDIR='"$(abs_top_builddir)"' \
	-DFUZZ_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_fuzz_ofp_LDADD = $(CMOCKA_LIBS)
EXTRA_tests_unit_test_fuzz_ofp_DEPENDENCIES = $(OFP_FUZZ_TARGETS)

CLEANFILES += $(OFP_FUZZ_TARGETS)
EXTRA_DIST += tests/fuzz/build.sh tests/fuzz/fuzz-ofp-msg.c \
	tests/fuzz/fuzz-flow-parse.c tests/fuzz/gen-corpus.c tests/fuzz/corpus

FUZZ_TIME = 600
fuzz-long: $(OFP_FUZZ_TARGETS)
	@for t in fuzz-ofp-msg:msg fuzz-flow-parse:flow; do \
	  bin=$${t%%:*}; corpus=$${t##*:}; dir=$$(mktemp -d /tmp/fsw-fuzz.XXXXXX); \
	  echo "$$bin: $(FUZZ_TIME) s, new inputs and crashes in $$dir"; \
	  tests/fuzz/$$bin -max_total_time=$(FUZZ_TIME) -timeout=10 \
	    -artifact_prefix=$$dir/ $$dir $(top_srcdir)/tests/fuzz/corpus/$$corpus \
	    || exit 1; \
	done

# Regenerates the message seed corpus with the library's encoders.
fuzz-corpus: lib/libfsw.a
	$(CC) $(AM_CPPFLAGS) $(CPPFLAGS) $(AM_CFLAGS) $(CFLAGS) -o tests/fuzz/gen-corpus \
	  $(top_srcdir)/tests/fuzz/gen-corpus.c lib/libfsw.a
	tests/fuzz/gen-corpus $(top_srcdir)/tests/fuzz/corpus/msg

.PHONY: fuzz-long fuzz-corpus

# fsw-ofctl + fsw-vswitchd with 10k rules, natively (issue 10).
check_PROGRAMS += tests/unit/test-ofctl-scale
tests_unit_test_ofctl_scale_SOURCES = tests/unit/test-ofctl-scale.c
tests_unit_test_ofctl_scale_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofctl_scale_LDADD = $(UNIT_LDADD)
