/*
 * Unit tests for lib/odp*.c: struct fsw_key <-> OVS_KEY_ATTR_* streams,
 * key fitness, and the ovs-dpctl text forms of keys, masks and actions.
 */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>
#include <cmocka.h>

#include "fsw/flow_extract.h"
#include "odp.h"
#include "pkt-build.h"

/* ---- Packets to keys ---- */

static void key_from_pkt(const struct pkt *p, struct fsw_key *k)
{
	memset(k, 0, sizeof *k);
	k->recirc_id = 7;
	k->in_port = 3;
	k->priority = 0x10;
	k->skb_mark = 0xabc;
	k->dp_hash = 0x1234;
	assert_int_equal(fsw_key_extract(p->b, p->n, k), 0);
}

static void add_nd(struct pkt *p, uint8_t type)
{
	static const uint8_t target[16] = { 0xfe, 0x80, [15] = 9 };
	size_t ip = pkt_ipv6(p, 58);

	pkt_u8(p, type);
	pkt_u8(p, 0);
	pkt_zeros(p, 6);
	pkt_put(p, target, 16);
	pkt_u8(p, type == 135 ? 1 : 2);
	pkt_u8(p, 1);
	pkt_put(p, pkt_mac_src, 6);
	pkt_ipv6_end(p, ip);
}

/* A spread of frames covering every attribute the codec knows. */
static size_t build_packets(struct pkt *pk)
{
	size_t n = 0, ip;

	pkt_eth(&pk[n], 0x0800);			/* IPv4 TCP */
	ip = pkt_ipv4(&pk[n], 6, 0, 5);
	pkt_tcp(&pk[n], 1234, 80, 0x12);
	pkt_ipv4_end(&pk[n++], ip);

	pkt_eth(&pk[n], 0x0800);			/* IPv4 UDP, 1st frag */
	ip = pkt_ipv4(&pk[n], 17, 0x2000, 5);
	pkt_udp(&pk[n], 53, 99);
	pkt_ipv4_end(&pk[n++], ip);

	pkt_eth(&pk[n], 0x0800);			/* later fragment */
	ip = pkt_ipv4(&pk[n], 17, 100, 5);
	pkt_udp(&pk[n], 53, 99);
	pkt_ipv4_end(&pk[n++], ip);

	pkt_eth(&pk[n], 0x0800);			/* ICMP */
	ip = pkt_ipv4(&pk[n], 1, 0, 5);
	pkt_u16(&pk[n], 0x0800);
	pkt_zeros(&pk[n], 6);
	pkt_ipv4_end(&pk[n++], ip);

	pkt_eth(&pk[n], 0x0800);			/* SCTP */
	ip = pkt_ipv4(&pk[n], 132, 0, 5);
	pkt_u32(&pk[n], 0x0b590d1c);
	pkt_zeros(&pk[n], 8);
	pkt_ipv4_end(&pk[n++], ip);

	pkt_eth(&pk[n], 0x86dd);			/* IPv6 TCP */
	ip = pkt_ipv6(&pk[n], 6);
	pkt_tcp(&pk[n], 22, 40000, 0x11);
	pkt_ipv6_end(&pk[n++], ip);

	pkt_eth(&pk[n], 0x86dd);			/* NS with SLL */
	add_nd(&pk[n++], 135);
	pkt_eth(&pk[n], 0x86dd);			/* NA with TLL */
	add_nd(&pk[n++], 136);

	pkt_eth(&pk[n], 0x86dd);			/* IPv6 later frag */
	ip = pkt_ipv6(&pk[n], 44);
	pkt_u8(&pk[n], 17);
	pkt_u8(&pk[n], 0);
	pkt_u16(&pk[n], 0x0100);
	pkt_u32(&pk[n], 1);
	pkt_ipv6_end(&pk[n++], ip);

	pkt_eth(&pk[n], 0x0806);			/* ARP */
	pkt_u32(&pk[n], 0x00010800);
	pkt_u32(&pk[n], 0x06040002);
	pkt_put(&pk[n], pkt_mac_src, 6);
	pkt_u32(&pk[n], 0x0a000001);
	pkt_put(&pk[n], pkt_mac_dst, 6);
	pkt_u32(&pk[n++], 0x0a000002);

	pkt_eth(&pk[n], 3);				/* 802.2 LLC */
	pkt_u32(&pk[n++], 0x424203ff);

	pkt_eth_addrs(&pk[n]);				/* 802.1Q, UDP */
	pkt_u32(&pk[n], 0x8100a00a);
	pkt_u16(&pk[n], 0x0800);
	ip = pkt_ipv4(&pk[n], 17, 0, 5);
	pkt_udp(&pk[n], 1, 2);
	pkt_ipv4_end(&pk[n++], ip);

	pkt_eth_addrs(&pk[n]);				/* QinQ, IPv6 */
	pkt_u32(&pk[n], 0x88a80064);
	pkt_u32(&pk[n], 0x81000005);
	pkt_u16(&pk[n], 0x86dd);
	ip = pkt_ipv6(&pk[n], 59);
	pkt_ipv6_end(&pk[n++], ip);

	pkt_eth_addrs(&pk[n]);				/* tag cut short */
	pkt_u16(&pk[n], 0x8100);
	pkt_u16(&pk[n++], 0x0005);

	pkt_eth_addrs(&pk[n]);				/* QinQ, inner short */
	pkt_u32(&pk[n], 0x88a80064);
	pkt_u16(&pk[n], 0x8100);
	pkt_u8(&pk[n++], 1);
	return n;
}

#define N_PKTS 20

/* Key -> stream -> key is the identity, and perfect. */
static void test_key_roundtrip(void **state)
{
	struct pkt pk[N_PKTS];
	size_t n = build_packets(pk), i;

	for (i = 0; i < n; i++) {
		struct buf b = BUF_INITIALIZER, b2 = BUF_INITIALIZER;
		struct buf m = BUF_INITIALIZER;
		struct odp_fit_info info;
		struct fsw_key k, k2;
		char *s, *s2, *err = NULL;

		key_from_pkt(&pk[i], &k);
		odp_key_from_fsw(&b, &k);
		assert_int_equal(odp_key_to_fsw(b.data, b.size, &k2, &info),
				 ODP_FIT_PERFECT);
		assert_memory_equal(&k, &k2, sizeof k);

		/* Text: parse(print(stream)) == stream, and back again. */
		s = odp_key_to_string(b.data, b.size, NULL, 0);
		assert_int_equal(odp_key_from_string(s, &b2, &m, &err), 0);
		assert_int_equal(b2.size, b.size);
		assert_memory_equal(b2.data, b.data, b.size);
		s2 = odp_key_to_string(b2.data, b2.size, m.data, m.size);
		assert_string_equal(s, s2);
		free(s);
		free(s2);
		buf_uninit(&b);
		buf_uninit(&b2);
		buf_uninit(&m);
	}
}

/* Well-known facts of the wire format. */
static void test_key_wire_format(void **state)
{
	struct pkt pk[N_PKTS];
	struct fsw_key k;
	struct buf b = BUF_INITIALIZER;
	char *s;

	build_packets(pk);
	key_from_pkt(&pk[11], &k);		/* 802.1Q */
	odp_key_from_fsw(&b, &k);
	s = odp_key_to_string(b.data, b.size, NULL, 0);
	assert_string_equal(s,
		"recirc_id(0x7),dp_hash(0x1234),skb_priority(0x10),"
		"in_port(3),skb_mark(0xabc),"
		"eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02),"
		"eth_type(0x8100),vlan(vid=10,pcp=5),encap(eth_type(0x0800),"
		"ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0xb9,ttl=64,"
		"frag=no),udp(src=1,dst=2))");
	free(s);
	buf_clear(&b);

	key_from_pkt(&pk[10], &k);		/* 802.2: no ETHERTYPE */
	odp_key_from_fsw(&b, &k);
	s = odp_key_to_string(b.data, b.size, NULL, 0);
	assert_null(strstr(s, "eth_type"));
	free(s);
	buf_clear(&b);

	key_from_pkt(&pk[13], &k);		/* truncated tag */
	odp_key_from_fsw(&b, &k);
	s = odp_key_to_string(b.data, b.size, NULL, 0);
	assert_non_null(strstr(s, "eth_type(0x8100),vlan(vid=0,pcp=0,cfi=0),"
			       "encap()"));
	free(s);
	buf_clear(&b);

	key_from_pkt(&pk[2], &k);		/* later fragment: no L4 */
	odp_key_from_fsw(&b, &k);
	s = odp_key_to_string(b.data, b.size, NULL, 0);
	assert_non_null(strstr(s, "frag=later)"));
	assert_null(strstr(s, "udp"));
	free(s);
	buf_uninit(&b);
}

static void mask_rt(const struct fsw_key *k, const struct fsw_key *m,
		    const struct fsw_key *want)
{
	struct buf b = BUF_INITIALIZER;
	struct fsw_key got;

	odp_mask_from_fsw(&b, m, k);
	assert_int_equal(odp_mask_to_fsw(b.data, b.size, k, &got, NULL),
			 ODP_FIT_PERFECT);
	assert_memory_equal(&got, want, sizeof got);
	buf_uninit(&b);
}

static void test_mask_roundtrip(void **state)
{
	struct pkt pk[N_PKTS];
	struct fsw_key k, m, want;

	build_packets(pk);

	/* Canonical masks come back unchanged. */
	key_from_pkt(&pk[0], &k);
	memset(&m, 0, sizeof m);
	m.in_port = ~0u;
	m.recirc_id = ~0u;
	m.eth_type = 0xffff;
	m.nw_proto = 0xff;
	m.nw_frag = FSW_FRAG_ANY | FSW_FRAG_LATER;
	m.ipv4_dst = htonl(0xffffff00);
	m.tp_dst = 0xffff;
	m.tcp_flags = htons(0x0012);
	mask_rt(&k, &m, &m);

	/* An all-ones mask: exact on what the key's structure has. */
	key_from_pkt(&pk[5], &k);		/* IPv6 TCP */
	memset(&m, 0xff, sizeof m);
	{
		struct buf b = BUF_INITIALIZER;
		struct fsw_key got;

		odp_mask_from_fsw(&b, &m, &k);
		assert_int_equal(odp_mask_to_fsw(b.data, b.size, &k, &got,
						 NULL), ODP_FIT_PERFECT);
		assert_int_equal(got.ipv6_label, htonl(0xfffff));
		assert_int_equal(got.tcp_flags, htons(0x0fff));
		assert_int_equal(got.nw_frag, 0xff & (FSW_FRAG_ANY |
						      FSW_FRAG_LATER));
		assert_int_equal(got.eth_type, 0xffff);
		assert_int_equal(got.in_port, ~0u);
		assert_int_equal(got.tp_dst, 0xffff);
		assert_int_equal(got.ipv4_src, 0);
		assert_int_equal(got.vlan.tci, 0);
		assert_true(got.ipv6_src[0] == 0xff && got.ipv6_dst[15] == 0xff);
		buf_uninit(&b);
	}
	key_from_pkt(&pk[0], &k);

	/* A port without the protocol: the protocol becomes exact. */
	memset(&m, 0, sizeof m);
	m.tp_dst = htons(0xff00);
	want = m;
	want.nw_proto = 0xff;
	want.eth_type = 0xffff;
	mask_rt(&k, &m, &want);

	/* Wildcard everything: an empty mask stream. */
	memset(&m, 0, sizeof m);
	mask_rt(&k, &m, &m);

	/* Later fragment: L4 masks go, the fragment type becomes exact. */
	key_from_pkt(&pk[2], &k);
	memset(&m, 0, sizeof m);
	m.tp_src = 0xffff;
	memset(&want, 0, sizeof want);
	want.eth_type = 0xffff;
	want.nw_frag = FSW_FRAG_ANY | FSW_FRAG_LATER;
	mask_rt(&k, &m, &want);

	/* ND target without the ICMPv6 type: type made exact. */
	key_from_pkt(&pk[6], &k);
	memset(&m, 0, sizeof m);
	memset(m.nd_target, 0xff, 16);
	want = m;
	want.tp_src = htons(0xff);
	want.nw_proto = 0xff;
	want.eth_type = 0xffff;
	mask_rt(&k, &m, &want);

	/* VLAN: TPID and the present bit always exact. */
	key_from_pkt(&pk[11], &k);
	memset(&m, 0, sizeof m);
	m.vlan.tci = htons(0x0fff);
	want = m;
	want.vlan.tpid = 0xffff;
	want.vlan.tci = htons(0x1fff);
	mask_rt(&k, &m, &want);

	/* QinQ with L3 inside. */
	key_from_pkt(&pk[12], &k);
	memset(&m, 0, sizeof m);
	m.cvlan.tci = htons(0xe000);
	m.nw_ttl = 0xff;
	want = m;
	want.vlan.tpid = want.cvlan.tpid = 0xffff;
	want.vlan.tci = htons(FSW_VLAN_PRESENT);
	want.cvlan.tci = htons(0xf000);
	want.eth_type = 0xffff;
	mask_rt(&k, &m, &want);

	/* 802.2 frame with an exact (absent) ethertype. */
	key_from_pkt(&pk[10], &k);
	memset(&m, 0, sizeof m);
	m.eth_type = 0xffff;
	memset(m.eth_dst, 0xff, 6);
	mask_rt(&k, &m, &m);

	/* ARP opcode. */
	key_from_pkt(&pk[9], &k);
	memset(&m, 0, sizeof m);
	m.eth_type = 0xffff;
	m.nw_proto = 0xff;
	m.ipv4_dst = ~0u;
	mask_rt(&k, &m, &m);
}

/* ---- Fitness ---- */

static void base_udp(struct buf *b, struct fsw_key *k)
{
	struct pkt pk[N_PKTS];

	build_packets(pk);
	key_from_pkt(&pk[1], k);
	buf_clear(b);
	odp_key_from_fsw(b, k);
}

static enum odp_fit fit_of(const struct buf *b, struct odp_fit_info *info)
{
	struct fsw_key k;

	return odp_key_to_fsw(b->data, b->size, &k, info);
}

/* Builds a stream by hand: metadata, eth, then the given pieces. */
static void start_eth(struct buf *b, uint16_t type)
{
	struct ovs_key_ethernet eth = { { 2, 0, 0, 0, 0, 1 },
					{ 2, 0, 0, 0, 0, 2 } };

	buf_clear(b);
	nlbuf_put_u32(b, OVS_KEY_ATTR_IN_PORT, 1);
	nlbuf_put(b, OVS_KEY_ATTR_ETHERNET, &eth, sizeof eth);
	if (type)
		nlbuf_put_u16(b, OVS_KEY_ATTR_ETHERTYPE, htons(type));
}

static void put_ipv4(struct buf *b, uint8_t proto, uint8_t frag)
{
	struct ovs_key_ipv4 ip = { htonl(0x0a000001), htonl(0x0a000002),
				   proto, 0, 64, frag };

	nlbuf_put(b, OVS_KEY_ATTR_IPV4, &ip, sizeof ip);
}

static void test_fitness_extra(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct odp_fit_info info;
	struct ovs_key_tcp ports = { htons(1), htons(2) };
	struct ovs_key_arp arp;
	struct fsw_key k;
	uint8_t zero16[16] = { 0 };
	size_t nest;

	base_udp(&b, &k);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_PERFECT);

	/* An attribute newer than this code. */
	nlbuf_put_u32(&b, 40, 1);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_EXTRA);
	assert_true(info.extra & (1ULL << 40));
	assert_int_equal(info.missing, 0);

	/* Conntrack state zero (every kernel key has it): harmless. */
	base_udp(&b, &k);
	nlbuf_put_u32(&b, OVS_KEY_ATTR_CT_STATE, 0);
	nlbuf_put_u16(&b, OVS_KEY_ATTR_CT_ZONE, 0);
	nlbuf_put_u32(&b, OVS_KEY_ATTR_CT_MARK, 0);
	nlbuf_put(&b, OVS_KEY_ATTR_CT_LABELS, zero16, 16);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_PERFECT);
	nlbuf_put_u32(&b, OVS_KEY_ATTR_SKB_MARK + 0, 0);	/* duplicate */
	assert_int_equal(fit_of(&b, &info), ODP_FIT_ERROR);

	/* ...but tracked state is something fsw_key cannot hold. */
	base_udp(&b, &k);
	nlbuf_put_u32(&b, OVS_KEY_ATTR_CT_STATE, 0x21);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_EXTRA);
	assert_true(info.extra & (1ULL << OVS_KEY_ATTR_CT_STATE));

	/* A tunnel key. */
	base_udp(&b, &k);
	nest = nlbuf_nest_start(&b, OVS_KEY_ATTR_TUNNEL);
	nlbuf_put_u32(&b, OVS_TUNNEL_KEY_ATTR_IPV4_DST, htonl(1));
	nlbuf_nest_end(&b, nest);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_EXTRA);

	/* TCP ports in a UDP key. */
	base_udp(&b, &k);
	nlbuf_put(&b, OVS_KEY_ATTR_TCP, &ports, sizeof ports);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_EXTRA);
	assert_true(info.extra & (1ULL << OVS_KEY_ATTR_TCP));

	/* L4 for a later fragment. */
	start_eth(&b, 0x0800);
	put_ipv4(&b, 17, OVS_FRAG_TYPE_LATER);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_PERFECT);
	nlbuf_put(&b, OVS_KEY_ATTR_UDP, &ports, sizeof ports);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_EXTRA);

	/* An ARP opcode beyond a byte. */
	start_eth(&b, 0x0806);
	memset(&arp, 0, sizeof arp);
	arp.arp_op = htons(0x1234);
	nlbuf_put(&b, OVS_KEY_ATTR_ARP, &arp, sizeof arp);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_EXTRA);

	/* IPv4 attributes in an ARP key. */
	start_eth(&b, 0x0806);
	arp.arp_op = htons(1);
	nlbuf_put(&b, OVS_KEY_ATTR_ARP, &arp, sizeof arp);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_PERFECT);
	put_ipv4(&b, 6, 0);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_EXTRA);
	buf_uninit(&b);
}

static void test_fitness_missing(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct odp_fit_info info;
	struct ovs_key_icmp icmp = { 135, 0 };
	struct ovs_key_ipv6 ip6;
	struct fsw_key k;
	size_t nest;

	/* IPv4 without its attribute. */
	start_eth(&b, 0x0800);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_MISSING);
	assert_int_equal(info.missing, 1ULL << OVS_KEY_ATTR_IPV4);

	/* UDP without ports. */
	start_eth(&b, 0x0800);
	put_ipv4(&b, 17, 0);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_MISSING);
	assert_int_equal(info.missing, 1ULL << OVS_KEY_ATTR_UDP);

	/* TCP: ports expected, flags optional. */
	start_eth(&b, 0x0800);
	put_ipv4(&b, 6, OVS_FRAG_TYPE_FIRST);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_MISSING);
	assert_int_equal(info.missing, 1ULL << OVS_KEY_ATTR_TCP);

	/* Neighbour solicitation without ND. */
	start_eth(&b, 0x86dd);
	memset(&ip6, 0, sizeof ip6);
	ip6.ipv6_proto = 58;
	nlbuf_put(&b, OVS_KEY_ATTR_IPV6, &ip6, sizeof ip6);
	nlbuf_put(&b, OVS_KEY_ATTR_ICMPV6, &icmp, sizeof icmp);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_MISSING);
	assert_int_equal(info.missing, 1ULL << OVS_KEY_ATTR_ND);

	/* A tag without ENCAP. */
	start_eth(&b, 0x8100);
	nlbuf_put_u16(&b, OVS_KEY_ATTR_VLAN, htons(0x1005));
	assert_int_equal(fit_of(&b, &info), ODP_FIT_MISSING);
	assert_int_equal(info.missing, 1ULL << OVS_KEY_ATTR_ENCAP);

	/* ENCAP whose inner IPv4 lacks its attribute. */
	start_eth(&b, 0x8100);
	nlbuf_put_u16(&b, OVS_KEY_ATTR_VLAN, htons(0x1005));
	nest = nlbuf_nest_start(&b, OVS_KEY_ATTR_ENCAP);
	nlbuf_put_u16(&b, OVS_KEY_ATTR_ETHERTYPE, htons(0x0800));
	nlbuf_nest_end(&b, nest);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_MISSING);
	assert_int_equal(info.missing, 1ULL << OVS_KEY_ATTR_IPV4);

	/* Complete, with the kernel's NLA_F_NESTED on ENCAP. */
	start_eth(&b, 0x8100);
	nlbuf_put_u16(&b, OVS_KEY_ATTR_VLAN, htons(0x1005));
	nest = nlbuf_nest_start(&b, OVS_KEY_ATTR_ENCAP | NLA_F_NESTED);
	nlbuf_put_u16(&b, OVS_KEY_ATTR_ETHERTYPE, htons(0x0800));
	put_ipv4(&b, 47, 0);
	nlbuf_nest_end(&b, nest);
	assert_int_equal(odp_key_to_fsw(b.data, b.size, &k, &info),
			 ODP_FIT_PERFECT);
	assert_int_equal(k.vlan.tci, htons(0x1005));
	assert_int_equal(k.vlan.tpid, htons(0x8100));
	assert_int_equal(k.nw_proto, 47);

	/* A tag cut short, as Linux reports it: ETHERTYPE(0). */
	start_eth(&b, 0);
	nlbuf_put_u16(&b, OVS_KEY_ATTR_ETHERTYPE, 0);
	nlbuf_put_u16(&b, OVS_KEY_ATTR_VLAN, 0);
	nlbuf_nest_end(&b, nlbuf_nest_start(&b, OVS_KEY_ATTR_ENCAP));
	assert_int_equal(odp_key_to_fsw(b.data, b.size, &k, &info),
			 ODP_FIT_PERFECT);
	assert_int_equal(k.eth_type, htons(0x8100));
	assert_int_equal(k.vlan.tci, 0);

	/* No Ethernet header at all (an L3 packet). */
	buf_clear(&b);
	nlbuf_put_u32(&b, OVS_KEY_ATTR_IN_PORT, 1);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_MISSING);
	buf_uninit(&b);
}

static void test_fitness_errors(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct odp_fit_info info;
	struct ovs_key_ipv6 ip6;
	struct nlattr *a;
	struct fsw_key k;
	uint8_t junk[11] = { 0 };

	/* Wrong size for a known attribute. */
	start_eth(&b, 0x0800);
	nlbuf_put(&b, OVS_KEY_ATTR_IPV4, junk, sizeof junk);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_ERROR);

	/* Length beyond the stream. */
	start_eth(&b, 0x0800);
	put_ipv4(&b, 47, 0);
	a = (struct nlattr *)(b.data + b.size - 16);
	a->nla_len = 40;
	assert_int_equal(fit_of(&b, &info), ODP_FIT_ERROR);

	/* Length below a header. */
	a->nla_len = 2;
	assert_int_equal(fit_of(&b, &info), ODP_FIT_ERROR);

	/* Trailing bytes that are not an attribute. */
	start_eth(&b, 0);
	buf_put_zeros(&b, 2);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_ERROR);

	/* An ethertype that is an 802.3 length. */
	start_eth(&b, 0x0100);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_ERROR);

	/* A fragment type that does not exist. */
	start_eth(&b, 0x0800);
	put_ipv4(&b, 47, 3);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_ERROR);

	/* A TCI with bits but no present bit. */
	start_eth(&b, 0x8100);
	nlbuf_put_u16(&b, OVS_KEY_ATTR_VLAN, htons(0x0005));
	nlbuf_nest_end(&b, nlbuf_nest_start(&b, OVS_KEY_ATTR_ENCAP));
	assert_int_equal(fit_of(&b, &info), ODP_FIT_ERROR);

	/* A flow label beyond 20 bits. */
	start_eth(&b, 0x86dd);
	memset(&ip6, 0, sizeof ip6);
	ip6.ipv6_label = htonl(0x100000);
	ip6.ipv6_proto = 59;
	nlbuf_put(&b, OVS_KEY_ATTR_IPV6, &ip6, sizeof ip6);
	assert_int_equal(fit_of(&b, &info), ODP_FIT_ERROR);

	/* Empty stream: no Ethernet, but not malformed. */
	assert_int_equal(odp_key_to_fsw(NULL, 0, &k, NULL), ODP_FIT_MISSING);
	buf_uninit(&b);
}

static void test_mask_fitness(void **state)
{
	struct buf b = BUF_INITIALIZER, m = BUF_INITIALIZER;
	struct ovs_key_tcp ports = { 0xffff, 0 };
	struct fsw_key k, mk;

	base_udp(&b, &k);
	nlbuf_put_u32(&m, OVS_KEY_ATTR_IN_PORT, ~0u);
	assert_int_equal(odp_mask_to_fsw(m.data, m.size, &k, &mk, NULL),
			 ODP_FIT_PERFECT);
	assert_int_equal(mk.in_port, ~0u);

	/* A zero mask on something the key lacks is a wildcard... */
	memset(&ports, 0, sizeof ports);
	nlbuf_put(&m, OVS_KEY_ATTR_TCP, &ports, sizeof ports);
	assert_int_equal(odp_mask_to_fsw(m.data, m.size, &k, &mk, NULL),
			 ODP_FIT_PERFECT);

	nlbuf_put_u32(&m, 45, 0);
	assert_int_equal(odp_mask_to_fsw(m.data, m.size, &k, &mk, NULL),
			 ODP_FIT_PERFECT);

	/* ...a nonzero one matches on something fsw_key cannot see. */
	buf_clear(&m);
	ports.tcp_src = 0xffff;
	nlbuf_put(&m, OVS_KEY_ATTR_TCP, &ports, sizeof ports);
	assert_int_equal(odp_mask_to_fsw(m.data, m.size, &k, &mk, NULL),
			 ODP_FIT_EXTRA);
	buf_clear(&m);
	nlbuf_put_u32(&m, 45, 1);
	assert_int_equal(odp_mask_to_fsw(m.data, m.size, &k, &mk, NULL),
			 ODP_FIT_EXTRA);
	buf_clear(&m);
	nlbuf_put_u32(&m, OVS_KEY_ATTR_CT_STATE, 0x20);
	assert_int_equal(odp_mask_to_fsw(m.data, m.size, &k, &mk, NULL),
			 ODP_FIT_EXTRA);

	/* Malformed. */
	buf_clear(&m);
	nlbuf_put_u16(&m, OVS_KEY_ATTR_IN_PORT, 1);
	assert_int_equal(odp_mask_to_fsw(m.data, m.size, &k, &mk, NULL),
			 ODP_FIT_ERROR);
	buf_uninit(&b);
	buf_uninit(&m);
}

/* ---- Text ---- */

static void check_key_text(const char *s, bool masked)
{
	struct buf k = BUF_INITIALIZER, m = BUF_INITIALIZER;
	char *err = NULL, *out;

	if (odp_key_from_string(s, &k, &m, &err)) {
		print_error("%s: %s\n", s, err);
		fail();
	}
	out = masked ? odp_key_to_string(k.data, k.size, m.data, m.size)
		     : odp_key_to_string(k.data, k.size, NULL, 0);
	assert_string_equal(out, s);
	free(out);
	buf_uninit(&k);
	buf_uninit(&m);
}

static void test_key_text(void **state)
{
	static const char *const masked[] = {
		"recirc_id(0),in_port(1),eth(src=02:00:00:00:00:01,"
		"dst=02:00:00:00:00:02),eth_type(0x0800),ipv4(src=10.0.0.1,"
		"dst=10.0.0.2,proto=1,tos=0,ttl=64,frag=no),"
		"icmp(type=8,code=0)",
		"recirc_id(0x5),dp_hash(0xab/0xff),in_port(3),"
		"eth(dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),"
		"arp(sip=10.0.0.1,tip=10.0.0.2,op=1)",
		"in_port(1),eth_type(0x8100),vlan(vid=10,pcp=3),"
		"encap(eth_type(0x0800),ipv4(src=10.0.0.0/255.255.255.0,"
		"proto=6,frag=no),tcp(dst=80),tcp_flags(syn|ack))",
		"skb_priority(0x1),skb_mark(0x2/0xff),"
		"eth(src=02:00:00:00:00:01/ff:ff:ff:00:00:00),"
		"eth_type(0x86dd),ipv6(src=2001:db8::1,"
		"dst=2001:db8::/ffff:ffff::,label=0x12345,proto=17,"
		"tclass=0x10,hlimit=64,frag=first/0x1),udp(src=53)",
		"in_port(2),eth(dst=01:80:c2:00:00:00),eth_type(0/0xffff)",
		"eth_type(0x88a8),vlan(vid=100,pcp=0),encap(eth_type(0x8100),"
		"vlan(vid=5/0xf00),encap(eth_type(0x86dd),ipv6(proto=58,"
		"frag=no),icmpv6(type=136,code=0),nd(target=fe80::1,"
		"tll=02:00:00:00:00:09)))",
		"eth_type(0x0800),ipv4(proto=6,frag=later),tcp_flags(+syn-ack)",
		"eth_type(0x0800),ipv4(proto=132),sctp(src=1/0xff00,dst=2)",
		"ct_state(0x21/0x3f),ct_zone(0x5),key40(0102/ff00)",
		"eth_type(0x0800),ipv4(proto=6),tcp_flags(0x812)",
		"eth_type(0x0800),ipv4(proto=6),tcp_flags(0x802/0xf12)",
		"eth_type(0x8100),vlan(pcp=7,cfi=0),encap()",
	};
	static const char *const exact[] = {
		"recirc_id(0),skb_priority(0),in_port(4),skb_mark(0),"
		"eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02),"
		"eth_type(0x86dd),ipv6(src=fe80::1,dst=ff02::1:ff00:1,"
		"label=0,proto=58,tclass=0,hlimit=255,frag=no),"
		"icmpv6(type=135,code=0),nd(target=fe80::2,"
		"sll=02:00:00:00:00:01,tll=00:00:00:00:00:00)",
		"in_port(1),eth_type(0x0800),ipv4(src=1.2.3.4,dst=5.6.7.8,"
		"proto=6,tos=0x10,ttl=1,frag=first),tcp(src=1,dst=65535),"
		"tcp_flags(fin|syn|rst|psh|ack|urg|ece|cwr|ns)",
		"ct_label(0x000102030405060708090a0b0c0d0e0f)",
	};
	size_t i;

	for (i = 0; i < sizeof masked / sizeof masked[0]; i++)
		check_key_text(masked[i], true);
	for (i = 0; i < sizeof exact / sizeof exact[0]; i++)
		check_key_text(exact[i], false);
}

static void test_key_text_semantics(void **state)
{
	struct buf k = BUF_INITIALIZER, m = BUF_INITIALIZER;
	struct fsw_key fk, fm;
	char *err = NULL;

	assert_int_equal(odp_key_from_string(
		" in_port(1) , eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02),"
		"eth_type(0x0800),ipv4(src=10.0.0.1/24,dst=10.0.0.2,proto=17,"
		"frag=no),udp(dst=53)", &k, &m, &err), 0);
	assert_int_equal(odp_key_to_fsw(k.data, k.size, &fk, NULL),
			 ODP_FIT_PERFECT);
	assert_int_equal(odp_mask_to_fsw(m.data, m.size, &fk, &fm, NULL),
			 ODP_FIT_PERFECT);
	assert_int_equal(fk.in_port, 1);
	assert_int_equal(ntohl(fk.ipv4_src), 0x0a000001);
	assert_int_equal(ntohl(fm.ipv4_src), 0xffffff00);
	assert_int_equal(fm.ipv4_dst, 0xffffffff);
	assert_int_equal(fm.nw_tos, 0);
	assert_int_equal(fm.nw_frag, FSW_FRAG_ANY | FSW_FRAG_LATER);
	assert_int_equal(ntohs(fk.tp_dst), 53);
	assert_int_equal(fm.tp_dst, 0xffff);
	assert_int_equal(fm.tp_src, 0);
	buf_uninit(&k);
	buf_uninit(&m);
}

/* The verbose form (every field, with "/mask" even when exact or zero)
 * parses to the same flow as the short one. */
static void test_key_text_verbose(void **state)
{
	struct buf k = BUF_INITIALIZER, m = BUF_INITIALIZER;
	char *err = NULL, *out;

	assert_int_equal(odp_key_from_string(
		"skb_priority(0/0),skb_mark(0/0),recirc_id(0/0xffffffff),"
		"dp_hash(0/0),in_port(2/0xffffffff),"
		"eth(src=52:54:00:4a:e7:66/ff:ff:ff:ff:ff:ff,"
		"dst=00:22:be:29:b3:5b/ff:ff:ff:ff:ff:ff),"
		"eth_type(0x0800/0xffff),ipv4(src=10.32.182.245/255.0.0.0,"
		"dst=10.32.182.164/255.0.0.0,proto=6/0xff,tos=0/0,ttl=64/0,"
		"frag=no/0xff),tcp(src=22/0,dst=80/0xffff),tcp_flags(0/0)",
		&k, &m, &err), 0);
	out = odp_key_to_string(k.data, k.size, m.data, m.size);
	assert_string_equal(out,
		"recirc_id(0),in_port(2),eth(src=52:54:00:4a:e7:66,"
		"dst=00:22:be:29:b3:5b),eth_type(0x0800),"
		"ipv4(src=10.32.182.245/255.0.0.0,dst=10.32.182.164/255.0.0.0,"
		"proto=6,frag=no),tcp(dst=80)");
	free(out);
	buf_uninit(&k);
	buf_uninit(&m);
}

static void test_key_text_errors(void **state)
{
	static const char *const bad[] = {
		"eth(src=zz)", "ipv4(src=1.2.3.4", "ipv4(foo=1)",
		"ipv4(src=1.2.3.4,src=1.2.3.5)", "in_port(99999999999)",
		"vlan(vid=4096)", "bogus(1)", "eth_type(0x0800)x",
		"encap(encap(encap(eth_type(0x0800))))",
		"tcp_flags(syn|bogus)", "key40(123)", "ipv4(frag=sometimes)",
		"ipv4(src=1.2.3.4/33)", "eth(src=02:00:00:00:00:01:02)",
		"in_port(1),", "udp(src=65536)", "icmp(type=-1)", "",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct buf k = BUF_INITIALIZER, m = BUF_INITIALIZER;
		char *err = NULL;

		buf_put_zeros(&k, 4);
		if (!bad[i][0]) {
			/* The empty key is valid (and empty). */
			assert_int_equal(odp_key_from_string(bad[i], &k, &m,
							     &err), 0);
			assert_int_equal(k.size, 4);
			buf_uninit(&k);
			buf_uninit(&m);
			continue;
		}
		if (odp_key_from_string(bad[i], &k, &m, &err) != -EINVAL) {
			print_error("accepted: %s\n", bad[i]);
			fail();
		}
		assert_non_null(err);
		assert_int_equal(k.size, 4);	/* unchanged */
		assert_int_equal(m.size, 0);
		free(err);
		buf_uninit(&k);
		buf_uninit(&m);
	}
}

static void check_actions_text(const char *s)
{
	struct buf a = BUF_INITIALIZER, a2 = BUF_INITIALIZER;
	char *err = NULL, *out;

	if (odp_actions_from_string(s, &a, &err)) {
		print_error("%s: %s\n", s, err);
		fail();
	}
	out = odp_actions_to_string(a.data, a.size);
	assert_string_equal(out, s);
	assert_int_equal(odp_actions_from_string(out, &a2, &err), 0);
	assert_int_equal(a2.size, a.size);
	assert_memory_equal(a2.data, a.data, a.size);
	free(out);
	buf_uninit(&a);
	buf_uninit(&a2);
}

static void test_actions_text(void **state)
{
	static const char *const good[] = {
		"drop",
		"2",
		"2,push_vlan(vid=10,pcp=0),pop_vlan,3",
		"push_vlan(tpid=0x88a8,vid=4095,pcp=7,cfi=0)",
		"set(ipv4(src=10.0.0.1))",
		"set(ipv4(src=1.2.3.4,dst=5.6.7.8,proto=6,tos=0,ttl=64,"
		"frag=no))",
		"set(eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02))",
		"set(eth(dst=02:00:00:00:00:00/ff:00:00:00:00:00))",
		"set(tcp(dst=8080)),set(skb_mark(0x5/0xff)),"
		"set(skb_priority(0x3))",
		"userspace(pid=4294967295)",
		"userspace(pid=7,userdata(0102abcd),tunnel_out_port=3,"
		"actions)",
		"userspace(pid=7,userdata())",
		"sample(sample=50.0%,actions(1,trunc(100)))",
		"sample(sample=0.0%,actions())",
		"sample(sample=100.0%,actions(sample(sample=12.5%,"
		"actions(userspace(pid=1)))))",
		"trunc(100),recirc(0x1),hash(l4(0)),hash(l4(77))",
		"clone(3,set(ipv6(hlimit=1)),4),clone()",
		"push_mpls(label=100,tc=1,ttl=64,bos=1,eth_type=0x8847),"
		"pop_mpls(eth_type=0x800)",
		"ct_clear,pop_eth,meter(3)",
		"action12(0000000a),action99()",
	};
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		check_actions_text(good[i]);
}

/* Binary actions -> text -> binary is the identity, including kinds
 * the printer has no name for. */
static void test_actions_binary(void **state)
{
	struct buf a = BUF_INITIALIZER, a2 = BUF_INITIALIZER;
	struct ovs_key_ipv4 ip[2];
	uint32_t probs[] = { 0, 1, 0x7fffffff, 0x80000000, 12345678,
			     UINT32_MAX - 1, UINT32_MAX };
	char *err = NULL, *s;
	size_t i, nest, inner;

	nlbuf_put_u32(&a, OVS_ACTION_ATTR_OUTPUT, 5);
	nlbuf_put_u16(&a, OVS_ACTION_ATTR_OUTPUT, 5);	/* wrong size */
	memset(ip, 0, sizeof ip);
	ip[0].ipv4_ttl = 9;
	ip[1].ipv4_ttl = 0xff;
	nest = nlbuf_nest_start(&a, OVS_ACTION_ATTR_SET_MASKED);
	nlbuf_put(&a, OVS_KEY_ATTR_IPV4, ip, sizeof ip);
	nlbuf_nest_end(&a, nest);
	for (i = 0; i < sizeof probs / sizeof probs[0]; i++) {
		nest = nlbuf_nest_start(&a, OVS_ACTION_ATTR_SAMPLE);
		nlbuf_put_u32(&a, OVS_SAMPLE_ATTR_PROBABILITY, probs[i]);
		inner = nlbuf_nest_start(&a, OVS_SAMPLE_ATTR_ACTIONS);
		nlbuf_put_u32(&a, OVS_ACTION_ATTR_OUTPUT, i);
		nlbuf_nest_end(&a, inner);
		nlbuf_nest_end(&a, nest);
	}
	nlbuf_put_u32(&a, 200, 1);

	s = odp_actions_to_string(a.data, a.size);
	assert_non_null(strstr(s, "5,action1(0500),set(ipv4(ttl=9)),"
			       "sample(sample=0.0%,actions(0))"));
	assert_int_equal(odp_actions_from_string(s, &a2, &err), 0);
	assert_int_equal(a2.size, a.size);
	assert_memory_equal(a2.data, a.data, a.size);
	free(s);
	buf_uninit(&a);
	buf_uninit(&a2);
}

static void test_actions_text_errors(void **state)
{
	static const char *const bad[] = {
		"2,", "push_vlan(vid=10)", "sample(sample=150%,actions(1))",
		"set(encap(eth_type(0x800)))", "userspace(pid=-1)",
		"hash(l3(0))", "clone(1", "dropx", "output(1)", "drop,2",
		"trunc(4294967296)", "recirc()", "set(ipv4(ttl=300))",
		"userspace(pid=1,userdata(012))", "action99(zz)",
		"sample(sample=50%,foo(1))", "2 3", "set()",
		"userspace(pid=1,)", "userspace(pid=1,actions,actions)",
		"userspace(pid=1,userdata(01),userdata(02))",
		"clone(clone(clone(clone(clone(clone(clone(clone(clone(1)))))))))",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct buf a = BUF_INITIALIZER;
		char *err = NULL;

		if (odp_actions_from_string(bad[i], &a, &err) != -EINVAL) {
			print_error("accepted: %s\n", bad[i]);
			fail();
		}
		assert_non_null(err);
		assert_int_equal(a.size, 0);
		free(err);
		buf_uninit(&a);
	}
}

/* ---- Robustness ---- */

static void test_fuzz(void **state)
{
	struct pkt pk[N_PKTS];
	size_t n = build_packets(pk);
	unsigned int seed = 4242, iter;

	for (iter = 0; iter < 20000; iter++) {
		struct buf b = BUF_INITIALIZER, t = BUF_INITIALIZER;
		struct buf t2 = BUF_INITIALIZER;
		struct fsw_key k, m;
		uint8_t *copy;
		char *s, *err = NULL;
		size_t j;

		key_from_pkt(&pk[rand_r(&seed) % n], &k);
		odp_key_from_fsw(&b, &k);
		for (j = 0; j < 1 + (size_t)rand_r(&seed) % 4; j++)
			b.data[rand_r(&seed) % b.size] = rand_r(&seed);
		b.size = rand_r(&seed) % (b.size + 1);
		copy = malloc(b.size + 1);
		memcpy(copy, b.data, b.size);

		odp_key_to_fsw(copy, b.size, &k, NULL);
		odp_mask_to_fsw(copy, b.size, &k, &m, NULL);
		s = odp_key_to_string(copy, b.size, copy, b.size);
		free(s);
		s = odp_actions_to_string(copy, b.size);
		/* Whatever prints must parse. */
		if (!strstr(s, "<malformed>") &&
		    odp_actions_from_string(s, &t, &err)) {
			print_error("%s: %s\n", s, err);
			fail();
		}
		free(s);
		s = odp_key_to_string(copy, b.size, NULL, 0);
		if (!strstr(s, "<malformed>") &&
		    odp_key_from_string(s, &t, &t2, &err)) {
			print_error("%s: %s\n", s, err);
			fail();
		}
		free(s);
		free(copy);
		buf_uninit(&b);
		buf_uninit(&t);
		buf_uninit(&t2);
	}
}

/* Mutated text must be refused cleanly or parse into something that
 * prints and parses again. */
static void test_fuzz_text(void **state)
{
	static const char alphabet[] = "(),=/:.0123456789abcdefx_ +-|%";
	static const char *const seeds[] = {
		"recirc_id(0),in_port(1),eth(src=02:00:00:00:00:01,"
		"dst=02:00:00:00:00:02),eth_type(0x8100),vlan(vid=10,pcp=3),"
		"encap(eth_type(0x0800),ipv4(src=10.0.0.0/255.255.255.0,"
		"proto=6,frag=no),tcp(dst=80),tcp_flags(+syn-ack))",
		"2,push_vlan(vid=10,pcp=0),set(ipv4(src=10.0.0.1)),"
		"userspace(pid=7,userdata(0102),actions),sample(sample=50.0%,"
		"actions(1,trunc(100))),hash(l4(0)),clone(3,action99(ab))",
	};
	unsigned int seed = 99, iter;

	for (iter = 0; iter < 20000; iter++) {
		struct buf k = BUF_INITIALIZER, m = BUF_INITIALIZER;
		const char *src = seeds[iter % 2];
		size_t len = strlen(src), j;
		char *s = strdup(src), *err = NULL, *out;

		for (j = 0; j < 1 + (size_t)rand_r(&seed) % 3; j++)
			s[rand_r(&seed) % len] =
				alphabet[rand_r(&seed) % (sizeof alphabet - 1)];
		if (rand_r(&seed) % 4 == 0)
			s[rand_r(&seed) % len] = '\0';
		if (iter % 2 == 0) {
			if (!odp_key_from_string(s, &k, &m, &err)) {
				out = odp_key_to_string(k.data, k.size,
							m.data, m.size);
				free(out);
			} else {
				assert_non_null(err);
				assert_int_equal(k.size, 0);
			}
		} else if (!odp_actions_from_string(s, &k, &err)) {
			out = odp_actions_to_string(k.data, k.size);
			buf_clear(&m);
			assert_int_equal(odp_actions_from_string(out, &m,
								 &err), 0);
			assert_int_equal(m.size, k.size);
			assert_memory_equal(m.data, k.data, k.size);
			free(out);
		} else {
			assert_int_equal(k.size, 0);
		}
		free(err);
		free(s);
		buf_uninit(&k);
		buf_uninit(&m);
	}
}

#ifdef __SANITIZE_ADDRESS__
/* Leak checking needs ptrace, which containers often forbid; leaks are
 * checked under valgrind instead. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_roundtrip),
		cmocka_unit_test(test_key_wire_format),
		cmocka_unit_test(test_mask_roundtrip),
		cmocka_unit_test(test_fitness_extra),
		cmocka_unit_test(test_fitness_missing),
		cmocka_unit_test(test_fitness_errors),
		cmocka_unit_test(test_mask_fitness),
		cmocka_unit_test(test_key_text),
		cmocka_unit_test(test_key_text_semantics),
		cmocka_unit_test(test_key_text_verbose),
		cmocka_unit_test(test_key_text_errors),
		cmocka_unit_test(test_actions_text),
		cmocka_unit_test(test_actions_binary),
		cmocka_unit_test(test_actions_text_errors),
		cmocka_unit_test(test_fuzz),
		cmocka_unit_test(test_fuzz_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
