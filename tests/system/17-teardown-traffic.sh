#!/bin/sh
# Tearing the datapath down while traffic flows through it.  Two hosts
# flood-ping each other through flows; a third stream (to an address no
# flow matches) and the host's own traffic on the local port make misses
# that go up as upcalls.  Under that load, round after round: delete one
# flow, flush the flows, delete a port, delete a veth that is a port,
# delete the datapath; finally rmmod flowswitch.ko with traffic flowing.
# No oops or warning (the runner checks), no leaked reference (the module
# unloads), and afterwards a new datapath switches pings again.
. ./lib.sh
. ./dplib.sh
command -v ovs-dpctl >/dev/null || { echo "no ovs-dpctl"; exit 77; }
ping -V 2>&1 | grep -q iputils || { echo "no iputils ping (for -f)"; exit 77; }

ARP1="in_port(1),eth(),eth_type(0x0806)"
ARP2="in_port(2),eth(),eth_type(0x0806)"
IP1="in_port(1),eth(),eth_type(0x0800),ipv4(dst=10.0.0.2,proto=1)"
IP2="in_port(2),eth(),eth_type(0x0800),ipv4(dst=10.0.0.1,proto=1)"
PIDS=

add_flows()
{
	ovs-dpctl add-flow dp0 "$ARP1" 2 &&
	ovs-dpctl add-flow dp0 "$ARP2" 1 &&
	ovs-dpctl add-flow dp0 "$IP1" 2 &&
	ovs-dpctl add-flow dp0 "$IP2" 1
}

setup_dp()
{
	check "add-dp" ovs-dpctl add-dp dp0
	check "add-if v1" ovs-dpctl add-if dp0 v1
	check "add-if v2" ovs-dpctl add-if dp0 v2
	check "flows" add_flows
	# Per-port upcall PIDs, after the last ovs-dpctl: it asks for per-CPU
	# dispatch whenever it opens the datapath and sets no per-CPU PIDs,
	# so every miss would be lost without an upcall.
	check "per-port upcalls" "$NLREQ" ovs_datapath set dp=dp0 \
		user_features=u32:3
	# The local port carries the host's own traffic into the datapath.
	ip addr add 10.0.1.3/24 dev dp0
	ip link set dp0 up
	ip neigh replace 10.0.1.1 lladdr 02:00:00:00:00:01 dev dp0 nud permanent
}

bg()
{
	"$@" >/dev/null 2>&1 &
	PIDS="$PIDS $!"
}

# Flood pings both ways (flow hits), a flood to 10.0.0.9 which no flow
# matches and the host's pings out of the local port (misses), and
# listeners that take the upcalls of the three ports.
start_traffic()
{
	for p in v1 v2 dp0; do
		"$NLREQ" -U $p -t 30 >/tmp/up.$p 2>&1 &
		PIDS="$PIDS $!"
	done
	# The floods below starve slow starters: let the listeners set up.
	for p in v1 v2 dp0; do
		check "upcall listener on $p" wait_for grep -q upcall_pid /tmp/up.$p
	done
	bg ip netns exec h1 ping -f -q 10.0.0.2
	bg ip netns exec h2 ping -f -q 10.0.0.1
	bg ip netns exec h1 ping -f -q 10.0.0.9
	bg ping -f -q -I dp0 10.0.1.1
}

stop_traffic()
{
	[ -n "$PIDS" ] && kill $PIDS 2>/dev/null
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
	PIDS=
}

packets_of()
{
	ovs-dpctl dump-flows dp0 | grep -F "dst=$1" |
		sed -n 's/.*packets:\([0-9]*\),.*/\1/p'
}

new_veth1()
{
	ip link add name v1 type veth peer name e1
	ip link set e1 netns h1
	ip -n h1 addr add 10.0.0.1/24 dev e1
	ip -n h1 link set e1 address 02:00:00:00:00:01
	ip -n h1 link set e1 up
	ip link set v1 up
}

port_gone()
{
	! ovs-dpctl show dp0 | grep -q "port [0-9]*: v1\$"
}

fsw_load
two_hosts
ip -n h1 neigh replace 10.0.0.9 lladdr 02:00:00:00:00:09 dev e1 nud permanent

for round in 1 2 3; do
	echo "--- round $round"
	setup_dp
	start_traffic
	sleep 2
	n=$(packets_of 10.0.0.2)
	echo "1->2 flow: ${n:-none} packets"
	check "round $round: traffic flows through the flows" test "${n:-0}" -gt 10
	ovs-dpctl show dp0 >/tmp/show
	grep -E 'lookups|flows' /tmp/show
	missed=$(sed -n 's/.*missed:\([0-9]*\).*/\1/p' /tmp/show)
	lost=$(sed -n 's/.*lost:\([0-9]*\).*/\1/p' /tmp/show)
	check "round $round: misses went up as upcalls" test "$missed" -gt "$lost"
	check "delete one flow" ovs-dpctl del-flow dp0 "$IP1"
	sleep 0.5
	check "put it back" ovs-dpctl add-flow dp0 "$IP1" 2
	check "flush the flows" ovs-dpctl del-flows dp0
	sleep 0.5
	check "flows back" add_flows
	check "delete port v2" ovs-dpctl del-if dp0 v2
	sleep 0.5
	check "add v2 again" ovs-dpctl add-if dp0 v2
	check "delete veth v1 while it is a port" ip link del v1
	check "its port goes away" wait_for port_gone
	new_veth1
	ip -n h1 neigh replace 10.0.0.9 lladdr 02:00:00:00:00:09 dev e1 nud permanent
	check "add the new v1" ovs-dpctl add-if dp0 v1
	sleep 0.5
	check "delete the datapath under traffic" ovs-dpctl del-dp dp0
	stop_traffic
done

# The host's misses on the local port while the datapath goes, with RTNL
# contended so that deleting the local port's device takes a while.
echo "--- del-dp under local-port misses"
bg sh -c 'while :; do ip link show >/dev/null; done'
for i in 1 2 3 4 5 6 7 8 9 10; do
	ovs-dpctl add-dp dp0 || fail "add-dp $i"
	"$NLREQ" ovs_datapath set dp=dp0 user_features=u32:3 >/dev/null ||
		fail "per-port upcalls $i"
	ip addr add 10.0.1.3/24 dev dp0
	ip link set dp0 up
	ip neigh replace 10.0.1.1 lladdr 02:00:00:00:00:01 dev dp0 nud permanent
	"$NLREQ" -U dp0 -t 30 >/dev/null 2>&1 &
	lp=$!
	ping -f -q -I dp0 10.0.1.1 >/dev/null 2>&1 &
	pp=$!
	sleep 0.3
	ovs-dpctl del-dp dp0 || fail "del-dp $i"
	kill $lp $pp 2>/dev/null
	wait $lp $pp 2>/dev/null
done
stop_traffic
echo "ok: 10 datapaths deleted under local-port misses"

echo "--- rmmod under traffic"
setup_dp
start_traffic
sleep 2
check "rmmod with the datapath busy" rmmod flowswitch
sleep 0.5
stop_traffic
# (Not ovs-dpctl: asking for a missing family would load openvswitch.ko.)
check "its local port went with it" test ! -e /sys/class/net/dp0

echo "--- it works again"
fsw_load
setup_dp
check "ping through the new datapath" ip netns exec h1 ping -c 3 -i 0.2 -W 2 10.0.0.2
check "del-dp" ovs-dpctl del-dp dp0
two_hosts_cleanup
check "unload" rmmod flowswitch
exit 0
