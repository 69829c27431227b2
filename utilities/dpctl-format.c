/*
 * Interim text forms for fsw-dpctl until lib/odp.c (the ovs-dpctl
 * printer) is on main: a few metadata attributes by name, the rest as
 * keyN(hex)/actionN(hex), which is also odp's form for unknown ones.
 */
#include <config.h>
#include "dpctl-format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openvswitch.h>
#include "util.h"

static void put_hex(struct buf *out, const uint8_t *p, size_t n)
{
	char hex[3];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(hex, sizeof hex, "%02x", p[i]);
		buf_put(out, hex, 2);
	}
}

static void put_str(struct buf *out, const char *s)
{
	buf_put(out, s, strlen(s));
}

static char *finish(struct buf *out, const char *empty)
{
	if (!out->size)
		put_str(out, empty);
	buf_put(out, "", 1);
	return (char *)out->data;
}

static void format_attr(struct buf *out, const char *prefix,
			const struct nlattr *nla)
{
	const uint8_t *data = (const uint8_t *)nla + NLA_HDRLEN;
	char *s;

	if (out->size)
		put_str(out, ",");
	s = xasprintf("%s%u(", prefix, nla->nla_type & NLA_TYPE_MASK);
	put_str(out, s);
	free(s);
	put_hex(out, data, nla->nla_len - NLA_HDRLEN);
	put_str(out, ")");
}

#define FOR_EACH_ATTR(NLA, B, OFF)					\
	for ((OFF) = 0;							\
	     (OFF) + NLA_HDRLEN <= (B)->size &&				\
	     ((NLA) = (const struct nlattr *)((B)->data + (OFF)))->nla_len >= \
		     NLA_HDRLEN &&					\
	     (OFF) + (NLA)->nla_len <= (B)->size;			\
	     (OFF) += NLA_ALIGN((NLA)->nla_len))

char *dpctl_format_key(const struct buf *key, const struct buf *mask)
{
	struct buf out = BUF_INITIALIZER;
	const struct nlattr *nla;
	size_t off;

	(void)mask;
	FOR_EACH_ATTR(nla, key, off) {
		uint16_t type = nla->nla_type & NLA_TYPE_MASK;
		const void *data = (const uint8_t *)nla + NLA_HDRLEN;
		uint32_t v;
		char *s = NULL;

		if (nla->nla_len == NLA_HDRLEN + 4) {
			memcpy(&v, data, 4);
			if (type == OVS_KEY_ATTR_IN_PORT)
				s = xasprintf("in_port(%u)", v);
			else if (type == OVS_KEY_ATTR_RECIRC_ID)
				s = xasprintf("recirc_id(%#x)", v);
		}
		if (!s) {
			format_attr(&out, "key", nla);
			continue;
		}
		if (out.size)
			put_str(&out, ",");
		put_str(&out, s);
		free(s);
	}
	return finish(&out, "");
}

char *dpctl_format_actions(const struct buf *actions)
{
	struct buf out = BUF_INITIALIZER;
	const struct nlattr *nla;
	size_t off;

	FOR_EACH_ATTR(nla, actions, off) {
		uint32_t port;
		char *s;

		if ((nla->nla_type & NLA_TYPE_MASK) != OVS_ACTION_ATTR_OUTPUT ||
		    nla->nla_len != NLA_HDRLEN + 4) {
			format_attr(&out, "action", nla);
			continue;
		}
		memcpy(&port, (const uint8_t *)nla + NLA_HDRLEN, 4);
		s = xasprintf("%s%u", out.size ? "," : "", port);
		put_str(&out, s);
		free(s);
	}
	return finish(&out, "drop");
}
