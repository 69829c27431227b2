#!/bin/sh
# fsw-vswitchd on flowswitch.ko sets up linux-htb QoS in tc: QoS on v2
# with two queues gives htb 1:, root class 1:fffe at the QoS max-rate and
# classes 1:1 (queue 0) and 1:2 (queue 1) with their rates; set_queue:N
# puts each flow's packets in its queue's class only; queue 0 (500 kbit/s)
# is really shaped; a change is applied live; clear-qos and removing the
# port remove the qdisc; a queue htb cannot have is reported in status.
. ./lib.sh
. ./vsd-lib.sh
. ./actlib.sh
[ -x "$B/vswitchd/fsw-vswitchd" ] || { echo "not built"; exit 77; }
fsw_load
two_hosts
# Nothing but the test's frames leaves v2 (queue 0 is also the default
# class, so stray IPv6 ND/MLD or ARP would count there; h2 answers the
# UDP frames with ICMP errors, for which it would ARP).
ip -n h1 neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev e1 nud permanent
ip -n h2 neigh replace 10.0.0.1 lladdr 02:00:00:00:00:01 dev e2 nud permanent
for i in 1 2; do
	sysctl -qw net.ipv6.conf.v$i.disable_ipv6=1
	ip netns exec h$i sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec h$i sysctl -qw net.ipv6.conf.e$i.disable_ipv6=1
done
vsd_start

vcheck "add-br" $VSCTL add-br br0
vcheck "add-port v1" $VSCTL add-port br0 v1
vcheck "add-port v2" $VSCTL add-port br0 v2
vcheck "datapath br0 has v2" wait_for 5 sh -c "ovs-dpctl show br0 | grep -q 'port .*: v2'"
vcheck "set-qos v2" $VSCTL set-qos v2 linux-htb max-rate=200M \
	queue:0=min-rate=100k,max-rate=500k,priority=1 \
	queue:1=min-rate=10M,max-rate=100M,priority=3
tc qdisc show dev v2
tc class show dev v2
has_htb() { tc qdisc show dev v2 | grep -q 'qdisc htb 1: root'; }
cls() { tc class show dev v2 | grep -q "class htb $1 .*$2"; }
vcheck "htb root qdisc 1: on v2" wait_for 5 has_htb
vcheck "default class is queue 0 (1:1)" sh -c "tc qdisc show dev v2 | grep -q 'default 0x1 \|default 1 '"
vcheck "root class 1:fffe at 200Mbit" cls 1:fffe "rate 200Mbit ceil 200Mbit"
vcheck "queue 0 = 1:1 under 1:fffe, prio 1, 100kbit/500kbit" \
	cls 1:1 "parent 1:fffe prio 1 rate 100Kbit ceil 500Kbit"
vcheck "queue 1 = 1:2, prio 3, 10Mbit/100Mbit" \
	cls 1:2 "parent 1:fffe prio 3 rate 10Mbit ceil 100Mbit"

M=unix:$RUN/br0.mgmt
vcheck "flow set_queue:0" $OFCTL add-flow $M "priority=100,udp,tp_src=601,actions=set_queue:0,output:2"
vcheck "flow set_queue:1" $OFCTL add-flow $M "priority=100,udp,tp_src=602,actions=set_queue:1,output:2"

class_pkts()
{
	tc -s class show dev v2 classid "$1" |
		sed -n 's/.*Sent [0-9]* bytes \([0-9]*\) pkt.*/\1/p'
}
counts() { echo "$(class_pkts 1:1) $(class_pkts 1:2)"; }
counts_are() { [ "$(counts)" = "$1" ] || { echo "counts: $(counts)"; false; }; }

counts
vcheck "classes start empty" counts_are "0 0"
ip netns exec h1 $PKT send e1 udp4 602 20 || fail send
vcheck "set_queue:1: 20 in 1:2 only" wait_for 10 counts_are "0 20"
ip netns exec h1 $PKT send e1 udp4 601 5 || fail send
vcheck "set_queue:0: 5 in 1:1 only" wait_for 10 counts_are "5 20"

# Shaping: 300 frames of ~1 kB are ~2.5 Mbit, 5 s at 500 kbit/s; the
# 100 Mbit/s queue would take 25 ms.  Right after sending, many are still
# queued (generous: under a third gone) and all get through in the end.
ip netns exec h1 $PKT send e1 udp4 601 300 1000 || fail send
n=$(class_pkts 1:1)
echo "queue 0 right after sending 300: $((n - 5)) sent"
vcheck "queue 0 is shaped (backlog)" [ $((n - 5)) -lt 100 ]
vcheck "queue 0 drains all 300 later" wait_for 30 counts_are "305 20"
tc -s class show dev v2

vcheck "change QoS live" $VSCTL set-qos v2 linux-htb max-rate=50M \
	queue:1=min-rate=2M,max-rate=20M
vcheck "root class now 50Mbit" wait_for 5 cls 1:fffe "rate 50Mbit ceil 50Mbit"
vcheck "queue 1 now 2Mbit/20Mbit" cls 1:2 "rate 2Mbit ceil 20Mbit"
vcheck_not "queue 0 class gone" cls 1:1 "rate"

vcheck "clear-qos" $VSCTL clear-qos v2
vcheck "clear-qos removes the htb qdisc" wait_for 5 sh -c "! tc qdisc show dev v2 | grep -q htb"

vcheck "queue id htb cannot number" $VSCTL set-qos v2 linux-htb queue:70000=max-rate=1M
vcheck "error in interface status" wait_for 5 sh -c "$VSCTL get interface v2 status | grep -q 'qos_error.*queue id'"
$VSCTL get interface v2 status
vcheck_not "no half set-up left" has_htb

vcheck "set-qos again" $VSCTL set-qos v2 linux-htb queue:0=max-rate=1M
vcheck "htb back" wait_for 5 has_htb
vcheck "del-port v2" $VSCTL del-port br0 v2
vcheck "port removal removes the htb qdisc" wait_for 5 sh -c "! tc qdisc show dev v2 | grep -q htb"
vcheck "daemon still running" kill -0 "$(cat "$RUN/fsw-vswitchd.pid")"
exit 0
