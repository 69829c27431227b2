#!/bin/sh
# fsw-dpctl against flowswitch.ko (see dpctl-body.sh); the flow part runs
# once the module installs flows.
. ./lib.sh
[ -f "$KO" ] || { echo "flowswitch.ko not built"; exit 77; }
fsw_load
FLOWS=yes
if ! "$B/tests/dpif-suite-netlink" --probe; then
	echo "flowswitch.ko does not install flows yet: flow checks skipped"
	FLOWS=no
fi
. ./dpctl-body.sh
