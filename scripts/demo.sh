#!/bin/sh
# The main job: install, build, boot Debian's kernel in qemu, load
# flowswitch.ko, start fsw-vswitchd with a bridge joining two namespaced
# hosts, show them pinging through it, and show the switch's flows
# (scripts/demo-guest.sh is what runs inside the guest).
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
kver=$(modinfo -F vermagic datapath/flowswitch.ko | cut -d' ' -f1)
FSW_KVER=$kver exec tests/vm/run.sh scripts/demo-guest.sh \
	"FSW_SRCDIR=$(pwd)" "FSW_BUILDDIR=$(pwd)"
