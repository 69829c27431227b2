/*
 * Control commands of the bridge layer (fsw-appctl):
 *
 *   fdb/show BRIDGE              the MAC learning table
 *   dpif/dump-flows BRIDGE       the datapath's flows (megaflows)
 *   ofproto/trace BRIDGE FLOW    how a packet would be forwarded; FLOW in
 *                                datapath syntax (in_port(1),eth(...),...)
 *                                or field=value syntax (in_port=1,
 *                                dl_dst=..., with OpenFlow port numbers)
 *   bridge/dump-flows BRIDGE     every OpenFlow rule, with counters
 *   bridge/show                  bridges, ports and connections
 */
#include <config.h>
#include "ofproto-ctl.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connmgr.h"
#include "ctl.h"
#include "dpif.h"
#include "mac-learning.h"
#include "odp.h"
#include "ofp-match.h"
#include "ofproto.h"
#include "openflow.h"
#include "upcall.h"
#include "util.h"
#include "xlate.h"

static void put_str(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put_str(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n > 0)
		buf_put(b, s, n);
	if (n >= 0)
		free(s);
}

static void reply_buf(struct ctl_reply *r, struct buf *b)
{
	buf_put(b, "", 1);
	ctl_reply_text(r, "%s", (char *)b->data);
	buf_uninit(b);
}

static struct ofproto *find_br(struct ctl_reply *r, const char *name)
{
	struct ofproto *o = ofproto_lookup(name);

	if (!o)
		ctl_reply_error(r, "no bridge named %s", name);
	return o;
}

static const char *port_name(const struct ofproto *o, uint32_t port,
			     char *tmp, size_t n)
{
	const struct ofport *p = ofproto_port_by_ofp(o, port);

	if (port == OFPP_LOCAL)
		return "LOCAL";
	if (p)
		snprintf(tmp, n, "%u", port);
	else
		snprintf(tmp, n, "%u(?)", port);
	return tmp;
}

/* ---- fdb/show. ----------------------------------------------------- */

struct fdb_aux {
	struct buf *b;
	const struct ofproto *o;
};

static void fdb_line(const struct mac_entry *e, long long age, void *aux_)
{
	struct fdb_aux *aux = aux_;
	char tmp[32];

	put_str(aux->b, "%5s  %4u  %02x:%02x:%02x:%02x:%02x:%02x  %3lld\n",
		port_name(aux->o, e->port, tmp, sizeof tmp), e->vlan,
		e->mac[0], e->mac[1], e->mac[2], e->mac[3], e->mac[4],
		e->mac[5], age);
}

static void cmd_fdb_show(struct ctl_reply *r, int argc, const char *argv[],
			 void *aux)
{
	struct buf b = BUF_INITIALIZER;
	struct fdb_aux fa;
	struct ofproto *o;

	pthread_mutex_lock(&ofproto_mutex);
	o = find_br(r, argv[1]);
	if (o) {
		put_str(&b, " port  VLAN  MAC                Age\n");
		fa.b = &b;
		fa.o = o;
		mac_table_for_each(o->ml, time_msec(), fdb_line, &fa);
		reply_buf(r, &b);
	}
	pthread_mutex_unlock(&ofproto_mutex);
}

/* ---- dpif/dump-flows. ---------------------------------------------- */

static void cmd_dpif_dump_flows(struct ctl_reply *r, int argc,
				const char *argv[], void *aux)
{
	struct buf b = BUF_INITIALIZER;
	struct ofproto *o;

	pthread_mutex_lock(&ofproto_mutex);
	o = find_br(r, argv[1]);
	if (o && !o->udpif) {
		ctl_reply_error(r, "%s: datapath not open", argv[1]);
	} else if (o) {
		udpif_dump_flows(o->udpif, &b);
		reply_buf(r, &b);
	}
	pthread_mutex_unlock(&ofproto_mutex);
}

/* ---- Rule formatting (bridge/dump-flows). -------------------------- */

static void format_value(struct buf *b, enum mf_id id,
			 const union mf_value *v)
{
	const struct mf_field *f = &mf_fields[id];
	char s[INET6_ADDRSTRLEN];
	uint64_t x = 0;
	int i;

	switch (f->format) {
	case MFS_ETH:
		put_str(b, "%02x:%02x:%02x:%02x:%02x:%02x", v->b[0], v->b[1],
			v->b[2], v->b[3], v->b[4], v->b[5]);
		return;
	case MFS_IPV4:
		inet_ntop(AF_INET, v->b, s, sizeof s);
		put_str(b, "%s", s);
		return;
	case MFS_IPV6:
		inet_ntop(AF_INET6, v->b, s, sizeof s);
		put_str(b, "%s", s);
		return;
	default:
		for (i = 0; i < f->n_bytes && i < 8; i++)
			x = (x << 8) | v->b[i];
		put_str(b, f->format == MFS_HEX ? "0x%llx" : "%llu",
			(unsigned long long)x);
		return;
	}
}

static void format_match(struct buf *b, const struct match *m)
{
	int id;

	for (id = 0; id < MFF_N_IDS; id++) {
		union mf_value v, mask, exact;

		if (mf_is_wild(id, m))
			continue;
		mf_get(id, m, &v, &mask);
		put_str(b, "%s=", mf_fields[id].name);
		format_value(b, id, &v);
		mf_exact_mask(id, &exact);
		if (memcmp(&mask, &exact, mf_fields[id].n_bytes)) {
			put_str(b, "/");
			format_value(b, id, &mask);
		}
		put_str(b, ",");
	}
}

static void format_port(struct buf *b, uint32_t p)
{
	static const char *names[] = { "IN_PORT", "TABLE", "NORMAL", "FLOOD",
				       "ALL", "CONTROLLER", "LOCAL", "ANY" };

	if (p >= OFPP_IN_PORT)
		put_str(b, "%s", names[p - OFPP_IN_PORT]);
	else
		put_str(b, "%u", p);
}

static void format_ofpacts(struct buf *b, const struct ofpact *ofpacts,
			   size_t len)
{
	const struct ofpact *a;
	bool first = true;

	if (!len)
		put_str(b, "drop");
	OFPACT_FOR_EACH(a, ofpacts, len) {
		if (!first)
			put_str(b, ",");
		first = false;
		switch (a->type) {
		case OFPACT_OUTPUT: {
			const struct ofpact_output *o = (const void *)a;

			if (o->port < OFPP_MAX)
				put_str(b, "output:");
			format_port(b, o->port);
			break;
		}
		case OFPACT_GROUP:
		case OFPACT_SET_QUEUE:
		case OFPACT_GOTO_TABLE:
		case OFPACT_SET_VLAN_VID:
		case OFPACT_SET_VLAN_PCP:
		case OFPACT_PUSH_VLAN:
		case OFPACT_SET_NW_TTL:
			put_str(b, "%s:%u", ofpact_type_name(a->type),
				((const struct ofpact_u32 *)a)->value);
			break;
		case OFPACT_SET_FIELD: {
			const struct ofpact_set_field *sf = (const void *)a;

			put_str(b, "set_field:");
			format_value(b, sf->field, &sf->value);
			put_str(b, "->%s", mf_fields[sf->field].name);
			break;
		}
		case OFPACT_WRITE_ACTIONS: {
			size_t nlen;
			const struct ofpact *n = ofpact_nest_actions(
				(const void *)a, &nlen);

			put_str(b, "write_actions(");
			format_ofpacts(b, n, nlen);
			put_str(b, ")");
			break;
		}
		case OFPACT_WRITE_METADATA: {
			const struct ofpact_metadata *m = (const void *)a;

			put_str(b, "write_metadata:0x%llx/0x%llx",
				(unsigned long long)m->metadata,
				(unsigned long long)m->mask);
			break;
		}
		default:
			put_str(b, "%s", ofpact_type_name(a->type));
			break;
		}
	}
}

static void format_rule(struct buf *b, const struct rule *r, long long now)
{
	long long age = now - r->created;

	put_str(b, " cookie=0x%llx, duration=%.3fs, table=%u, "
		"n_packets=%llu, n_bytes=%llu, ",
		(unsigned long long)r->cookie, age / 1000.0, r->table_id,
		(unsigned long long)r->n_packets,
		(unsigned long long)r->n_bytes);
	if (r->idle_timeout)
		put_str(b, "idle_timeout=%u, ", r->idle_timeout);
	if (r->hard_timeout)
		put_str(b, "hard_timeout=%u, ", r->hard_timeout);
	put_str(b, "priority=%d,", r->cr.priority);
	format_match(b, &r->cr.match);
	b->size--;	/* the last comma */
	put_str(b, " actions=");
	format_ofpacts(b, r->ofpacts, r->ofpacts_len);
	put_str(b, "\n");
}

static void cmd_bridge_dump_flows(struct ctl_reply *r, int argc,
				  const char *argv[], void *aux)
{
	struct buf b = BUF_INITIALIZER;
	long long now = time_msec();
	struct ofproto *o;
	int i;

	pthread_mutex_lock(&ofproto_mutex);
	o = find_br(r, argv[1]);
	if (o) {
		for (i = 0; i < OFPROTO_N_TABLES; i++) {
			struct cls_cursor c;
			struct cls_rule *cr;

			CLS_FOR_EACH(cr, &c, &o->tables[i].cls, NULL)
				format_rule(&b, CLS_CONTAINER_OF(cr,
						struct rule, cr), now);
		}
		reply_buf(r, &b);
	}
	pthread_mutex_unlock(&ofproto_mutex);
}

/* ---- ofproto/trace. ------------------------------------------------ */

static int parse_value(enum mf_id id, const char *s, union mf_value *v)
{
	const struct mf_field *f = &mf_fields[id];
	unsigned long long x;
	unsigned int m[6];
	int i;

	memset(v, 0, sizeof *v);
	switch (f->format) {
	case MFS_ETH:
		if (sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3],
			   &m[4], &m[5]) != 6)
			return -1;
		for (i = 0; i < 6; i++)
			v->b[i] = m[i];
		return 0;
	case MFS_IPV4:
		return inet_pton(AF_INET, s, v->b) == 1 ? 0 : -1;
	case MFS_IPV6:
		return inet_pton(AF_INET6, s, v->b) == 1 ? 0 : -1;
	default:
		if (str_to_uint(s, f->n_bytes >= 8 ? ~0ULL :
				(1ULL << (8 * f->n_bytes)) - 1, &x))
			return -1;
		for (i = f->n_bytes - 1; i >= 0; i--, x >>= 8)
			v->b[i] = x;
		return 0;
	}
}

/* "field=value,..." into FLOW; returns an error message or NULL. */
static char *parse_of_flow(const char *s, struct flow *flow)
{
	char *copy = xstrdup(s), *save = NULL, *tok, *err = NULL;
	struct match m;

	match_init_catchall(&m);
	for (tok = strtok_r(copy, ", ", &save); tok && !err;
	     tok = strtok_r(NULL, ", ", &save)) {
		char *eq = strchr(tok, '=');
		union mf_value v;
		int id;

		if (!eq) {
			err = xasprintf("%s: expected field=value", tok);
			break;
		}
		*eq = '\0';
		id = mf_from_name(tok);
		if (id < 0)
			err = xasprintf("%s: unknown field", tok);
		else if (parse_value(id, eq + 1, &v) || mf_set(id, &v, NULL,
							       &m))
			err = xasprintf("%s: bad value %s", tok, eq + 1);
	}
	free(copy);
	*flow = m.flow;
	return err;
}

static void cmd_trace(struct ctl_reply *r, int argc, const char *argv[],
		      void *aux)
{
	struct buf key = BUF_INITIALIZER, mask = BUF_INITIALIZER;
	struct buf out = BUF_INITIALIZER;
	struct xlate_in xin;
	struct xlate_out xo;
	struct ofproto *o;
	char *err = NULL, *acts, *wcs;

	pthread_mutex_lock(&ofproto_mutex);
	o = find_br(r, argv[1]);
	if (!o)
		goto out;
	memset(&xin, 0, sizeof xin);
	if (strchr(argv[2], '(')) {
		struct ofport *p;

		if (odp_key_from_string(argv[2], &key, &mask, &err) ||
		    odp_key_to_fsw(key.data, key.size, &xin.flow.dp, NULL) ==
		    ODP_FIT_ERROR) {
			ctl_reply_error(r, "bad flow: %s",
					err ? err : "cannot parse");
			goto out;
		}
		p = ofproto_port_by_dp(o, xin.flow.dp.in_port);
		if (!p) {
			ctl_reply_error(r, "no datapath port %u on %s",
					xin.flow.dp.in_port, o->name);
			goto out;
		}
		xin.flow.dp.in_port = p->ofp_port;
	} else if ((err = parse_of_flow(argv[2], &xin.flow))) {
		ctl_reply_error(r, "bad flow: %s", err);
		goto out;
	}
	xin.ofproto = o;
	xin.trace = &out;
	xin.upcall_pid = o->udpif && o->udpif->n_handlers ?
			 dpif_handler_pid(o->dpif, 0) : 0;
	xlate_out_init(&xo);
	put_str(&out, "Bridge: %s\nFlow: in_port=%u\n\n", o->name,
		xin.flow.dp.in_port);
	xlate(&xin, &xo);
	acts = odp_actions_to_string(xo.odp_actions.data,
				     xo.odp_actions.size);
	buf_clear(&mask);
	odp_mask_from_fsw(&mask, &xo.wc.dp, &xin.flow.dp);
	buf_clear(&key);
	odp_key_from_fsw(&key, &xin.flow.dp);
	wcs = odp_key_to_string(key.data, key.size, mask.data, mask.size);
	put_str(&out, "\nMegaflow: %s\nDatapath actions: %s\n", wcs, acts);
	free(acts);
	free(wcs);
	xlate_out_uninit(&xo);
	reply_buf(r, &out);
out:
	pthread_mutex_unlock(&ofproto_mutex);
	free(err);
	buf_uninit(&key);
	buf_uninit(&mask);
	buf_uninit(&out);
}

/* ---- bridge/show. -------------------------------------------------- */

static void cmd_bridge_show(struct ctl_reply *r, int argc, const char *argv[],
			    void *aux)
{
	struct buf b = BUF_INITIALIZER;
	struct ofproto **all;
	size_t n, i, j;

	pthread_mutex_lock(&ofproto_mutex);
	n = ofproto_all(&all);
	for (i = 0; i < n; i++) {
		struct ofproto *o = all[i];

		put_str(&b, "%s: datapath %s, dpid %016llx, fail_mode %s\n",
			o->name, o->dpif ? "open" : "missing",
			(unsigned long long)o->datapath_id,
			o->fail_mode == FSW_FAIL_SECURE ? "secure" :
			"standalone");
		for (j = 0; j < o->n_ports; j++) {
			const struct ofport *p = o->ports[j];
			char tmp[32];

			put_str(&b, "  port %s: ofport %s, dp port ", p->name,
				port_name(o, p->ofp_port, tmp, sizeof tmp));
			if (p->dp_port == UINT32_MAX) {
				put_str(&b, "none (missing)\n");
			} else {
				struct dpif_port dp;

				put_str(&b, "%u", p->dp_port);
				if (o->dpif && !dpif_port_get(o->dpif,
							      p->dp_port, &dp)) {
					put_str(&b, ", upcall pid %u",
						dp.n_upcall_pids ?
						dp.upcall_pids[0] : 0);
					dpif_port_uninit(&dp);
				}
				put_str(&b, "\n");
			}
		}
		if (o->connmgr)
			connmgr_describe(o->connmgr, &b);
		if (o->udpif)
			put_str(&b, "  datapath flows: %zu, upcalls: %llu\n",
				o->udpif->n_ukeys,
				(unsigned long long)o->udpif->n_upcalls);
	}
	pthread_mutex_unlock(&ofproto_mutex);
	reply_buf(r, &b);
}

/* ---- upcall/. ----------------------------------------------------- */

/* Switching megaflows on or off deletes every datapath flow (as Open
 * vSwitch does), so that no flow of the other kind stays behind. */
static void cmd_megaflows(struct ctl_reply *r, int argc, const char *argv[],
			  void *aux)
{
	bool enable = aux != NULL;
	struct buf b = BUF_INITIALIZER;
	struct ofproto **all;
	size_t n, i;

	(void)argc;
	(void)argv;
	pthread_mutex_lock(&ofproto_mutex);
	if (udpif_megaflows != enable) {
		udpif_megaflows = enable;
		n = ofproto_all(&all);
		for (i = 0; i < n; i++)
			if (all[i]->udpif)
				udpif_flush(all[i]->udpif);
	}
	pthread_mutex_unlock(&ofproto_mutex);
	put_str(&b, "megaflows %s\n", enable ? "enabled" : "disabled");
	reply_buf(r, &b);
}

static void cmd_upcall_show(struct ctl_reply *r, int argc,
			    const char *argv[], void *aux)
{
	struct buf b = BUF_INITIALIZER;
	struct ofproto **all;
	size_t n, i;

	(void)argc;
	(void)argv;
	(void)aux;
	pthread_mutex_lock(&ofproto_mutex);
	put_str(&b, "megaflows: %s\nn-handler-threads: %u\n",
		udpif_megaflows ? "enabled" : "disabled", udpif_n_handlers);
	n = ofproto_all(&all);
	for (i = 0; i < n; i++) {
		const struct udpif *u = all[i]->udpif;

		if (!u) {
			put_str(&b, "%s: datapath not open\n", all[i]->name);
			continue;
		}
		put_str(&b, "%s: handlers %u, flows %zu (limit %zu), "
			"upcalls %llu, flows added %llu, upcalls of an "
			"installed flow %llu\n", all[i]->name,
			u->n_handlers, u->n_ukeys, u->flow_limit,
			(unsigned long long)u->n_upcalls,
			(unsigned long long)u->n_flows_added,
			(unsigned long long)u->n_dup_upcalls);
	}
	pthread_mutex_unlock(&ofproto_mutex);
	reply_buf(r, &b);
}

void ofproto_ctl_register(void)
{
	ctl_register("upcall/disable-megaflows", 0, 0, cmd_megaflows, NULL);
	ctl_register("upcall/enable-megaflows", 0, 0, cmd_megaflows,
		     (void *)1);
	ctl_register("upcall/show", 0, 0, cmd_upcall_show, NULL);
	ctl_register("fdb/show", 1, 1, cmd_fdb_show, NULL);
	ctl_register("dpif/dump-flows", 1, 1, cmd_dpif_dump_flows, NULL);
	ctl_register("ofproto/trace", 2, 2, cmd_trace, NULL);
	ctl_register("bridge/dump-flows", 1, 1, cmd_bridge_dump_flows, NULL);
	ctl_register("bridge/show", 0, 0, cmd_bridge_show, NULL);
}
