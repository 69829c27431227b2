/*
 * The ovs-dpctl text forms of key/mask attribute streams and of action
 * lists: printing and parsing (see odp.h for the grammar).
 *
 * Key attributes are described by tables of fields (name, offset in the
 * attribute payload, how to print it), so that one printer and one
 * parser serve every attribute and print(parse(s)) == s holds by
 * construction for anything the printer produces.
 */
#include <config.h>
#include "odp.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openvswitch.h>
#include "odp-priv.h"
#include "util.h"

/* ---- Output strings ---- */

void odpt_sb_printf(struct buf *b, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	buf_reserve(b, n + 1);
	va_start(args, fmt);
	vsnprintf((char *)b->data + b->size, n + 1, fmt, args);
	va_end(args);
	b->size += n;
}

void odpt_sb_hex(struct buf *b, const void *p, size_t n)
{
	const uint8_t *d = p;

	while (n--)
		odpt_sb_printf(b, "%02x", *d++);
}

char *odpt_sb_finish(struct buf *b)
{
	odpt_sb_printf(b, "%s", "");	/* makes sure there is a NUL */
	return (char *)b->data;
}

/* ---- Key attribute descriptions ---- */

enum ftype {
	FT_MAC,		/* 6 bytes */
	FT_IP4,		/* be32, dotted quad; mask dotted or /prefix */
	FT_IP6,		/* 16 bytes */
	FT_DEC8,	/* u8, decimal */
	FT_HEX8,	/* u8, 0x */
	FT_DEC16BE,	/* be16, decimal */
	FT_HEX16BE,	/* be16, 0x%04x */
	FT_HEX16,	/* host u16, 0x */
	FT_DEC32,	/* host u32, decimal */
	FT_HEX32,	/* host u32, 0x */
	FT_HEX32BE,	/* be32, 0x */
	FT_FRAG,	/* OVS_FRAG_TYPE_* by name */
	FT_BYTES,	/* LEN bytes of hex */
	FT_TCPFLAGS,	/* be16 TCP flags by name */
};

struct field {
	const char *name;	/* NULL: the attribute's only value */
	uint8_t ofs;
	uint8_t type;
	uint8_t len;
};

struct attr_desc {
	unsigned int type;
	const char *name;
	const struct field *fields;
	size_t n_fields;
};

#define F(NAME, STRUCT, MEMBER, TYPE)					\
	{ NAME, offsetof(struct STRUCT, MEMBER), TYPE,			\
	  sizeof(((struct STRUCT *)0)->MEMBER) }

static const struct field f_hex32[] = { { NULL, 0, FT_HEX32, 4 } };
static const struct field f_dec32[] = { { NULL, 0, FT_DEC32, 4 } };
static const struct field f_hex16[] = { { NULL, 0, FT_HEX16, 2 } };
static const struct field f_hex16be[] = { { NULL, 0, FT_HEX16BE, 2 } };
static const struct field f_label[] = { { NULL, 0, FT_BYTES, 16 } };
static const struct field f_tcpflags[] = { { NULL, 0, FT_TCPFLAGS, 2 } };
static const struct field f_eth[] = {
	F("src", ovs_key_ethernet, eth_src, FT_MAC),
	F("dst", ovs_key_ethernet, eth_dst, FT_MAC),
};
static const struct field f_ipv4[] = {
	F("src", ovs_key_ipv4, ipv4_src, FT_IP4),
	F("dst", ovs_key_ipv4, ipv4_dst, FT_IP4),
	F("proto", ovs_key_ipv4, ipv4_proto, FT_DEC8),
	F("tos", ovs_key_ipv4, ipv4_tos, FT_HEX8),
	F("ttl", ovs_key_ipv4, ipv4_ttl, FT_DEC8),
	F("frag", ovs_key_ipv4, ipv4_frag, FT_FRAG),
};
static const struct field f_ipv6[] = {
	F("src", ovs_key_ipv6, ipv6_src, FT_IP6),
	F("dst", ovs_key_ipv6, ipv6_dst, FT_IP6),
	F("label", ovs_key_ipv6, ipv6_label, FT_HEX32BE),
	F("proto", ovs_key_ipv6, ipv6_proto, FT_DEC8),
	F("tclass", ovs_key_ipv6, ipv6_tclass, FT_HEX8),
	F("hlimit", ovs_key_ipv6, ipv6_hlimit, FT_DEC8),
	F("frag", ovs_key_ipv6, ipv6_frag, FT_FRAG),
};
static const struct field f_ports[] = {
	F("src", ovs_key_tcp, tcp_src, FT_DEC16BE),
	F("dst", ovs_key_tcp, tcp_dst, FT_DEC16BE),
};
static const struct field f_icmp[] = {
	F("type", ovs_key_icmp, icmp_type, FT_DEC8),
	F("code", ovs_key_icmp, icmp_code, FT_DEC8),
};
static const struct field f_arp[] = {
	F("sip", ovs_key_arp, arp_sip, FT_IP4),
	F("tip", ovs_key_arp, arp_tip, FT_IP4),
	F("op", ovs_key_arp, arp_op, FT_DEC16BE),
	F("sha", ovs_key_arp, arp_sha, FT_MAC),
	F("tha", ovs_key_arp, arp_tha, FT_MAC),
};
static const struct field f_nd[] = {
	F("target", ovs_key_nd, nd_target, FT_IP6),
	F("sll", ovs_key_nd, nd_sll, FT_MAC),
	F("tll", ovs_key_nd, nd_tll, FT_MAC),
};

#define D(TYPE, NAME, FIELDS) { TYPE, NAME, FIELDS, ARRAY_SIZE(FIELDS) }
static const struct attr_desc key_attrs[] = {
	D(OVS_KEY_ATTR_SKB_MARK, "skb_mark", f_hex32),
	D(OVS_KEY_ATTR_PRIORITY, "skb_priority", f_hex32),
	D(OVS_KEY_ATTR_CT_STATE, "ct_state", f_hex32),
	D(OVS_KEY_ATTR_CT_ZONE, "ct_zone", f_hex16),
	D(OVS_KEY_ATTR_CT_MARK, "ct_mark", f_hex32),
	D(OVS_KEY_ATTR_CT_LABELS, "ct_label", f_label),
	D(OVS_KEY_ATTR_RECIRC_ID, "recirc_id", f_hex32),
	D(OVS_KEY_ATTR_DP_HASH, "dp_hash", f_hex32),
	D(OVS_KEY_ATTR_IN_PORT, "in_port", f_dec32),
	D(OVS_KEY_ATTR_ETHERNET, "eth", f_eth),
	D(OVS_KEY_ATTR_ETHERTYPE, "eth_type", f_hex16be),
	D(OVS_KEY_ATTR_IPV4, "ipv4", f_ipv4),
	D(OVS_KEY_ATTR_IPV6, "ipv6", f_ipv6),
	D(OVS_KEY_ATTR_TCP, "tcp", f_ports),
	D(OVS_KEY_ATTR_TCP_FLAGS, "tcp_flags", f_tcpflags),
	D(OVS_KEY_ATTR_UDP, "udp", f_ports),
	D(OVS_KEY_ATTR_SCTP, "sctp", f_ports),
	D(OVS_KEY_ATTR_ICMP, "icmp", f_icmp),
	D(OVS_KEY_ATTR_ICMPV6, "icmpv6", f_icmp),
	D(OVS_KEY_ATTR_ARP, "arp", f_arp),
	D(OVS_KEY_ATTR_ND, "nd", f_nd),
	/* VLAN and ENCAP have code of their own. */
	{ OVS_KEY_ATTR_VLAN, "vlan", NULL, 0 },
	{ OVS_KEY_ATTR_ENCAP, "encap", NULL, 0 },
};

static const struct attr_desc *desc_by_type(unsigned int type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(key_attrs); i++)
		if (key_attrs[i].type == type)
			return &key_attrs[i];
	return NULL;
}

static const struct attr_desc *desc_by_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(key_attrs); i++)
		if (strlen(key_attrs[i].name) == len &&
		    !memcmp(key_attrs[i].name, name, len))
			return &key_attrs[i];
	return NULL;
}

bool odpt_all_value(const void *p, size_t n, uint8_t v)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++ != v)
			return false;
	return true;
}

static const char *const tcp_flag_names[] = {
	"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns",
};
#define TCP_NAMED_FLAGS 0x1ff
#define TCP_ALL_FLAGS 0xfff

/* ---- Printing keys ---- */

static uint64_t get_uint(const uint8_t *p, enum ftype t)
{
	uint32_t v32;
	uint16_t v16;

	switch (t) {
	case FT_DEC8:
	case FT_HEX8:
	case FT_FRAG:
		return *p;
	case FT_DEC16BE:
	case FT_HEX16BE:
	case FT_TCPFLAGS:
		memcpy(&v16, p, 2);
		return ntohs(v16);
	case FT_HEX16:
		memcpy(&v16, p, 2);
		return v16;
	case FT_DEC32:
	case FT_HEX32:
		memcpy(&v32, p, 4);
		return v32;
	case FT_HEX32BE:
		memcpy(&v32, p, 4);
		return ntohl(v32);
	default:
		return 0;
	}
}

static void print_tcp_flags(struct buf *b, unsigned int v,
			    const unsigned int *m)
{
	const char *sep = "";
	unsigned int i;

	bool exact = !m || *m == TCP_ALL_FLAGS;

	/* Reserved bits have no names: fall back to numbers. */
	if (v & ~TCP_NAMED_FLAGS || (!exact && *m & ~TCP_NAMED_FLAGS)) {
		odpt_sb_printf(b, "%#x", v);
		if (!exact)
			odpt_sb_printf(b, "/%#x", *m);
		return;
	}
	if (!exact) {
		for (i = 0; i < ARRAY_SIZE(tcp_flag_names); i++)
			if (*m & (1u << i))
				odpt_sb_printf(b, "%c%s", v & (1u << i) ? '+' : '-',
					  tcp_flag_names[i]);
		return;
	}
	if (!v)
		odpt_sb_printf(b, "0");
	for (i = 0; i < ARRAY_SIZE(tcp_flag_names); i++) {
		if (v & (1u << i)) {
			odpt_sb_printf(b, "%s%s", sep, tcp_flag_names[i]);
			sep = "|";
		}
	}
}

static void print_frag(struct buf *b, unsigned int v)
{
	static const char *const names[] = { "no", "first", "later" };

	if (v < ARRAY_SIZE(names))
		odpt_sb_printf(b, "%s", names[v]);
	else
		odpt_sb_printf(b, "%#x", v);
}

/* Prints one value (or, with IS_MASK, one mask) of type T. */
static void print_one(struct buf *b, const uint8_t *p, const struct field *f,
		      bool is_mask)
{
	char s[INET6_ADDRSTRLEN];
	uint64_t v = get_uint(p, f->type);

	switch (f->type) {
	case FT_MAC:
		odpt_sb_printf(b, "%02x:%02x:%02x:%02x:%02x:%02x",
			  p[0], p[1], p[2], p[3], p[4], p[5]);
		break;
	case FT_IP4:
		odpt_sb_printf(b, "%s", inet_ntop(AF_INET, p, s, sizeof s));
		break;
	case FT_IP6:
		odpt_sb_printf(b, "%s", inet_ntop(AF_INET6, p, s, sizeof s));
		break;
	case FT_BYTES:
		odpt_sb_printf(b, "0x");
		odpt_sb_hex(b, p, f->len);
		break;
	case FT_HEX16BE:
		odpt_sb_printf(b, "0x%04x", (unsigned int)v);
		break;
	case FT_FRAG:
		if (!is_mask) {
			print_frag(b, v);
			break;
		}
		/* fall through */
	case FT_HEX8:
	case FT_HEX16:
	case FT_HEX32:
	case FT_HEX32BE:
		odpt_sb_printf(b, "%#llx", (unsigned long long)v);
		break;
	default:
		if (is_mask)
			odpt_sb_printf(b, "%#llx", (unsigned long long)v);
		else
			odpt_sb_printf(b, "%llu", (unsigned long long)v);
		break;
	}
}

/* Prints field F of KEY (and MASK, which may be NULL).  Returns false
 * if a zero mask left it out. */
static bool print_field(struct buf *b, const struct field *f,
			const uint8_t *key, const uint8_t *mask,
			const char *sep)
{
	const uint8_t *k = key + f->ofs, *m = mask ? mask + f->ofs : NULL;

	if (m && odpt_all_value(m, f->len, 0))
		return false;
	odpt_sb_printf(b, "%s", sep);
	if (f->name)
		odpt_sb_printf(b, "%s=", f->name);
	if (f->type == FT_TCPFLAGS) {
		unsigned int mv = m ? get_uint(m, FT_TCPFLAGS) : 0;

		print_tcp_flags(b, get_uint(k, FT_TCPFLAGS), m ? &mv : NULL);
		return true;
	}
	print_one(b, k, f, false);
	if (m && !odpt_all_value(m, f->len, 0xff)) {
		odpt_sb_printf(b, "/");
		print_one(b, m, f, true);
	}
	return true;
}

static void print_vlan(struct buf *b, const uint8_t *key, const uint8_t *mask)
{
	uint16_t t, m = 0xffff;
	const char *sep = "";

	memcpy(&t, key, 2);
	t = ntohs(t);
	if (mask) {
		memcpy(&m, mask, 2);
		m = ntohs(m);
	}
	if (m & 0x0fff) {
		odpt_sb_printf(b, "vid=%u", t & 0x0fff);
		if ((m & 0x0fff) != 0x0fff)
			odpt_sb_printf(b, "/%#x", m & 0x0fff);
		sep = ",";
	}
	if (m & 0xe000) {
		odpt_sb_printf(b, "%spcp=%u", sep, t >> 13);
		if ((m & 0xe000) != 0xe000)
			odpt_sb_printf(b, "/%#x", m >> 13);
		sep = ",";
	}
	if (m & FSW_VLAN_PRESENT && !(t & FSW_VLAN_PRESENT))
		odpt_sb_printf(b, "%scfi=0", sep);
}

static void print_key_attrs(struct buf *b, const void *key, size_t key_len,
			    const void *mask, size_t mask_len, bool has_mask);

/* Finds attribute TYPE in a stream (NULL if absent or malformed). */
static const struct nlattr *find_attr(const void *data, size_t len,
				      unsigned int type)
{
	const uint8_t *p = data;
	const struct nlattr *a;
	int err = 0;

	while ((a = odp_nl_next(&p, &len, &err)) != NULL)
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
	return NULL;
}

const uint8_t *odpt_pl(const struct nlattr *a)
{
	return (const uint8_t *)a + NLA_HDRLEN;
}

size_t odpt_pl_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

/* Prints a non-nested attribute from its payload V (LEN bytes) and
 * mask payload MP (NULL: print the value alone). */
void odpt_print_attr_raw(struct buf *b, unsigned int type, const uint8_t *v,
			   size_t len, const uint8_t *mp, const char *sep)
{
	const struct attr_desc *d = desc_by_type(type);
	int want = odp_attr_len(type);
	const char *fsep = "";
	size_t i;

	if (!d || type == OVS_KEY_ATTR_ENCAP ||
	    (want >= 0 && len != (size_t)want) ||
	    (type == OVS_KEY_ATTR_VLAN && len != 2)) {
		odpt_sb_printf(b, "%skey%u(", sep, type);
		odpt_sb_hex(b, v, len);
		if (mp && !odpt_all_value(mp, len, 0xff)) {
			odpt_sb_printf(b, "/");
			odpt_sb_hex(b, mp, len);
		}
		odpt_sb_printf(b, ")");
		return;
	}
	odpt_sb_printf(b, "%s%s(", sep, d->name);
	if (type == OVS_KEY_ATTR_VLAN)
		print_vlan(b, v, mp);
	else
		for (i = 0; i < d->n_fields; i++)
			if (print_field(b, &d->fields[i], v, mp, fsep))
				fsep = ",";
	odpt_sb_printf(b, ")");
}

/* Prints attribute A with mask attribute M (NULL: none in the mask
 * stream, which with HAS_MASK means a wildcard).  Returns false if
 * nothing was printed. */
static bool print_key_attr(struct buf *b, const struct nlattr *a,
			   const struct nlattr *m, bool has_mask,
			   const char *sep)
{
	unsigned int type = a->nla_type & NLA_TYPE_MASK;
	const uint8_t *mp = m ? odpt_pl(m) : NULL;

	if (type == OVS_KEY_ATTR_ENCAP) {
		odpt_sb_printf(b, "%sencap(", sep);
		print_key_attrs(b, odpt_pl(a), odpt_pl_len(a), mp, m ? odpt_pl_len(m) : 0,
				has_mask);
		odpt_sb_printf(b, ")");
		return true;
	}
	if (has_mask && (!m || odpt_all_value(mp, odpt_pl_len(m), 0)))
		return false;
	if (m && odpt_pl_len(m) != odpt_pl_len(a))
		mp = NULL;	/* malformed: show the key alone */
	odpt_print_attr_raw(b, type, odpt_pl(a), odpt_pl_len(a), mp, sep);
	return true;
}

static void print_key_attrs(struct buf *b, const void *key, size_t key_len,
			    const void *mask, size_t mask_len, bool has_mask)
{
	const uint8_t *p = key;
	const struct nlattr *a;
	size_t left = key_len;
	const char *sep = "";
	int err = 0;

	while ((a = odp_nl_next(&p, &left, &err)) != NULL) {
		unsigned int type = a->nla_type & NLA_TYPE_MASK;
		const struct nlattr *m = NULL;

		if (has_mask)
			m = find_attr(mask, mask_len, type);
		if (print_key_attr(b, a, m, has_mask, sep))
			sep = ",";
	}
	if (err)
		odpt_sb_printf(b, "%s<malformed>", sep);

	/* An 802.2 flow matches on "no ethertype": a mask-only ETHERTYPE. */
	if (has_mask && !find_attr(key, key_len, OVS_KEY_ATTR_ETHERTYPE)) {
		const struct nlattr *m = find_attr(mask, mask_len,
						   OVS_KEY_ATTR_ETHERTYPE);

		if (m && odpt_pl_len(m) == 2 && !odpt_all_value(odpt_pl(m), 2, 0)) {
			uint16_t v;

			memcpy(&v, odpt_pl(m), 2);
			odpt_sb_printf(b, "%seth_type(0/%#06x)", sep, ntohs(v));
		}
	}
}

char *odp_key_to_string(const void *key, size_t key_len,
			const void *mask, size_t mask_len)
{
	struct buf b = BUF_INITIALIZER;

	print_key_attrs(&b, key, key_len, mask, mask_len, mask != NULL);
	return odpt_sb_finish(&b);
}

/* ---- Parsing ---- */

int odpt_fail(struct odpt_parse *tp, const char *fmt, ...)
{
	va_list args;
	char *msg;

	if (tp->err)
		return -EINVAL;
	va_start(args, fmt);
	if (vasprintf(&msg, fmt, args) < 0)
		msg = NULL;
	va_end(args);
	tp->err = xasprintf("%s at offset %zu (\"%.20s\")",
			    msg ? msg : "parse error",
			    (size_t)(tp->p - tp->start), tp->p);
	free(msg);
	return -EINVAL;
}

void odpt_skip_space(struct odpt_parse *tp)
{
	while (isspace((unsigned char)*tp->p))
		tp->p++;
}

bool odpt_match(struct odpt_parse *tp, char c)
{
	odpt_skip_space(tp);
	if (*tp->p != c)
		return false;
	tp->p++;
	return true;
}

int odpt_expect(struct odpt_parse *tp, char c)
{
	return odpt_match(tp, c) ? 0 : odpt_fail(tp, "expected '%c'", c);
}

/* Reads a name ([a-z0-9_]+); returns its length (0 if none). */
size_t odpt_read_name(struct odpt_parse *tp, const char **name)
{
	const char *s;

	odpt_skip_space(tp);
	s = tp->p;
	while (isalnum((unsigned char)*tp->p) || *tp->p == '_')
		tp->p++;
	*name = s;
	return tp->p - s;
}

/* Reads a value up to ',', ')' or '/' (not consumed) into a NUL-ended
 * copy in BUF. */
int odpt_read_token(struct odpt_parse *tp, char *buf, size_t size)
{
	size_t n = 0;

	odpt_skip_space(tp);
	while (*tp->p && !strchr(",)/", *tp->p) && !isspace((unsigned char)*tp->p)) {
		if (n + 1 >= size)
			return odpt_fail(tp, "value too long");
		buf[n++] = *tp->p++;
	}
	buf[n] = '\0';
	return n ? 0 : odpt_fail(tp, "expected a value");
}

int odpt_parse_uint(struct odpt_parse *tp, const char *s,
		    unsigned long long max, unsigned long long *v)
{
	if (str_to_uint(s, max, v))
		return odpt_fail(tp, "bad number '%s' (at most %llu)", s, max);
	return 0;
}

int odpt_parse_hex_bytes(struct odpt_parse *tp, const char *s, uint8_t *out,
			   size_t len)
{
	size_t i;

	if (!strncmp(s, "0x", 2))
		s += 2;
	if (strlen(s) != len * 2)
		return odpt_fail(tp, "expected %zu hex bytes", len);
	for (i = 0; i < len; i++) {
		unsigned int v;

		if (!isxdigit((unsigned char)s[2 * i]) ||
		    !isxdigit((unsigned char)s[2 * i + 1]) ||
		    sscanf(s + 2 * i, "%2x", &v) != 1)
			return odpt_fail(tp, "bad hex '%s'", s);
		out[i] = v;
	}
	return 0;
}

static int parse_mac(struct odpt_parse *tp, const char *s, uint8_t *out)
{
	unsigned int b[6];
	char end;
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2],
		   &b[3], &b[4], &b[5], &end) != 6 || strlen(s) != 17)
		return odpt_fail(tp, "bad Ethernet address '%s'", s);
	for (i = 0; i < 6; i++)
		out[i] = b[i];
	return 0;
}

/* An address mask written as an address or as a prefix length. */
static int parse_addr(struct odpt_parse *tp, const char *s, int af,
		      uint8_t *out, bool is_mask)
{
	size_t len = af == AF_INET ? 4 : 16;
	unsigned long long bits;

	if (inet_pton(af, s, out) == 1)
		return 0;
	if (!is_mask || str_to_uint(s, len * 8, &bits))
		return odpt_fail(tp, "bad IPv%d address '%s'",
			    af == AF_INET ? 4 : 6, s);
	memset(out, 0, len);
	memset(out, 0xff, bits / 8);
	if (bits % 8)
		out[bits / 8] = 0xff << (8 - bits % 8);
	return 0;
}

static void put_uint(uint8_t *p, enum ftype t, uint64_t v)
{
	uint32_t v32;
	uint16_t v16;

	switch (t) {
	case FT_DEC8:
	case FT_HEX8:
	case FT_FRAG:
		*p = v;
		break;
	case FT_DEC16BE:
	case FT_HEX16BE:
	case FT_TCPFLAGS:
		v16 = htons(v);
		memcpy(p, &v16, 2);
		break;
	case FT_HEX16:
		v16 = v;
		memcpy(p, &v16, 2);
		break;
	case FT_DEC32:
	case FT_HEX32:
		v32 = v;
		memcpy(p, &v32, 4);
		break;
	case FT_HEX32BE:
		v32 = htonl(v);
		memcpy(p, &v32, 4);
		break;
	default:
		break;
	}
}

static int parse_one(struct odpt_parse *tp, const char *s,
		     const struct field *f, uint8_t *out, bool is_mask)
{
	unsigned long long v, max;

	switch (f->type) {
	case FT_MAC:
		return parse_mac(tp, s, out);
	case FT_IP4:
		return parse_addr(tp, s, AF_INET, out, is_mask);
	case FT_IP6:
		return parse_addr(tp, s, AF_INET6, out, is_mask);
	case FT_BYTES:
		return odpt_parse_hex_bytes(tp, s, out, f->len);
	case FT_FRAG:
		if (!is_mask) {
			static const char *const names[] = {
				"no", "first", "later"
			};
			size_t i;

			for (i = 0; i < ARRAY_SIZE(names); i++) {
				if (!strcmp(s, names[i])) {
					*out = i;
					return 0;
				}
			}
		}
		break;
	default:
		break;
	}
	max = f->len == 1 ? 0xff : f->len == 2 ? 0xffff : 0xffffffffULL;
	if (odpt_parse_uint(tp, s, max, &v))
		return -EINVAL;
	put_uint(out, f->type, v);
	return 0;
}

static int parse_tcp_flags(struct odpt_parse *tp, const char *s, uint16_t *v,
			   uint16_t *m, bool *has_mask)
{
	size_t i;

	*v = *m = 0;
	if (*s == '+' || *s == '-') {
		*has_mask = true;
		while (*s) {
			char sign = *s++;
			size_t n = strcspn(s, "+-");

			for (i = 0; i < ARRAY_SIZE(tcp_flag_names); i++)
				if (strlen(tcp_flag_names[i]) == n &&
				    !strncmp(s, tcp_flag_names[i], n))
					break;
			if ((sign != '+' && sign != '-') ||
			    i == ARRAY_SIZE(tcp_flag_names))
				return odpt_fail(tp, "bad TCP flags '%s'", s);
			*m |= 1u << i;
			if (sign == '+')
				*v |= 1u << i;
			s += n;
		}
		return 0;
	}
	*has_mask = false;
	if (isdigit((unsigned char)*s)) {
		unsigned long long x;

		if (odpt_parse_uint(tp, s, 0xffff, &x))
			return -EINVAL;
		*v = x;
		return 0;
	}
	while (*s) {
		size_t n = strcspn(s, "|");

		for (i = 0; i < ARRAY_SIZE(tcp_flag_names); i++)
			if (strlen(tcp_flag_names[i]) == n &&
			    !strncmp(s, tcp_flag_names[i], n))
				break;
		if (i == ARRAY_SIZE(tcp_flag_names))
			return odpt_fail(tp, "bad TCP flags '%s'", s);
		*v |= 1u << i;
		s += n + (s[n] == '|');
	}
	return 0;
}

/* Parses "value[/mask]" for field F into the attribute's value and mask
 * payloads. */
static int parse_field_value(struct odpt_parse *tp, const struct field *f,
			     uint8_t *val, uint8_t *mask)
{
	char s[128];

	if (odpt_read_token(tp, s, sizeof s))
		return -EINVAL;
	if (f->type == FT_TCPFLAGS) {
		uint16_t v, m;
		bool has_mask;

		if (parse_tcp_flags(tp, s, &v, &m, &has_mask))
			return -EINVAL;
		if (!has_mask)
			m = TCP_ALL_FLAGS;
		if (odpt_match(tp, '/')) {
			unsigned long long x;

			if (has_mask || odpt_read_token(tp, s, sizeof s) ||
			    odpt_parse_uint(tp, s, 0xffff, &x))
				return odpt_fail(tp, "bad TCP flags mask");
			m = x;
		}
		put_uint(val + f->ofs, FT_TCPFLAGS, v);
		put_uint(mask + f->ofs, FT_TCPFLAGS, m);
		return 0;
	}
	if (parse_one(tp, s, f, val + f->ofs, false))
		return -EINVAL;
	if (!odpt_match(tp, '/')) {
		memset(mask + f->ofs, 0xff, f->len);
		return 0;
	}
	if (odpt_read_token(tp, s, sizeof s) ||
	    parse_one(tp, s, f, mask + f->ofs, true))
		return -EINVAL;
	return 0;
}

static int parse_vlan_fields(struct odpt_parse *tp, uint8_t *val, uint8_t *mask)
{
	uint16_t t = FSW_VLAN_PRESENT, m = FSW_VLAN_PRESENT;
	unsigned int seen = 0;

	while (!odpt_match(tp, ')')) {
		unsigned long long v, vm;
		const char *name;
		size_t n;
		char s[32];

		if (seen && odpt_expect(tp, ','))
			return -EINVAL;
		n = odpt_read_name(tp, &name);
		if (odpt_expect(tp, '=') || odpt_read_token(tp, s, sizeof s))
			return -EINVAL;
		if (n == 3 && !strncmp(name, "vid", 3) && !(seen & 1)) {
			if (odpt_parse_uint(tp, s, 0xfff, &v))
				return -EINVAL;
			vm = 0xfff;
			if (odpt_match(tp, '/') && (odpt_read_token(tp, s, sizeof s) ||
					       odpt_parse_uint(tp, s, 0xfff, &vm)))
				return -EINVAL;
			t |= v;
			m |= vm;
			seen |= 1;
		} else if (n == 3 && !strncmp(name, "pcp", 3) && !(seen & 2)) {
			if (odpt_parse_uint(tp, s, 7, &v))
				return -EINVAL;
			vm = 7;
			if (odpt_match(tp, '/') && (odpt_read_token(tp, s, sizeof s) ||
					       odpt_parse_uint(tp, s, 7, &vm)))
				return -EINVAL;
			t |= v << 13;
			m |= vm << 13;
			seen |= 2;
		} else if (n == 3 && !strncmp(name, "cfi", 3) && !(seen & 4) &&
			   (!strcmp(s, "0") || !strcmp(s, "1"))) {
			if (s[0] == '0')
				t &= ~FSW_VLAN_PRESENT;
			seen |= 4;
		} else {
			return odpt_fail(tp, "bad vlan field");
		}
	}
	t = htons(t);
	m = htons(m);
	memcpy(val, &t, 2);
	memcpy(mask, &m, 2);
	return 0;
}

/* Parses the fields of attribute D, after its '(' up to and including
 * the ')', into VAL and MASK (both zeroed, LEN bytes). */
static int parse_fields(struct odpt_parse *tp, const struct attr_desc *d,
			uint8_t *val, uint8_t *mask)
{
	uint32_t seen = 0;

	if (d->type == OVS_KEY_ATTR_VLAN)
		return parse_vlan_fields(tp, val, mask);
	if (!d->fields[0].name) {
		if (parse_field_value(tp, &d->fields[0], val, mask))
			return -EINVAL;
		return odpt_expect(tp, ')');
	}
	while (!odpt_match(tp, ')')) {
		const char *name;
		size_t n, i;

		if (seen && odpt_expect(tp, ','))
			return -EINVAL;
		n = odpt_read_name(tp, &name);
		for (i = 0; i < d->n_fields; i++)
			if (strlen(d->fields[i].name) == n &&
			    !strncmp(d->fields[i].name, name, n))
				break;
		if (i == d->n_fields || seen & (1u << i))
			return odpt_fail(tp, "unknown or repeated field in %s",
				    d->name);
		seen |= 1u << i;
		if (odpt_expect(tp, '=') ||
		    parse_field_value(tp, &d->fields[i], val, mask))
			return -EINVAL;
	}
	return 0;
}

static int parse_key_list(struct odpt_parse *tp, struct buf *key,
			  struct buf *mask, int depth);

/* "keyN(hex[/hex])" for attributes without a text form. */
static int parse_raw_attr(struct odpt_parse *tp, unsigned int type,
			  struct buf *key, struct buf *mask)
{
	size_t len;
	char *s;
	uint8_t *v, *m;
	int err = -EINVAL;

	len = strcspn(tp->p, "/)");
	if (len % 2)
		return odpt_fail(tp, "odd number of hex digits");
	s = xmalloc(len + 1);
	memcpy(s, tp->p, len);
	s[len] = '\0';
	v = xzalloc(len / 2 + 1);
	m = xmalloc(len / 2 + 1);
	memset(m, 0xff, len / 2);
	tp->p += len;
	if (len && odpt_parse_hex_bytes(tp, s, v, len / 2))
		goto out;
	if (odpt_match(tp, '/')) {
		if (strcspn(tp->p, ")") != len) {
			odpt_fail(tp, "mask length differs from value");
			goto out;
		}
		memcpy(s, tp->p, len);
		tp->p += len;
		if (len && odpt_parse_hex_bytes(tp, s, m, len / 2))
			goto out;
	}
	if (odpt_expect(tp, ')'))
		goto out;
	nlbuf_put(key, type, v, len / 2);
	nlbuf_put(mask, type, m, len / 2);
	err = 0;
out:
	free(s);
	free(v);
	free(m);
	return err;
}

/* Parses one "name(...)" key attribute into KEY and MASK. */
int odpt_parse_key_attr(struct odpt_parse *tp, struct buf *key,
			  struct buf *mask, int depth)
{
	const struct attr_desc *d;
	uint8_t val[64], msk[64];
	const char *name;
	size_t n, len;

	n = odpt_read_name(tp, &name);
	if (!n)
		return odpt_fail(tp, "expected a key attribute");
	if (odpt_expect(tp, '('))
		return -EINVAL;
	if (n > 3 && !strncmp(name, "key", 3) && isdigit((unsigned char)name[3])) {
		unsigned long long type;
		char num[8];

		if (n - 3 >= sizeof num)
			return odpt_fail(tp, "bad attribute number");
		memcpy(num, name + 3, n - 3);
		num[n - 3] = '\0';
		if (odpt_parse_uint(tp, num, NLA_TYPE_MASK, &type))
			return -EINVAL;
		return parse_raw_attr(tp, type, key, mask);
	}
	d = desc_by_name(name, n);
	if (!d)
		return odpt_fail(tp, "unknown key attribute '%.*s'", (int)n, name);
	if (d->type == OVS_KEY_ATTR_ENCAP) {
		size_t kn, mn;

		if (depth >= 2)
			return odpt_fail(tp, "too many nested encap()");
		kn = nlbuf_nest_start(key, OVS_KEY_ATTR_ENCAP);
		mn = nlbuf_nest_start(mask, OVS_KEY_ATTR_ENCAP);
		if (parse_key_list(tp, key, mask, depth + 1) ||
		    odpt_expect(tp, ')'))
			return -EINVAL;
		nlbuf_nest_end(key, kn);
		nlbuf_nest_end(mask, mn);
		return 0;
	}
	len = odp_attr_len(d->type);
	memset(val, 0, sizeof val);
	memset(msk, 0, sizeof msk);
	if (parse_fields(tp, d, val, msk))
		return -EINVAL;
	/* 802.2: no ETHERTYPE in the key, 0xffff in the mask. */
	if (d->type != OVS_KEY_ATTR_ETHERTYPE || !odpt_all_value(val, 2, 0))
		nlbuf_put(key, d->type, val, len);
	nlbuf_put(mask, d->type, msk, len);
	return 0;
}

static int parse_key_list(struct odpt_parse *tp, struct buf *key,
			  struct buf *mask, int depth)
{
	odpt_skip_space(tp);
	if (!*tp->p || *tp->p == ')')
		return 0;
	do {
		if (odpt_parse_key_attr(tp, key, mask, depth))
			return -EINVAL;
	} while (odpt_match(tp, ','));
	return 0;
}

int odpt_finish_parse(struct odpt_parse *tp, int err, char **errp)
{
	if (!err) {
		odpt_skip_space(tp);
		if (*tp->p)
			err = odpt_fail(tp, "unexpected text");
	}
	if (err && errp)
		*errp = tp->err ? tp->err : xstrdup("parse error");
	else
		free(tp->err);
	return err;
}

int odp_key_from_string(const char *s, struct buf *key, struct buf *mask,
			char **errp)
{
	struct buf k = BUF_INITIALIZER, m = BUF_INITIALIZER;
	struct odpt_parse tp = { s, s, NULL };
	int err;

	err = odpt_finish_parse(&tp, parse_key_list(&tp, &k, &m, 0), errp);
	if (!err) {
		buf_put(key, k.data, k.size);
		buf_put(mask, m.data, m.size);
	}
	buf_uninit(&k);
	buf_uninit(&m);
	return err;
}


