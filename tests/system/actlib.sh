# Helpers for the action tests (20-29), sourced after lib.sh and dplib.sh:
# h1 and h2 joined by datapath dp0 (v1 = port 1, v2 = port 2), frames
# sent by pkt.py and captured as h2 receives them.
PKT="python3 ./pkt.py"

act_setup()
{
	for t in ovs-dpctl tcpdump ethtool; do
		command -v $t >/dev/null || { echo "no $t"; exit 77; }
	done
	fsw_load
	two_hosts
	# Static neighbours and addresses: no ARP, ND or DAD traffic needed.
	ip -n h1 addr add fd00::1/64 dev e1 nodad
	ip -n h2 addr add fd00::2/64 dev e2 nodad
	for i in 1 2; do
		j=$((3 - i))
		ip -n h$i neigh replace 10.0.0.$j lladdr 02:00:00:00:00:0$j dev e$i
		ip -n h$i neigh replace fd00::$j lladdr 02:00:00:00:00:0$j dev e$i
	done
	# Checksums a sender left to the device (CHECKSUM_PARTIAL) are
	# completed when they leave the datapath, so that captures show
	# final ones: what a real NIC would put on the wire.
	ethtool -K v1 tx off >/dev/null || fail "ethtool -K v1 tx off"
	ethtool -K v2 tx off >/dev/null || fail "ethtool -K v2 tx off"
	check "add-dp" ovs-dpctl add-dp dp0
	check "add-if v1" ovs-dpctl add-if dp0 v1
	check "add-if v2" ovs-dpctl add-if dp0 v2
}

act_cleanup()
{
	ovs-dpctl del-dp dp0
	two_hosts_cleanup
	fsw_unload
}

# flow TOOL KEY ACTIONS: add a flow with ovs-dpctl or fsw-dpctl.
flow()
{
	tool=$1
	[ "$tool" = fsw-dpctl ] && tool=$B/utilities/fsw-dpctl
	check "$1 add-flow $2 $3" "$tool" add-flow dp0 "$2" "$3"
}

# udp4 TAG: the key of h1's IPv4 frames of KIND with source port TAG.
key4()
{
	echo "in_port(1),eth(),eth_type(0x0800),ipv4(proto=$2),$1(src=$3)"
}

key6()
{
	echo "in_port(1),eth(),eth_type(0x86dd),ipv6(proto=$2),$1(src=$3)"
}

# cap_start: capture what h2 receives on e2 until cap_stop, which
# decodes it into /tmp/cap.txt (one line per frame, see pkt.py).
cap_start()
{
	rm -f /tmp/cap.pcap /tmp/cap.err
	ip netns exec h2 tcpdump -i e2 -Q in -U -n -w /tmp/cap.pcap \
		"$@" 2>/tmp/cap.err &
	CAP=$!
	wait_for grep -q listening /tmp/cap.err || fail "tcpdump did not start"
}

cap_stop()
{
	sleep 1
	kill -INT "$CAP"
	wait "$CAP"
	cat /tmp/cap.err
	$PKT check /tmp/cap.pcap >/tmp/cap.txt || fail "cannot decode capture"
	sort /tmp/cap.txt | uniq -c | sort -k2
}

# want TAG WORD...: the first captured frame tagged TAG has every WORD.
want()
{
	tag=$1
	shift
	line=$(grep "^tag=$tag " /tmp/cap.txt | head -1)
	[ -n "$line" ] || { echo "no frame tagged $tag"; return 1; }
	for w; do
		case " $line " in
		*" $w "*) ;;
		*) echo "frame $tag lacks '$w': $line"; return 1 ;;
		esac
	done
}

# nframes TAG [WORD]: how many captured frames are tagged TAG (and
# have WORD).
nframes()
{
	grep "^tag=$1 " /tmp/cap.txt | grep -c -- "${2:-}"
}
