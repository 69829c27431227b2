/* ovs-ofctl flow syntax parser.  See ofp-parse.h. */
#include <config.h>
#include "ofp-parse.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "buf.h"
#include "ofp-errors.h"
#include "ofp-mp.h"
#include "util.h"

static char *err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *err(const char *fmt, ...)
{
	va_list args;
	char *s;

	va_start(args, fmt);
	if (vasprintf(&s, fmt, args) < 0)
		s = xstrdup("out of memory");
	va_end(args);
	return s;
}

/* ---- Tokens. ---- */

/* Returns the end of a value starting at S: the first separator (comma
 * or white space) outside parentheses, or an unbalanced ')'. */
static char *value_end(char *s)
{
	int depth = 0;

	for (; *s; s++) {
		if (*s == '(')
			depth++;
		else if (*s == ')' && depth-- == 0)
			break;
		else if (depth <= 0 && strchr(", \t\r\n", *s))
			break;
	}
	return s;
}

/* Splits the next "key", "key=value", "key:value" or "key(value)" off
 * *SP, NUL-terminating both in place.  Returns false at the end. */
static bool next_kv(char **sp, char **key, char **value, char **error)
{
	char *s = *sp, *end;

	*error = NULL;
	s += strspn(s, ", \t\r\n");
	if (!*s)
		return false;
	*key = s;
	s += strcspn(s, ":=(, \t\r\n");
	if (*s == ':' || *s == '=') {
		*s++ = '\0';
		*value = s;
		end = value_end(s);
	} else if (*s == '(') {
		int depth = 1;

		*s++ = '\0';
		*value = s;
		for (end = s; *end && depth; end++)
			depth += *end == '(' ? 1 : *end == ')' ? -1 : 0;
		if (depth) {
			*error = err("%s: unbalanced parentheses", *key);
			return false;
		}
		end[-1] = '\0';
		*sp = end;
		return true;
	} else {
		*value = s;
		end = s;
	}
	if (*end == ')') {
		*error = err("%s: unexpected \")\"", *key);
		return false;
	}
	if (*end)
		*end++ = '\0';
	if (**key == '\0') {
		*error = err("missing field name before \"%s\"", *value);
		return false;
	}
	*sp = end;
	return true;
}

/* ---- Values. ---- */

static char *parse_uint(const char *name, const char *s, unsigned long long max,
			unsigned long long *v)
{
	if (str_to_uint(s, max, v))
		return err("%s: bad value \"%s\" (expected a number from 0 to "
			   "%llu)", name, s, max);
	return NULL;
}

static bool parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	int n = -1, i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &n) != 6 || n < 0 || s[n])
		return false;
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	return true;
}

static void prefix_bytes(unsigned int bits, uint8_t *mask, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, bits = bits > 8 ? bits - 8 : 0)
		mask[i] = bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits);
}

/* Parses VALUE[/MASK] for field ID in its natural syntax. */
static char *parse_value(enum mf_id id, const char *name, char *s,
			 union mf_value *v, union mf_value *m, bool *has_mask)
{
	const struct mf_field *f = &mf_fields[id];
	char *slash = strchr(s, '/');
	unsigned long long x, max;
	int i, n = f->n_bytes;

	memset(v, 0, sizeof *v);
	memset(m, 0, sizeof *m);
	*has_mask = slash != NULL;
	if (slash)
		*slash++ = '\0';
	if (!*s)
		return err("%s: missing value", name);
	switch (f->format) {
	case MFS_ETH:
		if (!parse_mac(s, v->b))
			return err("%s: bad Ethernet address \"%s\"", name, s);
		if (slash && !parse_mac(slash, m->b))
			return err("%s: bad Ethernet mask \"%s\"", name, slash);
		break;
	case MFS_IPV4:
	case MFS_IPV6: {
		int af = f->format == MFS_IPV4 ? AF_INET : AF_INET6;
		unsigned long long bits;

		if (inet_pton(af, s, v->b) != 1)
			return err("%s: bad IP%s address \"%s\"", name,
				   af == AF_INET ? "v4" : "v6", s);
		if (!slash)
			break;
		if (strchr(slash, af == AF_INET ? '.' : ':')) {
			if (inet_pton(af, slash, m->b) != 1)
				return err("%s: bad mask \"%s\"", name, slash);
		} else if (str_to_uint(slash, n * 8, &bits)) {
			return err("%s: bad prefix length \"%s\"", name, slash);
		} else {
			prefix_bytes(bits, m->b, n);
		}
		break;
	}
	default:
		max = f->n_bits >= 64 ? ~0ULL : (1ULL << f->n_bits) - 1;
		if (id == MFF_VLAN_VID)
			max = 0x1fff;
		if (str_to_uint(s, max, &x))
			return err("%s: bad value \"%s\" (expected a number "
				   "from 0 to %llu)", name, s, max);
		for (i = n - 1; i >= 0; i--, x >>= 8)
			v->b[i] = x;
		if (slash) {
			if (str_to_uint(slash, max, &x))
				return err("%s: bad mask \"%s\"", name, slash);
			for (i = n - 1; i >= 0; i--, x >>= 8)
				m->b[i] = x;
		}
	}
	if (!slash)
		mf_exact_mask(id, m);
	return NULL;
}

int ofp_parse_port(const char *s, uint32_t *port)
{
	static const struct { const char *name; uint32_t port; } names[] = {
		{ "IN_PORT", OFPP_IN_PORT }, { "TABLE", OFPP_TABLE },
		{ "NORMAL", OFPP_NORMAL }, { "FLOOD", OFPP_FLOOD },
		{ "ALL", OFPP_ALL }, { "CONTROLLER", OFPP_CONTROLLER },
		{ "LOCAL", OFPP_LOCAL }, { "ANY", OFPP_ANY },
		{ "NONE", OFPP_ANY },
	};
	unsigned long long v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcasecmp(s, names[i].name)) {
			*port = names[i].port;
			return 0;
		}
	}
	if (str_to_uint(s, 0xffffffffULL, &v) || v == 0)
		return -1;
	/* OF1.0-style reserved numbers (0xfff8...) mean the same ports. */
	*port = v >= OFPP10_MAX && v <= 0xffff ? ofp10_port_to_32(v) : v;
	return 0;
}

/* ---- Matches. ---- */

/* A field the user named, with the fields whose prerequisites would
 * make it valid (any one suffices). */
struct used_field {
	const char *name;
	int alt[3];
};

struct match_ctx {
	struct match *m;
	struct used_field used[64];
	size_t n_used;
};

static void note(struct match_ctx *c, const char *name, int a, int b, int d)
{
	if (c->n_used < ARRAY_SIZE(c->used)) {
		struct used_field *u = &c->used[c->n_used++];

		u->name = name;
		u->alt[0] = a;
		u->alt[1] = b;
		u->alt[2] = d;
	}
}

static const char *prereq_hint(int id)
{
	switch (mf_fields[id].prereq) {
	case MFP_IN_PORT: return "in_port";
	case MFP_VLAN: return "a VLAN tag (e.g. dl_vlan=N)";
	case MFP_IP_ANY: return "ip or ipv6";
	case MFP_IPV4: return "ip";
	case MFP_IPV6: return "ipv6";
	case MFP_ARP: return "arp";
	case MFP_TCP: return "tcp or tcp6";
	case MFP_UDP: return "udp or udp6";
	case MFP_SCTP: return "sctp or sctp6";
	case MFP_ICMPV4: return "icmp";
	case MFP_ICMPV6: return "icmp6";
	case MFP_ND: return "icmp6,icmp_type=135 or 136";
	case MFP_ND_SOLICIT: return "icmp6,icmp_type=135";
	case MFP_ND_ADVERT: return "icmp6,icmp_type=136";
	case MFP_MPLS: return "mpls or mplsm";
	case MFP_PBB: return "dl_type=0x88e7";
	default: return "its prerequisites";
	}
}

static char *check_prereqs(const struct match_ctx *c)
{
	size_t i;
	int j;

	for (i = 0; i < c->n_used; i++) {
		const struct used_field *u = &c->used[i];
		bool ok = false;

		for (j = 0; j < 3 && u->alt[j] >= 0; j++)
			ok |= mf_prereqs_ok(u->alt[j], c->m);
		if (!ok) {
			if (u->alt[0] == MFF_TCP_SRC && u->alt[1] >= 0)
				return err("%s requires tcp, udp or sctp (e.g. "
					   "\"tcp,%s=N\")", u->name, u->name);
			if (u->alt[0] == MFF_ICMPV4_TYPE && u->alt[1] >= 0)
				return err("%s requires icmp or icmp6",
					   u->name);
			if (u->alt[1] >= 0)
				return err("%s requires ip or arp", u->name);
			return err("%s requires %s", u->name,
				   prereq_hint(u->alt[0]));
		}
	}
	return NULL;
}

static bool parse_shorthand(const char *s, struct match *m)
{
	static const struct { const char *name; uint16_t type; int proto; }
	protos[] = {
		{ "ip", 0x0800, -1 }, { "ipv4", 0x0800, -1 },
		{ "ipv6", 0x86dd, -1 }, { "arp", 0x0806, -1 },
		{ "rarp", 0x8035, -1 }, { "mpls", 0x8847, -1 },
		{ "mplsm", 0x8848, -1 }, { "tcp", 0x0800, 6 },
		{ "udp", 0x0800, 17 }, { "sctp", 0x0800, 132 },
		{ "icmp", 0x0800, 1 }, { "tcp6", 0x86dd, 6 },
		{ "udp6", 0x86dd, 17 }, { "sctp6", 0x86dd, 132 },
		{ "icmp6", 0x86dd, 58 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protos); i++) {
		if (strcmp(s, protos[i].name))
			continue;
		m->flow.dp.eth_type = htons(protos[i].type);
		m->mask.dp.eth_type = 0xffff;
		if (protos[i].proto >= 0) {
			m->flow.dp.nw_proto = protos[i].proto;
			m->mask.dp.nw_proto = 0xff;
		}
		return true;
	}
	return false;
}

static void set_tci(struct match *m, uint16_t value, uint16_t mask)
{
	uint16_t v = ntohs(m->flow.dp.vlan.tci), k = ntohs(m->mask.dp.vlan.tci);

	m->flow.dp.vlan.tci = htons((v & ~mask) | (value & mask));
	m->mask.dp.vlan.tci = htons(k | mask);
}

/* ip_frag=no|yes|first|later|not_later (or VALUE/MASK of the
 * FSW_FRAG_* bits); no OXM carries it. */
static char *parse_ip_frag(struct match_ctx *c, char *val)
{
	static const struct { const char *name; uint8_t v, k; } frags[] = {
		{ "no", 0, FSW_FRAG_ANY },
		{ "yes", FSW_FRAG_ANY, FSW_FRAG_ANY },
		{ "first", FSW_FRAG_ANY, FSW_FRAG_ANY | FSW_FRAG_LATER },
		{ "later", FSW_FRAG_ANY | FSW_FRAG_LATER,
		  FSW_FRAG_ANY | FSW_FRAG_LATER },
		{ "not_later", 0, FSW_FRAG_LATER },
	};
	unsigned long long v, k = 3;
	char *slash;
	size_t i;

	note(c, "ip_frag", MFF_IP_DSCP, -1, -1);
	for (i = 0; i < ARRAY_SIZE(frags); i++) {
		if (!strcmp(val, frags[i].name)) {
			c->m->flow.dp.nw_frag = frags[i].v;
			c->m->mask.dp.nw_frag = frags[i].k;
			return NULL;
		}
	}
	if ((slash = strchr(val, '/')))
		*slash++ = '\0';
	if (str_to_uint(val, 3, &v) || (slash && str_to_uint(slash, 3, &k)))
		return err("ip_frag: expected no, yes, first, later or "
			   "not_later, not \"%s\"", val);
	c->m->flow.dp.nw_frag = v & k;
	c->m->mask.dp.nw_frag = k;
	return NULL;
}

/* Fields whose ovs-ofctl meaning is not a single OXM field. */
static char *parse_special(struct match_ctx *c, const char *name, char *val,
			   bool *done)
{
	struct match *m = c->m;
	unsigned long long v, k = 0xffff;
	char *slash, *e;

	*done = true;
	if (!strcmp(name, "dl_vlan")) {
		if ((e = parse_uint(name, val, 0xffff, &v)))
			return e;
		if (v == 0xffff)
			set_tci(m, 0, 0xffff);
		else if (v > 0xfff)
			return err("dl_vlan: %llu is not a VLAN ID (0..4095, or "
				   "0xffff for no tag)", v);
		else
			set_tci(m, FSW_VLAN_PRESENT | v, 0x1fff);
		return NULL;
	}
	if (!strcmp(name, "dl_vlan_pcp")) {
		if ((e = parse_uint(name, val, 7, &v)))
			return e;
		set_tci(m, FSW_VLAN_PRESENT | (v << 13), 0xf000);
		return NULL;
	}
	if (!strcmp(name, "vlan_tci")) {
		if ((slash = strchr(val, '/')))
			*slash++ = '\0';
		if ((e = parse_uint(name, val, 0xffff, &v)) ||
		    (slash && (e = parse_uint(name, slash, 0xffff, &k))))
			return e;
		if ((k & FSW_VLAN_PRESENT) && !(v & FSW_VLAN_PRESENT) &&
		    (v & k))
			return err("vlan_tci: without the 0x1000 (tag present) "
				   "bit the other bits must be 0");
		m->flow.dp.vlan.tci = htons(v & k);
		m->mask.dp.vlan.tci = htons(k);
		return NULL;
	}
	if (!strcmp(name, "nw_tos")) {
		if ((e = parse_uint(name, val, 255, &v)))
			return e;
		if (v & 3)
			return err("nw_tos: %llu has ECN bits set (use nw_ecn "
				   "for those)", v);
		m->flow.dp.nw_tos = (m->flow.dp.nw_tos & 3) | v;
		m->mask.dp.nw_tos |= 0xfc;
		note(c, name, MFF_IP_DSCP, -1, -1);
		return NULL;
	}
	if (!strcmp(name, "tp_src") || !strcmp(name, "tp_dst")) {
		__be16 *f, *mk;

		if ((slash = strchr(val, '/')))
			*slash++ = '\0';
		if ((e = parse_uint(name, val, 0xffff, &v)) ||
		    (slash && (e = parse_uint(name, slash, 0xffff, &k))))
			return e;
		f = name[3] == 's' ? &m->flow.dp.tp_src : &m->flow.dp.tp_dst;
		mk = name[3] == 's' ? &m->mask.dp.tp_src : &m->mask.dp.tp_dst;
		*f = htons(v & k);
		*mk = htons(k);
		note(c, name, MFF_TCP_SRC, MFF_UDP_SRC, MFF_SCTP_SRC);
		return NULL;
	}
	if (!strcmp(name, "icmp_type") || !strcmp(name, "icmp_code")) {
		bool type = name[5] == 't';

		if ((e = parse_uint(name, val, 255, &v)))
			return e;
		if (type) {
			m->flow.dp.tp_src = htons(v);
			m->mask.dp.tp_src = htons(0xff);
		} else {
			m->flow.dp.tp_dst = htons(v);
			m->mask.dp.tp_dst = htons(0xff);
		}
		note(c, name, MFF_ICMPV4_TYPE, MFF_ICMPV6_TYPE, -1);
		return NULL;
	}
	if (!strcmp(name, "ip_frag"))
		return parse_ip_frag(c, val);
	*done = false;
	return NULL;
}

/* ovs-ofctl's "+syn-ack" form: +FLAG must be set, -FLAG must be clear. */
static char *parse_tcp_flags(const char *s, union mf_value *v,
			     union mf_value *k)
{
	static const char *const names[] = {
		"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
	};
	uint16_t val = 0, mask = 0;

	while (*s) {
		bool set = *s == '+';
		size_t len, i;

		if (*s != '+' && *s != '-')
			return err("tcp_flags: expected +FLAG or -FLAG at "
				   "\"%s\"", s);
		s++;
		len = strcspn(s, "+-");
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (strlen(names[i]) == len &&
			    !strncmp(s, names[i], len))
				break;
		if (i == ARRAY_SIZE(names))
			return err("tcp_flags: unknown flag \"%.*s\"",
				   (int)len, s);
		mask |= 1 << i;
		if (set)
			val |= 1 << i;
		s += len;
	}
	memset(v, 0, sizeof *v);
	memset(k, 0, sizeof *k);
	v->be16 = htons(val);
	k->be16 = htons(mask);
	return NULL;
}

static char *parse_field(struct match_ctx *c, const char *name, char *val)
{
	union mf_value v, k;
	bool has_mask, done;
	char *e;
	int id;

	e = parse_special(c, name, val, &done);
	if (e || done)
		return e;
	if (!strcmp(name, "in_port")) {
		uint32_t port;

		if (ofp_parse_port(val, &port))
			return err("in_port: bad port \"%s\"", val);
		c->m->flow.dp.in_port = port;
		c->m->mask.dp.in_port = 0xffffffff;
		return NULL;
	}
	id = mf_from_name(name);
	if (id < 0)
		return err("unknown field \"%s\"", name);
	if (id == MFF_TCP_FLAGS && (*val == '+' || *val == '-')) {
		e = parse_tcp_flags(val, &v, &k);
		if (e)
			return e;
		mf_set(id, &v, &k, c->m);
		note(c, name, id, -1, -1);
		return NULL;
	}
	if (id == MFF_IN_PHY_PORT)
		return err("in_phy_port cannot be matched here (use in_port)");
	e = parse_value(id, name, val, &v, &k, &has_mask);
	if (e)
		return e;
	if (mf_set(id, &v, &k, c->m))
		return err("%s: value \"%s\" out of range", name, val);
	/* nw_src/nw_dst/nw_proto also serve ARP, as in ovs-ofctl. */
	if (id == MFF_IPV4_SRC || id == MFF_IPV4_DST)
		note(c, name, id, id == MFF_IPV4_SRC ? MFF_ARP_SPA : MFF_ARP_TPA,
		     -1);
	else if (id == MFF_IP_PROTO)
		note(c, name, id, MFF_ARP_OP, -1);
	else
		note(c, name, id, -1, -1);
	return NULL;
}

/* Flow-mod settings that may appear among the match fields. */
static char *parse_setting(struct ofp_flow_mod *fm, const char *name,
			   const char *val, int command, bool *done)
{
	static const struct { const char *name; uint16_t flag; } flags[] = {
		{ "send_flow_rem", OFPFF_SEND_FLOW_REM },
		{ "check_overlap", OFPFF_CHECK_OVERLAP },
		{ "reset_counts", OFPFF_RESET_COUNTS },
		{ "no_packet_counts", OFPFF_NO_PKT_COUNTS },
		{ "no_byte_counts", OFPFF_NO_BYT_COUNTS },
	};
	static const char *const ignored[] = {
		"duration", "n_packets", "n_bytes", "idle_age", "hard_age",
	};
	unsigned long long v;
	char *e = NULL;
	size_t i;

	*done = true;
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		if (!strcmp(name, flags[i].name)) {
			if (*val)
				return err("%s takes no value", name);
			fm->flags |= flags[i].flag;
			return NULL;
		}
	}
	for (i = 0; i < ARRAY_SIZE(ignored); i++)
		if (!strcmp(name, ignored[i]))
			return NULL;
	if (!strcmp(name, "table")) {
		if (!strcmp(val, "all"))
			fm->table_id = OFPTT_ALL;
		else if (!(e = parse_uint(name, val, 254, &v)))
			fm->table_id = v;
	} else if (!strcmp(name, "priority")) {
		if (!(e = parse_uint(name, val, 0xffff, &v)))
			fm->priority = v;
	} else if (!strcmp(name, "idle_timeout")) {
		if (!(e = parse_uint(name, val, 0xffff, &v)))
			fm->idle_timeout = v;
	} else if (!strcmp(name, "hard_timeout")) {
		if (!(e = parse_uint(name, val, 0xffff, &v)))
			fm->hard_timeout = v;
	} else if (!strcmp(name, "importance")) {
		if (!(e = parse_uint(name, val, 0xffff, &v)))
			fm->importance = v;
	} else if (!strcmp(name, "buffer_id")) {
		if (!(e = parse_uint(name, val, 0xffffffff, &v)))
			fm->buffer_id = v;
	} else if (!strcmp(name, "out_port")) {
		uint32_t port;

		if (ofp_parse_port(val, &port))
			return err("out_port: bad port \"%s\"", val);
		fm->out_port = port;
	} else if (!strcmp(name, "out_group")) {
		if (!strcasecmp(val, "any"))
			fm->out_group = OFPG_ANY;
		else if (!(e = parse_uint(name, val, 0xffffffff, &v)))
			fm->out_group = v;
	} else if (!strcmp(name, "cookie")) {
		char buf[64], *slash;
		unsigned long long mask = 0;

		snprintf(buf, sizeof buf, "%s", val);
		if ((slash = strchr(buf, '/')))
			*slash++ = '\0';
		if (slash && !strcmp(slash, "-1"))
			slash = "0xffffffffffffffff";
		if ((e = parse_uint(name, buf, ~0ULL, &v)) ||
		    (slash && (e = parse_uint(name, slash, ~0ULL, &mask))))
			return e;
		if (slash && command == OFPFC_ADD)
			return err("cookie: a mask is not allowed when adding "
				   "flows");
		if (!slash && (command == OFPFC_DELETE ||
			       command == OFPFC_DELETE_STRICT))
			return err("cookie: deleting flows needs a mask "
				   "(cookie=%s/-1)", val);
		fm->cookie = v;
		fm->cookie_mask = mask;
	} else {
		*done = false;
	}
	return e;
}

static bool is_delete(int command)
{
	return command == OFPFC_DELETE || command == OFPFC_DELETE_STRICT;
}

/* Finds "actions=" (or "action=") as a whole word. */
static char *find_actions(char *s)
{
	char *p;

	for (p = strstr(s, "action"); p; p = strstr(p + 1, "action")) {
		char *q = p + 6;

		if (p != s && !strchr(", \t", p[-1]))
			continue;
		if (*q == 's')
			q++;
		if (*q == '=' || *q == ':')
			return p;
	}
	return NULL;
}

static char *parse_match_fields(char *s, struct match_ctx *c,
				struct ofp_flow_mod *fm, int command)
{
	char *key, *val, *e;

	for (;;) {
		bool done;

		if (!next_kv(&s, &key, &val, &e))
			return e;
		if (parse_shorthand(key, c->m)) {
			if (*val)
				return err("%s takes no value", key);
			continue;
		}
		e = parse_setting(fm, key, val, command, &done);
		if (e)
			return e;
		if (done)
			continue;
		if (!*val)
			return err("field %s needs a value (%s=VALUE)", key,
				   key);
		e = parse_field(c, key, val);
		if (e)
			return e;
	}
}

char *ofp_parse_flow_mod(const char *s_, int command, struct ofp_flow_mod *fm,
			 struct buf *ofpacts)
{
	char *s = xstrdup(s_), *acts, *e;
	struct match_ctx c;
	int rc;

	ofp_flow_mod_init(fm);
	fm->command = command;
	if (is_delete(command))
		fm->table_id = OFPTT_ALL;
	buf_clear(ofpacts);
	memset(&c, 0, sizeof c);
	c.m = &fm->match;
	acts = find_actions(s);
	if (acts) {
		*acts = '\0';
		acts += strcspn(acts + 1, "=:") + 2;
	}
	if (is_delete(command) && acts) {
		e = err("actions are not allowed when deleting flows");
		goto out;
	}
	if (!is_delete(command) && !acts) {
		e = err("must specify an action (e.g. actions=drop)");
		goto out;
	}
	e = parse_match_fields(s, &c, fm, command);
	if (!e)
		e = check_prereqs(&c);
	if (!e && acts)
		e = ofp_parse_actions(acts, ofpacts);
	if (e)
		goto out;
	match_canonicalize(&fm->match);
	fm->ofpacts = (const void *)ofpacts->data;
	fm->ofpacts_len = ofpacts->size;
	if (!is_delete(command)) {
		rc = ofpacts_check((struct ofpact *)ofpacts->data,
				   ofpacts->size, &fm->match, fm->table_id);
		if (rc)
			e = err("actions do not fit this flow: %s%s",
				ofperr_to_string(rc),
				ofperr_code(rc) == OFPBAC_MATCH_INCONSISTENT
				? " (a set_field or mod_* action lacks its "
				  "match prerequisite, e.g. tcp for tcp_dst)"
				: "");
	}
out:
	free(s);
	return e;
}

char *ofp_parse_match(const char *s_, struct match *m, uint16_t *priority)
{
	struct ofp_flow_mod fm;
	struct match_ctx c;
	char *s = xstrdup(s_), *e;

	ofp_flow_mod_init(&fm);
	memset(&c, 0, sizeof c);
	c.m = &fm.match;
	e = parse_match_fields(s, &c, &fm, OFPFC_MODIFY);
	if (!e)
		e = check_prereqs(&c);
	free(s);
	if (e)
		return e;
	match_canonicalize(&fm.match);
	*m = fm.match;
	if (priority)
		*priority = fm.priority;
	return NULL;
}

char *ofp_parse_flow_stats_request(const char *s,
				   struct ofp_flow_stats_request *r)
{
	struct buf acts = BUF_INITIALIZER;
	struct ofp_flow_mod fm;
	char *e;

	/* Same syntax and defaults as a non-strict delete. */
	e = ofp_parse_flow_mod(s, OFPFC_DELETE, &fm, &acts);
	buf_uninit(&acts);
	if (e)
		return e;
	ofp_flow_stats_request_init(r);
	r->table_id = fm.table_id;
	r->out_port = fm.out_port;
	r->out_group = fm.out_group;
	r->cookie = fm.cookie;
	r->cookie_mask = fm.cookie_mask;
	r->match = fm.match;
	return NULL;
}

/* ---- Actions. ---- */

static char *parse_actions__(char *s, struct buf *out, bool nested);

static char *parse_set_field(char *val, struct buf *out)
{
	char *arrow = strstr(val, "->"), *e;
	union mf_value v, k;
	struct flow scratch;
	bool has_mask;
	int id;

	if (!arrow)
		return err("set_field:%s: expected VALUE->FIELD", val);
	*arrow = '\0';
	id = mf_from_name(arrow + 2);
	if (id < 0)
		return err("set_field: unknown field \"%s\"", arrow + 2);
	if (!mf_fields[id].settable || id >= MFF_N_OXM)
		return err("set_field: field %s cannot be set", arrow + 2);
	e = parse_value(id, arrow + 2, val, &v, &k, &has_mask);
	if (e)
		return e;
	if (has_mask)
		return err("set_field: masked values are not supported (%s)",
			   arrow + 2);
	memset(&scratch, 0, sizeof scratch);
	if (id == MFF_VLAN_VID)
		v.be16 |= htons(OFPVID_PRESENT);
	if (mf_set_flow(id, &v, &scratch))
		return err("set_field: value \"%s\" out of range for %s", val,
			   arrow + 2);
	ofpact_put_set_field(out, id, &v);
	return NULL;
}

static char *parse_controller(char *val, struct buf *out)
{
	unsigned long long v = OFPCML_NO_BUFFER;
	char *key, *arg, *e;

	/* "controller:N" or "controller(max_len=N)". */
	if (*val && str_to_uint(val, 0xffff, &v) == 0) {
		ofpact_put_output(out, OFPP_CONTROLLER, v);
		return NULL;
	}
	while (next_kv(&val, &key, &arg, &e)) {
		if (strcmp(key, "max_len"))
			return err("controller: unknown argument \"%s\"", key);
		if ((e = parse_uint("controller max_len", arg, 0xffff, &v)))
			return e;
	}
	if (e)
		return e;
	ofpact_put_output(out, OFPP_CONTROLLER, v);
	return NULL;
}

/* resubmit:PORT or resubmit([PORT],[TABLE]). */
static char *parse_resubmit(char *val, struct buf *out)
{
	struct ofpact_resubmit *r;
	unsigned long long table = OFPTT_ALL;
	uint32_t port = OFPP_IN_PORT;
	char *comma = strchr(val, ','), *e;

	if (!*val)
		return err("resubmit: expected resubmit:PORT or "
			   "resubmit([PORT],[TABLE])");
	if (comma)
		*comma++ = '\0';
	if (*val && (ofp_parse_port(val, &port) || port == OFPP_ANY))
		return err("resubmit: bad port \"%s\"", val);
	if (comma && *comma &&
	    (e = parse_uint("resubmit table", comma, 254, &table)))
		return e;
	r = ofpact_put(out, OFPACT_RESUBMIT, sizeof *r);
	r->in_port = port;
	r->table_id = table;
	return NULL;
}

static char *parse_enqueue(char *val, struct buf *out)
{
	char *sep = val + strcspn(val, ":,");
	struct ofpact_enqueue *eq;
	unsigned long long q;
	uint32_t port;
	char *e;

	if (!*sep)
		return err("enqueue:%s: expected PORT:QUEUE", val);
	*sep++ = '\0';
	if (ofp_parse_port(val, &port))
		return err("enqueue: bad port \"%s\"", val);
	if ((e = parse_uint("enqueue queue", sep, 0xffffffff, &q)))
		return e;
	eq = ofpact_put(out, OFPACT_ENQUEUE, sizeof *eq);
	eq->port = port;
	eq->queue = q;
	return NULL;
}

/* Old-style mod_* actions: a set_field of a fixed field. */
static char *parse_mod(const char *key, char *val, struct buf *out)
{
	static const struct { const char *name; enum mf_id id; } mods[] = {
		{ "mod_dl_src", MFF_ETH_SRC }, { "mod_dl_dst", MFF_ETH_DST },
		{ "mod_nw_src", MFF_IPV4_SRC }, { "mod_nw_dst", MFF_IPV4_DST },
		{ "mod_nw_ecn", MFF_IP_ECN },
	};
	union mf_value v, k;
	bool has_mask;
	size_t i;
	char *e;

	for (i = 0; i < ARRAY_SIZE(mods); i++) {
		if (strcmp(key, mods[i].name))
			continue;
		e = parse_value(mods[i].id, key, val, &v, &k, &has_mask);
		if (!e && has_mask)
			e = err("%s: masks are not allowed", key);
		if (!e && mf_set_flow(mods[i].id, &v, &(struct flow){ 0 }))
			e = err("%s: value \"%s\" out of range", key, val);
		if (!e)
			ofpact_put_set_field(out, mods[i].id, &v);
		return e;
	}
	return err("unknown action \"%s\"", key);
}

static char *parse_u32_action(const char *key, const char *val,
			      enum ofpact_type type, unsigned long long max,
			      struct buf *out)
{
	unsigned long long v;
	char *e = parse_uint(key, val, max, &v);

	if (!e)
		ofpact_put_u32(out, type, v);
	return e;
}

static char *parse_ethertype_action(const char *key, const char *val,
				    enum ofpact_type type, uint16_t a,
				    uint16_t b, struct buf *out)
{
	unsigned long long v;
	char *e = parse_uint(key, val, 0xffff, &v);

	if (e)
		return e;
	if (a && v != a && v != b)
		return err("%s: ethertype must be 0x%04x%s", key, a,
			   b != a ? " or the alternative" : "");
	ofpact_put_u32(out, type, v);
	return NULL;
}

static char *parse_one_action(char *key, char *val, struct buf *out,
			      bool nested)
{
	unsigned long long v;
	uint32_t port;
	char *e;

	if (!strcmp(key, "output")) {
		if (ofp_parse_port(val, &port) || port == OFPP_ANY)
			return err("output: bad port \"%s\"", val);
		if (port == OFPP_CONTROLLER)
			return parse_controller("", out);
		ofpact_put_output(out, port, 0);
		return NULL;
	}
	if (!strcasecmp(key, "controller"))
		return parse_controller(val, out);
	if (!ofp_parse_port(key, &port) && port != OFPP_ANY) {
		if (*val)
			return err("%s takes no argument", key);
		ofpact_put_output(out, port, 0);
		return NULL;
	}
	if (!strcmp(key, "enqueue"))
		return parse_enqueue(val, out);
	if (!strcmp(key, "resubmit"))
		return parse_resubmit(val, out);
	if (!strcmp(key, "drop"))
		return err("drop must be the only action");
	if (!strcmp(key, "set_field"))
		return parse_set_field(val, out);
	if (!strcmp(key, "mod_vlan_vid"))
		return parse_u32_action(key, val, OFPACT_SET_VLAN_VID, 0xfff,
					out);
	if (!strcmp(key, "mod_vlan_pcp"))
		return parse_u32_action(key, val, OFPACT_SET_VLAN_PCP, 7, out);
	if (!strcmp(key, "mod_nw_tos")) {
		if ((e = parse_uint(key, val, 255, &v)))
			return e;
		if (v & 3)
			return err("mod_nw_tos: %llu has ECN bits set", v);
		{
			union mf_value dscp = { .b = { v >> 2 } };

			ofpact_put_set_field(out, MFF_IP_DSCP, &dscp);
		}
		return NULL;
	}
	if (!strcmp(key, "mod_tp_src") || !strcmp(key, "mod_tp_dst")) {
		struct ofpact_l4_port *l4;

		if ((e = parse_uint(key, val, 0xffff, &v)))
			return e;
		l4 = ofpact_put(out, key[7] == 's' ? OFPACT_SET_L4_SRC
				: OFPACT_SET_L4_DST, sizeof *l4);
		l4->port = v;
		return NULL;
	}
	if (!strcmp(key, "strip_vlan") || !strcmp(key, "pop_vlan")) {
		ofpact_put(out, OFPACT_POP_VLAN, 8);
		return NULL;
	}
	if (!strcmp(key, "push_vlan"))
		return parse_ethertype_action(key, val, OFPACT_PUSH_VLAN,
					      0x8100, 0x88a8, out);
	if (!strcmp(key, "push_mpls"))
		return parse_ethertype_action(key, val, OFPACT_PUSH_MPLS,
					      0x8847, 0x8848, out);
	if (!strcmp(key, "pop_mpls"))
		return parse_ethertype_action(key, val, OFPACT_POP_MPLS, 0, 0,
					      out);
	if (!strcmp(key, "push_pbb"))
		return parse_ethertype_action(key, val, OFPACT_PUSH_PBB,
					      0x88e7, 0x88e7, out);
	if (!strcmp(key, "group"))
		return parse_u32_action(key, val, OFPACT_GROUP, OFPG_MAX, out);
	if (!strcmp(key, "set_queue"))
		return parse_u32_action(key, val, OFPACT_SET_QUEUE,
					0xffffffff, out);
	if (!strcmp(key, "mod_nw_ttl") || !strcmp(key, "set_nw_ttl"))
		return parse_u32_action(key, val, OFPACT_SET_NW_TTL, 255, out);
	if (!strcmp(key, "set_mpls_ttl"))
		return parse_u32_action(key, val, OFPACT_SET_MPLS_TTL, 255,
					out);
	{
		static const struct { const char *name; enum ofpact_type t; }
		simple[] = {
			{ "dec_ttl", OFPACT_DEC_NW_TTL },
			{ "dec_mpls_ttl", OFPACT_DEC_MPLS_TTL },
			{ "copy_ttl_out", OFPACT_COPY_TTL_OUT },
			{ "copy_ttl_in", OFPACT_COPY_TTL_IN },
			{ "pop_pbb", OFPACT_POP_PBB },
			{ "clear_actions", OFPACT_CLEAR_ACTIONS },
		};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(simple); i++) {
			if (strcmp(key, simple[i].name))
				continue;
			if (*val)
				return err("%s takes no argument", key);
			if (nested && ofpact_is_instruction(simple[i].t))
				return err("%s is not allowed inside "
					   "write_actions", key);
			ofpact_put(out, simple[i].t, 8);
			return NULL;
		}
	}
	if (nested && (!strcmp(key, "goto_table") || !strcmp(key, "meter") ||
		       !strcmp(key, "write_metadata") ||
		       !strcmp(key, "write_actions")))
		return err("%s is not allowed inside write_actions", key);
	if (!strcmp(key, "goto_table"))
		return parse_u32_action(key, val, OFPACT_GOTO_TABLE, 254, out);
	if (!strcmp(key, "meter"))
		return parse_u32_action(key, val, OFPACT_METER, OFPM_MAX, out);
	if (!strcmp(key, "write_metadata")) {
		struct ofpact_metadata *md;
		unsigned long long m = ~0ULL;
		char *slash = strchr(val, '/');

		if (slash)
			*slash++ = '\0';
		if ((e = parse_uint(key, val, ~0ULL, &v)) ||
		    (slash && (e = parse_uint(key, slash, ~0ULL, &m))))
			return e;
		md = ofpact_put(out, OFPACT_WRITE_METADATA, sizeof *md);
		md->metadata = v & m;
		md->mask = m;
		return NULL;
	}
	if (!strcmp(key, "write_actions")) {
		size_t ofs = ofpact_nest_start(out, OFPACT_WRITE_ACTIONS);

		e = parse_actions__(val, out, true);
		if (!e)
			ofpact_nest_end(out, ofs);
		return e;
	}
	if (!str_to_uint(key, 0xffffffff, &v))
		return err("output: bad port \"%s\"", key);
	if (!strncmp(key, "mod_", 4))
		return parse_mod(key, val, out);
	return err("unknown action \"%s\"", key);
}

static char *parse_actions__(char *s, struct buf *out, bool nested)
{
	size_t start = out->size;
	char *key, *val, *e;
	int n = 0, rc;

	if (!nested) {
		char *t = s + strspn(s, " \t\r\n");

		if (!strncmp(t, "drop", 4) && !t[4 + strspn(t + 4, " \t\r\n")])
			return NULL;
	}
	while (next_kv(&s, &key, &val, &e)) {
		e = parse_one_action(key, val, out, nested);
		if (e)
			return e;
		n++;
	}
	if (e)
		return e;
	rc = out->size == start ? 0
	     : ofpacts_verify((const void *)(out->data + start),
			      out->size - start);
	if (rc)
		return err("instructions must follow the actions, in the order "
			   "meter, clear_actions, write_actions, "
			   "write_metadata, goto_table, each at most once");
	return NULL;
}

char *ofp_parse_actions(const char *s_, struct buf *ofpacts)
{
	char *s = xstrdup(s_);
	char *e = parse_actions__(s, ofpacts, false);

	free(s);
	return e;
}

/* ---- Files. ---- */

/* add-flows lines may start with the command: "delete_strict ip". */
static size_t command_prefix(const char *p, int dflt, int *cmd)
{
	static const struct { const char *name; int cmd; } cmds[] = {
		{ "add", OFPFC_ADD }, { "modify", OFPFC_MODIFY },
		{ "modify_strict", OFPFC_MODIFY_STRICT },
		{ "delete", OFPFC_DELETE },
		{ "delete_strict", OFPFC_DELETE_STRICT },
	};
	size_t len = strcspn(p, " \t,"), i;

	*cmd = dflt;
	if (!p[len])
		return 0;
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (strlen(cmds[i].name) == len &&
		    !strncmp(p, cmds[i].name, len)) {
			*cmd = cmds[i].cmd;
			return len;
		}
	}
	return 0;
}

char *ofp_parse_flow_file(FILE *f, int command, ofp_flow_cb *cb, void *aux)
{
	struct buf ofpacts = BUF_INITIALIZER;
	char *line = NULL, *e = NULL;
	size_t cap = 0;
	unsigned int lineno = 0;

	while (!e && getline(&line, &cap, f) >= 0) {
		struct ofp_flow_mod fm;
		char *p = line + strspn(line, " \t\r\n"), *hash;
		size_t skip;
		int cmd;

		lineno++;
		/* '#' starts a comment only at the start of a line or after
		 * white space, as in ovs-ofctl. */
		for (hash = strchr(p, '#'); hash; hash = strchr(hash + 1, '#'))
			if (hash == p || strchr(" \t", hash[-1]))
				break;
		if (hash)
			*hash = '\0';
		if (!p[strspn(p, " \t\r\n")])
			continue;
		skip = command_prefix(p, command, &cmd);
		e = ofp_parse_flow_mod(p + skip, cmd, &fm, &ofpacts);
		if (e) {
			char *m = err("line %u: %s", lineno, e);

			free(e);
			e = m;
			break;
		}
		e = cb(&fm, aux);
	}
	free(line);
	buf_uninit(&ofpacts);
	return e;
}
