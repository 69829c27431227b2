# The classifier (issue 6, item 4) and its helpers.
lib_libfsw_a_SOURCES += \
	lib/classifier.c lib/classifier.h \
	lib/cls-map.c lib/cls-map.h \
	lib/epoch.c lib/epoch.h \
	lib/prefix-trie.c lib/prefix-trie.h

check_PROGRAMS += tests/unit/test-classifier
tests_unit_test_classifier_SOURCES = tests/unit/test-classifier.c
tests_unit_test_classifier_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_classifier_LDADD = $(UNIT_LDADD)

# Benchmark: not part of `make` or `make check`; `make bench-cls` builds
# and runs it (optimized).
EXTRA_DIST += benchmarks/cls-bench.c
CLEANFILES += benchmarks/cls-bench

benchmarks/cls-bench: $(srcdir)/benchmarks/cls-bench.c lib/libfsw.a
	$(AM_V_CCLD)$(CC) $(DEFS) -I$(top_builddir) $(AM_CPPFLAGS) \
	  $(CPPFLAGS) $(AM_CFLAGS) $(CFLAGS) -O2 -o $@ \
	  $(srcdir)/benchmarks/cls-bench.c $(FSW_LIBS) $(LIBS)

bench-cls: benchmarks/cls-bench
	./benchmarks/cls-bench $(BENCH_ARGS)

.PHONY: bench-cls

# The classifier tests again under ThreadSanitizer (slow: ~40 s); not part
# of `make check`.  The fences in lib/epoch.c are outside what TSan models
# (-Wno-tsan); everything else it checks.
CLS_TSAN_SRC = tests/unit/test-classifier.c lib/classifier.c \
	lib/cls-map.c lib/epoch.c lib/prefix-trie.c lib/util.c
CLEANFILES += tests/cls-tsan

tests/cls-tsan: $(CLS_TSAN_SRC:%=$(srcdir)/%)
	$(AM_V_CCLD)$(CC) $(DEFS) -I$(top_builddir) $(AM_CPPFLAGS) \
	  $(CPPFLAGS) $(AM_CFLAGS) $(CMOCKA_CFLAGS) -Wno-tsan -g -O1 \
	  -fsanitize=thread -o $@ $(CLS_TSAN_SRC:%=$(srcdir)/%) \
	  $(CMOCKA_LIBS) $(LIBS)

check-cls-tsan: tests/cls-tsan
	./tests/cls-tsan

.PHONY: check-cls-tsan
EXTRA_DIST += Documentation/classifier.md
