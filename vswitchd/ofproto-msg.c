/*
 * OpenFlow requests: FEATURES, GET/SET_CONFIG, FLOW_MOD, GROUP_MOD,
 * PORT_MOD, PACKET_OUT, BARRIER, ROLE, async config and MULTIPART (desc,
 * flow, aggregate, table, port, port_desc, group, group_desc).  Messages
 * are decoded and encoded with lib/ofp-msgs.h and lib/ofp-mp.h; every
 * failure goes back to the sender as an OFPT_ERROR.
 */
#include <config.h>
#include "ofproto-msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connmgr.h"
#include "dpif.h"
#include "fsw/flow_extract.h"
#include "log.h"
#include "odp.h"
#include "ofp-errors.h"
#include "ofp-group.h"
#include "ofp-mp.h"
#include "ofp-msgs.h"
#include "ofproto.h"
#include "openflow.h"
#include "rconn.h"
#include "upcall.h"
#include "util.h"
#include "xlate.h"

LOG_MODULE(ofproto_msg);

#define N_ASYNC_REASONS 0xf

void ofconn_reset_async(struct ofconn *c)
{
	/* OF1.3 defaults: master/equal get everything; slaves only port
	 * status. */
	c->async[0][0] = (1 << OFPR_NO_MATCH) | (1 << OFPR_ACTION) |
			 (1 << OFPR_INVALID_TTL);
	c->async[0][1] = 0;
	c->async[1][0] = c->async[1][1] = 0x7;
	c->async[2][0] = N_ASYNC_REASONS;
	c->async[2][1] = 0;
}

static uint8_t version(const struct ofconn *c)
{
	return rconn_get_version(c->rc);
}

static void send_error(struct ofconn *c, int err, const struct buf *msg)
{
	struct buf b = BUF_INITIALIZER;

	LOG_INFO_RL("%s: error reply %s", rconn_get_target(c->rc) ?
		    rconn_get_target(c->rc) : "service",
		    ofperr_to_string(err));
	ofp_encode_error_reply(&b, err, msg->data, msg->size);
	ofconn_send_buf(c, &b);
	buf_uninit(&b);
}

static bool is_slave(const struct ofconn *c)
{
	return rconn_get_role(c->rc) == RCONN_ROLE_SLAVE;
}

void ofproto_port_to_desc(const struct ofport *p, struct ofp_port_desc *d)
{
	memset(d, 0, sizeof *d);
	d->port_no = p->ofp_port;
	memcpy(d->hw_addr, p->hw_addr, 6);
	snprintf(d->name, sizeof d->name, "%s", p->name);
	d->config = p->config;
	d->state = p->state;
	d->curr = d->advertised = d->supported = OFPPF_10GB_FD | OFPPF_COPPER;
	d->curr_speed = d->max_speed = 10000000;
}

/* ---- Simple requests. ---------------------------------------------- */

static void handle_features(struct ofproto *o, struct ofconn *c,
			    uint32_t xid)
{
	struct ofp_features f;
	struct ofp_port_desc *pd = xzalloc((o->n_ports + 1) * sizeof *pd);
	struct buf b = BUF_INITIALIZER;
	size_t i, n = 0;

	memset(&f, 0, sizeof f);
	f.datapath_id = o->datapath_id;
	f.n_buffers = 0;
	f.n_tables = OFPROTO_N_TABLES;
	f.capabilities = OFPC_FLOW_STATS | OFPC_TABLE_STATS |
			 OFPC_PORT_STATS;
	if (version(c) == OFP13_VERSION)
		f.capabilities |= OFPC_GROUP_STATS;
	f.actions = 0xfff;
	for (i = 0; i < o->n_ports; i++) {
		uint16_t p10;

		if (version(c) == OFP10_VERSION &&
		    ofp10_port_from_32(o->ports[i]->ofp_port, &p10))
			continue;
		ofproto_port_to_desc(o->ports[i], &pd[n++]);
	}
	f.ports = pd;
	f.n_ports = version(c) == OFP10_VERSION ? n : 0;
	if (!ofp_encode_features_reply(&b, version(c), xid, &f))
		ofconn_send_buf(c, &b);
	buf_uninit(&b);
	free(pd);
}

static void handle_get_config(struct ofproto *o, struct ofconn *c,
			      uint32_t xid)
{
	struct ofp_switch_config_msg sc;
	struct buf b = BUF_INITIALIZER;

	sc.flags = o->frag_flags;
	sc.miss_send_len = c->miss_send_len;
	ofp_encode_switch_config(&b, version(c), xid, false, &sc);
	ofconn_send_buf(c, &b);
	buf_uninit(&b);
}

static int handle_set_config(struct ofproto *o, struct ofconn *c,
			     const struct buf *msg)
{
	struct ofp_switch_config_msg sc;
	int err = ofp_decode_switch_config(msg->data, &sc);

	if (err)
		return err;
	if ((sc.flags & OFPC_FRAG_MASK) > OFPC_FRAG_DROP)
		return OFPERR(OFPET_SWITCH_CONFIG_FAILED, OFPSCFC_BAD_FLAGS);
	o->frag_flags = sc.flags & OFPC_FRAG_MASK;
	c->miss_send_len = sc.miss_send_len;
	c->asked_config = true;
	return 0;
}

static int handle_role(struct ofproto *o, struct ofconn *c,
		       const struct buf *msg, uint32_t xid)
{
	struct ofp_role r;
	struct buf b = BUF_INITIALIZER;
	struct rconn_role_generation *gen = connmgr_generation(o->connmgr);
	int err = ofp_decode_role(msg->data, &r);

	if (err)
		return err;
	if (r.role != OFPCR_ROLE_NOCHANGE) {
		err = rconn_role_generation_check(gen, r.role,
						  r.generation_id);
		if (err == -ESTALE)
			return OFPERR(OFPET_ROLE_REQUEST_FAILED,
				      OFPRRFC_STALE);
		if (err)
			return OFPERR(OFPET_ROLE_REQUEST_FAILED,
				      OFPRRFC_BAD_ROLE);
		rconn_set_role(c->rc, r.role);
		if (r.role == OFPCR_ROLE_MASTER) {
			size_t n, i;
			struct ofconn **conns = connmgr_conns(o->connmgr, &n);
			struct rconn **rcs = xmalloc((n + 1) * sizeof *rcs);

			for (i = 0; i < n; i++)
				rcs[i] = conns[i]->rc;
			rconn_demote_other_masters(rcs, n, c->rc);
			free(rcs);
		}
	}
	r.role = rconn_get_role(c->rc);
	r.generation_id = gen->valid ? gen->id : 0;
	if (!ofp_encode_role(&b, version(c), xid, true, &r))
		ofconn_send_buf(c, &b);
	buf_uninit(&b);
	return 0;
}

static int handle_async(struct ofconn *c, const struct buf *msg,
			uint32_t xid, bool set)
{
	struct ofp_async_config ac;
	struct buf b = BUF_INITIALIZER;
	int i, err;

	if (set) {
		err = ofp_decode_async_config(msg->data, &ac);
		if (err)
			return err;
		for (i = 0; i < 2; i++) {
			c->async[0][i] = ac.packet_in_mask[i];
			c->async[1][i] = ac.port_status_mask[i];
			c->async[2][i] = ac.flow_removed_mask[i];
		}
		return 0;
	}
	for (i = 0; i < 2; i++) {
		ac.packet_in_mask[i] = c->async[0][i];
		ac.port_status_mask[i] = c->async[1][i];
		ac.flow_removed_mask[i] = c->async[2][i];
	}
	if (!ofp_encode_async_config(&b, version(c), xid,
				     OFPTYPE_GET_ASYNC_REPLY, &ac))
		ofconn_send_buf(c, &b);
	buf_uninit(&b);
	return 0;
}

/* ---- Modifications. ------------------------------------------------ */

static int handle_flow_mod(struct ofproto *o, const struct buf *msg)
{
	struct ofp_flow_mod fm;
	struct ofproto_fm f;
	struct buf ofpacts = BUF_INITIALIZER;
	int err = ofp_decode_flow_mod(msg->data, &fm, &ofpacts);

	if (!err) {
		memset(&f, 0, sizeof f);
		f.match = fm.match;
		f.cookie = fm.cookie;
		f.cookie_mask = fm.cookie_mask;
		f.table_id = fm.table_id;
		f.command = fm.command;
		f.idle_timeout = fm.idle_timeout;
		f.hard_timeout = fm.hard_timeout;
		f.priority = fm.priority;
		f.importance = fm.importance;
		f.buffer_id = fm.buffer_id;
		f.out_port = fm.out_port;
		f.out_group = fm.out_group;
		f.flags = fm.flags;
		f.ofpacts = fm.ofpacts;
		f.ofpacts_len = fm.ofpacts_len;
		/* OF1.0 modify adds when nothing matched; so does OF1.3's
		 * ovs-ofctl "mod-flows"?  No: OF1.3 modify never adds. */
		err = ofproto_flow_mod(o, &f);
		if (!err && fm.buffer_id != OFP_NO_BUFFER &&
		    (fm.command == OFPFC_ADD || fm.command == OFPFC_MODIFY ||
		     fm.command == OFPFC_MODIFY_STRICT))
			err = E_REQ(BUFFER_UNKNOWN);
	}
	buf_uninit(&ofpacts);
	return err;
}

static int handle_group_mod(struct ofproto *o, const struct buf *msg)
{
	struct ofp_group_mod gm;
	struct buf buckets = BUF_INITIALIZER, ofpacts = BUF_INITIALIZER;
	struct ofproto_bucket_spec *spec = NULL;
	size_t i;
	int err = ofp_decode_group_mod(msg->data, &gm, &buckets, &ofpacts);

	if (!err) {
		spec = xzalloc((gm.n_buckets + 1) * sizeof *spec);
		for (i = 0; i < gm.n_buckets; i++) {
			spec[i].weight = gm.buckets[i].weight;
			spec[i].watch_port = gm.buckets[i].watch_port;
			spec[i].watch_group = gm.buckets[i].watch_group;
			spec[i].ofpacts = gm.buckets[i].ofpacts;
			spec[i].ofpacts_len = gm.buckets[i].ofpacts_len;
		}
		err = ofproto_group_mod(o, gm.command, gm.type, gm.group_id,
					spec, gm.n_buckets);
	}
	free(spec);
	buf_uninit(&buckets);
	buf_uninit(&ofpacts);
	return err;
}

static int handle_port_mod(struct ofproto *o, const struct buf *msg)
{
	struct ofp_port_mod pm;
	struct ofport *p;
	uint32_t mask;
	int err = ofp_decode_port_mod(msg->data, &pm);

	if (err)
		return err;
	p = ofproto_port_by_ofp(o, pm.port_no);
	if (!p)
		return OFPERR(OFPET_PORT_MOD_FAILED, OFPPMFC_BAD_PORT);
	if (memcmp(pm.hw_addr, p->hw_addr, 6))
		return OFPERR(OFPET_PORT_MOD_FAILED, OFPPMFC_BAD_HW_ADDR);
	mask = pm.mask & (OFPPC_PORT_DOWN | OFPPC_NO_RECV | OFPPC_NO_FWD |
			  OFPPC_NO_PACKET_IN);
	if (!mask)
		return 0;
	p->config = (p->config & ~mask) | (pm.config & mask);
	connmgr_send_port_status(o->connmgr, p, OFPPR_MODIFY);
	ofproto_changed(o);
	return 0;
}

static int handle_packet_out(struct ofproto *o, const struct buf *msg)
{
	struct ofp_packet_out po;
	struct buf ofpacts = BUF_INITIALIZER, key = BUF_INITIALIZER;
	struct xlate_in xin;
	struct xlate_out xo;
	struct ofport *in;
	struct match any;
	int err = ofp_decode_packet_out(msg->data, &po, &ofpacts);

	if (err)
		goto out;
	if (po.buffer_id != OFP_NO_BUFFER) {
		err = E_REQ(BUFFER_UNKNOWN);
		goto out;
	}
	match_init_catchall(&any);
	err = ofpacts_check((struct ofpact *)ofpacts.data, ofpacts.size,
			    &any, 0);
	if (err)
		goto out;
	if (!o->dpif) {
		err = E_REQ(EPERM);
		goto out;
	}
	memset(&xin, 0, sizeof xin);
	fsw_key_extract(po.data, po.data_len, &xin.flow.dp);
	xin.flow.dp.in_port = po.in_port;
	xin.ofproto = o;
	xin.ofpacts = (const struct ofpact *)ofpacts.data;
	xin.ofpacts_len = ofpacts.size;
	xin.upcall_pid = o->udpif && o->udpif->n_handlers ?
			 dpif_handler_pid(o->dpif, 0) : 0;
	xlate_out_init(&xo);
	xlate(&xin, &xo);
	/* The datapath needs a real input port: the port itself, or the
	 * bridge's local port for CONTROLLER/ANY/LOCAL. */
	in = ofproto_port_by_ofp(o, po.in_port);
	xin.flow.dp.in_port = in && in->dp_port != UINT32_MAX ? in->dp_port
							      : 0;
	odp_key_from_fsw(&key, &xin.flow.dp);
	if (xo.odp_actions.size && po.data_len)
		dpif_execute(o->dpif, po.data, po.data_len, &key,
			     &xo.odp_actions);
	xlate_out_uninit(&xo);
out:
	buf_uninit(&key);
	buf_uninit(&ofpacts);
	return err;
}

/* ---- Multipart. ---------------------------------------------------- */

static void send_or_error(struct ofconn *c, int err, struct buf *b,
			  const struct buf *msg)
{
	if (err)
		send_error(c, err, msg);
	else
		ofconn_send_buf(c, b);
}

static int mp_flow(struct ofproto *o, struct ofconn *c,
		   const struct ofp_multipart *mp, const struct buf *msg,
		   uint32_t xid, bool aggregate)
{
	struct ofp_flow_stats_request req;
	struct ofproto_fm fm;
	struct rule **rules;
	struct buf b = BUF_INITIALIZER;
	long long now = time_msec();
	size_t n, i;
	int err = ofp_decode_flow_stats_request(mp, &req);

	if (err)
		return err;
	if (req.table_id >= OFPROTO_N_TABLES && req.table_id != OFPTT_ALL)
		return OFPERR(OFPET_BAD_REQUEST, OFPBRC_BAD_TABLE_ID);
	memset(&fm, 0, sizeof fm);
	fm.match = req.match;
	fm.table_id = req.table_id;
	fm.cookie = req.cookie;
	fm.cookie_mask = req.cookie_mask;
	fm.out_port = req.out_port;
	fm.out_group = req.out_group;
	n = ofproto_collect_rules(o, &fm, false, true, &rules);
	if (aggregate) {
		struct ofp_aggregate_stats as;

		memset(&as, 0, sizeof as);
		for (i = 0; i < n; i++) {
			as.packet_count += rules[i]->n_packets;
			as.byte_count += rules[i]->n_bytes;
		}
		as.flow_count = n;
		err = ofp_encode_aggregate_reply(&b, version(c), xid, &as);
	} else {
		struct ofp_flow_stats *fs = xzalloc((n + 1) * sizeof *fs);

		for (i = 0; i < n; i++) {
			const struct rule *r = rules[i];
			long long age = now - r->created;

			fs[i].match = r->cr.match;
			fs[i].table_id = r->table_id;
			fs[i].duration_sec = age / 1000;
			fs[i].duration_nsec = (age % 1000) * 1000000;
			fs[i].priority = r->cr.priority;
			fs[i].idle_timeout = r->idle_timeout;
			fs[i].hard_timeout = r->hard_timeout;
			fs[i].flags = r->flags;
			fs[i].cookie = r->cookie;
			fs[i].packet_count = r->n_packets;
			fs[i].byte_count = r->n_bytes;
			fs[i].ofpacts = r->ofpacts;
			fs[i].ofpacts_len = r->ofpacts_len;
		}
		err = ofp_encode_flow_stats_reply(&b, version(c), xid, fs, n);
		free(fs);
	}
	for (i = 0; i < n; i++)
		ofproto_rule_unref(rules[i]);
	free(rules);
	send_or_error(c, err, &b, msg);
	buf_uninit(&b);
	return 0;
}

static int mp_desc(struct ofproto *o, struct ofconn *c, uint32_t xid)
{
	struct ofp_desc_stats ds;
	struct buf b = BUF_INITIALIZER;

	memset(&ds, 0, sizeof ds);
	snprintf(ds.mfr_desc, sizeof ds.mfr_desc, "Flowswitch");
	snprintf(ds.hw_desc, sizeof ds.hw_desc, "Flowswitch");
	snprintf(ds.sw_desc, sizeof ds.sw_desc, "fsw-vswitchd %s",
		 PACKAGE_VERSION);
	snprintf(ds.serial_num, sizeof ds.serial_num, "None");
	snprintf(ds.dp_desc, sizeof ds.dp_desc, "%s", o->name);
	if (!ofp_encode_desc_reply(&b, version(c), xid, &ds))
		ofconn_send_buf(c, &b);
	buf_uninit(&b);
	return 0;
}

static int mp_table(struct ofproto *o, struct ofconn *c,
		    const struct buf *msg, uint32_t xid)
{
	struct ofp_table_stats *ts = xzalloc(OFPROTO_N_TABLES * sizeof *ts);
	struct buf b = BUF_INITIALIZER;
	int i, err;

	for (i = 0; i < OFPROTO_N_TABLES; i++) {
		ts[i].table_id = i;
		snprintf(ts[i].name, sizeof ts[i].name, "table%d", i);
		ts[i].wildcards = 0x3fffff;
		ts[i].max_entries = 1000000;
		ts[i].active_count = cls_count(&o->tables[i].cls);
		ts[i].lookup_count = o->tables[i].n_lookups;
		ts[i].matched_count = o->tables[i].n_matched;
	}
	err = ofp_encode_table_stats_reply(&b, version(c), xid, ts,
					   OFPROTO_N_TABLES);
	send_or_error(c, err, &b, msg);
	buf_uninit(&b);
	free(ts);
	return 0;
}

static int mp_port(struct ofproto *o, struct ofconn *c,
		   const struct ofp_multipart *mp, const struct buf *msg,
		   uint32_t xid)
{
	struct ofp_port_stats *ps = xzalloc((o->n_ports + 1) * sizeof *ps);
	struct buf b = BUF_INITIALIZER;
	uint32_t want;
	size_t i, n = 0;
	int err = ofp_decode_port_stats_request(mp, &want);

	if (err) {
		free(ps);
		return err;
	}
	for (i = 0; i < o->n_ports; i++) {
		const struct ofport *p = o->ports[i];
		struct dpif_port dp;

		if (want != OFPP_ANY && want != p->ofp_port)
			continue;
		ps[n].port_no = p->ofp_port;
		if (o->dpif && p->dp_port != UINT32_MAX &&
		    !dpif_port_get(o->dpif, p->dp_port, &dp)) {
			ps[n].rx_packets = dp.stats.rx_packets;
			ps[n].tx_packets = dp.stats.tx_packets;
			ps[n].rx_bytes = dp.stats.rx_bytes;
			ps[n].tx_bytes = dp.stats.tx_bytes;
			ps[n].rx_dropped = dp.stats.rx_dropped;
			ps[n].tx_dropped = dp.stats.tx_dropped;
			ps[n].rx_errors = dp.stats.rx_errors;
			ps[n].tx_errors = dp.stats.tx_errors;
			dpif_port_uninit(&dp);
		}
		n++;
	}
	if (want != OFPP_ANY && !n)
		err = OFPERR(OFPET_BAD_REQUEST, OFPBRC_BAD_PORT);
	else
		err = ofp_encode_port_stats_reply(&b, version(c), xid, ps, n);
	send_or_error(c, err, &b, msg);
	buf_uninit(&b);
	free(ps);
	return 0;
}

static int mp_port_desc(struct ofproto *o, struct ofconn *c,
			const struct buf *msg, uint32_t xid)
{
	struct ofp_port_desc *pd = xzalloc((o->n_ports + 1) * sizeof *pd);
	struct buf b = BUF_INITIALIZER;
	size_t i;
	int err;

	for (i = 0; i < o->n_ports; i++)
		ofproto_port_to_desc(o->ports[i], &pd[i]);
	err = ofp_encode_port_desc_reply(&b, version(c), xid, pd,
					 o->n_ports);
	send_or_error(c, err, &b, msg);
	buf_uninit(&b);
	free(pd);
	return 0;
}

static int mp_group(struct ofproto *o, struct ofconn *c,
		    const struct ofp_multipart *mp, const struct buf *msg,
		    uint32_t xid)
{
	struct ofp_group_stats *gs = xzalloc((o->n_groups + 1) * sizeof *gs);
	struct ofp_bucket_stats **bs = xzalloc((o->n_groups + 1) *
					       sizeof *bs);
	struct buf b = BUF_INITIALIZER;
	long long now = time_msec();
	uint32_t want;
	size_t i, j, n = 0;
	int err = ofp_decode_group_stats_request(mp, &want);

	for (i = 0; !err && i < o->n_groups; i++) {
		const struct group *g = o->groups[i];
		long long age = now - g->created;

		if (want != OFPG_ALL && want != g->group_id)
			continue;
		bs[n] = xzalloc((g->n_buckets + 1) * sizeof **bs);
		for (j = 0; j < g->n_buckets; j++) {
			bs[n][j].packet_count = g->buckets[j].n_packets;
			bs[n][j].byte_count = g->buckets[j].n_bytes;
		}
		gs[n].group_id = g->group_id;
		gs[n].ref_count = g->ref_count;
		gs[n].packet_count = g->n_packets;
		gs[n].byte_count = g->n_bytes;
		gs[n].duration_sec = age / 1000;
		gs[n].duration_nsec = (age % 1000) * 1000000;
		gs[n].buckets = bs[n];
		gs[n].n_buckets = g->n_buckets;
		n++;
	}
	if (!err)
		err = ofp_encode_group_stats_reply(&b, version(c), xid, gs, n);
	send_or_error(c, err, &b, msg);
	for (i = 0; i < n; i++)
		free(bs[i]);
	free(bs);
	free(gs);
	buf_uninit(&b);
	return 0;
}

static int mp_group_desc(struct ofproto *o, struct ofconn *c,
			 const struct buf *msg, uint32_t xid)
{
	struct ofp_group_desc *gd = xzalloc((o->n_groups + 1) * sizeof *gd);
	struct ofp_bucket **bk = xzalloc((o->n_groups + 1) * sizeof *bk);
	struct buf b = BUF_INITIALIZER;
	size_t i, j;
	int err;

	for (i = 0; i < o->n_groups; i++) {
		const struct group *g = o->groups[i];

		bk[i] = xzalloc((g->n_buckets + 1) * sizeof **bk);
		for (j = 0; j < g->n_buckets; j++) {
			bk[i][j].weight = g->type == OFPGT_SELECT ?
					  g->buckets[j].weight : 0;
			bk[i][j].watch_port = g->buckets[j].watch_port;
			bk[i][j].watch_group = g->buckets[j].watch_group;
			bk[i][j].ofpacts = g->buckets[j].ofpacts;
			bk[i][j].ofpacts_len = g->buckets[j].ofpacts_len;
		}
		gd[i].type = g->type;
		gd[i].group_id = g->group_id;
		gd[i].buckets = bk[i];
		gd[i].n_buckets = g->n_buckets;
	}
	err = ofp_encode_group_desc_reply(&b, version(c), xid, gd,
					  o->n_groups);
	send_or_error(c, err, &b, msg);
	for (i = 0; i < o->n_groups; i++)
		free(bk[i]);
	free(bk);
	free(gd);
	buf_uninit(&b);
	return 0;
}

/* Table features: every table takes any match, instruction and action
 * the library knows (Open vSwitch's tools need the property lists to
 * accept the reply at all).  254 tables of about 1 kB each: the encoder
 * splits the reply over several messages. */
static int mp_table_features(struct ofproto *o, struct ofconn *c,
			     const struct buf *msg, uint32_t xid)
{
	struct ofp_table_features *tf = xzalloc(OFPROTO_N_TABLES *
						sizeof *tf);
	struct buf *props = xzalloc(OFPROTO_N_TABLES * sizeof *props);
	struct buf b = BUF_INITIALIZER;
	int i, err;

	(void)o;
	for (i = 0; i < OFPROTO_N_TABLES; i++) {
		tf[i].table_id = i;
		snprintf(tf[i].name, sizeof tf[i].name, "table%d", i);
		tf[i].metadata_match = UINT64_MAX;
		tf[i].metadata_write = UINT64_MAX;
		tf[i].max_entries = 1000000;
		ofp_table_features_put_props(&props[i], i, OFPROTO_N_TABLES);
		tf[i].props = props[i].data;
		tf[i].props_len = props[i].size;
	}
	err = ofp_encode_table_features(&b, version(c), xid, true, tf,
					OFPROTO_N_TABLES);
	send_or_error(c, err, &b, msg);
	buf_uninit(&b);
	for (i = 0; i < OFPROTO_N_TABLES; i++)
		buf_uninit(&props[i]);
	free(props);
	free(tf);
	return 0;
}

static int handle_multipart(struct ofproto *o, struct ofconn *c,
			    const struct buf *msg, uint32_t xid)
{
	struct ofp_multipart mp;
	int err = ofp_decode_multipart(msg->data, &mp);

	if (err)
		return err;
	switch (mp.type) {
	case OFPMP_DESC:
		return mp_desc(o, c, xid);
	case OFPMP_FLOW:
		return mp_flow(o, c, &mp, msg, xid, false);
	case OFPMP_AGGREGATE:
		return mp_flow(o, c, &mp, msg, xid, true);
	case OFPMP_TABLE:
		return mp_table(o, c, msg, xid);
	case OFPMP_PORT_STATS:
		return mp_port(o, c, &mp, msg, xid);
	case OFPMP_PORT_DESC:
		return mp_port_desc(o, c, msg, xid);
	case OFPMP_GROUP:
		return mp_group(o, c, &mp, msg, xid);
	case OFPMP_GROUP_DESC:
		return mp_group_desc(o, c, msg, xid);
	case OFPMP_TABLE_FEATURES:
		if (mp.body_len)
			return OFPERR(OFPET_TABLE_FEATURES_FAILED,
				      OFPTFFC_EPERM);
		return mp_table_features(o, c, msg, xid);
	default:
		return OFPERR(OFPET_BAD_REQUEST, OFPBRC_BAD_MULTIPART);
	}
}

/* ---- Dispatch. ----------------------------------------------------- */

void ofproto_handle_msg(struct ofproto *o, struct ofconn *c,
			const struct buf *msg)
{
	enum ofptype type;
	uint32_t xid = ofp_xid(msg->data);
	struct buf b = BUF_INITIALIZER;
	int err = ofp_decode_type(msg->data, msg->size, &type);

	if (err) {
		send_error(c, err, msg);
		return;
	}
	switch (type) {
	case OFPTYPE_FLOW_MOD:
	case OFPTYPE_GROUP_MOD:
	case OFPTYPE_PORT_MOD:
	case OFPTYPE_PACKET_OUT:
	case OFPTYPE_TABLE_MOD:
	case OFPTYPE_METER_MOD:
		if (is_slave(c)) {
			send_error(c, E_REQ(IS_SLAVE), msg);
			return;
		}
		break;
	default:
		break;
	}
	switch (type) {
	case OFPTYPE_HELLO:
	case OFPTYPE_ERROR:
	case OFPTYPE_ECHO_REPLY:
		break;
	case OFPTYPE_ECHO_REQUEST:
		ofp_encode_echo_reply(&b, msg->data);
		ofconn_send_buf(c, &b);
		break;
	case OFPTYPE_FEATURES_REQUEST:
		handle_features(o, c, xid);
		break;
	case OFPTYPE_GET_CONFIG_REQUEST:
		handle_get_config(o, c, xid);
		break;
	case OFPTYPE_SET_CONFIG:
		err = handle_set_config(o, c, msg);
		break;
	case OFPTYPE_FLOW_MOD:
		err = handle_flow_mod(o, msg);
		break;
	case OFPTYPE_GROUP_MOD:
		err = handle_group_mod(o, msg);
		break;
	case OFPTYPE_PORT_MOD:
		err = handle_port_mod(o, msg);
		break;
	case OFPTYPE_TABLE_MOD:
		break;		/* table-miss config is OF1.1/1.2 only */
	case OFPTYPE_PACKET_OUT:
		err = handle_packet_out(o, msg);
		break;
	case OFPTYPE_MULTIPART_REQUEST:
		err = handle_multipart(o, c, msg, xid);
		break;
	case OFPTYPE_BARRIER_REQUEST:
		/* Everything before it is done: requests run in order. */
		if (!ofp_encode_simple(&b, version(c), OFPTYPE_BARRIER_REPLY,
				       xid))
			ofconn_send_buf(c, &b);
		break;
	case OFPTYPE_ROLE_REQUEST:
		err = handle_role(o, c, msg, xid);
		break;
	case OFPTYPE_GET_ASYNC_REQUEST:
		err = handle_async(c, msg, xid, false);
		break;
	case OFPTYPE_SET_ASYNC:
		err = handle_async(c, msg, xid, true);
		break;
	case OFPTYPE_METER_MOD:
		err = OFPERR(OFPET_METER_MOD_FAILED, OFPMMFC_OUT_OF_METERS);
		break;
	default:
		err = E_REQ(BAD_TYPE);
		break;
	}
	buf_uninit(&b);
	if (err)
		send_error(c, err, msg);
}
