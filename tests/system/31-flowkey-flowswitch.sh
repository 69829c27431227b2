#!/bin/sh
# The same differential test against flowswitch.ko: its upcall keys come
# from the same parser, so they must equal userspace's byte for byte,
# and its flows must read back with the key and mask that were meant.
# A setup failure (exit 2: no datapath, no EXECUTE with userspace())
# is a failure here, not a skip.
. ./lib.sh

fsw_load
"$B/tests/flowkey-kdiff" ./flowkey-packets.txt
rc=$?
fsw_unload
exit $rc
