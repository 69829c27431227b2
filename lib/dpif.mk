# lib/dpif: the datapath interface and its providers.
lib_libfsw_a_SOURCES += \
	lib/dpif.c lib/dpif.h lib/dpif-provider.h \
	lib/dpif-netlink.c \
	lib/dpif-userspace.c \
	lib/dp-flow-table.c lib/dp-flow-table.h \
	lib/dp-execute.c lib/dp-execute.h \
	lib/dp-netdev.c lib/dp-netdev.h
EXTRA_DIST += Documentation/dpif.md
