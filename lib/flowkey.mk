# The shared packet parser (datapath/flow_extract.c, also built into
# flowswitch.ko) and the datapath flow key/action codec.
lib_libfsw_a_SOURCES += \
	lib/flow-extract.c \
	include/fsw/compat.h include/fsw/flow_extract.h
EXTRA_DIST += datapath/flow_extract.c

check_PROGRAMS += tests/unit/test-flow-extract
tests_unit_test_flow_extract_SOURCES = tests/unit/test-flow-extract.c \
	tests/unit/pkt-build.h
tests_unit_test_flow_extract_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_flow_extract_LDADD = $(UNIT_LDADD)

# Prints the keys the parser extracts, for comparing with kernel keys.
noinst_PROGRAMS += tests/flowkey-dump
tests_flowkey_dump_SOURCES = tests/flowkey-dump.c
tests_flowkey_dump_LDADD = $(FSW_LIBS)

lib_libfsw_a_SOURCES += lib/odp.c lib/odp.h lib/odp-priv.h lib/odp-text.c lib/odp-actions.c

check_PROGRAMS += tests/unit/test-odp
tests_unit_test_odp_SOURCES = tests/unit/test-odp.c tests/unit/pkt-build.h
tests_unit_test_odp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_odp_LDADD = $(UNIT_LDADD)
