# libfsw.a: code shared by the daemon, the tools and the tests.
noinst_LIBRARIES += lib/libfsw.a
lib_libfsw_a_SOURCES = \
	lib/buf.c lib/buf.h \
	lib/flow.h \
	lib/log.c lib/log.h \
	lib/util.c lib/util.h
