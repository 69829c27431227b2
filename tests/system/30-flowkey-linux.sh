#!/bin/sh
# The shared packet parser against Linux's own openvswitch.ko: every
# packet of flowkey-packets.txt is executed by the kernel datapath with
# a userspace() action, and the key the kernel reports must equal the
# key fsw_key_extract() gives (except packets marked "#!diff", where the
# known difference is only reported).  This also checks that Linux
# accepts the key streams lib/odp.c builds and that lib/odp.c decodes
# the kernel's keys perfectly.
. ./lib.sh

ovs_load
"$B/tests/flowkey-kdiff" ./flowkey-packets.txt
rc=$?
rmmod openvswitch 2>/dev/null
exit $rc
