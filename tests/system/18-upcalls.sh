#!/bin/sh
# Upcalls: the userspace action sends its userdata, the action list when
# it asks for it (OVS_USERSPACE_ATTR_ACTIONS) and the length before
# truncation; a GSO packet goes up as frames no bigger than the MTU; a
# lagging reader loses upcalls, each counted in n_lost, without starving
# another port's reader.  Also: requests whose nested attributes carry
# NLA_F_NESTED (libnl sets it) are taken, and strict checks remain.
. ./lib.sh
. ./dplib.sh
command -v ovs-dpctl >/dev/null || { echo "no ovs-dpctl"; exit 77; }
fsw_load
two_hosts
cleanup()
{
	kill $L1 $L2 $SRV 2>/dev/null
	ovs-dpctl del-dp dp0 2>/dev/null
	two_hosts_cleanup
}
trap cleanup EXIT
check "add-dp" ovs-dpctl add-dp dp0
check "add-if v1" ovs-dpctl add-if dp0 v1
check "add-if v2" ovs-dpctl add-if dp0 v2
# No ARP, no IPv6 chatter: every packet sent is one we asked for.
for i in 1 2; do
	ip netns exec h$i sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.e$i.disable_ipv6=1
done
ip -n h1 neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev e1
ip -n h2 neigh replace 10.0.0.1 lladdr 02:00:00:00:00:01 dev e2

# listener PORT FILE [STALL]: a reader for PORT's upcalls in FILE ($LPID).
listener()
{
	"$NLREQ" -U "$1" -t 3 ${3:+-S $3} >"$2" 2>&1 &
	LPID=$!
	wait_for grep -q upcall_pid "$2"
}
stat_of()
{
	ovs-dpctl show dp0 | sed -n "s/.*$1:\([0-9]*\).*/\1/p"
}
# dp_stat N: field N of the datapath's stats (2 missed, 3 lost), read
# without ovs-dpctl: every ovs-dpctl run turns per-CPU dispatch back on.
dp_stat()
{
	"$NLREQ" ovs_datapath get name=str:dp0 |
		sed -n 's/.* stats=\([0-9,]*\).*/\1/p' | cut -d, -f"$1"
}

echo "=== a miss flood on v1, whose reader lags, while v2 sends"
# Misses by port (OVS_DP_F_VPORT_PIDS), not by CPU: each port its reader.
check "per-port upcall PIDs" req ovs_datapath set name=str:dp0 \
	user_features=u32:3
listener v1 /tmp/up1 6
L1=$LPID
listener v2 /tmp/up2
L2=$LPID
lost0=$(dp_stat 3)
miss0=$(dp_stat 2)
ip netns exec h1 ping -q -f -i 0.002 -c 600 -W 1 10.0.0.2 >/dev/null 2>&1 &
FLOOD=$!
sleep 0.5
ip netns exec h2 ping -q -c 5 -i 0.2 -W 1 10.0.0.1 >/dev/null 2>&1
wait $FLOOD
wait $L1 $L2
L1= L2=
lost=$(($(dp_stat 3) - lost0))
missed=$(($(dp_stat 2) - miss0))
got1=$(grep -c "^miss" /tmp/up1)
got2=$(grep -c "^miss" /tmp/up2)
echo "missed $missed, lost $lost, v1's reader got $got1, v2's got $got2"
check "v1's lagging reader lost upcalls" test "$lost" -gt 0
check "v2's reader got its 5 pings during the flood" \
	test "$(grep '^miss' /tmp/up2 | grep -c 0a0000020a000001)" -ge 5
check "every miss was delivered or counted lost" \
	test $((got1 + got2 + lost)) -eq "$missed"
check "600 ICMP misses from v1 at least" test $((got1 + lost)) -ge 600

echo "=== the userspace action: userdata, actions, truncation"
listener v1 /tmp/ua
L1=$LPID
P=$(sed -n 's/^upcall_pid //p' /tmp/ua)
check "flow with userspace actions" ovs-dpctl add-flow dp0 \
	"in_port(1),eth(),eth_type(0x0800),ipv4(proto=1)" \
	"userspace(pid=$P,userdata(0a0b0c0d),actions),trunc(64),userspace(pid=$P),2"
ip netns exec h1 ping -c 1 -W 1 10.0.0.2 >/dev/null 2>&1
wait $L1
L1=
cat /tmp/ua | cut -c1-300
grep "^action" /tmp/ua >/tmp/ua.act
check "two action upcalls" test "$(wc -l </tmp/ua.act)" -eq 2
# ovs-dpctl pads userdata to 8 bytes, and gives a bare userspace() a
# zeroed cookie of its own.
check "the first has the userdata" grep -q " userdata=0a0b0c0d" /tmp/ua.act
check "and the action list" sh -c \
	"head -1 /tmp/ua.act | grep -q ' actions=[0-9a-f]\{40,\}'"
check "the second has no action list" sh -c \
	"tail -1 /tmp/ua.act | grep -v -q -e actions="
check "the second is truncated to 64 bytes" sh -c \
	"tail -1 /tmp/ua.act | grep -q ' packet=[0-9a-f]\{128\}\( \|\$\)'"
check "with the length before truncation (98)" grep -q " len=98" /tmp/ua.act
check "del-flows" ovs-dpctl del-flows dp0

echo "=== a TCP stream through a userspace action: GSO goes up segmented"
listener v1 /tmp/gso
L1=$LPID
P=$(sed -n 's/^upcall_pid //p' /tmp/gso)
check "flow 1->2 via userspace()" ovs-dpctl add-flow dp0 \
	"in_port(1),eth(),eth_type(0x0800),ipv4(proto=6)" "userspace(pid=$P),2"
check "flow 2->1" ovs-dpctl add-flow dp0 "in_port(2),eth(),eth_type(0x0800)" 1
# The server's stdin stays open: on EOF busybox nc would hang up.
sleep 15 | ip netns exec h2 timeout 15 busybox nc -l -p 5001 >/dev/null 2>&1 &
SRV=$!
wait_for sh -c "ip netns exec h2 ss -ltn | grep -q ':5001 '"
dd if=/dev/zero bs=1k count=400 2>/dev/null |
	ip netns exec h1 timeout 10 busybox nc 10.0.0.2 5001
wait $L1
L1=
kill $SRV 2>/dev/null
ovs-dpctl dump-flows dp0
sed -n 's/^action .* packet=\([0-9a-f]*\).*/\1/p' /tmp/gso |
	awk '{ n = length($0) / 2; c++; if (n > m) m = n }
	     END { print c + 0, m + 0 }' >/tmp/gso.sum
read n max </tmp/gso.sum
echo "$n upcalls, biggest frame $max bytes, $(stat_of lost) lost in all"
check "upcalls came" test "$n" -gt 10
# Large segments show GSO was exercised; under emulation TCP does not
# always reach a full MSS, so 1000 bytes is enough to tell.
check "large frames among them" test "$max" -ge 1000
check "none bigger than the MTU" test "$max" -le 1514

echo "=== NLA_F_NESTED, and strict checks"
ARP=ffffffffffff020000000009080600010800060400010200000000090a0000090000000000000a000002
K=$(nla 3 "$(le32 0)")
A=$(nla 1 "$(le32 2)")
check "execute, key and actions flagged NLA_F_NESTED" req ovs_packet execute \
	dp=dp0 packet=hex:$ARP $((0x8000 | 2))=hex:$K $((0x8000 | 3))=hex:$A
check "unknown attribute 20: EINVAL" expect_err EINVAL ovs_packet execute \
	dp=dp0 packet=hex:$ARP key=hex:$K actions=hex:$A 20=hex:00
check "userdata in an execute: EINVAL" expect_err EINVAL ovs_packet execute \
	dp=dp0 packet=hex:$ARP key=hex:$K actions=hex:$A userdata=hex:00
check "9-byte hash: EINVAL" expect_err EINVAL ovs_packet execute dp=dp0 \
	packet=hex:$ARP key=hex:$K actions=hex:$A hash=hex:000000000000000000
FK=$K$(nla 6 0800)
check "flow new, key and actions flagged NLA_F_NESTED" req ovs_flow new \
	dp=dp0 $((0x8000 | 1))=hex:$FK $((0x8000 | 2))=hex:$A
check "flow new: unknown attribute 30: EINVAL" expect_err EINVAL ovs_flow \
	new dp=dp0 key=hex:$FK actions=hex:$A 30=hex:00
# ovs-vswitchd's masks carry a tunnel attribute that wildcards it all.
M=$(nla 3 ffffffff)$(nla 6 ffff)
check "mask with a wildcard tunnel" req ovs_flow new dp=dp0 \
	key=hex:$(nla 3 "$(le32 2)")$(nla 6 0800) actions=hex:$A \
	mask=hex:$M$(nla 16 "$(nla 5 00)")
check "mask with a tunnel TTL matched: EINVAL" expect_err EINVAL ovs_flow \
	new dp=dp0 key=hex:$(nla 3 "$(le32 2)")$(nla 6 0806) actions=hex:$A \
	mask=hex:$M$(nla 16 "$(nla 5 ff)")

echo "=== flows read back with their masked key, which also names them"
KK=$(nla 3 "$(le32 1)")$(nla 6 0800)
MM=$(nla 3 ffffffff)$(nla 6 ffff)
IPK=$(nla 7 0a0000010a00000201004000)
IPM=$(nla 7 00000000ffffffff00000000)
IPMK=$(nla 7 000000000a00000200000000)
check "flow with key bits outside its mask" req ovs_flow new dp=dp0 \
	key=hex:$KK$IPK mask=hex:$MM$IPM actions=hex:$A
check "the reply has the masked key" sh -c "echo '$OUT' | grep -q '$IPMK'"
check "get by the key as given" req ovs_flow get dp=dp0 key=hex:$KK$IPK
check "get by the masked key" req ovs_flow get dp=dp0 key=hex:$KK$IPMK
check "delete by the masked key" req ovs_flow del dp=dp0 key=hex:$KK$IPMK
check "gone" expect_err ENOENT ovs_flow get dp=dp0 key=hex:$KK$IPK
check "del-dp" ovs-dpctl del-dp dp0
