/*
 * The ovs-dpctl text form of OVS_ACTION_ATTR_* lists: printing and
 * parsing (see odp.h for the grammar).  Key attributes inside set()
 * use the key printer and parser of odp-text.c.
 */
#include <config.h>
#include "odp.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openvswitch.h>
#include "odp-priv.h"
#include "util.h"

/* ---- Actions ---- */

static void print_actions(struct buf *b, const void *data, size_t len);

/* Sample probabilities print with the fewest decimals that parse back
 * to the same 32-bit value. */
static uint32_t pct_to_prob(double pct)
{
	double p = pct / 100.0 * UINT32_MAX + 0.5;

	return p >= UINT32_MAX ? UINT32_MAX : p <= 0 ? 0 : (uint32_t)p;
}

static void print_probability(struct buf *b, uint32_t prob)
{
	double pct = prob * 100.0 / UINT32_MAX;
	char s[32];
	int digits;

	for (digits = 1; digits < 12; digits++) {
		snprintf(s, sizeof s, "%.*f", digits, pct);
		if (pct_to_prob(strtod(s, NULL)) == prob)
			break;
	}
	odpt_sb_printf(b, "%s%%", s);
}

/* Indexes nested attributes by type (max 8); false on bad framing or
 * duplicates. */
static bool index_nested(const struct nlattr *a, const struct nlattr **t,
			 unsigned int max)
{
	const uint8_t *p = odpt_pl(a);
	size_t left = odpt_pl_len(a);
	const struct nlattr *n;
	int err = 0;

	memset(t, 0, (max + 1) * sizeof *t);
	while ((n = odp_nl_next(&p, &left, &err)) != NULL) {
		unsigned int type = n->nla_type & NLA_TYPE_MASK;

		if (type > max || t[type])
			return false;
		t[type] = n;
	}
	return !err;
}

static bool print_userspace(struct buf *b, const struct nlattr *a)
{
	const struct nlattr *t[OVS_USERSPACE_ATTR_MAX + 1];
	uint32_t v;

	if (!index_nested(a, t, OVS_USERSPACE_ATTR_MAX) ||
	    !t[OVS_USERSPACE_ATTR_PID] ||
	    odpt_pl_len(t[OVS_USERSPACE_ATTR_PID]) != 4 ||
	    (t[OVS_USERSPACE_ATTR_EGRESS_TUN_PORT] &&
	     odpt_pl_len(t[OVS_USERSPACE_ATTR_EGRESS_TUN_PORT]) != 4) ||
	    (t[OVS_USERSPACE_ATTR_ACTIONS] &&
	     odpt_pl_len(t[OVS_USERSPACE_ATTR_ACTIONS])))
		return false;
	memcpy(&v, odpt_pl(t[OVS_USERSPACE_ATTR_PID]), 4);
	odpt_sb_printf(b, "userspace(pid=%u", v);
	if (t[OVS_USERSPACE_ATTR_USERDATA]) {
		odpt_sb_printf(b, ",userdata(");
		odpt_sb_hex(b, odpt_pl(t[OVS_USERSPACE_ATTR_USERDATA]),
		       odpt_pl_len(t[OVS_USERSPACE_ATTR_USERDATA]));
		odpt_sb_printf(b, ")");
	}
	if (t[OVS_USERSPACE_ATTR_EGRESS_TUN_PORT]) {
		memcpy(&v, odpt_pl(t[OVS_USERSPACE_ATTR_EGRESS_TUN_PORT]), 4);
		odpt_sb_printf(b, ",tunnel_out_port=%u", v);
	}
	if (t[OVS_USERSPACE_ATTR_ACTIONS])
		odpt_sb_printf(b, ",actions");
	odpt_sb_printf(b, ")");
	return true;
}

static bool print_sample(struct buf *b, const struct nlattr *a)
{
	const struct nlattr *t[OVS_SAMPLE_ATTR_MAX + 1];
	uint32_t prob;

	if (!index_nested(a, t, OVS_SAMPLE_ATTR_MAX) ||
	    !t[OVS_SAMPLE_ATTR_PROBABILITY] ||
	    odpt_pl_len(t[OVS_SAMPLE_ATTR_PROBABILITY]) != 4 ||
	    !t[OVS_SAMPLE_ATTR_ACTIONS])
		return false;
	memcpy(&prob, odpt_pl(t[OVS_SAMPLE_ATTR_PROBABILITY]), 4);
	odpt_sb_printf(b, "sample(sample=");
	print_probability(b, prob);
	odpt_sb_printf(b, ",actions(");
	print_actions(b, odpt_pl(t[OVS_SAMPLE_ATTR_ACTIONS]),
		      odpt_pl_len(t[OVS_SAMPLE_ATTR_ACTIONS]));
	odpt_sb_printf(b, "))");
	return true;
}

/* set(KEYATTR) and, for set_masked, the attribute's value half with
 * its mask half. */
static bool print_set(struct buf *b, const struct nlattr *a, bool masked)
{
	const uint8_t *p = odpt_pl(a);
	const struct nlattr *inner = (const struct nlattr *)p;
	size_t left = odpt_pl_len(a);
	int err = 0;
	size_t len;

	if (!odp_nl_next(&p, &left, &err) || left)
		return false;
	len = odpt_pl_len(inner);
	if ((inner->nla_type & NLA_TYPE_MASK) == OVS_KEY_ATTR_ENCAP ||
	    (masked && len % 2))
		return false;
	odpt_sb_printf(b, "set(");
	if (masked)
		odpt_print_attr_raw(b, inner->nla_type & NLA_TYPE_MASK, odpt_pl(inner),
			       len / 2, odpt_pl(inner) + len / 2, "");
	else
		odpt_print_attr_raw(b, inner->nla_type & NLA_TYPE_MASK, odpt_pl(inner),
			       len, NULL, "");
	odpt_sb_printf(b, ")");
	return true;
}

static bool print_push_vlan(struct buf *b, const struct nlattr *a)
{
	struct ovs_action_push_vlan pv;
	uint16_t tci;

	if (odpt_pl_len(a) != sizeof pv)
		return false;
	memcpy(&pv, odpt_pl(a), sizeof pv);
	tci = ntohs(pv.vlan_tci);
	odpt_sb_printf(b, "push_vlan(");
	if (pv.vlan_tpid != htons(0x8100))
		odpt_sb_printf(b, "tpid=0x%04x,", ntohs(pv.vlan_tpid));
	odpt_sb_printf(b, "vid=%u,pcp=%u", tci & 0xfff, tci >> 13);
	if (!(tci & FSW_VLAN_PRESENT))
		odpt_sb_printf(b, ",cfi=0");
	odpt_sb_printf(b, ")");
	return true;
}

static bool print_push_mpls(struct buf *b, const struct nlattr *a)
{
	struct ovs_action_push_mpls pm;
	uint32_t lse;

	if (odpt_pl_len(a) != sizeof pm)
		return false;
	memcpy(&pm, odpt_pl(a), sizeof pm);
	lse = ntohl(pm.mpls_lse);
	odpt_sb_printf(b, "push_mpls(label=%u,tc=%u,ttl=%u,bos=%u,eth_type=%#x)",
		  lse >> 12, (lse >> 9) & 7, lse & 0xff, (lse >> 8) & 1,
		  ntohs(pm.mpls_ethertype));
	return true;
}

/* Prints one action in its named form; false if it has none (unknown
 * type or a payload of the wrong size). */
static bool print_action(struct buf *b, const struct nlattr *a)
{
	unsigned int type = a->nla_type & NLA_TYPE_MASK;
	size_t len = odpt_pl_len(a);
	struct ovs_action_hash hash;
	uint32_t u32;
	uint16_t u16;

	if (len == 4)
		memcpy(&u32, odpt_pl(a), 4);
	switch (type) {
	case OVS_ACTION_ATTR_OUTPUT:
		if (len != 4)
			return false;
		odpt_sb_printf(b, "%u", u32);
		return true;
	case OVS_ACTION_ATTR_TRUNC:
		if (len != 4)
			return false;
		odpt_sb_printf(b, "trunc(%u)", u32);
		return true;
	case OVS_ACTION_ATTR_RECIRC:
		if (len != 4)
			return false;
		odpt_sb_printf(b, "recirc(%#x)", u32);
		return true;
	case OVS_ACTION_ATTR_METER:
		if (len != 4)
			return false;
		odpt_sb_printf(b, "meter(%u)", u32);
		return true;
	case OVS_ACTION_ATTR_USERSPACE:
		return print_userspace(b, a);
	case OVS_ACTION_ATTR_SET:
	case OVS_ACTION_ATTR_SET_MASKED:
		return print_set(b, a, type == OVS_ACTION_ATTR_SET_MASKED);
	case OVS_ACTION_ATTR_PUSH_VLAN:
		return print_push_vlan(b, a);
	case OVS_ACTION_ATTR_POP_VLAN:
	case OVS_ACTION_ATTR_CT_CLEAR:
	case OVS_ACTION_ATTR_POP_ETH:
		if (len)
			return false;
		odpt_sb_printf(b, "%s", type == OVS_ACTION_ATTR_POP_VLAN ? "pop_vlan"
			  : type == OVS_ACTION_ATTR_CT_CLEAR ? "ct_clear"
			  : "pop_eth");
		return true;
	case OVS_ACTION_ATTR_SAMPLE:
		return print_sample(b, a);
	case OVS_ACTION_ATTR_HASH:
		if (len != sizeof hash)
			return false;
		memcpy(&hash, odpt_pl(a), sizeof hash);
		if (hash.hash_alg != OVS_HASH_ALG_L4)
			return false;
		odpt_sb_printf(b, "hash(l4(%u))", hash.hash_basis);
		return true;
	case OVS_ACTION_ATTR_PUSH_MPLS:
		return print_push_mpls(b, a);
	case OVS_ACTION_ATTR_POP_MPLS:
		if (len != 2)
			return false;
		memcpy(&u16, odpt_pl(a), 2);
		odpt_sb_printf(b, "pop_mpls(eth_type=%#x)", ntohs(u16));
		return true;
	case OVS_ACTION_ATTR_CLONE:
		odpt_sb_printf(b, "clone(");
		print_actions(b, odpt_pl(a), len);
		odpt_sb_printf(b, ")");
		return true;
	}
	return false;
}

static void print_actions(struct buf *b, const void *data, size_t len)
{
	const uint8_t *p = data;
	const struct nlattr *a;
	const char *sep = "";
	int err = 0;

	while ((a = odp_nl_next(&p, &len, &err)) != NULL) {
		size_t mark = b->size;

		odpt_sb_printf(b, "%s", sep);
		if (!print_action(b, a)) {
			b->size = mark;
			odpt_sb_printf(b, "%saction%u(", sep,
				  a->nla_type & NLA_TYPE_MASK);
			odpt_sb_hex(b, odpt_pl(a), odpt_pl_len(a));
			odpt_sb_printf(b, ")");
		}
		sep = ",";
	}
	if (err)
		odpt_sb_printf(b, "%s<malformed>", sep);
}

char *odp_actions_to_string(const void *actions, size_t len)
{
	struct buf b = BUF_INITIALIZER;

	if (!len)
		odpt_sb_printf(&b, "drop");
	else
		print_actions(&b, actions, len);
	return odpt_sb_finish(&b);
}

/* Parsing actions. */

static int parse_action_list(struct odpt_parse *tp, struct buf *out, int depth);

/* Reads "N)" as an unsigned number at most MAX. */
static int parse_arg_uint(struct odpt_parse *tp, unsigned long long max,
			  unsigned long long *v)
{
	char s[32];

	if (odpt_read_token(tp, s, sizeof s) || odpt_parse_uint(tp, s, max, v))
		return -EINVAL;
	return odpt_expect(tp, ')');
}

/* Reads "NAME=" and checks it is WANT. */
static int expect_name(struct odpt_parse *tp, const char *want)
{
	const char *name;
	size_t n = odpt_read_name(tp, &name);

	if (n != strlen(want) || strncmp(name, want, n) || odpt_expect(tp, '='))
		return odpt_fail(tp, "expected '%s='", want);
	return 0;
}

/* Reads "NAME(" and checks it is WANT. */
static int expect_name_paren(struct odpt_parse *tp, const char *want)
{
	const char *name;
	size_t n = odpt_read_name(tp, &name);

	if (n != strlen(want) || strncmp(name, want, n) || odpt_expect(tp, '('))
		return odpt_fail(tp, "expected '%s('", want);
	return 0;
}

static int parse_named_uint(struct odpt_parse *tp, const char *name,
			    unsigned long long max, unsigned long long *v)
{
	char s[32];

	if (expect_name(tp, name) || odpt_read_token(tp, s, sizeof s))
		return -EINVAL;
	return odpt_parse_uint(tp, s, max, v);
}

/* Reads hex digits up to the next ')' (not consumed) into OUT. */
static int read_hex(struct odpt_parse *tp, struct buf *out)
{
	size_t len = strcspn(tp->p, ")");
	char *hex;
	int err;

	if (len % 2)
		return odpt_fail(tp, "odd number of hex digits");
	hex = xmalloc(len + 1);
	memcpy(hex, tp->p, len);
	hex[len] = '\0';
	err = len ? odpt_parse_hex_bytes(tp, hex,
					 buf_put_uninit(out, len / 2),
					 len / 2) : 0;
	free(hex);
	if (!err)
		tp->p += len;
	return err;
}

/* userspace(pid=N[,userdata(HEX)][,tunnel_out_port=N][,actions]), the
 * options in any order, each at most once. */
static int parse_userspace(struct odpt_parse *tp, struct buf *out)
{
	unsigned long long pid, port;
	unsigned int seen = 0;
	size_t nest;

	if (parse_named_uint(tp, "pid", UINT32_MAX, &pid))
		return -EINVAL;
	nest = nlbuf_nest_start(out, OVS_ACTION_ATTR_USERSPACE);
	nlbuf_put_u32(out, OVS_USERSPACE_ATTR_PID, pid);
	while (odpt_match(tp, ',')) {
		odpt_skip_space(tp);
		if (!strncmp(tp->p, "userdata(", 9) && !(seen & 1)) {
			struct buf data = BUF_INITIALIZER;
			int err;

			tp->p += 9;
			err = read_hex(tp, &data);
			if (!err)
				nlbuf_put(out, OVS_USERSPACE_ATTR_USERDATA,
					  data.data, data.size);
			buf_uninit(&data);
			if (err || odpt_expect(tp, ')'))
				return -EINVAL;
			seen |= 1;
		} else if (!strncmp(tp->p, "tunnel_out_port=", 16) &&
			   !(seen & 2)) {
			if (parse_named_uint(tp, "tunnel_out_port", UINT32_MAX,
					     &port))
				return -EINVAL;
			nlbuf_put_u32(out, OVS_USERSPACE_ATTR_EGRESS_TUN_PORT,
				      port);
			seen |= 2;
		} else if (!strncmp(tp->p, "actions", 7) && !(seen & 4)) {
			tp->p += 7;
			nlbuf_put_flag(out, OVS_USERSPACE_ATTR_ACTIONS);
			seen |= 4;
		} else {
			return odpt_fail(tp, "bad or repeated userspace() "
					 "option");
		}
	}
	nlbuf_nest_end(out, nest);
	return odpt_expect(tp, ')');
}

static int parse_sample(struct odpt_parse *tp, struct buf *out, int depth)
{
	char s[32];
	char *end;
	double pct;
	size_t nest, acts;

	if (expect_name(tp, "sample") || odpt_read_token(tp, s, sizeof s))
		return -EINVAL;
	pct = strtod(s, &end);
	if (end == s || strcmp(end, "%") || !(pct >= 0 && pct <= 100))
		return odpt_fail(tp, "bad sample probability '%s'", s);
	if (odpt_expect(tp, ',') || expect_name_paren(tp, "actions"))
		return -EINVAL;
	nest = nlbuf_nest_start(out, OVS_ACTION_ATTR_SAMPLE);
	nlbuf_put_u32(out, OVS_SAMPLE_ATTR_PROBABILITY, pct_to_prob(pct));
	acts = nlbuf_nest_start(out, OVS_SAMPLE_ATTR_ACTIONS);
	if (parse_action_list(tp, out, depth + 1) || odpt_expect(tp, ')') ||
	    odpt_expect(tp, ')'))
		return -EINVAL;
	nlbuf_nest_end(out, acts);
	nlbuf_nest_end(out, nest);
	return 0;
}

static int parse_push_vlan(struct odpt_parse *tp, struct buf *out)
{
	struct ovs_action_push_vlan pv = { htons(0x8100), 0 };
	unsigned long long vid, pcp, tpid, cfi = 1;

	if (!strncmp(tp->p, "tpid=", 5)) {
		if (parse_named_uint(tp, "tpid", 0xffff, &tpid) ||
		    odpt_expect(tp, ','))
			return -EINVAL;
		pv.vlan_tpid = htons(tpid);
	}
	if (parse_named_uint(tp, "vid", 0xfff, &vid) || odpt_expect(tp, ',') ||
	    parse_named_uint(tp, "pcp", 7, &pcp))
		return -EINVAL;
	if (odpt_match(tp, ',') && parse_named_uint(tp, "cfi", 1, &cfi))
		return -EINVAL;
	pv.vlan_tci = htons(vid | pcp << 13 | (cfi ? FSW_VLAN_PRESENT : 0));
	nlbuf_put(out, OVS_ACTION_ATTR_PUSH_VLAN, &pv, sizeof pv);
	return odpt_expect(tp, ')');
}

static int parse_push_mpls(struct odpt_parse *tp, struct buf *out)
{
	unsigned long long label, tc, ttl, bos, type;
	struct ovs_action_push_mpls pm;

	if (parse_named_uint(tp, "label", 0xfffff, &label) ||
	    odpt_expect(tp, ',') || parse_named_uint(tp, "tc", 7, &tc) ||
	    odpt_expect(tp, ',') || parse_named_uint(tp, "ttl", 255, &ttl) ||
	    odpt_expect(tp, ',') || parse_named_uint(tp, "bos", 1, &bos) ||
	    odpt_expect(tp, ',') || parse_named_uint(tp, "eth_type", 0xffff, &type) ||
	    odpt_expect(tp, ')'))
		return -EINVAL;
	memset(&pm, 0, sizeof pm);	/* the struct has tail padding */
	pm.mpls_lse = htonl(label << 12 | tc << 9 | bos << 8 | ttl);
	pm.mpls_ethertype = htons(type);
	nlbuf_put(out, OVS_ACTION_ATTR_PUSH_MPLS, &pm, sizeof pm);
	return 0;
}

/* set(KEYATTR): OVS_ACTION_ATTR_SET if every byte is given exactly,
 * else OVS_ACTION_ATTR_SET_MASKED with the value and mask halves. */
static int parse_set(struct odpt_parse *tp, struct buf *out)
{
	struct buf k = BUF_INITIALIZER, m = BUF_INITIALIZER;
	const struct nlattr *ka, *ma;
	size_t nest, len, i;
	int err = -EINVAL;
	uint8_t *p;

	odpt_skip_space(tp);
	if (!strncmp(tp->p, "encap(", 6)) {
		odpt_fail(tp, "set(encap(...)) is not an action");
		goto out;
	}
	if (odpt_parse_key_attr(tp, &k, &m, 2) || odpt_expect(tp, ')'))
		goto out;
	if (!k.size) {
		odpt_fail(tp, "set() needs a value");
		goto out;
	}
	ka = (const struct nlattr *)k.data;
	ma = (const struct nlattr *)m.data;
	len = odpt_pl_len(ka);
	if (odpt_all_value(odpt_pl(ma), len, 0xff)) {
		nest = nlbuf_nest_start(out, OVS_ACTION_ATTR_SET);
		nlbuf_put(out, ka->nla_type, odpt_pl(ka), len);
	} else {
		nest = nlbuf_nest_start(out, OVS_ACTION_ATTR_SET_MASKED);
		p = xmalloc(len * 2 + 1);
		for (i = 0; i < len; i++) {
			p[i] = odpt_pl(ka)[i] & odpt_pl(ma)[i];
			p[len + i] = odpt_pl(ma)[i];
		}
		nlbuf_put(out, ka->nla_type, p, len * 2);
		free(p);
	}
	nlbuf_nest_end(out, nest);
	err = 0;
out:
	buf_uninit(&k);
	buf_uninit(&m);
	return err;
}

static int parse_raw_action(struct odpt_parse *tp, unsigned int type,
			    struct buf *out)
{
	struct buf data = BUF_INITIALIZER;
	int err = read_hex(tp, &data);

	if (!err)
		err = odpt_expect(tp, ')');
	if (!err)
		nlbuf_put(out, type, data.data, data.size);
	buf_uninit(&data);
	return err;
}

static bool is_name(const char *name, size_t n, const char *want)
{
	return n == strlen(want) && !strncmp(name, want, n);
}

static int parse_action(struct odpt_parse *tp, struct buf *out, int depth)
{
	unsigned long long v;
	const char *name;
	size_t n, nest;

	n = odpt_read_name(tp, &name);
	if (!n)
		return odpt_fail(tp, "expected an action");
	if (isdigit((unsigned char)*name)) {
		char num[24];

		if (n >= sizeof num)
			return odpt_fail(tp, "bad port number");
		memcpy(num, name, n);
		num[n] = '\0';
		if (odpt_parse_uint(tp, num, UINT32_MAX, &v))
			return -EINVAL;
		nlbuf_put_u32(out, OVS_ACTION_ATTR_OUTPUT, v);
		return 0;
	}
	if (is_name(name, n, "pop_vlan")) {
		nlbuf_put_flag(out, OVS_ACTION_ATTR_POP_VLAN);
		return 0;
	}
	if (is_name(name, n, "ct_clear")) {
		nlbuf_put_flag(out, OVS_ACTION_ATTR_CT_CLEAR);
		return 0;
	}
	if (is_name(name, n, "pop_eth")) {
		nlbuf_put_flag(out, OVS_ACTION_ATTR_POP_ETH);
		return 0;
	}
	if (odpt_expect(tp, '('))
		return -EINVAL;
	if (is_name(name, n, "trunc") || is_name(name, n, "recirc") ||
	    is_name(name, n, "meter")) {
		if (parse_arg_uint(tp, UINT32_MAX, &v))
			return -EINVAL;
		nlbuf_put_u32(out, name[0] == 't' ? OVS_ACTION_ATTR_TRUNC :
			      name[0] == 'r' ? OVS_ACTION_ATTR_RECIRC :
			      OVS_ACTION_ATTR_METER, v);
		return 0;
	}
	if (is_name(name, n, "hash")) {
		struct ovs_action_hash h = { OVS_HASH_ALG_L4, 0 };

		odpt_skip_space(tp);
		if (strncmp(tp->p, "l4(", 3))
			return odpt_fail(tp, "expected l4(");
		tp->p += 3;
		if (parse_arg_uint(tp, UINT32_MAX, &v) || odpt_expect(tp, ')'))
			return -EINVAL;
		h.hash_basis = v;
		nlbuf_put(out, OVS_ACTION_ATTR_HASH, &h, sizeof h);
		return 0;
	}
	if (is_name(name, n, "pop_mpls")) {
		uint16_t type;

		if (parse_named_uint(tp, "eth_type", 0xffff, &v) ||
		    odpt_expect(tp, ')'))
			return -EINVAL;
		type = htons(v);
		nlbuf_put(out, OVS_ACTION_ATTR_POP_MPLS, &type, 2);
		return 0;
	}
	if (depth >= 8)
		return odpt_fail(tp, "actions nested too deeply");
	if (is_name(name, n, "clone")) {
		nest = nlbuf_nest_start(out, OVS_ACTION_ATTR_CLONE);
		if (parse_action_list(tp, out, depth + 1) || odpt_expect(tp, ')'))
			return -EINVAL;
		nlbuf_nest_end(out, nest);
		return 0;
	}
	if (is_name(name, n, "userspace"))
		return parse_userspace(tp, out);
	if (is_name(name, n, "sample"))
		return parse_sample(tp, out, depth);
	if (is_name(name, n, "set"))
		return parse_set(tp, out);
	if (is_name(name, n, "push_vlan"))
		return parse_push_vlan(tp, out);
	if (is_name(name, n, "push_mpls"))
		return parse_push_mpls(tp, out);
	if (n > 6 && !strncmp(name, "action", 6) &&
	    isdigit((unsigned char)name[6])) {
		char num[8];

		if (n - 6 >= sizeof num)
			return odpt_fail(tp, "bad action number");
		memcpy(num, name + 6, n - 6);
		num[n - 6] = '\0';
		if (odpt_parse_uint(tp, num, NLA_TYPE_MASK, &v))
			return -EINVAL;
		return parse_raw_action(tp, v, out);
	}
	return odpt_fail(tp, "unknown action '%.*s'", (int)n, name);
}

static int parse_action_list(struct odpt_parse *tp, struct buf *out, int depth)
{
	odpt_skip_space(tp);
	if (!*tp->p || *tp->p == ')')
		return 0;
	do {
		if (parse_action(tp, out, depth))
			return -EINVAL;
	} while (odpt_match(tp, ','));
	return 0;
}

int odp_actions_from_string(const char *s, struct buf *actions, char **errp)
{
	struct buf a = BUF_INITIALIZER;
	struct odpt_parse tp = { s, s, NULL };
	int err;

	odpt_skip_space(&tp);
	if (!strncmp(tp.p, "drop", 4)) {
		tp.p += 4;
		err = odpt_finish_parse(&tp, 0, errp);
	} else {
		err = odpt_finish_parse(&tp, parse_action_list(&tp, &a, 0), errp);
	}
	if (!err)
		buf_put(actions, a.data, a.size);
	buf_uninit(&a);
	return err;
}
