# fsw-ofctl: OpenFlow switch management (issue 9).
bin_PROGRAMS += utilities/fsw-ofctl
utilities_fsw_ofctl_SOURCES = utilities/fsw-ofctl.c \
	utilities/ofctl-format.c utilities/ofctl-format.h \
	utilities/ofctl-group.c
utilities_fsw_ofctl_LDADD = $(FSW_LIBS)
dist_man_MANS += Documentation/fsw-ofctl.8

check_PROGRAMS += tests/unit/test-ofctl-format
tests_unit_test_ofctl_format_SOURCES = tests/unit/test-ofctl-format.c \
	utilities/ofctl-format.c utilities/ofctl-group.c
tests_unit_test_ofctl_format_CFLAGS = $(AM_CFLAGS) $(UNIT_CFLAGS) \
	-I$(top_srcdir)/utilities
tests_unit_test_ofctl_format_LDADD = $(UNIT_LDADD)
