// SPDX-License-Identifier: GPL-2.0
/*
 * Flow keys and masks in netlink form (nested OVS_KEY_ATTR_*) to and
 * from struct fsw_key.
 *
 * A key's attributes say which headers a flow is about; its mask (same
 * layout) which bits of them matter.  Refused with EINVAL: unknown or
 * repeated attributes, wrong lengths, values out of range, userspace-
 * only attributes (29 packet type, 30 ND extensions), features we lack
 * (tunnels, MPLS, NSH, conntrack with non-zero values), a header without
 * its prerequisites exactly matched (IPv4 fields without eth_type 0x0800
 * under an exact mask, TCP without nw_proto 6, ...) and a mask with bits
 * for a header the key does not have ("wider than the key").
 *
 * Where the key has no OVS_KEY_ATTR_ETHERNET the addresses are
 * wildcarded: every packet here is Ethernet.
 */
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/openvswitch.h>
#include <net/netlink.h>

#include "datapath.h"
#include "flow_netlink.h"

#define ATTR_BIT(t) (1ULL << (t))
#define IPPROTO_ICMPV6_ 58
#define ND_SOLICIT 135
#define ND_ADVERT 136

static const int fsw_key_lens[OVS_KEY_ATTR_MAX + 1] = {
	[OVS_KEY_ATTR_ENCAP] = -1,
	[OVS_KEY_ATTR_TUNNEL] = -1,	/* only as an all-wildcard mask */
	[OVS_KEY_ATTR_PRIORITY] = sizeof(u32),
	[OVS_KEY_ATTR_IN_PORT] = sizeof(u32),
	[OVS_KEY_ATTR_ETHERNET] = sizeof(struct ovs_key_ethernet),
	[OVS_KEY_ATTR_VLAN] = sizeof(__be16),
	[OVS_KEY_ATTR_ETHERTYPE] = sizeof(__be16),
	[OVS_KEY_ATTR_IPV4] = sizeof(struct ovs_key_ipv4),
	[OVS_KEY_ATTR_IPV6] = sizeof(struct ovs_key_ipv6),
	[OVS_KEY_ATTR_TCP] = sizeof(struct ovs_key_tcp),
	[OVS_KEY_ATTR_UDP] = sizeof(struct ovs_key_udp),
	[OVS_KEY_ATTR_ICMP] = sizeof(struct ovs_key_icmp),
	[OVS_KEY_ATTR_ICMPV6] = sizeof(struct ovs_key_icmpv6),
	[OVS_KEY_ATTR_ARP] = sizeof(struct ovs_key_arp),
	[OVS_KEY_ATTR_ND] = sizeof(struct ovs_key_nd),
	[OVS_KEY_ATTR_SKB_MARK] = sizeof(u32),
	[OVS_KEY_ATTR_SCTP] = sizeof(struct ovs_key_sctp),
	[OVS_KEY_ATTR_TCP_FLAGS] = sizeof(__be16),
	[OVS_KEY_ATTR_DP_HASH] = sizeof(u32),
	[OVS_KEY_ATTR_RECIRC_ID] = sizeof(u32),
	[OVS_KEY_ATTR_CT_STATE] = sizeof(u32),
	[OVS_KEY_ATTR_CT_ZONE] = sizeof(u16),
	[OVS_KEY_ATTR_CT_MARK] = sizeof(u32),
	[OVS_KEY_ATTR_CT_LABELS] = sizeof(struct ovs_key_ct_labels),
};

/* Conntrack state we do not track: only zero values make sense. */
#define FSW_CT_ATTRS (ATTR_BIT(OVS_KEY_ATTR_CT_STATE) |			\
		      ATTR_BIT(OVS_KEY_ATTR_CT_ZONE) |			\
		      ATTR_BIT(OVS_KEY_ATTR_CT_MARK) |			\
		      ATTR_BIT(OVS_KEY_ATTR_CT_LABELS))

/* Collects one level of attributes into @a; returns the bitmap seen. */
static int fsw_key_collect(const struct nlattr *nest,
			   const struct nlattr *a[OVS_KEY_ATTR_MAX + 1],
			   u64 *seen)
{
	const struct nlattr *nla;
	int rem, type;

	*seen = 0;
	memset(a, 0, sizeof(a[0]) * (OVS_KEY_ATTR_MAX + 1));
	nla_for_each_nested(nla, nest, rem) {
		type = nla_type(nla);
		if (type > OVS_KEY_ATTR_MAX || !fsw_key_lens[type])
			return -EINVAL;	/* unknown, unsupported, 29, 30 */
		if (*seen & ATTR_BIT(type))
			return -EINVAL;
		if (fsw_key_lens[type] > 0 && nla_len(nla) != fsw_key_lens[type])
			return -EINVAL;
		a[type] = nla;
		*seen |= ATTR_BIT(type);
	}
	return rem ? -EINVAL : 0;
}

static bool fsw_all_zero(const struct nlattr *nla)
{
	return !memchr_inv(nla_data(nla), 0, nla_len(nla));
}

/*
 * ovs-vswitchd puts a tunnel attribute in every mask, even for flows
 * without a tunnel: acceptable when it wildcards everything (no flags,
 * every value zero).  We have no tunnels, so never in a key.
 */
static bool fsw_tunnel_mask_empty(const struct nlattr *tun)
{
	const struct nlattr *nla;
	int rem;

	nla_for_each_nested(nla, tun, rem)
		if (!nla_len(nla) || !fsw_all_zero(nla))
			return false;
	return !rem;
}

static int fsw_frag_from_nl(u8 v, bool is_mask, u8 *out)
{
	if (is_mask) {
		*out = v & (FSW_FRAG_ANY | FSW_FRAG_LATER);
		return 0;
	}
	switch (v) {
	case OVS_FRAG_TYPE_NONE: *out = 0; return 0;
	case OVS_FRAG_TYPE_FIRST: *out = FSW_FRAG_ANY; return 0;
	case OVS_FRAG_TYPE_LATER: *out = FSW_FRAG_ANY | FSW_FRAG_LATER; return 0;
	}
	return -EINVAL;
}

static int fsw_l3_from_nl(const struct nlattr **a, struct fsw_key *k,
			  bool is_mask)
{
	if (a[OVS_KEY_ATTR_IPV4]) {
		const struct ovs_key_ipv4 *v = nla_data(a[OVS_KEY_ATTR_IPV4]);

		k->ipv4_src = v->ipv4_src;
		k->ipv4_dst = v->ipv4_dst;
		k->nw_proto = v->ipv4_proto;
		k->nw_tos = v->ipv4_tos;
		k->nw_ttl = v->ipv4_ttl;
		if (fsw_frag_from_nl(v->ipv4_frag, is_mask, &k->nw_frag))
			return -EINVAL;
	}
	if (a[OVS_KEY_ATTR_IPV6]) {
		const struct ovs_key_ipv6 *v = nla_data(a[OVS_KEY_ATTR_IPV6]);

		if (!is_mask && ntohl(v->ipv6_label) > 0xfffff)
			return -EINVAL;
		memcpy(k->ipv6_src, v->ipv6_src, 16);
		memcpy(k->ipv6_dst, v->ipv6_dst, 16);
		k->ipv6_label = v->ipv6_label & htonl(0xfffff);
		k->nw_proto = v->ipv6_proto;
		k->nw_tos = v->ipv6_tclass;
		k->nw_ttl = v->ipv6_hlimit;
		if (fsw_frag_from_nl(v->ipv6_frag, is_mask, &k->nw_frag))
			return -EINVAL;
	}
	if (a[OVS_KEY_ATTR_ARP]) {
		const struct ovs_key_arp *v = nla_data(a[OVS_KEY_ATTR_ARP]);

		if (!is_mask && ntohs(v->arp_op) > 0xff)
			return -EINVAL;
		k->ipv4_src = v->arp_sip;
		k->ipv4_dst = v->arp_tip;
		k->nw_proto = ntohs(v->arp_op) & 0xff;
		memcpy(k->arp_sha, v->arp_sha, ETH_ALEN);
		memcpy(k->arp_tha, v->arp_tha, ETH_ALEN);
	}
	return 0;
}

static void fsw_ports_from_nl(const struct nlattr *nla, struct fsw_key *k)
{
	const __be16 *p = nla_data(nla);

	k->tp_src = p[0];
	k->tp_dst = p[1];
}

static void fsw_l4_from_nl(const struct nlattr **a, struct fsw_key *k)
{
	if (a[OVS_KEY_ATTR_TCP])
		fsw_ports_from_nl(a[OVS_KEY_ATTR_TCP], k);
	if (a[OVS_KEY_ATTR_UDP])
		fsw_ports_from_nl(a[OVS_KEY_ATTR_UDP], k);
	if (a[OVS_KEY_ATTR_SCTP])
		fsw_ports_from_nl(a[OVS_KEY_ATTR_SCTP], k);
	if (a[OVS_KEY_ATTR_TCP_FLAGS])
		k->tcp_flags = nla_get_be16(a[OVS_KEY_ATTR_TCP_FLAGS]);
	if (a[OVS_KEY_ATTR_ICMP] || a[OVS_KEY_ATTR_ICMPV6]) {
		const u8 *tc = nla_data(a[OVS_KEY_ATTR_ICMP] ?
					a[OVS_KEY_ATTR_ICMP] :
					a[OVS_KEY_ATTR_ICMPV6]);

		k->tp_src = htons(tc[0]);
		k->tp_dst = htons(tc[1]);
	}
	if (a[OVS_KEY_ATTR_ND]) {
		const struct ovs_key_nd *v = nla_data(a[OVS_KEY_ATTR_ND]);

		memcpy(k->nd_target, v->nd_target, 16);
		memcpy(k->nd_sll, v->nd_sll, ETH_ALEN);
		memcpy(k->nd_tll, v->nd_tll, ETH_ALEN);
	}
}

/*
 * VLAN 0 with an empty ENCAP: a frame whose tag is cut short.  The
 * parser keys it with the TPID as its type and no tag.
 */
static int fsw_cut_tag_from_nl(const struct nlattr **a, struct fsw_key *k)
{
	__be16 tpid = nla_get_be16(a[OVS_KEY_ATTR_ETHERTYPE]);

	if (tpid != htons(ETH_P_8021Q) && tpid != htons(ETH_P_8021AD))
		return -EINVAL;
	k->eth_type = tpid;
	return 0;
}

/*
 * Fills @k from one nest of key or mask attributes.  @depth counts VLAN
 * tags: the outer ETHERTYPE of a tagged frame is the tag's TPID.
 * @seen gets the attributes of every level OR'd together.
 */
static int fsw_key_from_nl(const struct nlattr *nest, struct fsw_key *k,
			   bool is_mask, int depth, u64 *seen)
{
	const struct nlattr *a[OVS_KEY_ATTR_MAX + 1];
	struct fsw_vlan *tag = depth ? &k->cvlan : &k->vlan;
	u64 here;
	int err;

	err = fsw_key_collect(nest, a, &here);
	if (err)
		return err;
	if (is_mask) {
		int t;

		/* An all-zero mask attribute asks for nothing. */
		for (t = OVS_KEY_ATTR_PRIORITY; t <= OVS_KEY_ATTR_MAX; t++)
			if (a[t] && fsw_key_lens[t] > 0 && fsw_all_zero(a[t]))
				here &= ~ATTR_BIT(t);
	}
	if (a[OVS_KEY_ATTR_TUNNEL]) {
		if (!is_mask || depth ||
		    !fsw_tunnel_mask_empty(a[OVS_KEY_ATTR_TUNNEL]))
			return -EINVAL;
		here &= ~ATTR_BIT(OVS_KEY_ATTR_TUNNEL);
	}
	*seen |= here;
	if (depth && (here & (ATTR_BIT(OVS_KEY_ATTR_IN_PORT) |
			      ATTR_BIT(OVS_KEY_ATTR_ETHERNET))))
		return -EINVAL;	/* metadata only at the top */
	if (here & FSW_CT_ATTRS) {
		int t;

		for (t = OVS_KEY_ATTR_CT_STATE; t <= OVS_KEY_ATTR_CT_LABELS; t++)
			if (!is_mask && a[t] && !fsw_all_zero(a[t]))
				return -EINVAL;
	}
	if (a[OVS_KEY_ATTR_PRIORITY])
		k->priority = nla_get_u32(a[OVS_KEY_ATTR_PRIORITY]);
	if (a[OVS_KEY_ATTR_IN_PORT]) {
		k->in_port = nla_get_u32(a[OVS_KEY_ATTR_IN_PORT]);
		if (!is_mask && k->in_port >= FSW_MAX_PORTS)
			return -EINVAL;
	}
	if (a[OVS_KEY_ATTR_SKB_MARK])
		k->skb_mark = nla_get_u32(a[OVS_KEY_ATTR_SKB_MARK]);
	if (a[OVS_KEY_ATTR_RECIRC_ID])
		k->recirc_id = nla_get_u32(a[OVS_KEY_ATTR_RECIRC_ID]);
	if (a[OVS_KEY_ATTR_DP_HASH])
		k->dp_hash = nla_get_u32(a[OVS_KEY_ATTR_DP_HASH]);
	if (a[OVS_KEY_ATTR_ETHERNET]) {
		const struct ovs_key_ethernet *e =
			nla_data(a[OVS_KEY_ATTR_ETHERNET]);

		memcpy(k->eth_src, e->eth_src, ETH_ALEN);
		memcpy(k->eth_dst, e->eth_dst, ETH_ALEN);
	}

	if (a[OVS_KEY_ATTR_VLAN]) {
		__be16 tci = nla_get_be16(a[OVS_KEY_ATTR_VLAN]);

		if (depth > 1 || (!is_mask && !a[OVS_KEY_ATTR_ETHERTYPE]))
			return -EINVAL;
		if (!is_mask && !tci && a[OVS_KEY_ATTR_ENCAP] &&
		    !nla_len(a[OVS_KEY_ATTR_ENCAP]))
			return fsw_cut_tag_from_nl(a, k);
		if (!is_mask && !(tci & htons(FSW_VLAN_PRESENT)))
			return -EINVAL;	/* a tag without its present bit */
		if (a[OVS_KEY_ATTR_ETHERTYPE])
			tag->tpid = nla_get_be16(a[OVS_KEY_ATTR_ETHERTYPE]);
		tag->tci = tci;
		if (!is_mask && tag->tpid != htons(ETH_P_8021Q) &&
		    tag->tpid != htons(ETH_P_8021AD))
			return -EINVAL;
		if (a[OVS_KEY_ATTR_ENCAP])
			return fsw_key_from_nl(a[OVS_KEY_ATTR_ENCAP], k, is_mask,
					       depth + 1, seen);
		return 0;
	}
	if (a[OVS_KEY_ATTR_ENCAP])
		return -EINVAL;
	if (a[OVS_KEY_ATTR_ETHERTYPE]) {
		k->eth_type = nla_get_be16(a[OVS_KEY_ATTR_ETHERTYPE]);
		if (!is_mask && ntohs(k->eth_type) < ETH_P_802_3_MIN)
			return -EINVAL;
	} else if (!is_mask && !depth) {
		k->eth_type = htons(FSW_ETH_TYPE_NONE);
	}
	err = fsw_l3_from_nl(a, k, is_mask);
	if (err)
		return err;
	fsw_l4_from_nl(a, k);
	return 0;
}

static bool fsw_exact16(__be16 m)
{
	return m == htons(0xffff);
}

#define FSW_L3_ATTRS (ATTR_BIT(OVS_KEY_ATTR_IPV4) | ATTR_BIT(OVS_KEY_ATTR_IPV6) | \
		      ATTR_BIT(OVS_KEY_ATTR_ARP))
#define FSW_L4_ATTRS (ATTR_BIT(OVS_KEY_ATTR_TCP) | ATTR_BIT(OVS_KEY_ATTR_UDP) | \
		      ATTR_BIT(OVS_KEY_ATTR_SCTP) | ATTR_BIT(OVS_KEY_ATTR_ICMP) | \
		      ATTR_BIT(OVS_KEY_ATTR_ICMPV6) |			\
		      ATTR_BIT(OVS_KEY_ATTR_TCP_FLAGS) | ATTR_BIT(OVS_KEY_ATTR_ND))

/*
 * A header's attribute in the key needs the key's lower headers to say
 * it is there (IPv4 needs eth_type 0x0800, TCP nw_proto 6, ...); mask
 * bits for a header (@mseen: non-zero mask attributes) need those lower
 * fields matched exactly.
 */
static int fsw_check_prereqs(const struct fsw_key *k, const struct fsw_key *m,
			     u64 seen, u64 mseen)
{
	u16 type = ntohs(k->eth_type);
	bool ip4 = seen & ATTR_BIT(OVS_KEY_ATTR_IPV4);
	bool ip6 = seen & ATTR_BIT(OVS_KEY_ATTR_IPV6);

	if ((ip4 && type != ETH_P_IP) || (ip6 && type != ETH_P_IPV6))
		return -EINVAL;
	if ((seen & ATTR_BIT(OVS_KEY_ATTR_ARP)) &&
	    type != ETH_P_ARP && type != ETH_P_RARP)
		return -EINVAL;
	if ((seen & ATTR_BIT(OVS_KEY_ATTR_TCP)) &&
	    (!(ip4 || ip6) || k->nw_proto != IPPROTO_TCP))
		return -EINVAL;
	if ((seen & ATTR_BIT(OVS_KEY_ATTR_TCP_FLAGS)) &&
	    !(seen & ATTR_BIT(OVS_KEY_ATTR_TCP)))
		return -EINVAL;
	if ((seen & ATTR_BIT(OVS_KEY_ATTR_UDP)) &&
	    (!(ip4 || ip6) || k->nw_proto != IPPROTO_UDP))
		return -EINVAL;
	if ((seen & ATTR_BIT(OVS_KEY_ATTR_SCTP)) &&
	    (!(ip4 || ip6) || k->nw_proto != IPPROTO_SCTP))
		return -EINVAL;
	if ((seen & ATTR_BIT(OVS_KEY_ATTR_ICMP)) &&
	    (!ip4 || k->nw_proto != IPPROTO_ICMP))
		return -EINVAL;
	if ((seen & ATTR_BIT(OVS_KEY_ATTR_ICMPV6)) &&
	    (!ip6 || k->nw_proto != IPPROTO_ICMPV6_))
		return -EINVAL;
	/* Any code: openvswitch.ko takes ND with a code other than 0. */
	if ((seen & ATTR_BIT(OVS_KEY_ATTR_ND)) &&
	    (!(seen & ATTR_BIT(OVS_KEY_ATTR_ICMPV6)) ||
	     (ntohs(k->tp_src) != ND_SOLICIT && ntohs(k->tp_src) != ND_ADVERT)))
		return -EINVAL;

	if ((mseen & (FSW_L3_ATTRS | FSW_L4_ATTRS)) &&
	    !fsw_exact16(m->eth_type))
		return -EINVAL;
	if ((mseen & FSW_L4_ATTRS) && m->nw_proto != 0xff)
		return -EINVAL;
	/* The ICMPv6 type is 8 bits: its mask attribute gives 0x00ff. */
	if ((mseen & ATTR_BIT(OVS_KEY_ATTR_ND)) &&
	    (m->tp_src & htons(0xff)) != htons(0xff))
		return -EINVAL;
	return 0;
}

/* Every mask bit must belong to a header the key has. */
static int fsw_check_mask_within(u64 key_seen, u64 mask_seen)
{
	u64 extra = mask_seen & ~key_seen;

	/* Conntrack masks on absent (zero) conntrack keys are harmless;
	 * so is an ETHERTYPE mask where the key's type is implicit. */
	extra &= ~(FSW_CT_ATTRS | ATTR_BIT(OVS_KEY_ATTR_ETHERTYPE));
	return extra ? -EINVAL : 0;
}

/*
 * @nla_key: OVS_FLOW_ATTR_KEY; @nla_mask: OVS_FLOW_ATTR_MASK or NULL
 * (then every field of the key's headers is matched exactly).
 */
int fsw_nla_to_match(const struct nlattr *nla_key,
		     const struct nlattr *nla_mask,
		     struct fsw_key *key, struct fsw_key *mask)
{
	u64 kseen = 0, mseen = 0;
	int err;

	memset(key, 0, sizeof(*key));
	memset(mask, 0, sizeof(*mask));
	err = fsw_key_from_nl(nla_key, key, false, 0, &kseen);
	if (err)
		return err;
	if (nla_mask) {
		err = fsw_key_from_nl(nla_mask, mask, true, 0, &mseen);
		if (err)
			return err;
		err = fsw_check_mask_within(kseen, mseen);
		if (err)
			return err;
		/* As Linux: a mask that leaves the tags out still matches
		 * them exactly, so an untagged megaflow never takes tagged
		 * packets (VLAN isolation depends on it). */
		if (!mask->vlan.tci)
			mask->vlan.tci = htons(0xffff);
		if (!mask->cvlan.tci)
			mask->cvlan.tci = htons(0xffff);
	} else {
		fsw_exact_mask(key, kseen, mask);
		mseen = kseen;
	}
	/* As in Linux's datapath, a mask silent on recirc_id matches it
	 * exactly: flows for new packets never catch recirculated ones. */
	if (!(mseen & ATTR_BIT(OVS_KEY_ATTR_RECIRC_ID)))
		mask->recirc_id = ~0U;
	return fsw_check_prereqs(key, mask, kseen, mseen);
}

/* The exact mask of a key: every field its attributes carry. */
void fsw_exact_mask(const struct fsw_key *key, u64 seen, struct fsw_key *m)
{
	memset(m, 0, sizeof(*m));
	if (seen & ATTR_BIT(OVS_KEY_ATTR_PRIORITY))
		m->priority = ~0U;
	if (seen & ATTR_BIT(OVS_KEY_ATTR_IN_PORT))
		m->in_port = ~0U;
	if (seen & ATTR_BIT(OVS_KEY_ATTR_SKB_MARK))
		m->skb_mark = ~0U;
	if (seen & ATTR_BIT(OVS_KEY_ATTR_RECIRC_ID))
		m->recirc_id = ~0U;
	if (seen & ATTR_BIT(OVS_KEY_ATTR_DP_HASH))
		m->dp_hash = ~0U;
	if (seen & ATTR_BIT(OVS_KEY_ATTR_ETHERNET)) {
		memset(m->eth_src, 0xff, ETH_ALEN);
		memset(m->eth_dst, 0xff, ETH_ALEN);
	}
	/* Tags and type always: untagged flows match untagged packets. */
	m->vlan.tpid = m->vlan.tci = htons(0xffff);
	m->cvlan.tpid = m->cvlan.tci = htons(0xffff);
	m->eth_type = htons(0xffff);
	if (seen & (ATTR_BIT(OVS_KEY_ATTR_IPV4) | ATTR_BIT(OVS_KEY_ATTR_IPV6) |
		    ATTR_BIT(OVS_KEY_ATTR_ARP))) {
		m->nw_proto = 0xff;
		m->ipv4_src = m->ipv4_dst = htonl(~0U);
	}
	if (seen & (ATTR_BIT(OVS_KEY_ATTR_IPV4) | ATTR_BIT(OVS_KEY_ATTR_IPV6))) {
		m->nw_tos = m->nw_ttl = 0xff;
		m->nw_frag = FSW_FRAG_ANY | FSW_FRAG_LATER;
	}
	if (seen & ATTR_BIT(OVS_KEY_ATTR_IPV6)) {
		m->ipv4_src = m->ipv4_dst = 0;
		memset(m->ipv6_src, 0xff, 16);
		memset(m->ipv6_dst, 0xff, 16);
		m->ipv6_label = htonl(0xfffff);
	}
	if (seen & ATTR_BIT(OVS_KEY_ATTR_ARP)) {
		memset(m->arp_sha, 0xff, ETH_ALEN);
		memset(m->arp_tha, 0xff, ETH_ALEN);
	}
	if (seen & (ATTR_BIT(OVS_KEY_ATTR_TCP) | ATTR_BIT(OVS_KEY_ATTR_UDP) |
		    ATTR_BIT(OVS_KEY_ATTR_SCTP) | ATTR_BIT(OVS_KEY_ATTR_ICMP) |
		    ATTR_BIT(OVS_KEY_ATTR_ICMPV6)))
		m->tp_src = m->tp_dst = htons(0xffff);
	if (seen & ATTR_BIT(OVS_KEY_ATTR_TCP_FLAGS))
		m->tcp_flags = htons(0x0fff);
	if (seen & ATTR_BIT(OVS_KEY_ATTR_ND)) {
		memset(m->nd_target, 0xff, 16);
		memset(m->nd_sll, 0xff, ETH_ALEN);
		memset(m->nd_tll, 0xff, ETH_ALEN);
	}
}

/* Metadata and packet key of an EXECUTE request: no mask involved. */
int fsw_nla_to_key(const struct nlattr *nla_key, struct fsw_key *key)
{
	struct fsw_key mask;

	return fsw_nla_to_match(nla_key, NULL, key, &mask);
}

/* ---- struct fsw_key to attributes ---- */

static u8 fsw_frag_to_nl(u8 bits, bool is_mask)
{
	/* Userspace knows only "all of it" or "none of it" masks. */
	if (is_mask)
		return bits == (FSW_FRAG_ANY | FSW_FRAG_LATER) ? 0xff : bits;
	if (!(bits & FSW_FRAG_ANY))
		return OVS_FRAG_TYPE_NONE;
	return bits & FSW_FRAG_LATER ? OVS_FRAG_TYPE_LATER : OVS_FRAG_TYPE_FIRST;
}

static int fsw_put_ports(struct sk_buff *skb, int type, const struct fsw_key *v)
{
	__be16 p[2] = { v->tp_src, v->tp_dst };

	return nla_put(skb, type, sizeof(p), p);
}

static int fsw_put_l4(struct sk_buff *skb, const struct fsw_key *v,
		      const struct fsw_key *shape, bool is_mask)
{
	u16 type = ntohs(shape->eth_type);
	u8 tc[2] = { ntohs(v->tp_src) & 0xff, ntohs(v->tp_dst) & 0xff };

	if (shape->nw_frag & FSW_FRAG_LATER)
		return 0;
	switch (shape->nw_proto) {
	case IPPROTO_TCP:
		if (fsw_put_ports(skb, OVS_KEY_ATTR_TCP, v) ||
		    nla_put_be16(skb, OVS_KEY_ATTR_TCP_FLAGS, v->tcp_flags))
			return -EMSGSIZE;
		return 0;
	case IPPROTO_UDP:
		return fsw_put_ports(skb, OVS_KEY_ATTR_UDP, v);
	case IPPROTO_SCTP:
		return fsw_put_ports(skb, OVS_KEY_ATTR_SCTP, v);
	case IPPROTO_ICMP:
		if (type != ETH_P_IP)
			return 0;
		return nla_put(skb, OVS_KEY_ATTR_ICMP, 2, tc);
	case IPPROTO_ICMPV6_:
		if (type != ETH_P_IPV6)
			return 0;
		if (nla_put(skb, OVS_KEY_ATTR_ICMPV6, 2, tc))
			return -EMSGSIZE;
		if (!shape->tp_dst && (ntohs(shape->tp_src) == ND_SOLICIT ||
				       ntohs(shape->tp_src) == ND_ADVERT)) {
			struct ovs_key_nd nd;

			memcpy(nd.nd_target, v->nd_target, 16);
			memcpy(nd.nd_sll, v->nd_sll, ETH_ALEN);
			memcpy(nd.nd_tll, v->nd_tll, ETH_ALEN);
			return nla_put(skb, OVS_KEY_ATTR_ND, sizeof(nd), &nd);
		}
		return 0;
	}
	return 0;
}

static int fsw_put_l3(struct sk_buff *skb, const struct fsw_key *v,
		      const struct fsw_key *shape, bool is_mask)
{
	switch (ntohs(shape->eth_type)) {
	case ETH_P_IP: {
		struct ovs_key_ipv4 ip = {
			.ipv4_src = v->ipv4_src, .ipv4_dst = v->ipv4_dst,
			.ipv4_proto = v->nw_proto, .ipv4_tos = v->nw_tos,
			.ipv4_ttl = v->nw_ttl,
			.ipv4_frag = fsw_frag_to_nl(v->nw_frag, is_mask),
		};

		if (nla_put(skb, OVS_KEY_ATTR_IPV4, sizeof(ip), &ip))
			return -EMSGSIZE;
		return fsw_put_l4(skb, v, shape, is_mask);
	}
	case ETH_P_IPV6: {
		struct ovs_key_ipv6 ip = {
			.ipv6_label = v->ipv6_label, .ipv6_proto = v->nw_proto,
			.ipv6_tclass = v->nw_tos, .ipv6_hlimit = v->nw_ttl,
			.ipv6_frag = fsw_frag_to_nl(v->nw_frag, is_mask),
		};

		memcpy(ip.ipv6_src, v->ipv6_src, 16);
		memcpy(ip.ipv6_dst, v->ipv6_dst, 16);
		if (nla_put(skb, OVS_KEY_ATTR_IPV6, sizeof(ip), &ip))
			return -EMSGSIZE;
		return fsw_put_l4(skb, v, shape, is_mask);
	}
	case ETH_P_ARP:
	case ETH_P_RARP: {
		struct ovs_key_arp arp = {
			.arp_sip = v->ipv4_src, .arp_tip = v->ipv4_dst,
			.arp_op = htons(v->nw_proto),
		};

		memcpy(arp.arp_sha, v->arp_sha, ETH_ALEN);
		memcpy(arp.arp_tha, v->arp_tha, ETH_ALEN);
		return nla_put(skb, OVS_KEY_ATTR_ARP, sizeof(arp), &arp);
	}
	}
	return 0;
}

/* Tags from @depth on, then the type and what follows it. */
static int fsw_put_tags(struct sk_buff *skb, const struct fsw_key *v,
			const struct fsw_key *shape, bool is_mask, int depth)
{
	const struct fsw_vlan *tag = depth ? &shape->cvlan : &shape->vlan;
	const struct fsw_vlan *vt = depth ? &v->cvlan : &v->vlan;
	struct nlattr *encap;
	int err;

	if (depth < 2 && (tag->tci & htons(FSW_VLAN_PRESENT))) {
		if (nla_put_be16(skb, OVS_KEY_ATTR_ETHERTYPE, vt->tpid) ||
		    nla_put_be16(skb, OVS_KEY_ATTR_VLAN, vt->tci))
			return -EMSGSIZE;
		encap = nla_nest_start_noflag(skb, OVS_KEY_ATTR_ENCAP);
		if (!encap)
			return -EMSGSIZE;
		err = fsw_put_tags(skb, v, shape, is_mask, depth + 1);
		if (err)
			return err;
		nla_nest_end(skb, encap);
		return 0;
	}
	if (shape->eth_type == htons(FSW_ETH_TYPE_NONE) && !is_mask)
		return 0;
	if (nla_put_be16(skb, OVS_KEY_ATTR_ETHERTYPE, v->eth_type))
		return -EMSGSIZE;
	return fsw_put_l3(skb, v, shape, is_mask);
}

/*
 * Puts @v as a nest @attrtype, with the attributes @shape's headers
 * call for (@shape is the key; @v is the key or its mask).
 */
int fsw_nla_put_key(struct sk_buff *skb, int attrtype, const struct fsw_key *v,
		    const struct fsw_key *shape, bool is_mask)
{
	struct ovs_key_ethernet eth;
	struct nlattr *nest;
	int err;

	nest = nla_nest_start_noflag(skb, attrtype);
	if (!nest)
		return -EMSGSIZE;
	memcpy(eth.eth_src, v->eth_src, ETH_ALEN);
	memcpy(eth.eth_dst, v->eth_dst, ETH_ALEN);
	if (nla_put_u32(skb, OVS_KEY_ATTR_RECIRC_ID, v->recirc_id) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_DP_HASH, v->dp_hash) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_PRIORITY, v->priority) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_IN_PORT, v->in_port) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_SKB_MARK, v->skb_mark) ||
	    nla_put(skb, OVS_KEY_ATTR_ETHERNET, sizeof(eth), &eth))
		return -EMSGSIZE;
	err = fsw_put_tags(skb, v, shape, is_mask, 0);
	if (err)
		return err;
	nla_nest_end(skb, nest);
	return 0;
}
