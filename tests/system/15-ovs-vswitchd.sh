#!/bin/sh
# Debian's ovs-vswitchd 3.1 runs a bridge on flowswitch.ko: it probes
# the datapath's features, gets misses, executes the packets and
# installs its masked flows, which the later packets hit.
. ./lib.sh
. ./dplib.sh
CTL=/usr/share/openvswitch/scripts/ovs-ctl
command -v ovs-vswitchd >/dev/null && [ -x $CTL ] || { echo "no ovs"; exit 77; }
fsw_load
two_hosts_cleanup
two_hosts
mkdir -p /var/run/openvswitch /var/log/openvswitch /etc/openvswitch
check "ovsdb-server" sh -c "$CTL --no-ovs-vswitchd --system-id=random start >/tmp/ctl.log 2>&1"
check "ovs-vswitchd" ovs-vswitchd --pidfile --detach --log-file=/tmp/vs.log \
	unix:/var/run/openvswitch/db.sock
check "add-br br0" ovs-vsctl add-br br0
check "add-port v1" ovs-vsctl add-port br0 v1
check "add-port v2" ovs-vsctl add-port br0 v2
check "ping through the bridge" wait_for ip netns exec h1 ping -c 1 -W 1 10.0.0.2
check "more pings" ip netns exec h1 ping -c 3 -i 0.3 -W 2 10.0.0.2
ovs-dpctl show >/tmp/show
ovs-dpctl dump-flows >/tmp/flows
cat /tmp/show /tmp/flows
grep 'WARN\|ERR' /tmp/vs.log | grep -v 'probe failed\|timeval' >/tmp/vs.err
cat /tmp/vs.err
check "bridge ports in the datapath" grep -q 'port [0-9]*: v2$' /tmp/show
check "misses went to ovs-vswitchd, none lost" grep -q 'lookups: hit:[0-9]* missed:[1-9][0-9]* lost:0' /tmp/show
check "its flows were installed and hit" grep -q 'lookups: hit:[1-9]' /tmp/show
ovs-appctl -t ovs-vswitchd exit
$CTL stop >/dev/null 2>&1
two_hosts_cleanup
ovs-dpctl del-dp ovs-system 2>/dev/null
fsw_unload
exit 0
