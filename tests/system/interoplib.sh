# Helpers for the interoperability tests (85-95): Debian's Open vSwitch,
# our fsw-vswitchd, ovs-ofctl and os-ken against each other.  Sourced
# after lib.sh and ofctllib.sh.
FSWD=$B/vswitchd/fsw-vswitchd
FSWVSCTL=$B/utilities/fsw-vsctl
FSWRUN=/tmp/fswrun

# wait_until SECONDS CMD...: poll CMD every 0.2 s until it succeeds
# (status 0) or SECONDS pass (status 1).
wait_until()
{
	end=$(($(date +%s) + $1))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.2
	done
	return 0
}

# ping_hosts: h1 reaches h2 within a generous deadline (the first
# packets may go through upcalls, learning or a controller), then both
# ways without loss.  Runs diag (defined by the test) on failure.
ping_hosts()
{
	wait_until ${1:-30} ip netns exec h1 ping -c 1 -W 1 10.0.0.2 ||
		{ diag; fail "h1 cannot ping h2 (${1:-30}s)"; }
	echo "ok: h1 pings h2"
	ip netns exec h2 ping -c 3 -i 0.3 -W 2 10.0.0.1 ||
		{ diag; fail "h2 -> h1: 3 pings"; }
	echo "ok: h2 pings h1 (3 of 3)"
}

# kmod_load: flowswitch.ko, or Linux's openvswitch.ko when
# INTEROP_KMOD=ovs (to check a test's own logic against the real thing).
kmod_load()
{
	if [ "$INTEROP_KMOD" = ovs ]; then
		ovs_load
		modprobe veth
	else
		fsw_load
	fi
}

kmod_unload()
{
	if [ "$INTEROP_KMOD" = ovs ]; then
		rmmod openvswitch
	else
		rmmod flowswitch
	fi
}

# switch_teardown: after the daemon has stopped, every datapath left,
# the two hosts and the kernel module go (the tests' EXIT handlers).
switch_teardown()
{
	for dp in $(ovs-dpctl dump-dps 2>/dev/null); do
		ovs-dpctl del-dp "$dp"
	done
	two_hosts_cleanup
	kmod_unload 2>/dev/null
}

# fsw_start: our daemon with state in $FSWRUN; fsw-vsctl as $FV.
fsw_start()
{
	[ -x "$FSWD" ] || { echo "fsw-vswitchd not built"; exit 77; }
	rm -rf $FSWRUN
	mkdir -p $FSWRUN
	export FSW_RUNDIR=$FSWRUN
	FV="$FSWVSCTL --rundir=$FSWRUN"
	$FSWD --detach --rundir=$FSWRUN --dbdir=$FSWRUN \
		--log-file=$FSWRUN/fsw-vswitchd.log -v ANY:dbg ||
		fail "fsw-vswitchd did not start"
}

fsw_stop()
{
	[ -f $FSWRUN/fsw-vswitchd.pid ] &&
		kill "$(cat $FSWRUN/fsw-vswitchd.pid)" 2>/dev/null
	sleep 0.5
}

# show_log FILE: the last lines of a daemon's log, for diagnosis.
show_log()
{
	echo "--- tail of $1"
	tail -n "${2:-40}" "$1" 2>/dev/null
}
