#!/bin/sh
# fsw-vswitchd on our flowswitch.ko: two hosts ping (fswd-ping.sh).
INTEROP_KMOD=fsw
. ./fswd-ping.sh
