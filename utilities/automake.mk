# fsw-vsctl and fsw-appctl (cfg helper).
bin_PROGRAMS += utilities/fsw-vsctl utilities/fsw-appctl
utilities_fsw_vsctl_SOURCES = utilities/fsw-vsctl.c utilities/vsctl.h \
	utilities/vsctl-cmds.c
utilities_fsw_vsctl_LDADD = $(FSW_LIBS)
utilities_fsw_appctl_SOURCES = utilities/fsw-appctl.c
utilities_fsw_appctl_LDADD = $(FSW_LIBS)
dist_man_MANS += Documentation/fsw-vsctl.8 Documentation/fsw-appctl.8
