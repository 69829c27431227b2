#!/bin/sh
# sFlow on flowswitch.ko: fsw-vswitchd bridges h1 and h2 with sFlow
# (sampling 1 in 10, counters every 2 s) to a collector on 127.0.0.1
# (tests/sflow-decode.py).  h1 sends 4000 UDP packets to h2:
#  - the samples of those packets are 400 +- 5 standard deviations
#    (binomial: sd = sqrt(4000 * 0.1 * 0.9) = 19, so 305..495);
#  - each has rate 10, pool = sequence * 10, input v1, output v2 (as
#    ifindex), and a raw header with the packet's MACs, IPs and ports;
#  - counter samples of v1 arrive every ~2 s with consecutive sequence
#    numbers and an ifInUcastPkts that grows by the 4000 packets;
#  - the datapath flows carry the sample action; after del-sflow they do
#    not, and no more datagrams come.
. ./lib.sh
. ./vsd-lib.sh
DECODE="python3 $FSW_SRCDIR/tests/sflow-decode.py"
PORT=6343
fsw_load
two_hosts
vsd_start

# send N: N UDP packets h1 -> h2:5555, 64 bytes of payload, paced.
send()
{
	ip netns exec h1 python3 -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range($1):
    s.sendto(bytes(64), ('10.0.0.2', 5555))
    if i % 50 == 49:
        time.sleep(0.01)
"
}

vcheck "add-br, add-port v1, v2 (VLAN 10)" $VSCTL add-br br0 -- add-port br0 v1 tag=10 \
	-- add-port br0 v2 tag=10
wait_for 20 ping_ok || { VSD_FAILED_LOG=1; fail "h1 cannot ping h2"; }
echo "ok: h1 pings h2"
ip netns exec h2 ping -c 2 -W 2 10.0.0.1 >/dev/null

# Bad settings are refused and change nothing.
vcheck_not "sampling=0 refused" $VSCTL set-sflow br0 target=127.0.0.1 \
	sampling=0
vcheck_not "bad target refused" $VSCTL set-sflow br0 target=127.0.0.300
vcheck "no sFlow after refusals" test -z "$($VSCTL get-sflow br0)"

$DECODE listen --bind 127.0.0.1 $PORT 90 $T/sflow.json &
LISTENER=$!
sleep 2
vcheck "set-sflow" $VSCTL set-sflow br0 target=127.0.0.1:$PORT \
	sampling=10 polling=2 agent=192.0.2.1
$VSCTL show
vcheck "show has sFlow" sh -c "$VSCTL show | grep -q 'sFlow: target=127.0.0.1:$PORT sampling=10 polling=2'"
# The revalidator puts the sample action in the existing flows.
has_sample()
{
	$B/utilities/fsw-dpctl dump-flows br0 >$T/flows 2>&1 &&
		grep -q "sample(sample=.*actions(userspace(pid=" $T/flows
}
wait_for 10 has_sample || { cat $T/flows; VSD_FAILED_LOG=1; fail "no sample action in the datapath flows"; }
echo "ok: datapath flows sample 1 in 10"
head -3 $T/flows
sleep 3
send 4000
sleep 6		# three more counter polls, the last flow samples flushed
kill $LISTENER
wait $LISTENER 2>/dev/null
echo "$(wc -l <$T/sflow.json) datagrams received"

IF1=$(cat /sys/class/net/v1/ifindex)
IF2=$(cat /sys/class/net/v2/ifindex)
python3 - "$T/sflow.json" "$IF1" "$IF2" <<'EOF' || { VSD_FAILED_LOG=1; fail "sFlow data checks"; }
import json, sys
path, if1, if2 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
dgrams = [json.loads(l) for l in open(path)]
bad = [d for d in dgrams if "error" in d]
assert dgrams, "no datagrams"
assert not bad, "malformed datagrams: %s" % bad[:2]
print("ok: %d datagrams, all well-formed" % len(dgrams))
assert all(d["agent"] == "192.0.2.1" for d in dgrams), "agent address"
assert all(d["size"] <= 1400 for d in dgrams), "datagram over 1400 bytes"
seqs = [d["seq"] for d in dgrams]
assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), "datagram seq"
print("ok: agent 192.0.2.1, datagram sequence %d..%d, all <= 1400 bytes"
      % (seqs[0], seqs[-1]))
flows = [(d, s) for d in dgrams for s in d["samples"] if s["type"] == "flow"]
ctrs = [(d, s) for d in dgrams for s in d["samples"]
        if s["type"] == "counters"]
batched = max(len(d["samples"]) for d in dgrams)
assert batched > 1, "never more than one sample per datagram"
print("ok: up to %d samples per datagram" % batched)

# Flow samples of v1 (h1's traffic): sequence, rate, pool.
v1 = [s for d, s in flows if s["source_index"] == if1]
assert v1, "no flow sample from v1"
for i, s in enumerate(v1):
    assert s["seq"] == v1[0]["seq"] + i, "v1 flow sample seq gap"
    assert s["sampling_rate"] == 10, "rate %d" % s["sampling_rate"]
    assert s["sample_pool"] == s["seq"] * 10, "pool %d seq %d" % (
        s["sample_pool"], s["seq"])
    assert s["input"] == {"ifindex": if1}, "input %s" % s["input"]
print("ok: %d v1 flow samples, consecutive, rate 10, pool = seq * 10"
      % len(v1))

def is_probe(s):
    r = s["records"][0]
    return (r["type"] == "raw_header" and r.get("ip_src") == "10.0.0.1"
            and r.get("ip_dst") == "10.0.0.2" and r.get("ip_proto") == 17
            and r.get("tp_dst") == 5555)
udp = [s for d, s in flows if is_probe(s)]
n = len(udp)
print("%d samples of the 4000 UDP packets (expected 400, 305..495)" % n)
assert 305 <= n <= 495, "sample count %d outside 305..495" % n
print("ok: sample count within 5 standard deviations")
for s in udp:
    r = s["records"][0]
    assert s["input"] == {"ifindex": if1}, s["input"]
    assert s["output"] == {"ifindex": if2}, s["output"]
    assert r["eth_src"] == "02:00:00:00:00:01", r["eth_src"]
    assert r["eth_dst"] == "02:00:00:00:00:02", r["eth_dst"]
    # 14 + 20 + 8 + 64 bytes, plus the FCS, of which 4 were stripped.
    assert r["frame_length"] == 110 and r["stripped"] == 4, r
    assert r["header_length"] == 106, r["header_length"]
    sw = s["records"][1]
    assert sw["type"] == "switch" and sw["src_vlan"] == 10 and \
        sw["dst_vlan"] == 10, sw
print("ok: in v1, out v2, header with the MACs, IPs, UDP port, lengths; "
      "extended switch record, VLAN 10")

# Counter samples of v1 every ~2 s, packets growing by >= 4000.
c1 = [(d["time"], s) for d, s in ctrs if s["source_index"] == if1]
assert len(c1) >= 4, "only %d counter samples of v1" % len(c1)
for i in range(1, len(c1)):
    gap = c1[i][0] - c1[i - 1][0]
    assert 1.0 <= gap <= 3.5, "counter interval %.2f s" % gap
    assert c1[i][1]["seq"] == c1[i - 1][1]["seq"] + 1, "counter seq"
rec = [s["records"][0] for t, s in c1]
assert all(r["ifIndex"] == if1 and r["ifType"] == 6 for r in rec)
pk = [r["ifInUcastPkts"] for r in rec]
assert pk == sorted(pk), "ifInUcastPkts went down: %s" % pk
assert pk[-1] - pk[0] >= 4000, "ifInUcastPkts grew by %d" % (pk[-1] - pk[0])
assert rec[-1]["ifInOctets"] - rec[0]["ifInOctets"] >= 4000 * 106
assert rec[-1]["ifStatus"] == 3, "ifStatus %d" % rec[-1]["ifStatus"]
print("ok: %d counter samples of v1, every ~2 s, ifInUcastPkts %d -> %d"
      % (len(c1), pk[0], pk[-1]))
c2 = [s for d, s in ctrs if s["source_index"] == if2]
assert c2, "no counter samples of v2"
print("ok: counter samples of v2 too")
EOF

$APPCTL sflow/show br0
vcheck "sflow/show counts samples and datagrams" sh -c "$APPCTL sflow/show br0 | grep -q 'samples: [1-9][0-9]*, datagrams: [1-9]'"

# del-sflow: the sample action leaves the flows, the export stops.
vcheck "del-sflow" $VSCTL del-sflow br0
vcheck "show has no sFlow" sh -c "! $VSCTL show | grep -q sFlow"
no_sample()
{
	ip netns exec h1 ping -c 1 -W 1 10.0.0.2 >/dev/null
	$B/utilities/fsw-dpctl dump-flows br0 >$T/flows 2>&1 &&
		grep -q "actions:" $T/flows && ! grep -q "sample" $T/flows
}
wait_for 10 no_sample ||
	{ cat $T/flows; VSD_FAILED_LOG=1; fail "sample action still in the datapath flows"; }
echo "ok: datapath flows without the sample action after del-sflow"
head -3 $T/flows
sleep 1.5
$DECODE listen --bind 127.0.0.1 $PORT 5 $T/after.json &
LISTENER=$!
sleep 1
send 1000
ip netns exec h1 ping -c 2 -W 2 10.0.0.2 >/dev/null
wait $LISTENER
vcheck "no datagram after del-sflow" test ! -s $T/after.json
vcheck_not "del-sflow again fails" $VSCTL del-sflow br0
vcheck "--if-exists del-sflow" $VSCTL --if-exists del-sflow br0
vcheck "sflow/show: off" sh -c "$APPCTL sflow/show br0 | grep -q 'no sFlow'"

