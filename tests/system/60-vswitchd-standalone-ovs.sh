#!/bin/sh
# fsw-vswitchd on Linux's openvswitch.ko, standalone mode: NORMAL learning
# switches between two namespaced hosts; masked megaflows are installed
# in the datapath; the MAC table learns both hosts; OpenFlow management
# socket answers ovs-ofctl.
. ./lib.sh
. ./vsd-lib.sh
[ -x "$B/vswitchd/fsw-vswitchd" ] || { echo "not built"; exit 77; }
ovs_load
two_hosts
vsd_start

vcheck "add-br" $VSCTL add-br br0
vcheck "add-port v1" $VSCTL add-port br0 v1
vcheck "add-port v2" $VSCTL add-port br0 v2
vcheck "datapath br0 exists" wait_for 5 sh -c "ovs-dpctl show br0 | grep -q 'port .*: v2'"
ovs-dpctl show br0

ip -s link show v1; ip -s link show v2
vcheck "ping across the bridge (standalone)" ping_ok
$APPCTL dpif/dump-flows br0
vcheck "megaflows in the datapath" sh -c "ovs-dpctl dump-flows br0 | grep -q 'eth(src=02:00:00:00:00:01'"
ovs-dpctl dump-flows br0
vcheck "megaflows are masked (ip fields wildcarded)" sh -c "! ovs-dpctl dump-flows br0 | grep -q 'ipv4(src=10.0.0.1,dst=10.0.0.2,proto=1'"
vcheck "fdb learned h1" sh -c "$APPCTL fdb/show br0 | grep -q 02:00:00:00:00:01"
vcheck "fdb learned h2" sh -c "$APPCTL fdb/show br0 | grep -q 02:00:00:00:00:02"
$APPCTL fdb/show br0
vcheck "ovs-ofctl dump-flows on the mgmt socket" sh -c "$OFCTL dump-flows unix:$RUN/br0.mgmt | grep -q 'priority=0 actions=NORMAL'"
$OFCTL dump-flows unix:$RUN/br0.mgmt
vcheck "OVS_RUNDIR=RUNDIR ovs-ofctl dump-flows br0" sh -c "OVS_RUNDIR=$RUN ovs-ofctl dump-flows br0 | grep -q NORMAL"
vcheck "NORMAL rule counters increased" sh -c "$OFCTL dump-flows unix:$RUN/br0.mgmt | grep -q 'n_packets=[1-9]'"
vcheck "ofproto/trace" sh -c "$APPCTL ofproto/trace br0 in_port=1,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:02 | grep -q 'Datapath actions: 2'"
$APPCTL ofproto/trace br0 in_port=1,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:02
exit 0
