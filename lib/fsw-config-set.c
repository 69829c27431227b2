/*
 * The generic "set" and "clear" operations: one column of one record,
 * with the value as fsw-vsctl's user typed it (a string), so that the
 * syntax is checked in one place for the tool and the daemon.
 *
 *   bridge:    datapath_type, fail_mode, datapath_id, protocols,
 *              other_config:KEY (other_config:datapath-id = datapath_id)
 *   port, interface (the same record):
 *              type, tag, vlan_mode, trunks, ofport_request,
 *              other_config:KEY
 * "clear" also takes controller and qos.
 */
#include <config.h>
#include "fsw-config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fsw-config-priv.h"
#include "util.h"

struct set_ctx {
	struct fsw_config *cfg;
	const char *table, *record, *column, *key, *value;
	struct fsw_bridge *br;
	struct fsw_port *port;
};

static int bad_value(const struct set_ctx *c, const char *expect,
		     char **errp)
{
	return cfg_fail(errp, -EINVAL, "%s %s: bad value \"%s\" for %s%s%s: "
			"expected %s", c->table, c->record, c->value,
			c->column, c->key ? ":" : "", c->key ? c->key : "",
			expect);
}

static int no_column(const struct set_ctx *c, char **errp)
{
	return cfg_fail(errp, -EINVAL, "table %s has no settable column "
			"\"%s\"", c->table, c->column);
}

static int parse_vlan(const char *s, unsigned long long *v)
{
	return str_to_uint(s, FSW_VLAN_MAX, v) ? -EINVAL : 0;
}

static int cmp_u16(const void *a, const void *b)
{
	return *(const uint16_t *)a - *(const uint16_t *)b;
}

/* "10,20", "[10, 20]", "[]" */
static int parse_trunks(const char *s, uint16_t **vp, size_t *np)
{
	char *copy = xstrdup(s), *p = copy, *tok, *save;
	size_t len = strlen(p), i;
	unsigned long long v;
	int err = 0;

	*vp = xzalloc((len / 2 + 2) * sizeof **vp);
	*np = 0;
	if (p[0] == '[' && len >= 2 && p[len - 1] == ']') {
		p[len - 1] = '\0';
		p++;
	}
	for (tok = strtok_r(p, ", ", &save); tok && !err;
	     tok = strtok_r(NULL, ", ", &save)) {
		if (parse_vlan(tok, &v))
			err = -EINVAL;
		else
			(*vp)[(*np)++] = v;
	}
	free(copy);
	qsort(*vp, *np, sizeof **vp, cmp_u16);
	for (i = 1; i < *np && !err; i++)
		if ((*vp)[i] == (*vp)[i - 1])
			err = -EINVAL;
	if (err) {
		free(*vp);
		*vp = NULL;
		*np = 0;
	}
	return err;
}

static int set_bridge(struct set_ctx *c, char **errp)
{
	struct fsw_bridge *br = c->br;
	const char *col = c->column;
	uint64_t dpid;

	if (!strcmp(col, "datapath_type")) {
		if (fsw_dp_type_from_string(c->value, &br->datapath_type))
			return bad_value(c, "system or netdev", errp);
	} else if (!strcmp(col, "fail_mode")) {
		if (fsw_fail_mode_from_string(c->value, &br->fail_mode))
			return bad_value(c, "standalone or secure", errp);
	} else if (!strcmp(col, "protocols")) {
		if (fsw_protocols_from_string(c->value, &br->protocols))
			return bad_value(c, "OpenFlow10 and/or OpenFlow13, e.g. "
					 "OpenFlow10,OpenFlow13", errp);
	} else if (!strcmp(col, "datapath_id") ||
		   (!strcmp(col, "other_config") && c->key &&
		    !strcmp(c->key, "datapath-id"))) {
		if (fsw_parse_dpid(c->value, &dpid))
			return bad_value(c, "16 hex digits", errp);
		br->datapath_id = dpid;
		br->has_datapath_id = true;
	} else if (!strcmp(col, "other_config") && c->key) {
		fsw_smap_set(&br->other_config, c->key, c->value);
	} else {
		return no_column(c, errp);
	}
	return 0;
}

static int set_port(struct set_ctx *c, char **errp)
{
	struct fsw_port *p = c->port;
	const char *col = c->column;
	unsigned long long v;
	uint16_t *trunks;
	size_t n;

	if (!strcmp(col, "type")) {
		if (fsw_port_type_from_string(c->value, &p->type))
			return bad_value(c, "system or internal", errp);
	} else if (!strcmp(col, "tag")) {
		if (!strcmp(c->value, "[]"))
			p->tag = -1;
		else if (parse_vlan(c->value, &v))
			return bad_value(c, "a VLAN 0-4095", errp);
		else
			p->tag = v;
	} else if (!strcmp(col, "vlan_mode")) {
		if (fsw_vlan_mode_from_string(c->value, &p->vlan_mode))
			return bad_value(c, "access, trunk, native-tagged or "
					 "native-untagged", errp);
	} else if (!strcmp(col, "trunks")) {
		if (parse_trunks(c->value, &trunks, &n))
			return bad_value(c, "distinct VLANs 0-4095, e.g. "
					 "10,20", errp);
		free(p->trunks);
		p->trunks = trunks;
		p->n_trunks = n;
	} else if (!strcmp(col, "ofport_request") || !strcmp(col, "ofport")) {
		if (str_to_uint(c->value, FSW_OFPORT_MAX, &v) || !v)
			return bad_value(c, "a port number 1-65280", errp);
		if (v != p->ofport) {
			size_t i;

			for (i = 0; i < c->br->n_ports; i++)
				if (c->br->ports[i].ofport == v)
					return cfg_fail(errp, -EEXIST,
						"OpenFlow port %llu is already "
						"used by %s on bridge %s", v,
						c->br->ports[i].name,
						c->br->name);
			p->ofport = v;
		}
	} else if (!strcmp(col, "other_config") && c->key) {
		fsw_smap_set(&p->other_config, c->key, c->value);
	} else {
		return no_column(c, errp);
	}
	return 0;
}

static int clear_bridge(struct set_ctx *c, char **errp)
{
	struct fsw_bridge *br = c->br;
	const char *col = c->column;

	if (!strcmp(col, "fail_mode")) {
		br->fail_mode = FSW_FAIL_UNSET;
	} else if (!strcmp(col, "protocols")) {
		br->protocols = 0;
	} else if (!strcmp(col, "controller")) {
		cfg_strv_free(br->controllers, br->n_controllers);
		br->controllers = NULL;
		br->n_controllers = 0;
	} else if (!strcmp(col, "datapath_id") ||
		   (!strcmp(col, "other_config") && c->key &&
		    !strcmp(c->key, "datapath-id"))) {
		br->has_datapath_id = false;
		br->datapath_id = 0;
	} else if (!strcmp(col, "other_config")) {
		if (c->key)
			fsw_smap_remove(&br->other_config, c->key);
		else
			fsw_smap_clear(&br->other_config);
	} else {
		return no_column(c, errp);
	}
	return 0;
}

static int clear_port(struct set_ctx *c, char **errp)
{
	struct fsw_port *p = c->port;
	const char *col = c->column;

	if (!strcmp(col, "tag")) {
		p->tag = -1;
	} else if (!strcmp(col, "vlan_mode")) {
		p->vlan_mode = FSW_VLAN_MODE_UNSET;
	} else if (!strcmp(col, "trunks")) {
		free(p->trunks);
		p->trunks = NULL;
		p->n_trunks = 0;
	} else if (!strcmp(col, "qos")) {
		fsw_qos_destroy(p->qos);
		p->qos = NULL;
	} else if (!strcmp(col, "other_config")) {
		if (c->key)
			fsw_smap_remove(&p->other_config, c->key);
		else
			fsw_smap_clear(&p->other_config);
	} else {
		return no_column(c, errp);
	}
	return 0;
}

static int lookup(struct set_ctx *c, const json_t *op, char **errp)
{
	c->table = json_string_value(json_object_get(op, "table"));
	c->record = json_string_value(json_object_get(op, "record"));
	c->column = json_string_value(json_object_get(op, "column"));
	c->key = json_string_value(json_object_get(op, "key"));
	c->value = json_string_value(json_object_get(op, "value"));
	if (!c->table || !c->record || !c->column)
		return cfg_fail(errp, -EINVAL, "operation %s needs strings "
				"table, record and column",
				json_string_value(json_object_get(op, "op")));
	if (!strcmp(c->table, "bridge")) {
		c->br = fsw_config_find_bridge(c->cfg, c->record);
		if (!c->br)
			return cfg_fail(errp, -ENOENT, "no bridge named %s",
					c->record);
	} else if (!strcmp(c->table, "port") ||
		   !strcmp(c->table, "interface")) {
		c->port = fsw_config_find_port(c->cfg, c->record, &c->br);
		if (!c->port)
			return cfg_fail(errp, -ENOENT, "no %s named %s",
					c->table, c->record);
	} else if (!strcmp(c->table, "open_vswitch")) {
		return cfg_fail(errp, -EINVAL, "table open_vswitch has no "
				"settable column \"%s\" (use set-manager)",
				c->column);
	} else {
		return cfg_fail(errp, -EINVAL, "unknown table \"%s\" (bridge, "
				"port, interface)", c->table);
	}
	return 0;
}

int fsw_config_op_set(struct fsw_config *cfg, const json_t *op, char **errp)
{
	struct set_ctx c = { .cfg = cfg };
	int err = lookup(&c, op, errp);

	if (err)
		return err;
	if (!c.value)
		return cfg_fail(errp, -EINVAL, "operation set needs a string "
				"value");
	return c.port ? set_port(&c, errp) : set_bridge(&c, errp);
}

int fsw_config_op_clear(struct fsw_config *cfg, const json_t *op,
			char **errp)
{
	struct set_ctx c = { .cfg = cfg };
	int err = lookup(&c, op, errp);

	if (err)
		return err;
	return c.port ? clear_port(&c, errp) : clear_bridge(&c, errp);
}
