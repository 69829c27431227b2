# TLS settings in the configuration (tls helper): fsw-vsctl set-ssl,
# get-ssl, del-ssl, and fsw-vswitchd applying them live.
lib_libfsw_a_SOURCES += lib/fsw-config-ssl.c
vswitchd_fsw_vswitchd_SOURCES += vswitchd/tls.c vswitchd/tls.h
utilities_fsw_vsctl_SOURCES += utilities/vsctl-ssl.c

# End to end: the daemon, fsw-vsctl set-ssl and live TLS connections.
check_PROGRAMS += tests/unit/test-tls
tests_unit_test_tls_SOURCES = tests/unit/test-tls.c \
	tests/unit/stream-test-util.h
tests_unit_test_tls_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_tls_LDADD = $(UNIT_LDADD)
EXTRA_tests_unit_test_tls_DEPENDENCIES = vswitchd/fsw-vswitchd \
	utilities/fsw-vsctl
