# lib/dpif: the datapath interface and its providers.
lib_libfsw_a_SOURCES += \
	lib/dpif.c lib/dpif.h lib/dpif-provider.h \
	lib/dpif-netlink.c
