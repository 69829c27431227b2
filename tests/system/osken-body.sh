# Body of tests 89 (TCP) and 90 (TLS): the os-ken controller running our
# own OpenFlow 1.3 learning-switch app (tests/osken/learning_switch_13.py;
# Debian's os-ken ships no example apps) drives a fail-mode secure bridge;
# the hosts ping only through the flows it installs.  Then os-ken is
# restarted: the switch must reconnect and work again.
#   OSKEN_PROTO    tcp or ssl
#   INTEROP_SWITCH fsw (our fsw-vswitchd, default) or ovs (Debian's
#                  ovs-vswitchd: checks this test and the app themselves)
#   INTEROP_KMOD   fsw (flowswitch.ko, default) or ovs (openvswitch.ko)
. ./lib.sh
. ./ofctllib.sh
. ./interoplib.sh
command -v osken-manager >/dev/null || { echo "no osken-manager (python3-os-ken)"; exit 77; }
APP=$FSW_SRCDIR/tests/osken/learning_switch_13.py
[ -f "$APP" ] || fail "no $APP"
SW=${INTEROP_SWITCH:-fsw}
PORT=6653
D=/tmp/osken
[ -x "$OFCTL" ] || { echo "fsw-ofctl not built"; exit 77; }
[ "$SW" = ovs ] && ofctl_need
kmod_load
ip link set lo up
rm -rf $D
mkdir -p $D
diag()
{
	for f in $D/osken*.log; do
		echo "--- $f"
		tail -n 30 $f
	done
	if [ "$SW" = ovs ]; then
		grep -E "rconn|stream_ssl|vconn|WARN|ERR" $OVSRUN/ovs-vswitchd.log | tail -30
	else
		show_log $FSWRUN/fsw-vswitchd.log 40
	fi
	ovs-dpctl dump-flows 2>&1 | head
}
cleanup()
{
	[ $? = 0 ] || diag
	[ -n "$OSKEN_PID" ] && kill $OSKEN_PID 2>/dev/null
	if [ "$SW" = ovs ]; then ovs_stop; else fsw_stop; fi
	switch_teardown
}
trap cleanup EXIT

if [ "$OSKEN_PROTO" = ssl ]; then
	# A CA, a certificate it signs for each side, and another CA that
	# signed neither (EC keys: quick to make under emulation).
	cd $D || fail "cd $D"
	for ca in ca other-ca; do
		check "certificate of $ca" openssl req -x509 -newkey ec \
			-pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
			-subj /CN=fsw-test-$ca -keyout $ca.key -out $ca.pem
	done
	for n in ctl sw; do
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
			-nodes -subj /CN=fsw-test-$n -keyout $n.key -out $n.csr &&
		openssl x509 -req -in $n.csr -CA ca.pem -CAkey ca.key \
			-CAcreateserial -days 2 -out $n.pem 2>/dev/null ||
			fail "certificate for $n"
	done
	chmod 600 *.key
	cd - >/dev/null
	KEYS="--ctl-privkey $D/ctl.key --ctl-cert $D/ctl.pem --ca-certs $D/ca.pem --ofp-ssl-listen-port $PORT"
	TARGET=ssl:127.0.0.1:$PORT
else
	KEYS="--ofp-tcp-listen-port $PORT"
	TARGET=tcp:127.0.0.1:$PORT
fi

# osken_start N: os-ken with log $D/oskenN.log, listening on $PORT.
osken_start()
{
	osken-manager --ofp-listen-host 127.0.0.1 $KEYS \
		--log-file $D/osken$1.log $APP >$D/osken$1.out 2>&1 &
	OSKEN_PID=$!
	wait_until 60 sh -c "ss -ltn | grep -q '127.0.0.1:$PORT '" ||
		{ cat $D/osken$1.out; fail "os-ken is not listening on $PORT"; }
	echo "ok: os-ken listening on $PORT"
}

# osken_stop: kill os-ken and wait for it to be gone.
osken_stop()
{
	kill $OSKEN_PID
	wait $OSKEN_PID 2>/dev/null
	OSKEN_PID=
}

osken_start 1
two_hosts
if [ "$SW" = ovs ]; then
	OFCTL_DP_TYPE=system
	ovs_start
	# First a CA that did not sign os-ken's certificate.
	[ "$OSKEN_PROTO" = ssl ] && { check "ovs-vsctl set-ssl (wrong CA)" $VSCTL \
		set-ssl $D/sw.key $D/sw.pem $D/other-ca.pem; }
	check "add-br (secure, OF1.3)" $VSCTL add-br br0 -- set bridge br0 \
		fail-mode=secure protocols=OpenFlow13
	check "add-port v1, v2" $VSCTL add-port br0 v1 -- add-port br0 v2
	check "set-controller $TARGET" $VSCTL set-controller br0 $TARGET
	M=br0
	VS=$VSCTL
	connected()
	{
		$VSCTL get controller br0 is_connected | grep -q true
	}
else
	fsw_start
	# First a CA that did not sign os-ken's certificate.
	[ "$OSKEN_PROTO" = ssl ] && { check "fsw-vsctl set-ssl (wrong CA)" $FV \
		set-ssl $D/sw.key $D/sw.pem $D/other-ca.pem; }
	check "add-br (secure, OF1.3)" $FV add-br br0 -- set-fail-mode br0 \
		secure -- set bridge br0 protocols=OpenFlow13
	check "add-port v1, v2" $FV add-port br0 v1 -- add-port br0 v2
	check "set-controller $TARGET" $FV set-controller br0 $TARGET
	M=unix:$FSWRUN/br0.mgmt
	VS=$FV
	# The daemon's own view of its controller connection (rconn
	# state ACTIVE or IDLE).  "fsw-vsctl show" would be the place,
	# but fsw-vswitchd does not publish "is_connected" yet.
	connected()
	{
		$B/utilities/fsw-appctl --rundir=$FSWRUN bridge/show |
			grep -Eq "controller $TARGET: (ACTIVE|IDLE),"
	}
fi
F="$OFCTL -O OpenFlow13"

# controlled N: the switch is connected to os-ken number N, which has
# installed its table-miss flow (to the controller, whole packets).
controlled()
{
	wait_until 60 connected || fail "switch never connected to os-ken"
	echo "ok: switch connected to os-ken"
	wait_until 60 grep -q "table-miss flow installed" $D/osken$1.log ||
		fail "os-ken never saw the switch's features"
	wait_until 30 sh -c "$F dump-flows $M | grep -q 'priority=0 actions=CONTROLLER:65535'" ||
		{ $F dump-flows $M; fail "no table-miss flow from os-ken"; }
	echo "ok: table-miss flow installed by os-ken"
}

# learned N: hosts ping through os-ken number N's flows, in OpenFlow
# and in the kernel datapath.
learned()
{
	ping_hosts 60
	check "os-ken saw packet-ins" grep -q "packet in" $D/osken$1.log
	$F dump-flows $M >$D/flows
	cat $D/flows
	for a in 1 2; do
		b=$((3 - a))
		check "os-ken flow h$a -> h$b" grep -q "priority=1,in_port=.*dl_src=02:00:00:00:00:0$a,dl_dst=02:00:00:00:00:0$b.* actions=output:" $D/flows
	done
	check "learned flows hit" grep -q "n_packets=[1-9].*priority=1,in_port=" $D/flows
	ip netns exec h1 ping -c 2 -i 0.3 -W 2 10.0.0.2 >/dev/null ||
		fail "h1 -> h2 again"
	if [ "$SW" = ovs ]; then
		ovs-dpctl dump-flows >$D/dpflows
	else
		$B/utilities/fsw-dpctl dump-flows >$D/dpflows
	fi
	cat $D/dpflows
	for a in 1 2; do
		b=$((3 - a))
		check "kernel flow h$a -> h$b" grep -q "eth(src=02:00:00:00:00:0$a,dst=02:00:00:00:00:0$b).*packets:[1-9].*actions:[0-9]" $D/dpflows
	done
}

if [ "$OSKEN_PROTO" = ssl ]; then
	# The switch must not trust a controller its CA did not sign.
	sleep 8
	check_not "no connection to an untrusted controller" connected
	check_not "os-ken never got the switch" \
		grep -q "table-miss flow installed" $D/osken1.log
	[ "$SW" = fsw ] && check "TLS refusal logged" grep -q \
		"TLS handshake failed.*certificate verify failed" \
		$FSWRUN/fsw-vswitchd.log
	check "set-ssl (right CA)" $VS set-ssl $D/sw.key $D/sw.pem $D/ca.pem
fi
controlled 1
learned 1

# os-ken restarts.  The switch, left without its controller, keeps no
# fallback path once its flows are gone (fail-mode secure), then
# reconnects to the new os-ken, which starts learning afresh.
osken_stop
wait_until 30 sh -c "! connected" || fail "switch still connected after os-ken stopped"
echo "ok: switch saw os-ken go"
check "del-flows" $F del-flows $M
check "no flows left" sh -c "! $F dump-flows $M | grep -q actions="
check_not "no path without a controller" ip netns exec h1 ping -c 2 -i 0.3 -W 1 10.0.0.2
osken_start 2
controlled 2
learned 2
