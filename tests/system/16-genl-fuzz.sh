#!/bin/sh
# A short run of the generic netlink fuzzer against all four families:
# mutated valid requests and attribute soup, with a live datapath, an
# internal port and a veth attached.  The kernel must answer every
# request (no timeouts), log no warning or oops (the runner checks) and
# let flowswitch.ko unload afterwards (no leaked reference).
. ./lib.sh
FUZZ=$B/tests/fuzz/genl-fuzz
[ -x "$FUZZ" ] || { echo "no $FUZZ"; exit 77; }
fsw_load
ip link add fzv0 type veth peer name fzv1 || fail "cannot create veth"
ip link set fzv0 up
ip link set fzv1 up
# Two seeds, so a run covers more than one sequence; the second runs as
# two processes at once, so that requests race each other.
for seed in 1 2; do
	"$FUZZ" --seed $seed --count ${FSW_FUZZ_COUNT:-3000} --veth fzv0 \
		--jobs $seed >/tmp/fuzz.$seed 2>&1
	rc=$?
	cat /tmp/fuzz.$seed
	check "fuzzer seed $seed finished" test $rc -eq 0
	check_not "seed $seed: every request answered" grep -q timeout /tmp/fuzz.$seed
	check "seed $seed: some flows were accepted" \
		grep -Eq '^ovs_flow .* OK [0-9]+' /tmp/fuzz.$seed
	check "seed $seed: some packets were executed" \
		grep -Eq '^ovs_packet .* OK [0-9]+' /tmp/fuzz.$seed
done
check "no fz datapath or port left" test -z \
	"$(ls /sys/class/net | grep '^fz' | grep -v '^fzv[01]$')"
# The module still works: a datapath with a port comes and goes.
check "add-dp after the fuzz" "$B/tests/nlreq" ovs_datapath new \
	name=str:dp0 upcall_pid=u32:0
ip link del fzv0
check "unload" rmmod flowswitch
check "reload" insmod "$KO"
exit 0
