#!/bin/sh
# ovs-testcontroller drives fsw-vswitchd over TLS: certificates from a
# test CA, fsw-vsctl set-ssl on the switch, pssl: with -p/-c/-C on the
# controller; the hosts ping through the flows it installs.
. ./testctl-lib.sh
tc_setup
tc_pki $TC
tc_start pssl:$PORT:127.0.0.1 -p $TC/ctl-key.pem -c $TC/ctl-cert.pem \
	-C $TC/ca-cert.pem
check "fsw-vsctl set-ssl" $FV set-ssl $TC/sw-key.pem $TC/sw-cert.pem \
	$TC/ca-cert.pem
$FV get-ssl >$TC/get-ssl
check "get-ssl shows the private key" \
	grep -qx "Private key: $TC/sw-key.pem" $TC/get-ssl
check "get-ssl shows the CA certificate" \
	grep -qx "CA Certificate: $TC/ca-cert.pem" $TC/get-ssl
check "set-controller ssl:" $FV set-controller br0 ssl:127.0.0.1:$PORT
wait_until 30 tc_connected || fail "fsw-vswitchd never connected over TLS"
echo "ok: connected to ovs-testcontroller over TLS"
check "the connection is TLS (ss sees it established on $PORT)" sh -c \
	"ss -tn state established '( dport = :$PORT )' | grep -q 127.0.0.1"
ping_hosts 60
tc_learned
