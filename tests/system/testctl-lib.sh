# Helpers for tests 62-64: Debian's ovs-testcontroller (Open vSwitch's
# learning-switch controller) drives fsw-vswitchd on flowswitch.ko, over
# TCP or TLS.  The bridge is fail-mode secure, so h1 and h2 reach each
# other only through the flows the controller installs.  Sourced.
. ./lib.sh
. ./ofctllib.sh
. ./interoplib.sh
command -v ovs-testcontroller >/dev/null ||
	{ echo "SKIP: no ovs-testcontroller (Debian package openvswitch-testcontroller)"; exit 77; }
command -v ovs-ofctl >/dev/null || { echo "SKIP: no ovs-ofctl"; exit 77; }
TC=/tmp/testctl
PORT=16653
MGMT=unix:$FSWRUN/br0.mgmt
FAPPCTL="$B/utilities/fsw-appctl --rundir=$FSWRUN"

# diag: called by ping_hosts and on failure.
diag()
{
	show_log $TC/tc.log 30
	show_log $FSWRUN/fsw-vswitchd.log 60
	$FAPPCTL bridge/show 2>&1
	ovs-ofctl -O OpenFlow13 --no-names dump-flows $MGMT 2>&1 | head -20
	ovs-dpctl dump-flows 2>&1 | head -20
}

tc_cleanup()
{
	rc=$?
	[ $rc = 0 ] || [ $rc = 77 ] || diag
	tc_stop
	fsw_stop
	switch_teardown
	exit $rc
}

# tc_setup: flowswitch.ko, fsw-vswitchd ($FV: its fsw-vsctl), two hosts
# and a fail-mode secure bridge br0 with v1 and v2, no controller yet.
tc_setup()
{
	rm -rf $TC
	mkdir -p $TC
	kmod_load
	ip link set lo up
	trap tc_cleanup EXIT
	fsw_start
	two_hosts
	check "secure bridge br0 with v1, v2" $FV add-br br0 -- \
		set-fail-mode br0 secure -- add-port br0 v1 -- add-port br0 v2
}

# tc_start METHOD [OPTION]...: ovs-testcontroller listening on METHOD.
tc_start()
{
	ovs-testcontroller --detach --no-chdir --pidfile=$TC/tc.pid \
		--unixctl=$TC/tc.ctl --log-file=$TC/tc.log -vconsole:off \
		-vfile:dbg "$@" || fail "ovs-testcontroller did not start"
	wait_until 30 sh -c "ss -ltn | grep -q '127.0.0.1:$PORT '" ||
		fail "ovs-testcontroller is not listening on $PORT"
	echo "ok: ovs-testcontroller listening on $1"
}

tc_stop()
{
	[ -f $TC/tc.pid ] && kill "$(cat $TC/tc.pid)" 2>/dev/null
	rm -f $TC/tc.pid
}

# tc_connected: fsw-vswitchd's controller connection is up (HELLO done).
tc_connected()
{
	$FAPPCTL bridge/show | grep -Eq "controller (tcp|ssl):.*: (ACTIVE|IDLE)"
}

# tc_learned: the controller's learning switch installed flows for both
# hosts' MACs, and the kernel forwarded packets with them.
tc_learned()
{
	ovs-ofctl -O OpenFlow13 --no-names dump-flows $MGMT >$TC/flows 2>&1
	cat $TC/flows
	check "controller installed a flow to h2's MAC" \
		grep -q "dl_dst=02:00:00:00:00:02" $TC/flows
	check "controller installed a flow to h1's MAC" \
		grep -q "dl_dst=02:00:00:00:00:01" $TC/flows
	check "its flows carried packets" grep -q "n_packets=[1-9]" $TC/flows
}

# tc_pki DIR: CA "ca" signing switch (sw) and controller (ctl) certs;
# CA "other" signing another switch cert (sw-other).  EC keys: quick
# under emulation.  Keys are mode 0600.
tc_pki()
{
	(
		set -e
		cd "$1"
		umask 077
		k="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
		for ca in ca other; do
			openssl req -x509 $k -days 2 -subj /CN=fsw-test-$ca \
				-keyout $ca-key.pem -out $ca-cert.pem
		done
		leaf()
		{
			openssl req $k -subj /CN=fsw-test-$1 -keyout $1-key.pem \
				-out $1.csr
			openssl x509 -req -in $1.csr -CA $2-cert.pem \
				-CAkey $2-key.pem -CAcreateserial -days 2 \
				-out $1-cert.pem
		}
		leaf sw ca
		leaf ctl ca
		leaf sw-other other
	) >$TC/pki.log 2>&1 || { cat $TC/pki.log; fail "making certificates"; }
	echo "ok: certificates made"
}
