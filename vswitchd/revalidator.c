/*
 * The revalidator: keeps the datapath's flows in line with the OpenFlow
 * tables.  Runs in the main loop (ofproto_mutex held) every half second,
 * and at once when rules, groups, ports or the MAC table changed:
 *
 *  - dumps the datapath's flows; unknown ones (no ukey: left by an
 *    earlier run, or added behind our back) are adopted and checked
 *    like the others (kept only if the rules give the same mask), or
 *    deleted when they cannot be (no UFID); with flow-restore-wait on,
 *    they are left alone;
 *  - adds each flow's new packets and bytes to the rules it went through
 *    (n_packets/n_bytes of dump-flows; "used" for idle timeouts);
 *  - deletes flows idle for UDPIF_IDLE_MS;
 *  - when anything changed since a flow was translated, translates it
 *    again: same mask and actions: kept; same mask, other actions:
 *    modified in place; other mask: deleted (the next packet misses and
 *    installs the right flow);
 *  - forgets ukeys whose flows are gone from the datapath.
 *
 * Flows that carried traffic are also re-translated with learning on
 * now and then, so that MAC entries behind busy megaflows do not age
 * out.
 */
#include <config.h>
#include "upcall.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "mac-learning.h"
#include "odp.h"
#include "ofproto.h"
#include "pollset.h"
#include "util.h"
#include "xlate.h"

LOG_MODULE(revalidator);

#define LEARN_REFRESH_MS 30000

enum reval_op { REVAL_KEEP, REVAL_DELETE, REVAL_MODIFY };

/* Parses datapath mask attributes; tags the mask leaves out count as
 * exact, as the datapaths read it. */
static bool parse_mask(const struct buf *mask, const struct fsw_key *key,
		       struct fsw_key *m)
{
	if (odp_mask_to_fsw(mask->data, mask->size, key, m, NULL) ==
	    ODP_FIT_ERROR)
		return false;
	if (!m->vlan.tci)
		m->vlan.tci = htons(0xffff);
	if (!m->cvlan.tci)
		m->cvlan.tci = htons(0xffff);
	return true;
}

/* An adopted flow (installed before we started) is kept if the current
 * rules give it the mask it has; its actions are updated if needed. */
static enum reval_op check_adopted(struct ukey *k, struct xlate_out *xo)
{
	struct fsw_key key, dpkey = k->flow.dp, mask = xo->wc.dp, m1, m2;
	struct buf nm = BUF_INITIALIZER;
	bool same;

	memset(&key, 0, sizeof key);
	dpkey.in_port = 0;
	mask.in_port = 0xffffffff;
	mask.recirc_id = 0xffffffff;
	odp_mask_from_fsw(&nm, &mask, &dpkey);
	same = odp_key_to_fsw(k->key.data, k->key.size, &key, NULL) !=
	       ODP_FIT_ERROR && parse_mask(&nm, &key, &m1) &&
	       parse_mask(&k->mask, &key, &m2) && !memcmp(&m1, &m2, sizeof m1);
	buf_uninit(&nm);
	if (!same)
		return REVAL_DELETE;
	k->wc = xo->wc;
	k->adopted = false;
	if (xo->odp_actions.size != k->actions.size ||
	    memcmp(xo->odp_actions.data, k->actions.data, k->actions.size))
		return REVAL_MODIFY;
	return REVAL_KEEP;
}

/* Re-translates K; returns what to do with its datapath flow. */
static enum reval_op revalidate_ukey(struct udpif *u, struct ukey *k,
				     bool learn, struct xlate_out *xo)
{
	struct xlate_in xin;

	memset(&xin, 0, sizeof xin);
	xin.ofproto = u->ofproto;
	xin.flow = k->flow;
	xin.may_learn = learn;
	xin.upcall_pid = u->n_handlers ? dpif_handler_pid(u->dpif, 0) : 0;
	xlate(&xin, xo);
	if (xo->has_learned)
		ofproto_changed(u->ofproto);
	if (k->adopted)
		return check_adopted(k, xo);
	if (memcmp(&xo->wc, &k->wc, sizeof k->wc))
		return REVAL_DELETE;
	if (xo->odp_actions.size != k->actions.size ||
	    memcmp(xo->odp_actions.data, k->actions.data, k->actions.size))
		return REVAL_MODIFY;
	return REVAL_KEEP;
}

static void delete_ukey(struct udpif *u, struct ukey *k)
{
	struct dpif_flow_stats s;

	if (!dpif_flow_del(u->dpif, NULL, &k->ufid, &s))
		ukey_push_stats(u, k, &s);
	ukey_remove(u, k);
	ukey_free(k);
}

static void modify_ukey(struct udpif *u, struct ukey *k,
			struct xlate_out *xo)
{
	struct dpif_flow_put put;
	int err;

	memset(&put, 0, sizeof put);
	put.flags = DPIF_FP_MODIFY;
	put.key = &k->key;
	put.mask = &k->mask;
	put.actions = &xo->odp_actions;
	put.ufid = &k->ufid;
	err = dpif_flow_put(u->dpif, &put);
	if (err) {
		LOG_WARN_RL("%s: flow modify failed (%s), deleting",
			    u->ofproto->name, strerror(-err));
		delete_ukey(u, k);
		return;
	}
	buf_clear(&k->actions);
	buf_put(&k->actions, xo->odp_actions.data, xo->odp_actions.size);
}

/* Takes over XO's rule references as K's. */
static void ukey_set_rules(struct ukey *k, struct xlate_out *xo)
{
	size_t i;

	for (i = 0; i < k->n_rules; i++)
		ofproto_rule_unref(k->rules[i]);
	free(k->rules);
	k->rules = xo->rules;
	k->n_rules = xo->n_rules;
	xo->rules = NULL;
	xo->n_rules = 0;
}

/* A flow we did not install (left by an earlier run of the daemon, or
 * added behind our back): becomes a ukey that the sweep re-translates
 * at once.  Returns false if it cannot be (no UFID, unknown port). */
static bool adopt_flow(struct udpif *u, const struct dpif_flow *f)
{
	struct ukey *k;
	struct flow flow;
	int err;

	if (!f->has_ufid || u->n_ukeys >= u->flow_limit)
		return false;
	/* Datapaths report a flow's masked key (as openvswitch.ko does):
	 * fields the mask leaves out, eth_type included, may be missing, so
	 * an imperfect fit is expected; check_adopted() compares masks. */
	err = udpif_key_to_flow(u->ofproto, &f->key, &flow);
	if (err && err != -ERANGE)
		return false;
	k = xzalloc(sizeof *k);
	k->ufid = f->ufid;
	buf_copy(&k->key, &f->key);
	buf_copy(&k->mask, &f->mask);
	buf_copy(&k->actions, &f->actions);
	k->flow = flow;
	k->adopted = true;
	/* Only what it forwards from now on counts for our rules. */
	k->pkts = f->stats.n_packets;
	k->bytes = f->stats.n_bytes;
	k->created = k->used = time_msec();
	k->dump_seq = u->dump_seq;
	k->xlate_seq = u->ofproto->rules_seq - 1;
	ukey_insert(u, k);
	LOG_DBG("%s: adopted a datapath flow", u->ofproto->name);
	return true;
}

struct pending {
	struct dpif_ufid *ufids;	/* unknown flows to delete */
	size_t n;
	struct buf *keys;		/* flows without UFID */
	size_t n_keys;
};

static void dump_flows(struct udpif *u, struct pending *p)
{
	struct dpif_flow_dump *d = dpif_flow_dump_start(u->dpif);
	struct dpif_flow f;
	int err;

	if (!d)
		return;
	dpif_flow_init(&f);
	while (dpif_flow_dump_next(d, &f) > 0) {
		struct ukey *k = f.has_ufid ? ukey_find(u, &f.ufid) : NULL;

		if (k) {
			k->dump_seq = u->dump_seq;
			ukey_push_stats(u, k, &f.stats);
			continue;
		}
		/* Restoring flows after a restart: keep forwarding. */
		if (u->ofproto->flow_restore_wait || adopt_flow(u, &f))
			continue;
		if (f.has_ufid) {
			p->ufids = xrealloc(p->ufids,
					    (p->n + 1) * sizeof *p->ufids);
			p->ufids[p->n++] = f.ufid;
		} else {
			p->keys = xrealloc(p->keys,
					   (p->n_keys + 1) * sizeof *p->keys);
			buf_init(&p->keys[p->n_keys], 0);
			buf_copy(&p->keys[p->n_keys++], &f.key);
		}
	}
	dpif_flow_uninit(&f);
	err = dpif_flow_dump_done(d);
	if (err)
		LOG_WARN_RL("%s: flow dump failed: %s", u->ofproto->name,
			    strerror(-err));
}

/* Busy flows re-learn their source MACs well before they age out. */
static long long learn_refresh_ms(const struct udpif *u)
{
	long long aging = u->ofproto->ml->aging * 1000LL / 3;

	return aging < LEARN_REFRESH_MS ? aging : LEARN_REFRESH_MS;
}

static void sweep(struct udpif *u, bool changed)
{
	long long now = time_msec();
	uint64_t seq = u->ofproto->rules_seq;
	size_t b;

	for (b = 0; b < u->n_buckets; b++) {
		struct ukey *k = u->buckets[b], *next;

		for (; k; k = next) {
			struct xlate_out xo;
			enum reval_op op;
			bool learn;

			next = k->next;
			if (k->dump_seq != u->dump_seq) {
				/* Gone from the datapath. */
				ukey_remove(u, k);
				ukey_free(k);
				continue;
			}
			if (now - k->used >= UDPIF_IDLE_MS) {
				delete_ukey(u, k);
				continue;
			}
			learn = k->used > k->created &&
				now - k->created >= learn_refresh_ms(u);
			if (!changed && k->xlate_seq == seq && !learn)
				continue;
			if (learn)
				k->created = now;
			xlate_out_init(&xo);
			op = revalidate_ukey(u, k, learn, &xo);
			LOG_DBG("%s: revalidated flow: %s", u->ofproto->name,
				op == REVAL_KEEP ? "kept" : op == REVAL_DELETE ?
				"deleted" : "modified");
			if (op == REVAL_DELETE) {
				delete_ukey(u, k);
			} else {
				if (op == REVAL_MODIFY)
					modify_ukey(u, k, &xo);
				/* modify may have deleted k on failure */
				if (op == REVAL_KEEP || ukey_find(u, &k->ufid)) {
					ukey_set_rules(k, &xo);
					k->xlate_seq = seq;
				}
			}
			xlate_out_uninit(&xo);
		}
	}
}

void udpif_revalidate(struct udpif *u)
{
	struct pending p;
	bool changed;
	size_t i;

	memset(&p, 0, sizeof p);
	u->dump_seq++;
	changed = false;
	dump_flows(u, &p);
	for (i = 0; i < p.n; i++)
		dpif_flow_del(u->dpif, NULL, &p.ufids[i], NULL);
	for (i = 0; i < p.n_keys; i++) {
		dpif_flow_del(u->dpif, &p.keys[i], NULL, NULL);
		buf_uninit(&p.keys[i]);
	}
	free(p.ufids);
	free(p.keys);
	sweep(u, changed);
	u->next_dump = time_msec() + u->dump_interval;
}

void udpif_run(struct udpif *u)
{
	char c[64];

	while (read(u->wake_pipe[0], c, sizeof c) > 0)
		continue;
	if (time_msec() >= u->next_dump)
		udpif_revalidate(u);
	else if (u->n_ukeys) {
		/* Rules changed: re-translate soon, not at the next dump. */
		size_t b;
		uint64_t seq = u->ofproto->rules_seq;

		for (b = 0; b < u->n_buckets; b++) {
			struct ukey *k;

			for (k = u->buckets[b]; k; k = k->next) {
				if (k->xlate_seq != seq) {
					udpif_revalidate(u);
					return;
				}
			}
		}
	}
}

void udpif_wait(struct udpif *u, struct pollset *ps)
{
	long long now = time_msec();

	pollset_add(ps, u->wake_pipe[0], POLLIN);
	pollset_timeout(ps, u->next_dump > now ? (int)(u->next_dump - now)
					       : 0);
}

void udpif_flush(struct udpif *u)
{
	size_t b;

	dpif_flow_flush(u->dpif);
	for (b = 0; b < u->n_buckets; b++) {
		while (u->buckets[b]) {
			struct ukey *k = u->buckets[b];

			u->buckets[b] = k->next;
			ukey_free(k);
		}
	}
	u->n_ukeys = 0;
}

void udpif_dump_flows(struct udpif *u, struct buf *out)
{
	struct dpif_flow_dump *d = dpif_flow_dump_start(u->dpif);
	struct dpif_flow f;
	char line[128];

	if (!d)
		return;
	dpif_flow_init(&f);
	while (dpif_flow_dump_next(d, &f) > 0) {
		char *key = odp_key_to_string(f.key.data, f.key.size,
					      f.mask.size ? f.mask.data : NULL,
					      f.mask.size);
		char *acts = odp_actions_to_string(f.actions.data,
						   f.actions.size);
		long long age = f.stats.used ?
			(time_msec() - (long long)f.stats.used) : -1;

		buf_put(out, key, strlen(key));
		if (age >= 0)
			snprintf(line, sizeof line,
				 ", packets:%llu, bytes:%llu, used:%.3fs, "
				 "actions:",
				 (unsigned long long)f.stats.n_packets,
				 (unsigned long long)f.stats.n_bytes,
				 age / 1000.0);
		else
			snprintf(line, sizeof line,
				 ", packets:%llu, bytes:%llu, used:never, "
				 "actions:",
				 (unsigned long long)f.stats.n_packets,
				 (unsigned long long)f.stats.n_bytes);
		buf_put(out, line, strlen(line));
		buf_put(out, acts, strlen(acts));
		buf_put(out, "\n", 1);
		free(key);
		free(acts);
	}
	dpif_flow_uninit(&f);
	dpif_flow_dump_done(d);
}
