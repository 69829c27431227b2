#!/bin/sh
# build.sh CC "CFLAGS" OUTPUT SOURCE... : builds one libFuzzer target, or
# without CC (clang) a stub that exits 77 so that its test is skipped.
cc=$1 cflags=$2 out=$3
shift 3
mkdir -p "$(dirname "$out")"
if command -v "$cc" >/dev/null 2>&1; then
	exec $cc $cflags -o "$out" "$@"
fi
echo "$cc not found: $out will skip" >&2
printf '#!/bin/sh\nexit 77\n' >"$out" && chmod +x "$out"
