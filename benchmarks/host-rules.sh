#!/bin/sh
# P4N/P6N: add-flows time and daemon RSS with 100k OpenFlow rules, run
# natively on the host after the VM run (benchmarks/run-bench.sh).  Under
# TCG a single 100k add-flows into ovs-vswitchd takes over 5 minutes, so
# the VM measures these with BENCH_VM_RULES rules and this script gives
# the full-size figure.  Only userspace is involved: both daemons run a
# bridge with datapath_type=netdev (no kernel module, no traffic), each
# from a fresh start per run, in private directories under /tmp.
# Appends RESULT/NA/INFO lines (see guest-bench.sh) to RAW.
#
#   host-rules.sh RAW
set -u
RAW=$1
B=${FSW_BUILDDIR:?}
RUNS=${BENCH_RUNS:-3}
NRULES=${BENCH_RULES:-100000}
TMO=${BENCH_P4_TIMEOUT:-300}
W=$(mktemp -d /tmp/fsw-bench-host.XXXXXX)
FLOWS=$W/flows.txt

rec() { echo "$*" >>"$RAW"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' /proc/"$1"/status; }
n_rules()
{
	timeout 60 "$@" dump-tables br0 2>/dev/null |
		sed -n 's/.*active=\([0-9]*\).*/\1/p' | awk '{ s += $1 } END { print s + 0 }'
}

awk -v n="$NRULES" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "priority=%d,ip,nw_dst=10.%d.%d.%d,actions=output:2\n",
			i % 65000 + 1, 100 + int(i / 65536), int(i / 256) % 256, i % 256
}' >"$FLOWS"
rec "INFO host native P4N/P6N: $(nproc) CPUs (shared), netdev bridges, $NRULES rules"

# measure SWITCH PID OFCTL...: one timed add-flows into the empty table.
measure()
{
	sw=$1
	pid=$2
	shift 2
	base=$(n_rules "$@")
	t0=$(date +%s.%N)
	if ! out=$(timeout "$TMO" "$@" add-flows br0 "$FLOWS" 2>&1); then
		rec "NA P4N $sw add-flows failed or took over ${TMO}s: $(echo "$out" | head -1)"
		rec "NA P6N $sw add-flows did not complete"
		return 1
	fi
	t1=$(date +%s.%N)
	sleep 1
	cnt=$(n_rules "$@")
	if [ "$cnt" -lt $((base + NRULES)) ]; then
		rec "NA P4N $sw only $((cnt - base)) of $NRULES rules installed"
		rec "NA P6N $sw rules not all installed"
		return 1
	fi
	rec "RESULT P4N $sw $(echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }')"
	rec "RESULT P6N $sw $(rss_kb "$pid")"
}

ovs_runs()
{
	O=$W/ovs
	mkdir -p $O
	export OVS_RUNDIR=$O OVS_DBDIR=$O OVS_LOGDIR=$O OVS_SYSCONFDIR=$O
	ovsdb-tool create $O/conf.db /usr/share/openvswitch/vswitch.ovsschema &&
	ovsdb-server $O/conf.db --remote=punix:$O/db.sock --detach \
		--pidfile=$O/ovsdb-server.pid --log-file=$O/ovsdb-server.log \
		2>/dev/null &&
	ovs-vsctl --no-wait init -- add-br br0 -- \
		set bridge br0 datapath_type=netdev fail_mode=secure ||
		{ rec "NA P4N ovs ovsdb-server did not start"; return; }
	r=1
	while [ $r -le "$RUNS" ]; do
		ovs-vswitchd --detach --pidfile=$O/ovs-vswitchd.pid \
			--log-file=$O/ovs-vswitchd.log unix:$O/db.sock \
			>/dev/null 2>&1 || { rec "NA P4N ovs ovs-vswitchd did not start"; break; }
		sleep 1
		pid=$(cat $O/ovs-vswitchd.pid)
		measure ovs "$pid" ovs-ofctl
		ok=$?
		kill -9 "$pid"
		sleep 1
		[ $ok = 0 ] || break
		r=$((r + 1))
	done
	ovs-appctl -t ovsdb-server exit
	unset OVS_RUNDIR OVS_DBDIR OVS_LOGDIR OVS_SYSCONFDIR
}

fsw_runs()
{
	F=$W/fsw
	mkdir -p $F
	VSD=$B/vswitchd/fsw-vswitchd
	OFCTL=$B/utilities/fsw-ofctl
	[ -x "$OFCTL" ] || { rec "NA P4N flowswitch fsw-ofctl not built"; rec "NA P6N flowswitch fsw-ofctl not built"; return; }
	r=1
	while [ $r -le "$RUNS" ]; do
		"$VSD" --rundir=$F --dbdir=$F --detach --log-file=$F/log \
			>/dev/null 2>&1 || { rec "NA P4N flowswitch fsw-vswitchd did not start"; break; }
		pid=$(cat $F/fsw-vswitchd.pid)
		if [ $r = 1 ] && ! out=$("$B/utilities/fsw-vsctl" --rundir=$F add-br br0 -- \
				set bridge br0 datapath_type=netdev fail_mode=secure 2>&1); then
			rec "NA P4N flowswitch fsw-vsctl add-br failed: $out"
			rec "NA P6N flowswitch fsw-vsctl add-br failed"
			kill -9 "$pid"
			break
		fi
		n=0
		while [ ! -S $F/br0.mgmt ] && [ $n -lt 50 ]; do
			sleep 0.2
			n=$((n + 1))
		done
		sleep 1
		FSW_RUNDIR=$F measure flowswitch "$pid" env FSW_RUNDIR=$F "$OFCTL"
		ok=$?
		# SIGKILL: a clean exit with 100k rules takes minutes today.
		kill -9 "$pid"
		sleep 1
		[ $ok = 0 ] || break
		r=$((r + 1))
	done
}

ovs_runs
fsw_runs
rm -rf "$W"
