#!/bin/sh
# fsw-vswitchd on openvswitch.ko, fail-mode secure: nothing is forwarded
# without flows; OpenFlow 1.3 flows added through the management socket
# make ping work, their counters grow (revalidator stats), and
# del-flows stops the traffic again (revalidation deletes the datapath
# flows).
. ./lib.sh
. ./vsd-lib.sh
[ -x "$B/vswitchd/fsw-vswitchd" ] || { echo "not built"; exit 77; }
ovs_load
two_hosts
vsd_start
M=unix:$RUN/br0.mgmt

vcheck "add-br, secure" $VSCTL add-br br0 -- set-fail-mode br0 secure
vcheck "add-port v1" $VSCTL add-port br0 v1 -- set Interface v1 ofport_request=11
vcheck "add-port v2" $VSCTL add-port br0 v2 -- set Interface v2 ofport_request=12
vcheck "management socket up" wait_for 5 $OFCTL show $M
$OFCTL show $M
vcheck "no flows in secure mode" sh -c "[ -z \"\$($OFCTL dump-flows $M --no-names | grep -v 'OFPST_FLOW\|reply')\" ]"
vcheck_not "ping without flows fails" ping_ok

vcheck "add-flow 11->12" $OFCTL add-flow $M "priority=10,in_port=11,actions=output:12"
vcheck "add-flow 12->11" $OFCTL add-flow $M "priority=10,in_port=12,actions=output:11"
$OFCTL dump-flows $M
vcheck "ping with flows" ping_ok
ovs-dpctl dump-flows br0
vcheck "counters increase (revalidator)" wait_for 5 sh -c "$OFCTL dump-flows $M | grep 'in_port=11' | grep -q 'n_packets=[1-9]'"
$OFCTL dump-flows $M

vcheck "del-flows" $OFCTL del-flows $M
vcheck "datapath flows no longer forward (revalidated to drop)" wait_for 5 sh -c "! ovs-dpctl dump-flows br0 | grep -v 'actions:drop' | grep -q actions"
vcheck_not "ping fails after del-flows" ping_ok

# goto_table and a table-miss rule in table 1 that drops: still no ping;
# then a NORMAL rule in table 1.
vcheck "goto_table" $OFCTL add-flow $M "table=0,priority=1,actions=goto_table:1"
vcheck_not "table 1 empty: table miss drops" ping_ok
vcheck "NORMAL in table 1" $OFCTL add-flow $M "table=1,priority=0,actions=NORMAL"
vcheck "ping through goto_table + NORMAL" ping_ok
vcheck_not "check_overlap refuses an overlapping rule" $OFCTL add-flow $M "table=1,priority=0,check_overlap,actions=drop"
exit 0
