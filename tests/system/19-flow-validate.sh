#!/bin/sh
# Flow and EXECUTE validation: actions are judged by the masked key (a
# flow that wildcards eth_type or the IP protocol gets no set(ipv4) or
# set(tcp)); a packet too short for the header an action rewrites is
# refused with EINVAL, not ENOMEM; flow dumps never drop a flow too big
# for what is left of a dump message.
. ./lib.sh
. ./dplib.sh
command -v ovs-dpctl >/dev/null || { echo "no ovs-dpctl"; exit 77; }
fsw_load
trap 'ovs-dpctl del-dp dp0 2>/dev/null' EXIT
check "add-dp" ovs-dpctl add-dp dp0

echo "=== set actions need their headers matched, not just present in the key"
INPORT1=$(nla 3 "$(le32 1)")
MINPORT=$(nla 3 ffffffff)
ETH_IP=$(nla 6 0800)
IPV4=$(nla 7 0a0000010a00000201000000)		# proto 1
IPV4TCP=$(nla 7 0a0000010a00000206000000)	# proto 6
TCP=$(nla 9 00500050)
SET_IP=$(nla 3 "$IPV4")
SET_TCP=$(nla 3 "$TCP")
OUT2=$(nla 1 "$(le32 2)")
check "set(ipv4) with eth_type wildcarded: EINVAL" expect_err EINVAL \
	ovs_flow new dp=dp0 "key=hex:$INPORT1$ETH_IP$IPV4" \
	"mask=hex:$MINPORT" "actions=hex:$SET_IP$OUT2"
check "set(tcp) with the IP protocol wildcarded: EINVAL" expect_err EINVAL \
	ovs_flow new dp=dp0 "key=hex:$INPORT1$ETH_IP$IPV4TCP$TCP" \
	"mask=hex:$MINPORT$(nla 6 ffff)" "actions=hex:$SET_TCP$OUT2"
check "set(ipv4) in a clone, eth_type wildcarded: EINVAL" expect_err EINVAL \
	ovs_flow new dp=dp0 "key=hex:$INPORT1$ETH_IP$IPV4" \
	"mask=hex:$MINPORT" "actions=hex:$(nla 20 "$SET_IP")"
check "nothing was installed" req -d ovs_flow get dp=dp0
check "dump is empty" test -z "$OUT"
check "set(ipv4) with eth_type matched: taken" req ovs_flow new dp=dp0 \
	"key=hex:$INPORT1$ETH_IP$IPV4" "mask=hex:$MINPORT$(nla 6 ffff)" \
	"actions=hex:$(nla 11 "$(nla 7 0a0000090000000000000000ffffffff0000000000000000)")$OUT2"
check "set(tcp) with the protocol matched: taken" req ovs_flow new dp=dp0 \
	"key=hex:$(nla 3 "$(le32 2)")$ETH_IP$IPV4TCP$TCP" \
	"mask=hex:$MINPORT$(nla 6 ffff)$(nla 7 0000000000000000ff000000)" \
	"actions=hex:$SET_TCP$OUT2"
check "a flow wildcarding eth_type" req ovs_flow new dp=dp0 \
	"key=hex:$(nla 3 "$(le32 3)")$ETH_IP$IPV4" "mask=hex:$MINPORT" \
	"actions=hex:$OUT2"
check "modifying it to set(ipv4): EINVAL" expect_err EINVAL ovs_flow set \
	dp=dp0 "key=hex:$(nla 3 "$(le32 3)")$ETH_IP$IPV4" \
	"actions=hex:$SET_IP$OUT2"
check "its actions unchanged" req ovs_flow get dp=dp0 \
	"key=hex:$(nla 3 "$(le32 3)")$ETH_IP$IPV4"
check "still output only" has "actions=$OUT2"
check "flush" req ovs_flow del dp=dp0

echo "=== EXECUTE: packets too short for an action"
K=$(nla 3 "$(le32 0)")
ETH=ffffffffffff020000000009
IPHDR=4500001c00000000400100000a0000010a0000020800f7ff00000000
check "set(ipv4) on a whole IPv4 packet: done" req ovs_packet execute \
	dp=dp0 packet=hex:${ETH}0800$IPHDR key=hex:$K actions=hex:$SET_IP
check "set(ipv4) on a bare Ethernet header: EINVAL" expect_err EINVAL \
	ovs_packet execute dp=dp0 packet=hex:${ETH}0800 key=hex:$K \
	"actions=hex:$(nla 3 "$(nla 7 0a0000010a00000200000000)")"
check "set(ipv4) on a cut IPv4 header: EINVAL" expect_err EINVAL \
	ovs_packet execute dp=dp0 packet=hex:${ETH}08004500001c0000 \
	key=hex:$K "actions=hex:$(nla 3 "$(nla 7 0a0000010a00000200000000)")"
POP=$(nla 5 "")
check "pop_vlan on a tagged IPv4 packet: done" req ovs_packet execute \
	dp=dp0 packet=hex:${ETH}810000050800$IPHDR key=hex:$K actions=hex:$POP
check "pop_vlan on a cut tag: EINVAL" expect_err EINVAL ovs_packet execute \
	dp=dp0 packet=hex:${ETH}81000005 key=hex:$K actions=hex:$POP
check "pop_vlan with a cut second tag: EINVAL" expect_err EINVAL \
	ovs_packet execute dp=dp0 packet=hex:${ETH}810000058100 key=hex:$K \
	actions=hex:$POP
echo "=== a flow dump keeps a flow bigger than a dump message"
# 4500 outputs: 36000 bytes of actions, more than the 32 KiB a dump
# message gets at most by default.
BIG=$(i=1; printf 2; while [ $i -lt 4500 ]; do printf ,2; i=$((i + 1)); done)
check "small flow 1" ovs-dpctl add-flow dp0 "eth(),eth_type(0x0806)" 2
check "big flow" ovs-dpctl add-flow dp0 "eth(),eth_type(0x0800)" "$BIG"
check "small flow 3" ovs-dpctl add-flow dp0 "eth(),eth_type(0x86dd)" 2
ovs-dpctl dump-flows dp0 >/tmp/dump
check "dump has flow 1" grep -q 'eth_type(0x0806).*actions:2$' /tmp/dump
check "dump has the big flow" grep -q 'eth_type(0x0800)' /tmp/dump
check "with all its actions" test "$(grep 'eth_type(0x0800)' /tmp/dump |
	grep -o ',2' | wc -l)" -eq 4499
check "dump has flow 3" grep -q 'eth_type(0x86dd).*actions:2$' /tmp/dump
check "flush" ovs-dpctl del-flows dp0

check "del-dp" ovs-dpctl del-dp dp0
fsw_unload
exit 0
