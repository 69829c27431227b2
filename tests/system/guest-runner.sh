#!/bin/sh
# Inside the guest: run each system test in $FSW_TESTS in order, log its
# output to $FSW_RESULTS/log.NAME and its verdict to $FSW_RESULTS/results.
# A test passes when it exits 0 and the kernel logged no warning, BUG,
# oops or leak report while it ran; exit 77 means skipped.
R=$FSW_RESULTS
cd "$FSW_SRCDIR/tests/system" || exit 1
# Kernel messages that mean the module (or anything) misbehaved.
BAD='WARNING:|BUG:|Oops|general protection|Call Trace|UBSAN|KASAN|refcount_t|unregister_netdevice: waiting|kmemleak|list_del corruption|RCU stall|stack-protector'
for t in $FSW_TESTS; do
	echo "START $t" >>"$R/results"
	sync
	before=$(dmesg | wc -l)
	timeout -k 5 "${FSW_TEST_TIMEOUT:-300}" sh "./$t" >"$R/log.$t" 2>&1 </dev/null
	rc=$?
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
