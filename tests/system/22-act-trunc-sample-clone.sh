#!/bin/sh
# trunc, sample, clone, hash and recirc on the wire.
. ./lib.sh
. ./dplib.sh
. ./actlib.sh
act_setup
O=ovs-dpctl
F=fsw-dpctl
flow $O "$(key4 udp 17 501)" "trunc(100),2,2"
# The sender's checksum (CHECKSUM_PARTIAL) lies past the cut: the
# device must not be asked to fill it in.
flow $O "$(key4 udp 17 502)" "trunc(30),2"
flow $F "$(key4 tcp 6 503)" "trunc(70),2"
flow $O "$(key4 udp 17 510)" "sample(sample=50.0%,actions(2))"
flow $O "$(key4 udp 17 511)" "sample(sample=0.0%,actions(2))"
flow $O "$(key4 udp 17 512)" "sample(sample=100.0%,actions(set(ipv4(ttl=3)),2)),2"
flow $F "$(key4 udp 17 520)" "clone(set(udp(dst=999)),set(ipv4(tos=0x10)),2),2"
flow $O "$(key4 udp 17 521)" "clone(clone(push_vlan(vid=5,pcp=0),2)),set(ipv4(ttl=1)),2"
# ovs-dpctl 3.1 cannot parse hash(l4(N)): fsw-dpctl installs this one.
flow $F "$(key4 udp 17 530)" "hash(l4(0)),recirc(53)"
flow $O "recirc_id(53),in_port(1),eth(),eth_type(0x0800),ipv4(proto=17)" "set(ipv4(ttl=50)),2"
ovs-dpctl dump-flows dp0

cap_start
ip netns exec h1 $PKT send e1 udp4 501 1 500 || fail send
ip netns exec h1 $PKT sock udp4 502 1 1000 || fail send
ip netns exec h1 $PKT send e1 tcp4 503 1 400 || fail send
ip netns exec h1 $PKT send e1 udp4 510 2000 || fail send
ip netns exec h1 $PKT send e1 udp4 511 100 || fail send
ip netns exec h1 $PKT send e1 udp4 512 || fail send
ip netns exec h1 $PKT send e1 udp4 520 || fail send
ip netns exec h1 $PKT send e1 udp4 521 || fail send
ip netns exec h1 $PKT send e1 udp4 530 3 || fail send
cap_stop

check "trunc(100): cut to 100 bytes" test "$(nframes 501 ' len=100 ')" = 1
check "trunc applies to the next output only" \
	test "$(nframes 501 ' len=542 ')" = 1
# 30 bytes hold no tag: the one untagged frame.
check "trunc(30) under CHECKSUM_PARTIAL" \
	test "$(grep -c '^tag=none len=30 ' /tmp/cap.txt)" = 1
check "trunc(70) of a TCP frame" test "$(nframes 503 ' len=70 ')" = 1
check "tcpdump lost nothing" grep -q '^0 packets dropped by kernel' /tmp/cap.err
ovs-dpctl dump-flows dp0 >/tmp/flows
cat /tmp/flows
# Out of the packets the flow saw (the sender's queue may drop some).
total=$(sed -n 's/.*udp(src=510).*packets:\([0-9]*\),.*/\1/p' /tmp/flows)
n=$(nframes 510)
echo "sample 50%: $n of $total"
check "the sampled flow saw most of the 2000" test "$total" -ge 1500
check "sample 50% delivers half, +- 7.5%" \
	test $((n * 1000)) -ge $((total * 425)) -a $((n * 1000)) -le $((total * 575))
check "sample 0% delivers nothing" test "$(nframes 511)" = 0
check "sample 100%: the nested actions ran on a copy" want 512 ttl=3 ipsum=ok
check "  and the original went on unchanged" test "$(nframes 512 ' ttl=64 ')" = 1
check "clone: the modified copy" want 520 tos=0x10 ipsum=ok udp=520\>999 l4sum=ok
check "  and the original" test "$(nframes 520 ' udp=520>2222 ')" = 1
check "nested clones: the tagged copy" want 521 vlan=8100/5/0 ttl=64
check "  the original, set after the clone" test "$(nframes 521 ' ttl=1 ')" = 1
check "  nothing more" test "$(nframes 521)" = 2
check "recirc: the recirc_id flow sent the packets" \
	test "$(nframes 530 ' ttl=50 ')" = 3
check "recirc: its flow counted 3 packets" \
	grep -q 'recirc_id(0x35),.*packets:3,' /tmp/flows
check "hash+recirc flow counted 3" \
	grep -q 'udp(src=530).*packets:3,.*actions:hash(l4(0)),recirc(0x35)' /tmp/flows
act_cleanup
exit 0
