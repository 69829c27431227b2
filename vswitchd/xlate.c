/*
 * Translation of OpenFlow pipelines into datapath actions.
 *
 * The translation keeps two copies of the packet's headers: "flow", what
 * the packet looks like for the OpenFlow actions (set_field changes it
 * at once), and "base", what the datapath packet looks like given the
 * datapath actions emitted so far.  Before anything leaves the pipeline
 * (output, userspace) the differences are "committed": set/set_masked,
 * push_vlan/pop_vlan actions that turn base into flow.  Whatever a commit
 * compares becomes part of the mask, because the actions emitted depend
 * on it.
 */
#include <config.h>
#include "xlate.h"

#include <arpa/inet.h>
#include <linux/openvswitch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "dpif.h"
#include "epoch.h"
#include "log.h"
#include "mac-learning.h"
#include "ofp-actions.h"
#include "ofp-match.h"
#include "ofproto.h"
#include "openflow.h"
#include "sflow.h"
#include "util.h"

LOG_MODULE(xlate);

#define MAX_DEPTH 64		/* goto_table/group nesting */
#define MAX_ACTIONS_SIZE 32768	/* datapath action stream */

struct xctx {
	const struct xlate_in *in;
	struct xlate_out *out;
	struct ofproto *ofproto;
	struct flow flow;	/* the packet as OpenFlow sees it now */
	struct flow base;	/* the packet as the datapath has it now */
	struct buf action_set;	/* write_actions, ofpacts */
	uint8_t table_id;	/* current table */
	uint64_t cookie;	/* current rule's cookie */
	int depth;
	bool exit;		/* stop the pipeline (e.g. TTL expired) */
	bool miss_rule;		/* running a table-miss rule's actions */
};

static void do_actions(struct xctx *, const struct ofpact *, size_t);
static void xlate_table(struct xctx *, uint8_t table_id);

static void trace(struct xctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void trace(struct xctx *x, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	if (!x->in->trace)
		return;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_put(x->in->trace, "    ", 2 * (x->depth < 2 ? x->depth : 2));
	buf_put(x->in->trace, s, n);
	buf_put(x->in->trace, "\n", 1);
	free(s);
}

void xlate_out_init(struct xlate_out *out)
{
	memset(out, 0, sizeof *out);
	buf_init(&out->odp_actions, 256);
}

void xlate_out_uninit(struct xlate_out *out)
{
	size_t i;

	for (i = 0; i < out->n_rules; i++)
		ofproto_rule_unref(out->rules[i]);
	free(out->rules);
	out->rules = NULL;
	out->n_rules = 0;
	buf_uninit(&out->odp_actions);
}

/* ---- Wildcards. ---------------------------------------------------- */

#define WC_EXACT(X, FIELD) memset(&(X)->out->wc.FIELD, 0xff, \
				  sizeof (X)->out->wc.FIELD)

static bool is_ip(const struct flow *f)
{
	return f->dp.eth_type == htons(0x0800) ||
	       f->dp.eth_type == htons(0x86dd);
}

/* ---- Committing header changes to the datapath. -------------------- */

static void put_set_masked(struct buf *b, uint16_t key_type,
			   const void *val, const void *mask, size_t len)
{
	size_t ofs = nlbuf_nest_start(b, OVS_ACTION_ATTR_SET_MASKED);
	uint8_t *p;

	p = buf_put_uninit(b, NLA_HDRLEN + 2 * len);
	((struct nlattr *)p)->nla_type = key_type;
	((struct nlattr *)p)->nla_len = NLA_HDRLEN + 2 * len;
	memcpy(p + NLA_HDRLEN, val, len);
	memcpy(p + NLA_HDRLEN + len, mask, len);
	if ((2 * len) % 4)
		buf_put_zeros(b, 4 - (2 * len) % 4);
	nlbuf_nest_end(b, ofs);
}

static void mask_bytes(uint8_t *mask, const void *a, const void *b,
		       size_t len)
{
	const uint8_t *pa = a, *pb = b;
	size_t i;

	for (i = 0; i < len; i++)
		mask[i] = pa[i] != pb[i] ? 0xff : 0;
}

static void commit_eth(struct xctx *x, struct buf *b)
{
	struct fsw_key *f = &x->flow.dp, *o = &x->base.dp;
	struct ovs_key_ethernet v, m;

	WC_EXACT(x, dp.eth_src);
	WC_EXACT(x, dp.eth_dst);
	if (!memcmp(f->eth_src, o->eth_src, 6) &&
	    !memcmp(f->eth_dst, o->eth_dst, 6))
		return;
	memcpy(v.eth_src, f->eth_src, 6);
	memcpy(v.eth_dst, f->eth_dst, 6);
	mask_bytes(m.eth_src, f->eth_src, o->eth_src, 6);
	mask_bytes(m.eth_dst, f->eth_dst, o->eth_dst, 6);
	put_set_masked(b, OVS_KEY_ATTR_ETHERNET, &v, &m, sizeof v);
	memcpy(o->eth_src, f->eth_src, 6);
	memcpy(o->eth_dst, f->eth_dst, 6);
}

static void commit_vlan(struct xctx *x, struct buf *b)
{
	struct fsw_key *f = &x->flow.dp, *o = &x->base.dp;

	x->out->wc.dp.vlan.tci = 0xffff;
	x->out->wc.dp.vlan.tpid = 0xffff;
	if (f->vlan.tci == o->vlan.tci && f->vlan.tpid == o->vlan.tpid)
		return;
	if (o->vlan.tci & htons(FSW_VLAN_PRESENT))
		nlbuf_put_flag(b, OVS_ACTION_ATTR_POP_VLAN);
	if (f->vlan.tci & htons(FSW_VLAN_PRESENT)) {
		struct ovs_action_push_vlan pv;

		pv.vlan_tpid = f->vlan.tpid ? f->vlan.tpid : htons(0x8100);
		pv.vlan_tci = f->vlan.tci;
		nlbuf_put(b, OVS_ACTION_ATTR_PUSH_VLAN, &pv, sizeof pv);
	}
	o->vlan = f->vlan;
}

static void commit_l3(struct xctx *x, struct buf *b)
{
	struct fsw_key *f = &x->flow.dp, *o = &x->base.dp;

	if (f->eth_type == htons(0x0800)) {
		struct ovs_key_ipv4 v, m;

		if (f->ipv4_src == o->ipv4_src && f->ipv4_dst == o->ipv4_dst &&
		    f->nw_tos == o->nw_tos && f->nw_ttl == o->nw_ttl)
			return;
		memset(&v, 0, sizeof v);
		memset(&m, 0, sizeof m);
		v.ipv4_src = f->ipv4_src;
		v.ipv4_dst = f->ipv4_dst;
		v.ipv4_tos = f->nw_tos;
		v.ipv4_ttl = f->nw_ttl;
		m.ipv4_src = f->ipv4_src != o->ipv4_src ? 0xffffffff : 0;
		m.ipv4_dst = f->ipv4_dst != o->ipv4_dst ? 0xffffffff : 0;
		m.ipv4_tos = f->nw_tos != o->nw_tos ? 0xff : 0;
		m.ipv4_ttl = f->nw_ttl != o->nw_ttl ? 0xff : 0;
		put_set_masked(b, OVS_KEY_ATTR_IPV4, &v, &m, sizeof v);
	} else if (f->eth_type == htons(0x86dd)) {
		struct ovs_key_ipv6 v, m;

		if (!memcmp(f->ipv6_src, o->ipv6_src, 16) &&
		    !memcmp(f->ipv6_dst, o->ipv6_dst, 16) &&
		    f->nw_tos == o->nw_tos && f->nw_ttl == o->nw_ttl &&
		    f->ipv6_label == o->ipv6_label)
			return;
		memset(&v, 0, sizeof v);
		memset(&m, 0, sizeof m);
		memcpy(v.ipv6_src, f->ipv6_src, 16);
		memcpy(v.ipv6_dst, f->ipv6_dst, 16);
		v.ipv6_label = f->ipv6_label;
		v.ipv6_tclass = f->nw_tos;
		v.ipv6_hlimit = f->nw_ttl;
		mask_bytes((uint8_t *)m.ipv6_src, f->ipv6_src, o->ipv6_src, 16);
		mask_bytes((uint8_t *)m.ipv6_dst, f->ipv6_dst, o->ipv6_dst, 16);
		m.ipv6_label = f->ipv6_label != o->ipv6_label ?
			       htonl(0xfffff) : 0;
		m.ipv6_tclass = f->nw_tos != o->nw_tos ? 0xff : 0;
		m.ipv6_hlimit = f->nw_ttl != o->nw_ttl ? 0xff : 0;
		put_set_masked(b, OVS_KEY_ATTR_IPV6, &v, &m, sizeof v);
	} else {
		return;
	}
	o->ipv4_src = f->ipv4_src;
	o->ipv4_dst = f->ipv4_dst;
	memcpy(o->ipv6_src, f->ipv6_src, 16);
	memcpy(o->ipv6_dst, f->ipv6_dst, 16);
	o->ipv6_label = f->ipv6_label;
	o->nw_tos = f->nw_tos;
	o->nw_ttl = f->nw_ttl;
}

static void commit_l4(struct xctx *x, struct buf *b)
{
	struct fsw_key *f = &x->flow.dp, *o = &x->base.dp;
	uint16_t type;
	struct ovs_key_tcp v, m;	/* same layout for udp and sctp */

	if (!is_ip(&x->flow) || (f->nw_frag & FSW_FRAG_LATER))
		return;
	switch (f->nw_proto) {
	case 6: type = OVS_KEY_ATTR_TCP; break;
	case 17: type = OVS_KEY_ATTR_UDP; break;
	case 132: type = OVS_KEY_ATTR_SCTP; break;
	default: return;
	}
	if (f->tp_src == o->tp_src && f->tp_dst == o->tp_dst)
		return;
	x->out->wc.dp.nw_proto = 0xff;
	x->out->wc.dp.nw_frag = 0xff;
	v.tcp_src = f->tp_src;
	v.tcp_dst = f->tp_dst;
	m.tcp_src = f->tp_src != o->tp_src ? 0xffff : 0;
	m.tcp_dst = f->tp_dst != o->tp_dst ? 0xffff : 0;
	put_set_masked(b, type, &v, &m, sizeof v);
	o->tp_src = f->tp_src;
	o->tp_dst = f->tp_dst;
}

static void commit_meta(struct xctx *x, struct buf *b)
{
	struct fsw_key *f = &x->flow.dp, *o = &x->base.dp;

	if (f->priority != o->priority) {
		size_t ofs = nlbuf_nest_start(b, OVS_ACTION_ATTR_SET);

		nlbuf_put_u32(b, OVS_KEY_ATTR_PRIORITY, f->priority);
		nlbuf_nest_end(b, ofs);
		o->priority = f->priority;
	}
	if (f->skb_mark != o->skb_mark) {
		size_t ofs = nlbuf_nest_start(b, OVS_ACTION_ATTR_SET);

		nlbuf_put_u32(b, OVS_KEY_ATTR_SKB_MARK, f->skb_mark);
		nlbuf_nest_end(b, ofs);
		o->skb_mark = f->skb_mark;
	}
}

/* Emits the actions that make the datapath's packet equal to x->flow. */
static void commit(struct xctx *x)
{
	struct buf *b = &x->out->odp_actions;

	if (!memcmp(&x->flow.dp, &x->base.dp, sizeof x->flow.dp))
		return;
	commit_meta(x, b);
	/* L3/L4 sets are checked against the flow's match by the kernel:
	 * the match must pin eth_type and nw_proto. */
	if (memcmp(&x->flow.dp.ipv4_src, &x->base.dp.ipv4_src,
		   offsetof(struct fsw_key, arp_sha) -
		   offsetof(struct fsw_key, ipv4_src)) ||
	    x->flow.dp.nw_tos != x->base.dp.nw_tos) {
		x->out->wc.dp.eth_type = 0xffff;
		commit_l3(x, b);
	}
	if (x->flow.dp.tp_src != x->base.dp.tp_src ||
	    x->flow.dp.tp_dst != x->base.dp.tp_dst) {
		x->out->wc.dp.eth_type = 0xffff;
		commit_l4(x, b);
	}
	commit_eth(x, b);
	commit_vlan(x, b);
}

/* ---- Output. ------------------------------------------------------- */

static bool port_can_forward(const struct ofport *p)
{
	return p && p->dp_port != UINT32_MAX && !(p->config & OFPPC_NO_FWD)
	       && !(p->config & OFPPC_PORT_DOWN);
}

static void output_dp(struct xctx *x, const struct ofport *p)
{
	if (x->out->odp_actions.size > MAX_ACTIONS_SIZE) {
		LOG_WARN_RL("%s: datapath actions too long, output dropped",
			    x->ofproto->name);
		return;
	}
	commit(x);
	nlbuf_put_u32(&x->out->odp_actions, OVS_ACTION_ATTR_OUTPUT,
		      p->dp_port);
	trace(x, "output to %s (dp port %u)", p->name, p->dp_port);
}

/* OpenFlow output to a real (or LOCAL) port.  Never back out the in_port
 * unless asked for with OFPP_IN_PORT. */
static void output_port(struct xctx *x, uint32_t port, bool allow_in_port)
{
	const struct ofport *p = ofproto_port_by_ofp(x->ofproto, port);

	x->out->wc.dp.in_port = 0xffffffff;
	if (!allow_in_port && port == x->in->flow.dp.in_port) {
		trace(x, "skip output to in_port %u", port);
		return;
	}
	if (!port_can_forward(p)) {
		trace(x, "output to port %u: no such port or port down", port);
		return;
	}
	output_dp(x, p);
}

static void flood(struct xctx *x, bool all)
{
	size_t i;

	for (i = 0; i < x->ofproto->n_ports; i++) {
		const struct ofport *p = x->ofproto->ports[i];

		if (p->ofp_port == x->in->flow.dp.in_port)
			continue;
		if (!all && (p->config & OFPPC_NO_FWD))
			continue;
		output_port(x, p->ofp_port, false);
	}
}

static void to_controller(struct xctx *x, uint8_t reason, uint16_t max_len)
{
	struct xlate_userdata ud;
	struct buf *b = &x->out->odp_actions;
	size_t ofs;

	memset(&ud, 0, sizeof ud);
	ud.kind = XLATE_UD_PACKET_IN;
	ud.reason = reason;
	ud.table_id = x->table_id;
	ud.max_len = max_len;
	ud.in_port = x->in->flow.dp.in_port;
	ud.cookie = x->cookie;
	ud.metadata = x->flow.metadata;
	x->out->wc.dp.in_port = 0xffffffff;
	if (!x->in->upcall_pid) {
		trace(x, "controller: no upcall channel, dropped");
		return;
	}
	commit(x);
	ofs = nlbuf_nest_start(b, OVS_ACTION_ATTR_USERSPACE);
	nlbuf_put_u32(b, OVS_USERSPACE_ATTR_PID, x->in->upcall_pid);
	nlbuf_put(b, OVS_USERSPACE_ATTR_USERDATA, &ud, sizeof ud);
	nlbuf_nest_end(b, ofs);
	trace(x, "controller (reason %u, max_len %u)", reason, max_len);
}

/* ---- NORMAL: VLAN-aware learning switch. --------------------------- */

static bool port_has_vlan(const struct ofport *p, uint16_t vlan)
{
	size_t i;

	if (p->tag >= 0)
		return vlan == p->tag;
	if (!p->n_trunks)
		return true;
	for (i = 0; i < p->n_trunks; i++)
		if (p->trunks[i] == vlan)
			return true;
	return false;
}

static void normal_output(struct xctx *x, const struct ofport *p,
			  uint16_t vlan)
{
	struct fsw_vlan save = x->flow.dp.vlan;

	if (!port_can_forward(p) || !port_has_vlan(p, vlan))
		return;
	if (p->tag >= 0 || vlan == 0) {
		memset(&x->flow.dp.vlan, 0, sizeof x->flow.dp.vlan);
	} else {
		uint16_t pcp = ntohs(save.tci) & 0xe000;

		x->flow.dp.vlan.tpid = htons(0x8100);
		x->flow.dp.vlan.tci = htons(pcp | FSW_VLAN_PRESENT | vlan);
	}
	output_dp(x, p);
	x->flow.dp.vlan = save;
}

static void xlate_normal(struct xctx *x)
{
	struct ofproto *o = x->ofproto;
	struct fsw_key *k = &x->flow.dp;
	const struct ofport *in;
	uint16_t vlan = 0;
	bool tagged = k->vlan.tci & htons(FSW_VLAN_PRESENT);
	uint32_t out;
	long long now = time_msec();
	size_t i;

	WC_EXACT(x, dp.in_port);
	WC_EXACT(x, dp.eth_src);
	WC_EXACT(x, dp.eth_dst);
	WC_EXACT(x, dp.vlan);

	in = ofproto_port_by_ofp(o, x->in->flow.dp.in_port);
	if (tagged)
		vlan = ntohs(k->vlan.tci) & 0xfff;
	if (in) {
		if (in->tag >= 0) {
			if (tagged) {
				trace(x, "NORMAL: tagged packet on access "
				      "port %s, dropped", in->name);
				return;
			}
			vlan = in->tag;
		} else if (!port_has_vlan(in, vlan)) {
			trace(x, "NORMAL: VLAN %u not carried by %s, dropped",
			      vlan, in->name);
			return;
		}
		if (x->in->may_learn &&
		    mac_table_learn(o->ml, k->eth_src, vlan, in->ofp_port,
				    now))
			x->out->has_learned = true;
	}
	if (!(k->eth_dst[0] & 1)) {
		out = mac_table_lookup(o->ml, k->eth_dst, vlan, now);
		if (out) {
			const struct ofport *p = ofproto_port_by_ofp(o, out);

			if (out == x->in->flow.dp.in_port) {
				trace(x, "NORMAL: destination is on the input "
				      "port, dropped");
				return;
			}
			if (p) {
				trace(x, "NORMAL: learned port %u", out);
				normal_output(x, p, vlan);
				return;
			}
		}
	}
	trace(x, "NORMAL: flooding on VLAN %u", vlan);
	for (i = 0; i < o->n_ports; i++) {
		const struct ofport *p = o->ports[i];

		if (p->ofp_port != x->in->flow.dp.in_port)
			normal_output(x, p, vlan);
	}
}

/* ---- Groups. ------------------------------------------------------- */

static bool group_live(struct xctx *, const struct group *, int depth);

static bool bucket_live(struct xctx *x, const struct bucket *bk, int depth)
{
	if (bk->watch_port != OFPP_ANY) {
		const struct ofport *p = ofproto_port_by_ofp(x->ofproto,
							     bk->watch_port);

		if (!p || p->dp_port == UINT32_MAX ||
		    (p->state & OFPPS_LINK_DOWN) ||
		    (p->config & OFPPC_PORT_DOWN))
			return false;
	}
	if (bk->watch_group != OFPG_ANY) {
		const struct group *g = ofproto_group_find(x->ofproto,
							   bk->watch_group);

		if (!g || depth > 8 || !group_live(x, g, depth + 1))
			return false;
	}
	return true;
}

static bool group_live(struct xctx *x, const struct group *g, int depth)
{
	size_t i;

	for (i = 0; i < g->n_buckets; i++)
		if (bucket_live(x, &g->buckets[i], depth))
			return true;
	return false;
}

/* Hash of the fields a select group balances on; they join the mask. */
static uint32_t select_hash(struct xctx *x)
{
	const struct fsw_key *k = &x->flow.dp;
	uint32_t h = 2166136261u;
	const uint8_t *p;
	size_t i;
	struct { uint8_t s[6], d[6]; __be32 a, b; __be16 ps, pd;
		 uint8_t proto; } t;

	memset(&t, 0, sizeof t);
	memcpy(t.s, k->eth_src, 6);
	memcpy(t.d, k->eth_dst, 6);
	WC_EXACT(x, dp.eth_src);
	WC_EXACT(x, dp.eth_dst);
	WC_EXACT(x, dp.eth_type);
	if (k->eth_type == htons(0x0800)) {
		t.a = k->ipv4_src;
		t.b = k->ipv4_dst;
		t.proto = k->nw_proto;
		WC_EXACT(x, dp.ipv4_src);
		WC_EXACT(x, dp.ipv4_dst);
		WC_EXACT(x, dp.nw_proto);
		if (k->nw_proto == 6 || k->nw_proto == 17) {
			t.ps = k->tp_src;
			t.pd = k->tp_dst;
			WC_EXACT(x, dp.tp_src);
			WC_EXACT(x, dp.tp_dst);
			WC_EXACT(x, dp.nw_frag);
		}
	}
	for (p = (const uint8_t *)&t, i = 0; i < sizeof t; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static void do_bucket(struct xctx *x, struct group *g, struct bucket *bk)
{
	struct flow save = x->flow;

	trace(x, "group %u bucket %zu", g->group_id,
	      (size_t)(bk - g->buckets));
	x->depth++;
	do_actions(x, bk->ofpacts, bk->ofpacts_len);
	x->depth--;
	/* Each bucket works on its own copy of the packet. */
	x->flow = save;
}

static void xlate_group(struct xctx *x, uint32_t id)
{
	struct group *g = ofproto_group_find(x->ofproto, id);
	size_t i;

	if (!g) {
		trace(x, "group %u: no such group, dropped", id);
		return;
	}
	if (x->depth >= MAX_DEPTH)
		return;
	switch (g->type) {
	case OFPGT_ALL:
		for (i = 0; i < g->n_buckets; i++)
			do_bucket(x, g, &g->buckets[i]);
		break;
	case OFPGT_INDIRECT:
		if (g->n_buckets)
			do_bucket(x, g, &g->buckets[0]);
		break;
	case OFPGT_FF:
		for (i = 0; i < g->n_buckets; i++) {
			if (bucket_live(x, &g->buckets[i], 0)) {
				do_bucket(x, g, &g->buckets[i]);
				break;
			}
		}
		/* Liveness may change with port state: the mask cannot
		 * express that; the revalidator re-translates on port
		 * changes. */
		break;
	case OFPGT_SELECT: {
		uint32_t total = 0, pick;

		for (i = 0; i < g->n_buckets; i++)
			if (bucket_live(x, &g->buckets[i], 0))
				total += g->buckets[i].weight;
		if (!total)
			break;
		pick = select_hash(x) % total;
		for (i = 0; i < g->n_buckets; i++) {
			struct bucket *bk = &g->buckets[i];

			if (!bucket_live(x, bk, 0))
				continue;
			if (pick < bk->weight) {
				do_bucket(x, g, bk);
				break;
			}
			pick -= bk->weight;
		}
		break;
	}
	}
}

/* ---- Actions. ------------------------------------------------------ */

static void do_output(struct xctx *x, uint32_t port, uint16_t max_len)
{
	switch (port) {
	case OFPP_IN_PORT:
		output_port(x, x->in->flow.dp.in_port, true);
		break;
	case OFPP_TABLE:
		if (x->in->ofpacts && x->depth == 0) {
			x->depth++;
			xlate_table(x, 0);
			x->depth--;
		}
		break;
	case OFPP_NORMAL:
		xlate_normal(x);
		break;
	case OFPP_FLOOD:
		flood(x, false);
		break;
	case OFPP_ALL:
		flood(x, true);
		break;
	case OFPP_CONTROLLER:
		/* OF1.3: packets a table-miss rule sends up are "no match"
		 * (controllers such as Open vSwitch's learning switch ignore
		 * "action" ones). */
		to_controller(x, x->miss_rule ? OFPR_NO_MATCH : OFPR_ACTION,
			      max_len);
		break;
	case OFPP_ANY:
		break;
	default:	/* includes OFPP_LOCAL */
		output_port(x, port, false);
		break;
	}
}

static void do_dec_ttl(struct xctx *x)
{
	struct fsw_key *k = &x->flow.dp;

	x->out->wc.dp.eth_type = 0xffff;
	if (!is_ip(&x->flow))
		return;
	x->out->wc.dp.nw_ttl = 0xff;
	if (k->nw_ttl <= 1) {
		trace(x, "dec_ttl: TTL expired");
		to_controller(x, OFPR_INVALID_TTL, 0xffff);
		x->exit = true;
		return;
	}
	k->nw_ttl--;
}

static void do_set_field(struct xctx *x, const struct ofpact_set_field *sf)
{
	if (sf->field == MFF_VLAN_VID &&
	    !(x->flow.dp.vlan.tci & htons(FSW_VLAN_PRESENT))) {
		trace(x, "set_field vlan_vid on untagged packet: ignored");
		return;
	}
	if (mf_set_flow(sf->field, &sf->value, &x->flow))
		trace(x, "set_field %s: bad value, ignored",
		      mf_fields[sf->field].name);
}

static void do_set_vlan(struct xctx *x, bool vid, uint32_t v)
{
	struct fsw_vlan *t = &x->flow.dp.vlan;
	uint16_t tci;

	if (!(t->tci & htons(FSW_VLAN_PRESENT))) {
		t->tpid = htons(0x8100);
		t->tci = htons(FSW_VLAN_PRESENT);
	}
	tci = ntohs(t->tci);
	if (vid)
		tci = (tci & ~0xfff) | (v & 0xfff);
	else
		tci = (tci & 0x1fff) | ((v & 7) << 13);
	t->tci = htons(tci);
}

static void do_action(struct xctx *x, const struct ofpact *a)
{
	const struct ofpact_u32 *u = (const void *)a;
	struct fsw_key *k = &x->flow.dp;

	switch ((enum ofpact_type)a->type) {
	case OFPACT_OUTPUT: {
		const struct ofpact_output *o = (const void *)a;

		do_output(x, o->port, o->max_len);
		break;
	}
	case OFPACT_ENQUEUE: {
		const struct ofpact_enqueue *e = (const void *)a;
		uint32_t save = k->priority;

		k->priority = 0x10000 | (e->queue + 1);
		do_output(x, e->port, 0);
		k->priority = save;
		break;
	}
	case OFPACT_GROUP:
		xlate_group(x, u->value);
		break;
	case OFPACT_SET_QUEUE:
		/* tc's classid 1:(queue+1), as linux-htb QoS sets it up. */
		k->priority = 0x10000 | (u->value + 1);
		break;
	case OFPACT_SET_VLAN_VID:
		do_set_vlan(x, true, u->value);
		break;
	case OFPACT_SET_VLAN_PCP:
		do_set_vlan(x, false, u->value);
		break;
	case OFPACT_POP_VLAN:
		k->vlan = k->cvlan;
		memset(&k->cvlan, 0, sizeof k->cvlan);
		break;
	case OFPACT_PUSH_VLAN:
		if (k->vlan.tci & htons(FSW_VLAN_PRESENT)) {
			trace(x, "push_vlan on a tagged packet: not supported");
			x->exit = true;
			break;
		}
		k->vlan.tpid = htons(u->value);
		k->vlan.tci = htons(FSW_VLAN_PRESENT);
		break;
	case OFPACT_SET_FIELD:
		do_set_field(x, (const void *)a);
		break;
	case OFPACT_SET_L4_SRC:
	case OFPACT_SET_L4_DST: {
		const struct ofpact_l4_port *l = (const void *)a;

		x->out->wc.dp.nw_proto = 0xff;
		if (!is_ip(&x->flow) || k->nw_proto != l->ip_proto)
			break;
		if (a->type == OFPACT_SET_L4_SRC)
			k->tp_src = htons(l->port);
		else
			k->tp_dst = htons(l->port);
		break;
	}
	case OFPACT_SET_NW_TTL:
		x->out->wc.dp.eth_type = 0xffff;
		if (is_ip(&x->flow))
			k->nw_ttl = u->value;
		break;
	case OFPACT_DEC_NW_TTL:
		do_dec_ttl(x);
		break;
	case OFPACT_PUSH_MPLS:
	case OFPACT_POP_MPLS:
	case OFPACT_PUSH_PBB:
	case OFPACT_POP_PBB:
	case OFPACT_SET_MPLS_TTL:
	case OFPACT_DEC_MPLS_TTL:
	case OFPACT_COPY_TTL_OUT:
	case OFPACT_COPY_TTL_IN:
		trace(x, "%s: not supported by this switch, packet dropped",
		      ofpact_type_name(a->type));
		x->exit = true;
		break;
	case OFPACT_METER:
		break;		/* meters are not implemented: no limit */
	default:
		break;
	}
}

/* ---- The action set (write_actions). ------------------------------- */

/* Replaces any entry of the same kind, then appends A. */
static void action_set_write(struct xctx *x, const struct ofpact *a)
{
	struct buf n = BUF_INITIALIZER;
	const struct ofpact *e;

	OFPACT_FOR_EACH(e, (const struct ofpact *)x->action_set.data,
			x->action_set.size) {
		bool same = e->type == a->type;

		if (same && a->type == OFPACT_SET_FIELD)
			same = ((const struct ofpact_set_field *)e)->field ==
			       ((const struct ofpact_set_field *)a)->field;
		if (!same)
			buf_put(&n, e, e->len);
	}
	buf_put(&n, a, a->len);
	buf_uninit(&x->action_set);
	x->action_set = n;
}

/* OF1.3 5.10: the order an action set executes in. */
static const uint8_t set_order[] = {
	OFPACT_COPY_TTL_IN, OFPACT_POP_VLAN, OFPACT_POP_MPLS, OFPACT_POP_PBB,
	OFPACT_PUSH_MPLS, OFPACT_PUSH_PBB, OFPACT_PUSH_VLAN,
	OFPACT_COPY_TTL_OUT, OFPACT_DEC_MPLS_TTL, OFPACT_DEC_NW_TTL,
	OFPACT_SET_MPLS_TTL, OFPACT_SET_NW_TTL, OFPACT_SET_FIELD,
	OFPACT_SET_VLAN_VID, OFPACT_SET_VLAN_PCP, OFPACT_SET_L4_SRC,
	OFPACT_SET_L4_DST, OFPACT_SET_QUEUE, OFPACT_GROUP, OFPACT_OUTPUT,
	OFPACT_ENQUEUE,
};

static void action_set_execute(struct xctx *x)
{
	struct buf set = x->action_set;
	const struct ofpact *a;
	bool has_group = false;
	size_t i;

	x->action_set = (struct buf)BUF_INITIALIZER;
	OFPACT_FOR_EACH(a, (const struct ofpact *)set.data, set.size)
		if (a->type == OFPACT_GROUP)
			has_group = true;
	for (i = 0; i < ARRAY_SIZE(set_order) && !x->exit; i++) {
		OFPACT_FOR_EACH(a, (const struct ofpact *)set.data, set.size) {
			if (a->type != set_order[i])
				continue;
			if (has_group && (a->type == OFPACT_OUTPUT ||
					  a->type == OFPACT_ENQUEUE))
				continue;
			do_action(x, a);
		}
	}
	buf_uninit(&set);
}

/* ---- Instructions and tables. -------------------------------------- */

static void do_actions(struct xctx *x, const struct ofpact *ofpacts,
		       size_t len)
{
	const struct ofpact *a;

	OFPACT_FOR_EACH(a, ofpacts, len) {
		if (x->exit)
			return;
		switch (a->type) {
		case OFPACT_CLEAR_ACTIONS:
			buf_clear(&x->action_set);
			break;
		case OFPACT_WRITE_ACTIONS: {
			const struct ofpact *n, *e;
			size_t nlen;

			n = ofpact_nest_actions((const void *)a, &nlen);
			OFPACT_FOR_EACH(e, n, nlen)
				action_set_write(x, e);
			break;
		}
		case OFPACT_WRITE_METADATA: {
			const struct ofpact_metadata *m = (const void *)a;
			uint64_t md = be64toh(x->flow.metadata);

			md = (md & ~m->mask) | (m->metadata & m->mask);
			x->flow.metadata = htobe64(md);
			break;
		}
		case OFPACT_GOTO_TABLE: {
			const struct ofpact_u32 *u = (const void *)a;

			if (u->value > x->table_id && u->value <
			    OFPROTO_N_TABLES && x->depth < MAX_DEPTH) {
				x->depth++;
				xlate_table(x, u->value);
				x->depth--;
			}
			return;
		}
		default:
			do_action(x, a);
			break;
		}
	}
}

static void add_rule(struct xctx *x, struct rule *r)
{
	struct xlate_out *out = x->out;

	out->rules = xrealloc(out->rules,
			      (out->n_rules + 1) * sizeof *out->rules);
	out->rules[out->n_rules++] = r;
	r->refcnt++;
}

/* The table-miss flow entry of OF1.3: priority 0, matching everything. */
static bool is_table_miss_rule(const struct rule *r)
{
	static const struct flow zero;

	return r->cr.priority == 0 &&
	       !memcmp(&r->cr.match.mask, &zero, sizeof zero);
}

/* Looks FLOW up in TABLE_ID and runs the rule's instructions; at the end
 * of the pipeline (no goto_table) the action set runs. */
static void xlate_table(struct xctx *x, uint8_t table_id)
{
	struct oftable *t = &x->ofproto->tables[table_id];
	struct cls_rule *cr;
	struct rule *r;
	uint8_t save_table = x->table_id;
	uint64_t save_cookie = x->cookie;
	bool save_miss = x->miss_rule;
	const struct ofpact *a;
	bool has_goto = false;

	x->table_id = table_id;
	t->n_lookups++;
	cr = cls_lookup(&t->cls, &x->flow, &x->out->wc);
	if (!cr) {
		/* OF1.3 table miss without a table-miss rule: drop. */
		trace(x, "table %u: no match, drop (table miss)", table_id);
		x->table_id = save_table;
		return;
	}
	t->n_matched++;
	r = CLS_CONTAINER_OF(cr, struct rule, cr);
	add_rule(x, r);
	x->cookie = r->cookie;
	x->miss_rule = is_table_miss_rule(r);
	trace(x, "table %u: rule priority %d cookie 0x%llx", table_id,
	      r->cr.priority, (unsigned long long)r->cookie);
	OFPACT_FOR_EACH(a, r->ofpacts, r->ofpacts_len)
		if (a->type == OFPACT_GOTO_TABLE)
			has_goto = true;
	do_actions(x, r->ofpacts, r->ofpacts_len);
	if (!has_goto && !x->exit)
		action_set_execute(x);
	x->table_id = save_table;
	x->cookie = save_cookie;
	x->miss_rule = save_miss;
}

void xlate(const struct xlate_in *in, struct xlate_out *out)
{
	struct xctx x;

	memset(&x, 0, sizeof x);
	x.in = in;
	x.out = out;
	x.ofproto = in->ofproto;
	x.flow = in->flow;
	x.base = in->flow;
	x.cookie = UINT64_MAX;
	/* Every datapath flow matches its input port and recirculation id
	 * exactly. */
	out->wc.dp.in_port = 0xffffffff;
	out->wc.dp.recirc_id = 0xffffffff;

	epoch_enter();
	if (in->ofpacts) {
		do_actions(&x, in->ofpacts, in->ofpacts_len);
		if (!x.exit)
			action_set_execute(&x);
	} else {
		xlate_table(&x, 0);
	}
	epoch_exit();
	buf_uninit(&x.action_set);
	sflow_xlate(in, out);
	if (!out->odp_actions.size)
		trace(&x, "datapath actions: drop");
}
