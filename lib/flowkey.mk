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

# The same tests again with AddressSanitizer and UBSan, so that the
# truncation sweeps and mutation loops catch any out-of-bounds read.
# The code under test is compiled into them, not taken from libfsw.a.
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
check_PROGRAMS += tests/unit/test-flow-extract-asan
tests_unit_test_flow_extract_asan_SOURCES = tests/unit/test-flow-extract.c \
	lib/flow-extract.c
tests_unit_test_flow_extract_asan_CFLAGS = $(UNIT_CFLAGS) $(SANITIZE_FLAGS)
tests_unit_test_flow_extract_asan_LDFLAGS = $(SANITIZE_FLAGS)
tests_unit_test_flow_extract_asan_LDADD = $(CMOCKA_LIBS)

check_PROGRAMS += tests/unit/test-odp-asan
tests_unit_test_odp_asan_SOURCES = tests/unit/test-odp.c lib/flow-extract.c \
	lib/odp.c lib/odp-text.c lib/odp-actions.c lib/buf.c lib/util.c
tests_unit_test_odp_asan_CFLAGS = $(UNIT_CFLAGS) $(SANITIZE_FLAGS)
tests_unit_test_odp_asan_LDFLAGS = $(SANITIZE_FLAGS)
tests_unit_test_odp_asan_LDADD = $(CMOCKA_LIBS)

# The parser against a kernel datapath (tests/system/30-*, 31-*).
noinst_PROGRAMS += tests/flowkey-kdiff
tests_flowkey_kdiff_SOURCES = tests/flowkey-kdiff.c
tests_flowkey_kdiff_LDADD = $(FSW_LIBS)
EXTRA_DIST += tests/system/flowkey-packets.txt
