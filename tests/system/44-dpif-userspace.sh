#!/bin/sh
# The dpif suite on the userspace datapath with real devices: harness
# ports are AF_PACKET ports on veths and the local port is a TAP device
# (the native unit test uses in-memory test ports instead).
. ./lib.sh
[ -x "$B/tests/dpif-suite-netlink" ] || { echo "suite not built"; exit 77; }
modprobe veth
modprobe tun 2>/dev/null
ip link set lo up
DPIF_SUITE_TYPE=userspace "$B/tests/dpif-suite-netlink"
