#!/bin/sh
# TLS refusals with ovs-testcontroller as the controller:
#  (d) set-ssl refuses a private key readable by others, changes nothing;
#  (c) a switch certificate from another CA: the controller refuses it,
#      no connection, no traffic, the failure is in fsw-vswitchd's log;
#      a switch that trusts another CA refuses the controller and logs
#      the verification error;
#  and the right settings, set live, connect and pass traffic.
. ./testctl-lib.sh
tc_setup
tc_pki $TC
ping_fails() { ! ip netns exec h1 ping -c 3 -i 0.3 -W 1 10.0.0.2; }
never_connected() { ! wait_until "$1" tc_connected; }

# (d)
cp $TC/sw-key.pem $TC/loose-key.pem
chmod 644 $TC/loose-key.pem
check_not "set-ssl with a 0644 private key" sh -c "$FV set-ssl \
	$TC/loose-key.pem $TC/sw-cert.pem $TC/ca-cert.pem 2>$TC/err"
cat $TC/err
check "the error names the key and its mode" \
	grep -q "loose-key.pem is readable by group or others (mode 0644)" \
	$TC/err
check "get-ssl: nothing stored" test -z "$($FV get-ssl)"

tc_start pssl:$PORT:127.0.0.1 -p $TC/ctl-key.pem -c $TC/ctl-cert.pem \
	-C $TC/ca-cert.pem
# (c) our certificate is signed by "other", which the controller does
# not trust.
check "set-ssl (certificate from the other CA)" $FV set-ssl \
	$TC/sw-other-key.pem $TC/sw-other-cert.pem $TC/ca-cert.pem
check "set-controller ssl:" $FV set-controller br0 ssl:127.0.0.1:$PORT
check "no connection for 8 s" never_connected 8
check "no traffic" ping_fails
check "fsw-vswitchd logs the failed handshake" \
	grep -q "ssl:127.0.0.1:$PORT: TLS handshake failed" \
	$FSWRUN/fsw-vswitchd.log
check "ovs-testcontroller logs the verification failure" \
	grep -qi "certificate verify failed" $TC/tc.log
check "fsw-vswitchd retries with a growing backoff" \
	grep -q "waiting 2 s before reconnecting" $FSWRUN/fsw-vswitchd.log
grep -E "stream_ssl|rconn" $FSWRUN/fsw-vswitchd.log | tail -4

# (c) our certificate is fine but we trust only "other", which did not
# sign the controller's: fsw-vswitchd itself refuses and says why.
check "set-ssl (trusting only the other CA)" $FV set-ssl \
	$TC/sw-key.pem $TC/sw-cert.pem $TC/other-cert.pem
check "no connection for 5 s" never_connected 5
check "no traffic" ping_fails
check "fsw-vswitchd logs the verification error" \
	grep -q "TLS handshake failed: certificate verify failed" \
	$FSWRUN/fsw-vswitchd.log
grep "certificate verify failed" $FSWRUN/fsw-vswitchd.log | tail -1

# The right settings, applied live: connected, traffic flows.
check "set-ssl (the right CA)" $FV set-ssl $TC/sw-key.pem \
	$TC/sw-cert.pem $TC/ca-cert.pem
wait_until 30 tc_connected || fail "never connected with good settings"
echo "ok: connected once the settings are right (no restart)"
ping_hosts 60
