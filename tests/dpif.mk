# The dpif suite (tests/dpif-suite.c), one program per provider.
# tests/dpif-suite-netlink runs in the VM (tests/system/4x-*.sh).
check_PROGRAMS += tests/dpif-suite-netlink
tests_dpif_suite_netlink_SOURCES = tests/dpif-suite.c tests/dpif-suite.h \
	tests/dpif-harness-netlink.c
tests_dpif_suite_netlink_CFLAGS = $(UNIT_CFLAGS)
tests_dpif_suite_netlink_LDADD = $(UNIT_LDADD)

# The same suite natively on the userspace datapath (cmocka, counted by
# tests/run-tests.sh).
check_PROGRAMS += tests/unit/test-dpif-userspace
tests_unit_test_dpif_userspace_SOURCES = tests/dpif-suite.c \
	tests/dpif-suite.h tests/dpif-harness-userspace.c
tests_unit_test_dpif_userspace_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_dpif_userspace_LDADD = $(UNIT_LDADD)
