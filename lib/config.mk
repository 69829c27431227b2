# Configuration, JSON-RPC and the control-command registry (cfg helper).
# (fsw-config.h, not config.h: that name is autoconf's.)
lib_libfsw_a_SOURCES += \
	lib/fsw-config.c lib/fsw-config.h lib/fsw-config-priv.h \
	lib/fsw-config-json.c lib/fsw-config-ops.c lib/fsw-config-set.c
lib_libfsw_a_SOURCES += \
	lib/ctl.c lib/ctl.h \
	lib/jsonrpc.c lib/jsonrpc.h \
	lib/pollset.c lib/pollset.h
lib_libfsw_a_SOURCES += lib/daemon.c lib/daemon.h
lib_libfsw_a_SOURCES += lib/status.c lib/status.h
