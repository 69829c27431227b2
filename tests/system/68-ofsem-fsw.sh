#!/bin/sh
# fsw-vswitchd's OpenFlow behaviour (tests/ofsem/scenarios.py, run on the
# userspace datapath by tests/unit/test-ofsem) on flowswitch.ko: each
# scenario in fresh namespaces, the bridge on the kernel datapath.
. ./lib.sh
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
[ -x "$B/vswitchd/fsw-vswitchd" ] || { echo "not built"; exit 77; }
fsw_load
rc=0
for s in vlans groups-all groups-select groups-ff revalidation table-miss \
	 timeouts roles set-queue; do
	echo "=== $s"
	OFSEM_DP=system FSW_BUILDDIR=$B timeout 300 unshare -nm \
		python3 "$FSW_SRCDIR/tests/ofsem/scenarios.py" $s >/tmp/ofsem.$s 2>&1
	r=$?
	grep -v '\.mgmt: ' /tmp/ofsem.$s | grep -E '^(ok|PASS|FAIL)' 
	if [ $r != 0 ]; then
		grep -v '\.mgmt: ' /tmp/ofsem.$s | tail -40
		echo "FAIL: scenario $s (exit $r)"
		rc=1
	fi
done
exit $rc
