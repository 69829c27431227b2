# fsw-vswitchd: the daemon, its bridge layer and OpenFlow switch.
sbin_PROGRAMS += vswitchd/fsw-vswitchd
vswitchd_fsw_vswitchd_SOURCES = \
	vswitchd/fsw-vswitchd.c vswitchd/vswitchd.h \
	vswitchd/bridge.c vswitchd/bridge.h \
	vswitchd/ofproto.c vswitchd/ofproto.h \
	vswitchd/ofproto-msg.c vswitchd/ofproto-msg.h \
	vswitchd/ofproto-ctl.c vswitchd/ofproto-ctl.h \
	vswitchd/connmgr.c vswitchd/connmgr.h \
	vswitchd/xlate.c vswitchd/xlate.h \
	vswitchd/mac-learning.c vswitchd/mac-learning.h \
	vswitchd/upcall.c vswitchd/upcall.h \
	vswitchd/revalidator.c \
	vswitchd/qos.c vswitchd/qos.h
vswitchd_fsw_vswitchd_LDADD = $(FSW_LIBS) $(NLROUTE_LIBS) -lpthread
