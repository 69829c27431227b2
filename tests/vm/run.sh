#!/bin/sh
# Run a script inside a qemu guest booting Debian's own kernel.
#
#   tests/vm/run.sh [-t SECONDS] [-o RESULTS_DIR] SCRIPT [VAR=VALUE...]
#
# The guest sees the host's root filesystem read-only (writes land in a
# tmpfs overlay), so the freshly built module, tools and tests are at the
# same paths as on the host.  SCRIPT's output and exit status come back
# through a read-write 9p share.  The guest's output is printed and the
# script's exit status becomes ours; a guest that hangs or panics is killed
# after the timeout and reported as a failure with its console log.
# One guest at a time runs on this machine (flock), because two guests on
# two cores slow each other down badly.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TIMEOUT=${FSW_VM_TIMEOUT:-600}
RES=
while getopts t:o: opt; do
	case $opt in
	t) TIMEOUT=$OPTARG ;;
	o) RES=$OPTARG ;;
	*) echo "usage: $0 [-t SECONDS] [-o DIR] SCRIPT [VAR=VALUE...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-t SECONDS] [-o DIR] SCRIPT" >&2; exit 2; }
SCRIPT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
[ -r "$SCRIPT" ] || { echo "fsw-vm: no such script: $SCRIPT" >&2; exit 2; }

eval "$("$HERE/kernel.sh")" || exit 2
if [ -z "$RES" ]; then
	RES=$(mktemp -d /tmp/fsw-vm.XXXXXX)
	CLEAN_RES=1
else
	mkdir -p "$RES"
	CLEAN_RES=0
fi
rm -f "$RES/output" "$RES/status" "$RES/dmesg" "$RES/console"
: >"$RES/env"
# VAR=VALUE pairs become a file the guest sources: quote each value.
put_env()
{
	val=$(printf '%s' "${1#*=}" | sed "s/'/'\\\\''/g")
	printf "%s='%s'\n" "${1%%=*}" "$val" >>"$RES/env"
}
for kv in "$@"; do
	put_env "$kv"
done
put_env "FSW_GUEST_CWD=$(pwd)"

MEM=${FSW_VM_MEM:-2048}
SMP=${FSW_VM_SMP:-2}
CMDLINE="console=ttyS0 quiet loglevel=3 panic=-1 oops=panic mitigations=off"
CMDLINE="$CMDLINE tsc=reliable no_timer_check rdinit=/init"
CMDLINE="$CMDLINE FSW_GUEST_INIT=$HERE/guest-init.sh FSW_GUEST_SCRIPT=$SCRIPT"

kvm_usable()
{
	[ "${FSW_VM_ACCEL:-auto}" != tcg ] && [ -c /dev/kvm ] &&
		[ -r /dev/kvm ] && [ -w /dev/kvm ]
}

boot()
{
	accel=$1
	if [ "$accel" = kvm ]; then
		acc="-accel kvm -cpu host,-arch-capabilities"
	else
		acc="-accel tcg,thread=multi -cpu max"
	fi
	timeout -k 5 "$TIMEOUT" qemu-system-x86_64 -M pc $acc -m "$MEM" \
		-smp "$SMP" -nographic -no-reboot -nodefaults -serial stdio \
		-kernel "$KERNEL" -initrd "$INITRD" -append "$CMDLINE" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-virtfs local,path="$RES",mount_tag=results,security_model=none \
		-device virtio-rng-pci \
		</dev/null >"$RES/console" 2>&1
}

# Some machines expose /dev/kvm yet hang guests (broken nested
# virtualisation): such a guest never reaches our init.  KVM gets
# KVM_PROBE seconds to show it works; otherwise the run falls back to TCG
# and the verdict is remembered so later runs go straight to TCG.
KVM_PROBE=${FSW_VM_KVM_PROBE:-40}
KVM_STATE=${FSW_VM_CACHE:-/var/cache/flowswitch-vm}/kvm-state

boot_kvm_watched()
{
	boot kvm &
	pid=$!
	waited=0
	while kill -0 $pid 2>/dev/null; do
		if grep -q 'fsw-vm: guest up' "$RES/console" 2>/dev/null; then
			echo ok >"$KVM_STATE"
			wait $pid
			return 0
		fi
		if [ $waited -ge "$KVM_PROBE" ]; then
			pkill -P $pid 2>/dev/null
			kill $pid 2>/dev/null
			wait $pid 2>/dev/null
			echo broken >"$KVM_STATE"
			return 1
		fi
		sleep 1
		waited=$((waited + 1))
	done
	wait $pid
	grep -q 'fsw-vm: guest up' "$RES/console" || return 1
	echo ok >"$KVM_STATE"
	return 0
}

run_locked()
{
	if kvm_usable && { [ "${FSW_VM_ACCEL:-auto}" = kvm ] ||
			[ "$(cat "$KVM_STATE" 2>/dev/null)" != broken ]; }; then
		boot_kvm_watched && return
		echo "fsw-vm: KVM guest did not come up in ${KVM_PROBE}s, using TCG" >&2
	fi
	boot tcg
}

LOCK=${FSW_VM_LOCK:-/tmp/flowswitch-vm.lock}
exec 9>"$LOCK"
flock 9
run_locked
exec 9>&-

[ -f "$RES/output" ] && cat "$RES/output"
if [ -f "$RES/status" ]; then
	status=$(cat "$RES/status")
else
	echo "fsw-vm: guest did not finish (hung, panicked or timed out after ${TIMEOUT}s); console log:"
	tail -60 "$RES/console" | sed 's/^/  console: /'
	status=125
fi
[ "$CLEAN_RES" = 1 ] && rm -rf "$RES"
exit "$status"
