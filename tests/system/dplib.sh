# Helpers for the datapath tests (10-29), sourced after lib.sh.
NLREQ=$B/tests/nlreq

# req ARGS...: nlreq; its output is in $OUT.  Fails when nlreq does.
req()
{
	OUT=$("$NLREQ" "$@" 2>&1)
	rc=$?
	[ $rc -eq 0 ] || echo "nlreq $*: $OUT"
	return $rc
}

# expect_err ERRNO ARGS...: the request is refused with ERRNO.
expect_err()
{
	want=$1
	shift
	OUT=$("$NLREQ" "$@" 2>&1)
	[ "$OUT" = "error $want" ] && return 0
	echo "nlreq $*: wanted error $want, got: $OUT"
	return 1
}

# has PATTERN: $OUT contains PATTERN (fixed string, words separated).
has()
{
	case " $OUT " in *" $1 "*) return 0 ;; esac
	echo "no '$1' in: $OUT"
	return 1
}

ifindex()
{
	cat "/sys/class/net/$1/ifindex"
}

promisc()
{
	ip -d link show "$1" | grep -o 'promiscuity [0-9]*' | cut -d' ' -f2
}

# listen FAMILY FILE: collect the family's notifications in FILE in the
# background until listen_stop; returns once subscribed.
listen()
{
	"$NLREQ" -l "$1" -t 10 >"$2" 2>&1 &
	LISTENER=$!
	i=0
	while ! grep -q listening "$2" && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

listen_stop()
{
	sleep 0.3
	kill "$LISTENER" 2>/dev/null
	wait "$LISTENER" 2>/dev/null
}

# wait_for CMD...: retry CMD for up to 5 seconds.
wait_for()
{
	i=0
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 50 ] || return 1
		sleep 0.1
	done
}

# Netlink attributes in hex, for hand-made nested keys and actions.
le16()
{
	printf '%02x%02x' $(($1 & 255)) $(($1 >> 8 & 255))
}

le32()
{
	printf '%02x%02x%02x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}

# nla TYPE HEXPAYLOAD: one attribute, padded to 4 bytes.
nla()
{
	n=$((${#2} / 2))
	printf '%s%s%s' "$(le16 $((n + 4)))" "$(le16 "$1")" "$2"
	while [ $((n % 4)) -ne 0 ]; do printf '00'; n=$((n + 1)); done
}
