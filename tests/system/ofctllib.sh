# Helpers for the fsw-ofctl system tests (80-84): Debian's Open vSwitch
# (ovsdb-server + ovs-vswitchd 3.1 on Linux's openvswitch.ko) is the
# switch fsw-ofctl talks to.  Sourced after lib.sh.
OFCTL=$B/utilities/fsw-ofctl
OVSRUN=/tmp/ovsrun
export OVS_RUNDIR=$OVSRUN OVS_LOGDIR=$OVSRUN OVS_DBDIR=$OVSRUN \
	OVS_SYSCONFDIR=$OVSRUN
unset FSW_RUNDIR
VSCTL="ovs-vsctl --db=unix:$OVSRUN/db.sock --timeout=30"

ofctl_need()
{
	[ -x "$OFCTL" ] || { echo "fsw-ofctl not built"; exit 77; }
	for p in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl; do
		command -v $p >/dev/null || { echo "no $p"; exit 77; }
	done
}

# ovs_start: a private ovsdb-server and ovs-vswitchd, state in $OVSRUN.
# OFCTL_DP_TYPE=netdev runs the tests on ovs-vswitchd's userspace
# datapath (no kernel module: handy on a development host).
ovs_start()
{
	[ -z "$OFCTL_DP_TYPE" ] && ovs_load
	rm -rf $OVSRUN
	mkdir -p $OVSRUN
	ovsdb-tool create $OVSRUN/conf.db \
		/usr/share/openvswitch/vswitch.ovsschema || fail "ovsdb-tool"
	ovsdb-server --remote=punix:$OVSRUN/db.sock \
		--pidfile=$OVSRUN/ovsdb-server.pid --detach \
		--log-file=$OVSRUN/ovsdb-server.log $OVSRUN/conf.db ||
		fail "ovsdb-server did not start"
	$VSCTL --no-wait init || fail "ovs-vsctl init"
	ovs-vswitchd unix:$OVSRUN/db.sock --pidfile=$OVSRUN/ovs-vswitchd.pid \
		--detach --log-file=$OVSRUN/ovs-vswitchd.log ||
		fail "ovs-vswitchd did not start"
}

ovs_stop()
{
	for d in ovs-vswitchd ovsdb-server; do
		[ -f $OVSRUN/$d.pid ] && kill "$(cat $OVSRUN/$d.pid)" 2>/dev/null
	done
	sleep 1
	# ovs-vswitchd leaves its kernel datapath behind, which would keep
	# openvswitch.ko (and so flowswitch.ko) from being swapped.
	if [ -z "$OFCTL_DP_TYPE" ]; then
		for dp in $(ovs-dpctl dump-dps 2>/dev/null); do
			ovs-dpctl del-dp $dp
		done
	fi
}

# ovs_bridge BR: a bridge on the kernel datapath, both OpenFlow versions.
ovs_bridge()
{
	$VSCTL add-br $1 -- set bridge $1 fail-mode=secure \
		protocols=OpenFlow10,OpenFlow13 \
		${OFCTL_DP_TYPE:+datapath_type=$OFCTL_DP_TYPE} ||
		fail "add-br $1"
	for i in $(seq 50); do
		[ -S $OVSRUN/$1.mgmt ] && return 0
		sleep 0.2
	done
	fail "no $OVSRUN/$1.mgmt"
}

# same_flows DESC ARGS...: fsw-ofctl and ovs-ofctl --no-stats dumps agree
# (ARGS: options for both, e.g. -O OpenFlow13, then the bridge).
same_flows()
{
	desc=$1
	shift
	ovs-ofctl --no-stats dump-flows "$@" | sed 's/^ *//' | sort >/tmp/f.ovs
	$OFCTL --no-stats dump-flows "$@" | sed 's/^ *//' | sort >/tmp/f.fsw
	if cmp -s /tmp/f.ovs /tmp/f.fsw; then
		echo "ok: $desc"
	else
		diff -u /tmp/f.ovs /tmp/f.fsw
		fail "$desc: dumps differ"
	fi
}

n_flows()
{
	ovs-ofctl dump-flows "$@" | grep -c 'actions='
}

# expect_fail DESC PATTERN CMD...: CMD must exit non-zero, printing a
# line that matches PATTERN on stderr.
expect_fail()
{
	desc=$1
	pat=$2
	shift 2
	if "$@" >/tmp/ef.out 2>/tmp/ef.err; then
		fail "$desc (unexpectedly succeeded: $*)"
	fi
	cat /tmp/ef.err
	grep -q -- "$pat" /tmp/ef.err || fail "$desc: no \"$pat\" in stderr"
	echo "ok: $desc"
}
