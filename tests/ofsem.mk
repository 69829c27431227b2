# OpenFlow behaviour tests on the userspace datapath (issue #8):
# tests/unit/test-ofsem runs tests/ofsem/scenarios.py under unshare.
check_PROGRAMS += tests/unit/test-ofsem
tests_unit_test_ofsem_SOURCES = tests/unit/test-ofsem.c
tests_unit_test_ofsem_CFLAGS = $(UNIT_CFLAGS) \
	-DOFSEM_SRCDIR='"$(abs_top_srcdir)"' \
	-DOFSEM_BUILDDIR='"$(abs_top_builddir)"'
tests_unit_test_ofsem_LDADD = $(UNIT_LDADD)
EXTRA_DIST += tests/ofsem/ofsem.py tests/ofsem/scenarios.py
