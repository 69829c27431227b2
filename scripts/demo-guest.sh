#!/bin/sh
# Inside the guest: the demo proper.
set -u
cd "$FSW_SRCDIR"
echo "== guest kernel: $(uname -r)"
modprobe veth
insmod datapath/flowswitch.ko || exit 1
echo "== flowswitch.ko loaded; generic netlink families it registered:"
genl ctrl list | grep -A1 '^Name: ovs_'
rmmod flowswitch
echo "== flowswitch.ko unloaded"
