#!/bin/sh
# fsw-ofctl flow commands against Debian's ovs-vswitchd: add-flow,
# add-flows (file and stdin), dump-flows (cross-checked with ovs-ofctl),
# mod-flows and del-flows, strict and not, in OpenFlow 1.0 and 1.3.
. ./lib.sh
. ./ofctllib.sh
ofctl_need
trap 'ovs_stop' EXIT
ovs_start
ovs_bridge br0
O=$OFCTL

for V in OpenFlow10 OpenFlow13; do
	echo "=== $V"
	ovs-ofctl del-flows br0
	check "$V add-flow" $O -O $V add-flow br0 \
		"priority=100,ip,nw_dst=10.0.0.0/24,actions=output:2"
	check "$V add-flow with settings" $O -O $V add-flow br0 \
		"hard_timeout=600,cookie=0x7,priority=11,icmp,icmp_type=8,actions=CONTROLLER:64"
	cat >/tmp/flows <<-'EOT'
	# a comment, then a blank line

	priority=5,in_port=1,dl_src=00:11:22:33:44:55,actions=drop
	priority=8,udp,nw_src=192.168.0.0/16,tp_src=53,actions=output:1,output:LOCAL
	priority=9,dl_vlan=10,actions=output:1   # trailing comment
	priority=200,tcp,nw_src=10.1.0.0/16,tp_dst=80,actions=NORMAL
	EOT
	check "$V add-flows FILE" $O -O $V add-flows br0 /tmp/flows
	check "$V six flows" [ "$(n_flows br0)" = 6 ]
	same_flows "$V dump-flows equals ovs-ofctl's" -O $V br0
	$O -O $V dump-flows br0 >/tmp/out
	cat /tmp/out
	check "$V header" grep -q "^OFPST_FLOW reply.*(xid=0x[0-9a-f]*):$" /tmp/out
	check "$V stats line" grep -Eq "^ cookie=0x0, duration=[0-9]+\.[0-9]{3}s, table=0, n_packets=0, n_bytes=0, .*priority=100,ip,nw_dst=10.0.0.0/24 actions=output:2$" /tmp/out
	check "$V cookie and hard_timeout" grep -q "cookie=0x7,.* hard_timeout=600, .*priority=11,icmp,icmp_type=8 actions=CONTROLLER:64" /tmp/out

	# Filters.
	$O -O $V --no-stats dump-flows br0 "ip,nw_src=10.1.0.0/16" >/tmp/out
	check "$V filtered dump" [ "$(grep -c actions= /tmp/out)" = 1 ]
	check "$V filtered dump: the tcp flow" grep -q "tp_dst=80 actions=NORMAL" /tmp/out
	$O -O $V --no-stats dump-flows br0 "udp" >/tmp/out
	check "$V dump udp" [ "$(grep -c actions= /tmp/out)" = 1 ]
	if [ $V = OpenFlow13 ]; then
		$O -O $V --no-stats dump-flows br0 "cookie=0x7/-1" >/tmp/out
		check "$V dump by cookie" grep -q "icmp_type=8" /tmp/out
		check "$V dump by cookie: one" [ "$(grep -c actions= /tmp/out)" = 1 ]
	else
		expect_fail "$V has no cookie filter" "cannot be sent" \
			$O -O $V dump-flows br0 "cookie=0x7/-1"
	fi

	# mod-flows: non-strict changes every flow at least as specific.
	check "$V mod-flows ip" $O -O $V mod-flows br0 "ip,actions=output:3"
	ovs-ofctl dump-flows br0 >/tmp/out
	cat /tmp/out
	check "$V mod-flows changed the ip flows" \
		[ "$(grep -c 'actions=output:3' /tmp/out)" = 4 ]
	check "$V mod-flows left the rest" grep -q "dl_vlan=10 actions=output:1" /tmp/out
	check "$V mod-flows --strict" $O -O $V --strict mod-flows br0 \
		"priority=100,ip,nw_dst=10.0.0.0/24,actions=output:4"
	ovs-ofctl dump-flows br0 >/tmp/out
	check "$V strict mod changed one" [ "$(grep -c 'actions=output:4' /tmp/out)" = 1 ]
	check "$V strict mod: right one" grep -q "nw_dst=10.0.0.0/24 actions=output:4" /tmp/out
	same_flows "$V dump after mod equals ovs-ofctl's" -O $V br0

	# del-flows --strict needs the exact match and priority.
	check "$V del-flows --strict, wrong priority" $O -O $V --strict \
		del-flows br0 "ip,nw_dst=10.0.0.0/24"
	check "$V nothing deleted" [ "$(n_flows br0)" = 6 ]
	check "$V del-flows --strict" $O -O $V --strict del-flows br0 \
		"priority=100,ip,nw_dst=10.0.0.0/24"
	check "$V one deleted" [ "$(n_flows br0)" = 5 ]
	check "$V del-flows non-strict" $O -O $V del-flows br0 "ip"
	check "$V ip flows gone" [ "$(n_flows br0)" = 2 ]
	check "$V non-ip flows stay" [ "$(ovs-ofctl dump-flows br0 | grep -c 'in_port=1\|dl_vlan=10')" = 2 ]
	check "$V del-flows all" $O -O $V del-flows br0
	check "$V empty" [ "$(n_flows br0)" = 0 ]
done

echo "=== OpenFlow 1.3 only"
check "add-flows from stdin, tables" sh -c "printf '%s\n' \
	'table=0,priority=1,actions=goto_table:1' \
	'table=1,priority=2,ip,actions=output:1' \
	'table=1,cookie=0x10,priority=3,arp,actions=write_actions(output:2)' | \
	$O -O OpenFlow13 add-flows br0 -"
check "three flows" [ "$(n_flows -O OpenFlow13 br0)" = 3 ]
same_flows "multi-table dump equals ovs-ofctl's" -O OpenFlow13 br0
$O --no-stats dump-flows br0 table=1 >/tmp/out
cat /tmp/out
check "dump table=1" [ "$(grep -c actions= /tmp/out)" = 2 ]
check "table shown without stats" grep -q "table=1" /tmp/out
check "del-flows table=1" $O -O OpenFlow13 del-flows br0 table=1
check "table 0 flow left" [ "$(n_flows -O OpenFlow13 br0)" = 1 ]
check "del-flows by cookie" $O del-flows br0 "cookie=0x0/-1"
check "empty again" [ "$(n_flows -O OpenFlow13 br0)" = 0 ]

echo "=== flows added by ovs-ofctl are read back by fsw-ofctl"
ovs-ofctl -O OpenFlow13 add-flow br0 "priority=42,tcp,tp_src=22,actions=drop"
$O --no-stats dump-flows br0 >/tmp/out
check "ovs-ofctl's flow" grep -q "priority=42,tcp,tp_src=22 actions=drop" /tmp/out
exit 0
