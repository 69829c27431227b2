/*
 * JSON form of the configuration (conf.json and the "get-config" reply):
 *
 *   { "version": 1, "uuid": "...", "managers": ["ptcp:6640"],
 *     "ssl": { "private_key": "/etc/fsw/key.pem",
 *              "certificate": "/etc/fsw/cert.pem",
 *              "ca_cert": "/etc/fsw/ca.pem" },
 *     "bridges": [ { "name": "br0", "datapath_type": "system",
 *                    "fail_mode": "secure", "controllers": [...],
 *                    "protocols": ["OpenFlow10", "OpenFlow13"],
 *                    "datapath_id": "0000000000000001",
 *                    "other_config": { "k": "v" },
 *                    "ports": [ { "name": "eth1", "type": "system",
 *                                 "ofport": 1, "tag": 10,
 *                                 "vlan_mode": "access",
 *                                 "trunks": [10, 20],
 *                                 "qos": { "type": "linux-htb",
 *                                          "max_rate": 1000000,
 *                                          "queues": [ { "id": 0,
 *                                             "min_rate": 1, "max_rate": 2,
 *                                             "priority": 0 } ] },
 *                                 "other_config": {} } ],
 *                    "sflow": { "target": "192.0.2.9:6343", ... } } ] }
 *
 * Optional members are left out when unset.  Parsing is strict (unknown
 * members, wrong types, duplicates are errors naming the place), because
 * the file may be edited by hand and a typo must not be silently dropped.
 */
#include <config.h>
#include "fsw-config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsw-config-priv.h"
#include "util.h"

static json_t *strv_to_json(char **v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *smap_to_json(const struct fsw_smap *m)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < m->n; i++)
		json_object_set_new(o, m->keys[i], json_string(m->values[i]));
	return o;
}

static json_t *qos_to_json(const struct fsw_qos *q)
{
	json_t *queues = json_array();
	size_t i;

	for (i = 0; i < q->n_queues; i++) {
		const struct fsw_queue *qu = &q->queues[i];
		json_t *o = json_pack("{s:I}", "id", (json_int_t)qu->id);

		if (qu->min_rate)
			json_object_set_new(o, "min_rate",
					    json_integer(qu->min_rate));
		if (qu->max_rate)
			json_object_set_new(o, "max_rate",
					    json_integer(qu->max_rate));
		if (qu->priority >= 0)
			json_object_set_new(o, "priority",
					    json_integer(qu->priority));
		json_array_append_new(queues, o);
	}
	return json_pack("{s:s, s:I, s:o}", "type", q->type,
			 "max_rate", (json_int_t)q->max_rate,
			 "queues", queues);
}

static json_t *port_to_json(const struct fsw_port *p)
{
	json_t *o = json_pack("{s:s, s:s, s:i}", "name", p->name,
			      "type", fsw_port_type_to_string(p->type),
			      "ofport", p->ofport);
	size_t i;

	if (p->tag >= 0)
		json_object_set_new(o, "tag", json_integer(p->tag));
	if (p->vlan_mode != FSW_VLAN_MODE_UNSET)
		json_object_set_new(o, "vlan_mode", json_string(
			fsw_vlan_mode_to_string(p->vlan_mode)));
	if (p->n_trunks) {
		json_t *t = json_array();

		for (i = 0; i < p->n_trunks; i++)
			json_array_append_new(t, json_integer(p->trunks[i]));
		json_object_set_new(o, "trunks", t);
	}
	if (p->qos)
		json_object_set_new(o, "qos", qos_to_json(p->qos));
	json_object_set_new(o, "other_config", smap_to_json(&p->other_config));
	return o;
}

static json_t *bridge_to_json(const struct fsw_bridge *br)
{
	json_t *ports = json_array();
	json_t *o;
	size_t i;

	o = json_pack("{s:s, s:s}", "name", br->name, "datapath_type",
		      fsw_dp_type_to_string(br->datapath_type));
	if (br->fail_mode != FSW_FAIL_UNSET)
		json_object_set_new(o, "fail_mode", json_string(
			fsw_fail_mode_to_string(br->fail_mode)));
	json_object_set_new(o, "controllers",
			    strv_to_json(br->controllers, br->n_controllers));
	if (br->protocols)
		json_object_set_new(o, "protocols",
				    fsw_protocols_to_json(br->protocols));
	if (br->has_datapath_id) {
		char buf[17];

		snprintf(buf, sizeof buf, "%016" PRIx64, br->datapath_id);
		json_object_set_new(o, "datapath_id", json_string(buf));
	}
	json_object_set_new(o, "other_config",
			    smap_to_json(&br->other_config));
	for (i = 0; i < br->n_ports; i++)
		json_array_append_new(ports, port_to_json(&br->ports[i]));
	json_object_set_new(o, "ports", ports);
	if (br->sflow)
		json_object_set_new(o, "sflow", fsw_sflow_to_json(br->sflow));
	return o;
}

json_t *fsw_config_to_json(const struct fsw_config *cfg)
{
	json_t *bridges = json_array(), *o;
	size_t i;


	for (i = 0; i < cfg->n_bridges; i++)
		json_array_append_new(bridges,
				      bridge_to_json(&cfg->bridges[i]));
	o = json_pack("{s:i, s:s, s:o}", "version", FSW_CONFIG_VERSION,
		      "uuid", cfg->uuid,
		      "managers", strv_to_json(cfg->managers,
					       cfg->n_managers));
	if (cfg->ssl)
		json_object_set_new(o, "ssl", fsw_ssl_to_json(cfg->ssl));
	json_object_set_new(o, "bridges", bridges);
	return o;
}

/* ---- parsing ---------------------------------------------------------- */

/* Every member of O must be one of the NULL-terminated ALLOWED names. */
static int check_members(const json_t *o, const char *ctx,
			 const char *const *allowed, char **errp)
{
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return cfg_fail(errp, -EINVAL, "%s: expected an object", ctx);
	json_object_foreach((json_t *)o, key, v) {
		const char *const *a;

		for (a = allowed; *a; a++)
			if (!strcmp(*a, key))
				break;
		if (!*a)
			return cfg_fail(errp, -EINVAL, "%s: unknown member "
					"\"%s\"", ctx, key);
	}
	return 0;
}

static int get_string(const json_t *o, const char *key, bool required,
		      const char **out, const char *ctx, char **errp)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v)
		return required ? cfg_fail(errp, -EINVAL, "%s: missing \"%s\"",
					   ctx, key) : 0;
	if (!json_is_string(v))
		return cfg_fail(errp, -EINVAL, "%s: \"%s\" must be a string",
				ctx, key);
	*out = json_string_value(v);
	return 0;
}

static int get_uint(const json_t *o, const char *key, bool required,
		    unsigned long long max, unsigned long long *out,
		    const char *ctx, char **errp)
{
	json_t *v = json_object_get(o, key);

	if (!v)
		return required ? cfg_fail(errp, -EINVAL, "%s: missing \"%s\"",
					   ctx, key) : 1;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (unsigned long long)json_integer_value(v) > max)
		return cfg_fail(errp, -EINVAL, "%s: \"%s\" must be an integer "
				"0-%llu", ctx, key, max);
	*out = json_integer_value(v);
	return 0;
}

static int get_strv(const json_t *o, const char *key, char ***vp,
		    size_t *np, const char *ctx, char **errp)
{
	json_t *a = json_object_get(o, key), *v;
	size_t i;

	*vp = NULL;
	*np = 0;
	if (!a)
		return 0;
	if (!json_is_array(a))
		return cfg_fail(errp, -EINVAL, "%s: \"%s\" must be an array of "
				"strings", ctx, key);
	*vp = xzalloc((json_array_size(a) + 1) * sizeof **vp);
	json_array_foreach(a, i, v) {
		if (!json_is_string(v))
			return cfg_fail(errp, -EINVAL, "%s: \"%s\" must be an "
					"array of strings", ctx, key);
		(*vp)[i] = xstrdup(json_string_value(v));
		*np = i + 1;
	}
	return 0;
}

static int get_smap(const json_t *o, const char *key, struct fsw_smap *m,
		    const char *ctx, char **errp)
{
	json_t *obj = json_object_get(o, key), *v;
	const char *k;

	if (!obj)
		return 0;
	if (!json_is_object(obj))
		return cfg_fail(errp, -EINVAL, "%s: \"%s\" must be an object",
				ctx, key);
	json_object_foreach(obj, k, v) {
		if (!json_is_string(v))
			return cfg_fail(errp, -EINVAL, "%s: %s:%s must be a "
					"string", ctx, key, k);
		fsw_smap_set(m, k, json_string_value(v));
	}
	return 0;
}

static int queue_from_json(const json_t *o, struct fsw_queue *qu,
			   const char *ctx, char **errp)
{
	static const char *const members[] = {
		"id", "min_rate", "max_rate", "priority", NULL
	};
	unsigned long long v;
	int err;

	err = check_members(o, ctx, members, errp);
	if (err)
		return err;
	err = get_uint(o, "id", true, 0xfffffffeULL, &v, ctx, errp);
	if (err)
		return err;
	qu->id = v;
	qu->min_rate = qu->max_rate = 0;
	qu->priority = -1;
	err = get_uint(o, "min_rate", false, INT64_MAX, &v, ctx, errp);
	if (err < 0)
		return err;
	if (!err)
		qu->min_rate = v;
	err = get_uint(o, "max_rate", false, INT64_MAX, &v, ctx, errp);
	if (err < 0)
		return err;
	if (!err)
		qu->max_rate = v;
	err = get_uint(o, "priority", false, INT32_MAX, &v, ctx, errp);
	if (err < 0)
		return err;
	if (!err)
		qu->priority = v;
	return 0;
}

static int cmp_queue(const void *a, const void *b)
{
	const struct fsw_queue *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int qos_from_json(const json_t *o, struct fsw_qos **qp,
			 const char *ctx, char **errp)
{
	static const char *const members[] = {
		"type", "max_rate", "queues", NULL
	};
	struct fsw_qos *q = xzalloc(sizeof *q);
	unsigned long long v;
	const char *type;
	json_t *queues, *qj;
	size_t i;
	int err;

	*qp = q;
	err = check_members(o, ctx, members, errp);
	if (!err)
		err = get_string(o, "type", true, &type, ctx, errp);
	if (err)
		return err;
	q->type = xstrdup(type);
	err = get_uint(o, "max_rate", false, INT64_MAX, &v, ctx, errp);
	if (err < 0)
		return err;
	q->max_rate = err ? 0 : v;
	queues = json_object_get(o, "queues");
	if (!queues)
		return 0;
	if (!json_is_array(queues))
		return cfg_fail(errp, -EINVAL, "%s: \"queues\" must be an "
				"array", ctx);
	q->queues = xzalloc((json_array_size(queues) + 1) * sizeof *q->queues);
	json_array_foreach(queues, i, qj) {
		char *c = xasprintf("%s: queues[%zu]", ctx, i);

		err = queue_from_json(qj, &q->queues[i], c, errp);
		free(c);
		if (err)
			return err;
		q->n_queues = i + 1;
	}
	/* Kept sorted by id, so duplicates are neighbours for validation
	 * and the order the user typed does not matter. */
	qsort(q->queues, q->n_queues, sizeof *q->queues, cmp_queue);
	return 0;
}

static int trunks_from_json(const json_t *a, struct fsw_port *p,
			    const char *ctx, char **errp)
{
	json_t *v;
	size_t i;

	if (!json_is_array(a))
		return cfg_fail(errp, -EINVAL, "%s: \"trunks\" must be an "
				"array", ctx);
	p->trunks = xzalloc((json_array_size(a) + 1) * sizeof *p->trunks);
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > FSW_VLAN_MAX)
			return cfg_fail(errp, -EINVAL, "%s: trunks must be "
					"VLANs 0-4095", ctx);
		p->trunks[i] = json_integer_value(v);
		p->n_trunks = i + 1;
	}
	return 0;
}

static int port_from_json(const json_t *o, struct fsw_port *p,
			  const char *ctx, char **errp)
{
	static const char *const members[] = {
		"name", "type", "ofport", "tag", "vlan_mode", "trunks", "qos",
		"other_config", NULL
	};
	const char *name, *type;
	unsigned long long v;
	json_t *j;
	int err;

	p->tag = -1;
	err = check_members(o, ctx, members, errp);
	if (!err)
		err = get_string(o, "name", true, &name, ctx, errp);
	if (err)
		return err;
	p->name = xstrdup(name);
	err = get_string(o, "type", false, &type, ctx, errp);
	if (err)
		return err;
	if (type && fsw_port_type_from_string(type, &p->type))
		return cfg_fail(errp, -EINVAL, "%s: unknown port type \"%s\"",
				ctx, type);
	err = get_uint(o, "ofport", true, FSW_OFPORT_MAX, &v, ctx, errp);
	if (err)
		return err;
	p->ofport = v;
	err = get_uint(o, "tag", false, FSW_VLAN_MAX, &v, ctx, errp);
	if (err < 0)
		return err;
	if (!err)
		p->tag = v;
	err = get_string(o, "vlan_mode", false, &type, ctx, errp);
	if (err)
		return err;
	if (type && (fsw_vlan_mode_from_string(type, &p->vlan_mode) ||
		     !*type))
		return cfg_fail(errp, -EINVAL, "%s: unknown vlan_mode \"%s\"",
				ctx, type);
	j = json_object_get(o, "trunks");
	if (j && (err = trunks_from_json(j, p, ctx, errp)))
		return err;
	j = json_object_get(o, "qos");
	if (j && (err = qos_from_json(j, &p->qos, ctx, errp)))
		return err;
	return get_smap(o, "other_config", &p->other_config, ctx, errp);
}

static int dpid_from_string(const char *s, uint64_t *out)
{
	size_t i;

	if (strlen(s) != 16)
		return -EINVAL;
	for (i = 0; i < 16; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return -EINVAL;
	*out = strtoull(s, NULL, 16);
	return 0;
}

int fsw_qos_from_json(const json_t *o, struct fsw_qos **qp, char **errp)
{
	int err = qos_from_json(o, qp, "qos", errp);

	if (err) {
		fsw_qos_destroy(*qp);
		*qp = NULL;
	}
	return err;
}

int fsw_parse_dpid(const char *s, uint64_t *out)
{
	return dpid_from_string(s, out);
}

static int bridge_ports_from_json(const json_t *a, struct fsw_bridge *br,
				  const char *ctx, char **errp)
{
	json_t *pj;
	size_t i;
	int err;

	if (!json_is_array(a))
		return cfg_fail(errp, -EINVAL, "%s: \"ports\" must be an array",
				ctx);
	br->ports = xzalloc((json_array_size(a) + 1) * sizeof *br->ports);
	json_array_foreach(a, i, pj) {
		char *c = xasprintf("%s: ports[%zu]", ctx, i);

		br->n_ports = i + 1;
		err = port_from_json(pj, &br->ports[i], c, errp);
		free(c);
		if (err)
			return err;
	}
	return 0;
}

static int protocols_from_json(const json_t *o, struct fsw_bridge *br,
			       const char *ctx, char **errp)
{
	json_t *a = json_object_get(o, "protocols"), *v;
	uint32_t bit;
	size_t i;

	if (!a)
		return 0;
	if (!json_is_array(a))
		return cfg_fail(errp, -EINVAL, "%s: \"protocols\" must be an "
				"array", ctx);
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) ||
		    fsw_protocols_from_string(json_string_value(v), &bit) ||
		    !bit)
			return cfg_fail(errp, -EINVAL, "%s: protocols must be "
					"OpenFlow10 or OpenFlow13", ctx);
		br->protocols |= bit;
	}
	return 0;
}

static int bridge_from_json(const json_t *o, struct fsw_bridge *br,
			    const char *ctx, char **errp)
{
	static const char *const members[] = {
		"name", "datapath_type", "fail_mode", "controllers",
		"protocols", "datapath_id", "other_config", "ports", "sflow",
		NULL
	};
	const char *s;
	json_t *ports;
	int err;

	err = check_members(o, ctx, members, errp);
	if (!err)
		err = get_string(o, "name", true, &s, ctx, errp);
	if (err)
		return err;
	br->name = xstrdup(s);
	err = get_string(o, "datapath_type", false, &s, ctx, errp);
	if (err)
		return err;
	if (s && fsw_dp_type_from_string(s, &br->datapath_type))
		return cfg_fail(errp, -EINVAL, "%s: unknown datapath_type "
				"\"%s\"", ctx, s);
	err = get_string(o, "fail_mode", false, &s, ctx, errp);
	if (err)
		return err;
	if (s && fsw_fail_mode_from_string(s, &br->fail_mode))
		return cfg_fail(errp, -EINVAL, "%s: unknown fail_mode \"%s\"",
				ctx, s);
	err = get_strv(o, "controllers", &br->controllers, &br->n_controllers,
		       ctx, errp);
	if (!err)
		err = protocols_from_json(o, br, ctx, errp);
	if (!err)
		err = get_string(o, "datapath_id", false, &s, ctx, errp);
	if (err)
		return err;
	if (s) {
		if (dpid_from_string(s, &br->datapath_id))
			return cfg_fail(errp, -EINVAL, "%s: datapath_id must "
					"be 16 hex digits", ctx);
		br->has_datapath_id = true;
	}
	err = get_smap(o, "other_config", &br->other_config, ctx, errp);
	if (err)
		return err;
	if (json_object_get(o, "sflow")) {
		err = fsw_sflow_from_json(json_object_get(o, "sflow"),
					  &br->sflow, ctx, errp);
		if (err)
			return err;
	}
	ports = json_object_get(o, "ports");
	return ports ? bridge_ports_from_json(ports, br, ctx, errp) : 0;
}

static int config_from_json(const json_t *j, struct fsw_config *cfg,
			    char **errp)
{
	static const char *const members[] = {
		"version", "uuid", "managers", "ssl", "bridges", NULL
	};
	unsigned long long version;
	json_t *bridges, *bj;
	const char *uuid;
	size_t i;
	int err;

	err = check_members(j, "top level", members, errp);
	if (!err)
		err = get_uint(j, "version", true, 1000, &version, "top level",
			       errp);
	if (err)
		return err;
	if (version != FSW_CONFIG_VERSION)
		return cfg_fail(errp, -EINVAL, "unsupported version %llu "
				"(this program reads version %d)", version,
				FSW_CONFIG_VERSION);
	err = get_string(j, "uuid", false, &uuid, "top level", errp);
	if (err)
		return err;
	if (uuid) {
		free(cfg->uuid);
		cfg->uuid = xstrdup(uuid);
	}
	err = get_strv(j, "managers", &cfg->managers, &cfg->n_managers,
		       "top level", errp);
	if (!err && json_object_get(j, "ssl"))
		err = fsw_ssl_from_json(json_object_get(j, "ssl"), &cfg->ssl,
					errp);
	if (err)
		return err;
	bridges = json_object_get(j, "bridges");
	if (!bridges)
		return 0;
	if (!json_is_array(bridges))
		return cfg_fail(errp, -EINVAL, "\"bridges\" must be an array");
	cfg->bridges = xzalloc((json_array_size(bridges) + 1) *
			       sizeof *cfg->bridges);
	json_array_foreach(bridges, i, bj) {
		char *c = xasprintf("bridges[%zu]", i);

		cfg->n_bridges = i + 1;
		err = bridge_from_json(bj, &cfg->bridges[i], c, errp);
		free(c);
		if (err)
			return err;
	}
	return 0;
}

int fsw_config_from_json(const json_t *j, struct fsw_config **cfgp,
			 char **errp)
{
	struct fsw_config *cfg = fsw_config_create();
	int err;

	err = config_from_json(j, cfg, errp);
	if (!err)
		err = fsw_config_validate(cfg, errp);
	if (err) {
		fsw_config_destroy(cfg);
		cfg = NULL;
	}
	*cfgp = cfg;
	return err;
}
