#!/bin/sh
# fsw-vswitchd restarts on Linux's openvswitch.ko without traffic loss
# (fswd-restart.sh).
INTEROP_KMOD=ovs
. ./fswd-restart.sh
