#!/bin/sh
# Run every Flowswitch test and print one line per test, then
# "N passed, N failed".  Exits non-zero when anything failed.
#
#   tests/run-tests.sh [--unit-only | --system-only] [SYSTEM_TEST...]
#
# Unit tests are the cmocka programs tests/unit/test-* in the build tree,
# run natively.  System tests are tests/system/[0-9]*.sh, run in order
# inside one qemu guest (tests/vm/run.sh); if the guest dies part-way,
# the test that was running is failed and a new guest runs the rest.
set -u
SRC=${FSW_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${FSW_BUILDDIR:-$SRC}
PASSED=0
FAILED=0
SKIPPED=0
MODE=all
case ${1:-} in
--unit-only) MODE=unit; shift ;;
--system-only) MODE=system; shift ;;
esac

result()
{
	echo "$1: $2"
	case $1 in
	PASS) PASSED=$((PASSED + 1)) ;;
	SKIP) SKIPPED=$((SKIPPED + 1)) ;;
	*) FAILED=$((FAILED + 1)) ;;
	esac
}

run_unit()
{
	for t in "$BUILD"/tests/unit/test-*; do
		[ -x "$t" ] && [ -f "$t" ] || continue
		name=$(basename "$t")
		log=$(mktemp)
		"$t" >"$log" 2>&1
		rc=$?
		ok=$(grep -c '^\[       OK \]' "$log")
		bad=$(grep -c '^\[  FAILED  \] [^0-9]' "$log")
		grep '^\[       OK \]' "$log" | sed 's/^\[       OK \] //' |
			while read -r c; do echo "PASS: unit/$name/$c"; done
		PASSED=$((PASSED + ok))
		if [ "$bad" -gt 0 ] || [ "$rc" -ne 0 ]; then
			sed 's/^/    /' "$log"
			grep '^\[  FAILED  \] [^0-9]' "$log" |
				sed 's/^\[  FAILED  \] //' |
				while read -r c; do echo "FAIL: unit/$name/$c"; done
			FAILED=$((FAILED + bad))
			# A crash or a non-cmocka failure still counts.
			[ "$bad" -eq 0 ] && result FAIL "unit/$name (exit $rc)"
		fi
		rm -f "$log"
	done
}

# tests/system/known-failing lists system tests that exercise work still
# in progress, one "NAME reason..." per line.  A full run reports them as
# skipped with the reason; naming a test explicitly runs it anyway.
known_failing()
{
	[ -f "$SRC/tests/system/known-failing" ] || return 0
	awk -v t="$1" '$1 == t { $1 = ""; sub(/^ /, ""); print; exit }' \
		"$SRC/tests/system/known-failing"
}

run_system()
{
	if [ $# -gt 0 ]; then
		tests=$*
	else
		tests=
		for t in $(cd "$SRC/tests/system" && ls [0-9]*.sh 2>/dev/null); do
			why=$(known_failing "$t")
			if [ -n "$why" ]; then
				result SKIP "system/$t (known failing: $why)"
			else
				tests="$tests $t"
			fi
		done
	fi
	[ -n "$tests" ] || return 0
	ko=$SRC/datapath/flowswitch.ko
	kver=
	if [ -f "$ko" ]; then
		kver=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
	fi
	res=$(mktemp -d /tmp/fsw-systest.XXXXXX)
	remaining=$tests
	boots=0
	while [ -n "$remaining" ] && [ $boots -lt 5 ]; do
		boots=$((boots + 1))
		: >"$res/results"
		FSW_KVER=$kver "$SRC/tests/vm/run.sh" -o "$res/vm" \
			-t "${FSW_SYSTEST_TIMEOUT:-1500}" \
			"$SRC/tests/system/guest-runner.sh" \
			"FSW_SRCDIR=$SRC" "FSW_BUILDDIR=$BUILD" \
			"FSW_RESULTS=/fsw-results" \
			"FSW_TESTS=$(echo $remaining)" >"$res/vm.out" 2>&1
		vmrc=$?
		cp "$res/vm/results" "$res/results" 2>/dev/null
		done_list=
		current=
		while read -r verdict name; do
			case $verdict in
			START) current=$name ;;
			PASS | FAIL | SKIP)
				result "$verdict" "system/$name"
				if [ "$verdict" = FAIL ] && [ -f "$res/vm/log.$name" ]; then
					sed 's/^/    /' "$res/vm/log.$name"
				fi
				done_list="$done_list $name"
				current= ;;
			esac
		done <"$res/results"
		# Whatever was not reported is left for another boot; the test
		# that was running when the guest died fails.
		next=
		for t in $remaining; do
			case " $done_list " in *" $t "*) continue ;; esac
			if [ "$t" = "$current" ]; then
				result FAIL "system/$t (guest died: exit $vmrc)"
				[ -f "$res/vm/log.$t" ] && tail -30 "$res/vm/log.$t" | sed 's/^/    /'
				sed 's/^/    /' "$res/vm.out" | tail -40
				continue
			fi
			next="$next $t"
		done
		if [ -z "$current" ] && [ -n "$next" ]; then
			# The guest never got to these: nothing will change.
			echo "system tests: guest did not run (exit $vmrc):"
			sed 's/^/    /' "$res/vm.out" | tail -40
			for t in $next; do result FAIL "system/$t (not run)"; done
			next=
		fi
		remaining=$next
	done
	rm -rf "$res"
}

[ "$MODE" != system ] && run_unit
[ "$MODE" != unit ] && run_system "$@"
if [ "$SKIPPED" -gt 0 ]; then
	echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
else
	echo "$PASSED passed, $FAILED failed"
fi
[ "$FAILED" -eq 0 ]
