/*
 * struct fsw_key <-> OVS_KEY_ATTR_* netlink streams.  See odp.h for the
 * wire conventions.  The text forms live in odp-text.c.
 *
 * One routine builds both keys and masks (the mask stream follows the
 * key's structure), and one parses both, so that the two can never
 * disagree about which attribute carries which field.
 */
#include <config.h>
#include "odp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <linux/openvswitch.h>
#include "odp-priv.h"

#define TYPE_8021Q	0x8100
#define TYPE_8021AD	0x88a8
#define TYPE_IPV4	0x0800
#define TYPE_ARP	0x0806
#define TYPE_RARP	0x8035
#define TYPE_IPV6	0x86dd
#define PROTO_ICMP	1
#define PROTO_TCP	6
#define PROTO_UDP	17
#define PROTO_ICMPV6	58
#define PROTO_SCTP	132
#define ND_SOLICIT	135
#define ND_ADVERT	136

const char *odp_fit_to_string(enum odp_fit fit)
{
	switch (fit) {
	case ODP_FIT_PERFECT:
		return "perfect";
	case ODP_FIT_EXTRA:
		return "extra";
	case ODP_FIT_MISSING:
		return "missing";
	case ODP_FIT_ERROR:
		break;
	}
	return "error";
}

/* ---- Attribute streams ---- */

const struct nlattr *odp_nl_next(const uint8_t **p, size_t *left, int *err)
{
	const struct nlattr *a = (const struct nlattr *)*p;
	size_t step;

	if (!*left)
		return NULL;
	if (*left < NLA_HDRLEN || a->nla_len < NLA_HDRLEN ||
	    a->nla_len > *left) {
		*err = -EINVAL;
		return NULL;
	}
	step = NLA_ALIGN(a->nla_len);
	if (step > *left)
		step = *left;	/* an unpadded last attribute */
	*p += step;
	*left -= step;
	return a;
}

int odp_attr_len(unsigned int type)
{
	switch (type) {
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_IN_PORT:
	case OVS_KEY_ATTR_SKB_MARK:
	case OVS_KEY_ATTR_DP_HASH:
	case OVS_KEY_ATTR_RECIRC_ID:
	case OVS_KEY_ATTR_CT_STATE:
	case OVS_KEY_ATTR_CT_MARK:
	case OVS_KEY_ATTR_PACKET_TYPE:
		return 4;
	case OVS_KEY_ATTR_VLAN:
	case OVS_KEY_ATTR_ETHERTYPE:
	case OVS_KEY_ATTR_TCP_FLAGS:
	case OVS_KEY_ATTR_CT_ZONE:
		return 2;
	case OVS_KEY_ATTR_ETHERNET:
		return sizeof(struct ovs_key_ethernet);
	case OVS_KEY_ATTR_IPV4:
		return sizeof(struct ovs_key_ipv4);
	case OVS_KEY_ATTR_IPV6:
		return sizeof(struct ovs_key_ipv6);
	case OVS_KEY_ATTR_TCP:
		return sizeof(struct ovs_key_tcp);
	case OVS_KEY_ATTR_UDP:
		return sizeof(struct ovs_key_udp);
	case OVS_KEY_ATTR_SCTP:
		return sizeof(struct ovs_key_sctp);
	case OVS_KEY_ATTR_ICMP:
		return sizeof(struct ovs_key_icmp);
	case OVS_KEY_ATTR_ICMPV6:
		return sizeof(struct ovs_key_icmpv6);
	case OVS_KEY_ATTR_ARP:
		return sizeof(struct ovs_key_arp);
	case OVS_KEY_ATTR_ND:
		return sizeof(struct ovs_key_nd);
	case OVS_KEY_ATTR_CT_LABELS:
		return sizeof(struct ovs_key_ct_labels);
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4:
		return sizeof(struct ovs_key_ct_tuple_ipv4);
	case OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6:
		return sizeof(struct ovs_key_ct_tuple_ipv6);
	case OVS_KEY_ATTR_IPV6_EXTHDRS:
		return sizeof(struct ovs_key_ipv6_exthdrs);
	case OVS_KEY_ATTR_ENCAP:
	case OVS_KEY_ATTR_TUNNEL:
	case OVS_KEY_ATTR_NSH:
		return ODP_LEN_NESTED;
	default:
		return ODP_LEN_ANY;	/* MPLS, ND extensions, unknown */
	}
}

/* One nesting level of a key or mask stream, indexed by type. */
struct level {
	const struct nlattr *a[OVS_KEY_ATTR_MAX + 1];
	uint64_t present;
	uint64_t used;
};

static uint64_t type_bit(unsigned int type)
{
	return 1ULL << (type < 63 ? type : 63);
}

static bool all_zero(const void *p, size_t n);

/* Indexes a stream; -EINVAL for bad framing, duplicates or a known
 * attribute of the wrong size.  Types beyond OVS_KEY_ATTR_MAX go in
 * *EXTRA, unless they are all-zero masks (IS_MASK). */
static int index_level(const void *data, size_t len, struct level *lv,
		       uint64_t *extra, bool is_mask)
{
	const uint8_t *p = data;
	const struct nlattr *a;
	int err = 0;

	memset(lv, 0, sizeof *lv);
	while ((a = odp_nl_next(&p, &len, &err)) != NULL) {
		unsigned int type = a->nla_type & NLA_TYPE_MASK;
		int want = odp_attr_len(type);
		size_t plen = a->nla_len - NLA_HDRLEN;

		if (type > OVS_KEY_ATTR_MAX) {
			if (!is_mask ||
			    !all_zero((const uint8_t *)a + NLA_HDRLEN, plen))
				*extra |= type_bit(type);
			continue;
		}
		if (lv->a[type] || (want >= 0 && plen != (size_t)want))
			return -EINVAL;
		lv->a[type] = a;
		lv->present |= type_bit(type);
	}
	return err;
}

static const void *payload(const struct nlattr *a)
{
	return (const uint8_t *)a + NLA_HDRLEN;
}

static size_t payload_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/* ---- Parsing ---- */

struct parse {
	struct fsw_key *out;
	const struct fsw_key *key;	/* structure: the key being parsed,
					 * or the mask's key */
	bool is_mask;
	bool error;
	struct odp_fit_info info;
};

/* Returns attribute TYPE of LV and marks it used, or NULL. */
static const void *take(struct level *lv, unsigned int type)
{
	if (!lv->a[type])
		return NULL;
	lv->used |= type_bit(type);
	return payload(lv->a[type]);
}

/* Like take(), and in a key records TYPE as missing when absent. */
static const void *need(struct parse *ps, struct level *lv,
			unsigned int type)
{
	const void *p = take(lv, type);

	if (!p && !ps->is_mask)
		ps->info.missing |= type_bit(type);
	return p;
}

static uint16_t get_u16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static void parse_metadata(struct parse *ps, struct level *lv)
{
	static const struct {
		unsigned int type;
		size_t ofs;
	} meta[] = {
		{ OVS_KEY_ATTR_RECIRC_ID, offsetof(struct fsw_key, recirc_id) },
		{ OVS_KEY_ATTR_DP_HASH, offsetof(struct fsw_key, dp_hash) },
		{ OVS_KEY_ATTR_IN_PORT, offsetof(struct fsw_key, in_port) },
		{ OVS_KEY_ATTR_PRIORITY, offsetof(struct fsw_key, priority) },
		{ OVS_KEY_ATTR_SKB_MARK, offsetof(struct fsw_key, skb_mark) },
	};
	const struct ovs_key_ethernet *eth;
	size_t i;

	for (i = 0; i < sizeof meta / sizeof meta[0]; i++) {
		const void *p = take(lv, meta[i].type);

		if (p)
			memcpy((uint8_t *)ps->out + meta[i].ofs, p, 4);
	}
	eth = need(ps, lv, OVS_KEY_ATTR_ETHERNET);
	if (eth) {
		memcpy(ps->out->eth_src, eth->eth_src, FSW_ETH_ALEN);
		memcpy(ps->out->eth_dst, eth->eth_dst, FSW_ETH_ALEN);
	}
}

static uint8_t frag_from_odp(struct parse *ps, uint8_t f)
{
	if (ps->is_mask)
		return (f & 1 ? FSW_FRAG_ANY : 0) | (f & 2 ? FSW_FRAG_LATER : 0);
	switch (f) {
	case OVS_FRAG_TYPE_NONE:
		return 0;
	case OVS_FRAG_TYPE_FIRST:
		return FSW_FRAG_ANY;
	case OVS_FRAG_TYPE_LATER:
		return FSW_FRAG_ANY | FSW_FRAG_LATER;
	}
	ps->error = true;
	return 0;
}

static void parse_ports(struct parse *ps, struct level *lv, unsigned int type)
{
	const struct ovs_key_tcp *ports = need(ps, lv, type);

	/* ovs_key_tcp, _udp and _sctp share one layout. */
	if (ports) {
		ps->out->tp_src = ports->tcp_src;
		ps->out->tp_dst = ports->tcp_dst;
	}
}

static void parse_icmp(struct parse *ps, struct level *lv, unsigned int type)
{
	const struct ovs_key_icmp *icmp = need(ps, lv, type);

	/* ovs_key_icmp and _icmpv6 share one layout. */
	if (icmp) {
		ps->out->tp_src = htons(icmp->icmp_type);
		ps->out->tp_dst = htons(icmp->icmp_code);
	}
}

static void parse_nd(struct parse *ps, struct level *lv)
{
	const struct ovs_key_nd *nd = need(ps, lv, OVS_KEY_ATTR_ND);

	if (nd) {
		memcpy(ps->out->nd_target, nd->nd_target, 16);
		memcpy(ps->out->nd_sll, nd->nd_sll, FSW_ETH_ALEN);
		memcpy(ps->out->nd_tll, nd->nd_tll, FSW_ETH_ALEN);
	}
}

static void parse_l4(struct parse *ps, struct level *lv, bool v6)
{
	const struct fsw_key *k = ps->is_mask ? ps->key : ps->out;
	const void *flags;

	if (k->nw_frag & FSW_FRAG_LATER)
		return;
	switch (k->nw_proto) {
	case PROTO_TCP:
		parse_ports(ps, lv, OVS_KEY_ATTR_TCP);
		flags = take(lv, OVS_KEY_ATTR_TCP_FLAGS);
		if (flags) {
			ps->out->tcp_flags = get_u16(flags) & htons(0x0fff);
			if (get_u16(flags) & htons(0xf000) && !ps->is_mask)
				ps->info.extra |=
					type_bit(OVS_KEY_ATTR_TCP_FLAGS);
		}
		break;
	case PROTO_UDP:
		parse_ports(ps, lv, OVS_KEY_ATTR_UDP);
		break;
	case PROTO_SCTP:
		parse_ports(ps, lv, OVS_KEY_ATTR_SCTP);
		break;
	case PROTO_ICMP:
		if (!v6)
			parse_icmp(ps, lv, OVS_KEY_ATTR_ICMP);
		break;
	case PROTO_ICMPV6:
		if (!v6)
			break;
		parse_icmp(ps, lv, OVS_KEY_ATTR_ICMPV6);
		if (k->tp_src == htons(ND_SOLICIT) ||
		    k->tp_src == htons(ND_ADVERT))
			parse_nd(ps, lv);
		break;
	}
}

static void parse_ipv4(struct parse *ps, struct level *lv)
{
	const struct ovs_key_ipv4 *ip = need(ps, lv, OVS_KEY_ATTR_IPV4);
	struct fsw_key *o = ps->out;

	if (!ip)
		return;
	o->ipv4_src = ip->ipv4_src;
	o->ipv4_dst = ip->ipv4_dst;
	o->nw_proto = ip->ipv4_proto;
	o->nw_tos = ip->ipv4_tos;
	o->nw_ttl = ip->ipv4_ttl;
	o->nw_frag = frag_from_odp(ps, ip->ipv4_frag);
	parse_l4(ps, lv, false);
}

static void parse_ipv6(struct parse *ps, struct level *lv)
{
	const struct ovs_key_ipv6 *ip = need(ps, lv, OVS_KEY_ATTR_IPV6);
	struct fsw_key *o = ps->out;

	if (!ip)
		return;
	memcpy(o->ipv6_src, ip->ipv6_src, 16);
	memcpy(o->ipv6_dst, ip->ipv6_dst, 16);
	o->ipv6_label = ip->ipv6_label;
	if (ntohl(ip->ipv6_label) & ~0xfffffu && !ps->is_mask)
		ps->error = true;	/* the kernel rejects such labels */
	o->nw_proto = ip->ipv6_proto;
	o->nw_tos = ip->ipv6_tclass;
	o->nw_ttl = ip->ipv6_hlimit;
	o->nw_frag = frag_from_odp(ps, ip->ipv6_frag);
	parse_l4(ps, lv, true);
}

static void parse_arp(struct parse *ps, struct level *lv)
{
	const struct ovs_key_arp *arp = need(ps, lv, OVS_KEY_ATTR_ARP);
	struct fsw_key *o = ps->out;
	uint16_t op;

	if (!arp)
		return;
	o->ipv4_src = arp->arp_sip;
	o->ipv4_dst = arp->arp_tip;
	memcpy(o->arp_sha, arp->arp_sha, FSW_ETH_ALEN);
	memcpy(o->arp_tha, arp->arp_tha, FSW_ETH_ALEN);
	op = ntohs(arp->arp_op);
	if (ps->is_mask) {
		o->nw_proto = op & 0xff;
	} else if (op > 0xff) {
		ps->info.extra |= type_bit(OVS_KEY_ATTR_ARP);
	} else {
		o->nw_proto = op;
	}
}

static void parse_l3(struct parse *ps, struct level *lv, uint16_t eth_type)
{
	switch (eth_type) {
	case TYPE_IPV4:
		parse_ipv4(ps, lv);
		break;
	case TYPE_IPV6:
		parse_ipv6(ps, lv);
		break;
	case TYPE_ARP:
	case TYPE_RARP:
		parse_arp(ps, lv);
		break;
	}
}

static bool is_vlan_type(uint16_t type)
{
	return type == TYPE_8021Q || type == TYPE_8021AD;
}

static struct fsw_vlan *tag_at(struct fsw_key *k, int depth)
{
	return depth == 0 ? &k->vlan : depth == 1 ? &k->cvlan : NULL;
}

static void parse_level(struct parse *ps, const void *data, size_t len,
			int depth);

/* Key or mask attributes we know but fsw_key cannot hold: harmless when
 * zero (the kernel reports conntrack state 0 for every packet), extra
 * otherwise. */
static void check_foreign(struct parse *ps, struct level *lv)
{
	static const unsigned int foreign[] = {
		OVS_KEY_ATTR_TUNNEL, OVS_KEY_ATTR_MPLS, OVS_KEY_ATTR_CT_STATE,
		OVS_KEY_ATTR_CT_ZONE, OVS_KEY_ATTR_CT_MARK,
		OVS_KEY_ATTR_CT_LABELS, OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4,
		OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6, OVS_KEY_ATTR_NSH,
		OVS_KEY_ATTR_PACKET_TYPE, OVS_KEY_ATTR_ND_EXTENSIONS,
		OVS_KEY_ATTR_TUNNEL_INFO, OVS_KEY_ATTR_IPV6_EXTHDRS,
	};
	size_t i;

	for (i = 0; i < sizeof foreign / sizeof foreign[0]; i++) {
		const struct nlattr *a = lv->a[foreign[i]];

		if (a && all_zero(payload(a), payload_len(a)))
			lv->used |= type_bit(foreign[i]);
	}
}

/* The tag at DEPTH (the key has one there): TPID, TCI and ENCAP. */
static void parse_tag(struct parse *ps, struct level *lv, int depth,
		      const void *type)
{
	struct fsw_vlan *tag = tag_at(ps->out, depth);
	const void *tci = need(ps, lv, OVS_KEY_ATTR_VLAN);
	const struct nlattr *encap = lv->a[OVS_KEY_ATTR_ENCAP];

	if (type)
		tag->tpid = get_u16(type);
	if (tci)
		tag->tci = get_u16(tci);
	need(ps, lv, OVS_KEY_ATTR_ENCAP);
	if (encap)
		parse_level(ps, payload(encap), payload_len(encap),
			    depth + 1);
}

/* A key whose tag at DEPTH was cut short: VLAN(0) and an empty ENCAP. */
static void parse_short_tag(struct parse *ps, struct level *lv, int depth)
{
	const void *tci = take(lv, OVS_KEY_ATTR_VLAN);
	const struct nlattr *encap = lv->a[OVS_KEY_ATTR_ENCAP];

	if (tci && get_u16(tci) && !ps->is_mask)
		ps->error = true;	/* TCI without the present bit */
	if (tci && ps->is_mask && tag_at(ps->out, depth))
		tag_at(ps->out, depth)->tci = get_u16(tci);
	if (encap && payload_len(encap) == 0)
		take(lv, OVS_KEY_ATTR_ENCAP);
}

/* Linux reports a tag cut short as ETHERTYPE(0) (the TPID it never
 * read), VLAN(0) and an empty ENCAP; so does this, read as 802.1Q. */
static bool is_short_tag(const struct level *lv)
{
	const struct nlattr *tci = lv->a[OVS_KEY_ATTR_VLAN];
	const struct nlattr *encap = lv->a[OVS_KEY_ATTR_ENCAP];

	return tci && !get_u16(payload(tci)) && encap && !payload_len(encap);
}

static void parse_level(struct parse *ps, const void *data, size_t len,
			int depth)
{
	struct level lv;
	const void *type;
	uint16_t eth_type;

	if (index_level(data, len, &lv, &ps->info.extra, ps->is_mask)) {
		ps->error = true;
		return;
	}
	check_foreign(ps, &lv);
	if (depth == 0)
		parse_metadata(ps, &lv);

	type = take(&lv, OVS_KEY_ATTR_ETHERTYPE);
	if (!ps->is_mask) {
		eth_type = type ? ntohs(get_u16(type)) : FSW_ETH_TYPE_NONE;
		if (!eth_type && is_short_tag(&lv))
			eth_type = TYPE_8021Q;
		if (eth_type < 0x600 && type)
			ps->error = true;
		if (is_vlan_type(eth_type) && tag_at(ps->out, depth) &&
		    lv.a[OVS_KEY_ATTR_VLAN] &&
		    get_u16(payload(lv.a[OVS_KEY_ATTR_VLAN])) &
		    htons(FSW_VLAN_PRESENT)) {
			parse_tag(ps, &lv, depth, type);
			goto done;
		}
		ps->out->eth_type = htons(eth_type);
	} else {
		const struct fsw_vlan *ktag = tag_at((struct fsw_key *)ps->key,
						     depth);

		if (ktag && ktag->tci & htons(FSW_VLAN_PRESENT)) {
			parse_tag(ps, &lv, depth, type);
			goto done;
		}
		eth_type = ntohs(ps->key->eth_type);
		if (type)
			ps->out->eth_type = get_u16(type);
	}
	if (is_vlan_type(eth_type) && tag_at(ps->out, depth))
		parse_short_tag(ps, &lv, depth);
	else
		parse_l3(ps, &lv, eth_type);

done:
	/* Whatever was not used is more than fsw_key can say, unless it is
	 * an all-zero mask (a wildcard either way). */
	if (lv.present & ~lv.used) {
		uint64_t left = lv.present & ~lv.used;
		unsigned int t;

		for (t = 0; t <= OVS_KEY_ATTR_MAX; t++) {
			const struct nlattr *a = lv.a[t];

			if (!(left & type_bit(t)))
				continue;
			if (ps->is_mask && t != OVS_KEY_ATTR_ENCAP &&
			    all_zero(payload(a), payload_len(a)))
				continue;
			ps->info.extra |= type_bit(t);
		}
	}
}

static enum odp_fit finish(struct parse *ps, struct odp_fit_info *info)
{
	if (info)
		*info = ps->info;
	if (ps->error)
		return ODP_FIT_ERROR;
	if (ps->info.missing)
		return ODP_FIT_MISSING;
	if (ps->info.extra)
		return ODP_FIT_EXTRA;
	return ODP_FIT_PERFECT;
}

enum odp_fit odp_key_to_fsw(const void *attrs, size_t len,
			    struct fsw_key *key, struct odp_fit_info *info)
{
	struct parse ps = { .out = key, .key = key };

	memset(key, 0, sizeof *key);
	parse_level(&ps, attrs, len, 0);
	return finish(&ps, info);
}

enum odp_fit odp_mask_to_fsw(const void *attrs, size_t len,
			     const struct fsw_key *key, struct fsw_key *mask,
			     struct odp_fit_info *info)
{
	struct parse ps = { .out = mask, .key = key, .is_mask = true };

	memset(mask, 0, sizeof *mask);
	parse_level(&ps, attrs, len, 0);
	return finish(&ps, info);
}

/* ---- Building ---- */

struct emit {
	struct buf *out;
	const struct fsw_key *v;	/* values: the key or the mask */
	const struct fsw_key *key;	/* structure */
	bool is_mask;
};

/* Puts an attribute; masks leave out all-zero ones. */
static void put(struct emit *e, uint16_t type, const void *p, size_t len)
{
	if (e->is_mask && all_zero(p, len))
		return;
	nlbuf_put(e->out, type, p, len);
}

static uint8_t frag_to_odp(const struct emit *e, uint8_t f)
{
	if (e->is_mask)
		return f ? 0xfc | (f & FSW_FRAG_ANY ? 1 : 0) |
			   (f & FSW_FRAG_LATER ? 2 : 0) : 0;
	if (f & FSW_FRAG_LATER)
		return OVS_FRAG_TYPE_LATER;
	return f & FSW_FRAG_ANY ? OVS_FRAG_TYPE_FIRST : OVS_FRAG_TYPE_NONE;
}

static bool is_nd(const struct fsw_key *k)
{
	return k->tp_src == htons(ND_SOLICIT) || k->tp_src == htons(ND_ADVERT);
}

static void emit_l4(struct emit *e, bool v6)
{
	const struct fsw_key *v = e->v, *k = e->key;
	struct ovs_key_tcp ports = { v->tp_src, v->tp_dst };
	struct ovs_key_icmp icmp = {
		ntohs(v->tp_src) & 0xff, ntohs(v->tp_dst) & 0xff
	};
	struct ovs_key_nd nd;

	if (k->nw_frag & FSW_FRAG_LATER ||
	    (e->is_mask && v->nw_proto != 0xff))
		return;
	switch (k->nw_proto) {
	case PROTO_TCP:
		put(e, OVS_KEY_ATTR_TCP, &ports, sizeof ports);
		put(e, OVS_KEY_ATTR_TCP_FLAGS, &v->tcp_flags, 2);
		break;
	case PROTO_UDP:
		put(e, OVS_KEY_ATTR_UDP, &ports, sizeof ports);
		break;
	case PROTO_SCTP:
		put(e, OVS_KEY_ATTR_SCTP, &ports, sizeof ports);
		break;
	case PROTO_ICMP:
		if (!v6)
			put(e, OVS_KEY_ATTR_ICMP, &icmp, sizeof icmp);
		break;
	case PROTO_ICMPV6:
		if (!v6)
			break;
		put(e, OVS_KEY_ATTR_ICMPV6, &icmp, sizeof icmp);
		if (!is_nd(k) || (e->is_mask && icmp.icmp_type != 0xff))
			break;
		memcpy(nd.nd_target, v->nd_target, 16);
		memcpy(nd.nd_sll, v->nd_sll, FSW_ETH_ALEN);
		memcpy(nd.nd_tll, v->nd_tll, FSW_ETH_ALEN);
		put(e, OVS_KEY_ATTR_ND, &nd, sizeof nd);
		break;
	}
}

static void emit_l3(struct emit *e)
{
	const struct fsw_key *v = e->v;
	struct ovs_key_ipv4 ip4;
	struct ovs_key_ipv6 ip6;
	struct ovs_key_arp arp;

	if (e->is_mask && v->eth_type != htons(0xffff))
		return;
	switch (ntohs(e->key->eth_type)) {
	case TYPE_IPV4:
		memset(&ip4, 0, sizeof ip4);
		ip4.ipv4_src = v->ipv4_src;
		ip4.ipv4_dst = v->ipv4_dst;
		ip4.ipv4_proto = v->nw_proto;
		ip4.ipv4_tos = v->nw_tos;
		ip4.ipv4_ttl = v->nw_ttl;
		ip4.ipv4_frag = frag_to_odp(e, v->nw_frag);
		put(e, OVS_KEY_ATTR_IPV4, &ip4, sizeof ip4);
		emit_l4(e, false);
		break;
	case TYPE_IPV6:
		memset(&ip6, 0, sizeof ip6);
		memcpy(ip6.ipv6_src, v->ipv6_src, 16);
		memcpy(ip6.ipv6_dst, v->ipv6_dst, 16);
		ip6.ipv6_label = v->ipv6_label;
		ip6.ipv6_proto = v->nw_proto;
		ip6.ipv6_tclass = v->nw_tos;
		ip6.ipv6_hlimit = v->nw_ttl;
		ip6.ipv6_frag = frag_to_odp(e, v->nw_frag);
		put(e, OVS_KEY_ATTR_IPV6, &ip6, sizeof ip6);
		emit_l4(e, true);
		break;
	case TYPE_ARP:
	case TYPE_RARP:
		memset(&arp, 0, sizeof arp);
		arp.arp_sip = v->ipv4_src;
		arp.arp_tip = v->ipv4_dst;
		arp.arp_op = htons(e->is_mask && v->nw_proto == 0xff ?
				   0xffff : v->nw_proto);
		memcpy(arp.arp_sha, v->arp_sha, FSW_ETH_ALEN);
		memcpy(arp.arp_tha, v->arp_tha, FSW_ETH_ALEN);
		put(e, OVS_KEY_ATTR_ARP, &arp, sizeof arp);
		break;
	}
}

static void emit_level(struct emit *e, int depth)
{
	const struct fsw_vlan *ktag = tag_at((struct fsw_key *)e->key, depth);
	const struct fsw_vlan *vtag = tag_at((struct fsw_key *)e->v, depth);
	uint16_t eth_type = ntohs(e->key->eth_type);
	uint16_t zero = 0;
	size_t nest;

	if (ktag && ktag->tci & htons(FSW_VLAN_PRESENT)) {
		/* The kernel wants the tag's structure matched exactly. */
		uint16_t tpid = e->is_mask ? htons(0xffff) : ktag->tpid;
		uint16_t tci = vtag->tci;

		if (e->is_mask)
			tci |= htons(FSW_VLAN_PRESENT);
		nlbuf_put(e->out, OVS_KEY_ATTR_ETHERTYPE, &tpid, 2);
		nlbuf_put(e->out, OVS_KEY_ATTR_VLAN, &tci, 2);
		nest = nlbuf_nest_start(e->out, OVS_KEY_ATTR_ENCAP);
		emit_level(e, depth + 1);
		nlbuf_nest_end(e->out, nest);
		return;
	}
	if (!e->is_mask && eth_type == FSW_ETH_TYPE_NONE)
		return;
	put(e, OVS_KEY_ATTR_ETHERTYPE, &e->v->eth_type, 2);
	if (is_vlan_type(eth_type) && ktag) {
		if (!e->is_mask) {
			/* A tag cut short: VLAN(0) and nothing inside. */
			nlbuf_put(e->out, OVS_KEY_ATTR_VLAN, &zero, 2);
			nest = nlbuf_nest_start(e->out, OVS_KEY_ATTR_ENCAP);
			nlbuf_nest_end(e->out, nest);
		}
		return;
	}
	emit_l3(e);
}

static void emit_all(struct emit *e)
{
	const struct fsw_key *v = e->v;
	struct ovs_key_ethernet eth;

	if (!e->is_mask || v->recirc_id)
		nlbuf_put_u32(e->out, OVS_KEY_ATTR_RECIRC_ID, v->recirc_id);
	if (v->dp_hash)
		nlbuf_put_u32(e->out, OVS_KEY_ATTR_DP_HASH, v->dp_hash);
	if (!e->is_mask || v->priority)
		nlbuf_put_u32(e->out, OVS_KEY_ATTR_PRIORITY, v->priority);
	if (!e->is_mask || v->in_port)
		nlbuf_put_u32(e->out, OVS_KEY_ATTR_IN_PORT, v->in_port);
	if (!e->is_mask || v->skb_mark)
		nlbuf_put_u32(e->out, OVS_KEY_ATTR_SKB_MARK, v->skb_mark);
	memcpy(eth.eth_src, v->eth_src, FSW_ETH_ALEN);
	memcpy(eth.eth_dst, v->eth_dst, FSW_ETH_ALEN);
	put(e, OVS_KEY_ATTR_ETHERNET, &eth, sizeof eth);
	emit_level(e, 0);
}

void odp_key_from_fsw(struct buf *out, const struct fsw_key *key)
{
	struct emit e = { out, key, key, false };

	emit_all(&e);
}

static bool any_nd(const struct fsw_key *m)
{
	return !all_zero(m->nd_target, sizeof m->nd_target) ||
	       !all_zero(m->nd_sll, sizeof m->nd_sll) ||
	       !all_zero(m->nd_tll, sizeof m->nd_tll);
}

static bool any_l4(const struct fsw_key *m)
{
	return m->tp_src || m->tp_dst || m->tcp_flags || any_nd(m);
}

/* Makes MASK expressible for KEY without broadening it: the fields a
 * masked field depends on become exact. */
static void normalize_mask(struct fsw_key *m, const struct fsw_key *k)
{
	uint16_t type = ntohs(k->eth_type);
	size_t l3 = offsetof(struct fsw_key, nw_proto);

	/* Bits no packet has: an all-ones "exact" mask keeps to the
	 * fields' real widths, as the kernel expects. */
	m->ipv6_label &= htonl(0xfffff);
	m->tcp_flags &= htons(0x0fff);

	if (type == TYPE_IPV4 || type == TYPE_IPV6) {
		if (k->nw_frag & FSW_FRAG_LATER) {
			/* L4 of later fragments is zero: say "later". */
			if (any_l4(m))
				m->nw_frag = FSW_FRAG_ANY | FSW_FRAG_LATER;
			memset(&m->tp_src, 0,
			       sizeof *m - offsetof(struct fsw_key, tp_src));
		} else if (any_l4(m)) {
			m->nw_proto = 0xff;
		}
		if (k->nw_proto == PROTO_ICMPV6 && is_nd(k) && any_nd(m))
			m->tp_src |= htons(0xff);
	}
	if (type == TYPE_IPV4 || type == TYPE_IPV6 || type == TYPE_ARP ||
	    type == TYPE_RARP) {
		if (!all_zero((uint8_t *)m + l3, sizeof *m - l3))
			m->eth_type = htons(0xffff);
	}
}

void odp_mask_from_fsw(struct buf *out, const struct fsw_key *mask,
		       const struct fsw_key *key)
{
	struct fsw_key m = *mask;
	struct emit e = { out, &m, key, true };

	normalize_mask(&m, key);
	emit_all(&e);
}
