/*
 * sFlow settings of a bridge: model, JSON form, syntax checks and the
 * "set-sflow" operation.
 *
 * JSON (member "sflow" of a bridge; absent = no sFlow):
 *   { "target": "192.0.2.9:6343", "sampling": 400, "polling": 30,
 *     "header": 128, "agent": "192.0.2.1" }
 * "agent" is optional (absent: the address the host sends from).
 *
 * Operation: { "op": "set-sflow", "bridge": "br0", "sflow": OBJECT }
 * with OBJECT as above, or "sflow": null to switch sFlow off.
 */
#include <config.h>
#include "fsw-config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fsw-config-priv.h"
#include "util.h"

void fsw_sflow_destroy(struct fsw_sflow *s)
{
	if (s) {
		free(s->target);
		free(s->agent);
		free(s);
	}
}

struct fsw_sflow *fsw_sflow_create(void)
{
	struct fsw_sflow *s = xzalloc(sizeof *s);

	s->sampling = FSW_SFLOW_DEFAULT_SAMPLING;
	s->polling = FSW_SFLOW_DEFAULT_POLLING;
	s->header = FSW_SFLOW_DEFAULT_HEADER;
	return s;
}

int fsw_sflow_parse_addr(const char *s, struct sockaddr_storage *ss,
			 socklen_t *lenp)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, s, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		*lenp = sizeof *s4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		*lenp = sizeof *s6;
		return 0;
	}
	return -EINVAL;
}

/* "IPv4[:PORT]" or "[IPv6][:PORT]"; the port defaults to 6343. */
int fsw_sflow_parse_target(const char *t, struct sockaddr_storage *ss,
			   socklen_t *lenp)
{
	char *copy = xstrdup(t), *ip = copy, *port = NULL, *end;
	unsigned long long v = FSW_SFLOW_DEFAULT_PORT;
	int err = 0;

	if (*ip == '[') {
		end = strchr(ip, ']');
		if (!end || (end[1] && end[1] != ':'))
			err = -EINVAL;
		else {
			*end = '\0';
			port = end[1] ? end + 2 : NULL;
			ip++;
			if (!strchr(ip, ':'))
				err = -EINVAL;	/* brackets are for IPv6 */
		}
	} else {
		port = strchr(ip, ':');
		if (port)
			*port++ = '\0';
	}
	if (!err && port && (str_to_uint(port, 65535, &v) || !v ||
			     !strspn(port, "0123456789")))
		err = -EINVAL;
	if (!err)
		err = fsw_sflow_parse_addr(ip, ss, lenp);
	if (!err) {
		/* sin_port and sin6_port are at the same offset. */
		((struct sockaddr_in *)ss)->sin_port = htons(v);
		if (*lenp == sizeof(struct sockaddr_in6) && !strchr(t, '['))
			err = -EINVAL;	/* "v6:port" is ambiguous */
	}
	free(copy);
	return err;
}

int fsw_sflow_validate(const char *brname, const struct fsw_sflow *s,
		       char **errp)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (!s->target || fsw_sflow_parse_target(s->target, &ss, &len))
		return cfg_fail(errp, -EINVAL, "bridge %s: sFlow target "
				"\"%s\": expected IPv4[:PORT] or [IPv6][:PORT]",
				brname, s->target ? s->target : "");
	if (s->agent && fsw_sflow_parse_addr(s->agent, &ss, &len))
		return cfg_fail(errp, -EINVAL, "bridge %s: sFlow agent \"%s\" "
				"is not an IP address", brname, s->agent);
	if (s->sampling < 1)
		return cfg_fail(errp, -EINVAL, "bridge %s: sFlow sampling must "
				"be 1 (every packet) or more", brname);
	if (s->polling > FSW_SFLOW_MAX_POLLING)
		return cfg_fail(errp, -EINVAL, "bridge %s: sFlow polling must "
				"be 0 (off) to %u seconds", brname,
				FSW_SFLOW_MAX_POLLING);
	if (s->header < FSW_SFLOW_MIN_HEADER || s->header > FSW_SFLOW_MAX_HEADER)
		return cfg_fail(errp, -EINVAL, "bridge %s: sFlow header must "
				"be %u to %u bytes", brname,
				FSW_SFLOW_MIN_HEADER, FSW_SFLOW_MAX_HEADER);
	return 0;
}

json_t *fsw_sflow_to_json(const struct fsw_sflow *s)
{
	json_t *o = json_pack("{s:s, s:I, s:I, s:I}", "target", s->target,
			      "sampling", (json_int_t)s->sampling,
			      "polling", (json_int_t)s->polling,
			      "header", (json_int_t)s->header);

	if (s->agent)
		json_object_set_new(o, "agent", json_string(s->agent));
	return o;
}

static int get_u32(const json_t *o, const char *key, uint32_t *out,
		   const char *ctx, char **errp)
{
	json_t *v = json_object_get(o, key);

	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > UINT32_MAX)
		return cfg_fail(errp, -EINVAL, "%s: sflow \"%s\" must be an "
				"integer 0-%u", ctx, key, UINT32_MAX);
	*out = json_integer_value(v);
	return 0;
}

/* Parses O into *SP (NULL on error); CTX names the place for messages.
 * The values are checked by fsw_sflow_validate(). */
int fsw_sflow_from_json(const json_t *o, struct fsw_sflow **sp,
			const char *ctx, char **errp)
{
	static const char *const members[] = {
		"target", "sampling", "polling", "header", "agent", NULL
	};
	struct fsw_sflow *s = fsw_sflow_create();
	const char *key;
	json_t *v;
	int err = 0;

	*sp = NULL;
	if (!json_is_object(o)) {
		fsw_sflow_destroy(s);
		return cfg_fail(errp, -EINVAL, "%s: \"sflow\" must be an object",
				ctx);
	}
	json_object_foreach((json_t *)o, key, v) {
		const char *const *m;

		for (m = members; *m && strcmp(*m, key); m++)
			continue;
		if (!*m) {
			err = cfg_fail(errp, -EINVAL, "%s: sflow: unknown member "
				       "\"%s\"", ctx, key);
			goto out;
		}
		if ((!strcmp(key, "target") || !strcmp(key, "agent")) &&
		    !json_is_string(v)) {
			err = cfg_fail(errp, -EINVAL, "%s: sflow \"%s\" must be "
				       "a string", ctx, key);
			goto out;
		}
	}
	v = json_object_get(o, "target");
	if (!v) {
		err = cfg_fail(errp, -EINVAL, "%s: sflow needs a \"target\"",
			       ctx);
		goto out;
	}
	s->target = xstrdup(json_string_value(v));
	v = json_object_get(o, "agent");
	if (v)
		s->agent = xstrdup(json_string_value(v));
	err = get_u32(o, "sampling", &s->sampling, ctx, errp);
	if (!err)
		err = get_u32(o, "polling", &s->polling, ctx, errp);
	if (!err)
		err = get_u32(o, "header", &s->header, ctx, errp);
out:
	if (err)
		fsw_sflow_destroy(s);
	else
		*sp = s;
	return err;
}

int fsw_config_op_set_sflow(struct fsw_config *cfg, const json_t *op,
			    char **errp)
{
	const char *name = json_string_value(json_object_get(op, "bridge"));
	json_t *sj = json_object_get(op, "sflow");
	struct fsw_bridge *br;
	struct fsw_sflow *s;
	int err;

	if (!name)
		return cfg_fail(errp, -EINVAL, "operation set-sflow: missing "
				"string \"bridge\"");
	br = fsw_config_find_bridge(cfg, name);
	if (!br)
		return cfg_fail(errp, -ENOENT, "no bridge named %s", name);
	if (!sj || json_is_null(sj)) {
		if (!br->sflow && !json_is_true(json_object_get(op,
								"if_exists")))
			return cfg_fail(errp, -ENOENT, "bridge %s has no sFlow "
					"configuration", name);
		fsw_sflow_destroy(br->sflow);
		br->sflow = NULL;
		return 0;
	}
	err = fsw_sflow_from_json(sj, &s, "set-sflow", errp);
	if (err)
		return err;
	err = fsw_sflow_validate(name, s, errp);
	if (err) {
		fsw_sflow_destroy(s);
		return err;
	}
	fsw_sflow_destroy(br->sflow);
	br->sflow = s;
	return 0;
}
