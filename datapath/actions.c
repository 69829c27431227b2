// SPDX-License-Identifier: GPL-2.0
/*
 * Actions: checked once when a flow (or an EXECUTE) arrives, kept in
 * their netlink form, and run per packet.
 *
 * Supported: output, userspace, set and set_masked (ethernet, ipv4,
 * ipv6, tcp, udp, sctp, priority, skb_mark) with checksum fixes, push_vlan,
 * pop_vlan, sample, clone, recirc, hash, trunc, ct_clear (a no-op: we
 * track no connections).  Known but unsupported actions get EOPNOTSUPP,
 * unknown ones EINVAL.
 */
#include <linux/crc32.h>
#include <linux/icmpv6.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/prandom.h>
#include <linux/sctp.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/ip.h>

#include "datapath.h"
#include "flow_netlink.h"
#include "vport.h"

#define FSW_ACTIONS_DEPTH 4
#define FSW_RECIRC_DEPTH 4

static DEFINE_PER_CPU(int, fsw_recirc_depth);

/* ---- validation ---- */

static int fsw_set_size(int type)
{
	switch (type) {
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_SKB_MARK:
		return sizeof(u32);
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
	}
	return -1;
}

/* set/set_masked: one key attribute the flow's headers allow changing. */
static int fsw_validate_set(const struct nlattr *a, const struct fsw_key *key,
			    bool masked)
{
	const struct nlattr *inner = nla_data(a);
	int type, size;

	if (nla_len(a) < NLA_HDRLEN || nla_total_size(nla_len(inner)) !=
	    nla_len(a))
		return -EINVAL;
	type = nla_type(inner);
	size = fsw_set_size(type);
	if (size < 0 || nla_len(inner) != (masked ? 2 * size : size))
		return -EINVAL;
	switch (type) {
	case OVS_KEY_ATTR_IPV4: {
		const struct ovs_key_ipv4 *v = nla_data(inner), *m = v + 1;

		if (key->eth_type != htons(ETH_P_IP))
			return -EINVAL;
		/* Protocol and fragment type cannot change. */
		if (masked ? (m->ipv4_proto || m->ipv4_frag) :
		    (v->ipv4_proto != key->nw_proto ||
		     v->ipv4_frag != (key->nw_frag & FSW_FRAG_LATER ? 2 :
				      key->nw_frag ? 1 : 0)))
			return -EINVAL;
		break;
	}
	case OVS_KEY_ATTR_IPV6: {
		const struct ovs_key_ipv6 *v = nla_data(inner), *m = v + 1;

		if (key->eth_type != htons(ETH_P_IPV6))
			return -EINVAL;
		if (masked ? (m->ipv6_proto || m->ipv6_frag ||
			      ntohl(m->ipv6_label) > 0xfffff) :
		    (v->ipv6_proto != key->nw_proto ||
		     ntohl(v->ipv6_label) > 0xfffff))
			return -EINVAL;
		break;
	}
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_UDP:
	case OVS_KEY_ATTR_SCTP:
		if (key->nw_proto != (type == OVS_KEY_ATTR_TCP ? IPPROTO_TCP :
				      type == OVS_KEY_ATTR_UDP ? IPPROTO_UDP :
				      IPPROTO_SCTP) ||
		    (key->eth_type != htons(ETH_P_IP) &&
		     key->eth_type != htons(ETH_P_IPV6)))
			return -EINVAL;
		break;
	}
	return 0;
}

static int fsw_validate_userspace(const struct nlattr *attr)
{
	const struct nlattr *a;
	bool pid = false;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		switch (nla_type(a)) {
		case OVS_USERSPACE_ATTR_PID:
			if (nla_len(a) != sizeof(u32))
				return -EINVAL;
			pid = true;
			break;
		case OVS_USERSPACE_ATTR_USERDATA:
			break;
		case OVS_USERSPACE_ATTR_EGRESS_TUN_PORT:
			if (nla_len(a) != sizeof(u32))
				return -EINVAL;
			break;
		case OVS_USERSPACE_ATTR_ACTIONS:
			if (nla_len(a))
				return -EINVAL;
			break;
		default:
			return -EINVAL;
		}
	}
	return rem || !pid ? -EINVAL : 0;
}

static int fsw_validate(const struct nlattr *attr, const struct fsw_key *key,
			int depth);

static int fsw_validate_sample(const struct nlattr *attr,
			       const struct fsw_key *key, int depth)
{
	const struct nlattr *a, *prob = NULL, *acts = NULL;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		switch (nla_type(a)) {
		case OVS_SAMPLE_ATTR_PROBABILITY:
			if (prob || nla_len(a) != sizeof(u32))
				return -EINVAL;
			prob = a;
			break;
		case OVS_SAMPLE_ATTR_ACTIONS:
			if (acts)
				return -EINVAL;
			acts = a;
			break;
		default:
			return -EINVAL;
		}
	}
	if (rem || !prob || !acts)
		return -EINVAL;
	return fsw_validate(acts, key, depth + 1);
}

static int fsw_validate_one(const struct nlattr *a, const struct fsw_key *key,
			    int depth)
{
	int len = nla_len(a);

	switch (nla_type(a)) {
	case OVS_ACTION_ATTR_OUTPUT:
		if (len != sizeof(u32) || nla_get_u32(a) >= FSW_MAX_PORTS)
			return -EINVAL;
		return 0;
	case OVS_ACTION_ATTR_USERSPACE:
		return fsw_validate_userspace(a);
	case OVS_ACTION_ATTR_SET:
		return fsw_validate_set(a, key, false);
	case OVS_ACTION_ATTR_SET_MASKED:
		return fsw_validate_set(a, key, true);
	case OVS_ACTION_ATTR_PUSH_VLAN: {
		const struct ovs_action_push_vlan *v = nla_data(a);

		if (len != sizeof(*v) ||
		    (v->vlan_tpid != htons(ETH_P_8021Q) &&
		     v->vlan_tpid != htons(ETH_P_8021AD)) ||
		    !(v->vlan_tci & htons(FSW_VLAN_PRESENT)))
			return -EINVAL;
		return 0;
	}
	case OVS_ACTION_ATTR_POP_VLAN:
	case OVS_ACTION_ATTR_CT_CLEAR:
		return len ? -EINVAL : 0;
	case OVS_ACTION_ATTR_SAMPLE:
		return fsw_validate_sample(a, key, depth);
	case OVS_ACTION_ATTR_CLONE:
		return fsw_validate(a, key, depth + 1);
	case OVS_ACTION_ATTR_RECIRC:
		return len != sizeof(u32) ? -EINVAL : 0;
	case OVS_ACTION_ATTR_HASH: {
		const struct ovs_action_hash *h = nla_data(a);

		if (len != sizeof(*h) || h->hash_alg != OVS_HASH_ALG_L4)
			return -EINVAL;
		return 0;
	}
	case OVS_ACTION_ATTR_TRUNC: {
		const struct ovs_action_trunc *t = nla_data(a);

		if (len != sizeof(*t) || t->max_len < ETH_HLEN)
			return -EINVAL;
		return 0;
	}
	case OVS_ACTION_ATTR_PUSH_MPLS:
	case OVS_ACTION_ATTR_POP_MPLS:
	case OVS_ACTION_ATTR_CT:
	case OVS_ACTION_ATTR_PUSH_ETH:
	case OVS_ACTION_ATTR_POP_ETH:
	case OVS_ACTION_ATTR_PUSH_NSH:
	case OVS_ACTION_ATTR_POP_NSH:
	case OVS_ACTION_ATTR_METER:
	case OVS_ACTION_ATTR_CHECK_PKT_LEN:
	case OVS_ACTION_ATTR_ADD_MPLS:
	case OVS_ACTION_ATTR_DEC_TTL:
		return -EOPNOTSUPP;
	}
	return -EINVAL;
}

static int fsw_validate(const struct nlattr *attr, const struct fsw_key *key,
			int depth)
{
	const struct nlattr *a;
	int rem, err;

	if (depth > FSW_ACTIONS_DEPTH)
		return -EOVERFLOW;
	nla_for_each_nested(a, attr, rem) {
		err = fsw_validate_one(a, key, depth);
		if (err)
			return err;
	}
	return rem ? -EINVAL : 0;
}

/* A checked copy of OVS_FLOW_ATTR_ACTIONS / OVS_PACKET_ATTR_ACTIONS. */
struct fsw_actions *fsw_actions_from_nl(const struct nlattr *attr,
					const struct fsw_key *key,
					const struct fsw_key *mask)
{
	struct fsw_actions *acts;
	struct fsw_key masked;
	const u8 *m = (const u8 *)mask;
	u8 *k = (u8 *)&masked;
	int err;
	size_t i;

	/* Judge the actions by what every packet of the flow has in
	 * common: a wildcarded eth_type or protocol proves nothing. */
	masked = *key;
	for (i = 0; mask && i < sizeof(masked); i++)
		k[i] &= m[i];
	err = fsw_validate(attr, &masked, 0);
	if (err)
		return ERR_PTR(err);
	acts = kmalloc(sizeof(*acts) + nla_len(attr), GFP_KERNEL);
	if (!acts)
		return ERR_PTR(-ENOMEM);
	acts->len = nla_len(attr);
	memcpy(acts->attrs, nla_data(attr), acts->len);
	return acts;
}

/* ---- execution ---- */

static void fsw_do_output(struct datapath *dp, struct sk_buff *skb, u32 port,
			  u32 cutlen)
{
	struct vport *vport = fsw_dp_port(dp, port);

	if (unlikely(!vport)) {
		kfree_skb(skb);
		return;
	}
	if (cutlen && skb->len > cutlen) {
		/* A checksum left to the device must still lie inside. */
		if (skb->ip_summed == CHECKSUM_PARTIAL &&
		    skb_checksum_start_offset(skb) + skb->csum_offset +
		    sizeof(__sum16) > cutlen)
			skb->ip_summed = CHECKSUM_NONE;
		/* One short frame: nothing left to segment. */
		if (skb_is_gso(skb))
			skb_gso_reset(skb);
		if (pskb_trim_rcsum(skb, cutlen)) {
			kfree_skb(skb);
			return;
		}
	}
	fsw_vport_send(vport, skb);
}

/*
 * The first @len bytes made writable.  A packet too short for the header
 * an action rewrites is refused (EINVAL), not blamed on memory.
 */
static int fsw_writable(struct sk_buff *skb, unsigned int len)
{
	return len > skb->len ? -EINVAL : skb_ensure_writable(skb, len);
}

/* Masked update of @len bytes: dst = (dst & ~m) | (v & m). */
static void fsw_mask_bytes(u8 *dst, const u8 *v, const u8 *m, int len)
{
	int i;

	for (i = 0; i < len; i++)
		dst[i] = (dst[i] & ~m[i]) | (v[i] & m[i]);
}

static int fsw_set_eth(struct sk_buff *skb, struct fsw_key *key,
		       const struct ovs_key_ethernet *v,
		       const struct ovs_key_ethernet *m)
{
	struct ethhdr *eh;
	int err;

	err = fsw_writable(skb, ETH_HLEN);
	if (err)
		return err;
	eh = eth_hdr(skb);
	skb_postpull_rcsum(skb, eh, 2 * ETH_ALEN);
	fsw_mask_bytes(eh->h_source, v->eth_src, m->eth_src, ETH_ALEN);
	fsw_mask_bytes(eh->h_dest, v->eth_dst, m->eth_dst, ETH_ALEN);
	skb_postpush_rcsum(skb, eh, 2 * ETH_ALEN);
	memcpy(key->eth_src, eh->h_source, ETH_ALEN);
	memcpy(key->eth_dst, eh->h_dest, ETH_ALEN);
	return 0;
}

/* How far into the L4 header its pseudo-header checksum reaches. */
static unsigned int fsw_l4_csum_end(const struct fsw_key *key)
{
	switch (key->nw_proto) {
	case IPPROTO_TCP:
		return offsetofend(struct tcphdr, check);
	case IPPROTO_UDP:
		return sizeof(struct udphdr);
	case IPPROTO_ICMPV6:
		return key->eth_type == htons(ETH_P_IPV6) ?
		       offsetofend(struct icmp6hdr, icmp6_cksum) : 0;
	}
	return 0;
}

/*
 * Makes the IP header (@len bytes) writable, and the L4 checksum after
 * it, which an address change also rewrites.
 */
static int fsw_ip_writable(struct sk_buff *skb, const struct fsw_key *key,
			   unsigned int len)
{
	unsigned int end = skb_network_offset(skb) + len;
	unsigned int l4 = fsw_l4_csum_end(key);

	if (l4 && skb_transport_header_was_set(skb) &&
	    !(key->nw_frag & FSW_FRAG_LATER))
		end = max_t(unsigned int, end,
			    min(skb->len, skb_transport_offset(skb) + l4));
	return fsw_writable(skb, end);
}

/* The L4 checksum covering the pseudo-header, if there is one. */
static __sum16 *fsw_l4_csum(struct sk_buff *skb, const struct fsw_key *key)
{
	unsigned int need = fsw_l4_csum_end(key);

	if (!need || key->nw_frag & FSW_FRAG_LATER ||
	    !skb_transport_header_was_set(skb) ||
	    skb_tail_pointer(skb) - skb_transport_header(skb) < need)
		return NULL;
	if (key->nw_proto == IPPROTO_ICMPV6)
		return &icmp6_hdr(skb)->icmp6_cksum;
	if (key->nw_proto == IPPROTO_TCP)
		return &tcp_hdr(skb)->check;
	/* A zero UDP checksum over IPv4 means "none". */
	if (!udp_hdr(skb)->check && skb->ip_summed != CHECKSUM_PARTIAL)
		return NULL;
	return &udp_hdr(skb)->check;
}

static void fsw_set_ip_addr(struct sk_buff *skb, struct iphdr *iph,
			    const struct fsw_key *key, __be32 *addr,
			    __be32 new)
{
	__sum16 *l4 = fsw_l4_csum(skb, key);

	if (l4) {
		inet_proto_csum_replace4(l4, skb, *addr, new, true);
		if (key->nw_proto == IPPROTO_UDP && !*l4)
			*l4 = CSUM_MANGLED_0;
	}
	csum_replace4(&iph->check, *addr, new);
	skb_clear_hash(skb);
	*addr = new;
}

static int fsw_set_ipv4(struct sk_buff *skb, struct fsw_key *key,
			const struct ovs_key_ipv4 *v,
			const struct ovs_key_ipv4 *m)
{
	struct iphdr *iph;
	__be32 addr;
	int err;

	err = fsw_ip_writable(skb, key, sizeof(struct iphdr));
	if (err)
		return err;
	iph = ip_hdr(skb);
	if (m->ipv4_src) {
		addr = (iph->saddr & ~m->ipv4_src) | (v->ipv4_src & m->ipv4_src);
		if (addr != iph->saddr)
			fsw_set_ip_addr(skb, iph, key, &iph->saddr, addr);
		key->ipv4_src = addr;
	}
	if (m->ipv4_dst) {
		addr = (iph->daddr & ~m->ipv4_dst) | (v->ipv4_dst & m->ipv4_dst);
		if (addr != iph->daddr)
			fsw_set_ip_addr(skb, iph, key, &iph->daddr, addr);
		key->ipv4_dst = addr;
	}
	if (m->ipv4_tos) {
		ipv4_change_dsfield(iph, ~m->ipv4_tos, v->ipv4_tos & m->ipv4_tos);
		key->nw_tos = iph->tos;
	}
	if (m->ipv4_ttl) {
		u8 ttl = (iph->ttl & ~m->ipv4_ttl) | (v->ipv4_ttl & m->ipv4_ttl);

		csum_replace2(&iph->check, htons(iph->ttl << 8),
			      htons(ttl << 8));
		iph->ttl = ttl;
		key->nw_ttl = ttl;
	}
	return 0;
}

static void fsw_set_ip6_addr(struct sk_buff *skb, const struct fsw_key *key,
			     __be32 addr[4], const __be32 *v, const __be32 *m)
{
	__sum16 *l4 = fsw_l4_csum(skb, key);
	__be32 new[4];
	int i;

	for (i = 0; i < 4; i++)
		new[i] = (addr[i] & ~m[i]) | (v[i] & m[i]);
	/* A CHECKSUM_COMPLETE sum covers the address itself too (IPv6 has
	 * no header checksum to compensate it, unlike IPv4). */
	skb_postpull_rcsum(skb, addr, sizeof(new));
	if (l4)
		inet_proto_csum_replace16(l4, skb, addr, new, true);
	skb_clear_hash(skb);
	memcpy(addr, new, sizeof(new));
	skb_postpush_rcsum(skb, addr, sizeof(new));
}

static int fsw_set_ipv6(struct sk_buff *skb, struct fsw_key *key,
			const struct ovs_key_ipv6 *v,
			const struct ovs_key_ipv6 *m)
{
	static const __be32 zero[4];
	struct ipv6hdr *ip6;
	u32 flow;
	int err;

	err = fsw_ip_writable(skb, key, sizeof(struct ipv6hdr));
	if (err)
		return err;
	ip6 = ipv6_hdr(skb);
	if (memcmp(m->ipv6_src, zero, 16)) {
		fsw_set_ip6_addr(skb, key, ip6->saddr.s6_addr32, v->ipv6_src,
				 m->ipv6_src);
		memcpy(key->ipv6_src, &ip6->saddr, 16);
	}
	if (memcmp(m->ipv6_dst, zero, 16)) {
		fsw_set_ip6_addr(skb, key, ip6->daddr.s6_addr32, v->ipv6_dst,
				 m->ipv6_dst);
		memcpy(key->ipv6_dst, &ip6->daddr, 16);
	}
	/* Class, label and hop limit have no checksum to compensate their
	 * change: a CHECKSUM_COMPLETE sum must follow them. */
	skb_postpull_rcsum(skb, ip6, 8);
	if (m->ipv6_tclass) {
		ipv6_change_dsfield(ip6, ~m->ipv6_tclass,
				    v->ipv6_tclass & m->ipv6_tclass);
		key->nw_tos = ipv6_get_dsfield(ip6);
	}
	/* The label is the low 20 bits of the first word only. */
	if (m->ipv6_label & htonl(0xfffff)) {
		u32 lmask = ntohl(m->ipv6_label) & 0xfffff;

		flow = ntohl(*(__be32 *)ip6) & ~lmask;
		flow |= ntohl(v->ipv6_label) & lmask;
		*(__be32 *)ip6 = htonl(flow);
		key->ipv6_label = htonl(flow & 0xfffff);
	}
	if (m->ipv6_hlimit) {
		ip6->hop_limit = (ip6->hop_limit & ~m->ipv6_hlimit) |
				 (v->ipv6_hlimit & m->ipv6_hlimit);
		key->nw_ttl = ip6->hop_limit;
	}
	skb_postpush_rcsum(skb, ip6, 8);
	return 0;
}

/* TCP and UDP ports: the first four bytes of both headers. */
static int fsw_set_ports(struct sk_buff *skb, struct fsw_key *key,
			 const __be16 *v, const __be16 *m)
{
	unsigned int need = key->nw_proto == IPPROTO_TCP ?
			    sizeof(struct tcphdr) : sizeof(struct udphdr);
	__be16 *ports, new;
	__sum16 *l4;
	int i, err;

	if (!skb_transport_header_was_set(skb) ||
	    key->nw_frag & FSW_FRAG_LATER)
		return 0;
	err = fsw_writable(skb, skb_transport_offset(skb) + need);
	if (err)
		return err;
	ports = (__be16 *)skb_transport_header(skb);
	l4 = fsw_l4_csum(skb, key);
	for (i = 0; i < 2; i++) {
		new = (ports[i] & ~m[i]) | (v[i] & m[i]);
		if (new == ports[i])
			continue;
		if (l4) {
			inet_proto_csum_replace2(l4, skb, ports[i], new, false);
			if (key->nw_proto == IPPROTO_UDP && !*l4)
				*l4 = CSUM_MANGLED_0;
		}
		ports[i] = new;
	}
	skb_clear_hash(skb);
	key->tp_src = ports[0];
	key->tp_dst = ports[1];
	return 0;
}

static __wsum fsw_crc32c_update(const void *p, int len, __wsum crc)
{
	return (__force __wsum)__crc32c_le((__force u32)crc, p, len);
}

static __wsum fsw_crc32c_combine(__wsum crc, __wsum crc2, int ofs, int len)
{
	return (__force __wsum)__crc32c_le_combine((__force u32)crc,
						   (__force u32)crc2, len);
}

/* CRC32c through skb_checksum(), from the kernel's built-in crc32. */
static const struct skb_checksum_ops fsw_crc32c_ops = {
	.update = fsw_crc32c_update,
	.combine = fsw_crc32c_combine,
};

/* The checksum the SCTP packet at @ofs should carry. */
static __le32 fsw_sctp_crc(struct sk_buff *skb, unsigned int ofs)
{
	struct sctphdr *sh = (struct sctphdr *)(skb->data + ofs);
	__le32 was = sh->checksum;
	u32 crc;

	sh->checksum = 0;
	crc = (__force u32)__skb_checksum(skb, ofs, skb->len - ofs,
					  (__force __wsum)~0U,
					  &fsw_crc32c_ops);
	sh->checksum = was;
	return cpu_to_le32(~crc);
}

/*
 * SCTP ports.  The CRC32c covers the whole packet: recompute it, unless
 * the device is to (CHECKSUM_PARTIAL).  A wrong checksum stays wrong by
 * the same difference, so that a corrupt packet is not made good.
 */
static int fsw_set_sctp(struct sk_buff *skb, struct fsw_key *key,
			const __be16 *v, const __be16 *m)
{
	unsigned int ofs = skb_transport_offset(skb);
	bool partial = skb->ip_summed == CHECKSUM_PARTIAL;
	__le32 good = 0;
	struct sctphdr *sh;
	int err;

	if (!skb_transport_header_was_set(skb) ||
	    key->nw_frag & FSW_FRAG_LATER)
		return 0;
	err = fsw_writable(skb, ofs + sizeof(*sh));
	if (err)
		return err;
	sh = sctp_hdr(skb);
	/* Sums of the header for CHECKSUM_COMPLETE: ports and CRC change. */
	skb_postpull_rcsum(skb, sh, sizeof(*sh));
	if (!partial)
		good = fsw_sctp_crc(skb, ofs);
	sh->source = (sh->source & ~m[0]) | (v[0] & m[0]);
	sh->dest = (sh->dest & ~m[1]) | (v[1] & m[1]);
	if (!partial)
		sh->checksum ^= good ^ fsw_sctp_crc(skb, ofs);
	skb_postpush_rcsum(skb, sh, sizeof(*sh));
	skb_clear_hash(skb);
	key->tp_src = sh->source;
	key->tp_dst = sh->dest;
	return 0;
}

static int fsw_execute_set(struct sk_buff *skb, struct fsw_key *key,
			   const struct nlattr *a, bool masked)
{
	const struct nlattr *inner = nla_data(a);
	int size = fsw_set_size(nla_type(inner));
	const void *v = nla_data(inner);
	u8 ones[sizeof(struct ovs_key_ipv6)];
	const void *m = ones;
	u32 val;

	if (masked)
		m = (const u8 *)v + size;
	else
		memset(ones, 0xff, sizeof(ones));
	switch (nla_type(inner)) {
	case OVS_KEY_ATTR_PRIORITY:
		val = *(const u32 *)v & *(const u32 *)m;
		skb->priority = (skb->priority & ~*(const u32 *)m) | val;
		key->priority = skb->priority;
		return 0;
	case OVS_KEY_ATTR_SKB_MARK:
		val = *(const u32 *)v & *(const u32 *)m;
		skb->mark = (skb->mark & ~*(const u32 *)m) | val;
		key->skb_mark = skb->mark;
		return 0;
	case OVS_KEY_ATTR_ETHERNET:
		return fsw_set_eth(skb, key, v, m);
	case OVS_KEY_ATTR_IPV4:
		return fsw_set_ipv4(skb, key, v, m);
	case OVS_KEY_ATTR_IPV6:
		return fsw_set_ipv6(skb, key, v, m);
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_UDP:
		return fsw_set_ports(skb, key, v, m);
	case OVS_KEY_ATTR_SCTP:
		return fsw_set_sctp(skb, key, v, m);
	}
	return -EINVAL;
}

static int fsw_push_vlan(struct sk_buff *skb, struct fsw_key *key,
			 const struct ovs_action_push_vlan *v)
{
	u16 tci = ntohs(v->vlan_tci) & ~FSW_VLAN_PRESENT;
	int err;

	err = skb_vlan_push(skb, v->vlan_tpid, tci);
	if (err)
		return err;
	key->cvlan = key->vlan;
	key->vlan.tpid = v->vlan_tpid;
	key->vlan.tci = v->vlan_tci;
	return 0;
}

/*
 * skb_vlan_pop() pops the frame's tag and then moves the next one, if
 * the type says there is one, into the accelerated slot: the frame must
 * hold both tags whole.
 */
static int fsw_pop_vlan_fits(const struct sk_buff *skb)
{
	__be16 type = skb->protocol, buf, *inner;
	unsigned int need = VLAN_ETH_HLEN;

	if (!skb_vlan_tag_present(skb)) {
		if (!eth_type_vlan(type))
			return 0;
		inner = skb_header_pointer(skb, VLAN_ETH_HLEN - 2, 2, &buf);
		if (!inner)
			return -EINVAL;
		type = *inner;
		need += VLAN_HLEN;
	}
	return eth_type_vlan(type) && skb->len < need ? -EINVAL : 0;
}

static int fsw_pop_vlan(struct sk_buff *skb, struct fsw_key *key)
{
	int err = fsw_pop_vlan_fits(skb);

	if (!err)
		err = skb_vlan_pop(skb);
	if (err)
		return err;
	key->vlan = key->cvlan;
	memset(&key->cvlan, 0, sizeof(key->cvlan));
	return 0;
}

static int fsw_do_execute(struct datapath *dp, struct sk_buff *skb,
			  struct fsw_key *key, const struct nlattr *attrs,
			  int len);

/* Runs @attrs on a copy of the packet and key; the original goes on. */
static void fsw_execute_copy(struct datapath *dp, struct sk_buff *skb,
			     const struct fsw_key *key,
			     const struct nlattr *attrs)
{
	struct sk_buff *copy = skb_clone(skb, GFP_ATOMIC);
	struct fsw_key k = *key;

	if (copy)
		fsw_do_execute(dp, copy, &k, nla_data(attrs), nla_len(attrs));
}

static void fsw_sample(struct datapath *dp, struct sk_buff *skb,
		       const struct fsw_key *key, const struct nlattr *attr)
{
	const struct nlattr *a, *acts = NULL;
	u32 prob = 0;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		if (nla_type(a) == OVS_SAMPLE_ATTR_PROBABILITY)
			prob = nla_get_u32(a);
		else
			acts = a;
	}
	if (!prob || (prob != U32_MAX && get_random_u32() > prob))
		return;
	fsw_execute_copy(dp, skb, key, acts);
}

/* Looks the packet up again with a new recirc_id, as a new packet. */
static void fsw_recirc(struct datapath *dp, struct sk_buff *skb,
		       const struct fsw_key *key, u32 id)
{
	struct sk_buff *copy;
	struct fsw_key k;

	if (__this_cpu_read(fsw_recirc_depth) >= FSW_RECIRC_DEPTH) {
		fsw_dp_count_lost(dp);
		return;
	}
	copy = skb_clone(skb, GFP_ATOMIC);
	if (!copy)
		return;
	k = *key;
	k.recirc_id = id;
	if (fsw_flow_key_extract(copy, &k)) {
		kfree_skb(copy);
		return;
	}
	__this_cpu_inc(fsw_recirc_depth);
	fsw_dp_process_packet(copy, &k);
	__this_cpu_dec(fsw_recirc_depth);
}

static void fsw_hash(struct sk_buff *skb, struct fsw_key *key,
		     const struct ovs_action_hash *h)
{
	u32 hash = jhash_1word(skb_get_hash(skb), h->hash_basis);

	key->dp_hash = hash ? hash : 1;
}

static int fsw_do_execute(struct datapath *dp, struct sk_buff *skb,
			  struct fsw_key *key, const struct nlattr *attrs,
			  int len)
{
	const struct nlattr *a;
	struct sk_buff *copy;
	u32 cutlen = 0;
	int rem, err = 0;

	nla_for_each_attr(a, attrs, len, rem) {
		switch (nla_type(a)) {
		case OVS_ACTION_ATTR_OUTPUT:
			copy = skb_clone(skb, GFP_ATOMIC);
			if (copy)
				fsw_do_output(dp, copy, nla_get_u32(a), cutlen);
			cutlen = 0;
			break;
		case OVS_ACTION_ATTR_USERSPACE:
			fsw_dp_userspace(dp, skb, key, a, attrs, len,
					 cutlen);
			cutlen = 0;
			break;
		case OVS_ACTION_ATTR_SET:
			err = fsw_execute_set(skb, key, a, false);
			break;
		case OVS_ACTION_ATTR_SET_MASKED:
			err = fsw_execute_set(skb, key, a, true);
			break;
		case OVS_ACTION_ATTR_PUSH_VLAN:
			err = fsw_push_vlan(skb, key, nla_data(a));
			break;
		case OVS_ACTION_ATTR_POP_VLAN:
			err = fsw_pop_vlan(skb, key);
			break;
		case OVS_ACTION_ATTR_SAMPLE:
			fsw_sample(dp, skb, key, a);
			break;
		case OVS_ACTION_ATTR_CLONE:
			fsw_execute_copy(dp, skb, key, a);
			break;
		case OVS_ACTION_ATTR_RECIRC:
			fsw_recirc(dp, skb, key, nla_get_u32(a));
			break;
		case OVS_ACTION_ATTR_HASH:
			fsw_hash(skb, key, nla_data(a));
			break;
		case OVS_ACTION_ATTR_TRUNC: {
			const struct ovs_action_trunc *t = nla_data(a);

			cutlen = t->max_len;
			break;
		}
		}
		if (unlikely(err))
			break;
	}
	if (err)
		kfree_skb(skb);
	else
		consume_skb(skb);
	return err;
}

/* Consumes @skb.  RCU read side, BHs off. */
int fsw_execute_actions(struct datapath *dp, struct sk_buff *skb,
			struct fsw_key *key, const struct fsw_actions *acts)
{
	return fsw_do_execute(dp, skb, key, acts->attrs, acts->len);
}
