/*
 * Unit tests for the shared packet parser (datapath/flow_extract.c).
 *
 * Every extraction runs on a heap copy of exactly the frame's length, so
 * an out-of-bounds read shows up under valgrind or ASan; the truncation
 * sweep and the mutation loop exist for that.
 */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "fsw/flow_extract.h"
#include "pkt-build.h"

static int extract_len(const struct pkt *p, size_t len, struct fsw_key *k,
		       struct fsw_extract_ofs *ofs)
{
	uint8_t *copy = malloc(len ? len : 1);
	int rc;

	memcpy(copy, p->b, len);
	rc = fsw_key_extract_tagged(copy, len, k, ofs);
	free(copy);
	return rc;
}

/* Extracts P into a key with known metadata and garbage packet fields,
 * checking that the parser keeps the one and clears the other. */
static struct fsw_key ex(const struct pkt *p)
{
	struct fsw_key k;

	memset(&k, 0xa5, sizeof k);
	k.recirc_id = 1;
	k.dp_hash = 2;
	k.in_port = 3;
	k.priority = 4;
	k.skb_mark = 5;
	k.vlan.tci = 0;
	assert_int_equal(extract_len(p, p->n, &k, NULL), 0);
	assert_int_equal(k.recirc_id, 1);
	assert_int_equal(k.dp_hash, 2);
	assert_int_equal(k.in_port, 3);
	assert_int_equal(k.priority, 4);
	assert_int_equal(k.skb_mark, 5);
	return k;
}

static int is_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return 0;
	return 1;
}

/* The L3/L4 part of the key: everything after eth_type. */
#define L3_START offsetof(struct fsw_key, nw_proto)
#define L4_START offsetof(struct fsw_key, tp_src)
static int l3_zero(const struct fsw_key *k)
{
	return is_zero((const uint8_t *)k + L3_START, sizeof *k - L3_START);
}

static int l4_zero(const struct fsw_key *k)
{
	return is_zero((const uint8_t *)k + L4_START, sizeof *k - L4_START);
}

static void check_ipv4_l3(const struct fsw_key *k, uint8_t proto)
{
	assert_int_equal(ntohs(k->eth_type), 0x0800);
	assert_int_equal(k->nw_proto, proto);
	assert_int_equal(k->nw_tos, 0xb9);
	assert_int_equal(k->nw_ttl, 64);
	assert_int_equal(ntohl(k->ipv4_src), 0x0a000001);
	assert_int_equal(ntohl(k->ipv4_dst), 0x0a000002);
}

static void build_ipv4_tcp(struct pkt *p)
{
	size_t ip;

	pkt_eth(p, 0x0800);
	ip = pkt_ipv4(p, 6, 0x4000 /* DF */, 5);
	pkt_tcp(p, 1234, 80, 0x812);	/* a reserved bit, ACK, SYN */
	pkt_ipv4_end(p, ip);
}

static void test_ipv4_tcp(void **state)
{
	struct fsw_extract_ofs ofs;
	struct fsw_key k;
	struct pkt p;

	build_ipv4_tcp(&p);
	k = ex(&p);
	assert_memory_equal(k.eth_dst, pkt_mac_dst, 6);
	assert_memory_equal(k.eth_src, pkt_mac_src, 6);
	assert_int_equal(k.vlan.tci, 0);
	assert_int_equal(k.vlan.tpid, 0);
	check_ipv4_l3(&k, 6);
	assert_int_equal(k.nw_frag, 0);
	assert_int_equal(ntohs(k.tp_src), 1234);
	assert_int_equal(ntohs(k.tp_dst), 80);
	/* Only the low 12 bits of the flags word: data offset dropped. */
	assert_int_equal(ntohs(k.tcp_flags), 0x812);
	assert_true(is_zero(k.ipv6_src, 16));
	assert_true(is_zero(k.nd_target, 16));

	k.vlan.tci = 0;
	assert_int_equal(extract_len(&p, p.n, &k, &ofs), 0);
	assert_int_equal(ofs.l3, 14);
	assert_int_equal(ofs.l4, 34);

	/* Data offset below 5 words: not a TCP header. */
	p.b[14 + 20 + 12] = 0x40;
	k = ex(&p);
	check_ipv4_l3(&k, 6);
	assert_true(l4_zero(&k));
	/* Data offset beyond the frame. */
	p.b[14 + 20 + 12] = 0xf0;
	k = ex(&p);
	assert_true(l4_zero(&k));
}

static void test_ipv4_options_and_padding(void **state)
{
	struct fsw_extract_ofs ofs;
	struct fsw_key k;
	struct pkt p;
	size_t ip;

	pkt_eth(&p, 0x0800);
	ip = pkt_ipv4(&p, 17, 0, 7);	/* 8 bytes of options */
	pkt_udp(&p, 53, 5353);
	pkt_ipv4_end(&p, ip);
	k = ex(&p);
	check_ipv4_l3(&k, 17);
	assert_int_equal(ntohs(k.tp_src), 53);
	assert_int_equal(ntohs(k.tp_dst), 5353);
	k.vlan.tci = 0;
	extract_len(&p, p.n, &k, &ofs);
	assert_int_equal(ofs.l4, 14 + 28);

	/* The total length is not used (as in Linux's datapath): one that
	 * ends before the UDP header changes nothing. */
	pkt_set16(&p, ip + 2, 28);
	k = ex(&p);
	check_ipv4_l3(&k, 17);
	assert_int_equal(ntohs(k.tp_dst), 5353);
}

static void test_ipv4_bad_header(void **state)
{
	struct fsw_key k;
	struct pkt p;
	size_t ip;

	/* IHL 4 (< 20 bytes). */
	build_ipv4_tcp(&p);
	p.b[14] = 0x44;
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), 0x0800);
	assert_memory_equal(k.eth_src, pkt_mac_src, 6);
	assert_true(l3_zero(&k));

	/* IHL 15 (60 bytes) beyond a 54-byte frame. */
	pkt_eth(&p, 0x0800);
	ip = pkt_ipv4(&p, 6, 0, 5);
	pkt_ipv4_end(&p, ip);
	p.b[14] = 0x4f;
	pkt_zeros(&p, 20);
	k = ex(&p);
	assert_true(l3_zero(&k));

	/* Total length shorter than the header: not used, so no effect. */
	build_ipv4_tcp(&p);
	pkt_set16(&p, 16, 19);
	k = ex(&p);
	check_ipv4_l3(&k, 6);
	assert_int_equal(ntohs(k.tp_dst), 80);

	/* Total length beyond the frame (truncated capture): still parsed. */
	build_ipv4_tcp(&p);
	pkt_set16(&p, 16, 1500);
	k = ex(&p);
	check_ipv4_l3(&k, 6);
	assert_int_equal(ntohs(k.tp_dst), 80);

	/* IPv4 header cut short. */
	build_ipv4_tcp(&p);
	p.n = 14 + 19;
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), 0x0800);
	assert_true(l3_zero(&k));
}

static void test_ipv4_fragments(void **state)
{
	struct fsw_extract_ofs ofs;
	struct fsw_key k;
	struct pkt p;
	size_t ip;

	/* First fragment: MF, offset 0: L4 parsed. */
	pkt_eth(&p, 0x0800);
	ip = pkt_ipv4(&p, 17, 0x2000, 5);
	pkt_udp(&p, 1, 2);
	pkt_ipv4_end(&p, ip);
	k = ex(&p);
	assert_int_equal(k.nw_frag, FSW_FRAG_ANY);
	assert_int_equal(ntohs(k.tp_dst), 2);

	/* Middle fragment: MF and an offset: no L4. */
	pkt_set16(&p, ip + 6, 0x2000 | 185);
	k = ex(&p);
	check_ipv4_l3(&k, 17);
	assert_int_equal(k.nw_frag, FSW_FRAG_ANY | FSW_FRAG_LATER);
	assert_true(l4_zero(&k));
	k.vlan.tci = 0;
	extract_len(&p, p.n, &k, &ofs);
	assert_int_equal(ofs.l4, FSW_OFS_NONE);

	/* Last fragment: offset, no MF. */
	pkt_set16(&p, ip + 6, 185);
	k = ex(&p);
	assert_int_equal(k.nw_frag, FSW_FRAG_ANY | FSW_FRAG_LATER);
	assert_true(l4_zero(&k));

	/* DF alone is not a fragment. */
	pkt_set16(&p, ip + 6, 0x4000);
	k = ex(&p);
	assert_int_equal(k.nw_frag, 0);
	assert_int_equal(ntohs(k.tp_src), 1);
}

static void test_ipv4_icmp_sctp(void **state)
{
	struct fsw_key k;
	struct pkt p;
	size_t ip;

	pkt_eth(&p, 0x0800);
	ip = pkt_ipv4(&p, 1, 0, 5);
	pkt_u8(&p, 3);		/* destination unreachable */
	pkt_u8(&p, 4);		/* fragmentation needed */
	pkt_zeros(&p, 6);
	pkt_ipv4_end(&p, ip);
	k = ex(&p);
	check_ipv4_l3(&k, 1);
	assert_int_equal(k.tp_src, htons(3));
	assert_int_equal(k.tp_dst, htons(4));
	assert_int_equal(k.tcp_flags, 0);

	/* Truncated ICMP header (4 of 8 bytes). */
	p.n -= 4;
	pkt_ipv4_end(&p, ip);
	k = ex(&p);
	check_ipv4_l3(&k, 1);
	assert_true(l4_zero(&k));

	pkt_eth(&p, 0x0800);
	ip = pkt_ipv4(&p, 132, 0, 5);
	pkt_u16(&p, 2905);
	pkt_u16(&p, 3868);
	pkt_u32(&p, 0xdeadbeef);
	pkt_u32(&p, 0);
	pkt_ipv4_end(&p, ip);
	k = ex(&p);
	check_ipv4_l3(&k, 132);
	assert_int_equal(ntohs(k.tp_src), 2905);
	assert_int_equal(ntohs(k.tp_dst), 3868);

	/* SCTP needs its whole 12-byte common header. */
	p.n -= 1;
	pkt_ipv4_end(&p, ip);
	k = ex(&p);
	assert_true(l4_zero(&k));

	/* UDP needs 8 bytes. */
	pkt_eth(&p, 0x0800);
	ip = pkt_ipv4(&p, 17, 0, 5);
	pkt_u32(&p, 0x00010002);
	pkt_u16(&p, 8);
	pkt_ipv4_end(&p, ip);
	k = ex(&p);
	assert_true(l4_zero(&k));

	/* Unknown protocol: L3 only. */
	pkt_eth(&p, 0x0800);
	ip = pkt_ipv4(&p, 47, 0, 5);
	pkt_zeros(&p, 20);
	pkt_ipv4_end(&p, ip);
	k = ex(&p);
	check_ipv4_l3(&k, 47);
	assert_true(l4_zero(&k));
}

static void test_vlan(void **state)
{
	struct fsw_extract_ofs ofs;
	struct fsw_key k;
	struct pkt p;
	size_t ip;

	/* 802.1Q, PCP 5, DEI set, VID 100. */
	pkt_eth_addrs(&p);
	pkt_u16(&p, 0x8100);
	pkt_u16(&p, 0xb064);
	pkt_u16(&p, 0x0800);
	ip = pkt_ipv4(&p, 17, 0, 5);
	pkt_udp(&p, 7, 9);
	pkt_ipv4_end(&p, ip);
	k = ex(&p);
	assert_int_equal(k.vlan.tpid, htons(0x8100));
	assert_int_equal(k.vlan.tci, htons(0xb064 | FSW_VLAN_PRESENT));
	assert_int_equal(k.cvlan.tci, 0);
	check_ipv4_l3(&k, 17);
	assert_int_equal(ntohs(k.tp_dst), 9);

	/* VID 0, PCP 0 is still a tag. */
	pkt_set16(&p, 14, 0);
	k = ex(&p);
	assert_int_equal(k.vlan.tci, htons(FSW_VLAN_PRESENT));

	/* QinQ: 802.1ad outer, 802.1Q inner. */
	pkt_eth_addrs(&p);
	pkt_u16(&p, 0x88a8);
	pkt_u16(&p, 0x200a);
	pkt_u16(&p, 0x8100);
	pkt_u16(&p, 0x0014);
	pkt_u16(&p, 0x86dd);
	ip = pkt_ipv6(&p, 59);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	assert_int_equal(k.vlan.tpid, htons(0x88a8));
	assert_int_equal(k.vlan.tci, htons(0x300a));
	assert_int_equal(k.cvlan.tpid, htons(0x8100));
	assert_int_equal(k.cvlan.tci, htons(0x1014));
	assert_int_equal(ntohs(k.eth_type), 0x86dd);
	assert_int_equal(k.nw_proto, 59);
	k.vlan.tci = 0;
	extract_len(&p, p.n, &k, &ofs);
	assert_int_equal(ofs.l3, 22);

	/* A third tag is not parsed: it is the ethertype. */
	pkt_eth_addrs(&p);
	pkt_u16(&p, 0x88a8);
	pkt_u16(&p, 1);
	pkt_u16(&p, 0x8100);
	pkt_u16(&p, 2);
	pkt_u16(&p, 0x8100);
	pkt_u16(&p, 3);
	pkt_u16(&p, 0x0800);
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), 0x8100);
	assert_int_equal(k.cvlan.tci, htons(0x1002));

	/* A tag without room for the next type: eth_type is the TPID. */
	pkt_eth_addrs(&p);
	pkt_u16(&p, 0x8100);
	pkt_u16(&p, 5);
	pkt_u8(&p, 8);
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), 0x8100);
	assert_int_equal(k.vlan.tci, 0);
	assert_int_equal(k.vlan.tpid, 0);
}

static void test_vlan_accel(void **state)
{
	struct fsw_extract_ofs ofs;
	struct fsw_key k;
	struct pkt p;
	size_t ip;

	/* The NIC stripped an 802.1ad tag; a 802.1Q tag is still inline. */
	pkt_eth_addrs(&p);
	pkt_u16(&p, 0x8100);
	pkt_u16(&p, 0x0007);
	pkt_u16(&p, 0x0800);
	ip = pkt_ipv4(&p, 6, 0, 5);
	pkt_tcp(&p, 1, 2, 0x02);
	pkt_ipv4_end(&p, ip);

	memset(&k, 0xff, sizeof k);
	k.vlan.tpid = htons(0x88a8);
	k.vlan.tci = htons(0x0064 | FSW_VLAN_PRESENT);
	assert_int_equal(extract_len(&p, p.n, &k, &ofs), 0);
	assert_int_equal(k.vlan.tpid, htons(0x88a8));
	assert_int_equal(k.vlan.tci, htons(0x1064));
	assert_int_equal(k.cvlan.tpid, htons(0x8100));
	assert_int_equal(k.cvlan.tci, htons(0x1007));
	check_ipv4_l3(&k, 6);
	assert_int_equal(ntohs(k.tcp_flags), 0x02);
	assert_int_equal(ofs.l3, 18);

	/* Accel tag and no inline tag. */
	build_ipv4_tcp(&p);
	memset(&k, 0, sizeof k);
	k.vlan.tpid = htons(0x8100);
	k.vlan.tci = htons(0x2005 | FSW_VLAN_PRESENT);
	assert_int_equal(extract_len(&p, p.n, &k, NULL), 0);
	assert_int_equal(k.vlan.tci, htons(0x3005));
	assert_int_equal(k.cvlan.tci, 0);
	assert_int_equal(k.cvlan.tpid, 0);
	check_ipv4_l3(&k, 6);

	/* Plain fsw_key_extract ignores a stale key->vlan. */
	memset(&k, 0xff, sizeof k);
	assert_int_equal(fsw_key_extract(p.b, p.n, &k), 0);
	assert_int_equal(k.vlan.tci, 0);
	assert_int_equal(k.vlan.tpid, 0);
	check_ipv4_l3(&k, 6);
}

static void test_llc_snap(void **state)
{
	static const uint8_t snap_hdr[6] = { 0xaa, 0xaa, 0x03, 0, 0, 0 };
	struct fsw_extract_ofs ofs;
	struct fsw_key k;
	struct pkt p;
	size_t ip;

	/* 802.2 LLC (STP-like) without SNAP. */
	pkt_eth(&p, 38);
	pkt_u8(&p, 0x42);
	pkt_u8(&p, 0x42);
	pkt_u8(&p, 0x03);
	pkt_zeros(&p, 35);
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), FSW_ETH_TYPE_NONE);
	assert_memory_equal(k.eth_dst, pkt_mac_dst, 6);
	assert_true(l3_zero(&k));

	/* SNAP carrying IPv4: parsed from after the 8-byte LLC/SNAP. */
	pkt_eth(&p, 0);
	pkt_put(&p, snap_hdr, 6);
	pkt_u16(&p, 0x0800);
	ip = pkt_ipv4(&p, 17, 0, 5);
	pkt_udp(&p, 67, 68);
	pkt_ipv4_end(&p, ip);
	pkt_set16(&p, 12, p.n - 14);
	k = ex(&p);
	check_ipv4_l3(&k, 17);
	assert_int_equal(ntohs(k.tp_src), 67);
	k.vlan.tci = 0;
	extract_len(&p, p.n, &k, &ofs);
	assert_int_equal(ofs.l3, 22);

	/* SNAP with a non-zero OUI: no Ethernet II type. */
	p.b[19] = 0x0c;
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), FSW_ETH_TYPE_NONE);
	assert_true(l3_zero(&k));

	/* SNAP with an 802.3 length as its type. */
	p.b[19] = 0;
	pkt_set16(&p, 20, 0x0100);
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), FSW_ETH_TYPE_NONE);

	/* Truncated SNAP header. */
	pkt_set16(&p, 20, 0x0800);
	p.n = 14 + 7;
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), FSW_ETH_TYPE_NONE);

	/* Length field and nothing else. */
	p.n = 14;
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), FSW_ETH_TYPE_NONE);
}

static void build_arp(struct pkt *p, uint16_t type, uint16_t op)
{
	static const uint8_t sha[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
	static const uint8_t tha[6] = { 0x02, 0xbb, 0, 0, 0, 2 };

	pkt_eth(p, type);
	pkt_u16(p, 1);
	pkt_u16(p, 0x0800);
	pkt_u8(p, 6);
	pkt_u8(p, 4);
	pkt_u16(p, op);
	pkt_put(p, sha, 6);
	pkt_u32(p, 0xc0a80001);
	pkt_put(p, tha, 6);
	pkt_u32(p, 0xc0a80002);
}

static void test_arp(void **state)
{
	struct fsw_key k;
	struct pkt p;

	build_arp(&p, 0x0806, 2);
	pkt_zeros(&p, 18);		/* padding to 60 bytes */
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), 0x0806);
	assert_int_equal(k.nw_proto, 2);
	assert_int_equal(ntohl(k.ipv4_src), 0xc0a80001);
	assert_int_equal(ntohl(k.ipv4_dst), 0xc0a80002);
	assert_int_equal(k.arp_sha[1], 0xaa);
	assert_int_equal(k.arp_tha[1], 0xbb);
	assert_int_equal(k.arp_tha[5], 2);
	assert_int_equal(k.nw_tos, 0);
	assert_int_equal(k.tp_src, 0);

	build_arp(&p, 0x8035, 3);	/* RARP request */
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), 0x8035);
	assert_int_equal(k.nw_proto, 3);
	assert_int_equal(k.arp_sha[5], 1);

	/* Opcode beyond a byte: fields kept, opcode not representable. */
	build_arp(&p, 0x0806, 0x0101);
	k = ex(&p);
	assert_int_equal(k.nw_proto, 0);
	assert_int_equal(ntohl(k.ipv4_src), 0xc0a80001);

	/* Not Ethernet/IPv4 ARP. */
	build_arp(&p, 0x0806, 1);
	p.b[15] = 6;			/* htype 6 (IEEE 802) */
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), 0x0806);
	assert_true(l3_zero(&k));
	build_arp(&p, 0x0806, 1);
	p.b[19] = 16;			/* plen 16 */
	k = ex(&p);
	assert_true(l3_zero(&k));

	/* Truncated by one byte. */
	build_arp(&p, 0x0806, 1);
	p.n--;
	k = ex(&p);
	assert_true(l3_zero(&k));
}

static void check_ipv6_l3(const struct fsw_key *k, uint8_t proto)
{
	assert_int_equal(ntohs(k->eth_type), 0x86dd);
	assert_int_equal(k->nw_proto, proto);
	assert_int_equal(k->nw_tos, 0xa7);
	assert_int_equal(ntohl(k->ipv6_label), 0x12345);
	assert_int_equal(k->nw_ttl, 255);
	assert_int_equal(k->ipv6_src[0], 0xfe);
	assert_int_equal(k->ipv6_src[15], 1);
	assert_int_equal(k->ipv6_dst[15], 2);
	assert_int_equal(k->ipv4_src, 0);
}

static void test_ipv6_tcp(void **state)
{
	struct fsw_extract_ofs ofs;
	struct fsw_key k;
	struct pkt p;
	size_t ip;

	pkt_eth(&p, 0x86dd);
	ip = pkt_ipv6(&p, 6);
	pkt_tcp(&p, 40000, 22, 0x018);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	check_ipv6_l3(&k, 6);
	assert_int_equal(k.nw_frag, 0);
	assert_int_equal(ntohs(k.tp_src), 40000);
	assert_int_equal(ntohs(k.tp_dst), 22);
	assert_int_equal(ntohs(k.tcp_flags), 0x018);
	k.vlan.tci = 0;
	extract_len(&p, p.n, &k, &ofs);
	assert_int_equal(ofs.l3, 14);
	assert_int_equal(ofs.l4, 54);

	/* The payload length is not used either. */
	pkt_set16(&p, ip + 4, 10);
	k = ex(&p);
	check_ipv6_l3(&k, 6);
	assert_int_equal(ntohs(k.tp_dst), 22);

	/* IPv6 header cut short. */
	p.n = 14 + 39;
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), 0x86dd);
	assert_true(l3_zero(&k));
}

/* An 8-byte-unit extension header of NEXT with LEN8 extra units. */
static void put_ext(struct pkt *p, uint8_t next, uint8_t len8)
{
	pkt_u8(p, next);
	pkt_u8(p, len8);
	pkt_zeros(p, 6 + len8 * 8);
}

static void test_ipv6_ext_headers(void **state)
{
	struct fsw_extract_ofs ofs;
	struct fsw_key k;
	struct pkt p;
	size_t ip;

	/* HBH -> routing -> AH -> dest opts -> UDP. */
	pkt_eth(&p, 0x86dd);
	ip = pkt_ipv6(&p, 0);
	put_ext(&p, 43, 0);		/* hop-by-hop, 8 bytes */
	put_ext(&p, 51, 2);		/* routing, 24 bytes */
	pkt_u8(&p, 60);			/* AH: (4 + 2) * 4 = 24 bytes */
	pkt_u8(&p, 4);
	pkt_zeros(&p, 22);
	put_ext(&p, 17, 1);		/* dest opts, 16 bytes */
	pkt_udp(&p, 546, 547);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	check_ipv6_l3(&k, 17);
	assert_int_equal(ntohs(k.tp_src), 546);
	assert_int_equal(ntohs(k.tp_dst), 547);
	k.vlan.tci = 0;
	extract_len(&p, p.n, &k, &ofs);
	assert_int_equal(ofs.l4, 14 + 40 + 8 + 24 + 24 + 16);

	/* Routing header claiming more than the frame has: "no next
	 * header", no L4 (as Linux's datapath says). */
	pkt_eth(&p, 0x86dd);
	ip = pkt_ipv6(&p, 43);
	put_ext(&p, 6, 0);
	p.b[p.n - 7] = 200;
	pkt_tcp(&p, 1, 2, 0);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	check_ipv6_l3(&k, 59);
	assert_true(l4_zero(&k));

	/* Extension header cut short: the same. */
	pkt_eth(&p, 0x86dd);
	ip = pkt_ipv6(&p, 60);
	pkt_u8(&p, 6);
	pkt_u8(&p, 0);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	check_ipv6_l3(&k, 59);
	assert_true(l4_zero(&k));

	/* No next header. */
	pkt_eth(&p, 0x86dd);
	ip = pkt_ipv6(&p, 0);
	put_ext(&p, 59, 0);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	check_ipv6_l3(&k, 59);
	assert_true(l4_zero(&k));
}

static void build_ipv6_frag(struct pkt *p, uint16_t frag)
{
	size_t ip;

	pkt_eth(p, 0x86dd);
	ip = pkt_ipv6(p, 0);
	put_ext(p, 44, 0);
	pkt_u8(p, 17);			/* fragment header */
	pkt_u8(p, 0);
	pkt_u16(p, frag);
	pkt_u32(p, 0xabcd);
	pkt_udp(p, 100, 200);
	pkt_ipv6_end(p, ip);
}

static void test_ipv6_fragments(void **state)
{
	struct fsw_key k;
	struct pkt p;

	/* First fragment: L4 parsed. */
	build_ipv6_frag(&p, 0x0001);
	k = ex(&p);
	check_ipv6_l3(&k, 17);
	assert_int_equal(k.nw_frag, FSW_FRAG_ANY);
	assert_int_equal(ntohs(k.tp_dst), 200);

	/* Later fragment: nw_proto is the fragment header, no L4. */
	build_ipv6_frag(&p, 0x0009);
	k = ex(&p);
	check_ipv6_l3(&k, 44);
	assert_int_equal(k.nw_frag, FSW_FRAG_ANY | FSW_FRAG_LATER);
	assert_true(l4_zero(&k));

	/* Last fragment. */
	build_ipv6_frag(&p, 0x0010);
	k = ex(&p);
	assert_int_equal(k.nw_proto, 44);
	assert_int_equal(k.nw_frag, FSW_FRAG_ANY | FSW_FRAG_LATER);

	/* Atomic fragment (offset 0, no MF): a first fragment for the
	 * datapath, as for Linux's. */
	build_ipv6_frag(&p, 0);
	k = ex(&p);
	assert_int_equal(k.nw_frag, FSW_FRAG_ANY);
	assert_int_equal(k.nw_proto, 17);
	assert_int_equal(ntohs(k.tp_src), 100);
}

static size_t build_nd(struct pkt *p, uint8_t type)
{
	static const uint8_t target[16] = { 0x20, 0x01, 0x0d, 0xb8,
					    [15] = 0x99 };
	size_t ip;

	pkt_eth(p, 0x86dd);
	ip = pkt_ipv6(p, 58);
	pkt_u8(p, type);
	pkt_u8(p, 0);
	pkt_u16(p, 0);
	pkt_u32(p, type == 136 ? 0x60000000 : 0);
	pkt_put(p, target, 16);
	return ip;
}

static void put_lla(struct pkt *p, uint8_t opt, uint8_t last)
{
	static const uint8_t mac[5] = { 0x02, 0x11, 0x22, 0x33, 0x44 };

	pkt_u8(p, opt);
	pkt_u8(p, 1);
	pkt_put(p, mac, 5);
	pkt_u8(p, last);
}

static void test_icmpv6_nd(void **state)
{
	struct fsw_key k;
	struct pkt p;
	size_t ip;

	/* Echo request. */
	pkt_eth(&p, 0x86dd);
	ip = pkt_ipv6(&p, 58);
	pkt_u8(&p, 128);
	pkt_u8(&p, 0);
	pkt_zeros(&p, 6);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	check_ipv6_l3(&k, 58);
	assert_int_equal(k.tp_src, htons(128));
	assert_int_equal(k.tp_dst, 0);
	assert_true(is_zero(k.nd_target, 16));

	/* NS with an SLL option. */
	ip = build_nd(&p, 135);
	put_lla(&p, 1, 0x55);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	check_ipv6_l3(&k, 58);
	assert_int_equal(k.tp_src, htons(135));
	assert_int_equal(k.nd_target[0], 0x20);
	assert_int_equal(k.nd_target[15], 0x99);
	assert_int_equal(k.nd_sll[0], 0x02);
	assert_int_equal(k.nd_sll[5], 0x55);
	assert_true(is_zero(k.nd_tll, 6));

	/* NA with a TLL option after an unknown option. */
	ip = build_nd(&p, 136);
	pkt_u8(&p, 14);			/* nonce option, 8 bytes */
	pkt_u8(&p, 1);
	pkt_zeros(&p, 6);
	put_lla(&p, 2, 0x66);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	assert_int_equal(k.tp_src, htons(136));
	assert_int_equal(k.nd_target[15], 0x99);
	assert_int_equal(k.nd_tll[5], 0x66);
	assert_true(is_zero(k.nd_sll, 6));

	/* NS without options. */
	ip = build_nd(&p, 135);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	assert_int_equal(k.nd_target[15], 0x99);
	assert_true(is_zero(k.nd_sll, 6));

	/* A zero-length option ends the options; what came before stays
	 * (a TLL after it is not read). */
	ip = build_nd(&p, 135);
	put_lla(&p, 1, 0x55);
	pkt_u8(&p, 1);
	pkt_u8(&p, 0);
	pkt_zeros(&p, 6);
	put_lla(&p, 2, 0x66);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	assert_int_equal(k.tp_src, htons(135));
	assert_int_equal(k.nd_target[15], 0x99);
	assert_int_equal(k.nd_sll[5], 0x55);
	assert_true(is_zero(k.nd_tll, 6));

	/* So does an option longer than what is left. */
	ip = build_nd(&p, 136);
	put_lla(&p, 2, 0x66);
	pkt_u8(&p, 1);
	pkt_u8(&p, 3);
	pkt_zeros(&p, 14);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	assert_int_equal(k.nd_target[15], 0x99);
	assert_int_equal(k.nd_tll[5], 0x66);

	/* Duplicate SLL: the message is bad, all ND fields cleared. */
	ip = build_nd(&p, 135);
	put_lla(&p, 1, 0x55);
	put_lla(&p, 1, 0x56);
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	assert_int_equal(k.tp_src, htons(135));
	assert_true(is_zero(k.nd_target, 16));
	assert_true(is_zero(k.nd_sll, 6));

	/* Fewer than 8 bytes left: not an option, target kept. */
	ip = build_nd(&p, 135);
	put_lla(&p, 1, 0x55);
	p.n -= 2;
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	assert_int_equal(k.nd_target[15], 0x99);
	assert_true(is_zero(k.nd_sll, 6));

	/* Target cut short: type/code only. */
	ip = build_nd(&p, 135);
	p.n -= 1;
	pkt_ipv6_end(&p, ip);
	k = ex(&p);
	assert_int_equal(k.tp_src, htons(135));
	assert_true(is_zero(k.nd_target, 16));

	/* Code != 0 is not ND. */
	ip = build_nd(&p, 136);
	put_lla(&p, 2, 0x66);
	pkt_ipv6_end(&p, ip);
	p.b[14 + 40 + 1] = 1;
	k = ex(&p);
	assert_int_equal(k.tp_dst, htons(1));
	assert_true(is_zero(k.nd_target, 16));
	assert_true(is_zero(k.nd_tll, 6));
}

static void test_short_and_other(void **state)
{
	struct fsw_key k;
	struct pkt p;

	pkt_eth(&p, 0x0800);
	memset(&k, 0x77, sizeof k);
	assert_int_equal(extract_len(&p, 13, &k, NULL), -EINVAL);
	assert_true(is_zero(k.eth_src, sizeof k - offsetof(struct fsw_key,
							    eth_src)));
	assert_int_equal(k.in_port, 0x77777777);
	assert_int_equal(fsw_key_extract(p.b, 0, &k), -EINVAL);

	/* Ethernet header alone. */
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), 0x0800);
	assert_true(l3_zero(&k));

	/* Unknown ethertype (MPLS): L2 only. */
	pkt_eth(&p, 0x8847);
	pkt_u32(&p, 0x00064140);
	k = ex(&p);
	assert_int_equal(ntohs(k.eth_type), 0x8847);
	assert_true(l3_zero(&k));
}

/* The frames the sweep and the fuzzer start from. */
static size_t build_all(struct pkt *pk, size_t max)
{
	size_t n = 0, ip;

	build_ipv4_tcp(&pk[n++]);
	build_arp(&pk[n++], 0x0806, 1);
	build_ipv6_frag(&pk[n++], 1);
	ip = build_nd(&pk[n], 135);
	put_lla(&pk[n], 1, 1);
	put_lla(&pk[n], 2, 2);
	pkt_ipv6_end(&pk[n++], ip);
	pkt_eth_addrs(&pk[n]);
	pkt_u16(&pk[n], 0x88a8);
	pkt_u16(&pk[n], 1);
	pkt_u16(&pk[n], 0x8100);
	pkt_u16(&pk[n], 2);
	pkt_u16(&pk[n], 0x0800);
	ip = pkt_ipv4(&pk[n], 1, 0, 6);
	pkt_zeros(&pk[n], 8);
	pkt_ipv4_end(&pk[n++], ip);
	pkt_eth(&pk[n], 40);
	pkt_put(&pk[n], "\xaa\xaa\x03\0\0\0\x86\xdd", 8);
	ip = pkt_ipv6(&pk[n], 0);
	put_ext(&pk[n], 51, 0);
	pkt_u8(&pk[n], 132);
	pkt_u8(&pk[n], 1);
	pkt_zeros(&pk[n], 10);
	pkt_zeros(&pk[n], 12);
	pkt_ipv6_end(&pk[n++], ip);
	assert_true(n <= max);
	return n;
}

/* Every prefix of every frame: no crash, no read past the end (the
 * heap copy is exactly LEN bytes), and the Ethernet addresses always
 * come out once there is a header. */
static void test_truncation_sweep(void **state)
{
	struct pkt pk[8];
	size_t n = build_all(pk, 8), i, len;

	for (i = 0; i < n; i++) {
		for (len = 0; len <= pk[i].n; len++) {
			struct fsw_key k;
			int rc;

			memset(&k, 0x3c, sizeof k);
			k.vlan.tci = 0;
			rc = extract_len(&pk[i], len, &k, NULL);
			assert_int_equal(rc, len < 14 ? -EINVAL : 0);
			if (len >= 14)
				assert_memory_equal(k.eth_src, pkt_mac_src, 6);
		}
	}
}

/* Random mutations and random bytes. */
static void test_fuzz(void **state)
{
	struct pkt pk[8], m;
	size_t n = build_all(pk, 8);
	unsigned int seed = 12345, iter;

	for (iter = 0; iter < 200000; iter++) {
		struct fsw_extract_ofs ofs, ofs2;
		struct fsw_key k, k2;
		size_t head;
		int flips, j;

		if (iter % 16 == 0) {
			m.n = rand_r(&seed) % 200;
			for (j = 0; j < (int)m.n; j++)
				m.b[j] = rand_r(&seed);
		} else {
			m = pk[rand_r(&seed) % n];
			flips = 1 + rand_r(&seed) % 6;
			for (j = 0; j < flips; j++)
				m.b[rand_r(&seed) % m.n] = rand_r(&seed);
			if (rand_r(&seed) % 2)
				m.n = rand_r(&seed) % (m.n + 1);
		}
		memset(&k, 0, sizeof k);
		if (iter % 3 == 0) {
			k.vlan.tpid = htons(0x8100);
			k.vlan.tci = htons(FSW_VLAN_PRESENT | 9);
		}
		k2 = k;
		if (extract_len(&m, m.n, &k, &ofs) == 0) {
			assert_true(ofs.l3 <= m.n);
			assert_true(ofs.l4 == FSW_OFS_NONE || ofs.l4 <= m.n);
		}
		/* The module parses a linear head of HEAD bytes and pulls
		 * more only when the parser says it was cut short: without
		 * "cut", the head's key must be the whole frame's. */
		head = m.n ? rand_r(&seed) % (m.n + 1) : 0;
		extract_len(&m, head, &k2, &ofs2);
		if (!ofs2.cut) {
			assert_memory_equal(&k, &k2, sizeof k);
			assert_true(ofs2.l3 == ofs.l3 && ofs2.l4 == ofs.l4);
		}
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
		cmocka_unit_test(test_ipv4_tcp),
		cmocka_unit_test(test_ipv4_options_and_padding),
		cmocka_unit_test(test_ipv4_bad_header),
		cmocka_unit_test(test_ipv4_fragments),
		cmocka_unit_test(test_ipv4_icmp_sctp),
		cmocka_unit_test(test_vlan),
		cmocka_unit_test(test_vlan_accel),
		cmocka_unit_test(test_llc_snap),
		cmocka_unit_test(test_arp),
		cmocka_unit_test(test_ipv6_tcp),
		cmocka_unit_test(test_ipv6_ext_headers),
		cmocka_unit_test(test_ipv6_fragments),
		cmocka_unit_test(test_icmpv6_nd),
		cmocka_unit_test(test_short_and_other),
		cmocka_unit_test(test_truncation_sweep),
		cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
