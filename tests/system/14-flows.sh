#!/bin/sh
# Flows: installed with Debian's ovs-dpctl and by hand, packets switched
# by them between two namespaces, counters, set actions with checksum
# fixes, and the errors malformed flows get.
. ./lib.sh
. ./dplib.sh
command -v ovs-dpctl >/dev/null || { echo "no ovs-dpctl"; exit 77; }
fsw_load
two_hosts
check "add-dp" ovs-dpctl add-dp dp0
check "add-if v1" ovs-dpctl add-if dp0 v1
check "add-if v2" ovs-dpctl add-if dp0 v2
check_not "no flows: no ping" ip netns exec h1 ping -c 1 -W 1 10.0.0.2

IP1="in_port(1),eth(),eth_type(0x0800),ipv4(dst=10.0.0.2)"
IP2="in_port(2),eth(),eth_type(0x0800),ipv4(dst=10.0.0.1)"
check "ARP 1->2" ovs-dpctl add-flow dp0 "in_port(1),eth(),eth_type(0x0806)" 2
check "ARP 2->1" ovs-dpctl add-flow dp0 "in_port(2),eth(),eth_type(0x0806)" 1
check "IPv4 1->2" ovs-dpctl add-flow dp0 "$IP1" 2
check "IPv4 2->1" ovs-dpctl add-flow dp0 "$IP2" 1
check "with flows: ping works" ip netns exec h1 ping -c 3 -i 0.2 -W 2 10.0.0.2
# A flow whose packets an installed flow already takes is refused with
# EEXIST (as openvswitch.ko), whatever its mask.
check "overlapping flow: File exists" sh -c "ovs-dpctl add-flow dp0 \
	'in_port(1),eth(),eth_type(0x0800),ipv4(dst=10.0.0.2,proto=1)' 1 2>&1 |
	grep -q 'File exists'"
check "same flow again: File exists" sh -c "ovs-dpctl add-flow dp0 '$IP1' 2 2>&1 |
	grep -q 'File exists'"
ovs-dpctl dump-flows dp0 >/tmp/flows
cat /tmp/flows
# The request of the failed ping may still sit in h1's ARP queue and
# cross once ARP works: 3 or 4 requests.
check "1->2 counted the requests" grep -Eq 'ipv4\(dst=10.0.0.2\), packets:(3, bytes:294|4, bytes:392), used:[0-9.]*s, actions:2' /tmp/flows
check "2->1 counted the replies" grep -Eq 'ipv4\(dst=10.0.0.1\), packets:(3, bytes:294|4, bytes:392), used:[0-9.]*s, actions:1' /tmp/flows
ovs-dpctl show dp0 >/tmp/show
cat /tmp/show
check "show: 4 flows" grep -q 'flows: 4' /tmp/show
check "show: lookups hit" grep -q 'lookups: hit:[1-9]' /tmp/show
check "show: 2 masks" grep -q 'masks: hit:[0-9]* total:2 ' /tmp/show

# set(ipv4(ttl)) on the replies: the IPv4 checksum must follow.
check "replies get ttl 33" ovs-dpctl mod-flow dp0 "$IP2" "set(ipv4(ttl=33)),1"
out=$(ip netns exec h1 ping -c 1 -W 2 10.0.0.2)
echo "$out"
check "reply arrived with ttl=33" sh -c "echo '$out' | grep -q 'ttl=33'"
check "mod-flow back" ovs-dpctl mod-flow dp0 "$IP2" 1
check "rewrite h1's source MAC on the way" ovs-dpctl mod-flow dp0 "$IP1" \
	"set(eth(src=02:00:00:00:00:77)),2"
ip -n h2 neigh flush dev e2
check "ping with rewritten MAC" ip netns exec h1 ping -c 1 -W 2 10.0.0.2
check "mod-flow back" ovs-dpctl mod-flow dp0 "$IP1" 2
check "del-flow" ovs-dpctl del-flow dp0 "$IP1"
check_not "without it, no ping" ip netns exec h1 ping -c 1 -W 1 10.0.0.2
check "del-flows" ovs-dpctl del-flows dp0
check "no flows left" test -z "$(ovs-dpctl dump-flows dp0)"

# By hand: keys and actions as raw netlink.
INPORT1=$(nla 3 "$(le32 1)")
ETH_IP=$(nla 6 0800)
ETH_ARP=$(nla 6 0806)
IPV4=$(nla 7 0a0000010a00000201000000)	# 10.0.0.1 > 10.0.0.2 proto 1
OUT2=$(nla 1 "$(le32 2)")
K="key=hex:$INPORT1$ETH_IP$IPV4"
A="actions=hex:$OUT2"
UFID=00112233445566778899aabbccddeeff
check "create by hand" req ovs_flow new dp=dp0 "$K" "$A"
check "reply has actions" has "actions=$OUT2"
check "same flow with NLM_F_EXCL: EEXIST" expect_err EEXIST -F 0x600 \
	ovs_flow new dp=dp0 "$K" "$A"
check "same flow with NLM_F_CREATE: EEXIST" expect_err EEXIST -F 0x400 \
	ovs_flow new dp=dp0 "$K" "$A"
check "same flow without flags: modified" req ovs_flow new dp=dp0 "$K" "$A"
check "get it by key" req ovs_flow get dp=dp0 "$K"
check "delete it by key" req ovs_flow del dp=dp0 "$K"
check "get it again: ENOENT" expect_err ENOENT ovs_flow get dp=dp0 "$K"
check "create with a UFID" req ovs_flow new dp=dp0 "$K" "$A" ufid=hex:$UFID
check "get by UFID, omitting key, mask and actions" req ovs_flow get \
	dp=dp0 ufid=hex:$UFID ufid_flags=u32:7
check "reply has the UFID" has "ufid=$UFID"
check_not "reply omits the key" sh -c "echo '$OUT' | grep -q ' key='"
check_not "reply omits the actions" sh -c "echo '$OUT' | grep -q ' actions='"
check "unknown UFID flag: EINVAL" expect_err EINVAL ovs_flow get dp=dp0 \
	ufid=hex:$UFID ufid_flags=u32:8
check "17-byte UFID: ERANGE" expect_err ERANGE ovs_flow get dp=dp0 \
	ufid=hex:${UFID}00
check "dump shows one flow" req -d ovs_flow get dp=dp0
check "one" test "$(echo "$OUT" | grep -c '^get ')" = 1
check "flush with an empty DEL" req ovs_flow del dp=dp0
check "nothing left" req -d ovs_flow get dp=dp0
check "empty dump" test -z "$OUT"
check "unknown dp: ENODEV" expect_err ENODEV ovs_flow new hdr=9999 "$K" "$A"
check "no actions: EINVAL" expect_err EINVAL ovs_flow new dp=dp0 "$K"
check "no key: EINVAL" expect_err EINVAL ovs_flow new dp=dp0 "$A"
check "key attribute 29 (packet type): EINVAL" expect_err EINVAL ovs_flow \
	new dp=dp0 "key=hex:$INPORT1$(nla 29 00000000)" "$A"
check "key attribute 30 (ND extensions): EINVAL" expect_err EINVAL \
	ovs_flow new dp=dp0 "key=hex:$INPORT1$(nla 30 0000000000000000)" "$A"
check "unknown key attribute 40: EINVAL" expect_err EINVAL ovs_flow new \
	dp=dp0 "key=hex:$INPORT1$(nla 40 00000000)" "$A"
check "tunnel key: EINVAL" expect_err EINVAL ovs_flow new dp=dp0 \
	"key=hex:$INPORT1$(nla 16 "")" "$A"
check "3-byte ethertype: EINVAL" expect_err EINVAL ovs_flow new dp=dp0 \
	"key=hex:$INPORT1$(nla 6 080000)" "$A"
check "IPv4 fields on an ARP type: EINVAL" expect_err EINVAL ovs_flow new \
	dp=dp0 "key=hex:$INPORT1$ETH_ARP$IPV4" "$A"
check "IPv4 fields without a type: EINVAL" expect_err EINVAL ovs_flow new \
	dp=dp0 "key=hex:$INPORT1$IPV4" "$A"
check "IPv4 under a partial type mask: EINVAL" expect_err EINVAL ovs_flow \
	new dp=dp0 "$K" "mask=hex:$(nla 3 ffffffff)$(nla 6 ff00)$(nla 7 ffffffff000000000000ff00)" "$A"
check "mask wider than the key: EINVAL" expect_err EINVAL ovs_flow new \
	dp=dp0 "key=hex:$INPORT1" "mask=hex:$(nla 3 ffffffff)$(nla 7 ffffffff000000000000ff00)" "$A"
check "TCP ports on an ICMP flow: EINVAL" expect_err EINVAL ovs_flow new \
	dp=dp0 "key=hex:$INPORT1$ETH_IP$IPV4$(nla 9 00500050)" "$A"
check "in_port 70000: EINVAL" expect_err EINVAL ovs_flow new dp=dp0 \
	"key=hex:$(nla 3 "$(le32 70000)")" "$A"
check "output to port 70000: EINVAL" expect_err EINVAL ovs_flow new \
	dp=dp0 "$K" "actions=hex:$(nla 1 "$(le32 70000)")"
check "unknown action 99: EINVAL" expect_err EINVAL ovs_flow new dp=dp0 \
	"$K" "actions=hex:$(nla 99 "")"
check "conntrack action: EOPNOTSUPP" expect_err EOPNOTSUPP ovs_flow new \
	dp=dp0 "$K" "actions=hex:$(nla 12 "")"
check "set(tcp) on an ICMP flow: EINVAL" expect_err EINVAL ovs_flow new \
	dp=dp0 "$K" "actions=hex:$(nla 3 "$(nla 9 00500050)")"
check "nothing was installed" req -d ovs_flow get dp=dp0
check "still empty" test -z "$OUT"

# Misses go to the port's upcall PID with the packet and our key (not
# per CPU, which ovs-dpctl asked for).
check "per-port upcalls" req ovs_datapath set dp=dp0 user_features=u32:3
"$NLREQ" -U v1 -t 5 -c 1 >/tmp/upcalls 2>&1 &
U=$!
check "upcall listener up" wait_for grep -q upcall_pid /tmp/upcalls
ip netns exec h1 ping -c 1 -W 1 10.0.0.2 >/dev/null
wait $U
cat /tmp/upcalls
check "a MISS arrived" grep -q '^miss dp_ifindex=' /tmp/upcalls
check "its key says port 1" grep -q "^miss .* key=[0-9a-f]*$INPORT1" /tmp/upcalls
check "it carries h1's frame" grep -q "^miss .* packet=[0-9a-f]*02000000000108" /tmp/upcalls
# The userspace action sends to the PID it names.  The listener is also
# v2's upcall socket: keep h2's IPv6 chatter (ND, MLD) from filling it
# with misses, and take a few messages rather than the first one.
ip netns exec h1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec h2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
"$NLREQ" -U v2 -t 5 -c 3 >/tmp/upcalls2 2>&1 &
U=$!
check "second listener up" wait_for grep -q upcall_pid /tmp/upcalls2
pid=$(sed -n 's/upcall_pid //p' /tmp/upcalls2)
check "userspace action flow" ovs-dpctl add-flow dp0 "in_port(1),eth(),eth_type(0x0806)" "userspace(pid=$pid)"
ip -n h1 neigh flush dev e1	# so that h1 sends an ARP request
ip netns exec h1 ping -c 1 -W 1 10.0.0.2 >/dev/null
wait $U
cat /tmp/upcalls2
check "an ACTION upcall arrived" grep -q '^action dp_ifindex=' /tmp/upcalls2

# EXECUTE: an ARP request from 10.0.0.9 sent out of port 2 by hand.
ARP=ffffffffffff020000000009080600010800060400010200000000090a0000090000000000000a000002
check "execute output:2" req ovs_packet execute dp=dp0 packet=hex:$ARP \
	"key=hex:$(nla 3 "$(le32 0)")" "actions=hex:$OUT2"
check "h2 saw the ARP request" wait_for sh -c \
	'ip -n h2 neigh show 10.0.0.9 | grep -q 02:00:00:00:00:09'
check "execute without a packet: EINVAL" expect_err EINVAL ovs_packet \
	execute dp=dp0 "key=hex:$(nla 3 "$(le32 0)")" "actions=hex:$OUT2"
check "execute a runt: ERANGE" expect_err ERANGE ovs_packet execute dp=dp0 \
	packet=hex:ffffffff "key=hex:$(nla 3 "$(le32 0)")" "actions=hex:$OUT2"

check "del-dp" ovs-dpctl del-dp dp0
two_hosts_cleanup
fsw_unload
exit 0
