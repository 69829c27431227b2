#!/bin/sh
# Inside the guest: the demo proper.  flowswitch.ko is loaded, fsw-vswitchd
# starts, a bridge joins two hosts in their own network namespaces, and
# they ping each other through it.  Then the switch is shown from all
# three sides: configuration, OpenFlow tables, datapath flows.
set -u
cd "$FSW_SRCDIR"
B=$FSW_BUILDDIR
RUN=/tmp/fsw-demo/run
DB=/tmp/fsw-demo/db
mkdir -p "$RUN" "$DB"
VSCTL="$B/utilities/fsw-vsctl --rundir=$RUN --db=$DB"
step() { printf '\n== %s\n' "$*"; }

step "guest kernel $(uname -r): loading flowswitch.ko"
modprobe veth
insmod datapath/flowswitch.ko || exit 1
genl ctrl list | grep '^Name: ovs_'

step "two hosts: h1 (10.0.0.1) and h2 (10.0.0.2), each behind a veth pair"
for i in 1 2; do
	ip netns add h$i
	ip link add name v$i type veth peer name e$i
	ip link set e$i netns h$i
	ip -n h$i addr add 10.0.0.$i/24 dev e$i
	ip -n h$i link set e$i up
	ip -n h$i link set lo up
	ip link set v$i up
done

step "starting fsw-vswitchd"
"$B/vswitchd/fsw-vswitchd" --rundir="$RUN" --dbdir="$DB" --detach \
	--log-file="$RUN/fsw-vswitchd.log" || exit 1
$VSCTL add-br br0 || exit 1
$VSCTL add-port br0 v1 || exit 1
$VSCTL add-port br0 v2 || exit 1

step "h1 pings h2 through br0"
ok=0
for try in 1 2 3 4 5; do
	if ip netns exec h1 ping -c 3 -W 2 10.0.0.2; then
		ok=1
		break
	fi
	sleep 1
done

step "fsw-vsctl show"
$VSCTL show
step "fsw-ofctl dump-flows br0"
"$B/utilities/fsw-ofctl" dump-flows "unix:$RUN/br0.mgmt"
step "fsw-dpctl dump-flows"
"$B/utilities/fsw-dpctl" dump-flows br0
step "fsw-dpctl show"
"$B/utilities/fsw-dpctl" show br0

if [ $ok = 1 ]; then
	step "demo: h1 and h2 ping each other through flowswitch"
	exit 0
fi
step "demo FAILED: no ping through the switch; daemon log:"
tail -30 "$RUN/fsw-vswitchd.log"
dmesg | tail -20
exit 1
