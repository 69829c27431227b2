#!/bin/sh
# The dpif suite (tests/dpif-suite.c) on the netlink provider against our
# own flowswitch.ko: the same assertions as 40-dpif-ovs.sh, so both
# datapaths behave alike through lib/dpif.h.
. ./lib.sh
[ -x "$B/tests/dpif-suite-netlink" ] || { echo "suite not built"; exit 77; }
[ -f "$KO" ] || { echo "flowswitch.ko not built"; exit 77; }
fsw_load
ip link set lo up
if ! "$B/tests/dpif-suite-netlink" --probe; then
	echo "flowswitch.ko does not install flows yet: skipped"
	fsw_unload
	exit 77
fi
"$B/tests/dpif-suite-netlink"
rc=$?
fsw_unload
exit $rc
