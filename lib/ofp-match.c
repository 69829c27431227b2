/* Match fields and the OXM / OF1.0 match codecs. */
#include <config.h>
#include "ofp-match.h"

#include <string.h>
#include "buf.h"
#include "ofp-errors.h"
#include "ofp-private.h"

#define F(NAME, ALIAS, BYTES, BITS, MASK, SET, PRE, FMT) \
	{ NAME, ALIAS, BYTES, BITS, MASK, SET, MFP_##PRE, MFS_##FMT }

const struct mf_field mf_fields[MFF_N_IDS] = {
	[MFF_IN_PORT] = F("in_port", NULL, 4, 32, false, false, NONE, DEC),
	[MFF_IN_PHY_PORT] = F("in_phy_port", NULL, 4, 32, false, false,
			      IN_PORT, DEC),
	[MFF_METADATA] = F("metadata", NULL, 8, 64, true, false, NONE, HEX),
	[MFF_ETH_DST] = F("eth_dst", "dl_dst", 6, 48, true, true, NONE, ETH),
	[MFF_ETH_SRC] = F("eth_src", "dl_src", 6, 48, true, true, NONE, ETH),
	/* Not settable: rewriting a type or protocol number without the
	 * header it names would corrupt the packet (push/pop do that). */
	[MFF_ETH_TYPE] = F("eth_type", "dl_type", 2, 16, false, false, NONE,
			   HEX),
	[MFF_VLAN_VID] = F("vlan_vid", NULL, 2, 13, true, true, NONE, DEC),
	[MFF_VLAN_PCP] = F("vlan_pcp", NULL, 1, 3, false, true, VLAN, DEC),
	[MFF_IP_DSCP] = F("ip_dscp", NULL, 1, 6, false, true, IP_ANY, DEC),
	[MFF_IP_ECN] = F("nw_ecn", "ip_ecn", 1, 2, false, true, IP_ANY, DEC),
	[MFF_IP_PROTO] = F("nw_proto", "ip_proto", 1, 8, false, false, IP_ANY,
			   DEC),
	[MFF_IPV4_SRC] = F("ip_src", "nw_src", 4, 32, true, true, IPV4, IPV4),
	[MFF_IPV4_DST] = F("ip_dst", "nw_dst", 4, 32, true, true, IPV4, IPV4),
	[MFF_TCP_SRC] = F("tcp_src", NULL, 2, 16, false, true, TCP, DEC),
	[MFF_TCP_DST] = F("tcp_dst", NULL, 2, 16, false, true, TCP, DEC),
	[MFF_UDP_SRC] = F("udp_src", NULL, 2, 16, false, true, UDP, DEC),
	[MFF_UDP_DST] = F("udp_dst", NULL, 2, 16, false, true, UDP, DEC),
	[MFF_SCTP_SRC] = F("sctp_src", NULL, 2, 16, false, true, SCTP, DEC),
	[MFF_SCTP_DST] = F("sctp_dst", NULL, 2, 16, false, true, SCTP, DEC),
	[MFF_ICMPV4_TYPE] = F("icmp_type", "icmpv4_type", 1, 8, false, true,
			      ICMPV4, DEC),
	[MFF_ICMPV4_CODE] = F("icmp_code", "icmpv4_code", 1, 8, false, true,
			      ICMPV4, DEC),
	/* Our flow keeps the opcode's low byte only. */
	[MFF_ARP_OP] = F("arp_op", NULL, 2, 8, false, true, ARP, DEC),
	[MFF_ARP_SPA] = F("arp_spa", NULL, 4, 32, true, true, ARP, IPV4),
	[MFF_ARP_TPA] = F("arp_tpa", NULL, 4, 32, true, true, ARP, IPV4),
	[MFF_ARP_SHA] = F("arp_sha", NULL, 6, 48, true, true, ARP, ETH),
	[MFF_ARP_THA] = F("arp_tha", NULL, 6, 48, true, true, ARP, ETH),
	[MFF_IPV6_SRC] = F("ipv6_src", NULL, 16, 128, true, true, IPV6, IPV6),
	[MFF_IPV6_DST] = F("ipv6_dst", NULL, 16, 128, true, true, IPV6, IPV6),
	[MFF_IPV6_LABEL] = F("ipv6_label", NULL, 4, 20, true, true, IPV6, HEX),
	[MFF_ICMPV6_TYPE] = F("icmpv6_type", NULL, 1, 8, false, true, ICMPV6,
			      DEC),
	[MFF_ICMPV6_CODE] = F("icmpv6_code", NULL, 1, 8, false, true, ICMPV6,
			      DEC),
	[MFF_ND_TARGET] = F("nd_target", NULL, 16, 128, false, true, ND,
			    IPV6),
	[MFF_ND_SLL] = F("nd_sll", NULL, 6, 48, false, true, ND_SOLICIT, ETH),
	[MFF_ND_TLL] = F("nd_tll", NULL, 6, 48, false, true, ND_ADVERT, ETH),
	[MFF_MPLS_LABEL] = F("mpls_label", NULL, 4, 20, false, true, MPLS,
			     DEC),
	[MFF_MPLS_TC] = F("mpls_tc", NULL, 1, 3, false, true, MPLS, DEC),
	[MFF_MPLS_BOS] = F("mpls_bos", NULL, 1, 1, false, false, MPLS, DEC),
	[MFF_PBB_ISID] = F("pbb_isid", NULL, 3, 24, true, true, PBB, HEX),
	[MFF_TUNNEL_ID] = F("tun_id", "tunnel_id", 8, 64, true, true, NONE,
			    HEX),
	[MFF_IPV6_EXTHDR] = F("ipv6_exthdr", NULL, 2, 9, true, false, IPV6,
			      HEX),
	[MFF_NW_TTL] = F("nw_ttl", NULL, 1, 8, false, true, IP_ANY, DEC),
	[MFF_TCP_FLAGS] = F("tcp_flags", NULL, 2, 12, true, false, TCP, HEX),
};

int mf_from_name(const char *name)
{
	int i;

	for (i = 0; i < MFF_N_IDS; i++) {
		const struct mf_field *f = &mf_fields[i];

		if (!strcmp(f->name, name) ||
		    (f->alias && !strcmp(f->alias, name)))
			return i;
	}
	return -1;
}

static bool is_bytes_field(enum mf_id id)
{
	return mf_fields[id].n_bytes > 8;
}

/* Storage of the fields kept as byte strings in struct flow. */
static uint8_t *flow_bytes(enum mf_id id, struct flow *f)
{
	switch (id) {
	case MFF_ETH_DST: return f->dp.eth_dst;
	case MFF_ETH_SRC: return f->dp.eth_src;
	case MFF_ARP_SHA: return f->dp.arp_sha;
	case MFF_ARP_THA: return f->dp.arp_tha;
	case MFF_IPV6_SRC: return f->dp.ipv6_src;
	case MFF_IPV6_DST: return f->dp.ipv6_dst;
	case MFF_ND_TARGET: return f->dp.nd_target;
	case MFF_ND_SLL: return f->dp.nd_sll;
	case MFF_ND_TLL: return f->dp.nd_tll;
	default: return NULL;
	}
}

static bool is_array_field(enum mf_id id)
{
	struct flow dummy;

	return flow_bytes(id, &dummy) != NULL;
}

/* Reads a numeric field (host order). */
static uint64_t flow_take(enum mf_id id, const struct flow *f)
{
	const struct fsw_key *k = &f->dp;

	switch (id) {
	case MFF_IN_PORT: return k->in_port;
	case MFF_METADATA: return be64toh(f->metadata);
	case MFF_ETH_TYPE: return ntohs(k->eth_type);
	case MFF_VLAN_VID: return ntohs(k->vlan.tci) & 0x1fff;
	case MFF_VLAN_PCP: return ntohs(k->vlan.tci) >> 13;
	case MFF_IP_DSCP: return k->nw_tos >> 2;
	case MFF_IP_ECN: return k->nw_tos & 3;
	case MFF_IP_PROTO:
	case MFF_ARP_OP: return k->nw_proto;
	case MFF_IPV4_SRC:
	case MFF_ARP_SPA: return ntohl(k->ipv4_src);
	case MFF_IPV4_DST:
	case MFF_ARP_TPA: return ntohl(k->ipv4_dst);
	case MFF_TCP_SRC:
	case MFF_UDP_SRC:
	case MFF_SCTP_SRC: return ntohs(k->tp_src);
	case MFF_TCP_DST:
	case MFF_UDP_DST:
	case MFF_SCTP_DST: return ntohs(k->tp_dst);
	case MFF_ICMPV4_TYPE:
	case MFF_ICMPV6_TYPE: return ntohs(k->tp_src) & 0xff;
	case MFF_ICMPV4_CODE:
	case MFF_ICMPV6_CODE: return ntohs(k->tp_dst) & 0xff;
	case MFF_IPV6_LABEL: return ntohl(k->ipv6_label) & 0xfffff;
	case MFF_MPLS_LABEL: return ntohl(f->mpls_lse) >> 12;
	case MFF_MPLS_TC: return (ntohl(f->mpls_lse) >> 9) & 7;
	case MFF_MPLS_BOS: return (ntohl(f->mpls_lse) >> 8) & 1;
	case MFF_PBB_ISID: return ntohl(f->pbb_isid) & 0xffffff;
	case MFF_TUNNEL_ID: return be64toh(f->tunnel_id);
	case MFF_IPV6_EXTHDR: return f->ipv6_exthdr;
	case MFF_NW_TTL: return k->nw_ttl;
	case MFF_TCP_FLAGS: return ntohs(k->tcp_flags) & 0xfff;
	default: return 0;
	}
}

static void put16(__be16 *p, uint16_t clear, uint16_t bits)
{
	*p = htons((ntohs(*p) & ~clear) | bits);
}

static void put32(__be32 *p, uint32_t clear, uint32_t bits)
{
	*p = htonl((ntohl(*p) & ~clear) | bits);
}

/* Writes a numeric field's bits, leaving the bits of fields that share
 * its storage alone. */
static void flow_put(enum mf_id id, struct flow *f, uint64_t x)
{
	struct fsw_key *k = &f->dp;

	switch (id) {
	case MFF_IN_PORT: k->in_port = x; break;
	case MFF_METADATA: f->metadata = htobe64(x); break;
	case MFF_ETH_TYPE: k->eth_type = htons(x); break;
	case MFF_VLAN_VID: put16(&k->vlan.tci, 0x1fff, x); break;
	case MFF_VLAN_PCP: put16(&k->vlan.tci, 0xe000, x << 13); break;
	case MFF_IP_DSCP: k->nw_tos = (k->nw_tos & 3) | (x << 2); break;
	case MFF_IP_ECN: k->nw_tos = (k->nw_tos & 0xfc) | x; break;
	case MFF_IP_PROTO:
	case MFF_ARP_OP: k->nw_proto = x; break;
	case MFF_IPV4_SRC:
	case MFF_ARP_SPA: k->ipv4_src = htonl(x); break;
	case MFF_IPV4_DST:
	case MFF_ARP_TPA: k->ipv4_dst = htonl(x); break;
	case MFF_TCP_SRC:
	case MFF_UDP_SRC:
	case MFF_SCTP_SRC:
	case MFF_ICMPV4_TYPE:
	case MFF_ICMPV6_TYPE: k->tp_src = htons(x); break;
	case MFF_TCP_DST:
	case MFF_UDP_DST:
	case MFF_SCTP_DST:
	case MFF_ICMPV4_CODE:
	case MFF_ICMPV6_CODE: k->tp_dst = htons(x); break;
	case MFF_IPV6_LABEL: k->ipv6_label = htonl(x); break;
	case MFF_MPLS_LABEL: put32(&f->mpls_lse, 0xfffff000, x << 12); break;
	case MFF_MPLS_TC: put32(&f->mpls_lse, 0xe00, x << 9); break;
	case MFF_MPLS_BOS: put32(&f->mpls_lse, 0x100, x << 8); break;
	case MFF_PBB_ISID: f->pbb_isid = htonl(x); break;
	case MFF_TUNNEL_ID: f->tunnel_id = htobe64(x); break;
	case MFF_IPV6_EXTHDR: f->ipv6_exthdr = x; break;
	case MFF_NW_TTL: k->nw_ttl = x; break;
	case MFF_TCP_FLAGS: k->tcp_flags = htons(x); break;
	default: break;
	}
}

static uint64_t value_to_uint(enum mf_id id, const union mf_value *v)
{
	uint64_t x = 0;
	int i;

	for (i = 0; i < mf_fields[id].n_bytes; i++)
		x = (x << 8) | v->b[i];
	return x;
}

static void uint_to_value(enum mf_id id, uint64_t x, union mf_value *v)
{
	int i;

	memset(v, 0, sizeof *v);
	for (i = mf_fields[id].n_bytes - 1; i >= 0; i--, x >>= 8)
		v->b[i] = x & 0xff;
}

static uint64_t bits_mask(enum mf_id id)
{
	int n = mf_fields[id].n_bits;

	return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

void mf_exact_mask(enum mf_id id, union mf_value *mask)
{
	memset(mask, 0, sizeof *mask);
	if (is_bytes_field(id) || is_array_field(id))
		memset(mask->b, 0xff, mf_fields[id].n_bytes);
	else
		uint_to_value(id, bits_mask(id), mask);
}

int mf_set(enum mf_id id, const union mf_value *value,
	   const union mf_value *mask, struct match *m)
{
	union mf_value exact;

	if (!mask) {
		mf_exact_mask(id, &exact);
		mask = &exact;
	}
	if (is_array_field(id)) {
		uint8_t *f = flow_bytes(id, &m->flow);
		uint8_t *k = flow_bytes(id, &m->mask);
		int i;

		for (i = 0; i < mf_fields[id].n_bytes; i++) {
			k[i] = mask->b[i];
			f[i] = value->b[i] & mask->b[i];
		}
		return 0;
	} else {
		uint64_t x = value_to_uint(id, value);
		uint64_t mk = value_to_uint(id, mask);

		if ((x & ~bits_mask(id)) || (mk & ~bits_mask(id)))
			return E_MATCH(BAD_VALUE);
		/* A VLAN ID without the "present" bit makes no sense. */
		if (id == MFF_VLAN_VID && (mk & OFPVID_PRESENT) &&
		    !(x & OFPVID_PRESENT) && (x & mk & 0xfff))
			return E_MATCH(BAD_VALUE);
		flow_put(id, &m->mask, mk);
		flow_put(id, &m->flow, x & mk);
		return 0;
	}
}

int mf_set_flow(enum mf_id id, const union mf_value *value,
		struct flow *flow)
{
	uint64_t x;

	if (is_array_field(id)) {
		memcpy(flow_bytes(id, flow), value->b, mf_fields[id].n_bytes);
		return 0;
	}
	x = value_to_uint(id, value);
	if (x & ~bits_mask(id))
		return E_MATCH(BAD_VALUE);
	flow_put(id, flow, x);
	return 0;
}

void mf_get_value(enum mf_id id, const struct flow *flow,
		  union mf_value *value)
{
	if (is_array_field(id)) {
		memset(value, 0, sizeof *value);
		memcpy(value->b, flow_bytes(id, (struct flow *)flow),
		       mf_fields[id].n_bytes);
	} else {
		uint_to_value(id, flow_take(id, flow), value);
	}
}

void mf_get(enum mf_id id, const struct match *m, union mf_value *value,
	    union mf_value *mask)
{
	int i;

	mf_get_value(id, &m->flow, value);
	mf_get_value(id, &m->mask, mask);
	for (i = 0; i < 16; i++)
		value->b[i] &= mask->b[i];
}

bool mf_is_wild(enum mf_id id, const struct match *m)
{
	union mf_value v, k;
	static const union mf_value zero;

	if (id == MFF_IN_PHY_PORT)
		return true;
	mf_get(id, m, &v, &k);
	return !memcmp(&k, &zero, sizeof k);
}

bool mf_is_exact(enum mf_id id, const struct match *m)
{
	union mf_value v, k, e;

	mf_get(id, m, &v, &k);
	mf_exact_mask(id, &e);
	return !memcmp(&k, &e, sizeof k);
}

/* Prerequisites, on a (values, known bits) pair so that the same code
 * serves matches and set_field checks. */
static bool eth_is(const struct flow *f, const struct flow *k, uint16_t t)
{
	return k->dp.eth_type == 0xffff && f->dp.eth_type == htons(t);
}

static bool proto_is(const struct flow *f, const struct flow *k, uint8_t p)
{
	return k->dp.nw_proto == 0xff && f->dp.nw_proto == p;
}

static bool icmp6_type_is(const struct flow *f, const struct flow *k,
			  uint8_t t)
{
	return (ntohs(k->dp.tp_src) & 0xff) == 0xff &&
	       (ntohs(f->dp.tp_src) & 0xff) == t;
}

static bool prereq_ok(enum mf_prereq p, const struct flow *f,
		      const struct flow *k)
{
	bool ip = eth_is(f, k, 0x0800) || eth_is(f, k, 0x86dd);
	bool icmp6 = eth_is(f, k, 0x86dd) && proto_is(f, k, 58);

	switch (p) {
	case MFP_NONE: return true;
	case MFP_IN_PORT: return k->dp.in_port == 0xffffffff;
	case MFP_VLAN:
		return (ntohs(k->dp.vlan.tci) & FSW_VLAN_PRESENT) &&
		       (ntohs(f->dp.vlan.tci) & FSW_VLAN_PRESENT);
	case MFP_IP_ANY: return ip;
	case MFP_IPV4: return eth_is(f, k, 0x0800);
	case MFP_IPV6: return eth_is(f, k, 0x86dd);
	case MFP_ARP: return eth_is(f, k, 0x0806);
	case MFP_TCP: return ip && proto_is(f, k, 6);
	case MFP_UDP: return ip && proto_is(f, k, 17);
	case MFP_SCTP: return ip && proto_is(f, k, 132);
	case MFP_ICMPV4: return eth_is(f, k, 0x0800) && proto_is(f, k, 1);
	case MFP_ICMPV6: return icmp6;
	case MFP_ND:
		return icmp6 && (icmp6_type_is(f, k, 135) ||
				 icmp6_type_is(f, k, 136));
	case MFP_ND_SOLICIT: return icmp6 && icmp6_type_is(f, k, 135);
	case MFP_ND_ADVERT: return icmp6 && icmp6_type_is(f, k, 136);
	case MFP_MPLS: return eth_is(f, k, 0x8847) || eth_is(f, k, 0x8848);
	case MFP_PBB: return eth_is(f, k, 0x88e7);
	}
	return false;
}

bool mf_prereqs_ok(enum mf_id id, const struct match *m)
{
	return prereq_ok(mf_fields[id].prereq, &m->flow, &m->mask);
}

bool mf_prereqs_ok_flow(enum mf_id id, const struct flow *f,
			const struct flow *known)
{
	return prereq_ok(mf_fields[id].prereq, f, known);
}

/* Without a tag the whole TCI is zero, so "no tag" is one canonical
 * match (value 0, mask 0x1fff) however it was spelled. */
void match_canonicalize(struct match *m)
{
	uint16_t k = ntohs(m->mask.dp.vlan.tci);

	match_normalize(m);
	if ((k & FSW_VLAN_PRESENT) &&
	    !(ntohs(m->flow.dp.vlan.tci) & FSW_VLAN_PRESENT)) {
		m->mask.dp.vlan.tci = htons(0x1fff);
		m->flow.dp.vlan.tci = 0;
	}
}

/* ---- OXM. ---- */

int oxm_decode_field(const void *p, size_t len, enum mf_id *id,
		     union mf_value *value, union mf_value *mask,
		     bool *has_mask, size_t *tlv_len)
{
	const uint8_t *b = p;
	const struct mf_field *f;
	uint32_t h;
	unsigned int n, i;

	if (len < 4)
		return E_MATCH(BAD_LEN);
	h = ((uint32_t)b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
	if (4 + OXM_LENGTH(h) > len)
		return E_MATCH(BAD_LEN);
	*tlv_len = 4 + OXM_LENGTH(h);
	if (OXM_CLASS(h) != OFPXMC_OPENFLOW_BASIC ||
	    OXM_FIELD(h) >= MFF_N_OXM)
		return E_MATCH(BAD_FIELD);
	*id = OXM_FIELD(h);
	f = &mf_fields[*id];
	*has_mask = OXM_HASMASK(h);
	if (*has_mask && !f->maskable)
		return E_MATCH(BAD_MASK);
	n = f->n_bytes;
	if (OXM_LENGTH(h) != n * (*has_mask ? 2 : 1))
		return E_MATCH(BAD_LEN);
	memset(value, 0, sizeof *value);
	memcpy(value->b, b + 4, n);
	if (*has_mask) {
		memset(mask, 0, sizeof *mask);
		memcpy(mask->b, b + 4 + n, n);
		/* Value bits under 0 mask bits must be zero. */
		for (i = 0; i < n; i++)
			if (value->b[i] & ~mask->b[i])
				return E_MATCH(BAD_WILDCARDS);
	} else {
		mf_exact_mask(*id, mask);
	}
	return 0;
}

void oxm_encode_field(struct buf *b, enum mf_id id,
		      const union mf_value *value,
		      const union mf_value *mask)
{
	unsigned int n = mf_fields[id].n_bytes;
	uint32_t h = htonl(OXM_HEADER(OFPXMC_OPENFLOW_BASIC, id, mask != NULL,
				      mask ? 2 * n : n));

	buf_put(b, &h, 4);
	buf_put(b, value->b, n);
	if (mask)
		buf_put(b, mask->b, n);
}

int oxm_decode_match(const void *p, size_t len, struct match *m,
		     size_t *consumed)
{
	const uint8_t *b = p;
	uint64_t seen = 0;
	size_t length, ofs;
	uint32_t phy_port = 0;
	int id;

	if (len < 4)
		return E_MATCH(BAD_LEN);
	if (((b[0] << 8) | b[1]) != OFPMT_OXM)
		return E_MATCH(BAD_TYPE);
	length = (b[2] << 8) | b[3];
	if (length < 4 || ROUND_UP8(length) > len)
		return E_MATCH(BAD_LEN);
	match_init_catchall(m);
	for (ofs = 4; ofs < length;) {
		union mf_value v, k;
		enum mf_id fid;
		bool has_mask;
		size_t tlv;
		int err;

		err = oxm_decode_field(b + ofs, length - ofs, &fid, &v, &k,
				       &has_mask, &tlv);
		if (err)
			return err;
		if (seen & (1ULL << fid))
			return E_MATCH(DUP_FIELD);
		seen |= 1ULL << fid;
		if (fid == MFF_IN_PHY_PORT)
			phy_port = ntohl(v.be32);
		else if ((err = mf_set(fid, &v, &k, m)))
			return err;
		ofs += tlv;
	}
	for (id = 0; id < MFF_N_OXM; id++)
		if ((seen & (1ULL << id)) && !mf_prereqs_ok(id, m))
			return E_MATCH(BAD_PREREQ);
	/* Every port is physical here: IN_PHY_PORT must equal IN_PORT. */
	if ((seen & (1ULL << MFF_IN_PHY_PORT)) && phy_port != m->flow.dp.in_port)
		return E_MATCH(BAD_VALUE);
	if ((seen & (1ULL << MFF_IN_PORT)) &&
	    (m->flow.dp.in_port == 0 || m->flow.dp.in_port == OFPP_ANY))
		return E_MATCH(BAD_VALUE);
	*consumed = ROUND_UP8(length);
	return 0;
}

int oxm_encode_match(struct buf *b, const struct match *m_)
{
	struct match m = *m_, check;
	size_t start = b->size;
	int id;

	match_canonicalize(&m);
	match_init_catchall(&check);
	buf_put_zeros(b, 4);
	put_be16_at(b, start, OFPMT_OXM);
	for (id = 0; id < MFF_N_OXM; id++) {
		union mf_value v, k, e;

		if (mf_is_wild(id, &m) || !mf_prereqs_ok(id, &m))
			continue;
		mf_get(id, &m, &v, &k);
		mf_exact_mask(id, &e);
		if (!memcmp(&k, &e, sizeof k)) {
			oxm_encode_field(b, id, &v, NULL);
		} else if (mf_fields[id].maskable) {
			oxm_encode_field(b, id, &v, &k);
		} else {
			b->size = start;
			return E_MATCH(BAD_MASK);
		}
		mf_set(id, &v, &k, &check);
	}
	/* Anything M matches that no OXM field carried cannot be sent. */
	if (memcmp(&check, &m, sizeof m)) {
		b->size = start;
		return E_MATCH(BAD_FIELD);
	}
	put_be16_at(b, start + 2, b->size - start);
	buf_pad8(b, start);
	return 0;
}

/* ---- OF1.0. ---- */

uint32_t ofp10_port_to_32(uint16_t port)
{
	return port >= OFPP10_MAX ? port + 0xffff0000u : port;
}

int ofp10_port_from_32(uint32_t port, uint16_t *out)
{
	if (port < OFPP10_MAX) {
		*out = port;
		return 0;
	}
	if (port >= OFPP_MAX) {
		*out = port - 0xffff0000u;
		return 0;
	}
	return -1;
}

static __be32 prefix_mask(unsigned int wildcarded_bits)
{
	return wildcarded_bits >= 32 ? 0 : htonl(~0u << wildcarded_bits);
}

static int mask_to_wildcard_bits(__be32 mask)
{
	uint32_t m = ntohl(mask);
	int n = 0;

	while (n < 32 && !(m & (1u << n)))
		n++;
	return n;
}

void ofp10_match_decode(const struct ofp10_match *om, struct match *m)
{
	uint32_t wc = ntohl(om->wildcards);
	struct fsw_key *f = &m->flow.dp, *k = &m->mask.dp;
	bool ip, arp;

	match_init_catchall(m);
	if (!(wc & OFPFW10_IN_PORT)) {
		f->in_port = ofp10_port_to_32(ntohs(om->in_port));
		k->in_port = 0xffffffff;
	}
	if (!(wc & OFPFW10_DL_VLAN)) {
		uint16_t vid = ntohs(om->dl_vlan);

		k->vlan.tci = htons(0x1fff);
		if (vid != OFP10_VLAN_NONE)
			f->vlan.tci = htons(FSW_VLAN_PRESENT | (vid & 0xfff));
	}
	/* A PCP implies a tag; with "no tag" it is meaningless. */
	if (!(wc & OFPFW10_DL_VLAN_PCP) &&
	    ((wc & OFPFW10_DL_VLAN) || ntohs(om->dl_vlan) != OFP10_VLAN_NONE)) {
		f->vlan.tci |= htons(FSW_VLAN_PRESENT |
				     ((om->dl_vlan_pcp & 7) << 13));
		k->vlan.tci |= htons(FSW_VLAN_PRESENT | 0xe000);
	}
	if (!(wc & OFPFW10_DL_SRC)) {
		memcpy(f->eth_src, om->dl_src, 6);
		memset(k->eth_src, 0xff, 6);
	}
	if (!(wc & OFPFW10_DL_DST)) {
		memcpy(f->eth_dst, om->dl_dst, 6);
		memset(k->eth_dst, 0xff, 6);
	}
	if (wc & OFPFW10_DL_TYPE)
		return;
	f->eth_type = om->dl_type;
	k->eth_type = 0xffff;
	/* OF1.0 ignores fields that do not apply to the packet type. */
	ip = om->dl_type == htons(0x0800);
	arp = om->dl_type == htons(0x0806);
	if (!ip && !arp)
		return;
	if (ip && !(wc & OFPFW10_NW_TOS)) {
		f->nw_tos = om->nw_tos & 0xfc;
		k->nw_tos = 0xfc;
	}
	if (!(wc & OFPFW10_NW_PROTO)) {
		f->nw_proto = om->nw_proto;
		k->nw_proto = 0xff;
	}
	k->ipv4_src = prefix_mask((wc & OFPFW10_NW_SRC_MASK) >>
				  OFPFW10_NW_SRC_SHIFT);
	f->ipv4_src = om->nw_src & k->ipv4_src;
	k->ipv4_dst = prefix_mask((wc & OFPFW10_NW_DST_MASK) >>
				  OFPFW10_NW_DST_SHIFT);
	f->ipv4_dst = om->nw_dst & k->ipv4_dst;
	if (!ip || (wc & OFPFW10_NW_PROTO) ||
	    (om->nw_proto != 6 && om->nw_proto != 17 && om->nw_proto != 1 &&
	     om->nw_proto != 132))
		return;
	if (!(wc & OFPFW10_TP_SRC)) {
		f->tp_src = om->tp_src;
		k->tp_src = om->nw_proto == 1 ? htons(0xff) : 0xffff;
		f->tp_src &= k->tp_src;
	}
	if (!(wc & OFPFW10_TP_DST)) {
		f->tp_dst = om->tp_dst;
		k->tp_dst = om->nw_proto == 1 ? htons(0xff) : 0xffff;
		f->tp_dst &= k->tp_dst;
	}
}

int ofp10_match_encode(const struct match *m_, struct ofp10_match *om)
{
	struct match m = *m_, back;
	const struct fsw_key *f = &m.flow.dp, *k = &m.mask.dp;
	uint32_t wc = OFPFW10_ALL;
	uint16_t tci, tcik;

	match_canonicalize(&m);
	tci = ntohs(f->vlan.tci);
	tcik = ntohs(k->vlan.tci);
	memset(om, 0, sizeof *om);
	if (k->in_port) {
		uint16_t p;

		if (ofp10_port_from_32(f->in_port, &p))
			return E_MATCH(BAD_VALUE);
		om->in_port = htons(p);
		wc &= ~OFPFW10_IN_PORT;
	}
	if ((tcik & 0x1fff) == 0x1fff) {
		wc &= ~OFPFW10_DL_VLAN;
		om->dl_vlan = htons(tci & FSW_VLAN_PRESENT ? tci & 0xfff
				    : OFP10_VLAN_NONE);
	}
	if (tcik & 0xe000) {
		wc &= ~OFPFW10_DL_VLAN_PCP;
		om->dl_vlan_pcp = tci >> 13;
	}
	memcpy(om->dl_src, f->eth_src, 6);
	if (k->eth_src[0])
		wc &= ~OFPFW10_DL_SRC;
	memcpy(om->dl_dst, f->eth_dst, 6);
	if (k->eth_dst[0])
		wc &= ~OFPFW10_DL_DST;
	if (k->eth_type) {
		wc &= ~OFPFW10_DL_TYPE;
		om->dl_type = f->eth_type;
	}
	if (k->nw_tos) {
		wc &= ~OFPFW10_NW_TOS;
		om->nw_tos = f->nw_tos;
	}
	if (k->nw_proto) {
		wc &= ~OFPFW10_NW_PROTO;
		om->nw_proto = f->nw_proto;
	}
	wc = (wc & ~OFPFW10_NW_SRC_MASK) |
	     (mask_to_wildcard_bits(k->ipv4_src) << OFPFW10_NW_SRC_SHIFT);
	wc = (wc & ~OFPFW10_NW_DST_MASK) |
	     (mask_to_wildcard_bits(k->ipv4_dst) << OFPFW10_NW_DST_SHIFT);
	om->nw_src = f->ipv4_src;
	om->nw_dst = f->ipv4_dst;
	if (k->tp_src) {
		wc &= ~OFPFW10_TP_SRC;
		om->tp_src = f->tp_src;
	}
	if (k->tp_dst) {
		wc &= ~OFPFW10_TP_DST;
		om->tp_dst = f->tp_dst;
	}
	om->wildcards = htonl(wc);
	/* Whatever did not survive the trip is not expressible. */
	ofp10_match_decode(om, &back);
	if (!match_equal(&back, &m))
		return E_MATCH(BAD_FIELD);
	return 0;
}

bool match_covered_by(const struct match *rule, const struct match *pat)
{
	const uint64_t *rf = (const uint64_t *)&rule->flow;
	const uint64_t *rk = (const uint64_t *)&rule->mask;
	const uint64_t *pf = (const uint64_t *)&pat->flow;
	const uint64_t *pk = (const uint64_t *)&pat->mask;
	size_t i;

	for (i = 0; i < FLOW_WORDS; i++)
		if ((rk[i] & pk[i]) != pk[i] || ((rf[i] ^ pf[i]) & pk[i]))
			return false;
	return true;
}

bool match_equal(const struct match *a_, const struct match *b_)
{
	struct match a = *a_, b = *b_;

	match_canonicalize(&a);
	match_canonicalize(&b);
	return !memcmp(&a, &b, sizeof a);
}
