# Body of tests 89 (TCP) and 90 (TLS): the os-ken controller with its
# bundled os_ken.app.simple_switch_13 drives a fail-mode secure bridge
# over OpenFlow 1.3; the hosts ping only through what it installs.
#   OSKEN_PROTO    tcp or ssl
#   INTEROP_SWITCH fsw (our fsw-vswitchd, default) or ovs (Debian's
#                  ovs-vswitchd: checks this test's own logic)
#   INTEROP_KMOD   fsw (flowswitch.ko, default) or ovs (openvswitch.ko)
. ./lib.sh
. ./ofctllib.sh
. ./interoplib.sh
command -v osken-manager >/dev/null || { echo "no osken-manager (python3-os-ken)"; exit 77; }
# Debian's python3-os-ken 2.5.0 does not ship os_ken/app/simple_switch_13.py.
/usr/bin/python3 -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('os_ken.app.simple_switch_13') is None)" ||
	{ echo "SKIP: Debian's python3-os-ken lacks the bundled app os_ken.app.simple_switch_13"; exit 77; }
SW=${INTEROP_SWITCH:-fsw}
PORT=6653
D=/tmp/osken
if [ "$SW" = fsw ] && [ "$OSKEN_PROTO" = ssl ] &&
		! $FSWVSCTL --help 2>&1 | grep -q "set-ssl"; then
	echo "SKIP: fsw-vswitchd has no TLS settings (no fsw-vsctl set-ssl, no private key/certificate/CA in its configuration): ssl: controllers cannot be configured"
	exit 77
fi
if [ "$SW" = ovs ]; then
	ofctl_need
else
	command -v ovs-ofctl >/dev/null || { echo "no ovs-ofctl"; exit 77; }
fi
kmod_load
ip link set lo up
rm -rf $D
mkdir -p $D
diag()
{
	echo "--- os-ken log"
	tail -n 30 $D/osken.log
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
	for dp in $(ovs-dpctl dump-dps 2>/dev/null); do
		ovs-dpctl del-dp "$dp"
	done
	two_hosts_cleanup
	kmod_unload 2>/dev/null
}
trap cleanup EXIT

if [ "$OSKEN_PROTO" = ssl ]; then
	# A CA, and a certificate it signs for each side (EC keys: quick
	# to make under emulation).
	cd $D || fail "cd $D"
	check "CA certificate" openssl req -x509 -newkey ec \
		-pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj /CN=fsw-test-ca -keyout ca.key -out ca.pem
	for n in ctl sw; do
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
			-nodes -subj /CN=fsw-test-$n -keyout $n.key -out $n.csr &&
		openssl x509 -req -in $n.csr -CA ca.pem -CAkey ca.key \
			-CAcreateserial -days 2 -out $n.pem 2>/dev/null ||
			fail "certificate for $n"
	done
	cd - >/dev/null
	KEYS="--ctl-privkey $D/ctl.key --ctl-cert $D/ctl.pem --ca-certs $D/ca.pem --ofp-ssl-listen-port $PORT"
	TARGET=ssl:127.0.0.1:$PORT
else
	KEYS="--ofp-tcp-listen-port $PORT"
	TARGET=tcp:127.0.0.1:$PORT
fi
osken-manager --ofp-listen-host 127.0.0.1 $KEYS --log-file $D/osken.log \
	os_ken.app.simple_switch_13 >$D/osken.out 2>&1 &
OSKEN_PID=$!
wait_until 60 sh -c "ss -ltn | grep -q '127.0.0.1:$PORT '" ||
	{ cat $D/osken.out; fail "os-ken is not listening on $PORT"; }
echo "ok: os-ken listening on $PORT"

two_hosts
if [ "$SW" = ovs ]; then
	OFCTL_DP_TYPE=system
	ovs_start
	[ "$OSKEN_PROTO" = ssl ] && { check "ovs-vsctl set-ssl" $VSCTL \
		set-ssl $D/sw.key $D/sw.pem $D/ca.pem; }
	check "add-br (secure, OF1.3)" $VSCTL add-br br0 -- set bridge br0 \
		fail-mode=secure protocols=OpenFlow13
	check "add-port v1, v2" $VSCTL add-port br0 v1 -- add-port br0 v2
	check "set-controller $TARGET" $VSCTL set-controller br0 $TARGET
	M=br0
	connected()
	{
		$VSCTL get controller br0 is_connected | grep -q true
	}
else
	fsw_start
	[ "$OSKEN_PROTO" = ssl ] && { check "fsw-vsctl set-ssl" $FV \
		set-ssl $D/sw.key $D/sw.pem $D/ca.pem; }
	check "add-br (secure, OF1.3)" $FV add-br br0 -- set-fail-mode br0 \
		secure -- set bridge br0 protocols=OpenFlow13
	check "add-port v1, v2" $FV add-port br0 v1 -- add-port br0 v2
	check "set-controller $TARGET" $FV set-controller br0 $TARGET
	M=unix:$FSWRUN/br0.mgmt
	connected()
	{
		ss -tn state established "( dport = :$PORT )" | grep -q 127.0.0.1
	}
fi
wait_until 60 connected || fail "switch never connected to os-ken"
echo "ok: switch connected to os-ken"
# simple_switch_13 installs its table-miss flow (to the controller) once
# it has the switch's features.
wait_until 60 sh -c "ovs-ofctl -O OpenFlow13 dump-flows $M | grep -q 'priority=0 actions=CONTROLLER:65535'" ||
	{ ovs-ofctl -O OpenFlow13 dump-flows $M; fail "no table-miss flow from os-ken"; }
echo "ok: table-miss flow installed by os-ken"
ping_hosts 60
check "os-ken saw packet-ins" grep -q "packet in" $D/osken.log
ovs-ofctl -O OpenFlow13 dump-flows $M | tee $D/flows
check "os-ken installed learned flows" grep -q "priority=1,in_port=.*dl_dst=02:00:00:00:00:0[12].* actions=output:" $D/flows
check "learned flows hit" grep -q "n_packets=[1-9].*priority=1,in_port=" $D/flows
