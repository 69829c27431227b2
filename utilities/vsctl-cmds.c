/*
 * fsw-vsctl commands.  Each one reads the working copy of the
 * configuration and/or queues operations (lib/fsw-config-ops.c).
 */
#include <config.h>
#include "vsctl.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- helpers ---------------------------------------------------------- */

static struct fsw_bridge *bridge_or_die(struct vsctl_ctx *c,
					const char *name)
{
	struct fsw_bridge *br = fsw_config_find_bridge(c->cfg, name);

	if (!br)
		vsctl_fatal("no bridge named %s", name);
	return br;
}

static struct fsw_port *port_or_die(struct vsctl_ctx *c, const char *name,
				    struct fsw_bridge **brp)
{
	struct fsw_port *p = fsw_config_find_port(c->cfg, name, brp);

	if (!p)
		vsctl_fatal("no port named %s", name);
	return p;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Prints the strings V sorted, one per line, or as a JSON array. */
static void print_list(struct vsctl_ctx *c, const char **v, size_t n)
{
	size_t i;

	qsort(v, n, sizeof *v, cmp_str);
	if (c->format == FMT_JSON) {
		json_t *a = json_array();
		char *s;

		for (i = 0; i < n; i++)
			json_array_append_new(a, json_string(v[i]));
		s = json_dumps(a, 0);
		vsctl_print(c, "%s\n", s);
		free(s);
		json_decref(a);
		return;
	}
	for (i = 0; i < n; i++)
		vsctl_print(c, "%s\n", v[i]);
}

static void print_strv(struct vsctl_ctx *c, char **v, size_t n)
{
	const char **copy = xzalloc((n + 1) * sizeof *copy);

	memcpy(copy, v, n * sizeof *copy);
	print_list(c, copy, n);
	free(copy);
}

static json_t *op_new(const char *name)
{
	return json_pack("{s:s}", "op", name);
}

static json_t *targets_json(int argc, char *argv[])
{
	json_t *a = json_array();
	char *e = NULL;
	int i;

	for (i = 0; i < argc; i++) {
		if (fsw_check_target(argv[i], &e))
			vsctl_fatal("%s", e);
		json_array_append_new(a, json_string(argv[i]));
	}
	return a;
}

/* "COLUMN[:KEY]=VALUE" -> a "set" operation on TABLE RECORD. */
static json_t *parse_setting(const char *table, const char *record,
			     const char *arg, bool with_value)
{
	char *copy = xstrdup(arg), *eq = strchr(copy, '='), *colon, *p;
	json_t *op = op_new(with_value ? "set" : "clear");
	size_t len;

	if (with_value && !eq)
		vsctl_fatal("\"%s\": expected COLUMN[:KEY]=VALUE", arg);
	if (!with_value && eq)
		vsctl_fatal("\"%s\": expected COLUMN[:KEY]", arg);
	if (eq)
		*eq = '\0';
	colon = strchr(copy, ':');
	if (colon)
		*colon = '\0';
	/* Open vSwitch spells columns with '_'; accept '-' too. */
	for (p = copy; *p; p++)
		if (*p == '-')
			*p = '_';
	json_object_set_new(op, "table", json_string(table));
	json_object_set_new(op, "record", json_string(record));
	json_object_set_new(op, "column", json_string(copy));
	if (colon)
		json_object_set_new(op, "key", json_string(colon + 1));
	if (eq) {
		char *v = eq + 1;

		/* Strip one level of double quotes, as ovs-vsctl does. */
		len = strlen(v);
		if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
			v[len - 1] = '\0';
			v++;
		}
		json_object_set_new(op, "value", json_string(v));
	}
	free(copy);
	return op;
}

static const char *canonical_table(const char *t)
{
	if (!strcasecmp(t, "bridge"))
		return "bridge";
	if (!strcasecmp(t, "port"))
		return "port";
	if (!strcasecmp(t, "interface"))
		return "interface";
	if (!strcasecmp(t, "open_vswitch") || !strcasecmp(t, "open-vswitch"))
		return "open_vswitch";
	vsctl_fatal("unknown table \"%s\" (bridge, port, interface)", t);
}

/* Status KEY of TABLE RECORD reported by the daemon, or NULL. */
static const char *status_of(const struct vsctl_ctx *c, const char *table,
			     const char *record, const char *key)
{
	json_t *r = json_object_get(json_object_get(c->status, table), record);

	return json_string_value(json_object_get(r, key));
}

/* ---- bridges and ports ------------------------------------------------ */

static void cmd_init(struct vsctl_ctx *c, int argc, char *argv[])
{
}

static void cmd_add_br(struct vsctl_ctx *c, int argc, char *argv[])
{
	json_t *op;

	if (argc == 4)
		vsctl_fatal("add-br %s %s %s: VLAN \"fake bridges\" are not "
			    "supported", argv[1], argv[2], argv[3]);
	if (argc != 2)
		vsctl_fatal("add-br takes BRIDGE (or BRIDGE PARENT VLAN, "
			    "which is not supported)");
	op = op_new("add-br");
	json_object_set_new(op, "bridge", json_string(argv[1]));
	json_object_set_new(op, "may_exist", json_boolean(c->may_exist));
	vsctl_op(c, op);
}

static void cmd_del_br(struct vsctl_ctx *c, int argc, char *argv[])
{
	json_t *op = op_new("del-br");

	json_object_set_new(op, "bridge", json_string(argv[1]));
	json_object_set_new(op, "if_exists", json_boolean(c->if_exists));
	vsctl_op(c, op);
}

static void cmd_list_br(struct vsctl_ctx *c, int argc, char *argv[])
{
	const char **v = xzalloc((c->cfg->n_bridges + 1) * sizeof *v);
	size_t i;

	for (i = 0; i < c->cfg->n_bridges; i++)
		v[i] = c->cfg->bridges[i].name;
	print_list(c, v, c->cfg->n_bridges);
	free(v);
}

static void cmd_br_exists(struct vsctl_ctx *c, int argc, char *argv[])
{
	if (!fsw_config_find_bridge(c->cfg, argv[1]))
		c->exit_code = 2;
}

static void cmd_add_port(struct vsctl_ctx *c, int argc, char *argv[])
{
	json_t *op = op_new("add-port");
	bool existed;
	int i;

	existed = fsw_config_find_port(c->cfg, argv[2], NULL) != NULL;
	json_object_set_new(op, "bridge", json_string(argv[1]));
	json_object_set_new(op, "port", json_string(argv[2]));
	json_object_set_new(op, "may_exist", json_boolean(c->may_exist));
	vsctl_op(c, op);
	/* Trailing COLUMN=VALUE settings of the new port (e.g. tag=10),
	 * left alone when --may-exist found the port, like ovs-vsctl. */
	for (i = 3; i < argc && !existed; i++)
		vsctl_op(c, parse_setting("port", argv[2], argv[i], true));
}

static void cmd_del_port(struct vsctl_ctx *c, int argc, char *argv[])
{
	json_t *op = op_new("del-port");

	if (argc == 3)
		json_object_set_new(op, "bridge", json_string(argv[1]));
	json_object_set_new(op, "port", json_string(argv[argc - 1]));
	json_object_set_new(op, "if_exists", json_boolean(c->if_exists));
	vsctl_op(c, op);
}

static void cmd_list_ports(struct vsctl_ctx *c, int argc, char *argv[])
{
	struct fsw_bridge *br = bridge_or_die(c, argv[1]);
	const char **v = xzalloc((br->n_ports + 1) * sizeof *v);
	size_t i;

	for (i = 0; i < br->n_ports; i++)
		v[i] = br->ports[i].name;
	print_list(c, v, br->n_ports);
	free(v);
}

static void cmd_port_to_br(struct vsctl_ctx *c, int argc, char *argv[])
{
	struct fsw_bridge *br;

	/* The bridge's own port belongs to it. */
	if (fsw_config_find_bridge(c->cfg, argv[1])) {
		vsctl_print(c, "%s\n", argv[1]);
		return;
	}
	port_or_die(c, argv[1], &br);
	vsctl_print(c, "%s\n", br->name);
}

/* ---- controllers, fail mode, manager ---------------------------------- */

static void cmd_set_controller(struct vsctl_ctx *c, int argc, char *argv[])
{
	json_t *op = op_new("set-controller");

	json_object_set_new(op, "bridge", json_string(argv[1]));
	json_object_set_new(op, "targets", targets_json(argc - 2, argv + 2));
	vsctl_op(c, op);
}

static void cmd_get_controller(struct vsctl_ctx *c, int argc, char *argv[])
{
	struct fsw_bridge *br = bridge_or_die(c, argv[1]);

	print_strv(c, br->controllers, br->n_controllers);
}

static void cmd_del_controller(struct vsctl_ctx *c, int argc, char *argv[])
{
	cmd_set_controller(c, 2, argv);
}

static void cmd_set_fail_mode(struct vsctl_ctx *c, int argc, char *argv[])
{
	json_t *op = op_new("set-fail-mode");

	if (argc == 3 && strcmp(argv[2], "standalone") &&
	    strcmp(argv[2], "secure"))
		vsctl_fatal("fail mode must be standalone or secure, not "
			    "\"%s\"", argv[2]);
	json_object_set_new(op, "bridge", json_string(argv[1]));
	json_object_set_new(op, "mode", json_string(argc == 3 ? argv[2] : ""));
	vsctl_op(c, op);
}

static void cmd_get_fail_mode(struct vsctl_ctx *c, int argc, char *argv[])
{
	struct fsw_bridge *br = bridge_or_die(c, argv[1]);

	if (br->fail_mode != FSW_FAIL_UNSET)
		vsctl_print(c, "%s\n", fsw_fail_mode_to_string(br->fail_mode));
}

static void cmd_del_fail_mode(struct vsctl_ctx *c, int argc, char *argv[])
{
	cmd_set_fail_mode(c, 2, argv);
}

static void cmd_set_manager(struct vsctl_ctx *c, int argc, char *argv[])
{
	json_t *op = op_new("set-manager");

	json_object_set_new(op, "targets", targets_json(argc - 1, argv + 1));
	vsctl_op(c, op);
}

static void cmd_get_manager(struct vsctl_ctx *c, int argc, char *argv[])
{
	print_strv(c, c->cfg->managers, c->cfg->n_managers);
}

static void cmd_del_manager(struct vsctl_ctx *c, int argc, char *argv[])
{
	cmd_set_manager(c, 1, argv);
}

/* ---- QoS -------------------------------------------------------------- */

/* "1000000", "10k", "100M", "1G" (powers of 1000, bit/s). */
static json_int_t parse_rate(const char *what, const char *s)
{
	unsigned long long v, mult = 1;
	size_t len = strlen(s);
	char *num = xstrdup(s);

	if (len > 1 && strchr("kKmMgG", s[len - 1])) {
		char u = tolower((unsigned char)s[len - 1]);

		mult = u == 'k' ? 1000ULL : u == 'm' ? 1000000ULL
			: 1000000000ULL;
		num[len - 1] = '\0';
	}
	if (str_to_uint(num, INT64_MAX / mult, &v) || !isdigit((unsigned char)*num))
		vsctl_fatal("%s: bad rate \"%s\" (bit/s, e.g. 1000000 or "
			    "100M)", what, s);
	free(num);
	return v * mult;
}

/* "min-rate=N,max-rate=N,priority=N" */
static json_t *parse_queue(const char *id_s, const char *spec)
{
	char *copy = xstrdup(spec), *tok, *save;
	unsigned long long id, prio;
	json_t *q;

	if (str_to_uint(id_s, 0xfffffffeULL, &id) || !isdigit((unsigned char)*id_s))
		vsctl_fatal("bad queue number \"%s\"", id_s);
	q = json_pack("{s:I}", "id", (json_int_t)id);
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq)
			vsctl_fatal("queue %s: \"%s\": expected KEY=VALUE",
				    id_s, tok);
		*eq++ = '\0';
		if (!strcmp(tok, "min-rate"))
			json_object_set_new(q, "min_rate",
					    json_integer(parse_rate(tok, eq)));
		else if (!strcmp(tok, "max-rate"))
			json_object_set_new(q, "max_rate",
					    json_integer(parse_rate(tok, eq)));
		else if (!strcmp(tok, "priority")) {
			if (str_to_uint(eq, INT32_MAX, &prio))
				vsctl_fatal("queue %s: bad priority \"%s\"",
					    id_s, eq);
			json_object_set_new(q, "priority", json_integer(prio));
		} else {
			vsctl_fatal("queue %s: unknown setting \"%s\" "
				    "(min-rate, max-rate, priority)", id_s,
				    tok);
		}
	}
	free(copy);
	return q;
}

static void cmd_set_qos(struct vsctl_ctx *c, int argc, char *argv[])
{
	json_t *qos, *queues = json_array(), *op;
	int i;

	port_or_die(c, argv[1], NULL);
	if (strcmp(argv[2], "linux-htb"))
		vsctl_fatal("unsupported QoS type \"%s\" (only linux-htb)",
			    argv[2]);
	qos = json_pack("{s:s}", "type", argv[2]);
	for (i = 3; i < argc; i++) {
		char *arg = argv[i], *eq = strchr(arg, '=');

		if (!strncmp(arg, "max-rate=", 9)) {
			json_object_set_new(qos, "max_rate", json_integer(
				parse_rate("max-rate", arg + 9)));
		} else if (!strncmp(arg, "queue:", 6) && eq) {
			char *id = strndup(arg + 6, eq - arg - 6);

			json_array_append_new(queues, parse_queue(id, eq + 1));
			free(id);
		} else {
			vsctl_fatal("set-qos: \"%s\": expected max-rate=RATE "
				    "or queue:ID=min-rate=RATE,max-rate=RATE,"
				    "priority=N", arg);
		}
	}
	json_object_set_new(qos, "queues", queues);
	op = json_pack("{s:s, s:s, s:o}", "op", "set-qos", "port", argv[1],
		       "qos", qos);
	vsctl_op(c, op);
}

static void cmd_clear_qos(struct vsctl_ctx *c, int argc, char *argv[])
{
	vsctl_op(c, json_pack("{s:s, s:s, s:n}", "op", "set-qos",
			      "port", argv[1], "qos"));
}

/* The set-qos arguments that recreate Q. */
static char *qos_to_string(const struct fsw_qos *q)
{
	char *s = xstrdup(q->type), *t;
	size_t i;

	if (q->max_rate) {
		t = xasprintf("%s max-rate=%" PRIu64, s, q->max_rate);
		free(s);
		s = t;
	}
	for (i = 0; i < q->n_queues; i++) {
		const struct fsw_queue *qu = &q->queues[i];
		char min[40] = "", max[40] = "", prio[40] = "";

		if (qu->min_rate)
			snprintf(min, sizeof min, "min-rate=%" PRIu64 ",",
				 qu->min_rate);
		if (qu->max_rate)
			snprintf(max, sizeof max, "max-rate=%" PRIu64 ",",
				 qu->max_rate);
		if (qu->priority >= 0)
			snprintf(prio, sizeof prio, "priority=%d,",
				 qu->priority);
		t = xasprintf("%s queue:%u=%s%s%s", s, qu->id, min, max, prio);
		if (t[strlen(t) - 1] == ',')
			t[strlen(t) - 1] = '\0';
		free(s);
		s = t;
	}
	return s;
}

static void cmd_get_qos(struct vsctl_ctx *c, int argc, char *argv[])
{
	struct fsw_port *p = port_or_die(c, argv[1], NULL);
	char *s;

	if (!p->qos)
		return;
	s = qos_to_string(p->qos);
	vsctl_print(c, "%s\n", s);
	free(s);
}

/* ---- generic set/get/clear -------------------------------------------- */

static void cmd_set(struct vsctl_ctx *c, int argc, char *argv[])
{
	const char *table = canonical_table(argv[1]);
	int i;

	for (i = 3; i < argc; i++)
		vsctl_op(c, parse_setting(table, argv[2], argv[i], true));
}

static void cmd_clear(struct vsctl_ctx *c, int argc, char *argv[])
{
	const char *table = canonical_table(argv[1]);
	int i;

	for (i = 3; i < argc; i++)
		vsctl_op(c, parse_setting(table, argv[2], argv[i], false));
}

/* remove TABLE RECORD other_config KEY... */
static void cmd_remove(struct vsctl_ctx *c, int argc, char *argv[])
{
	const char *table = canonical_table(argv[1]);
	int i;

	if (strcmp(argv[3], "other_config") && strcmp(argv[3], "other-config"))
		vsctl_fatal("remove only supports the other_config column");
	for (i = 4; i < argc; i++) {
		char *arg = xasprintf("other_config:%s", argv[i]);

		vsctl_op(c, parse_setting(table, argv[2], arg, false));
		free(arg);
	}
}

static json_t *smap_json(const struct fsw_smap *m)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < m->n; i++)
		json_object_set_new(o, m->keys[i], json_string(m->values[i]));
	return o;
}

static json_t *get_bridge_column(struct fsw_bridge *br, const char *col,
				 const char *key)
{
	char buf[17];
	size_t i;

	if (!strcmp(col, "name"))
		return json_string(br->name);
	if (!strcmp(col, "datapath_type"))
		return json_string(fsw_dp_type_to_string(br->datapath_type));
	if (!strcmp(col, "protocols"))
		return fsw_protocols_to_json(br->protocols);
	if (!strcmp(col, "fail_mode"))
		return br->fail_mode == FSW_FAIL_UNSET ? json_array()
			: json_string(fsw_fail_mode_to_string(br->fail_mode));
	if (!strcmp(col, "datapath_id") || (!strcmp(col, "other_config") &&
					    key && !strcmp(key, "datapath-id"))) {
		if (!br->has_datapath_id)
			return json_array();
		snprintf(buf, sizeof buf, "%016" PRIx64, br->datapath_id);
		return json_string(buf);
	}
	if (!strcmp(col, "controller")) {
		json_t *a = json_array();

		for (i = 0; i < br->n_controllers; i++)
			json_array_append_new(a,
					      json_string(br->controllers[i]));
		return a;
	}
	if (!strcmp(col, "ports")) {
		json_t *a = json_array();

		for (i = 0; i < br->n_ports; i++)
			json_array_append_new(a, json_string(br->ports[i].name));
		return a;
	}
	if (!strcmp(col, "other_config"))
		return smap_json(&br->other_config);
	if (!strcmp(col, "sflow")) {
		char *t;
		json_t *j;

		if (!br->sflow)
			return json_array();
		t = vsctl_sflow_to_string(br->sflow);
		j = json_string(t);
		free(t);
		return j;
	}
	return NULL;
}

static json_t *get_port_column(const struct vsctl_ctx *c,
				struct fsw_port *p, const char *col)
{
	size_t i;

	if (!strcmp(col, "error")) {
		const char *e = status_of(c, "interface", p->name, "error");

		return e ? json_string(e) : json_array();
	}
	if (!strcmp(col, "status")) {
		json_t *r = json_object_get(json_object_get(c->status,
							    "interface"),
					    p->name);

		return r ? json_deep_copy(r) : json_object();
	}
	if (!strcmp(col, "name"))
		return json_string(p->name);
	if (!strcmp(col, "type"))
		return json_string(p->type == FSW_PORT_INTERNAL ? "internal"
				   : "");
	if (!strcmp(col, "ofport") || !strcmp(col, "ofport_request"))
		return json_integer(p->ofport);
	if (!strcmp(col, "tag"))
		return p->tag < 0 ? json_array() : json_integer(p->tag);
	if (!strcmp(col, "vlan_mode"))
		return p->vlan_mode == FSW_VLAN_MODE_UNSET ? json_array()
			: json_string(fsw_vlan_mode_to_string(p->vlan_mode));
	if (!strcmp(col, "trunks")) {
		json_t *a = json_array();

		for (i = 0; i < p->n_trunks; i++)
			json_array_append_new(a, json_integer(p->trunks[i]));
		return a;
	}
	if (!strcmp(col, "qos")) {
		char *s;
		json_t *j;

		if (!p->qos)
			return json_array();
		s = qos_to_string(p->qos);
		j = json_string(s);
		free(s);
		return j;
	}
	if (!strcmp(col, "other_config"))
		return smap_json(&p->other_config);
	return NULL;
}

static bool bare_word(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_-.", *s))
			return false;
	return true;
}

/* Open vSwitch's display: bare words unquoted, [] for empty, {k=v}. */
static char *format_value(const json_t *v)
{
	char *s, *t;
	const char *key;
	json_t *e;
	size_t i;

	if (json_is_integer(v))
		return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (json_is_string(v)) {
		if (bare_word(json_string_value(v)))
			return xstrdup(json_string_value(v));
		return json_dumps(v, JSON_ENCODE_ANY);
	}
	s = xstrdup(json_is_array(v) ? "[" : "{");
	if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			char *f = format_value(e);

			t = xasprintf("%s%s%s", s, i ? ", " : "", f);
			free(f);
			free(s);
			s = t;
		}
	} else {
		i = 0;
		json_object_foreach((json_t *)v, key, e) {
			char *f = format_value(e);

			t = xasprintf("%s%s%s=%s", s, i++ ? ", " : "", key, f);
			free(f);
			free(s);
			s = t;
		}
	}
	t = xasprintf("%s%s", s, json_is_array(v) ? "]" : "}");
	free(s);
	return t;
}

static void cmd_get(struct vsctl_ctx *c, int argc, char *argv[])
{
	const char *table = canonical_table(argv[1]);
	struct fsw_bridge *br = NULL;
	struct fsw_port *p = NULL;
	int i;

	if (!strcmp(table, "bridge"))
		br = bridge_or_die(c, argv[2]);
	else if (!strcmp(table, "open_vswitch"))
		vsctl_fatal("get: table open_vswitch: use get-manager");
	else
		p = port_or_die(c, argv[2], NULL);
	for (i = 3; i < argc; i++) {
		char *col = xstrdup(argv[i]), *key = strchr(col, ':'), *q;
		json_t *v, *item;

		if (key)
			*key++ = '\0';
		for (q = col; *q; q++)
			if (*q == '-')
				*q = '_';
		v = br ? get_bridge_column(br, col, key)
			: get_port_column(c, p, col);
		if (!v)
			vsctl_fatal("table %s has no column \"%s\"", table,
				    col);
		item = v;
		if (key && json_is_object(v)) {
			item = json_object_get(v, key);
			if (!item)
				vsctl_fatal("no key \"%s\" in %s record %s "
					    "column %s", key, table, argv[2],
					    col);
		}
		q = c->format == FMT_JSON ? json_dumps(item, JSON_ENCODE_ANY)
			: format_value(item);
		vsctl_print(c, "%s\n", q);
		free(q);
		json_decref(v);
		free(col);
	}
}

static const char *const bridge_columns[] = {
	"name", "datapath_type", "fail_mode", "controller", "protocols",
	"datapath_id", "other_config", "ports", "sflow", NULL
};
static const char *const port_columns[] = {
	"name", "type", "ofport", "tag", "vlan_mode", "trunks", "qos",
	"other_config", "error", "status", NULL
};

/* One record as "column : value" lines (or a JSON object in *JP). */
static void list_record(struct vsctl_ctx *c, struct fsw_bridge *br,
			struct fsw_port *p, json_t *records)
{
	const char *const *col = br ? bridge_columns : port_columns;
	json_t *obj = json_object();

	for (; *col; col++) {
		json_t *v = br ? get_bridge_column(br, *col, NULL)
			: get_port_column(c, p, *col);

		if (c->format == FMT_TEXT) {
			char *f = format_value(v);

			vsctl_print(c, "%-14s: %s\n", *col, f);
			free(f);
		}
		json_object_set_new(obj, *col, v);
	}
	json_array_append_new(records, obj);
}

/* list TABLE [RECORD]...: every column of the records (all of them when
 * none is named), ovs-vsctl style. */
static void cmd_list(struct vsctl_ctx *c, int argc, char *argv[])
{
	const char *table = canonical_table(argv[1]);
	json_t *records = json_array();
	const char **names;
	size_t n = 0, i, j;
	bool bridges = !strcmp(table, "bridge");

	if (!strcmp(table, "open_vswitch"))
		vsctl_fatal("list: table open_vswitch: use show");
	if (argc > 2) {
		names = xzalloc(argc * sizeof *names);
		for (i = 2; i < (size_t)argc; i++)
			names[n++] = argv[i];
	} else {
		names = xzalloc((c->cfg->n_bridges + 1) * sizeof *names);
		for (i = 0; i < c->cfg->n_bridges; i++) {
			struct fsw_bridge *br = &c->cfg->bridges[i];

			if (bridges) {
				names[n++] = br->name;
				continue;
			}
			names = xrealloc(names, (n + br->n_ports + 1) *
					 sizeof *names);
			for (j = 0; j < br->n_ports; j++)
				names[n++] = br->ports[j].name;
		}
		qsort(names, n, sizeof *names, cmp_str);
	}
	for (i = 0; i < n; i++) {
		if (i && c->format == FMT_TEXT)
			vsctl_print(c, "\n");
		if (bridges)
			list_record(c, bridge_or_die(c, names[i]), NULL,
				    records);
		else
			list_record(c, NULL, port_or_die(c, names[i], NULL),
				    records);
	}
	if (c->format == FMT_JSON) {
		char *text = json_dumps(records, JSON_INDENT(2));

		vsctl_print(c, "%s\n", text);
		free(text);
	}
	json_decref(records);
	free(names);
}

/* ---- show ------------------------------------------------------------- */

static int cmp_bridge(const void *a, const void *b)
{
	return strcmp((*(struct fsw_bridge *const *)a)->name,
		      (*(struct fsw_bridge *const *)b)->name);
}

static int cmp_port(const void *a, const void *b)
{
	return strcmp((*(struct fsw_port *const *)a)->name,
		      (*(struct fsw_port *const *)b)->name);
}

static void show_port(struct vsctl_ctx *c, const struct fsw_port *p)
{
	const char *e;
	size_t i;

	vsctl_print(c, "        Port %s\n", p->name);
	if (p->tag >= 0)
		vsctl_print(c, "            tag: %d\n", p->tag);
	if (p->vlan_mode != FSW_VLAN_MODE_UNSET)
		vsctl_print(c, "            vlan_mode: %s\n",
			    fsw_vlan_mode_to_string(p->vlan_mode));
	if (p->n_trunks) {
		vsctl_print(c, "            trunks: [");
		for (i = 0; i < p->n_trunks; i++)
			vsctl_print(c, "%s%u", i ? ", " : "", p->trunks[i]);
		vsctl_print(c, "]\n");
	}
	if (p->qos) {
		char *s = qos_to_string(p->qos);

		vsctl_print(c, "            qos: %s\n", s);
		free(s);
	}
	vsctl_print(c, "            Interface %s\n", p->name);
	if (p->type == FSW_PORT_INTERNAL)
		vsctl_print(c, "                type: internal\n");
	vsctl_print(c, "                ofport: %u\n", p->ofport);
	e = status_of(c, "interface", p->name, "error");
	if (e) {
		json_t *j = json_string(e);
		char *q = json_dumps(j, JSON_ENCODE_ANY);

		vsctl_print(c, "                error: %s\n", q);
		free(q);
		json_decref(j);
	}
}

static void show_bridge(struct vsctl_ctx *c, struct fsw_bridge *br)
{
	struct fsw_port **ports = xzalloc((br->n_ports + 1) * sizeof *ports);
	struct fsw_port self;
	size_t i;

	vsctl_print(c, "    Bridge %s\n", br->name);
	for (i = 0; i < br->n_controllers; i++) {
		const char *conn = status_of(c, "controller",
					     br->controllers[i],
					     "is_connected");

		vsctl_print(c, "        Controller \"%s\"\n", br->controllers[i]);
		if (conn)
			vsctl_print(c, "            is_connected: %s\n", conn);
	}
	if (br->fail_mode != FSW_FAIL_UNSET)
		vsctl_print(c, "        fail_mode: %s\n",
			    fsw_fail_mode_to_string(br->fail_mode));
	if (br->datapath_type == FSW_DP_NETDEV)
		vsctl_print(c, "        datapath_type: netdev\n");
	if (br->has_datapath_id)
		vsctl_print(c, "        datapath_id: \"%016" PRIx64 "\"\n",
			    br->datapath_id);
	if (br->sflow) {
		char *s = vsctl_sflow_to_string(br->sflow);

		vsctl_print(c, "        sFlow: %s\n", s);
		free(s);
	}
	/* The bridge's own internal port (OpenFlow LOCAL), implicit in the
	 * configuration, is listed among the ports as ovs-vsctl does. */
	memset(&self, 0, sizeof self);
	self.name = br->name;
	self.type = FSW_PORT_INTERNAL;
	self.tag = -1;
	self.ofport = 65534;
	ports[0] = &self;
	for (i = 0; i < br->n_ports; i++)
		ports[i + 1] = &br->ports[i];
	qsort(ports, br->n_ports + 1, sizeof *ports, cmp_port);
	for (i = 0; i <= br->n_ports; i++)
		show_port(c, ports[i]);
	free(ports);
}

static void cmd_show(struct vsctl_ctx *c, int argc, char *argv[])
{
	struct fsw_config *cfg = c->cfg;
	struct fsw_bridge **brs;
	size_t i;

	if (c->format == FMT_JSON) {
		json_t *j = fsw_config_to_json(cfg);
		char *s = json_dumps(j, JSON_INDENT(2));

		vsctl_print(c, "%s\n", s);
		free(s);
		json_decref(j);
		return;
	}
	vsctl_print(c, "%s\n", cfg->uuid);
	for (i = 0; i < cfg->n_managers; i++)
		vsctl_print(c, "    Manager \"%s\"\n", cfg->managers[i]);
	brs = xzalloc((cfg->n_bridges + 1) * sizeof *brs);
	for (i = 0; i < cfg->n_bridges; i++)
		brs[i] = &cfg->bridges[i];
	qsort(brs, cfg->n_bridges, sizeof *brs, cmp_bridge);
	for (i = 0; i < cfg->n_bridges; i++)
		show_bridge(c, brs[i]);
	free(brs);
	vsctl_print(c, "    fsw_version: \"%s\"\n", PACKAGE_VERSION);
}

const struct vsctl_command vsctl_commands[] = {
	{ "init", 0, 0, "", "", false, cmd_init },
	{ "show", 0, 0, "", "", false, cmd_show },
	{ "add-br", 1, 3, "BRIDGE", "may-exist", true, cmd_add_br },
	{ "del-br", 1, 1, "BRIDGE", "if-exists", true, cmd_del_br },
	{ "list-br", 0, 0, "", "", false, cmd_list_br },
	{ "br-exists", 1, 1, "BRIDGE", "", false, cmd_br_exists },
	{ "add-port", 2, -1, "BRIDGE PORT [COLUMN[:KEY]=VALUE]...",
	  "may-exist", true, cmd_add_port },
	{ "del-port", 1, 2, "[BRIDGE] PORT", "if-exists", true, cmd_del_port },
	{ "list-ports", 1, 1, "BRIDGE", "", false, cmd_list_ports },
	{ "list-ifaces", 1, 1, "BRIDGE", "", false, cmd_list_ports },
	{ "port-to-br", 1, 1, "PORT", "", false, cmd_port_to_br },
	{ "iface-to-br", 1, 1, "IFACE", "", false, cmd_port_to_br },
	{ "set-controller", 2, -1, "BRIDGE TARGET...", "", true,
	  cmd_set_controller },
	{ "get-controller", 1, 1, "BRIDGE", "", false, cmd_get_controller },
	{ "del-controller", 1, 1, "BRIDGE", "", true, cmd_del_controller },
	{ "set-fail-mode", 2, 2, "BRIDGE standalone|secure", "", true,
	  cmd_set_fail_mode },
	{ "get-fail-mode", 1, 1, "BRIDGE", "", false, cmd_get_fail_mode },
	{ "del-fail-mode", 1, 1, "BRIDGE", "", true, cmd_del_fail_mode },
	{ "set-manager", 1, -1, "TARGET...", "", true, cmd_set_manager },
	{ "get-manager", 0, 0, "", "", false, cmd_get_manager },
	{ "del-manager", 0, 0, "", "", true, cmd_del_manager },
	{ "set-ssl", 3, 3, "PRIVATE-KEY CERTIFICATE CA-CERT", "", true,
	  vsctl_cmd_set_ssl },
	{ "get-ssl", 0, 0, "", "", false, vsctl_cmd_get_ssl },
	{ "del-ssl", 0, 0, "", "", true, vsctl_cmd_del_ssl },
	{ "set-qos", 2, -1, "PORT linux-htb [max-rate=RATE] "
	  "[queue:ID=min-rate=RATE,max-rate=RATE,priority=N]...", "", true,
	  cmd_set_qos },
	{ "get-qos", 1, 1, "PORT", "", false, cmd_get_qos },
	{ "clear-qos", 1, 1, "PORT", "", true, cmd_clear_qos },
	{ "set-sflow", 2, -1, "BRIDGE target=IP[:PORT] [sampling=N] "
	  "[polling=SECS] [header=BYTES] [agent=IP]", "", true,
	  vsctl_cmd_set_sflow },
	{ "del-sflow", 1, 1, "BRIDGE", "if-exists", true, vsctl_cmd_del_sflow },
	{ "get-sflow", 1, 1, "BRIDGE", "", false, vsctl_cmd_get_sflow },
	{ "set", 3, -1, "TABLE RECORD COLUMN[:KEY]=VALUE...", "", true,
	  cmd_set },
	{ "get", 3, -1, "TABLE RECORD COLUMN[:KEY]...", "", false, cmd_get },
	{ "list", 1, -1, "TABLE [RECORD]...", "", false, cmd_list },
	{ "clear", 3, -1, "TABLE RECORD COLUMN[:KEY]...", "", true,
	  cmd_clear },
	{ "remove", 4, -1, "TABLE RECORD other_config KEY...", "", true,
	  cmd_remove },
	{ NULL, 0, 0, NULL, NULL, false, NULL },
};
