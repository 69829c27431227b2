# fsw-vswitchd: the daemon.  bridge.c is a stub to be replaced by the
# bridge layer (see bridge.h).
sbin_PROGRAMS += vswitchd/fsw-vswitchd
vswitchd_fsw_vswitchd_SOURCES = \
	vswitchd/fsw-vswitchd.c vswitchd/vswitchd.h \
	vswitchd/bridge.c vswitchd/bridge.h
vswitchd_fsw_vswitchd_LDADD = $(FSW_LIBS)
dist_man_MANS += Documentation/fsw-vswitchd.8
