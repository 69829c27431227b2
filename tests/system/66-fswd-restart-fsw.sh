#!/bin/sh
# fsw-vswitchd restarts on flowswitch.ko without traffic loss
# (fswd-restart.sh).
INTEROP_KMOD=fsw
. ./fswd-restart.sh
