/*
 * fsw-vsctl's sFlow commands:
 *
 *   set-sflow BRIDGE target=IP[:PORT] [sampling=N] [polling=SECS]
 *             [header=BYTES] [agent=IP]
 *   del-sflow BRIDGE           (--if-exists: no error without sFlow)
 *   get-sflow BRIDGE           (prints the set-sflow arguments)
 *
 * set-sflow replaces the bridge's whole sFlow setting: what is not given
 * takes its default.  The values are checked here and again by the
 * daemon (lib/fsw-config-sflow.c).
 */
#include <config.h>
#include "vsctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

char *vsctl_sflow_to_string(const struct fsw_sflow *s)
{
	char *agent = s->agent ? xasprintf(" agent=%s", s->agent) : NULL;
	char *r;

	r = xasprintf("target=%s sampling=%u polling=%u header=%u%s",
		      s->target, s->sampling, s->polling, s->header,
		      agent ? agent : "");
	free(agent);
	return r;
}

static void parse_u32(const char *key, const char *v, unsigned long long max,
		      json_t *o)
{
	unsigned long long n;

	if (!*v || strspn(v, "0123456789") != strlen(v) ||
	    str_to_uint(v, max, &n))
		vsctl_fatal("set-sflow: bad %s \"%s\" (a number 0-%llu)", key,
			    v, max);
	json_object_set_new(o, key, json_integer(n));
}

void vsctl_cmd_set_sflow(struct vsctl_ctx *c, int argc, char *argv[])
{
	json_t *o = json_object(), *op;
	int i;

	for (i = 2; i < argc; i++) {
		char *arg = argv[i], *eq = strchr(arg, '=');
		char *key;

		if (!eq)
			vsctl_fatal("set-sflow: \"%s\": expected KEY=VALUE",
				    arg);
		key = strndup(arg, eq - arg);
		if (json_object_get(o, key))
			vsctl_fatal("set-sflow: %s given twice", key);
		if (!strcmp(key, "target") || !strcmp(key, "agent"))
			json_object_set_new(o, key, json_string(eq + 1));
		else if (!strcmp(key, "sampling") || !strcmp(key, "polling") ||
			 !strcmp(key, "header"))
			parse_u32(key, eq + 1, UINT32_MAX, o);
		else
			vsctl_fatal("set-sflow: unknown setting \"%s\" (target, "
				    "sampling, polling, header, agent)", key);
		free(key);
	}
	if (!json_object_get(o, "target"))
		vsctl_fatal("set-sflow: target=IP[:PORT] is required");
	op = json_pack("{s:s, s:s, s:o}", "op", "set-sflow", "bridge",
		       argv[1], "sflow", o);
	vsctl_op(c, op);
}

void vsctl_cmd_del_sflow(struct vsctl_ctx *c, int argc, char *argv[])
{
	vsctl_op(c, json_pack("{s:s, s:s, s:n, s:b}", "op", "set-sflow",
			      "bridge", argv[1], "sflow", "if_exists",
			      c->if_exists));
}

void vsctl_cmd_get_sflow(struct vsctl_ctx *c, int argc, char *argv[])
{
	struct fsw_bridge *br = fsw_config_find_bridge(c->cfg, argv[1]);
	char *s;

	if (!br)
		vsctl_fatal("no bridge named %s", argv[1]);
	if (!br->sflow)
		return;
	s = vsctl_sflow_to_string(br->sflow);
	vsctl_print(c, "%s\n", s);
	free(s);
}
