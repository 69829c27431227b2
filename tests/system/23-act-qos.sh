#!/bin/sh
# skb priority and mark set by flows reach tc on the output device: an
# htb qdisc on v2 classifies by skb->priority (1:10, 1:20) and by the
# mark through an fw filter (1:30); each class counts exactly its own
# packets.  A flow matching skb_priority after recirc sees the new value.
. ./lib.sh
. ./dplib.sh
. ./actlib.sh
act_setup
O=ovs-dpctl
tc qdisc add dev v2 root handle 1: htb || fail "htb"
for c in 10 20 30; do
	tc class add dev v2 parent 1: classid 1:$c htb rate 100mbit ||
		fail "class 1:$c"
done
tc filter add dev v2 parent 1: protocol all handle 7 fw classid 1:30 ||
	fail "fw filter"
flow $O "$(key4 udp 17 601)" "set(skb_priority(0x10010)),2"
flow $O "$(key4 udp 17 602)" "set(skb_priority(0x10020)),2"
flow $O "$(key4 udp 17 603)" "set(skb_mark(0x107/0xff)),2"
flow $O "$(key4 udp 17 604)" "set(skb_priority(0x10020)),recirc(7)"
flow $O "recirc_id(7),skb_priority(0x10020),in_port(1),eth(),eth_type(0x0800),ipv4(proto=17)" "2"

# class_pkts CLASS: packets sent through it so far.
class_pkts()
{
	tc -s class show dev v2 classid "$1" |
		sed -n 's/.*Sent [0-9]* bytes \([0-9]*\) pkt.*/\1/p'
}
counts()
{
	echo "$(class_pkts 1:10) $(class_pkts 1:20) $(class_pkts 1:30)"
}
# counts_are "A B C": the classes reach these counts (and stay there).
counts_are()
{
	i=0
	while [ "$(counts)" != "$1" ] && [ $i -lt 30 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.3
	[ "$(counts)" = "$1" ] || { echo "counts: $(counts)"; return 1; }
}

check "classes start empty" counts_are "0 0 0"
ip netns exec h1 $PKT send e1 udp4 601 5 || fail send
check "priority 1:10: 5 in 1:10 only" counts_are "5 0 0"
ip netns exec h1 $PKT send e1 udp4 602 7 || fail send
check "priority 1:20: 7 in 1:20 only" counts_are "5 7 0"
ip netns exec h1 $PKT send e1 udp4 603 3 || fail send
check "mark 0x107/0xff = 7: fw filter, 3 in 1:30 only" \
	counts_are "5 7 3"
ip netns exec h1 $PKT send e1 udp4 604 4 || fail send
check "priority kept across recirc, matched: 4 more in 1:20" \
	counts_are "5 11 3"
ovs-dpctl dump-flows dp0 >/tmp/flows
cat /tmp/flows
check "the skb_priority flow counted them" \
	grep -q 'recirc_id(0x7),skb_priority(0x10020),.*packets:4,' /tmp/flows
tc -s class show dev v2
act_cleanup
exit 0
