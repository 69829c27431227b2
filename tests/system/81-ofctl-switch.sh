#!/bin/sh
# fsw-ofctl against Debian's ovs-vswitchd: show, dump-ports, dump-tables,
# groups, packet-out, traffic counters, and errors (bad syntax changes
# nothing; switch ERRORs are decoded, exit status 1), OF1.0 and OF1.3.
. ./lib.sh
. ./ofctllib.sh
ofctl_need
modprobe veth
cleanup()
{
	ovs_stop
	two_hosts_cleanup
}
trap cleanup EXIT
ovs_start
ovs_bridge br0
two_hosts
$VSCTL add-port br0 v1 -- set interface v1 ofport_request=1 \
	-- add-port br0 v2 -- set interface v2 ofport_request=2 ||
	fail "add-port"
O=$OFCTL

echo "=== show"
for V in OpenFlow10 OpenFlow13; do
	$O -O $V show br0 >/tmp/out || fail "$V show"
	cat /tmp/out
	check "$V features header" grep -q "^OFPT_FEATURES_REPLY.* dpid:[0-9a-f]\{16\}$" /tmp/out
	check "$V n_tables" grep -q "^n_tables:254, n_buffers:0$" /tmp/out
	check "$V port 1" grep -q "^ 1(v1): addr:" /tmp/out
	check "$V port 2" grep -q "^ 2(v2): addr:" /tmp/out
	check "$V local port" grep -q "^ LOCAL(br0): addr:" /tmp/out
	check "$V config" grep -q "^OFPT_GET_CONFIG_REPLY.*frags=normal miss_send_len=0$" /tmp/out
	ovs-ofctl -O $V show br0 | grep "addr:" | sort >/tmp/out.ovs
	grep "addr:" /tmp/out | sort >/tmp/out.fsw
	check "$V ports and addresses as ovs-ofctl" cmp /tmp/out.ovs /tmp/out.fsw
done
check "OF1.3 capabilities" sh -c "$O -O OpenFlow13 show br0 | grep -q '^capabilities: FLOW_STATS TABLE_STATS PORT_STATS GROUP_STATS'"
check "OF1.0 actions line" sh -c "$O -O OpenFlow10 show br0 | grep -q '^actions: output '"
check "default negotiates OF1.3" sh -c "$O show br0 | grep -q '(OF1.3)'"

echo "=== traffic and counters"
check "flow 1->2" $O add-flow br0 "in_port=1,actions=output:2"
check "flow 2->1" $O add-flow br0 "in_port=2,actions=output:1"
check "ping through the bridge" ip netns exec h1 ping -c 3 -W 2 10.0.0.2
$O dump-flows br0 >/tmp/out
cat /tmp/out
check "n_packets counted" grep -q "n_packets=[1-9][0-9]*, n_bytes=[1-9][0-9]*, in_port=1 actions=output:2" /tmp/out
# Counters from the kernel datapath are collected lazily: read until
# ovs-ofctl says the same before and after our reading.
npk()
{
	sed -n 's/.*n_packets=\([0-9]*\).*in_port=1 .*/\1/p'
}
for i in 1 2 3 4 5 6 7 8 9 10; do
	before=$(ovs-ofctl dump-flows br0 | npk)
	ours=$($O dump-flows br0 | npk)
	after=$(ovs-ofctl dump-flows br0 | npk)
	[ "$before" = "$ours" ] && [ "$ours" = "$after" ] && break
	sleep 1
done
check "n_packets as ovs-ofctl ($before, $ours, $after)" \
	[ "$before" = "$ours" -a "$ours" = "$after" ]
for V in OpenFlow10 OpenFlow13; do
	$O -O $V dump-ports br0 >/tmp/out
	cat /tmp/out
	check "$V dump-ports header" grep -q "^OFPST_PORT reply.*: 3 ports$" /tmp/out
	check "$V port 1 rx counted" grep -q "^  port  1: rx pkts=[1-9]" /tmp/out
	check "$V port LOCAL" grep -q "^  port LOCAL: rx pkts=" /tmp/out
	check "$V tx line" grep -q "^           tx pkts=[0-9]*, bytes=[0-9]*, drop=[0-9?]*, errs=[0-9?]*, coll=[0-9?]*$" /tmp/out
	$O -O $V dump-ports br0 2 >/tmp/out
	check "$V dump-ports one port" grep -q "^OFPST_PORT reply.*: 1 ports$" /tmp/out
	check "$V port 2 only" grep -q "^  port  2: " /tmp/out
done
for i in 1 2 3 4 5 6 7 8 9 10; do
	ovs-ofctl dump-ports br0 1 | grep "rx pkts" | sed 's/^ *//' >/tmp/out.ovs
	$O -O OpenFlow10 dump-ports br0 1 | grep "rx pkts" | sed 's/^ *//' >/tmp/out.fsw
	cmp -s /tmp/out.ovs /tmp/out.fsw && break
	sleep 1
done
check "port 1 counters as ovs-ofctl" cmp /tmp/out.ovs /tmp/out.fsw
check "duration in OF1.3" sh -c "$O -O OpenFlow13 dump-ports br0 1 | grep -q 'duration=[0-9]*\.[0-9]\{3\}s'"
expect_fail "bad port" "bad port" $O dump-ports br0 nosuchport

echo "=== dump-tables"
$O -O OpenFlow13 dump-tables br0 >/tmp/out
cat /tmp/out
check "table 0 has 2 flows" grep -A1 "^  table 0:" /tmp/out | grep -q "active=2, lookup=[0-9]*, matched=[0-9]*"
check "ditto line" grep -q "^  tables [0-9]*\.\.\.253: ditto$" /tmp/out
$O -O OpenFlow10 dump-tables br0 >/tmp/out
check "OF1.0 max_entries" grep -q "max_entries=" /tmp/out

echo "=== packet-out"
# A broadcast ARP request from 02:00:00:00:00:09 for 10.0.0.1.
PKT=ffffffffffff02000000000908060001080006040001020000000009c0a80009000000000000$(printf 0a000001)
rx_before=$(cat /sys/class/net/v1/statistics/tx_packets)
check "packet-out (old form)" $O packet-out br0 LOCAL output:1 $PKT
check "packet-out (3.1 form)" $O packet-out br0 "in_port=LOCAL packet=$PKT actions=output:1"
check "packet-out OF1.0" $O -O OpenFlow10 packet-out br0 CONTROLLER output:1 $PKT
sleep 1
rx_after=$(cat /sys/class/net/v1/statistics/tx_packets)
check "three packets left through v1 ($rx_before -> $rx_after)" [ $((rx_after - rx_before)) -ge 3 ]
expect_fail "packet-out bad hex" "hex digit" $O packet-out br0 LOCAL output:1 0g11
expect_fail "packet-out bad action" "outptu" $O packet-out br0 LOCAL outptu:1 $PKT
expect_fail "packet-out switch error" "OFPET_BAD_ACTION" \
	$O -O OpenFlow13 packet-out br0 LOCAL group:77 $PKT

echo "=== groups"
expect_fail "groups need OF1.3" "needs OpenFlow 1.3" \
	$O -O OpenFlow10 dump-groups br0
check "add-group all" $O add-group br0 "group_id=1,type=all,bucket=output:1,bucket=output:2"
check "add-group select" $O add-group br0 \
	"group_id=2,type=select,bucket=weight:10,actions=output:1,bucket=weight=20,watch_port=2,actions=output:2"
check "add-group ff" $O add-group br0 \
	"group_id=3,type=fast_failover,bucket=watch_port:1,actions=output:1,bucket=watch_port:2,actions=output:2"
ovs-ofctl -O OpenFlow13 dump-groups br0 | tail -n +2 | sort >/tmp/out.ovs
$O dump-groups br0 >/tmp/out
cat /tmp/out
tail -n +2 /tmp/out | sort >/tmp/out.fsw
check "dump-groups as ovs-ofctl" cmp /tmp/out.ovs /tmp/out.fsw
check "dump-groups header" grep -q "^OFPST_GROUP_DESC reply (OF1.3) (xid=0x[0-9a-f]*):$" /tmp/out
check "one group" sh -c "[ \$($O dump-groups br0 2 | grep -c group_id=) = 1 ]"
expect_fail "duplicate group: switch error" "OFPGMFC_GROUP_EXISTS" \
	$O add-group br0 "group_id=1,type=all,bucket=output:1"
expect_fail "bad group type" "bogus" $O add-group br0 "group_id=9,type=bogus"
check "flow using a group" $O add-flow br0 "priority=9,ip,actions=group:1"
check "mod-group" $O mod-group br0 "group_id=1,type=all,bucket=output:2"
check "mod-group took" sh -c "ovs-ofctl -O OpenFlow13 dump-groups br0 | grep -q 'group_id=1,type=all,bucket=actions=output:2$'"
check "del-groups one" $O del-groups br0 group_id=2
check "two groups left" [ "$(ovs-ofctl -O OpenFlow13 dump-groups br0 | grep -c group_id)" = 2 ]
check "del-groups all" $O del-groups br0
check "no groups left" [ "$(ovs-ofctl -O OpenFlow13 dump-groups br0 | grep -c group_id)" = 0 ]
check "deleting group 1 removed its flow" [ "$(n_flows br0 ip)" = 0 ]

echo "=== errors"
ovs-ofctl del-flows br0
expect_fail "unknown field" '"foo"' $O add-flow br0 "ip,foo=1,actions=drop"
expect_fail "unknown action" '"outpt"' $O add-flow br0 "ip,actions=outpt:3"
expect_fail "missing prerequisite" "tp_dst" $O add-flow br0 "tp_dst=80,actions=drop"
expect_fail "unknown command" "unknown command" $O add-flowz br0 x
expect_fail "bad protocol" "OpenFlow12" $O -O OpenFlow12 show br0
printf '%s\n' "priority=1,ip,actions=drop" "priority=2,arp,actions=drop" \
	"priority=3,ip,nw_dst=1.2.3.400,actions=drop" >/tmp/bad.flows
expect_fail "add-flows bad line" "line 3" $O add-flows br0 /tmp/bad.flows
check "bad syntax sent nothing" [ "$(n_flows br0)" = 0 ]
expect_fail "OF1.3 switch error" "OFPET_BAD_ACTION/.*BAD_OUT_GROUP" \
	$O -O OpenFlow13 add-flow br0 "actions=group:55"
grep -q "in reply to: actions=group:55" /tmp/ef.err || fail "error names the flow"
expect_fail "OF1.0 switch error" "OFPET_BAD_ACTION/.*BAD_OUT_PORT" \
	$O -O OpenFlow10 add-flow br0 "actions=output:65280"
expect_fail "OF1.0 cannot express a table" "cannot be sent in OpenFlow 1.0" \
	$O -O OpenFlow10 add-flow br0 "table=1,actions=drop"
check "errors added nothing" [ "$(n_flows br0)" = 0 ]
# Errors in a batch: the good flows go in, each bad one is reported.
printf '%s\n' "priority=1,ip,actions=drop" "priority=2,actions=group:66" \
	"priority=3,arp,actions=drop" >/tmp/mixed.flows
expect_fail "batch with a switch error" "group:66" \
	$O -O OpenFlow13 add-flows br0 /tmp/mixed.flows
check "the others were added" [ "$(n_flows br0)" = 2 ]
exit 0
