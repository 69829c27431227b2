# sFlow (sflow helper): configuration model and the sFlow v5 agent.
lib_libfsw_a_SOURCES += \
	lib/fsw-config-sflow.c \
	lib/sflow-agent.c lib/sflow-agent.h
vswitchd_fsw_vswitchd_SOURCES += vswitchd/sflow.c vswitchd/sflow.h
utilities_fsw_vsctl_SOURCES += utilities/vsctl-sflow.c

check_PROGRAMS += tests/unit/test-sflow
tests_unit_test_sflow_SOURCES = tests/unit/test-sflow.c
tests_unit_test_sflow_CFLAGS = $(UNIT_CFLAGS) \
	-DSRCDIR='"$(abs_top_srcdir)"' -DBUILDDIR='"$(abs_top_builddir)"'
tests_unit_test_sflow_LDADD = $(UNIT_LDADD)
EXTRA_tests_unit_test_sflow_DEPENDENCIES = vswitchd/fsw-vswitchd \
	utilities/fsw-vsctl
EXTRA_DIST += tests/sflow-decode.py
