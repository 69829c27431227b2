#!/bin/sh
# Install every Debian package Flowswitch needs to build, test and run
# its demo.  Idempotent: silent when everything is already installed.
set -eu
PKGS="
build-essential autoconf automake pkg-config openssl
libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libssl-dev libjansson-dev libcmocka-dev
linux-libc-dev clang
linux-image-amd64 linux-headers-amd64
qemu-system-x86 busybox-static kmod cpio xz-utils
iproute2 iputils-ping procps psmisc tcpdump ethtool
openvswitch-switch openvswitch-common openvswitch-testcontroller
gnuplot-nox
python3-os-ken
"
missing=
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing (run as root)" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
