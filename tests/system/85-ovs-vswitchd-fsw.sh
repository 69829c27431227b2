#!/bin/sh
# Debian's ovs-vswitchd 3.1 on OUR flowswitch.ko (not openvswitch.ko):
# it probes the datapath's features, installs masked flows with UFIDs
# through ovs_flow and gets misses through ovs_packet upcalls.  Two
# hosts ping across a NORMAL bridge, then across explicit OpenFlow flows.
# INTEROP_KMOD=ovs runs the same test on openvswitch.ko.
. ./lib.sh
. ./ofctllib.sh
. ./interoplib.sh
ofctl_need
kmod_load
cleanup()
{
	[ $? = 0 ] || diag
	ovs_stop
	ovs-dpctl del-dp ovs-system 2>/dev/null
	two_hosts_cleanup
	kmod_unload 2>/dev/null
}
diag()
{
	echo "--- warnings and errors of ovs-vswitchd"
	grep -E "\|(WARN|ERR|EMER)\|" $OVSRUN/ovs-vswitchd.log | tail -30
	grep -E "dpif|flow_put|ufid" $OVSRUN/ovs-vswitchd.log |
		grep -v -E "vlog|revalidator" | tail -30 | cut -c1-600
	ovs-dpctl show 2>&1 | head -4
	ovs-dpctl dump-flows 2>&1 | head -20
	dmesg | tail -20
}
trap cleanup EXIT
# ovs_start loads openvswitch.ko unless a datapath type is given; the
# module is already loaded (ours, normally).
OFCTL_DP_TYPE=system
ovs_start
APPCTL="ovs-appctl -t $OVSRUN/ovs-vswitchd.$(cat $OVSRUN/ovs-vswitchd.pid).ctl"
$APPCTL vlog/set dpif_netlink:file:dbg >/dev/null
$APPCTL vlog/set dpif:file:dbg >/dev/null
[ "$INTEROP_KMOD" = ovs ] ||
	check "flowswitch.ko is the datapath" sh -c "lsmod | grep -q '^flowswitch ' && ! lsmod | grep -q '^openvswitch '"
$VSCTL add-br br0 || { diag; fail "add-br"; }
two_hosts
$VSCTL add-port br0 v1 -- set interface v1 ofport_request=1 \
	-- add-port br0 v2 -- set interface v2 ofport_request=2 ||
	{ diag; fail "add-port"; }
ovs-dpctl show
check "ovs-system datapath" sh -c "ovs-dpctl show | grep -q 'system@ovs-system'"
check "v1 and v2 in the datapath" sh -c "ovs-dpctl show | grep -q ': v1' && ovs-dpctl show | grep -q ': v2'"
echo "=== datapath features probed by ovs-vswitchd"
$APPCTL dpif/show-dp-features br0 | tee /tmp/feat
check "masked set actions detected" grep -q "Masked set action: Yes" /tmp/feat
check "UFIDs detected" grep -q "^Ufid: Yes" /tmp/feat
echo "=== NORMAL bridge"
ping_hosts 30
ovs-dpctl dump-flows >/tmp/dpflows
cat /tmp/dpflows
check "megaflows installed in the kernel" grep -q "actions:" /tmp/dpflows
check "kernel flows hit" grep -q "packets:[1-9]" /tmp/dpflows
$APPCTL dpctl/dump-flows -m >/tmp/dpflows.m 2>&1
check "flows carry UFIDs" grep -q "^ufid:" /tmp/dpflows.m
echo "=== explicit OpenFlow flows"
check "del-flows" ovs-ofctl del-flows br0
wait_until 10 sh -c "! ip netns exec h1 ping -c 1 -W 1 10.0.0.2" ||
	fail "still pinging with no flows"
echo "ok: no flows, no ping"
check "add-flow 1->2" ovs-ofctl add-flow br0 in_port=1,actions=output:2
check "add-flow 2->1" ovs-ofctl add-flow br0 in_port=2,actions=output:1
ping_hosts 20
check "OpenFlow counters" sh -c "ovs-ofctl dump-flows br0 in_port=1 | grep -q 'n_packets=[1-9]'"
echo "--- warnings and errors of ovs-vswitchd (for the record)"
grep -E "\|(WARN|ERR|EMER)\|" $OVSRUN/ovs-vswitchd.log
check_not "no errors from the kernel datapath" grep -E "\|ERR\|" $OVSRUN/ovs-vswitchd.log
echo "=== stop"
ovs_stop
ovs-dpctl del-dp ovs-system 2>/dev/null
two_hosts_cleanup
check "module unloads" kmod_unload
