/*
 * ovs-ofctl's group syntax, e.g.
 *
 *   group_id=1,type=select,bucket=weight:10,actions=output:1,
 *       bucket=weight:20,watch_port:2,actions=output:2
 *
 * Bucket actions are parsed by lib/ofp-parse.h; only the group and
 * bucket settings are read here.
 */
#include <config.h>
#include "ofctl-format.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "ofp-parse.h"
#include "openflow.h"
#include "util.h"

static char *group_err(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static char *group_err(const char *fmt, ...)
{
	va_list args;
	char *s;

	va_start(args, fmt);
	if (vasprintf(&s, fmt, args) < 0)
		s = NULL;
	va_end(args);
	return s ? s : xstrdup("out of memory");
}

char *ofctl_parse_group_id(const char *s, uint32_t *id)
{
	unsigned long long v;

	if (!strncmp(s, "group_id=", 9))
		s += 9;
	if (!strcasecmp(s, "all")) {
		*id = OFPG_ALL;
		return NULL;
	}
	if (str_to_uint(s, OFPG_MAX, &v))
		return group_err("group_id: \"%s\" is not a group number "
				 "(0 to %u) or \"all\"", s, OFPG_MAX);
	*id = v;
	return NULL;
}

static char *parse_group_type(const char *s, uint8_t *type)
{
	static const struct { const char *name; uint8_t type; } types[] = {
		{ "all", OFPGT_ALL }, { "select", OFPGT_SELECT },
		{ "indirect", OFPGT_INDIRECT }, { "ff", OFPGT_FF },
		{ "fast_failover", OFPGT_FF },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		if (!strcmp(s, types[i].name)) {
			*type = types[i].type;
			return NULL;
		}
	}
	return group_err("type: unknown group type \"%s\" (expected all, "
			 "select, indirect or fast_failover)", s);
}

/* Finds the next "bucket=" that starts a token at or after S. */
static char *find_bucket(char *s, char *start)
{
	char *p;

	for (p = strstr(s, "bucket="); p; p = strstr(p + 1, "bucket="))
		if (p == start || strchr(", \t", p[-1]))
			return p;
	return NULL;
}

/* Group-level settings: "group_id=1,type=all". */
static char *parse_group_settings(char *s, struct ofp_group_mod *gm,
				  bool *have_id, bool *have_type)
{
	char *save = NULL, *tok, *e;

	for (tok = strtok_r(s, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		char *val = strchr(tok, '=');

		if (!val)
			return group_err("\"%s\": expected KEY=VALUE", tok);
		*val++ = '\0';
		if (!strcmp(tok, "group_id")) {
			e = ofctl_parse_group_id(val, &gm->group_id);
			*have_id = true;
		} else if (!strcmp(tok, "type")) {
			e = parse_group_type(val, &gm->type);
			*have_type = true;
		} else {
			e = group_err("unknown keyword \"%s\" (expected "
				      "group_id, type or bucket)", tok);
		}
		if (e)
			return e;
	}
	return NULL;
}

/* Reads "weight:10," style settings at the front of a bucket. */
static char *parse_bucket_setting(char **sp, struct ofp_bucket *b,
				  bool *done)
{
	static const char *const keys[] = {
		"weight", "watch_port", "watch_group"
	};
	char *s = *sp + strspn(*sp, ", \t"), *val, *end;
	unsigned long long v;
	size_t i, n;

	*done = true;
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		n = strlen(keys[i]);
		if (!strncmp(s, keys[i], n) && (s[n] == ':' || s[n] == '='))
			break;
	}
	if (i == ARRAY_SIZE(keys)) {
		*sp = s;
		return NULL;
	}
	*done = false;
	val = s + n + 1;
	end = val + strcspn(val, ", \t");
	if (*end)
		*end++ = '\0';
	*sp = end;
	if (i == 0) {
		if (str_to_uint(val, 0xffff, &v))
			return group_err("weight: bad value \"%s\"", val);
		b->weight = v;
	} else if (i == 1) {
		if (ofp_parse_port(val, &b->watch_port))
			return group_err("watch_port: bad port \"%s\"", val);
	} else {
		if (str_to_uint(val, OFPG_MAX, &v))
			return group_err("watch_group: bad group \"%s\"", val);
		b->watch_group = v;
	}
	return NULL;
}

/* One bucket's text (after "bucket="); appends to BUCKETS and ACTS.
 * The bucket's ofpacts field temporarily holds the offset into ACTS. */
static char *parse_bucket(char *s, uint8_t type, struct buf *buckets,
			  struct buf *acts)
{
	struct buf tmp = BUF_INITIALIZER;
	struct ofp_bucket b;
	bool done = false;
	char *e;

	memset(&b, 0, sizeof b);
	b.weight = type == OFPGT_SELECT ? 1 : 0;
	b.watch_port = OFPP_ANY;
	b.watch_group = OFPG_ANY;
	while (!done)
		if ((e = parse_bucket_setting(&s, &b, &done)))
			return e;
	if (!strncmp(s, "actions=", 8))
		s += 8;
	else if (!strncmp(s, "action=", 7))
		s += 7;
	e = ofp_parse_actions(s, &tmp);
	if (e) {
		buf_uninit(&tmp);
		return e;
	}
	b.ofpacts = (const void *)(uintptr_t)acts->size;
	b.ofpacts_len = tmp.size;
	buf_put(acts, tmp.data, tmp.size);
	buf_put(buckets, &b, sizeof b);
	buf_uninit(&tmp);
	return NULL;
}

static char *parse_buckets(char *s, uint8_t type, struct buf *buckets,
			   struct buf *acts)
{
	while (s) {
		char *next = find_bucket(s, NULL), *e;
		size_t len;

		if (next)
			*next = '\0';
		len = strlen(s);
		while (len && strchr(", \t", s[len - 1]))
			s[--len] = '\0';
		e = parse_bucket(s, type, buckets, acts);
		if (e)
			return e;
		s = next ? next + 7 : NULL;
	}
	return NULL;
}

char *ofctl_parse_group(const char *spec, uint16_t command,
			struct ofp_group_mod *gm, struct buf *buckets,
			struct buf *acts)
{
	char *s = xstrdup(spec), *first = find_bucket(s, s), *e;
	bool have_id = false, have_type = false;
	struct ofp_bucket *b;
	size_t i;

	memset(gm, 0, sizeof *gm);
	gm->command = command;
	gm->group_id = OFPG_ALL;
	buf_clear(buckets);
	buf_clear(acts);
	if (first)
		*first = '\0';
	e = parse_group_settings(s, gm, &have_id, &have_type);
	if (!e && command != OFPGC_DELETE && !have_id)
		e = group_err("must specify group_id=N");
	if (!e && command != OFPGC_DELETE && gm->group_id == OFPG_ALL)
		e = group_err("group_id=all is only for deleting groups");
	if (!e && command != OFPGC_DELETE && !have_type)
		e = group_err("must specify type=all|select|indirect|"
			      "fast_failover");
	if (!e && command == OFPGC_DELETE && first)
		e = group_err("buckets are not allowed when deleting groups");
	if (!e && first)
		e = parse_buckets(first + 7, gm->type, buckets, acts);
	free(s);
	if (e)
		return e;
	/* Offsets become pointers now that ACTS no longer moves. */
	b = (struct ofp_bucket *)buckets->data;
	gm->n_buckets = buckets->size / sizeof *b;
	for (i = 0; i < gm->n_buckets; i++)
		b[i].ofpacts = (const void *)(acts->data +
					      (uintptr_t)b[i].ofpacts);
	gm->buckets = b;
	return NULL;
}
