# Shared set-up of tests 83 and 84 (sourced after lib.sh): fsw-vswitchd
# on flowswitch.ko with bridge br0 joining the two hosts, reached through
# its management socket.  Exits 77 where a piece is not built or the
# daemon does not serve OpenFlow.
O=$B/utilities/fsw-ofctl
D=$B/vswitchd/fsw-vswitchd
V=$B/utilities/fsw-vsctl
for x in $O $D $V; do
	[ -x $x ] || { echo "$x not built"; exit 77; }
done
[ -f "$KO" ] || { echo "flowswitch.ko not built"; exit 77; }
# An earlier test may have left Linux's datapath (and so its module) in.
if lsmod | grep -q '^openvswitch '; then
	for dp in $(ovs-dpctl dump-dps 2>/dev/null); do
		ovs-dpctl del-dp $dp
	done
fi
fsw_load
modprobe veth
export FSW_RUNDIR=/tmp/fswrun FSW_DBDIR=/tmp/fswdb
unset OVS_RUNDIR
rm -rf $FSW_RUNDIR $FSW_DBDIR
mkdir -p $FSW_RUNDIR $FSW_DBDIR
cleanup()
{
	[ -f $FSW_RUNDIR/fsw-vswitchd.pid ] &&
		kill "$(cat $FSW_RUNDIR/fsw-vswitchd.pid)" 2>/dev/null
	sleep 1
	two_hosts_cleanup
}
trap cleanup EXIT
$D --detach --log-file=$FSW_RUNDIR/fsw-vswitchd.log || fail "fsw-vswitchd"
two_hosts
$V add-br br0 || fail "add-br"
$V add-port br0 v1 && $V add-port br0 v2 || fail "add-port"
for i in $(seq 50); do
	[ -S $FSW_RUNDIR/br0.mgmt ] && break
	sleep 0.2
done
if [ ! -S $FSW_RUNDIR/br0.mgmt ]; then
	echo "fsw-vswitchd has no $FSW_RUNDIR/br0.mgmt: no OpenFlow yet"
	exit 77
fi

