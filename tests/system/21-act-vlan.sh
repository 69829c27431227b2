#!/bin/sh
# push_vlan and pop_vlan on the wire: one and two tags, 802.1Q and
# 802.1ad, pushed onto untagged and tagged frames, popped off singly and
# doubly tagged ones, with the IPv4/UDP checksums still good after a set
# behind the tags.
. ./lib.sh
. ./dplib.sh
. ./actlib.sh
act_setup
O=ovs-dpctl
F=fsw-dpctl
U="eth_type(0x0800),ipv4(proto=17),udp"
flow $O "$(key4 udp 17 401)" "push_vlan(vid=10,pcp=3),2"
flow $O "$(key4 udp 17 402)" "push_vlan(vid=20,pcp=0),push_vlan(tpid=0x88a8,vid=100,pcp=5),2"
flow $F "$(key4 udp 17 403)" "push_vlan(tpid=0x88a8,vid=33,pcp=1),set(ipv4(ttl=17)),2"
flow $O "in_port(1),eth(),eth_type(0x8100),vlan(vid=30,pcp=0),encap($U(src=404))" "pop_vlan,2"
flow $O "in_port(1),eth(),eth_type(0x88a8),vlan(vid=41,pcp=0),encap(eth_type(0x8100),vlan(vid=51,pcp=0),encap($U(src=405)))" "pop_vlan,2"
flow $O "in_port(1),eth(),eth_type(0x88a8),vlan(vid=42,pcp=0),encap(eth_type(0x8100),vlan(vid=52,pcp=0),encap($U(src=406)))" "pop_vlan,pop_vlan,set(ipv4(ttl=5)),2"
flow $F "in_port(1),eth(),eth_type(0x8100),vlan(vid=60,pcp=0),encap($U(src=407))" "pop_vlan,push_vlan(tpid=0x88a8,vid=61,pcp=0),2"
flow $O "in_port(1),eth(),eth_type(0x8100),vlan(vid=70,pcp=0),encap($U(src=408))" "push_vlan(tpid=0x88a8,vid=71,pcp=2),2"
ovs-dpctl dump-flows dp0

cap_start
ip netns exec h1 $PKT send e1 udp4 401 || fail send
ip netns exec h1 $PKT send e1 udp4 402 || fail send
ip netns exec h1 $PKT send e1 udp4 403 || fail send
ip netns exec h1 $PKT send e1 udp4 404 1 64 vlan=8100/30 || fail send
ip netns exec h1 $PKT send e1 udp4 405 1 64 vlan=88a8/41 vlan=8100/51 || fail send
ip netns exec h1 $PKT send e1 udp4 406 1 64 vlan=88a8/42 vlan=8100/52 || fail send
ip netns exec h1 $PKT send e1 udp4 407 1 64 vlan=8100/60 || fail send
ip netns exec h1 $PKT send e1 udp4 408 1 64 vlan=8100/70 || fail send
cap_stop

check "push 802.1Q" want 401 vlan=8100/10/3 type=0800 ipsum=ok l4sum=ok
check "push 802.1Q then 802.1ad: QinQ" want 402 vlan=88a8/100/5 \
	vlan=8100/20/0 type=0800 l4sum=ok
check "push 802.1ad, set ttl behind it" want 403 vlan=88a8/33/1 type=0800 \
	ttl=17 ipsum=ok l4sum=ok
check "pop the only tag" want 404 type=0800 l4sum=ok
check_not "  no tag left" sh -c "grep '^tag=404 ' /tmp/cap.txt | grep -q vlan="
check "pop the outer of two" want 405 vlan=8100/51/0 type=0800
check_not "  802.1ad gone" sh -c "grep '^tag=405 ' /tmp/cap.txt | grep -q vlan=88a8"
check "pop both, then set ttl" want 406 type=0800 ttl=5 ipsum=ok l4sum=ok
check_not "  no tag left" sh -c "grep '^tag=406 ' /tmp/cap.txt | grep -q vlan="
check "re-tag 802.1Q as 802.1ad" want 407 vlan=88a8/61/0 type=0800
check_not "  one tag only" sh -c "grep '^tag=407 ' /tmp/cap.txt | grep -q vlan=8100"
check "push 802.1ad onto 802.1Q" want 408 vlan=88a8/71/2 vlan=8100/70/0 \
	type=0800 l4sum=ok
check "one frame per case" test "$(grep -vc '^tag=none' /tmp/cap.txt)" = 8
act_cleanup
exit 0
