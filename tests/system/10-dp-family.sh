#!/bin/sh
# The ovs_datapath family of flowswitch.ko: create, read, change and
# delete datapaths with single netlink requests, and the errors malformed
# or impossible requests get (which must change nothing).
. ./lib.sh
. ./dplib.sh
fsw_load

check "create dp0" req ovs_datapath new name=str:dp0 upcall_pid=u32:0
check "reply is a NEW" has new
check "reply names dp0" has name=dp0
check "local port dp0 exists" test -d /sys/class/net/dp0
check "header carries dp0's ifindex" has "dp_ifindex=$(ifindex dp0)"
check "fresh stats are zero" has stats=0,0,0,0
check "fresh megaflow stats are zero" has megaflow_stats=0,0,0
check "no features asked, none set" has user_features=0

check "duplicate name: EEXIST" \
	expect_err EEXIST ovs_datapath new name=str:dp0 upcall_pid=u32:0
ip link add xdev type dummy 2>/dev/null || ip link add xdev type veth
check "name of another device: EEXIST" \
	expect_err EEXIST ovs_datapath new name=str:xdev upcall_pid=u32:0
check "no upcall PID: EINVAL" expect_err EINVAL ovs_datapath new name=str:dpx
check "no name: EINVAL" expect_err EINVAL ovs_datapath new upcall_pid=u32:0
check "name too long: EINVAL" expect_err EINVAL ovs_datapath new \
	name=str:abcdefghijklmnopq upcall_pid=u32:0
check "name without NUL: EINVAL" expect_err EINVAL ovs_datapath new \
	name=bytes:dpx upcall_pid=u32:0
check "2-byte upcall PID: EINVAL" expect_err EINVAL ovs_datapath new \
	name=str:dpx upcall_pid=hex:0000
check "unknown attribute 42: EINVAL" expect_err EINVAL ovs_datapath new \
	name=str:dpx upcall_pid=u32:0 42=u32:1
check "stats are not an input: EINVAL" expect_err EINVAL ovs_datapath new \
	name=str:dpx upcall_pid=u32:0 stats=hex:00000000000000000000000000000000
check "unknown feature bit: EOPNOTSUPP" expect_err EOPNOTSUPP ovs_datapath \
	new name=str:dpx upcall_pid=u32:0 user_features=u32:0x100
check "per-CPU PIDs without the feature: EINVAL" expect_err EINVAL \
	ovs_datapath new name=str:dpx upcall_pid=u32:0 per_cpu_pids=u32s:1,2
check "ifindex out of range: EINVAL" expect_err EINVAL ovs_datapath new \
	name=str:dpx upcall_pid=u32:0 ifindex=u32:0x80000000
check "get of a datapath that was never made: ENODEV" \
	expect_err ENODEV ovs_datapath get name=str:dpx
check_not "failed requests created nothing" test -d /sys/class/net/dpx

check "create dp1 with all known features" req ovs_datapath new \
	name=str:dp1 upcall_pid=u32:7 user_features=u32:15 \
	per_cpu_pids=u32s:1,2,3,4
check "features reported back" has user_features=15
check "create dp2 at ifindex 777" req ovs_datapath new name=str:dp2 \
	upcall_pid=u32:0 ifindex=u32:777
check "dp2's local port has ifindex 777" test "$(ifindex dp2)" = 777

check "get dp0 by name" req ovs_datapath get name=str:dp0
check "get reply names dp0" has name=dp0
check "get dp1 by ifindex" req ovs_datapath get dp=dp1
check "get reply names dp1" has name=dp1
check "get unknown name: ENODEV" expect_err ENODEV ovs_datapath get name=str:nope
check "get unknown ifindex: ENODEV" expect_err ENODEV ovs_datapath get hdr=99999
check "dump" req -d ovs_datapath get
n=$(echo "$OUT" | grep -c '^get ')
check "dump lists 3 datapaths (got $n)" test "$n" = 3

check "set features on dp0" req ovs_datapath set dp=dp0 user_features=u32:3
check "set reply has the features" has user_features=3
check "set unknown feature: EOPNOTSUPP" \
	expect_err EOPNOTSUPP ovs_datapath set dp=dp0 user_features=u32:0x30
check "features unchanged after refusal" req ovs_datapath get dp=dp0
check "still 3" has user_features=3
check "set 3-byte per-CPU PIDs: ERANGE" expect_err ERANGE ovs_datapath \
	set dp=dp1 per_cpu_pids=hex:010203
check "set 6-byte per-CPU PIDs: EINVAL" expect_err EINVAL ovs_datapath \
	set dp=dp1 per_cpu_pids=hex:010203040506
check "set unknown dp: ENODEV" expect_err ENODEV ovs_datapath set hdr=4242 \
	user_features=u32:1

listen ovs_datapath /tmp/dp-events
check "delete dp1 by ifindex" req ovs_datapath del dp=dp1
check "reply is a DEL" has del
check "dp1's device is gone" test ! -e /sys/class/net/dp1
check "delete it again: ENODEV" expect_err ENODEV ovs_datapath del name=str:dp1
check "create dp3" req ovs_datapath new name=str:dp3 upcall_pid=u32:0
listen_stop
cat /tmp/dp-events
check "notification of dp1's deletion" grep -q '^del .* name=dp1 ' /tmp/dp-events
check "notification of dp3's creation" grep -q '^new .* name=dp3 ' /tmp/dp-events

check "local port goes up" ip link set dp0 up
check "local port takes an address" ip addr add 192.0.2.1/24 dev dp0
check "local port MAC can change" ip link set dp0 address 02:11:22:33:44:55
ip link del xdev
# Unloading with datapaths present removes them.
fsw_unload
check_not "dp0 gone with the module" test -e /sys/class/net/dp0
exit 0
