/* ovs-ofctl flow syntax printer.  See ofp-parse.h. */
#include <config.h>
#include "ofp-parse.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "ofp-mp.h"
#include "util.h"

static void pf(struct buf *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends formatted text to S (kept NUL-terminated past s->size). */
static void pf(struct buf *s, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	buf_reserve(s, n + 1);
	va_start(args, fmt);
	vsnprintf((char *)s->data + s->size, n + 1, fmt, args);
	va_end(args);
	s->size += n;
}

static char *finish(struct buf *s)
{
	buf_put(s, "", 1);
	return (char *)s->data;
}

static void sep(struct buf *s, size_t start)
{
	if (s->size > start)
		pf(s, ",");
}

void ofp_port_to_string(uint32_t port, char *s, size_t n)
{
	switch (port) {
	case OFPP_IN_PORT: snprintf(s, n, "IN_PORT"); break;
	case OFPP_TABLE: snprintf(s, n, "TABLE"); break;
	case OFPP_NORMAL: snprintf(s, n, "NORMAL"); break;
	case OFPP_FLOOD: snprintf(s, n, "FLOOD"); break;
	case OFPP_ALL: snprintf(s, n, "ALL"); break;
	case OFPP_CONTROLLER: snprintf(s, n, "CONTROLLER"); break;
	case OFPP_LOCAL: snprintf(s, n, "LOCAL"); break;
	case OFPP_ANY: snprintf(s, n, "ANY"); break;
	default: snprintf(s, n, "%u", port); break;
	}
}

static uint64_t value_uint(enum mf_id id, const union mf_value *v)
{
	uint64_t x = 0;
	int i;

	for (i = 0; i < mf_fields[id].n_bytes; i++)
		x = (x << 8) | v->b[i];
	return x;
}

static void format_value(struct buf *s, enum mf_id id,
			 const union mf_value *v)
{
	char a[INET6_ADDRSTRLEN];

	switch (mf_fields[id].format) {
	case MFS_ETH:
		pf(s, "%02x:%02x:%02x:%02x:%02x:%02x", v->b[0], v->b[1],
		   v->b[2], v->b[3], v->b[4], v->b[5]);
		break;
	case MFS_IPV4:
		pf(s, "%s", inet_ntop(AF_INET, v->b, a, sizeof a));
		break;
	case MFS_IPV6:
		pf(s, "%s", inet_ntop(AF_INET6, v->b, a, sizeof a));
		break;
	case MFS_DEC:
		pf(s, "%llu", (unsigned long long)value_uint(id, v));
		break;
	case MFS_HEX:
		pf(s, "0x%llx", (unsigned long long)value_uint(id, v));
		break;
	}
}

/* A CIDR prefix length, or -1 if MASK is not a prefix. */
static int prefix_len(const uint8_t *mask, int n)
{
	int bits = 0, i;

	for (i = 0; i < n && mask[i] == 0xff; i++)
		bits += 8;
	if (i < n) {
		uint8_t b = mask[i];

		while (b & 0x80) {
			bits++;
			b <<= 1;
		}
		if (b)
			return -1;
		for (i++; i < n; i++)
			if (mask[i])
				return -1;
	}
	return bits;
}

static void format_field(struct buf *s, size_t start, const char *name,
			 enum mf_id id, const struct match *m)
{
	union mf_value v, k, e;
	int plen;

	if (mf_is_wild(id, m))
		return;
	mf_get(id, m, &v, &k);
	mf_exact_mask(id, &e);
	sep(s, start);
	pf(s, "%s=", name);
	format_value(s, id, &v);
	if (!memcmp(&k, &e, sizeof k))
		return;
	pf(s, "/");
	plen = prefix_len(k.b, mf_fields[id].n_bytes);
	if ((mf_fields[id].format == MFS_IPV4 ||
	     mf_fields[id].format == MFS_IPV6) && plen >= 0)
		pf(s, "%d", plen);
	else if (mf_fields[id].format == MFS_DEC)
		pf(s, "0x%llx", (unsigned long long)value_uint(id, &k));
	else
		format_value(s, id, &k);
}

static const char *shorthand(struct match *m)
{
	static const struct { const char *name; uint16_t type; int proto; }
	protos[] = {
		{ "tcp", 0x0800, 6 }, { "udp", 0x0800, 17 },
		{ "sctp", 0x0800, 132 }, { "icmp", 0x0800, 1 },
		{ "tcp6", 0x86dd, 6 }, { "udp6", 0x86dd, 17 },
		{ "sctp6", 0x86dd, 132 }, { "icmp6", 0x86dd, 58 },
		{ "ip", 0x0800, -1 }, { "ipv6", 0x86dd, -1 },
		{ "arp", 0x0806, -1 }, { "rarp", 0x8035, -1 },
		{ "mpls", 0x8847, -1 }, { "mplsm", 0x8848, -1 },
	};
	size_t i;

	if (m->mask.dp.eth_type != 0xffff)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(protos); i++) {
		if (m->flow.dp.eth_type != htons(protos[i].type))
			continue;
		if (protos[i].proto >= 0 &&
		    (m->mask.dp.nw_proto != 0xff ||
		     m->flow.dp.nw_proto != protos[i].proto))
			continue;
		if (protos[i].proto >= 0)
			m->mask.dp.nw_proto = 0;
		m->mask.dp.eth_type = 0;
		return protos[i].name;
	}
	return NULL;
}

static void format_vlan(struct buf *s, size_t start, const struct match *m)
{
	uint16_t v = ntohs(m->flow.dp.vlan.tci), k = ntohs(m->mask.dp.vlan.tci);

	if (!k)
		return;
	sep(s, start);
	if ((k & FSW_VLAN_PRESENT) && !(v & FSW_VLAN_PRESENT))
		pf(s, "vlan_tci=0x0000");
	else if (k == 0x1fff)
		pf(s, "dl_vlan=%u", v & 0xfff);
	else if (k == 0xf000)
		pf(s, "dl_vlan_pcp=%u", v >> 13);
	else if (k == 0xffff)
		pf(s, "dl_vlan=%u,dl_vlan_pcp=%u", v & 0xfff, v >> 13);
	else
		pf(s, "vlan_tci=0x%04x/0x%04x", v, k);
}

static void format_ports(struct buf *s, size_t start, const struct match *m,
			 bool icmp)
{
	const char *names[2] = { icmp ? "icmp_type" : "tp_src",
				 icmp ? "icmp_code" : "tp_dst" };
	__be16 vals[2] = { m->flow.dp.tp_src, m->flow.dp.tp_dst };
	__be16 masks[2] = { m->mask.dp.tp_src, m->mask.dp.tp_dst };
	int i;

	for (i = 0; i < 2; i++) {
		if (!masks[i])
			continue;
		sep(s, start);
		if (icmp)
			pf(s, "%s=%u", names[i], ntohs(vals[i]) & 0xff);
		else if (masks[i] == 0xffff)
			pf(s, "%s=%u", names[i], ntohs(vals[i]));
		else
			pf(s, "%s=0x%04x/0x%04x", names[i], ntohs(vals[i]),
			   ntohs(masks[i]));
	}
}

static void format_frag(struct buf *s, size_t start, const struct match *m)
{
	static const char *const names[4][4] = {
		/* [mask][value] */
		[FSW_FRAG_ANY] = { "no", "yes" },
		[FSW_FRAG_LATER] = { "not_later" },
		[FSW_FRAG_ANY | FSW_FRAG_LATER] = {
			[FSW_FRAG_ANY] = "first",
			[FSW_FRAG_ANY | FSW_FRAG_LATER] = "later" },
	};
	uint8_t v = m->flow.dp.nw_frag, k = m->mask.dp.nw_frag;

	if (!k)
		return;
	sep(s, start);
	if (k < 4 && v < 4 && names[k][v])
		pf(s, "ip_frag=%s", names[k][v]);
	else
		pf(s, "ip_frag=%u/%u", v, k);
}

static void format_match(struct buf *s, const struct match *m_,
			 uint16_t priority)
{
	static const struct { enum mf_id id; const char *name; } plain[] = {
		{ MFF_ETH_SRC, "dl_src" }, { MFF_ETH_DST, "dl_dst" },
		{ MFF_ETH_TYPE, "dl_type" }, { MFF_IPV4_SRC, "nw_src" },
		{ MFF_IPV4_DST, "nw_dst" }, { MFF_ARP_SHA, "arp_sha" },
		{ MFF_ARP_THA, "arp_tha" }, { MFF_IPV6_SRC, "ipv6_src" },
		{ MFF_IPV6_DST, "ipv6_dst" }, { MFF_IPV6_LABEL, "ipv6_label" },
		{ MFF_IP_PROTO, "nw_proto" }, { MFF_IP_ECN, "nw_ecn" },
		{ MFF_NW_TTL, "nw_ttl" }, { MFF_TCP_FLAGS, "tcp_flags" },
		{ MFF_ND_TARGET, "nd_target" }, { MFF_ND_SLL, "nd_sll" },
		{ MFF_ND_TLL, "nd_tll" }, { MFF_METADATA, "metadata" },
		{ MFF_TUNNEL_ID, "tun_id" }, { MFF_MPLS_LABEL, "mpls_label" },
		{ MFF_MPLS_TC, "mpls_tc" }, { MFF_MPLS_BOS, "mpls_bos" },
		{ MFF_PBB_ISID, "pbb_isid" },
		{ MFF_IPV6_EXTHDR, "ipv6_exthdr" },
	};
	struct match m = *m_;
	size_t start = s->size, i;
	const char *proto;
	bool icmp;

	match_canonicalize(&m);
	icmp = m.mask.dp.nw_proto == 0xff && m.mask.dp.eth_type == 0xffff &&
	       ((m.flow.dp.nw_proto == 1 && m.flow.dp.eth_type == htons(0x0800))
		|| (m.flow.dp.nw_proto == 58 &&
		    m.flow.dp.eth_type == htons(0x86dd)));
	if (priority != 0x8000)
		pf(s, "priority=%u", priority);
	proto = shorthand(&m);
	if (proto) {
		sep(s, start);
		pf(s, "%s", proto);
	}
	if (m.mask.dp.in_port) {
		char port[16];

		ofp_port_to_string(m.flow.dp.in_port, port, sizeof port);
		sep(s, start);
		pf(s, "in_port=%s", port);
	}
	format_vlan(s, start, &m);
	if (m.mask.dp.nw_tos & 0xfc) {
		sep(s, start);
		pf(s, "nw_tos=%u", m.flow.dp.nw_tos & 0xfc);
	}
	for (i = 0; i < ARRAY_SIZE(plain); i++)
		format_field(s, start, plain[i].name, plain[i].id, &m);
	format_ports(s, start, &m, icmp);
	format_frag(s, start, &m);
}

char *ofp_match_to_string(const struct match *m, uint16_t priority)
{
	struct buf s = BUF_INITIALIZER;

	pf(&s, "%s", "");
	format_match(&s, m, priority);
	return finish(&s);
}

/* ---- Actions. ---- */

static void format_actions(struct buf *s, const struct ofpact *ofpacts,
			   size_t len);

static void format_action(struct buf *s, const struct ofpact *a)
{
	const struct ofpact_u32 *u = (const void *)a;
	const struct ofpact_output *o = (const void *)a;
	const struct ofpact_enqueue *e = (const void *)a;
	const struct ofpact_set_field *sf = (const void *)a;
	const struct ofpact_l4_port *l4 = (const void *)a;
	const struct ofpact_metadata *md = (const void *)a;
	const struct ofpact *n;
	char port[16];
	size_t nlen;

	switch (a->type) {
	case OFPACT_OUTPUT:
		if (o->port == OFPP_CONTROLLER)
			pf(s, "CONTROLLER:%u", o->max_len);
		else if (o->port < OFPP_MAX)
			pf(s, "output:%u", o->port);
		else {
			ofp_port_to_string(o->port, port, sizeof port);
			pf(s, "%s", port);
		}
		break;
	case OFPACT_ENQUEUE:
		ofp_port_to_string(e->port, port, sizeof port);
		pf(s, "enqueue:%s:%u", port, e->queue);
		break;
	case OFPACT_SET_FIELD: {
		union mf_value v = sf->value;

		if (sf->field == MFF_VLAN_VID)
			v.be16 &= htons(0xfff);
		pf(s, "set_field:");
		format_value(s, sf->field, &v);
		pf(s, "->%s", mf_fields[sf->field].name);
		break;
	}
	case OFPACT_SET_L4_SRC:
	case OFPACT_SET_L4_DST:
		pf(s, "%s:%u", ofpact_type_name(a->type), l4->port);
		break;
	case OFPACT_PUSH_VLAN:
	case OFPACT_PUSH_MPLS:
	case OFPACT_POP_MPLS:
	case OFPACT_PUSH_PBB:
		pf(s, "%s:0x%04x", ofpact_type_name(a->type), u->value);
		break;
	case OFPACT_POP_VLAN:
		pf(s, "strip_vlan");
		break;
	case OFPACT_GROUP:
	case OFPACT_SET_QUEUE:
	case OFPACT_SET_VLAN_VID:
	case OFPACT_SET_VLAN_PCP:
	case OFPACT_SET_NW_TTL:
	case OFPACT_SET_MPLS_TTL:
	case OFPACT_METER:
	case OFPACT_GOTO_TABLE:
		pf(s, "%s:%u", ofpact_type_name(a->type), u->value);
		break;
	case OFPACT_RESUBMIT: {
		const struct ofpact_resubmit *r = (const void *)a;

		ofp_port_to_string(r->in_port, port, sizeof port);
		if (r->table_id == OFPTT_ALL)
			pf(s, "resubmit:%s", port);
		else
			pf(s, "resubmit(%s,%u)", r->in_port == OFPP_IN_PORT
			   ? "" : port, r->table_id);
		break;
	}
	case OFPACT_WRITE_METADATA:
		pf(s, "write_metadata:0x%llx", (unsigned long long)md->metadata);
		if (md->mask != ~0ULL)
			pf(s, "/0x%llx", (unsigned long long)md->mask);
		break;
	case OFPACT_WRITE_ACTIONS:
		n = ofpact_nest_actions((const void *)a, &nlen);
		pf(s, "write_actions(");
		format_actions(s, n, nlen);
		pf(s, ")");
		break;
	default:
		pf(s, "%s", ofpact_type_name(a->type));
		break;
	}
}

static void format_actions(struct buf *s, const struct ofpact *ofpacts,
			   size_t len)
{
	const struct ofpact *a;

	OFPACT_FOR_EACH(a, ofpacts, len) {
		if (a != ofpacts)
			pf(s, ",");
		format_action(s, a);
	}
}

char *ofpacts_to_string(const struct ofpact *ofpacts, size_t len)
{
	struct buf s = BUF_INITIALIZER;

	if (!len)
		pf(&s, "drop");
	else
		format_actions(&s, ofpacts, len);
	return finish(&s);
}

/* ---- Flow mods. ---- */

char *ofp_flow_mod_to_string(const struct ofp_flow_mod *fm)
{
	static const struct { uint16_t flag; const char *name; } flags[] = {
		{ OFPFF_SEND_FLOW_REM, "send_flow_rem" },
		{ OFPFF_CHECK_OVERLAP, "check_overlap" },
		{ OFPFF_RESET_COUNTS, "reset_counts" },
		{ OFPFF_NO_PKT_COUNTS, "no_packet_counts" },
		{ OFPFF_NO_BYT_COUNTS, "no_byte_counts" },
	};
	bool del = fm->command == OFPFC_DELETE ||
		   fm->command == OFPFC_DELETE_STRICT;
	struct buf s = BUF_INITIALIZER;
	char port[16], *acts;
	size_t i;

	pf(&s, "%s", "");
	if (fm->table_id != (del ? OFPTT_ALL : 0)) {
		if (fm->table_id == OFPTT_ALL)
			pf(&s, "table=all, ");
		else
			pf(&s, "table=%u, ", fm->table_id);
	}
	if (fm->cookie || fm->cookie_mask) {
		pf(&s, "cookie=0x%llx", (unsigned long long)fm->cookie);
		if (fm->cookie_mask || del)
			pf(&s, "/0x%llx", (unsigned long long)fm->cookie_mask);
		pf(&s, ", ");
	}
	if (fm->idle_timeout)
		pf(&s, "idle_timeout=%u, ", fm->idle_timeout);
	if (fm->hard_timeout)
		pf(&s, "hard_timeout=%u, ", fm->hard_timeout);
	if (fm->importance)
		pf(&s, "importance=%u, ", fm->importance);
	for (i = 0; i < ARRAY_SIZE(flags); i++)
		if (fm->flags & flags[i].flag)
			pf(&s, "%s, ", flags[i].name);
	if (fm->out_port != OFPP_ANY) {
		ofp_port_to_string(fm->out_port, port, sizeof port);
		pf(&s, "out_port=%s, ", port);
	}
	if (fm->out_group != OFPG_ANY)
		pf(&s, "out_group=%u, ", fm->out_group);
	if (fm->buffer_id != OFP_NO_BUFFER)
		pf(&s, "buffer_id=%u, ", fm->buffer_id);
	format_match(&s, &fm->match, fm->priority);
	/* Drop the dangling ", " when the match printed nothing. */
	if (s.size >= 2 && !memcmp(s.data + s.size - 2, ", ", 2))
		s.size -= 2;
	if (!del) {
		acts = ofpacts_to_string(fm->ofpacts, fm->ofpacts_len);
		pf(&s, "%sactions=%s", s.size ? " " : "", acts);
		free(acts);
	}
	return finish(&s);
}

char *ofp_flow_stats_to_string(const struct ofp_flow_stats *fs)
{
	struct buf s = BUF_INITIALIZER;
	char *acts;

	pf(&s, " cookie=0x%llx, duration=%u.%03us, table=%u, n_packets=%llu, "
	   "n_bytes=%llu, ", (unsigned long long)fs->cookie, fs->duration_sec,
	   fs->duration_nsec / 1000000, fs->table_id,
	   (unsigned long long)fs->packet_count,
	   (unsigned long long)fs->byte_count);
	if (fs->idle_timeout)
		pf(&s, "idle_timeout=%u, ", fs->idle_timeout);
	if (fs->hard_timeout)
		pf(&s, "hard_timeout=%u, ", fs->hard_timeout);
	if (fs->flags & OFPFF_SEND_FLOW_REM)
		pf(&s, "send_flow_rem, ");
	format_match(&s, &fs->match, fs->priority);
	if (!memcmp(s.data + s.size - 2, ", ", 2))
		s.size -= 2;
	acts = ofpacts_to_string(fs->ofpacts, fs->ofpacts_len);
	pf(&s, " actions=%s", acts);
	free(acts);
	return finish(&s);
}
