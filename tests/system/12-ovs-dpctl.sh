#!/bin/sh
# Debian's own ovs-dpctl (Open vSwitch 3.1) drives flowswitch.ko.
. ./lib.sh
. ./dplib.sh
command -v ovs-dpctl >/dev/null || { echo "no ovs-dpctl"; exit 77; }
fsw_load
ip link add v1 type veth peer name e1
ip link set v1 up

check "ovs-dpctl add-dp dp0" ovs-dpctl add-dp dp0
check "dp0's local port exists" test -d /sys/class/net/dp0
check "add-dp again fails" sh -c '! ovs-dpctl add-dp dp0 2>/dev/null'
check "ovs-dpctl add-if dp0 v1" ovs-dpctl add-if dp0 v1
check "ovs-dpctl add-if dp0 p0,type=internal" \
	ovs-dpctl add-if dp0 p0,type=internal
check "add-if lo fails" sh -c '! ovs-dpctl add-if dp0 lo 2>/dev/null'
check "add-if of a gre port fails" \
	sh -c '! ovs-dpctl add-if dp0 g0,type=gre,options:remote_ip=1.1.1.1 2>/dev/null'
ip link set p0 up
ip addr add 192.0.2.1/24 dev p0
ping -c 1 -W 1 192.0.2.2 >/dev/null 2>&1
ovs-dpctl show -s >/tmp/show 2>&1
cat /tmp/show
check "show names the datapath" grep -q '^system@dp0:$' /tmp/show
check "show lists the local port" grep -q 'port 0: dp0 (internal)' /tmp/show
check "show lists v1" grep -q 'port 1: v1$' /tmp/show
check "show lists p0" grep -q 'port 2: p0 (internal)' /tmp/show
check "show has lookup stats" grep -q 'lookups: hit:0 missed:[1-9]' /tmp/show
check "show has flow count" grep -q 'flows: 0' /tmp/show
check "p0 counted what the host sent" \
	sh -c "sed -n '/port 2: p0/,/RX bytes/p' /tmp/show | grep -q 'RX packets:[1-9]'"
check "ovs-dpctl dump-dps" sh -c 'ovs-dpctl dump-dps | grep -qx system@dp0'
check "ovs-dpctl del-if dp0 v1" ovs-dpctl del-if dp0 v1
check "v1 left the datapath" sh -c '! ovs-dpctl show dp0 | grep -q "port 1: v1"'
check "v1 no longer promiscuous" test "$(promisc v1)" = 0
check "del-if of an unknown port fails" \
	sh -c '! ovs-dpctl del-if dp0 nope 2>/dev/null'
check "ovs-dpctl add-dp dp1" ovs-dpctl add-dp dp1
check "ovs-dpctl add-if dp1 v1" ovs-dpctl add-if dp1 v1
check "ovs-dpctl del-dp dp0" ovs-dpctl del-dp dp0
check "dp0 and p0 are gone" sh -c '! test -e /sys/class/net/dp0 && ! test -e /sys/class/net/p0'
check "dp1 remains" sh -c 'ovs-dpctl dump-dps | grep -qx system@dp1'
check "ovs-dpctl del-dp dp1" ovs-dpctl del-dp dp1
check "no datapaths left" test -z "$(ovs-dpctl dump-dps)"
check "ovs-dpctl did not load openvswitch.ko" sh -c '! lsmod | grep -q "^openvswitch "'
ip link del v1
fsw_unload
exit 0
