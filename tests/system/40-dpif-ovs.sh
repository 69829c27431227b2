#!/bin/sh
# The dpif suite (tests/dpif-suite.c) on the netlink provider against
# Linux's own openvswitch.ko: datapaths, ports, flows, masks, stats,
# execute, upcalls and error codes through lib/dpif.h.
. ./lib.sh
[ -x "$B/tests/dpif-suite-netlink" ] || { echo "suite not built"; exit 77; }
ovs_load
ip link set lo up
"$B/tests/dpif-suite-netlink"
rc=$?
rmmod openvswitch 2>/dev/null
exit $rc
