#!/bin/sh
# fsw-ofctl's ways to reach a switch, against Debian's ovs-vswitchd:
# bridge names ($FSW_RUNDIR, $OVS_RUNDIR, default directories), unix:,
# tcp: and ssl: (with a CA the tests make), plus --timeout and
# connection errors.
. ./lib.sh
. ./ofctllib.sh
ofctl_need
trap 'ovs_stop; rm -f /var/run/openvswitch/br0.mgmt; kill $SILENT 2>/dev/null' EXIT
ovs_start
ovs_bridge br0
O=$OFCTL
S=$OVSRUN/br0.mgmt
$O add-flow br0 "priority=7,actions=drop" || fail "add-flow"

check "unix:PATH" sh -c "$O dump-flows unix:$S | grep -q priority=7"
check "a path is a unix socket" sh -c "$O dump-flows $S | grep -q priority=7"
check "FSW_RUNDIR" sh -c "OVS_RUNDIR= FSW_RUNDIR=$OVSRUN $O dump-flows br0 | grep -q priority=7"
expect_fail "FSW_RUNDIR wins over OVS_RUNDIR" "/nonexistent/br0.mgmt" \
	env FSW_RUNDIR=/nonexistent $O dump-flows br0
expect_fail "default run directory" "/var/run/flowswitch/br0.mgmt" \
	env -u OVS_RUNDIR -u FSW_RUNDIR $O dump-flows br0
mkdir -p /var/run/openvswitch
ln -sf $S /var/run/openvswitch/br0.mgmt
check "Open vSwitch's run directory as a fallback" \
	sh -c "env -u OVS_RUNDIR -u FSW_RUNDIR $O dump-flows br0 | grep -q priority=7"
rm -f /var/run/openvswitch/br0.mgmt

echo "=== tcp"
$VSCTL set-controller br0 ptcp:16653:127.0.0.1 || fail "set-controller"
for i in $(seq 50); do
	$O -t 5 show tcp:127.0.0.1:16653 >/dev/null 2>&1 && break
	sleep 0.2
done
check "tcp: show" sh -c "$O show tcp:127.0.0.1:16653 | grep -q '^ LOCAL(br0)'"
check "tcp: add-flow" $O -O OpenFlow10 add-flow tcp:127.0.0.1:16653 "priority=8,ip,actions=drop"
check "tcp: flow is there" sh -c "ovs-ofctl dump-flows br0 | grep -q priority=8,ip"
expect_fail "connection refused" "Connection refused" $O show tcp:127.0.0.1:1
expect_fail "bad target" "invalid IP address" $O show tcp:localhost

echo "=== ssl"
if command -v openssl >/dev/null; then
	P=/tmp/pki
	rm -rf $P
	mkdir -p $P
	cd $P
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca \
		-keyout ca-key.pem -out ca.pem 2>/dev/null || fail "CA"
	for n in sw ctl; do
		openssl req -newkey rsa:2048 -nodes -subj /CN=$n \
			-keyout $n-key.pem -out $n.csr 2>/dev/null &&
		openssl x509 -req -in $n.csr -CA ca.pem -CAkey ca-key.pem \
			-CAcreateserial -days 2 -out $n-cert.pem 2>/dev/null ||
			fail "certificate $n"
	done
	chmod 600 *-key.pem
	cd - >/dev/null
	$VSCTL set-ssl $P/sw-key.pem $P/sw-cert.pem $P/ca.pem &&
	$VSCTL set-controller br0 ptcp:16653:127.0.0.1 pssl:16654:127.0.0.1 ||
		fail "set-ssl"
	SSLOPTS="--private-key=$P/ctl-key.pem --certificate=$P/ctl-cert.pem --ca-cert=$P/ca.pem"
	for i in $(seq 50); do
		$O -t 5 $SSLOPTS show ssl:127.0.0.1:16654 >/dev/null 2>&1 && break
		sleep 0.2
	done
	check "ssl: show" sh -c "$O $SSLOPTS show ssl:127.0.0.1:16654 | grep -q '^ LOCAL(br0)'"
	check "ssl: add-flow" $O $SSLOPTS add-flow ssl:127.0.0.1:16654 "priority=9,arp,actions=drop"
	check "ssl: flow is there" sh -c "ovs-ofctl dump-flows br0 | grep -q priority=9,arp"
	expect_fail "ssl: needs key options" "private-key" \
		$O show ssl:127.0.0.1:16654
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca \
		-keyout $P/other-key.pem -out $P/other.pem 2>/dev/null
	expect_fail "ssl: a switch signed by another CA is refused" "ssl" \
		$O -t 10 --private-key=$P/ctl-key.pem --certificate=$P/ctl-cert.pem \
		--ca-cert=$P/other.pem show ssl:127.0.0.1:16654
else
	echo "no openssl CLI: ssl part skipped"
fi

echo "=== timeout"
# A listener that accepts and never says HELLO.
python3 -c '
import socket, time
s = socket.socket(socket.AF_UNIX)
s.bind("/tmp/silent.sock")
s.listen(4)
conns = []
while True:
    c, _ = s.accept()
    conns.append(c)
' &
SILENT=$!
for i in $(seq 100); do [ -S /tmp/silent.sock ] && break; sleep 0.2; done
start=$(date +%s)
expect_fail "--timeout" "timed out" $O --timeout=2 show unix:/tmp/silent.sock
took=$(( $(date +%s) - start ))
check "gave up after about 2 s (took $took)" [ $took -ge 1 -a $took -le 10 ]
expect_fail "bad --timeout" "timeout" $O --timeout=abc show br0
exit 0
