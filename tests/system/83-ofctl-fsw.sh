#!/bin/sh
# fsw-ofctl against Flowswitch's own daemon: fsw-vswitchd on
# flowswitch.ko, reached through its bridge management socket.  Skipped
# while fsw-vswitchd does not serve OpenFlow there.
. ./lib.sh
. ./fswd-ofctl-setup.sh
for P in OpenFlow10 OpenFlow13; do
	echo "=== $P"
	$O -O $P show br0 >/tmp/out || fail "$P show"
	cat /tmp/out
	check "$P show: features" grep -q "^OFPT_FEATURES_REPLY.*dpid:" /tmp/out
	check "$P show: v1" grep -q "(v1): addr:" /tmp/out
	check "$P show: v2" grep -q "(v2): addr:" /tmp/out
	check "$P show: local" grep -q "^ LOCAL(br0)" /tmp/out
	check "$P del-flows" $O -O $P del-flows br0
	check "$P add-flow" $O -O $P add-flow br0 \
		"priority=100,ip,nw_dst=10.0.0.0/24,actions=output:2"
	printf '%s\n' "priority=5,arp,actions=drop" \
		"priority=6,udp,tp_dst=53,actions=output:1" >/tmp/flows
	check "$P add-flows" $O -O $P add-flows br0 /tmp/flows
	$O -O $P --no-stats dump-flows br0 >/tmp/out
	cat /tmp/out
	check "$P three flows" [ "$(grep -c actions= /tmp/out)" = 3 ]
	check "$P flow text" grep -q "^ priority=100,ip,nw_dst=10.0.0.0/24 actions=output:2$" /tmp/out
	check "$P mod-flows" $O -O $P mod-flows br0 "udp,actions=drop"
	check "$P mod took" sh -c "$O -O $P --no-stats dump-flows br0 udp | grep -q 'tp_dst=53 actions=drop'"
	check "$P strict del, wrong priority" $O -O $P --strict del-flows br0 arp
	check "$P nothing deleted" [ "$($O -O $P --no-stats dump-flows br0 | grep -c actions=)" = 3 ]
	check "$P strict del" $O -O $P --strict del-flows br0 "priority=5,arp"
	check "$P one deleted" [ "$($O -O $P --no-stats dump-flows br0 | grep -c actions=)" = 2 ]
	check "$P dump-ports" sh -c "$O -O $P dump-ports br0 | grep -q '^  port LOCAL: rx pkts='"
	check "$P dump-tables" sh -c "$O -O $P dump-tables br0 | grep -q '^  table 0:'"
	check "$P del-flows all" $O -O $P del-flows br0
	check "$P empty" [ -z "$($O -O $P --no-stats dump-flows br0)" ]
done

echo "=== groups"
check "add-group" $O add-group br0 "group_id=1,type=all,bucket=output:1,bucket=output:2"
check "dump-groups" sh -c "$O dump-groups br0 | grep -q '^ group_id=1,type=all,bucket=actions=output:1,bucket=actions=output:2$'"
if $O add-group br0 "group_id=1,type=all,bucket=output:1" 2>/tmp/err; then
	fail "duplicate group accepted"
fi
cat /tmp/err
check "duplicate group: decoded error" grep -q "OFPGMFC_GROUP_EXISTS" /tmp/err
check "del-groups" $O del-groups br0
check "no groups" [ "$($O dump-groups br0 | grep -c group_id)" = 0 ]

echo "=== errors"
if $O add-flow br0 "actions=group:55" 2>/tmp/err; then
	fail "flow to a missing group accepted"
fi
cat /tmp/err
check "switch error decoded" grep -q "OFPT_ERROR.*OFPET_" /tmp/err
if $O add-flow br0 "ip,foo=1,actions=drop" 2>/tmp/err; then
	fail "bad flow accepted"
fi
check "bad syntax names the token" grep -q '"foo"' /tmp/err
check "nothing added" [ -z "$($O --no-stats dump-flows br0)" ]
exit 0
