#!/bin/sh
# set and set_masked on the wire: Ethernet, IPv4, IPv6, TCP, UDP and SCTP
# fields rewritten by flowswitch.ko arrive as asked in h2, with valid IPv4
# header, TCP/UDP/ICMPv6 pseudo-header and SCTP CRC32c checksums; for
# frames with full checksums (raw frames), for frames whose checksum the
# sender left to the device (kernel UDP sockets: CHECKSUM_PARTIAL), and
# for a GSO TCP stream through a NAT made of set actions.
. ./lib.sh
. ./dplib.sh
. ./actlib.sh
act_setup

# Each case: frames with source port TAG get their own flow.
O=ovs-dpctl
F=fsw-dpctl
flow $O "$(key4 udp 17 101)" "set(eth(src=02:00:00:00:00:aa,dst=02:00:00:00:00:bb)),2"
flow $O "$(key4 udp 17 102)" "set(eth(dst=02:00:00:00:cc:cc/ff:ff:ff:ff:00:ff)),2"
flow $O "$(key4 udp 17 103)" "set(ipv4(src=10.1.1.1,dst=10.2.2.2,proto=17,tos=0x20,ttl=9,frag=no)),2"
flow $O "$(key4 tcp 6 104)" "set(ipv4(dst=10.7.7.7/255.255.0.0)),2"
flow $O "$(key4 udp 17 105)" "set(ipv4(tos=0x1c/0xfc,ttl=200)),2"
flow $O "$(key4 sctp 132 106)" "set(sctp(src=5555,dst=6666)),2"
flow $O "$(key4 sctp 132 107)" "set(sctp(src=5555,dst=6666)),2"
flow $O "$(key4 sctp 132 108)" "set(ipv4(src=10.3.3.3)),set(sctp(dst=0x1e00/0xff00)),2"
flow $O "$(key4 tcp 6 109)" "set(tcp(src=3333,dst=4444)),2"
flow $O "$(key4 udp 17 110)" "set(udp(dst=5000)),2"
flow $O "in_port(1),eth(),eth_type(0x0800),ipv4(proto=1)" "set(ipv4(dst=10.4.4.4)),2"
flow $F "$(key4 tcp 6 112)" "set(ipv4(src=10.0.9.9,ttl=1)),set(tcp(dst=80)),2"
flow $F "$(key6 udp 17 201)" "set(ipv6(src=fd00::a,dst=fd00::b,label=0x12345,proto=17,tclass=0x40,hlimit=7,frag=no)),2"
flow $F "$(key6 tcp 6 202)" "set(ipv6(dst=fd00::99)),2"
flow $F "in_port(1),eth(),eth_type(0x86dd),ipv6(proto=58)" "set(ipv6(src=fd00::77,hlimit=3)),2"
flow $F "$(key6 sctp 132 204)" "set(sctp(src=4000)),set(ipv6(tclass=0x80)),2"
flow $O "$(key6 udp 17 205)" "set(ipv6(label=0x54321)),set(udp(src=4001)),2"
flow $O "$(key6 tcp 6 206)" "set(ipv6(src=fd00::66)),set(tcp(dst=4002)),2"
flow $O "$(key4 udp 17 301)" "set(ipv4(src=10.5.5.5,ttl=5)),set(udp(dst=3001)),2"
flow $O "$(key6 udp 17 302)" "set(ipv6(src=fd00::55)),set(udp(dst=3002)),2"
ovs-dpctl dump-flows dp0

cap_start
for c in "udp4 101" "udp4 102" "udp4 103" "tcp4 104" "udp4 105" \
	"sctp4 106" "sctp4 107 1 64 bad" "sctp4 108 1 300" "tcp4 109" \
	"udp4 110" "icmp4 111" "tcp4 112" "udp6 201" "tcp6 202" "icmp6 203" \
	"sctp6 204 1 1000" "udp6 205" "tcp6 206"; do
	# shellcheck disable=SC2086
	ip netns exec h1 $PKT send e1 $c || fail "send $c"
done
ip netns exec h1 $PKT sock udp4 301 || fail "udp4 socket"
ip netns exec h1 $PKT sock udp6 302 1 1200 || fail "udp6 socket"
cap_stop

M1=02:00:00:00:00:01
check "eth set: both MACs" want 101 eth=02:00:00:00:00:aa\>02:00:00:00:00:bb
check "eth set_masked: masked bytes only" want 102 eth=$M1\>02:00:00:00:00:cc
check "ipv4 set: all fields, checksums" want 103 \
	ip4=10.1.1.1\>10.2.2.2 tos=0x20 ttl=9 ipsum=ok udp=103\>2222 l4sum=ok
check "ipv4 set_masked dst under TCP" want 104 \
	ip4=10.0.0.1\>10.7.0.2 ipsum=ok tcp=104\>2222 l4sum=ok
check "ipv4 set_masked tos and ttl" want 105 tos=0x1c ttl=200 ipsum=ok l4sum=ok
check "sctp set: ports, CRC32c" want 106 sctp=5555\>6666 l4sum=ok
check "sctp set: a bad CRC32c stays bad" want 107 sctp=5555\>6666 l4sum=bad
check "sctp set_masked + ipv4 src" want 108 ip4=10.3.3.3\>10.0.0.2 ipsum=ok \
	sctp=108\>7854 l4sum=ok
check "tcp set" want 109 tcp=3333\>4444 l4sum=ok
check "udp set_masked" want 110 udp=110\>5000 l4sum=ok
check "icmp under an ipv4 dst change" want 111 ip4=10.0.0.1\>10.4.4.4 \
	ipsum=ok icmp=8/0 l4sum=ok
check "fsw-dpctl: ipv4 + tcp" want 112 ip4=10.0.9.9\>10.0.0.2 ttl=1 ipsum=ok \
	tcp=112\>80 l4sum=ok
check "ipv6 set: all fields" want 201 ip6=fd00::a\>fd00::b tc=0x40 \
	fl=0x12345 hl=7 udp=201\>2222 l4sum=ok
check "ipv6 set_masked dst under TCP" want 202 ip6=fd00::1\>fd00::99 \
	tcp=202\>2222 l4sum=ok
check "ipv6 src under ICMPv6: its checksum follows" want 203 \
	ip6=fd00::77\>fd00::2 hl=3 icmp6=128/0 l4sum=ok
check "sctp over ipv6 (1000 bytes)" want 204 tc=0x80 sctp=4000\>2222 l4sum=ok
check "ipv6 label + udp" want 205 fl=0x54321 udp=4001\>2222 l4sum=ok
check "ipv6 src + tcp" want 206 ip6=fd00::66\>fd00::2 tcp=206\>4002 l4sum=ok
check "CHECKSUM_PARTIAL udp4" want 301 ip4=10.5.5.5\>10.0.0.2 ttl=5 \
	ipsum=ok udp=301\>3001 l4sum=ok
check "CHECKSUM_PARTIAL udp6" want 302 ip6=fd00::55\>fd00::2 \
	udp=302\>3002 l4sum=ok
check "one frame per case" test "$(grep -vc '^tag=none' /tmp/cap.txt)" = 20

# A TCP stream through a NAT made of set actions: h1 talks to
# 10.0.0.200:7000, which is h2's port 8000.  h1's segments are GSO
# (TSO on veth) and cross as such; the datapath fixes the pseudo-header
# checksums and v2 segments them in software; h2 and h1 check every
# checksum (v1 and v2 complete them), so any error stalls the stream.
check "del-flows" ovs-dpctl del-flows dp0
ip -n h1 neigh replace 10.0.0.200 lladdr 02:00:00:00:00:02 dev e1
flow $O "in_port(1),eth(),eth_type(0x0800),ipv4(dst=10.0.0.200,proto=6),tcp(dst=7000)" \
	"set(ipv4(dst=10.0.0.2)),set(tcp(dst=8000)),2"
flow $O "in_port(2),eth(),eth_type(0x0800),ipv4(src=10.0.0.2,proto=6),tcp(src=8000)" \
	"set(ipv4(src=10.0.0.200)),set(tcp(src=7000)),1"
ip netns exec h2 $PKT tcpsrv 8000 4000000 >/tmp/srv 2>&1 &
SRV=$!
check "server up" wait_for grep -q listening /tmp/srv
ip netns exec h1 $PKT tcpcli 10.0.0.200 7000 4000000 >/tmp/cli 2>&1
wait $SRV
cat /tmp/srv /tmp/cli
check "4 MB arrived intact through the NAT" grep -q 'received 4000000 ok' /tmp/srv
check "the client heard back" grep -q 'server says ok' /tmp/cli
ovs-dpctl dump-flows dp0 | tee /tmp/flows
check "GSO packets crossed (bytes/packets > MTU)" awk -F'[:, ]+' '
	/tcp\(dst=7000\)/ { for (i = 1; i < NF; i++) {
		if ($i == "packets") p = $(i + 1)
		if ($i == "bytes") b = $(i + 1) } }
	END { exit !(p > 0 && b / p > 1500) }' /tmp/flows

act_cleanup
exit 0
