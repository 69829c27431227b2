#!/bin/sh
# Side-by-side benchmarks (`make bench`): boots ONE VM that measures a bare
# veth pair, Open vSwitch and Flowswitch in turn (benchmarks/guest-bench.sh),
# then summarises on the host: results.txt (table with ours/OVS ratios),
# results.json and results.png (gnuplot).
#
#   benchmarks/run-bench.sh [-o OUTDIR] [-s]
#     -o OUTDIR  where results.{txt,json,png} and raw.txt go (default: the
#                build tree's benchmarks/)
#     -s         summarise an existing OUTDIR/raw.txt again, no VM run
# Environment: BENCH_RUNS (3), BENCH_SECS (3), BENCH_P3_SECS (4),
# BENCH_VM_RULES (10000: P4/P6 in the VM), BENCH_RULES (100000: P4N/P6N
# natively on the host, benchmarks/host-rules.sh), FSW_VM_MEM (default here 3072), FSW_VM_SMP (2).
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${FSW_BUILDDIR:-$SRC}
OUT=$BUILD/benchmarks
SUMMARY_ONLY=0
while getopts o:s opt; do
	case $opt in
	o) OUT=$OPTARG ;;
	s) SUMMARY_ONLY=1 ;;
	*) echo "usage: $0 [-o OUTDIR] [-s]" >&2; exit 2 ;;
	esac
done
mkdir -p "$OUT" || exit 1
OUT=$(cd "$OUT" && pwd)

if [ $SUMMARY_ONLY = 0 ]; then
	[ -x "$BUILD/benchmarks/pktbench" ] ||
		{ echo "bench: $BUILD/benchmarks/pktbench not built (make)" >&2; exit 1; }
	VMRES=$(mktemp -d /tmp/fsw-bench.XXXXXX)
	export FSW_VM_MEM=${FSW_VM_MEM:-3072}
	export FSW_VM_SMP=${FSW_VM_SMP:-2}
	echo "bench: one VM boot (${FSW_VM_SMP} vCPUs, ${FSW_VM_MEM} MiB); this takes several minutes under TCG"
	start=$(date +%s)
	"$SRC/tests/vm/run.sh" -t "${BENCH_TIMEOUT:-1500}" -o "$VMRES" \
		"$SRC/benchmarks/guest-bench.sh" \
		FSW_SRCDIR="$SRC" FSW_BUILDDIR="$BUILD" \
		BENCH_RAW=/fsw-results/raw.txt \
		BENCH_RUNS="${BENCH_RUNS:-3}" BENCH_SECS="${BENCH_SECS:-3}" \
		BENCH_P3_SECS="${BENCH_P3_SECS:-4}" \
		BENCH_RULES="${BENCH_VM_RULES:-10000}" \
		BENCH_P4_TIMEOUT="${BENCH_P4_TIMEOUT:-300}" \
		BENCH_ONLY="${BENCH_ONLY:-all}" >"$OUT/guest.log" 2>&1
	rc=$?
	echo "bench: VM run took $(( $(date +%s) - start )) s (guest log: $OUT/guest.log)"
	if [ ! -s "$VMRES/raw.txt" ]; then
		echo "bench: the VM produced no results (exit $rc):" >&2
		tail -30 "$OUT/guest.log" >&2
		rm -rf "$VMRES"
		exit 1
	fi
	cp "$VMRES/raw.txt" "$OUT/raw.txt"
	[ -f "$VMRES/dmesg" ] && cp "$VMRES/dmesg" "$OUT/dmesg.txt"
	rm -rf "$VMRES"
	echo "bench: P4N/P6N natively on the host (${BENCH_RULES:-100000} rules)"
	FSW_BUILDDIR=$BUILD sh "$SRC/benchmarks/host-rules.sh" "$OUT/raw.txt"
fi

python3 "$SRC/benchmarks/summarize.py" "$OUT/raw.txt" "$OUT/results.json" \
	"$OUT/chart.dat" "$OUT/results.md" | tee "$OUT/results.txt" || exit 1

if command -v gnuplot >/dev/null 2>&1; then
	gnuplot -e "datafile='$OUT/chart.dat'; outfile='$OUT/results.png'" \
		"$SRC/benchmarks/chart.gp" && echo "bench: chart $OUT/results.png"
else
	echo "bench: gnuplot not installed (scripts/install-deps.sh): no chart"
fi
echo "bench: results $OUT/results.txt, $OUT/results.json"
