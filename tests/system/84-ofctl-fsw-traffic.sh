#!/bin/sh
# Traffic through fsw-vswitchd steered by fsw-ofctl: flows, counters and
# packet-out on flowswitch.ko (the OpenFlow side alone is test 83).
# Skipped while fsw-vswitchd does not serve OpenFlow.
. ./lib.sh
. ./fswd-ofctl-setup.sh
# On failure, show what the daemon and the datapath did.
diag()
{
	echo "--- fsw-vswitchd log"
	tail -40 $FSW_RUNDIR/fsw-vswitchd.log
	echo "--- datapath"
	$B/utilities/fsw-dpctl show
	$B/utilities/fsw-dpctl dump-flows
}
# Traffic needs the module's flow and packet families (ovs_flow).
if $B/utilities/fsw-dpctl dump-flows br0 2>&1 | grep -q "not supported"; then
	echo "flowswitch.ko does not implement flows yet: nothing to test"
	exit 77
fi

echo "=== traffic"
check "flow 1->2" $O add-flow br0 "in_port=1,actions=output:2"
check "flow 2->1" $O add-flow br0 "in_port=2,actions=output:1"
ip netns exec h1 ping -c 3 -W 2 10.0.0.2 || { diag; fail "ping through fsw-vswitchd"; }
echo "ok: ping"
sleep 2
check "n_packets counted" sh -c "$O dump-flows br0 | grep -q 'n_packets=[1-9][0-9]*, n_bytes=[1-9][0-9]*, in_port=1 actions=output:2'"
check "port counters" sh -c "$O dump-ports br0 1 | grep -q 'rx pkts=[1-9]'"

echo "=== packet-out"
PKT=ffffffffffff02000000000908060001080006040001020000000009c0a80009000000000000c0a80001
tx0=$(cat /sys/class/net/v1/statistics/tx_packets)
check "packet-out" $O packet-out br0 LOCAL output:1 $PKT
check "packet-out (3.1 form)" $O -O OpenFlow10 packet-out br0 "in_port=LOCAL packet=$PKT actions=output:1"
sleep 1
tx1=$(cat /sys/class/net/v1/statistics/tx_packets)
check "packets left through v1 ($tx0 -> $tx1)" [ $((tx1 - tx0)) -ge 2 ]

exit 0
