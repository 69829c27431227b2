#!/bin/sh
# Run every test: installs what is missing, builds, then `make check`
# (native unit tests, then the system tests inside a qemu guest).
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec make -s check
