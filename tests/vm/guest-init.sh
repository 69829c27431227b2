#!/bin/sh
# Second stage inside the guest, PID 1 on the overlaid host root.
# Sets up a minimal system, runs $FSW_GUEST_SCRIPT with its output and
# exit status going to the results share, then powers off.  Nothing here
# may keep a pipe open to the script: a daemon left behind would keep the
# guest from ever powering off.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH HOME=/root TERM=dumb
R=/fsw-results

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /var/run 2>/dev/null
mount -t tmpfs tmpfs /var/log
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /run/netns /var/run/flowswitch /var/lib/flowswitch /var/run/openvswitch
hostname fsw-guest
ip link set lo up

if [ -f "$R/env" ]; then
	set -a
	. "$R/env"
	set +a
fi
cd "${FSW_GUEST_CWD:-/}"
echo "fsw-vm: guest up, running $FSW_GUEST_SCRIPT" >/dev/console
sh "$FSW_GUEST_SCRIPT" >"$R/output" 2>&1 </dev/null
echo $? >"$R/status"
dmesg >"$R/dmesg" 2>&1
sync
echo o >/proc/sysrq-trigger
sleep 30
