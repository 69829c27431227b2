#!/bin/sh
# `make fuzz-kernel`, inside the guest: load flowswitch.ko, run genl-fuzz
# for FUZZ_COUNT messages per family, then unload the module.  Fails when
# the fuzzer fails, the kernel logs a warning/BUG/oops, or the module
# cannot be unloaded afterwards (a leaked reference).
cd "$FSW_SRCDIR/tests/system" || exit 1
. ./lib.sh
BAD='WARNING:|BUG:|Oops|general protection|Call Trace|UBSAN|KASAN|refcount_t|unregister_netdevice: waiting|kmemleak|list_del corruption|RCU stall|stack-protector'
fsw_load
ip link add fzv0 type veth peer name fzv1 || fail "cannot create veth"
ip link set fzv0 up
ip link set fzv1 up
before=$(dmesg | wc -l)
"$B/tests/fuzz/genl-fuzz" --seed "${FUZZ_SEED:-1}" \
	--count "${FUZZ_COUNT:-100000}" --jobs "${FUZZ_JOBS:-1}" --veth fzv0
rc=$?
ip link del fzv0 2>/dev/null
rmmod flowswitch || { echo "FAIL: flowswitch.ko cannot be unloaded"; rc=1; }
if dmesg | tail -n +"$((before + 1))" | grep -E "$BAD"; then
	echo "FAIL: the kernel complained:"
	dmesg | tail -n +"$((before + 1))" | head -80
	rc=1
fi
[ $rc -eq 0 ] && echo "fuzz-kernel: passed"
exit $rc
