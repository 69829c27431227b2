# Connection layer: byte streams (tcp, unix, ssl), OpenFlow framing and
# HELLO negotiation (vconn), reliable controller connections (rconn).
lib_libfsw_a_SOURCES += \
	lib/stream.c lib/stream.h lib/stream-provider.h \
	lib/stream-ssl.c lib/stream-ssl.h \
	lib/vconn.c lib/vconn.h \
	lib/rconn.c lib/rconn.h
# Unit tests for the connection layer (lib/stream*, lib/vconn, lib/rconn).
check_PROGRAMS += tests/unit/test-stream
tests_unit_test_stream_SOURCES = tests/unit/test-stream.c \
	tests/unit/stream-test-util.h
tests_unit_test_stream_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_stream_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-vconn
tests_unit_test_vconn_SOURCES = tests/unit/test-vconn.c \
	tests/unit/stream-test-util.h
tests_unit_test_vconn_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vconn_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-rconn
tests_unit_test_rconn_SOURCES = tests/unit/test-rconn.c \
	tests/unit/stream-test-util.h
tests_unit_test_rconn_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rconn_LDADD = $(UNIT_LDADD)

EXTRA_DIST += Documentation/stream-targets.md
