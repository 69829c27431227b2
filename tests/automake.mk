# Unit tests (cmocka, native) and system tests (inside a qemu guest).
# `make check` builds both, then tests/run-tests.sh runs them and ends
# with one line "N passed, N failed".
UNIT_LDADD = $(FSW_LIBS) $(CMOCKA_LIBS)
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

check_PROGRAMS += tests/unit/test-util
tests_unit_test_util_SOURCES = tests/unit/test-util.c
tests_unit_test_util_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_util_LDADD = $(UNIT_LDADD)

EXTRA_DIST += tests/run-tests.sh tests/vm tests/system

check-local: modules
	@FSW_BUILDDIR=$(abs_top_builddir) FSW_SRCDIR=$(abs_top_srcdir) \
	  $(SHELL) $(top_srcdir)/tests/run-tests.sh $(TESTS_ARGS)

# Only the native unit tests, no VM.
check-unit: $(check_PROGRAMS)
	@FSW_BUILDDIR=$(abs_top_builddir) FSW_SRCDIR=$(abs_top_srcdir) \
	  $(SHELL) $(top_srcdir)/tests/run-tests.sh --unit-only

.PHONY: check-unit
