# Unit tests of the configuration, JSON-RPC and control layer (cfg helper).
check_PROGRAMS += tests/unit/test-config
tests_unit_test_config_SOURCES = tests/unit/test-config.c
tests_unit_test_config_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_config_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-jsonrpc
tests_unit_test_jsonrpc_SOURCES = tests/unit/test-jsonrpc.c
tests_unit_test_jsonrpc_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_jsonrpc_LDADD = $(UNIT_LDADD)

# End to end: runs fsw-vswitchd, fsw-vsctl and fsw-appctl from the build
# tree in a mkdtemp() directory; each scenario is one cmocka test.
check_PROGRAMS += tests/unit/test-vsctl-e2e
tests_unit_test_vsctl_e2e_SOURCES = tests/unit/test-vsctl-e2e.c
tests_unit_test_vsctl_e2e_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vsctl_e2e_LDADD = $(UNIT_LDADD)
EXTRA_tests_unit_test_vsctl_e2e_DEPENDENCIES = vswitchd/fsw-vswitchd \
	utilities/fsw-vsctl utilities/fsw-appctl
