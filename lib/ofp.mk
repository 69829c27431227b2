# OpenFlow 1.0/1.3 codecs and ovs-ofctl flow syntax (issue 6).
lib_libfsw_a_SOURCES += \
	lib/openflow.h \
	lib/ofp-private.h \
	lib/ofp-errors.c lib/ofp-errors.h \
	lib/ofp-match.c lib/ofp-match.h \
	lib/ofp-actions.c lib/ofp-actions.h \
	lib/ofp-msgs.c lib/ofp-msgs.h \
	lib/ofp-group.c lib/ofp-group.h \
	lib/ofp-mp.c lib/ofp-mp.h \
	lib/ofp-queue.c
lib_libfsw_a_SOURCES += \
	lib/ofp-parse.c lib/ofp-parse.h \
	lib/ofp-print.c \
	lib/ofp-msg-print.c
