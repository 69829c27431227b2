# TLS settings in the configuration (tls helper): fsw-vsctl set-ssl,
# get-ssl, del-ssl, and fsw-vswitchd applying them live.
lib_libfsw_a_SOURCES += lib/fsw-config-ssl.c
vswitchd_fsw_vswitchd_SOURCES += vswitchd/tls.c vswitchd/tls.h
utilities_fsw_vsctl_SOURCES += utilities/vsctl-ssl.c
