#!/bin/sh
# fsw-vswitchd on Linux's openvswitch.ko: two hosts ping (fswd-ping.sh).
INTEROP_KMOD=ovs
. ./fswd-ping.sh
