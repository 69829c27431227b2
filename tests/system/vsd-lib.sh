# Helpers for the fsw-vswitchd system tests (60-79); sourced after lib.sh.

# vsd_start: fsw-vswitchd with run/db directories in a fresh temp dir.
vsd_start()
{
	T=$(mktemp -d /tmp/fsw-vsd.XXXXXX)
	RUN=$T/run
	DB=$T/db
	mkdir -p "$RUN" "$DB"
	export FSW_RUNDIR=$RUN FSW_DBDIR=$DB
	"$B/vswitchd/fsw-vswitchd" --rundir="$RUN" --dbdir="$DB" \
		--log-file="$T/vswitchd.log" --detach ||
		fail "fsw-vswitchd did not start"
	VSCTL="$B/utilities/fsw-vsctl --rundir=$RUN -t 10"
	APPCTL="$B/utilities/fsw-appctl --rundir=$RUN"
	OFCTL="ovs-ofctl -O OpenFlow13 --no-names"
	trap vsd_cleanup EXIT
}

vsd_cleanup()
{
	if [ -n "$VSD_FAILED_LOG" ] || [ "${VSD_SHOW_LOG:-0}" = 1 ]; then
		echo "---- datapath flows"
		ovs-dpctl dump-flows 2>&1 | head -40
		echo "---- bridge/show, fdb/show br0"
		$APPCTL bridge/show 2>&1
		$APPCTL fdb/show br0 2>&1
		echo "---- fsw-vswitchd log"
		tail -n 80 "$T/vswitchd.log"
	fi
	if [ -f "$RUN/fsw-vswitchd.pid" ]; then
		kill "$(cat "$RUN/fsw-vswitchd.pid")" 2>/dev/null
		sleep 1
	fi
	for dp in $(ovs-dpctl dump-dps 2>/dev/null); do
		ovs-dpctl del-dp "$dp" 2>/dev/null
	done
	two_hosts_cleanup
}

# ping_ok: h1 reaches h2 (a few tries; the first packets may be flooded
# through userspace).
ping_ok()
{
	ip netns exec h1 ping -c 3 -i 0.3 -W 2 10.0.0.2 >/dev/null 2>&1
}

ping_fails()
{
	! ip netns exec h1 ping -c 2 -i 0.3 -W 1 10.0.0.2 >/dev/null 2>&1
}

# vcheck DESC CMD...: like check, but shows the daemon's log on failure.
vcheck()
{
	desc=$1
	shift
	if "$@"; then
		echo "ok: $desc"
	else
		VSD_FAILED_LOG=1
		fail "$desc (command: $*)"
	fi
}

vcheck_not()
{
	desc=$1
	shift
	if "$@"; then
		VSD_FAILED_LOG=1
		fail "$desc (unexpectedly succeeded: $*)"
	else
		echo "ok: $desc"
	fi
}

# wait_for SECONDS CMD...: retries CMD every 0.5 s.
wait_for()
{
	n=$(($1 * 2))
	shift
	while [ $n -gt 0 ]; do
		"$@" && return 0
		sleep 0.5
		n=$((n - 1))
	done
	return 1
}
