#!/bin/sh
# Life cycle: packets through ports (with no flows and no upcall
# listener every one is a counted miss and lost), datapaths dying with
# their namespace, and module
# unload with datapaths and ports in place.
. ./lib.sh
. ./dplib.sh
fsw_load
two_hosts
check "create dp0" req ovs_datapath new name=str:dp0 upcall_pid=u32:0
check "attach v1" req ovs_vport new dp=dp0 name=str:v1 type=u32:1 upcall_pid=u32:0
check "attach v2" req ovs_vport new dp=dp0 name=str:v2 type=u32:1 upcall_pid=u32:0
check "add internal p0" req ovs_vport new dp=dp0 name=str:p0 type=u32:2 upcall_pid=u32:0
check_not "no flows: h1 cannot reach h2" ip netns exec h1 ping -c 2 -W 1 -i 0.3 10.0.0.2
check "get dp0" req ovs_datapath get name=str:dp0
miss=$(echo "$OUT" | sed -n 's/.* stats=[0-9]*,\([0-9]*\),.*/\1/p')
check "the datapath counted misses ($miss)" test "${miss:-0}" -ge 2
check "get v1" req ovs_vport get name=str:v1
rx=$(echo "$OUT" | sed -n 's/.* stats=\([0-9]*\),.*/\1/p')
check "v1 counted received packets ($rx)" test "${rx:-0}" -ge 2

# A datapath belongs to the namespace that made it.
ip netns add ns1
ip link add n1 type veth peer name n2
ip link set n1 netns ns1
check "create dpn in ns1" ip netns exec ns1 "$NLREQ" ovs_datapath new \
	name=str:dpn upcall_pid=u32:0
check "attach n1 in ns1" ip netns exec ns1 "$NLREQ" ovs_vport new \
	dp=dpn name=str:n1 type=u32:1 upcall_pid=u32:0
check "ns1 internal port" ip netns exec ns1 "$NLREQ" ovs_vport new \
	dp=dpn name=str:pn type=u32:2 upcall_pid=u32:0
check "the root namespace does not see dpn" expect_err ENODEV \
	ovs_datapath get name=str:dpn
check "ns1 does not see dp0" sh -c "ip netns exec ns1 $NLREQ ovs_datapath get name=str:dp0 | grep -q ENODEV"
check "the internal port cannot leave ns1" sh -c '! ip -n ns1 link set pn netns 1 2>/dev/null'
ip netns del ns1
check "n2 goes away with ns1's datapath" wait_for sh -c '! test -e /sys/class/net/n2'

# Unload with datapaths and attached ports.
check "create dp1" req ovs_datapath new name=str:dp1 upcall_pid=u32:0
check "unload with datapaths and ports" rmmod flowswitch
check "dp0 gone" test ! -e /sys/class/net/dp0
check "p0 gone" test ! -e /sys/class/net/p0
check "v1 no longer promiscuous" test "$(promisc v1)" = 0
check "v1 no longer has an rx_handler (it can join a bridge)" \
	sh -c 'modprobe bridge && ip link add br9 type bridge && ip link set v1 master br9 && ip link del br9'
check "reload" insmod "$KO"
check "dp again after reload" req ovs_datapath new name=str:dp0 upcall_pid=u32:0
check "attach v1 again" req ovs_vport new dp=dp0 name=str:v1 type=u32:1 upcall_pid=u32:0
two_hosts_cleanup
check "port removed with its device" wait_for expect_err ENODEV ovs_vport get name=str:v1
fsw_unload
exit 0
