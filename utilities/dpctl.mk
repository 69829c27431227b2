# fsw-dpctl: datapath management through lib/dpif.h.
bin_PROGRAMS += utilities/fsw-dpctl
utilities_fsw_dpctl_SOURCES = utilities/fsw-dpctl.c
utilities_fsw_dpctl_LDADD = $(FSW_LIBS)
dist_man_MANS += Documentation/fsw-dpctl.8
