# Body of the fsw-dpctl system tests (41 on openvswitch.ko, 43 on
# flowswitch.ko), sourced after lib.sh with the module loaded.  Results
# are cross-checked with Debian's ovs-dpctl where it is installed:
# datapaths, ports and flows made by one tool are seen (and removed) by
# the other.  FLOWS=no skips the flow part.
D=$B/utilities/fsw-dpctl
[ -x "$D" ] || { echo "fsw-dpctl not built"; exit 77; }
modprobe veth
OVS=$(command -v ovs-dpctl)
out=/tmp/dpctl.out

cleanup()
{
	$D del-dp dpc0 2>/dev/null
	$D del-dp dpc1 2>/dev/null
	ip link del dpv0 2>/dev/null
}
trap cleanup EXIT
ip link add dpv0 type veth peer name dpv0-p
ip link set dpv0 up

check "add-dp" $D add-dp dpc0
check_not "add-dp twice fails" $D add-dp dpc0
check "add-if netdev" $D add-if dpc0 dpv0
check "add-if internal with port_no" $D add-if dpc0 dpci,type=internal,port_no=5
check "internal device exists" ip link show dpci
check_not "add-if missing device fails" $D add-if dpc0 nosuchdev
check_not "add-if bad option fails" $D add-if dpc0 dpv0,colour=blue
$D show dpc0 >$out
cat $out
check "show: header" grep -qx "system@dpc0:" $out
check "show: local port" grep -qx "  port 0: dpc0 (internal)" $out
check "show: netdev port" grep -qx "  port 1: dpv0" $out
check "show: internal port" grep -qx "  port 5: dpci (internal)" $out
check "show: flows" grep -qx "  flows: 0" $out
check "show: lookups" grep -q "^  lookups: hit:0 missed:[0-9]* lost:[0-9]*$" $out
$D -s show dpc0 >$out
check "show -s: port stats" grep -q "RX packets:" $out
$D dump-dps >$out
check "dump-dps" grep -qx "system@dpc0" $out

if [ -n "$OVS" ] && [ "${FLOWS:-yes}" = yes ]; then
	$OVS show >$out
	cat $out
	check "ovs-dpctl sees our ports" grep -q "port 5: dpci (internal)" $out
	check "ovs-dpctl add-flow" $OVS add-flow dpc0 \
		"in_port(1),eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02),eth_type(0x88b5)" 5
	$D dump-flows dpc0 >$out
	cat $out
	check "dump-flows: one flow" [ "$(wc -l <$out)" = 1 ]
	check "dump-flows: in_port" grep -q "in_port(1)" $out
	check "dump-flows: stats" grep -q "packets:0, bytes:0, used:never" $out
	check "dump-flows: actions" grep -q "actions:5$" $out
	check "dump-flows: key text" grep -q "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02),eth_type(0x88b5)" $out
	check "del-flows" $D del-flows dpc0
	F="in_port(1),eth(src=02:00:00:00:00:03,dst=02:00:00:00:00:04),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,tos=0,ttl=64,frag=no),tcp(src=1000,dst=80),tcp_flags(0)"
	check "add-flow" $D add-flow dpc0 "$F" "push_vlan(vid=10,pcp=0),1,5"
	check_not "add-flow twice fails" $D add-flow dpc0 "$F" 1
	check_not "add-flow bad flow fails" $D add-flow dpc0 "in_port(1),frob(3)" 1
	check_not "add-flow bad actions fails" $D add-flow dpc0 "$F" "frob"
	$OVS dump-flows dpc0 >$out
	cat $out
	check "ovs-dpctl sees it" grep -q "tcp(src=1000,dst=80)" $out
	check "ovs-dpctl sees its actions" grep -q "actions:push_vlan(vid=10,pcp=0),1,5" $out
	$D get-flow dpc0 "$F" >$out
	cat $out
	check "get-flow" grep -q "ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6" $out
	check "mod-flow" $D mod-flow dpc0 "$F" 5
	check "mod-flow took" sh -c "$OVS dump-flows dpc0 | grep -q 'actions:5\$'"
	check_not "mod-flow missing fails" $D mod-flow dpc0 "in_port(1),eth(src=02:00:00:00:00:09,dst=02:00:00:00:00:04),eth_type(0x88b5)" 5
	check "mod-flow --may-create" $D --may-create mod-flow dpc0 "in_port(1),eth(src=02:00:00:00:00:09,dst=02:00:00:00:00:04),eth_type(0x88b5)" 5
	check "del-flow" $D del-flow dpc0 "$F"
	check_not "del-flow again fails" $D del-flow dpc0 "$F"
	check "one flow left" [ "$($D dump-flows dpc0 | wc -l)" = 1 ]
	check "del-flows" $D del-flows dpc0
	check "ovs-dpctl sees no flows" [ -z "$($OVS dump-flows dpc0)" ]
	check "ovs-dpctl add-dp" $OVS add-dp dpc1
	$D show >$out
	check "show lists both" grep -qx "system@dpc1:" $out
	check_not "dump-flows needs a DP with two" $D dump-flows
	check "del-dp ovs-made dp" $D del-dp dpc1
fi

check "del-if" $D del-if dpc0 dpci
check_not "internal device gone" ip link show dpci
check_not "del-if again fails" $D del-if dpc0 dpci
check_not "del-if local port fails" $D del-if dpc0 dpc0
[ "${FLOWS:-yes}" = yes ] && check "dump-flows default dp" $D dump-flows
check "del-dp" $D del-dp dpc0
check_not "del-dp again fails" $D del-dp dpc0
$D show dpc0 2>$out
check "error message names the dp" grep -q 'opening "dpc0" failed (No such device)' $out
check_not "unknown command fails" $D frobnicate
