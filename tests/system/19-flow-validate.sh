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

check "del-dp" ovs-dpctl del-dp dp0
fsw_unload
exit 0
