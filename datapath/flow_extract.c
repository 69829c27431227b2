// SPDX-License-Identifier: GPL-2.0
/*
 * Packet parser shared by flowswitch.ko and userspace (libfsw.a builds
 * this same file through lib/flow-extract.c).  See
 * include/fsw/flow_extract.h for the conventions.
 *
 * Everything reads through struct cursor, whose one bounds check is the
 * only way to get at packet bytes, so a malformed frame can at worst
 * stop parsing early.  Multi-byte fields are copied as bytes (the frame
 * may be unaligned) and kept in network order, as struct fsw_key wants.
 */
#include "fsw/compat.h"
#include "fsw/flow_extract.h"

#define ETH_HDR_LEN	14
#define VLAN_TAG_LEN	4
#define LLC_SNAP_LEN	8
#define ARP_ETH_IP_LEN	28
#define IPV4_MIN_LEN	20
#define IPV6_HDR_LEN	40
#define TCP_MIN_LEN	20
#define UDP_LEN		8
#define SCTP_MIN_LEN	12
#define ICMP_MIN_LEN	8
#define ND_MIN_LEN	24	/* ICMPv6 header + target address */

#define TYPE_8021Q	0x8100
#define TYPE_8021AD	0x88a8
#define TYPE_IPV4	0x0800
#define TYPE_ARP	0x0806
#define TYPE_RARP	0x8035
#define TYPE_IPV6	0x86dd
#define TYPE_MIN	0x0600	/* smaller values are 802.3 lengths */

#define PROTO_ICMP	1
#define PROTO_TCP	6
#define PROTO_UDP	17
#define PROTO_SCTP	132
#define PROTO_ICMPV6	58
#define PROTO_HOPOPTS	0
#define PROTO_ROUTING	43
#define PROTO_FRAGMENT	44
#define PROTO_AH	51
#define PROTO_DSTOPTS	60
#define PROTO_NONE	59

#define IPV4_MF		0x2000
#define IPV4_OFFSET	0x1fff
#define IPV6_FRAG_OFFSET 0xfff8

#define ND_SOLICIT	135
#define ND_ADVERT	136
#define ND_OPT_SLL	1
#define ND_OPT_TLL	2

struct cursor {
	const __u8 *data;
	unsigned int len;	/* the frame's length */
	unsigned int ofs;	/* next byte to read */
	int *cut;		/* set when a read ran past len */
};

/* Returns the N bytes at the cursor, or NULL if fewer remain. */
static const __u8 *peek(const struct cursor *c, unsigned int n)
{
	if (c->ofs > c->len || n > c->len - c->ofs) {
		*c->cut = 1;
		return NULL;
	}
	return c->data + c->ofs;
}

/* Like peek(), and moves past them on success. */
static const __u8 *pull(struct cursor *c, unsigned int n)
{
	const __u8 *p = peek(c, n);

	if (p)
		c->ofs += n;
	return p;
}

static __u16 rd16(const __u8 *p)
{
	return (__u16)(p[0] << 8 | p[1]);
}

static int is_vlan_tpid(__u16 type)
{
	return type == TYPE_8021Q || type == TYPE_8021AD;
}

static int is_zero_mac(const __u8 *mac)
{
	return !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);
}

/* Reads the tag at the cursor into V.  The tag is taken only with room
 * for the type field that follows it, so a tag never ends a key. */
static int parse_vlan(struct cursor *c, struct fsw_vlan *v)
{
	const __u8 *p = peek(c, VLAN_TAG_LEN + 2);

	if (!p)
		return -1;
	memcpy(&v->tpid, p, 2);
	memcpy(&v->tci, p + 2, 2);
	v->tci |= fsw_htons(FSW_VLAN_PRESENT);
	c->ofs += VLAN_TAG_LEN;
	return 0;
}

/* Parses the type/length field at the cursor (whose 2 bytes the caller
 * knows are there) and an 802.2 LLC/SNAP header after it. */
static __be16 parse_ethertype(struct cursor *c)
{
	static const __u8 snap[6] = { 0xaa, 0xaa, 0x03, 0, 0, 0 };
	const __u8 *p = pull(c, 2);
	__be16 type;

	memcpy(&type, p, 2);
	if (rd16(p) >= TYPE_MIN)
		return type;

	p = peek(c, LLC_SNAP_LEN);
	if (!p || memcmp(p, snap, sizeof(snap)) || rd16(p + 6) < TYPE_MIN)
		return fsw_htons(FSW_ETH_TYPE_NONE);
	c->ofs += LLC_SNAP_LEN;
	memcpy(&type, p + 6, 2);
	return type;
}

static void parse_arp(struct cursor *c, struct fsw_key *key)
{
	const __u8 *p = peek(c, ARP_ETH_IP_LEN);
	__u16 op;

	/* Ethernet hardware, IPv4 protocol, matching address sizes. */
	if (!p || rd16(p) != 1 || rd16(p + 2) != TYPE_IPV4 ||
	    p[4] != FSW_ETH_ALEN || p[5] != 4)
		return;
	op = rd16(p + 6);
	key->nw_proto = op <= 0xff ? op : 0;
	memcpy(key->arp_sha, p + 8, FSW_ETH_ALEN);
	memcpy(&key->ipv4_src, p + 14, 4);
	memcpy(key->arp_tha, p + 18, FSW_ETH_ALEN);
	memcpy(&key->ipv4_dst, p + 24, 4);
}

static unsigned int parse_tcp(struct cursor *c, struct fsw_key *key)
{
	const __u8 *p = peek(c, TCP_MIN_LEN);
	unsigned int doff;

	if (!p)
		return FSW_OFS_NONE;
	doff = (p[12] >> 4) * 4;
	if (doff < TCP_MIN_LEN || !peek(c, doff))
		return FSW_OFS_NONE;
	memcpy(&key->tp_src, p, 2);
	memcpy(&key->tp_dst, p + 2, 2);
	key->tcp_flags = fsw_htons(rd16(p + 12) & 0x0fff);
	return c->ofs;
}

/* UDP and SCTP: just the two ports at the start of a MIN-byte header. */
static unsigned int parse_ports(struct cursor *c, struct fsw_key *key,
				unsigned int min)
{
	const __u8 *p = peek(c, min);

	if (!p)
		return FSW_OFS_NONE;
	memcpy(&key->tp_src, p, 2);
	memcpy(&key->tp_dst, p + 2, 2);
	return c->ofs;
}

/* ICMP and ICMPv6: type and code go in the low byte of tp_src/tp_dst. */
static const __u8 *parse_icmp(struct cursor *c, struct fsw_key *key)
{
	const __u8 *p = peek(c, ICMP_MIN_LEN);

	if (!p)
		return NULL;
	key->tp_src = fsw_htons(p[0]);
	key->tp_dst = fsw_htons(p[1]);
	return p;
}

static unsigned int parse_l4(struct cursor *c, struct fsw_key *key)
{
	switch (key->nw_proto) {
	case PROTO_TCP:
		return parse_tcp(c, key);
	case PROTO_UDP:
		return parse_ports(c, key, UDP_LEN);
	case PROTO_SCTP:
		return parse_ports(c, key, SCTP_MIN_LEN);
	case PROTO_ICMP:
		if (key->eth_type == fsw_htons(TYPE_IPV4) &&
		    parse_icmp(c, key))
			return c->ofs;
		break;
	}
	return FSW_OFS_NONE;
}

static void clear_nd(struct fsw_key *key)
{
	memset(key->nd_target, 0, sizeof(key->nd_target));
	memset(key->nd_sll, 0, sizeof(key->nd_sll));
	memset(key->nd_tll, 0, sizeof(key->nd_tll));
}

/* Neighbour solicitation/advertisement: the target and link-layer
 * address options, which follow the 24-byte fixed part.  As in Linux's
 * datapath, options are read while a whole one (8 bytes) may follow; a
 * zero-length or overlong option ends them, keeping what was read. */
static void parse_nd(struct cursor *c, struct fsw_key *key)
{
	struct cursor opts = *c;
	const __u8 *p = peek(c, ND_MIN_LEN);

	if (!p)
		return;
	memcpy(key->nd_target, p + 8, 16);
	opts.ofs += ND_MIN_LEN;

	while ((p = peek(&opts, 8)) != NULL) {
		unsigned int olen = p[1] * 8;
		__u8 *mac = NULL;

		if (!olen || !pull(&opts, olen))
			return;
		if (p[0] == ND_OPT_SLL && olen == 8)
			mac = key->nd_sll;
		else if (p[0] == ND_OPT_TLL && olen == 8)
			mac = key->nd_tll;
		if (!mac)
			continue;
		if (!is_zero_mac(mac)) {
			clear_nd(key);	/* duplicate: the message is bad */
			return;
		}
		memcpy(mac, p + 2, FSW_ETH_ALEN);
	}
}

static unsigned int parse_icmpv6(struct cursor *c, struct fsw_key *key)
{
	const __u8 *p = parse_icmp(c, key);

	if (!p)
		return FSW_OFS_NONE;
	if ((p[0] == ND_SOLICIT || p[0] == ND_ADVERT) && p[1] == 0)
		parse_nd(c, key);
	return c->ofs;
}

/* Returns the transport header offset or FSW_OFS_NONE. */
static unsigned int parse_ipv4(struct cursor *c, struct fsw_key *key)
{
	const __u8 *p = peek(c, IPV4_MIN_LEN);
	unsigned int ihl;
	__u16 frag;

	if (!p)
		return FSW_OFS_NONE;
	ihl = (p[0] & 0x0f) * 4;
	if (ihl < IPV4_MIN_LEN || !peek(c, ihl))
		return FSW_OFS_NONE;

	key->nw_tos = p[1];
	key->nw_ttl = p[8];
	key->nw_proto = p[9];
	memcpy(&key->ipv4_src, p + 12, 4);
	memcpy(&key->ipv4_dst, p + 16, 4);

	frag = rd16(p + 6);
	if (frag & (IPV4_MF | IPV4_OFFSET))
		key->nw_frag |= FSW_FRAG_ANY;
	if (frag & IPV4_OFFSET) {
		key->nw_frag |= FSW_FRAG_LATER;
		return FSW_OFS_NONE;
	}

	c->ofs += ihl;
	return parse_l4(c, key);
}

static int is_ipv6_ext(__u8 proto)
{
	return proto == PROTO_HOPOPTS || proto == PROTO_ROUTING ||
	       proto == PROTO_DSTOPTS || proto == PROTO_FRAGMENT ||
	       proto == PROTO_AH;
}

/* Skips the extension headers at the cursor.  Returns 0 with
 * key->nw_proto the upper-layer protocol, or -1 when no L4 header
 * follows: a later fragment (nw_proto 44), or an extension header that
 * does not fit the frame (nw_proto 59, "no next header"). */
static int skip_ipv6_ext(struct cursor *c, struct fsw_key *key)
{
	__u8 next = key->nw_proto;

	while (is_ipv6_ext(next)) {
		const __u8 *p = peek(c, 8);
		unsigned int hlen;

		if (!p)
			goto truncated;
		if (next == PROTO_FRAGMENT) {
			/* Even an atomic fragment (offset 0, no MF). */
			hlen = 8;
			key->nw_frag |= FSW_FRAG_ANY;
			if (rd16(p + 2) & IPV6_FRAG_OFFSET) {
				key->nw_frag |= FSW_FRAG_LATER;
				return -1;	/* nw_proto stays 44 */
			}
		} else if (next == PROTO_AH) {
			hlen = (p[1] + 2) * 4;
		} else {
			hlen = (p[1] + 1) * 8;
		}
		if (!pull(c, hlen))
			goto truncated;
		next = p[0];
		key->nw_proto = next;
	}
	return 0;

truncated:
	key->nw_proto = PROTO_NONE;
	return -1;
}

static unsigned int parse_ipv6(struct cursor *c, struct fsw_key *key)
{
	const __u8 *p = pull(c, IPV6_HDR_LEN);

	if (!p)
		return FSW_OFS_NONE;
	key->nw_tos = (__u8)(rd16(p) >> 4);
	key->ipv6_label = fsw_htonl(((__u32)(p[1] & 0x0f) << 16) | rd16(p + 2));
	key->nw_proto = p[6];
	key->nw_ttl = p[7];
	memcpy(key->ipv6_src, p + 8, 16);
	memcpy(key->ipv6_dst, p + 24, 16);

	if (skip_ipv6_ext(c, key))
		return FSW_OFS_NONE;
	if (key->nw_proto == PROTO_ICMPV6)
		return parse_icmpv6(c, key);
	return parse_l4(c, key);
}

static void clear_packet_fields(struct fsw_key *key)
{
	size_t start = offsetof(struct fsw_key, eth_src);

	memset((__u8 *)key + start, 0, sizeof(*key) - start);
}

int fsw_key_extract_tagged(const void *data, unsigned int len,
			   struct fsw_key *key, struct fsw_extract_ofs *ofs)
{
	int cut = 0;
	struct cursor c = { data, len, 0, &cut };
	struct fsw_vlan accel = key->vlan;
	struct fsw_vlan *next_tag = &key->vlan;
	const __u8 *p;
	unsigned int l4 = FSW_OFS_NONE;
	int i;

	clear_packet_fields(key);
	if (ofs) {
		ofs->l3 = ofs->l4 = FSW_OFS_NONE;
		ofs->cut = 1;
	}
	p = pull(&c, ETH_HDR_LEN - 2);
	if (!p || !peek(&c, 2))
		return -EINVAL;
	memcpy(key->eth_dst, p, FSW_ETH_ALEN);
	memcpy(key->eth_src, p + FSW_ETH_ALEN, FSW_ETH_ALEN);

	if (accel.tci & fsw_htons(FSW_VLAN_PRESENT)) {
		key->vlan = accel;
		next_tag = &key->cvlan;
	}
	for (i = next_tag == &key->vlan ? 0 : 1; i < 2; i++) {
		if (!is_vlan_tpid(rd16(peek(&c, 2))) ||
		    parse_vlan(&c, next_tag))
			break;
		next_tag = &key->cvlan;
	}
	/* The loop leaves the cursor on a type field it has checked. */
	key->eth_type = parse_ethertype(&c);

	if (ofs)
		ofs->l3 = c.ofs;
	switch (fsw_ntohs(key->eth_type)) {
	case TYPE_IPV4:
		l4 = parse_ipv4(&c, key);
		break;
	case TYPE_IPV6:
		l4 = parse_ipv6(&c, key);
		break;
	case TYPE_ARP:
	case TYPE_RARP:
		parse_arp(&c, key);
		break;
	}
	if (ofs) {
		ofs->l4 = l4;
		ofs->cut = cut;
	}
	return 0;
}

int fsw_key_extract(const void *data, unsigned int len, struct fsw_key *key)
{
	key->vlan.tci = 0;
	return fsw_key_extract_tagged(data, len, key, NULL);
}
