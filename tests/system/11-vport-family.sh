#!/bin/sh
# The ovs_vport family: netdev and internal ports, port numbers, upcall
# PIDs, statistics, the devices a datapath must refuse, and ports that
# vanish with their device.
. ./lib.sh
. ./dplib.sh
fsw_load
for i in 1 2 3 4; do ip link add v$i type veth peer name e$i; done
check "create dp0 (per-port PID arrays)" req ovs_datapath new \
	name=str:dp0 upcall_pid=u32:0 user_features=u32:2
check "create dp1" req ovs_datapath new name=str:dp1 upcall_pid=u32:0
DP0=$(ifindex dp0)

check "attach v1" req ovs_vport new dp=dp0 name=str:v1 type=u32:1 \
	upcall_pid=u32:100
check "v1 is port 1" has port_no=1
check "v1 is a netdev port" has type=1
check "reply carries v1's ifindex" has "ifindex=$(ifindex v1)"
check "reply carries dp0's ifindex" has "dp_ifindex=$DP0"
check "reply carries the upcall PID" has upcall_pid=100
check "reply carries stats" has stats=0,0,0,0,0,0,0,0
check "v1 is promiscuous" test "$(promisc v1)" = 1

check "add internal port p0" req ovs_vport new dp=dp0 name=str:p0 \
	type=u32:2 upcall_pid=u32s:1,2,3
check "p0 is port 2" has port_no=2
check "p0 keeps its PID array" has upcall_pid=1,2,3
check "p0 is a device" test -d /sys/class/net/p0
check "p0 goes up" ip link set p0 up
check "p0 takes an address" ip addr add 192.0.2.1/24 dev p0
check "p0 goes down" ip link set p0 down

check "attach v2 as port 10" req ovs_vport new dp=dp0 name=str:v2 \
	type=u32:1 upcall_pid=u32:0 port_no=u32:10
check "v2 got port 10" has port_no=10
check "port 10 again: EBUSY" expect_err EBUSY ovs_vport new dp=dp0 \
	name=str:v3 type=u32:1 upcall_pid=u32:0 port_no=u32:10
check "port 0 is the local port: EBUSY" expect_err EBUSY ovs_vport new \
	dp=dp0 name=str:v3 type=u32:1 upcall_pid=u32:0 port_no=u32:0
check "port 65535: EFBIG" expect_err EFBIG ovs_vport new dp=dp0 \
	name=str:v3 type=u32:1 upcall_pid=u32:0 port_no=u32:65535

# Devices a datapath must refuse.
check "loopback: EINVAL" expect_err EINVAL ovs_vport new dp=dp0 \
	name=str:lo type=u32:1 upcall_pid=u32:0
if modprobe tun 2>/dev/null && ip tuntap add tun0 mode tun 2>/dev/null; then
	check "non-Ethernet (tun): EINVAL" expect_err EINVAL ovs_vport new \
		dp=dp0 name=str:tun0 type=u32:1 upcall_pid=u32:0
	ip tuntap del tun0 mode tun
fi
check "our internal port as netdev: ELOOP" expect_err ELOOP ovs_vport new \
	dp=dp0 name=str:p0 type=u32:1 upcall_pid=u32:0
check "another datapath's local port: ELOOP" expect_err ELOOP ovs_vport \
	new dp=dp0 name=str:dp1 type=u32:1 upcall_pid=u32:0
check "v1 again (same datapath): EEXIST, as openvswitch.ko" expect_err EEXIST ovs_vport new dp=dp0 \
	name=str:v1 type=u32:1 upcall_pid=u32:0
check "v1 into dp1: EBUSY" expect_err EBUSY ovs_vport new dp=dp1 \
	name=str:v1 type=u32:1 upcall_pid=u32:0
if modprobe bridge 2>/dev/null && ip link add br0 type bridge 2>/dev/null; then
	ip link set v4 master br0
	check "bridge port: EBUSY" expect_err EBUSY ovs_vport new dp=dp0 \
		name=str:v4 type=u32:1 upcall_pid=u32:0
	ip link set v4 nomaster
	ip link del br0
fi
check "no such device: ENODEV" expect_err ENODEV ovs_vport new dp=dp0 \
	name=str:nodev type=u32:1 upcall_pid=u32:0
check "internal name taken: EEXIST" expect_err EEXIST ovs_vport new \
	dp=dp0 name=str:v3 type=u32:2 upcall_pid=u32:0
for t in 3 4 5 99; do
	check "type $t: EAFNOSUPPORT" expect_err EAFNOSUPPORT ovs_vport new \
		dp=dp0 name=str:t$t type=u32:$t upcall_pid=u32:0
done
check "no upcall PID: EINVAL" expect_err EINVAL ovs_vport new dp=dp0 \
	name=str:v3 type=u32:1
check "no type: EINVAL" expect_err EINVAL ovs_vport new dp=dp0 \
	name=str:v3 upcall_pid=u32:0
check "6-byte upcall PID: EINVAL" expect_err EINVAL ovs_vport new dp=dp0 \
	name=str:v3 type=u32:1 upcall_pid=hex:010000000200
check "2-byte upcall PID: ERANGE" expect_err ERANGE ovs_vport new dp=dp0 \
	name=str:v3 type=u32:1 upcall_pid=hex:0100
check "tunnel options on a netdev port: EINVAL" expect_err EINVAL \
	ovs_vport new dp=dp0 name=str:v3 type=u32:1 upcall_pid=u32:0 \
	options=hex:0800010001000000
check "3-byte type: EINVAL" expect_err EINVAL ovs_vport new dp=dp0 \
	name=str:v3 type=hex:010000 upcall_pid=u32:0
check "unknown datapath: ENODEV" expect_err ENODEV ovs_vport new \
	hdr=9999 name=str:v3 type=u32:1 upcall_pid=u32:0
check "unknown attribute: EINVAL" expect_err EINVAL ovs_vport new dp=dp0 \
	name=str:v3 type=u32:1 upcall_pid=u32:0 12=u32:0
check "v3 was never attached" test "$(promisc v3)" = 0

check "get v1 by name" req ovs_vport get name=str:v1
check "it is port 1" has port_no=1
check "get port 10 by number" req ovs_vport get dp=dp0 port_no=u32:10
check "it is v2" has name=v2
check "get by name in the wrong datapath: ENODEV" expect_err ENODEV \
	ovs_vport get dp=dp1 name=str:v1
check "get unknown name: ENODEV" expect_err ENODEV ovs_vport get \
	name=str:v3
check "get unknown port: ENODEV" expect_err ENODEV ovs_vport get dp=dp0 \
	port_no=u32:500
check "get port 70000: EFBIG" expect_err EFBIG ovs_vport get dp=dp0 \
	port_no=u32:70000
check "get with neither name nor number: EINVAL" expect_err EINVAL \
	ovs_vport get dp=dp0
check "dump dp0" req -d ovs_vport get dp=dp0
check "dump lists 4 ports" test "$(echo "$OUT" | grep -c '^get ')" = 4
check "dump unknown dp: ENODEV" expect_err ENODEV -d ovs_vport get hdr=9999

check "set v1's upcall PIDs" req ovs_vport set name=str:v1 \
	upcall_pid=u32s:5,6
check "set reply shows them" has upcall_pid=5,6
check "set with the wrong type: EINVAL" expect_err EINVAL ovs_vport set \
	name=str:v1 type=u32:2
check "set 5-byte PIDs: EINVAL" expect_err EINVAL ovs_vport set \
	name=str:v1 upcall_pid=hex:0500000006
check "PIDs unchanged" req ovs_vport get name=str:v1
check "still 5,6" has upcall_pid=5,6
check "dp1 without PID arrays shows one PID" req ovs_vport set dp=dp1 \
	port_no=u32:0 upcall_pid=u32s:8,9
check "the first" has upcall_pid=8

check "delete the local port: EINVAL" expect_err EINVAL ovs_vport del \
	dp=dp0 port_no=u32:0
check "delete v1" req ovs_vport del name=str:v1
check "reply is a DEL of port 1" has port_no=1
check "v1 no longer promiscuous" test "$(promisc v1)" = 0
check "v1 can be attached again (port 1)" req ovs_vport new dp=dp1 \
	name=str:v1 type=u32:1 upcall_pid=u32:0
check "delete internal p0" req ovs_vport del dp=dp0 port_no=u32:2
check "p0 gone" test ! -e /sys/class/net/p0

# A device deleted under the datapath takes its port along and says so.
listen ovs_vport /tmp/vport-events
ip link del v2
check "v2's port is gone" wait_for expect_err ENODEV ovs_vport get \
	dp=dp0 port_no=u32:10
listen_stop
cat /tmp/vport-events
check "DEL notification for v2" grep -q '^del .* port_no=10 .*name=v2 ' \
	/tmp/vport-events
# Moving a device to another namespace also detaches it.
ip netns add other
check "attach v3" req ovs_vport new dp=dp0 name=str:v3 type=u32:1 \
	upcall_pid=u32:0
ip link set v3 netns other
check "v3's port is gone after netns move" wait_for expect_err ENODEV \
	ovs_vport get dp=dp0 name=str:v3
ip netns del other
check "delete dp0 with ports" req ovs_datapath del dp=dp0
fsw_unload
check "v1 left promiscuous mode" test "$(promisc v1)" = 0
for i in 1 4; do ip link del v$i; done
exit 0
