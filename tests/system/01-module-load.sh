#!/bin/sh
# flowswitch.ko loads, registers the four openvswitch-compatible generic
# netlink families, and takes them away again when unloaded.
. ./lib.sh
FAMILIES="ovs_datapath ovs_vport ovs_flow ovs_packet"

fsw_load
for f in $FAMILIES; do
	check "family $f registered" genl_family_present "$f"
done
v=$(genl ctrl list | grep -A1 '^Name: ovs_datapath$' | sed -n 's/.*Version: 0x\([0-9a-f]*\).*/\1/p')
check "ovs_datapath has version 2 (got '$v')" [ "$v" = 2 ]
fsw_unload
for f in $FAMILIES; do
	check_not "family $f gone after unload" genl_family_present "$f"
done
