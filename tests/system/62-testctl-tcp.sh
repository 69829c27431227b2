#!/bin/sh
# ovs-testcontroller (learning switch) drives fsw-vswitchd on
# flowswitch.ko over TCP: a fail-mode secure bridge passes traffic only
# through the flows the controller installs.
. ./testctl-lib.sh
tc_setup
ping_fails() { ! ip netns exec h1 ping -c 2 -i 0.3 -W 1 10.0.0.2; }
check "no traffic without a controller (fail-mode secure)" ping_fails
tc_start ptcp:$PORT:127.0.0.1
check "set-controller tcp:" $FV set-controller br0 tcp:127.0.0.1:$PORT
wait_until 30 tc_connected || fail "fsw-vswitchd never connected"
echo "ok: connected to ovs-testcontroller over TCP"
ping_hosts 60
tc_learned
