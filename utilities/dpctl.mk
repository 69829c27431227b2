# fsw-dpctl: datapath management through lib/dpif.h.
bin_PROGRAMS += utilities/fsw-dpctl
utilities_fsw_dpctl_SOURCES = utilities/fsw-dpctl.c \
	utilities/dpctl-format.c utilities/dpctl-format.h
utilities_fsw_dpctl_LDADD = $(FSW_LIBS)
dist_man_MANS += Documentation/fsw-dpctl.8
