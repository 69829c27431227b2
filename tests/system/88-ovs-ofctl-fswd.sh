#!/bin/sh
# Debian's ovs-ofctl (OpenFlow 1.3) manages our fsw-vswitchd through its
# management socket RUNDIR/br0.mgmt: show, dump-ports, add-flow,
# dump-flows, del-flows; traffic between two hosts follows the flows.
# Kernel datapath: flowswitch.ko (INTEROP_KMOD=ovs: openvswitch.ko).
. ./lib.sh
. ./ofctllib.sh
. ./interoplib.sh
command -v ovs-ofctl >/dev/null || { echo "no ovs-ofctl"; exit 77; }
kmod_load
diag()
{
	show_log $FSWRUN/fsw-vswitchd.log 40
	ovs-dpctl dump-flows 2>&1 | head -20
}
cleanup()
{
	[ $? = 0 ] || diag
	fsw_stop
	switch_teardown
}
trap cleanup EXIT
fsw_start
two_hosts
check "add-br (secure)" $FV add-br br0 -- set-fail-mode br0 secure
check "add-port v1, v2" $FV add-port br0 v1 -- add-port br0 v2
M=unix:$FSWRUN/br0.mgmt
O="ovs-ofctl -O OpenFlow13"
wait_until 20 sh -c "$O show $M | grep -q '(v2)'" ||
	fail "ovs-ofctl show never listed v2"
$O show $M | tee /tmp/show
check "features reply" grep -q "^OFPT_FEATURES_REPLY (OF1.3).* dpid:[0-9a-f]\{16\}$" /tmp/show
check "LOCAL port" grep -q "^ LOCAL(br0): addr:" /tmp/show
P1=$(sed -n 's/^ \([0-9]*\)(v1):.*/\1/p' /tmp/show)
P2=$(sed -n 's/^ \([0-9]*\)(v2):.*/\1/p' /tmp/show)
check "OpenFlow port numbers of v1, v2 ($P1, $P2)" [ -n "$P1" -a -n "$P2" ]
check "v1's number as fsw-vsctl says" [ "$($FV get interface v1 ofport)" = "$P1" ]

echo "=== secure, no flows: no traffic"
$O dump-flows $M | tee /tmp/flows
check "empty flow table" [ "$(grep -c actions= /tmp/flows)" = 0 ]
check_not "no ping without flows" ip netns exec h1 ping -c 1 -W 1 10.0.0.2

echo "=== add-flow"
check "add-flow $P1->$P2" $O add-flow $M "in_port=$P1,actions=output:$P2"
check "add-flow $P2->$P1" $O add-flow $M "in_port=$P2,actions=output:$P1"
check "add-flow (priority, ip)" $O add-flow $M \
	"table=0,priority=10,ip,nw_dst=10.0.0.99,actions=drop"
ping_hosts 20
$O dump-flows $M | tee /tmp/flows
check "three flows" [ "$(grep -c actions= /tmp/flows)" = 3 ]
check "counters on $P1->$P2" grep -q "n_packets=[1-9][0-9]*, n_bytes=[1-9][0-9]*, in_port=$P1 actions=output:$P2" /tmp/flows
check "ip flow printed back" grep -q "priority=10,ip,nw_dst=10.0.0.99 actions=drop" /tmp/flows
$O dump-flows $M in_port=$P1 >/tmp/flows
check "dump-flows with a match" [ "$(grep -c actions= /tmp/flows)" = 1 ]

echo "=== dump-ports"
$O dump-ports $M | tee /tmp/ports
check "ports reply" grep -q "^OFPST_PORT reply (OF1.3).*: 3 ports$" /tmp/ports
check "v1 received packets" grep -q "^  port  *$P1: rx pkts=[1-9]" /tmp/ports
$O dump-ports $M $P2 | tee /tmp/ports
check "one port" grep -q ": 1 ports$" /tmp/ports
check "v2 transmitted packets" grep -A1 "port  *$P2:" /tmp/ports | grep -q "tx pkts=[1-9]"

echo "=== del-flows"
check "del-flows in_port=$P2" $O del-flows $M in_port=$P2
check "two flows left" [ "$($O dump-flows $M | grep -c actions=)" = 2 ]
wait_until 20 sh -c "! ip netns exec h1 ping -c 1 -W 1 10.0.0.2" ||
	fail "still pinging after the return flow was deleted"
echo "ok: no ping after del-flows in_port=$P2"
check "add-flow NORMAL" $O add-flow $M "priority=1,actions=NORMAL"
ping_hosts 20
check "del-flows (all)" $O del-flows $M
check "no flows" [ "$($O dump-flows $M | grep -c actions=)" = 0 ]
wait_until 20 sh -c "! ip netns exec h1 ping -c 1 -W 1 10.0.0.2" ||
	fail "still pinging with an empty flow table"
echo "ok: no ping with an empty table"
check_not "bad flow refused" $O add-flow $M "in_port=1,actions=bogus"
check "still no flows" [ "$($O dump-flows $M | grep -c actions=)" = 0 ]
