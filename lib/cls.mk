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

# The classifier tests again under ThreadSanitizer (slow: about a
# minute); not part of `make check`.  The fences in lib/epoch.c are outside
# what TSan models (-Wno-tsan); everything else it checks.
CLS_TSAN_LIB = lib/classifier.c lib/cls-map.c lib/epoch.c \
	lib/prefix-trie.c lib/util.c
CLS_TSAN_TESTS = test-classifier test-cls-versions test-epoch
CLEANFILES += $(CLS_TSAN_TESTS:%=tests/tsan-%)

check-cls-tsan:
	@set -e; for t in $(CLS_TSAN_TESTS); do \
	  echo "  CCLD     tests/tsan-$$t"; \
	  $(CC) $(DEFS) -I$(top_builddir) $(AM_CPPFLAGS) $(CPPFLAGS) \
	    $(AM_CFLAGS) $(CMOCKA_CFLAGS) -Wno-tsan -g -O1 \
	    -fsanitize=thread -o tests/tsan-$$t \
	    $(srcdir)/tests/unit/$$t.c $(CLS_TSAN_LIB:%=$(srcdir)/%) \
	    $(CMOCKA_LIBS) $(LIBS); \
	  ./tests/tsan-$$t; \
	done

.PHONY: check-cls-tsan
EXTRA_DIST += Documentation/classifier.md

check_PROGRAMS += tests/unit/test-prefix-trie tests/unit/test-epoch
tests_unit_test_prefix_trie_SOURCES = tests/unit/test-prefix-trie.c
tests_unit_test_prefix_trie_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_prefix_trie_LDADD = $(UNIT_LDADD)
tests_unit_test_epoch_SOURCES = tests/unit/test-epoch.c
tests_unit_test_epoch_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_epoch_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-cls-versions
tests_unit_test_cls_versions_SOURCES = tests/unit/test-cls-versions.c
tests_unit_test_cls_versions_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cls_versions_LDADD = $(UNIT_LDADD)
