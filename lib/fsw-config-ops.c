/*
 * Configuration operations: the unit of change, shared by fsw-vsctl (which
 * applies them to its copy to check a command before sending it) and
 * fsw-vswitchd (which applies them for real, in "transact").
 *
 * Each operation is a JSON object with "op" and:
 *   add-br          bridge, [may_exist], [datapath_type]
 *   del-br          bridge, [if_exists]
 *   add-port        bridge, port, [may_exist], [type], [tag], [ofport]
 *   del-port        port, [bridge], [if_exists]
 *   set             table, record, column, [key], value (a string in
 *                   fsw-vsctl syntax: "netdev", "10", "[10,20]", ...)
 *   clear           table, record, column, [key]
 *   set-controller  bridge, targets (array; empty deletes)
 *   set-fail-mode   bridge, mode ("standalone", "secure", "" deletes)
 *   set-manager     targets (array; empty deletes)
 *   set-qos         port, qos (object as in conf.json, or null to clear)
 *   set-sflow       bridge, sflow (object as in conf.json, or null to
 *                   clear: an error without if_exists when there is none)
 *   set-ssl         private_key, certificate, ca_cert (absolute paths)
 *   del-ssl         (no arguments)
 * Tables: "bridge", "port", "interface" (a port and its interface are one
 * record here), "open_vswitch" (record "."; no settable column yet).
 */
#include <config.h>
#include "fsw-config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fsw-config-priv.h"
#include "util.h"

static const char *op_str(const json_t *op, const char *key)
{
	return json_string_value(json_object_get(op, key));
}

static bool op_bool(const json_t *op, const char *key)
{
	return json_is_true(json_object_get(op, key));
}

static int need_str(const json_t *op, const char *key, const char **out,
		    char **errp)
{
	*out = op_str(op, key);
	if (!*out)
		return cfg_fail(errp, -EINVAL, "operation %s: missing string "
				"\"%s\"", op_str(op, "op"), key);
	return 0;
}

static struct fsw_bridge *need_bridge(const struct fsw_config *cfg,
				      const char *name, char **errp)
{
	struct fsw_bridge *br = fsw_config_find_bridge(cfg, name);

	if (!br)
		cfg_fail(errp, -ENOENT, "no bridge named %s", name);
	return br;
}

static struct fsw_port *need_port(const struct fsw_config *cfg,
				  const char *name, struct fsw_bridge **brp,
				  char **errp)
{
	struct fsw_port *p = fsw_config_find_port(cfg, name, brp);

	if (!p)
		cfg_fail(errp, -ENOENT, "no port named %s", name);
	return p;
}

static bool ofport_used(const struct fsw_bridge *br, unsigned int ofport,
			const struct fsw_port *except)
{
	size_t i;

	for (i = 0; i < br->n_ports; i++)
		if (&br->ports[i] != except && br->ports[i].ofport == ofport)
			return true;
	return false;
}

static int op_add_br(struct fsw_config *cfg, const json_t *op, char **errp)
{
	const char *name, *dpt = op_str(op, "datapath_type");
	struct fsw_bridge *br;
	struct fsw_port *p;
	enum fsw_dp_type t = FSW_DP_SYSTEM;
	int err;

	err = need_str(op, "bridge", &name, errp);
	if (!err)
		err = fsw_check_ifname("bridge", name, errp);
	if (err)
		return err;
	if (dpt && fsw_dp_type_from_string(dpt, &t))
		return cfg_fail(errp, -EINVAL, "unknown datapath type \"%s\" "
				"(system or netdev)", dpt);
	if (fsw_config_find_bridge(cfg, name)) {
		if (op_bool(op, "may_exist"))
			return 0;
		return cfg_fail(errp, -EEXIST, "cannot create bridge %s: a "
				"bridge named %s already exists", name, name);
	}
	if ((p = fsw_config_find_port(cfg, name, &br)))
		return cfg_fail(errp, -EEXIST, "cannot create bridge %s: a port "
				"named %s exists on bridge %s", name, name,
				br->name);
	cfg->bridges = xrealloc(cfg->bridges,
				(cfg->n_bridges + 1) * sizeof *cfg->bridges);
	br = &cfg->bridges[cfg->n_bridges++];
	memset(br, 0, sizeof *br);
	br->name = xstrdup(name);
	br->datapath_type = t;
	return 0;
}

static int op_del_br(struct fsw_config *cfg, const json_t *op, char **errp)
{
	struct fsw_bridge *br;
	const char *name;
	size_t i;
	int err;

	err = need_str(op, "bridge", &name, errp);
	if (err)
		return err;
	br = fsw_config_find_bridge(cfg, name);
	if (!br)
		return op_bool(op, "if_exists") ? 0 :
			cfg_fail(errp, -ENOENT, "no bridge named %s", name);
	i = br - cfg->bridges;
	fsw_bridge_uninit(br);
	cfg->n_bridges--;
	memmove(br, br + 1, (cfg->n_bridges - i) * sizeof *br);
	return 0;
}

static int check_ofport_request(const struct fsw_bridge *br,
				const struct fsw_port *p, long long req,
				char **errp)
{
	if (req < 1 || req > FSW_OFPORT_MAX)
		return cfg_fail(errp, -EINVAL, "OpenFlow port %lld out of range "
				"1-%u", req, FSW_OFPORT_MAX);
	if (ofport_used(br, req, p))
		return cfg_fail(errp, -EEXIST, "OpenFlow port %lld is already "
				"in use on bridge %s", req, br->name);
	return 0;
}

static int new_port(struct fsw_bridge *br, const char *name,
		    const json_t *op, char **errp)
{
	json_t *ofp = json_object_get(op, "ofport");
	json_t *tag = json_object_get(op, "tag");
	const char *type = op_str(op, "type");
	struct fsw_port *p;
	unsigned int ofport = 1;
	enum fsw_port_type t = FSW_PORT_SYSTEM;
	int err;

	if (type && fsw_port_type_from_string(type, &t))
		return cfg_fail(errp, -EINVAL, "unknown port type \"%s\" "
				"(system or internal)", type);
	if (tag && (!json_is_integer(tag) || json_integer_value(tag) < 0 ||
		    json_integer_value(tag) > FSW_VLAN_MAX))
		return cfg_fail(errp, -EINVAL, "tag must be a VLAN 0-4095");
	if (ofp) {
		err = check_ofport_request(br, NULL, json_integer_value(ofp),
					   errp);
		if (err)
			return err;
		ofport = json_integer_value(ofp);
	} else {
		/* The lowest free number: the one a port would keep across
		 * restarts because it is stored, not recomputed. */
		while (ofport_used(br, ofport, NULL) && ofport < FSW_OFPORT_MAX)
			ofport++;
		if (ofport_used(br, ofport, NULL))
			return cfg_fail(errp, -ENOSPC, "bridge %s: no free "
					"OpenFlow port number", br->name);
	}
	br->ports = xrealloc(br->ports, (br->n_ports + 1) * sizeof *br->ports);
	p = &br->ports[br->n_ports++];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(name);
	p->type = t;
	p->ofport = ofport;
	p->tag = tag ? json_integer_value(tag) : -1;
	return 0;
}

static int op_add_port(struct fsw_config *cfg, const json_t *op, char **errp)
{
	struct fsw_bridge *br, *other;
	const char *brname, *name;
	int err;

	err = need_str(op, "bridge", &brname, errp);
	if (!err)
		err = need_str(op, "port", &name, errp);
	if (!err)
		err = fsw_check_ifname("port", name, errp);
	if (err)
		return err;
	br = need_bridge(cfg, brname, errp);
	if (!br)
		return -ENOENT;
	if (fsw_config_find_bridge(cfg, name))
		return cfg_fail(errp, -EEXIST, "cannot create port %s: a bridge "
				"has that name", name);
	if (fsw_config_find_port(cfg, name, &other)) {
		if (other != br)
			return cfg_fail(errp, -EEXIST, "cannot add port %s to "
					"bridge %s: it is already on bridge %s",
					name, brname, other->name);
		if (op_bool(op, "may_exist"))
			return 0;
		return cfg_fail(errp, -EEXIST, "cannot create port %s: bridge "
				"%s already has it", name, brname);
	}
	return new_port(br, name, op, errp);
}

static int op_del_port(struct fsw_config *cfg, const json_t *op, char **errp)
{
	const char *brname = op_str(op, "bridge"), *name;
	struct fsw_bridge *br;
	struct fsw_port *p;
	size_t i;
	int err;

	err = need_str(op, "port", &name, errp);
	if (err)
		return err;
	if (brname && !need_bridge(cfg, brname, errp))
		return -ENOENT;
	p = fsw_config_find_port(cfg, name, &br);
	if (!p)
		return op_bool(op, "if_exists") ? 0 :
			cfg_fail(errp, -ENOENT, "no port named %s", name);
	if (brname && strcmp(brname, br->name))
		return cfg_fail(errp, -EINVAL, "bridge %s does not have a port "
				"%s (it is on bridge %s)", brname, name,
				br->name);
	i = p - br->ports;
	fsw_port_uninit(p);
	br->n_ports--;
	memmove(p, p + 1, (br->n_ports - i) * sizeof *p);
	return 0;
}

static int get_targets(const json_t *op, char ***vp, size_t *np,
		       char **errp)
{
	json_t *a = json_object_get(op, "targets"), *v;
	size_t i;
	int err;

	if (!json_is_array(a))
		return cfg_fail(errp, -EINVAL, "operation %s: \"targets\" must "
				"be an array", op_str(op, "op"));
	*vp = xzalloc((json_array_size(a) + 1) * sizeof **vp);
	*np = 0;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v))
			err = cfg_fail(errp, -EINVAL, "targets must be strings");
		else
			err = fsw_check_target(json_string_value(v), errp);
		if (err) {
			cfg_strv_free(*vp, *np);
			return err;
		}
		(*vp)[(*np)++] = xstrdup(json_string_value(v));
	}
	return 0;
}

static int op_set_controller(struct fsw_config *cfg, const json_t *op,
			     char **errp)
{
	struct fsw_bridge *br;
	const char *name;
	size_t n;
	char **v;
	int err;

	err = need_str(op, "bridge", &name, errp);
	if (err)
		return err;
	br = need_bridge(cfg, name, errp);
	if (!br)
		return -ENOENT;
	err = get_targets(op, &v, &n, errp);
	if (err)
		return err;
	cfg_strv_free(br->controllers, br->n_controllers);
	br->controllers = v;
	br->n_controllers = n;
	return 0;
}

static int op_set_manager(struct fsw_config *cfg, const json_t *op,
			  char **errp)
{
	size_t n;
	char **v;
	int err;

	err = get_targets(op, &v, &n, errp);
	if (err)
		return err;
	cfg_strv_free(cfg->managers, cfg->n_managers);
	cfg->managers = v;
	cfg->n_managers = n;
	return 0;
}

static int op_set_fail_mode(struct fsw_config *cfg, const json_t *op,
			    char **errp)
{
	const char *name, *mode;
	struct fsw_bridge *br;
	int err;

	err = need_str(op, "bridge", &name, errp);
	if (!err)
		err = need_str(op, "mode", &mode, errp);
	if (err)
		return err;
	br = need_bridge(cfg, name, errp);
	if (!br)
		return -ENOENT;
	if (fsw_fail_mode_from_string(mode, &br->fail_mode))
		return cfg_fail(errp, -EINVAL, "fail mode must be standalone or "
				"secure, not \"%s\"", mode);
	return 0;
}

static int op_set_qos(struct fsw_config *cfg, const json_t *op, char **errp)
{
	json_t *qj = json_object_get(op, "qos");
	struct fsw_port *p, tmp;
	const char *name;
	char *e = NULL;
	int err;

	err = need_str(op, "port", &name, errp);
	if (err)
		return err;
	p = need_port(cfg, name, NULL, errp);
	if (!p)
		return -ENOENT;
	if (!qj || json_is_null(qj)) {
		fsw_qos_destroy(p->qos);
		p->qos = NULL;
		return 0;
	}
	/* Reuse the file parser and validator on a scratch port. */
	memset(&tmp, 0, sizeof tmp);
	tmp.name = p->name;
	err = fsw_qos_from_json(qj, &tmp.qos, &e);
	if (!err)
		err = fsw_qos_validate(&tmp, &e);
	if (err) {
		fsw_qos_destroy(tmp.qos);
		cfg_fail(errp, err, "QoS for port %s: %s", name, e);
		free(e);
		return err;
	}
	fsw_qos_destroy(p->qos);
	p->qos = tmp.qos;
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct fsw_config *, const json_t *, char **);
} ops[] = {
	{ "add-br", op_add_br },
	{ "del-br", op_del_br },
	{ "add-port", op_add_port },
	{ "del-port", op_del_port },
	{ "set", fsw_config_op_set },
	{ "clear", fsw_config_op_clear },
	{ "set-controller", op_set_controller },
	{ "set-fail-mode", op_set_fail_mode },
	{ "set-manager", op_set_manager },
	{ "set-qos", op_set_qos },
	{ "set-sflow", fsw_config_op_set_sflow },
	{ "set-ssl", fsw_config_op_set_ssl },
	{ "del-ssl", fsw_config_op_del_ssl },
};

int fsw_config_apply(struct fsw_config *cfg, const json_t *op, char **errp)
{
	const char *name = op_str(op, "op");
	size_t i;

	if (!json_is_object(op) || !name)
		return cfg_fail(errp, -EINVAL, "an operation must be an object "
				"with a string \"op\"");
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		if (!strcmp(ops[i].name, name))
			return ops[i].fn(cfg, op, errp);
	return cfg_fail(errp, -EINVAL, "unknown operation \"%s\"", name);
}

int fsw_config_transact(struct fsw_config **cfgp, const json_t *opl,
			char **errp)
{
	struct fsw_config *copy;
	json_t *op;
	size_t i;
	int err = 0;

	if (!json_is_array(opl))
		return cfg_fail(errp, -EINVAL, "operations must be an array");
	copy = fsw_config_clone(*cfgp);
	json_array_foreach(opl, i, op) {
		err = fsw_config_apply(copy, op, errp);
		if (err)
			break;
	}
	if (!err)
		err = fsw_config_validate(copy, errp);
	if (err) {
		fsw_config_destroy(copy);
		return err;
	}
	fsw_config_destroy(*cfgp);
	*cfgp = copy;
	return 0;
}
