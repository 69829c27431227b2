#!/bin/sh
# Configure (once) and build userspace, the unit tests and flowswitch.ko.
set -eu
cd "$(dirname "$0")/.."
[ -x configure ] || ./boot.sh >/dev/null
[ -f Makefile ] || ./configure -q
make -s -j"$(nproc)"
make -s modules >/dev/null
