/*
 * ofproto: an OpenFlow switch on a datapath.  Ports, tables, rules,
 * flow_mod semantics (OpenFlow 1.3), timeouts, groups.
 */
#include <config.h>
#include "ofproto.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "connmgr.h"
#include "dpif.h"
#include "epoch.h"
#include "log.h"
#include "mac-learning.h"
#include "ofp-errors.h"
#include "ofp-match.h"
#include "openflow.h"
#include "pollset.h"
#include "qos.h"
#include "sflow.h"
#include "upcall.h"
#include "util.h"

LOG_MODULE(ofproto);

pthread_mutex_t ofproto_mutex = PTHREAD_MUTEX_INITIALIZER;

#define RETRY_MS 2000
#define EXPIRE_MS 500

long long time_msec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

long long time_wall_msec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void rule_free(struct rule *r)
{
	free(r->ofpacts);
	free(r);
}

void ofproto_rule_unref(struct rule *r)
{
	if (r && !--r->refcnt)
		rule_free(r);
}

void ofproto_changed(struct ofproto *o)
{
	o->rules_seq++;
}

/* ---- Life cycle. --------------------------------------------------- */

static void open_datapath(struct ofproto *o)
{
	struct dpif *dpif;
	int err;

	err = dpif_create_and_open(o->name, o->dp_type, &dpif);
	if (err) {
		LOG_WARN_RL("%s: cannot open datapath: %s (will retry)",
			    o->name, strerror(-err));
		return;
	}
	/* Flows from an earlier run stay: they keep forwarding while we
	 * start, and the revalidator adopts or deletes them. */
	o->dpif = dpif;
	o->udpif = udpif_create(o, dpif, udpif_n_handlers);
	LOG_INFO("%s: datapath %s:%s ready", o->name, dpif_type(dpif),
		 dpif_name(dpif));
}

struct ofproto *ofproto_create(const char *name, const char *dp_type)
{
	struct ofproto *o = xzalloc(sizeof *o);
	int i;

	o->name = xstrdup(name);
	o->dp_type = xstrdup(dp_type);
	for (i = 0; i < OFPROTO_N_TABLES; i++)
		cls_init(&o->tables[i].cls);
	o->ml = mac_table_create();
	o->miss_send_len = OFP_DEFAULT_MISS_SEND_LEN;
	o->fail_mode = FSW_FAIL_UNSET;
	open_datapath(o);
	return o;
}

static void port_free(struct ofport *p)
{
	free(p->name);
	free(p->trunks);
	free(p->queue_ids);
	free(p->queue_prio);
	free(p);
}

/* Deletes N rules given in the classifier's order (highest priority
 * first), lowest priority first: the classifier then never has to look
 * for a subtable's new highest priority (a scan of the subtable) while
 * deleting, so deleting n rules is O(n), not O(n^2). */
static void delete_rules(struct ofproto *o, struct rule **rules, size_t n,
			 uint8_t reason)
{
	while (n--)
		ofproto_rule_delete(o, rules[n], reason);
}

void ofproto_flush_flows(struct ofproto *o)
{
	struct ofproto_fm fm;
	struct rule **rules;
	size_t n, i;

	memset(&fm, 0, sizeof fm);
	match_init_catchall(&fm.match);
	fm.table_id = OFPTT_ALL;
	fm.out_port = OFPP_ANY;
	fm.out_group = OFPG_ANY;
	n = ofproto_collect_rules(o, &fm, false, true, &rules);
	delete_rules(o, rules, n, OFPRR_DELETE);
	for (i = 0; i < n; i++)
		ofproto_rule_unref(rules[i]);
	free(rules);
}

static void group_free(struct group *g)
{
	size_t i;

	for (i = 0; i < g->n_buckets; i++)
		free(g->buckets[i].ofpacts);
	free(g->buckets);
	free(g);
}

void ofproto_destroy(struct ofproto *o, bool delete_datapath)
{
	size_t i;

	if (!o)
		return;
	/* Handler threads take the mutex: stop them first. */
	if (o->udpif) {
		pthread_mutex_unlock(&ofproto_mutex);
		udpif_destroy(o->udpif);
		pthread_mutex_lock(&ofproto_mutex);
		o->udpif = NULL;
	}
	connmgr_destroy(o->connmgr);
	o->connmgr = NULL;
	sflow_destroy(o);
	o->default_rule = NULL;
	ofproto_flush_flows(o);
	epoch_synchronize();
	for (i = 0; i < OFPROTO_N_TABLES; i++)
		cls_destroy(&o->tables[i].cls);
	for (i = 0; i < o->n_groups; i++)
		group_free(o->groups[i]);
	free(o->groups);
	for (i = 0; i < o->n_ports; i++) {
		/* A deleted bridge takes its QoS along; a daemon exit
		 * leaves it (as the datapath stays). */
		if (delete_datapath)
			qos_port_forget(o->ports[i]->name);
		port_free(o->ports[i]);
	}
	free(o->ports);
	mac_table_destroy(o->ml);
	if (o->dpif) {
		if (delete_datapath)
			dpif_delete(o->dpif);
		dpif_close(o->dpif);
	}
	free(o->name);
	free(o->dp_type);
	free(o);
}

/* ---- Ports. -------------------------------------------------------- */

struct ofport *ofproto_port_by_ofp(const struct ofproto *o, uint32_t port)
{
	size_t i;

	for (i = 0; i < o->n_ports; i++)
		if (o->ports[i]->ofp_port == port)
			return o->ports[i];
	return NULL;
}

struct ofport *ofproto_port_by_dp(const struct ofproto *o, uint32_t port)
{
	size_t i;

	for (i = 0; i < o->n_ports; i++)
		if (o->ports[i]->dp_port == port)
			return o->ports[i];
	return NULL;
}

struct ofport *ofproto_port_by_name(const struct ofproto *o,
				    const char *name)
{
	size_t i;

	for (i = 0; i < o->n_ports; i++)
		if (!strcmp(o->ports[i]->name, name))
			return o->ports[i];
	return NULL;
}

static int read_sysfs(const char *dev, const char *attr, char *buf,
		      size_t size)
{
	char path[128];
	FILE *f;
	bool ok;

	snprintf(path, sizeof path, "/sys/class/net/%s/%s", dev, attr);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	ok = fgets(buf, size, f) != NULL;
	fclose(f);
	return ok ? 0 : -EIO;
}

/* Reads the device's MAC address and link state; returns true if the
 * state changed. */
static bool port_refresh(struct ofport *p)
{
	char s[64];
	uint8_t mac[6] = { 0 };
	uint32_t state = 0;
	unsigned int m[6];
	bool changed;
	int i;

	if (!read_sysfs(p->name, "address", s, sizeof s) &&
	    sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3],
		   &m[4], &m[5]) == 6)
		for (i = 0; i < 6; i++)
			mac[i] = m[i];
	if (p->dp_port == UINT32_MAX ||
	    (!read_sysfs(p->name, "carrier", s, sizeof s) && s[0] == '0') ||
	    read_sysfs(p->name, "carrier", s, sizeof s))
		state |= OFPPS_LINK_DOWN;
	else
		state |= OFPPS_LIVE;
	changed = state != p->state || memcmp(mac, p->hw_addr, 6);
	p->state = state;
	memcpy(p->hw_addr, mac, 6);
	return changed;
}

static void port_set_config(struct ofport *p, const struct fsw_port *cfg)
{
	size_t i;

	p->tag = cfg ? cfg->tag : -1;
	free(p->trunks);
	p->trunks = NULL;
	p->n_trunks = 0;
	free(p->queue_ids);
	p->queue_ids = NULL;
	p->n_queues = 0;
	if (!cfg)
		return;
	p->type = cfg->type;
	if (cfg->n_trunks) {
		p->trunks = xmalloc(cfg->n_trunks * sizeof *p->trunks);
		memcpy(p->trunks, cfg->trunks,
		       cfg->n_trunks * sizeof *p->trunks);
		p->n_trunks = cfg->n_trunks;
	}
	if (cfg->qos) {
		p->n_queues = cfg->qos->n_queues;
		p->queue_ids = xmalloc((p->n_queues + 1) * sizeof(uint32_t));
		for (i = 0; i < p->n_queues; i++)
			p->queue_ids[i] = cfg->qos->queues[i].id;
	}
}

static struct ofport *port_new(struct ofproto *o, const char *name,
			       uint32_t ofp_port, enum fsw_port_type type)
{
	struct ofport *p = xzalloc(sizeof *p);

	p->ofproto = o;
	p->name = xstrdup(name);
	p->ofp_port = ofp_port;
	p->dp_port = UINT32_MAX;
	p->type = type;
	p->tag = -1;
	p->state = OFPPS_LINK_DOWN;
	o->ports = xrealloc(o->ports, (o->n_ports + 1) * sizeof *o->ports);
	o->ports[o->n_ports++] = p;
	return p;
}

static void port_remove(struct ofproto *o, struct ofport *p)
{
	size_t i;

	if (o->dpif && p->dp_port != UINT32_MAX && p->dp_port != 0)
		dpif_port_del(o->dpif, p->dp_port);
	mac_table_flush(o->ml, p->ofp_port);
	qos_port_forget(p->name);
	if (o->connmgr)
		connmgr_send_port_status(o->connmgr, p, OFPPR_DELETE);
	for (i = 0; i < o->n_ports; i++) {
		if (o->ports[i] == p) {
			o->ports[i] = o->ports[--o->n_ports];
			break;
		}
	}
	LOG_INFO("%s: port %s removed", o->name, p->name);
	port_free(p);
	ofproto_changed(o);
}

/* Puts P into the datapath if it is not there yet.  A missing device is
 * logged (rate-limited) and retried by ofproto_run(). */
static void port_realize(struct ofproto *o, struct ofport *p)
{
	struct dpif_port dp;
	uint32_t type, no = DPIF_PORT_ANY;
	int err;

	if (!o->dpif || p->dp_port != UINT32_MAX)
		return;
	if (p->ofp_port == OFPP_LOCAL) {
		p->dp_port = 0;
		port_refresh(p);
		return;
	}
	if (!dpif_port_get_by_name(o->dpif, p->name, &dp)) {
		p->dp_port = dp.port_no;
		dpif_port_uninit(&dp);
	} else {
		type = p->type == FSW_PORT_INTERNAL ? OVS_VPORT_TYPE_INTERNAL
						    : OVS_VPORT_TYPE_NETDEV;
		err = dpif_port_add(o->dpif, p->name, type, &no);
		if (err) {
			LOG_WARN_RL("%s: cannot add port %s: %s (will retry)",
				    o->name, p->name, strerror(-err));
			return;
		}
		p->dp_port = no;
	}
	port_refresh(p);
	LOG_INFO("%s: port %s is OpenFlow port %u, datapath port %u",
		 o->name, p->name, p->ofp_port, p->dp_port);
	if (o->connmgr)
		connmgr_send_port_status(o->connmgr, p, OFPPR_ADD);
	ofproto_changed(o);
}

/* Datapath ports that the configuration does not name go away (left
 * over from an earlier run or added behind our back). */
static void remove_stray_dp_ports(struct ofproto *o)
{
	struct dpif_port *ports;
	size_t n, i;

	if (!o->dpif || dpif_port_list(o->dpif, &ports, &n))
		return;
	for (i = 0; i < n; i++) {
		if (ports[i].port_no == 0 ||
		    ofproto_port_by_name(o, ports[i].name))
			continue;
		LOG_INFO("%s: removing stray datapath port %s", o->name,
			 ports[i].name);
		dpif_port_del(o->dpif, ports[i].port_no);
	}
	dpif_port_list_free(ports, n);
}

static void sync_ports(struct ofproto *o, const struct fsw_bridge *br)
{
	struct ofport *local;
	size_t i;

	for (i = 0; i < o->n_ports; i++)
		o->ports[i]->seen = false;
	local = ofproto_port_by_ofp(o, OFPP_LOCAL);
	if (!local)
		local = port_new(o, o->name, OFPP_LOCAL, FSW_PORT_INTERNAL);
	local->seen = true;
	for (i = 0; i < br->n_ports; i++) {
		const struct fsw_port *c = &br->ports[i];
		struct ofport *p = ofproto_port_by_name(o, c->name);

		if (p && (p->ofp_port != c->ofport || p->type != c->type)) {
			port_remove(o, p);
			p = NULL;
		}
		if (!p)
			p = port_new(o, c->name, c->ofport, c->type);
		p->seen = true;
		port_set_config(p, c);
	}
	for (i = 0; i < o->n_ports; ) {
		if (!o->ports[i]->seen)
			port_remove(o, o->ports[i]);
		else
			i++;
	}
	remove_stray_dp_ports(o);
	for (i = 0; i < o->n_ports; i++)
		port_realize(o, o->ports[i]);
	/* After port_realize(): internal ports' devices exist by now. */
	for (i = 0; i < br->n_ports; i++)
		qos_port_set(br->ports[i].name, br->ports[i].qos);
	ofproto_changed(o);
}

/* ---- Configuration. ------------------------------------------------ */

static uint64_t mac_to_dpid(const uint8_t mac[6])
{
	uint64_t d = 0;
	int i;

	for (i = 0; i < 6; i++)
		d = (d << 8) | mac[i];
	return d;
}

static void update_dpid(struct ofproto *o, const struct fsw_bridge *br)
{
	struct ofport *local = ofproto_port_by_ofp(o, OFPP_LOCAL);

	o->has_config_dpid = br && br->has_datapath_id;
	if (o->has_config_dpid)
		o->datapath_id = br->datapath_id;
	else if (local)
		o->datapath_id = mac_to_dpid(local->hw_addr);
}

/* In standalone mode, with no controller connected, the switch is a
 * learning switch: a priority-0 NORMAL rule in table 0.  In secure mode
 * nothing is forwarded without flows. */
static void update_default_flow(struct ofproto *o)
{
	bool want = o->fail_mode != FSW_FAIL_SECURE &&
		    !(o->connmgr && connmgr_controller_connected(o->connmgr));

	ofproto_set_default_flow(o, want);
}

/* other_config:mac-aging-time (seconds, as in Open vSwitch).  A bad
 * value is logged and the default kept. */
static void update_mac_aging(struct ofproto *o, const struct fsw_bridge *br)
{
	const char *s = fsw_smap_get(&br->other_config, "mac-aging-time");
	char *end;
	long v = MAC_DEFAULT_AGING;

	if (s) {
		v = strtol(s, &end, 10);
		if (*end || end == s || v < 1 || v > 1000000) {
			LOG_WARN("%s: bad mac-aging-time \"%s\", using %d s",
				 o->name, s, MAC_DEFAULT_AGING);
			v = MAC_DEFAULT_AGING;
		}
	}
	if (o->ml->aging != v) {
		mac_table_set_aging(o->ml, v, time_msec());
		ofproto_changed(o);
	}
}

/* other_config:flow-restore-wait=true (set across a restart while the
 * flows are being restored): datapath flows we did not install are
 * neither adopted nor deleted.  Clearing it revalidates them. */
static void update_flow_restore_wait(struct ofproto *o,
				     const struct fsw_bridge *br)
{
	const char *s = fsw_smap_get(&br->other_config, "flow-restore-wait");
	bool wait = s && !strcmp(s, "true");

	if (wait != o->flow_restore_wait) {
		o->flow_restore_wait = wait;
		LOG_INFO("%s: flow-restore-wait %s", o->name,
			 wait ? "on" : "off: revalidating datapath flows");
		ofproto_changed(o);
	}
}

void ofproto_reconfigure(struct ofproto *o, const struct fsw_bridge *br)
{
	o->fail_mode = br->fail_mode;
	update_mac_aging(o, br);
	update_flow_restore_wait(o, br);
	sync_ports(o, br);
	update_dpid(o, br);
	if (o->connmgr)
		connmgr_set_controllers(o->connmgr, br->controllers,
					br->n_controllers);
	update_default_flow(o);
	sflow_reconfigure(o, br);
}

/* ---- Rules. -------------------------------------------------------- */

static void rule_remove(struct ofproto *o, struct rule *r)
{
	cls_remove(&o->tables[r->table_id].cls, &r->cr);
	r->removed = true;
	if (o->default_rule == r)
		o->default_rule = NULL;
	ofproto_changed(o);
}

void ofproto_rule_delete(struct ofproto *o, struct rule *r, uint8_t reason)
{
	if (r->removed)
		return;
	rule_remove(o, r);
	if ((r->flags & OFPFF_SEND_FLOW_REM) && o->connmgr)
		connmgr_send_flow_removed(o->connmgr, r, reason);
	/* The classifier's snapshot readers (cursors) may still look at
	 * the rule: free it only after they are done. */
	epoch_defer((void (*)(void *))ofproto_rule_unref, r);
}

void ofproto_rule_stats(struct rule *r, uint64_t packets, uint64_t bytes,
			long long used)
{
	r->n_packets += packets;
	r->n_bytes += bytes;
	if (packets && used > r->used)
		r->used = used;
}

static struct rule *rule_new(struct ofproto *o, const struct ofproto_fm *fm,
			     uint8_t table_id)
{
	struct rule *r = xzalloc(sizeof *r);
	struct match m = fm->match;

	match_canonicalize(&m);
	cls_rule_init(&r->cr, &m, fm->priority);
	r->ofproto = o;
	r->table_id = table_id;
	r->cookie = fm->cookie;
	r->idle_timeout = fm->idle_timeout;
	r->hard_timeout = fm->hard_timeout;
	r->flags = fm->flags;
	r->importance = fm->importance;
	r->created = r->modified = r->used = time_msec();
	r->ofpacts = xmalloc(fm->ofpacts_len ? fm->ofpacts_len : 1);
	memcpy(r->ofpacts, fm->ofpacts, fm->ofpacts_len);
	r->ofpacts_len = fm->ofpacts_len;
	r->refcnt = 1;
	return r;
}

/* Checks what a flow_mod's actions refer to. */
static int check_actions(struct ofproto *o, const struct ofpact *ofpacts,
			 size_t len, const struct match *m, uint8_t table_id)
{
	const struct ofpact *a;
	struct ofpact *copy;
	int err;

	copy = xmalloc(len ? len : 1);
	memcpy(copy, ofpacts, len);
	err = ofpacts_check(copy, len, m, table_id);
	if (!err)
		memcpy((void *)ofpacts, copy, len);	/* ip_proto filled */
	free(copy);
	if (err)
		return err;
	OFPACT_FOR_EACH(a, ofpacts, len) {
		if (a->type == OFPACT_GROUP &&
		    !ofproto_group_find(o, ((const struct ofpact_u32 *)a)->value))
			return E_ACT(BAD_OUT_GROUP);
		if (a->type == OFPACT_WRITE_ACTIONS) {
			size_t nlen;
			const struct ofpact *n = ofpact_nest_actions(
				(const void *)a, &nlen);

			err = check_actions(o, n, nlen, m, table_id);
			if (err)
				return err;
		}
		if (a->type == OFPACT_OUTPUT) {
			uint32_t p = ((const struct ofpact_output *)a)->port;

			if ((p == 0 || (p > OFPP_MAX && p < OFPP_IN_PORT)) ||
			    p == OFPP_ANY)
				return E_ACT(BAD_OUT_PORT);
		}
	}
	return 0;
}

static int add_flow(struct ofproto *o, const struct ofproto_fm *fm)
{
	struct oftable *t;
	struct cls_rule *old;
	struct rule *r;
	struct match m = fm->match;
	int err;

	if (fm->table_id >= OFPROTO_N_TABLES)
		return E_FMOD(BAD_TABLE_ID);
	err = check_actions(o, fm->ofpacts, fm->ofpacts_len, &fm->match,
			    fm->table_id);
	if (err)
		return err;
	t = &o->tables[fm->table_id];
	match_canonicalize(&m);
	if ((fm->flags & OFPFF_CHECK_OVERLAP) &&
	    cls_find_overlap(&t->cls, &m, fm->priority))
		return E_FMOD(OVERLAP);
	if (cls_count(&t->cls) >= 1000000)
		return E_FMOD(TABLE_FULL);
	r = rule_new(o, fm, fm->table_id);
	cls_insert_or_replace(&t->cls, &r->cr, &old);
	if (old) {
		struct rule *or = CLS_CONTAINER_OF(old, struct rule, cr);

		/* OF1.3: the replaced entry's counters carry over unless
		 * the new one asks for RESET_COUNTS. */
		if (!(fm->flags & OFPFF_RESET_COUNTS)) {
			r->n_packets = or->n_packets;
			r->n_bytes = or->n_bytes;
		}
		or->removed = true;
		if (o->default_rule == or)
			o->default_rule = NULL;
		epoch_defer((void (*)(void *))ofproto_rule_unref, or);
	}
	ofproto_changed(o);
	return 0;
}

static bool fm_selects(const struct ofproto_fm *fm, const struct rule *r,
		       bool strict, bool is_delete)
{
	if ((r->cookie ^ fm->cookie) & fm->cookie_mask)
		return false;
	if (strict) {
		struct match m = fm->match;

		match_canonicalize(&m);
		if (r->cr.priority != fm->priority ||
		    !match_equal(&r->cr.match, &m))
			return false;
	} else if (!match_covered_by(&r->cr.match, &fm->match)) {
		return false;
	}
	if (!is_delete)
		return true;
	if (fm->out_port != OFPP_ANY &&
	    !ofpacts_output_to_port(r->ofpacts, r->ofpacts_len, fm->out_port))
		return false;
	if (fm->out_group != OFPG_ANY &&
	    !ofpacts_output_to_group(r->ofpacts, r->ofpacts_len,
				     fm->out_group))
		return false;
	return true;
}

static void add_rule(struct rule ***rules, size_t *n, size_t *cap,
		     struct rule *r)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		*rules = xrealloc(*rules, *cap * sizeof **rules);
	}
	(*rules)[(*n)++] = r;
	r->refcnt++;
}

/* Collects the rules FM selects into *RULES (each referenced), highest
 * priority first. */
size_t ofproto_collect_rules(struct ofproto *o, const struct ofproto_fm *fm,
			    bool strict, bool is_delete, struct rule ***rules)
{
	size_t n = 0, cap = 0, i;
	int lo = fm->table_id, hi = fm->table_id;

	*rules = NULL;
	if (fm->table_id == OFPTT_ALL) {
		lo = 0;
		hi = OFPROTO_N_TABLES - 1;
	}
	for (i = lo; (int)i <= hi; i++) {
		struct cls_cursor c;
		struct cls_rule *cr;

		if (strict) {
			/* One hash lookup, not a walk over the table: a
			 * batch of strict deletes stays linear. */
			struct rule *r;

			cr = cls_find_exactly(&o->tables[i].cls, &fm->match,
					      fm->priority);
			r = cr ? CLS_CONTAINER_OF(cr, struct rule, cr) : NULL;
			if (r && !r->removed && fm_selects(fm, r, true,
							   is_delete))
				add_rule(rules, &n, &cap, r);
			continue;
		}

		CLS_FOR_EACH(cr, &c, &o->tables[i].cls, &fm->match) {
			struct rule *r = CLS_CONTAINER_OF(cr, struct rule, cr);

			if (!r->removed && fm_selects(fm, r, false, is_delete))
				add_rule(rules, &n, &cap, r);
		}
	}
	return n;
}

static int modify_flows(struct ofproto *o, const struct ofproto_fm *fm,
			bool strict)
{
	struct rule **rules;
	size_t n, i;
	int err = 0;

	if (fm->table_id >= OFPROTO_N_TABLES && fm->table_id != OFPTT_ALL)
		return E_FMOD(BAD_TABLE_ID);
	n = ofproto_collect_rules(o, fm, strict, false, &rules);
	for (i = 0; i < n && !err; i++)
		err = check_actions(o, fm->ofpacts, fm->ofpacts_len,
				    &rules[i]->cr.match, rules[i]->table_id);
	for (i = 0; i < n; i++) {
		struct rule *r = rules[i];

		if (!err) {
			void *acts = xmalloc(fm->ofpacts_len ?
					     fm->ofpacts_len : 1);

			memcpy(acts, fm->ofpacts, fm->ofpacts_len);
			/* Handlers only read actions under ofproto_mutex,
			 * which we hold: replacing in place is safe. */
			free(r->ofpacts);
			r->ofpacts = acts;
			r->ofpacts_len = fm->ofpacts_len;
			r->modified = time_msec();
			if (fm->flags & OFPFF_RESET_COUNTS)
				r->n_packets = r->n_bytes = 0;
		}
		ofproto_rule_unref(r);
	}
	free(rules);
	if (n)
		ofproto_changed(o);
	return err;
}

static int delete_flows(struct ofproto *o, const struct ofproto_fm *fm,
			bool strict)
{
	struct rule **rules;
	size_t n, i;

	if (fm->table_id >= OFPROTO_N_TABLES && fm->table_id != OFPTT_ALL)
		return E_FMOD(BAD_TABLE_ID);
	n = ofproto_collect_rules(o, fm, strict, true, &rules);
	/* A FLOW_REMOVED carries the datapath's latest counters. */
	for (i = 0; i < n && o->udpif && o->connmgr; i++) {
		if (rules[i]->flags & OFPFF_SEND_FLOW_REM) {
			udpif_revalidate(o->udpif);
			break;
		}
	}
	delete_rules(o, rules, n, OFPRR_DELETE);
	for (i = 0; i < n; i++)
		ofproto_rule_unref(rules[i]);
	free(rules);
	return 0;
}

int ofproto_flow_mod(struct ofproto *o, const struct ofproto_fm *fm)
{
	switch (fm->command) {
	case OFPFC_ADD:
		return add_flow(o, fm);
	case OFPFC_MODIFY:
		return modify_flows(o, fm, false);
	case OFPFC_MODIFY_STRICT:
		return modify_flows(o, fm, true);
	case OFPFC_DELETE:
		return delete_flows(o, fm, false);
	case OFPFC_DELETE_STRICT:
		return delete_flows(o, fm, true);
	default:
		return E_FMOD(BAD_COMMAND);
	}
}

void ofproto_set_default_flow(struct ofproto *o, bool want)
{
	struct ofproto_fm fm;
	struct buf acts = BUF_INITIALIZER;

	if (want == o->default_flow)
		return;
	o->default_flow = want;
	memset(&fm, 0, sizeof fm);
	fm.priority = 0;
	fm.out_port = OFPP_ANY;
	fm.out_group = OFPG_ANY;
	fm.buffer_id = OFP_NO_BUFFER;
	if (want) {
		ofpact_put_output(&acts, OFPP_NORMAL, 0);
		fm.command = OFPFC_ADD;
		fm.ofpacts = (const void *)acts.data;
		fm.ofpacts_len = acts.size;
		if (!add_flow(o, &fm))
			o->default_rule = CLS_CONTAINER_OF(
				cls_find_exactly(&o->tables[0].cls, &fm.match,
						 0), struct rule, cr);
		LOG_INFO("%s: standalone, no controller: NORMAL switching",
			 o->name);
	} else if (o->default_rule) {
		ofproto_rule_delete(o, o->default_rule, OFPRR_DELETE);
		LOG_INFO("%s: default NORMAL rule removed", o->name);
	}
	buf_uninit(&acts);
}

/* ---- Timeouts. ----------------------------------------------------- */

static bool rule_expired(const struct rule *r, long long now,
			 uint8_t *reason)
{
	if (r->hard_timeout && now >= r->modified + r->hard_timeout * 1000LL) {
		*reason = OFPRR_HARD_TIMEOUT;
		return true;
	}
	if (r->idle_timeout && now >= r->used + r->idle_timeout * 1000LL) {
		*reason = OFPRR_IDLE_TIMEOUT;
		return true;
	}
	return false;
}

static bool any_rule_expired(struct ofproto *o, long long now)
{
	uint8_t reason;
	int i;

	for (i = 0; i < OFPROTO_N_TABLES; i++) {
		struct cls_cursor c;
		struct cls_rule *cr;

		if (cls_is_empty(&o->tables[i].cls))
			continue;
		CLS_FOR_EACH(cr, &c, &o->tables[i].cls, NULL)
			if (rule_expired(CLS_CONTAINER_OF(cr, struct rule, cr),
					 now, &reason))
				return true;
	}
	return false;
}

static void expire_rules(struct ofproto *o, long long now)
{
	int i;

	/* Before a rule goes, collect what the datapath counted for it:
	 * FLOW_REMOVED carries final counters, and fresh traffic keeps an
	 * idle rule alive. */
	if (!any_rule_expired(o, now))
		return;
	if (o->udpif)
		udpif_revalidate(o->udpif);
	for (i = 0; i < OFPROTO_N_TABLES; i++) {
		struct rule **hard = NULL, **idle = NULL;
		size_t n_hard = 0, n_idle = 0;
		struct cls_cursor c;
		struct cls_rule *cr;

		if (cls_is_empty(&o->tables[i].cls))
			continue;
		/* Collected first, deleted after the walk (in delete_rules()'s
		 * order): the cursor must not see its table change. */
		CLS_FOR_EACH(cr, &c, &o->tables[i].cls, NULL) {
			struct rule *r = CLS_CONTAINER_OF(cr, struct rule, cr);
			uint8_t reason;

			if (!rule_expired(r, now, &reason))
				continue;
			if (reason == OFPRR_HARD_TIMEOUT) {
				hard = xrealloc(hard, ++n_hard * sizeof *hard);
				hard[n_hard - 1] = r;
			} else {
				idle = xrealloc(idle, ++n_idle * sizeof *idle);
				idle[n_idle - 1] = r;
			}
		}
		delete_rules(o, hard, n_hard, OFPRR_HARD_TIMEOUT);
		delete_rules(o, idle, n_idle, OFPRR_IDLE_TIMEOUT);
		free(hard);
		free(idle);
	}
}

/* ---- Groups. ------------------------------------------------------- */

struct group *ofproto_group_find(const struct ofproto *o, uint32_t id)
{
	size_t i;

	for (i = 0; i < o->n_groups; i++)
		if (o->groups[i]->group_id == id)
			return o->groups[i];
	return NULL;
}

static bool refers_to_group(const struct ofpact *ofpacts, size_t len,
			    uint32_t id)
{
	return ofpacts_output_to_group(ofpacts, len, id);
}

static int check_buckets(struct ofproto *o, uint8_t type, uint32_t id,
			 const struct ofproto_bucket_spec *b, size_t n)
{
	struct match any;
	size_t i;
	int err;

	if (type > OFPGT_FF)
		return E_GMOD(BAD_TYPE);
	if (type == OFPGT_INDIRECT && n != 1)
		return E_GMOD(INVALID_GROUP);
	match_init_catchall(&any);
	for (i = 0; i < n; i++) {
		if (type == OFPGT_FF && b[i].watch_port == OFPP_ANY &&
		    b[i].watch_group == OFPG_ANY)
			return E_GMOD(BAD_WATCH);
		if (refers_to_group(b[i].ofpacts, b[i].ofpacts_len, id))
			return E_GMOD(LOOP);
		err = check_actions(o, b[i].ofpacts, b[i].ofpacts_len, &any,
				    0);
		if (err)
			return err == E_ACT(BAD_OUT_GROUP) ?
			       E_GMOD(CHAINING_UNSUPPORTED) : err;
	}
	return 0;
}

static void group_set(struct group *g, uint8_t type,
		      const struct ofproto_bucket_spec *b, size_t n)
{
	size_t i;

	for (i = 0; i < g->n_buckets; i++)
		free(g->buckets[i].ofpacts);
	free(g->buckets);
	g->type = type;
	g->n_buckets = n;
	g->buckets = xzalloc((n ? n : 1) * sizeof *g->buckets);
	for (i = 0; i < n; i++) {
		struct bucket *bk = &g->buckets[i];

		bk->weight = type == OFPGT_SELECT ? b[i].weight : 1;
		bk->watch_port = b[i].watch_port;
		bk->watch_group = b[i].watch_group;
		bk->ofpacts = xmalloc(b[i].ofpacts_len ? b[i].ofpacts_len : 1);
		memcpy(bk->ofpacts, b[i].ofpacts, b[i].ofpacts_len);
		bk->ofpacts_len = b[i].ofpacts_len;
	}
}

static void delete_group(struct ofproto *o, size_t idx)
{
	struct group *g = o->groups[idx];
	struct ofproto_fm fm;

	/* OF1.3: deleting a group deletes the flows that forward to it. */
	memset(&fm, 0, sizeof fm);
	fm.table_id = OFPTT_ALL;
	fm.out_port = OFPP_ANY;
	fm.out_group = g->group_id;
	delete_flows(o, &fm, false);
	o->groups[idx] = o->groups[--o->n_groups];
	group_free(g);
}

int ofproto_group_mod(struct ofproto *o, uint16_t command, uint8_t type,
		      uint32_t id, const struct ofproto_bucket_spec *b,
		      size_t n)
{
	struct group *g = ofproto_group_find(o, id);
	int err;

	switch (command) {
	case OFPGC_ADD:
	case OFPGC_MODIFY:
		if (id > OFPG_MAX)
			return E_GMOD(INVALID_GROUP);
		err = check_buckets(o, type, id, b, n);
		if (err)
			return err;
		if (command == OFPGC_ADD) {
			if (g)
				return E_GMOD(GROUP_EXISTS);
			g = xzalloc(sizeof *g);
			g->group_id = id;
			g->created = time_msec();
			o->groups = xrealloc(o->groups, (o->n_groups + 1) *
					     sizeof *o->groups);
			o->groups[o->n_groups++] = g;
		} else if (!g) {
			return E_GMOD(UNKNOWN_GROUP);
		}
		group_set(g, type, b, n);
		break;
	case OFPGC_DELETE: {
		size_t i;

		for (i = 0; i < o->n_groups; ) {
			if (id == OFPG_ALL || o->groups[i]->group_id == id)
				delete_group(o, i);
			else
				i++;
		}
		break;
	}
	default:
		return E_GMOD(BAD_COMMAND);
	}
	ofproto_changed(o);
	return 0;
}

/* ---- Main loop. ---------------------------------------------------- */

static void refresh_ports(struct ofproto *o)
{
	size_t i;

	for (i = 0; i < o->n_ports; i++) {
		struct ofport *p = o->ports[i];

		if (p->dp_port == UINT32_MAX) {
			port_realize(o, p);
		} else if (port_refresh(p)) {
			if (o->connmgr)
				connmgr_send_port_status(o->connmgr, p,
							 OFPPR_MODIFY);
			ofproto_changed(o);
		}
	}
}

void ofproto_run(struct ofproto *o)
{
	long long now = time_msec();

	if (!o->dpif && now >= o->next_retry) {
		open_datapath(o);
		if (o->dpif) {
			remove_stray_dp_ports(o);
			o->next_retry = 0;
		}
	}
	if (now >= o->next_retry) {
		o->next_retry = now + RETRY_MS;
		refresh_ports(o);
		if (!o->has_config_dpid)
			update_dpid(o, NULL);
		/* Flows that forward to an aged-out MAC must flood again. */
		if (mac_table_expire(o->ml, now))
			ofproto_changed(o);
	}
	if (o->connmgr) {
		connmgr_run(o->connmgr);
		update_default_flow(o);
	}
	if (now >= o->next_expire) {
		o->next_expire = now + EXPIRE_MS;
		expire_rules(o, now);
	}
	/* The userspace datapath forwards in our main loop (a no-op for
	 * the kernel's). */
	if (o->dpif)
		dpif_run(o->dpif);
	if (o->udpif)
		udpif_run(o->udpif);
	sflow_run(o);
	epoch_reclaim();
}

void ofproto_wait(struct ofproto *o, struct pollset *ps)
{
	long long now = time_msec();
	long long next = o->next_expire < o->next_retry ? o->next_expire
							 : o->next_retry;

	pollset_timeout(ps, next > now ? (int)(next - now) : 0);
	if (o->connmgr)
		connmgr_wait(o->connmgr, ps);
	if (o->udpif)
		udpif_wait(o->udpif, ps);
	sflow_wait(o, ps);
	if (o->dpif) {
		int fds[64], n, i;

		n = dpif_run_fds(o->dpif, fds, 64);
		for (i = 0; i < n; i++)
			pollset_add(ps, fds[i], POLLIN);
	}
}
