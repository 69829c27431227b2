#!/bin/sh
# Inside the guest: run each system test in $FSW_TESTS in order, log its
# output to $FSW_RESULTS/log.NAME and its verdict to $FSW_RESULTS/results.
# A test passes when it exits 0 and the kernel logged no warning, BUG,
# oops or leak report while it ran; exit 77 means skipped.
R=$FSW_RESULTS
cd "$FSW_SRCDIR/tests/system" || exit 1
# Kernel messages that mean the module (or anything) misbehaved.
BAD='WARNING:|BUG:|Oops|general protection|Call Trace|UBSAN|KASAN|refcount_t|unregister_netdevice: waiting|kmemleak|list_del corruption|RCU stall|stack-protector'
# Each test starts from a clean guest: no daemons, namespaces, veths or
# datapaths left by the previous one, and neither datapath module loaded.
# A flowswitch.ko that cannot be unloaded once everything is gone holds a
# leaked reference: that fails the test that leaked it.
cleanup()
{
	pkill -9 -x fsw-vswitchd 2>/dev/null
	pkill -9 -x ovs-vswitchd 2>/dev/null
	pkill -9 -x ovsdb-server 2>/dev/null
	pkill -9 -f osken-manager 2>/dev/null
	pkill -9 -x ovs-testcontroller 2>/dev/null
	sleep 0.3
	# Sockets and pid files of the daemons just killed (the guest's
	# root is a throwaway overlay): a later test must not find them.
	rm -rf /var/run/openvswitch /var/run/flowswitch
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		ip netns del "$ns"
	done
	for dp in $(ovs-dpctl dump-dps 2>/dev/null); do
		ovs-dpctl del-dp "$dp" 2>/dev/null
	done
	for l in $(ip -o link show type veth 2>/dev/null |
			awk -F': ' '{print $2}' | cut -d@ -f1); do
		ip link del "$l" 2>/dev/null
	done
	rmmod openvswitch 2>/dev/null
	if lsmod | grep -q '^flowswitch '; then
		rmmod flowswitch || return 1
	fi
	return 0
}

for t in $FSW_TESTS; do
	echo "START $t" >>"$R/results"
	sync
	before=$(dmesg | wc -l)
	timeout -k 5 "${FSW_TEST_TIMEOUT:-300}" sh "./$t" >"$R/log.$t" 2>&1 </dev/null
	rc=$?
	if ! cleanup >>"$R/log.$t" 2>&1; then
		echo "flowswitch.ko could not be unloaded after the test (leaked reference?)" >>"$R/log.$t"
		[ $rc = 0 ] && rc=98
	fi
	if dmesg | tail -n +"$((before + 1))" | grep -E "$BAD" >"$R/kmsg.$t"; then
		{
			echo "kernel log during $t:"
			dmesg | tail -n +"$((before + 1))" | head -60
		} >>"$R/log.$t"
		rc=99
	fi
	case $rc in
	0) echo "PASS $t" ;;
	77) echo "SKIP $t" ;;
	124) echo "timed out" >>"$R/log.$t"; echo "FAIL $t" ;;
	*) echo "exit status $rc" >>"$R/log.$t"; echo "FAIL $t" ;;
	esac >>"$R/results"
	sync
done
exit 0
