/* Userspace datapath actions; see dp-execute.h. */
#include <config.h>
#include "dp-execute.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/openvswitch.h>
#include "util.h"

#define ETH_TYPE_VLAN 0x8100
#define ETH_TYPE_QINQ 0x88a8
#define ETH_TYPE_IPV4 0x0800

/* Attribute iteration over a validated list. */
#define FOR_EACH_NLA(NLA, DATA, LEN, OFF)				\
	for ((OFF) = 0;							\
	     (OFF) + NLA_HDRLEN <= (LEN) &&				\
	     ((NLA) = (const struct nlattr *)((const uint8_t *)(DATA) +	\
					     (OFF)))->nla_len >= NLA_HDRLEN && \
	     (OFF) + (NLA)->nla_len <= (LEN);				\
	     (OFF) += NLA_ALIGN((NLA)->nla_len))

static const void *nla_payload(const struct nlattr *nla)
{
	return (const uint8_t *)nla + NLA_HDRLEN;
}

static size_t nla_plen(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

static int nla_type_of(const struct nlattr *nla)
{
	return nla->nla_type & NLA_TYPE_MASK;
}

/* Checks that DATA/LEN is exactly a list of whole attributes. */
static bool list_ok(const void *data, size_t len)
{
	const struct nlattr *nla;
	size_t off, end = 0;

	FOR_EACH_NLA(nla, data, len, off)
		end = off + nla->nla_len;
	return NLA_ALIGN(end) >= len && end <= len;
}

static const struct nlattr *nested_find(const struct nlattr *outer, int type)
{
	const struct nlattr *nla;
	size_t off;

	FOR_EACH_NLA(nla, nla_payload(outer), nla_plen(outer), off)
		if (nla_type_of(nla) == type)
			return nla;
	return NULL;
}

/* Payload sizes of the key attributes set/set_masked can change. */
static int set_size(int type)
{
	switch (type) {
	case OVS_KEY_ATTR_ETHERNET:
		return sizeof(struct ovs_key_ethernet);
	case OVS_KEY_ATTR_IPV4:
		return sizeof(struct ovs_key_ipv4);
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_UDP:
		return sizeof(struct ovs_key_tcp);
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_SKB_MARK:
		return 4;
	default:
		return -1;
	}
}

static int validate_set(const struct nlattr *a, bool masked)
{
	const struct nlattr *inner = nla_payload(a);
	int size;

	if (nla_plen(a) < NLA_HDRLEN || !list_ok(nla_payload(a), nla_plen(a)) ||
	    (size_t)NLA_ALIGN(inner->nla_len) < nla_plen(a))
		return -EINVAL;
	size = set_size(nla_type_of(inner));
	if (size < 0 || nla_plen(inner) != (size_t)size * (masked ? 2 : 1))
		return -EINVAL;
	if (nla_type_of(inner) == OVS_KEY_ATTR_IPV4) {
		/* Only addresses, TOS and TTL may change. */
		const struct ovs_key_ipv4 *v = nla_payload(inner);
		const struct ovs_key_ipv4 *m = masked ? v + 1 : NULL;

		/* A plain set leaves proto and frag alone (the kernel
		 * insists they equal the flow's; we never write them). */
		if (m && (m->ipv4_proto || m->ipv4_frag))
			return -EINVAL;
	}
	return 0;
}

static int validate(const void *actions, size_t len, int depth);

static int validate_one(const struct nlattr *a, int depth)
{
	const struct nlattr *n;
	size_t plen = nla_plen(a);

	switch (nla_type_of(a)) {
	case OVS_ACTION_ATTR_OUTPUT:
	case OVS_ACTION_ATTR_RECIRC:
		return plen == 4 ? 0 : -EINVAL;
	case OVS_ACTION_ATTR_TRUNC:
		if (plen != sizeof(struct ovs_action_trunc))
			return -EINVAL;
		return ((const struct ovs_action_trunc *)nla_payload(a))
			       ->max_len >= 14 ? 0 : -EINVAL;
	case OVS_ACTION_ATTR_HASH:
		return plen == sizeof(struct ovs_action_hash) ? 0 : -EINVAL;
	case OVS_ACTION_ATTR_USERSPACE:
		if (!list_ok(nla_payload(a), plen))
			return -EINVAL;
		n = nested_find(a, OVS_USERSPACE_ATTR_PID);
		return n && nla_plen(n) == 4 ? 0 : -EINVAL;
	case OVS_ACTION_ATTR_SET:
		return validate_set(a, false);
	case OVS_ACTION_ATTR_SET_MASKED:
		return validate_set(a, true);
	case OVS_ACTION_ATTR_PUSH_VLAN: {
		const struct ovs_action_push_vlan *v = nla_payload(a);

		if (plen != sizeof *v)
			return -EINVAL;
		if (ntohs(v->vlan_tpid) != ETH_TYPE_VLAN &&
		    ntohs(v->vlan_tpid) != ETH_TYPE_QINQ)
			return -EINVAL;
		return ntohs(v->vlan_tci) & 0x1000 ? 0 : -EINVAL;
	}
	case OVS_ACTION_ATTR_POP_VLAN:
		return plen == 0 ? 0 : -EINVAL;
	case OVS_ACTION_ATTR_SAMPLE:
		if (!list_ok(nla_payload(a), plen))
			return -EINVAL;
		n = nested_find(a, OVS_SAMPLE_ATTR_PROBABILITY);
		if (!n || nla_plen(n) != 4)
			return -EINVAL;
		n = nested_find(a, OVS_SAMPLE_ATTR_ACTIONS);
		return n ? validate(nla_payload(n), nla_plen(n), depth + 1)
			 : -EINVAL;
	case OVS_ACTION_ATTR_CLONE:
		return validate(nla_payload(a), plen, depth + 1);
	default:
		return -EINVAL;
	}
}

static int validate(const void *actions, size_t len, int depth)
{
	const struct nlattr *a;
	size_t off;
	int err;

	if (depth > 8 || !list_ok(actions, len))
		return -EINVAL;
	FOR_EACH_NLA(a, actions, len, off) {
		err = validate_one(a, depth);
		if (err)
			return err;
	}
	return 0;
}

int dp_actions_validate(const void *actions, size_t len)
{
	return validate(actions, len, 0);
}

/* Packet editing. */

static uint16_t rd16(const uint8_t *p)
{
	return (p[0] << 8) | p[1];
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

/* Offset of the L3 header and its Ethernet type, past any VLAN tags;
 * -1 if the frame is too short. */
static int l3_offset(const struct buf *pkt, uint16_t *type)
{
	size_t off = 12;

	for (;;) {
		if (pkt->size < off + 2)
			return -1;
		*type = rd16(pkt->data + off);
		if (*type != ETH_TYPE_VLAN && *type != ETH_TYPE_QINQ)
			return off + 2;
		off += 4;
	}
}

static uint16_t csum_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

/* RFC 1624 incremental update of the checksum at P for a 16-bit field
 * changing from OLD to NEW (host order values of wire bytes). */
static void csum_update16(uint8_t *p, uint16_t old, uint16_t new)
{
	uint32_t s = (uint16_t)~rd16(p) + (uint16_t)~old + new;

	wr16(p, ~csum_fold(s));
}

static void csum_update32(uint8_t *p, const uint8_t *old, const uint8_t *new)
{
	csum_update16(p, rd16(old), rd16(new));
	csum_update16(p, rd16(old + 2), rd16(new + 2));
}

static void masked_copy(uint8_t *dst, const uint8_t *v, const uint8_t *m,
			size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = (dst[i] & ~m[i]) | (v[i] & m[i]);
}

/* The IPv4 header at L3 if the packet has a whole one, else NULL;
 * *L4 is its payload offset when it is the first fragment. */
static uint8_t *ipv4_header(struct buf *pkt, size_t *l4, bool *first_frag)
{
	uint16_t type;
	int l3 = l3_offset(pkt, &type);
	uint8_t *ip;
	size_t ihl;

	if (l3 < 0 || type != ETH_TYPE_IPV4 || pkt->size < (size_t)l3 + 20)
		return NULL;
	ip = pkt->data + l3;
	ihl = (ip[0] & 0x0f) * 4;
	if ((ip[0] >> 4) != 4 || ihl < 20 || pkt->size < l3 + ihl)
		return NULL;
	*l4 = l3 + ihl;
	*first_frag = !(rd16(ip + 6) & 0x1fff);
	return ip;
}

/* Where TCP's or UDP's checksum is, or NULL (none or UDP's is off). */
static uint8_t *l4_csum(struct buf *pkt, size_t l4, uint8_t proto)
{
	if (proto == IPPROTO_TCP && pkt->size >= l4 + 18)
		return pkt->data + l4 + 16;
	if (proto == IPPROTO_UDP && pkt->size >= l4 + 8 &&
	    rd16(pkt->data + l4 + 6))
		return pkt->data + l4 + 6;
	return NULL;
}

static void set_ipv4(struct buf *pkt, const struct ovs_key_ipv4 *v,
		     const struct ovs_key_ipv4 *m)
{
	uint8_t old[8], *ip, *csum;
	size_t l4;
	bool first;
	int i;

	ip = ipv4_header(pkt, &l4, &first);
	if (!ip)
		return;
	memcpy(old, ip + 12, 8);
	masked_copy(ip + 12, (const uint8_t *)&v->ipv4_src,
		    (const uint8_t *)&m->ipv4_src, 4);
	masked_copy(ip + 16, (const uint8_t *)&v->ipv4_dst,
		    (const uint8_t *)&m->ipv4_dst, 4);
	ip[1] = (ip[1] & ~m->ipv4_tos) | (v->ipv4_tos & m->ipv4_tos);
	ip[8] = (ip[8] & ~m->ipv4_ttl) | (v->ipv4_ttl & m->ipv4_ttl);

	/* The header checksum is recomputed; the L4 one covers the
	 * addresses through the pseudo-header. */
	{
		uint32_t s = 0;
		size_t ihl = (ip[0] & 0x0f) * 4;

		wr16(ip + 10, 0);
		for (i = 0; i < (int)ihl; i += 2)
			s += rd16(ip + i);
		wr16(ip + 10, ~csum_fold(s));
	}
	csum = first ? l4_csum(pkt, l4, ip[9]) : NULL;
	if (csum && memcmp(old, ip + 12, 8)) {
		csum_update32(csum, old, ip + 12);
		csum_update32(csum, old + 4, ip + 16);
		if (ip[9] == IPPROTO_UDP && !rd16(csum))
			wr16(csum, 0xffff);
	}
}

static void set_ports(struct buf *pkt, uint8_t proto,
		      const struct ovs_key_tcp *v, const struct ovs_key_tcp *m)
{
	uint8_t old[4], *ip, *csum;
	size_t l4;
	bool first;

	ip = ipv4_header(pkt, &l4, &first);
	if (!ip || !first || ip[9] != proto || pkt->size < l4 + 4)
		return;
	memcpy(old, pkt->data + l4, 4);
	masked_copy(pkt->data + l4, (const uint8_t *)&v->tcp_src,
		    (const uint8_t *)&m->tcp_src, 2);
	masked_copy(pkt->data + l4 + 2, (const uint8_t *)&v->tcp_dst,
		    (const uint8_t *)&m->tcp_dst, 2);
	csum = l4_csum(pkt, l4, proto);
	if (csum) {
		csum_update32(csum, old, pkt->data + l4);
		if (proto == IPPROTO_UDP && !rd16(csum))
			wr16(csum, 0xffff);
	}
}

static void set_u32(uint32_t *field, const void *v, const void *m)
{
	uint32_t val, mask;

	memcpy(&val, v, 4);
	memcpy(&mask, m, 4);
	*field = (*field & ~mask) | (val & mask);
}

static void do_set(struct buf *pkt, struct fsw_key *key,
		   const struct nlattr *a, bool masked)
{
	static const uint8_t ones[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	const struct nlattr *inner = nla_payload(a);
	const uint8_t *v = nla_payload(inner);
	int size = set_size(nla_type_of(inner));
	const uint8_t *m = masked ? v + size : ones;

	switch (nla_type_of(inner)) {
	case OVS_KEY_ATTR_ETHERNET:
		if (pkt->size >= 12) {
			/* ovs_key_ethernet is src then dst; the wire is
			 * dst then src. */
			masked_copy(pkt->data, v + 6, m + 6, 6);
			masked_copy(pkt->data + 6, v, m, 6);
		}
		break;
	case OVS_KEY_ATTR_IPV4:
		set_ipv4(pkt, (const void *)v, (const void *)m);
		break;
	case OVS_KEY_ATTR_TCP:
		set_ports(pkt, IPPROTO_TCP, (const void *)v, (const void *)m);
		break;
	case OVS_KEY_ATTR_UDP:
		set_ports(pkt, IPPROTO_UDP, (const void *)v, (const void *)m);
		break;
	case OVS_KEY_ATTR_PRIORITY:
		set_u32(&key->priority, v, m);
		break;
	case OVS_KEY_ATTR_SKB_MARK:
		set_u32(&key->skb_mark, v, m);
		break;
	}
}

static void push_vlan(struct buf *pkt, const struct ovs_action_push_vlan *v)
{
	uint8_t tag[4];

	if (pkt->size < 12)
		return;
	memcpy(tag, &v->vlan_tpid, 2);
	wr16(tag + 2, ntohs(v->vlan_tci) & ~0x1000);
	buf_put_uninit(pkt, 4);
	memmove(pkt->data + 16, pkt->data + 12, pkt->size - 16);
	memcpy(pkt->data + 12, tag, 4);
}

static void pop_vlan(struct buf *pkt)
{
	uint16_t type;

	if (pkt->size < 18)
		return;
	type = rd16(pkt->data + 12);
	if (type != ETH_TYPE_VLAN && type != ETH_TYPE_QINQ)
		return;
	memmove(pkt->data + 12, pkt->data + 16, pkt->size - 16);
	pkt->size -= 4;
}

/* Runs nested ACTIONS on a copy of the packet and key. */
static void run_copy(const struct buf *pkt, const struct fsw_key *key,
		     const struct nlattr *actions,
		     const struct dp_exec_ops *ops, void *aux, int depth)
{
	struct buf copy;
	struct fsw_key k = *key;

	buf_copy(&copy, pkt);
	dp_actions_execute(&copy, &k, nla_payload(actions), nla_plen(actions),
			   ops, aux, depth);
	buf_uninit(&copy);
}

static uint32_t hash_key(const struct fsw_key *key, uint32_t basis)
{
	const uint8_t *p = (const uint8_t *)&key->ipv4_src;
	uint32_t h = basis ^ 2166136261u;
	size_t i;

	/* Addresses and ports: the L4 5-tuple without metadata. */
	for (i = 0; i < 8; i++)
		h = (h ^ p[i]) * 16777619u;
	h = (h ^ key->nw_proto) * 16777619u;
	h = (h ^ key->tp_src) * 16777619u;
	h = (h ^ key->tp_dst) * 16777619u;
	return h ? h : 1;
}

void dp_actions_execute(struct buf *pkt, struct fsw_key *key,
			const void *actions, size_t len,
			const struct dp_exec_ops *ops, void *aux, int depth)
{
	const struct nlattr *a, *n;
	uint32_t trunc = 0, u;
	size_t off;

	FOR_EACH_NLA(a, actions, len, off) {
		switch (nla_type_of(a)) {
		case OVS_ACTION_ATTR_OUTPUT:
			memcpy(&u, nla_payload(a), 4);
			ops->output(aux, u, pkt->data,
				    trunc && trunc < pkt->size ? trunc
							       : pkt->size);
			trunc = 0;	/* trunc covers the next output only */
			break;
		case OVS_ACTION_ATTR_TRUNC:
			trunc = ((const struct ovs_action_trunc *)
				 nla_payload(a))->max_len;
			break;
		case OVS_ACTION_ATTR_USERSPACE: {
			struct dp_exec_upcall up = { 0 };
			size_t plen = pkt->size;

			n = nested_find(a, OVS_USERSPACE_ATTR_PID);
			memcpy(&up.pid, nla_payload(n), 4);
			n = nested_find(a, OVS_USERSPACE_ATTR_USERDATA);
			if (n) {
				up.has_userdata = true;
				up.userdata = nla_payload(n);
				up.userdata_len = nla_plen(n);
			}
			if (trunc && trunc < pkt->size) {
				up.orig_len = pkt->size;
				plen = trunc;
			}
			ops->userspace(aux, pkt->data, plen, key, &up);
			trunc = 0;
			break;
		}
		case OVS_ACTION_ATTR_SET:
			do_set(pkt, key, a, false);
			break;
		case OVS_ACTION_ATTR_SET_MASKED:
			do_set(pkt, key, a, true);
			break;
		case OVS_ACTION_ATTR_PUSH_VLAN:
			push_vlan(pkt, nla_payload(a));
			break;
		case OVS_ACTION_ATTR_POP_VLAN:
			pop_vlan(pkt);
			break;
		case OVS_ACTION_ATTR_SAMPLE:
			n = nested_find(a, OVS_SAMPLE_ATTR_PROBABILITY);
			memcpy(&u, nla_payload(n), 4);
			if (u == UINT32_MAX ||
			    ((uint32_t)random() << 1 ^ (uint32_t)random()) < u)
				run_copy(pkt, key,
					 nested_find(a, OVS_SAMPLE_ATTR_ACTIONS),
					 ops, aux, depth);
			break;
		case OVS_ACTION_ATTR_CLONE:
			run_copy(pkt, key, a, ops, aux, depth);
			break;
		case OVS_ACTION_ATTR_RECIRC:
			if (depth >= DP_MAX_RECIRC_DEPTH)
				break;	/* a loop: drop, as the kernel does */
			memcpy(&u, nla_payload(a), 4);
			{
				struct fsw_key k = *key;

				k.recirc_id = u;
				ops->recirc(aux, pkt, &k, depth + 1);
			}
			break;
		case OVS_ACTION_ATTR_HASH: {
			const struct ovs_action_hash *h = nla_payload(a);

			key->dp_hash = hash_key(key, h->hash_basis);
			break;
		}
		}
	}
}
