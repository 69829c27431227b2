/*
 * Upcall handling: handler threads that turn datapath misses into
 * datapath flows, and userspace actions into PACKET_INs.
 *
 * Each handler thread waits for its upcall channel or for the exit
 * pipe and receives up to a batch of upcalls without ofproto_mutex (the
 * dpif gives every handler its own channel and receive buffer, so
 * handlers receive in parallel), then takes the mutex to translate and
 * install them.
 */
#include <config.h>
#include "upcall.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connmgr.h"
#include "log.h"
#include "odp.h"
#include "ofproto.h"
#include "openflow.h"
#include "pollset.h"
#include "sflow.h"
#include "util.h"
#include "xlate.h"

LOG_MODULE(upcall);

#define UPCALL_BATCH 64
#define PIN_RATE 1000.0		/* packet-ins per second */
#define PIN_BURST 100.0

bool udpif_megaflows = true;
unsigned int udpif_n_handlers = UDPIF_DEFAULT_HANDLERS;

struct handler_thread {
	struct udpif *udpif;
	unsigned int idx;
	pthread_t thread;
	bool started;
};

/* ---- ukeys. -------------------------------------------------------- */

static size_t ufid_hash(const struct udpif *u, const struct dpif_ufid *id)
{
	uint64_t h;

	memcpy(&h, id->b, sizeof h);
	return h % u->n_buckets;
}

struct ukey *ukey_find(struct udpif *u, const struct dpif_ufid *id)
{
	struct ukey *k;

	for (k = u->buckets[ufid_hash(u, id)]; k; k = k->next)
		if (!memcmp(&k->ufid, id, sizeof *id))
			return k;
	return NULL;
}

void ukey_insert(struct udpif *u, struct ukey *k)
{
	size_t h = ufid_hash(u, &k->ufid);

	k->next = u->buckets[h];
	u->buckets[h] = k;
	u->n_ukeys++;
}

void ukey_remove(struct udpif *u, struct ukey *k)
{
	struct ukey **pk = &u->buckets[ufid_hash(u, &k->ufid)];

	for (; *pk; pk = &(*pk)->next) {
		if (*pk == k) {
			*pk = k->next;
			u->n_ukeys--;
			return;
		}
	}
}

void ukey_free(struct ukey *k)
{
	size_t i;

	if (!k)
		return;
	for (i = 0; i < k->n_rules; i++)
		ofproto_rule_unref(k->rules[i]);
	free(k->rules);
	buf_uninit(&k->key);
	buf_uninit(&k->mask);
	buf_uninit(&k->actions);
	free(k);
}

/* Adds what the datapath counted since the last push to the rules. */
void ukey_push_stats(struct udpif *u, struct ukey *k,
		     const struct dpif_flow_stats *s)
{
	uint64_t dp = s->n_packets > k->pkts ? s->n_packets - k->pkts : 0;
	uint64_t db = s->n_bytes > k->bytes ? s->n_bytes - k->bytes : 0;
	long long now = time_msec();
	size_t i;

	if (!dp)
		return;
	k->pkts = s->n_packets;
	k->bytes = s->n_bytes;
	k->used = now;
	for (i = 0; i < k->n_rules; i++)
		ofproto_rule_stats(k->rules[i], dp, db, now);
}

/* 64-bit FNV-1a over LEN bytes of P, from BASIS, then a final mix. */
static uint64_t hash_bytes(const void *p_, size_t len, uint64_t basis)
{
	const uint8_t *p = p_;
	uint64_t h = basis;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/* The megaflow's UFID: a 128-bit hash of its masked key and its mask.
 * Upcalls of packets a megaflow covers (queued before it was installed,
 * or other microflows of it) get the same UFID, so it is installed once:
 * the datapath's UFID check and the ukey table see the duplicate. */
static void megaflow_ufid(struct dpif_ufid *id, const struct fsw_key *key,
			  const struct fsw_key *mask)
{
	const uint8_t *k = (const uint8_t *)key, *m = (const uint8_t *)mask;
	uint8_t masked[sizeof *key];
	uint64_t a, b;
	size_t i;

	for (i = 0; i < sizeof masked; i++)
		masked[i] = k[i] & m[i];
	a = hash_bytes(masked, sizeof masked, 0xcbf29ce484222325ULL);
	a = hash_bytes(mask, sizeof *mask, a);
	b = hash_bytes(masked, sizeof masked, 0x84222325cbf29ce4ULL ^ a);
	b = hash_bytes(mask, sizeof *mask, b);
	memcpy(id->b, &a, 8);
	memcpy(id->b + 8, &b, 8);
}

/* ---- Key conversion. ----------------------------------------------- */

int udpif_key_to_flow(struct ofproto *o, const struct buf *key,
		      struct flow *flow)
{
	enum odp_fit fit;
	struct ofport *p;

	memset(flow, 0, sizeof *flow);
	fit = odp_key_to_fsw(key->data, key->size, &flow->dp, NULL);
	if (fit == ODP_FIT_ERROR)
		return -EINVAL;
	p = ofproto_port_by_dp(o, flow->dp.in_port);
	if (!p)
		return -ENODEV;
	flow->dp.in_port = p->ofp_port;
	return fit == ODP_FIT_PERFECT ? 0 : -ERANGE;
}

/* ---- Misses. ------------------------------------------------------- */

static void install_flow(struct udpif *u, struct dpif_upcall *up,
			 const struct flow *flow, struct xlate_out *xo)
{
	struct ukey *k;
	struct fsw_key dpkey = flow->dp, mask = xo->wc.dp;
	struct dpif_flow_put put;
	struct dpif_ufid ufid;
	int err;

	if (u->n_ukeys >= u->flow_limit) {
		LOG_WARN_RL("%s: flow limit %zu reached, not caching",
			    u->ofproto->name, u->flow_limit);
		return;
	}
	if (!udpif_megaflows)
		memset(&mask, 0xff, sizeof mask);	/* exact match */
	mask.in_port = 0xffffffff;
	mask.recirc_id = 0xffffffff;
	memset(&ufid, 0, sizeof ufid);
	megaflow_ufid(&ufid, &flow->dp, &mask);
	if (ukey_find(u, &ufid)) {
		u->n_dup_upcalls++;	/* already installed */
		return;
	}
	k = xzalloc(sizeof *k);
	k->ufid = ufid;
	/* The kernel's own key, as it gave it, is the flow's key: it has
	 * every attribute the kernel expects; the mask wildcards it. */
	buf_copy(&k->key, &up->key);
	dpkey.in_port = 0;	/* only for the mask's structure */
	odp_mask_from_fsw(&k->mask, &mask, &dpkey);
	buf_copy(&k->actions, &xo->odp_actions);
	memset(&put, 0, sizeof put);
	put.flags = DPIF_FP_CREATE;
	put.key = &k->key;
	put.mask = &k->mask;
	put.actions = &k->actions;
	put.ufid = &k->ufid;
	err = dpif_flow_put(u->dpif, &put);
	if (err) {
		if (err != -EEXIST)
			LOG_WARN_RL("%s: flow install failed: %s",
				    u->ofproto->name, strerror(-err));
		ukey_free(k);
		return;
	}
	k->flow = *flow;
	k->wc = xo->wc;
	k->rules = xo->rules;
	k->n_rules = xo->n_rules;
	xo->rules = NULL;
	xo->n_rules = 0;
	k->created = k->used = time_msec();
	k->dump_seq = u->dump_seq;
	k->xlate_seq = u->ofproto->rules_seq;
	ukey_insert(u, k);
	u->n_flows_added++;
}

static void handle_miss(struct udpif *u, unsigned int idx,
			struct dpif_upcall *up)
{
	struct ofproto *o = u->ofproto;
	struct xlate_in xin;
	struct xlate_out xo;
	size_t i;
	int err;

	memset(&xin, 0, sizeof xin);
	err = udpif_key_to_flow(o, &up->key, &xin.flow);
	if (err == -EINVAL || err == -ENODEV) {
		LOG_WARN_RL("%s: upcall with bad key or unknown port (%s)",
			    o->name, strerror(-err));
		return;
	}
	xin.ofproto = o;
	xin.may_learn = true;
	xin.upcall_pid = dpif_handler_pid(u->dpif, idx);
	xlate_out_init(&xo);
	xlate(&xin, &xo);
	if (xo.has_learned)
		ofproto_changed(o);
	for (i = 0; i < xo.n_rules; i++)
		ofproto_rule_stats(xo.rules[i], 1, up->packet.size,
				   time_msec());
	if (xo.odp_actions.size)
		dpif_execute(u->dpif, up->packet.data, up->packet.size,
			     &up->key, &xo.odp_actions);
	/* A key we could not read completely must not become a wildcarded
	 * flow: it could match packets we never looked at. */
	if (!err)
		install_flow(u, up, &xin.flow, &xo);
	xlate_out_uninit(&xo);
}

static bool pin_allowed(struct udpif *u)
{
	long long now = time_msec();

	u->pin_tokens += (now - u->pin_last) * PIN_RATE / 1000.0;
	if (u->pin_tokens > PIN_BURST)
		u->pin_tokens = PIN_BURST;
	u->pin_last = now;
	if (u->pin_tokens < 1.0) {
		u->n_pin_dropped++;
		return false;
	}
	u->pin_tokens -= 1.0;
	return true;
}

static void handle_action(struct udpif *u, struct dpif_upcall *up)
{
	struct xlate_userdata ud;

	if (sflow_upcall(u->ofproto, up))
		return;
	if (!up->has_userdata || up->userdata.size < sizeof ud)
		return;
	memcpy(&ud, up->userdata.data, sizeof ud);
	if (ud.kind != XLATE_UD_PACKET_IN || !u->ofproto->connmgr)
		return;
	if (!pin_allowed(u)) {
		LOG_INFO_RL("%s: packet-in rate limit reached",
			    u->ofproto->name);
		return;
	}
	connmgr_send_packet_in(u->ofproto->connmgr, up->packet.data,
			       up->packet.size, ud.in_port, ud.reason,
			       ud.table_id, ud.cookie, ud.metadata,
			       ud.max_len);
	/* The main loop flushes the connections. */
	if (write(u->wake_pipe[1], "", 1) < 0 && errno != EAGAIN)
		LOG_WARN_RL("wake pipe: %s", strerror(errno));
}

static void *handler_main(void *arg)
{
	struct handler_thread *h = arg;
	struct udpif *u = h->udpif;
	struct dpif_upcall ups[UPCALL_BATCH];
	int i, n;

	for (i = 0; i < UPCALL_BATCH; i++)
		dpif_upcall_init(&ups[i]);
	for (;;) {
		struct pollfd pfd[2];

		pfd[0].fd = dpif_handler_fd(u->dpif, h->idx);
		pfd[0].events = POLLIN;
		pfd[1].fd = u->exit_pipe[0];
		pfd[1].events = POLLIN;
		/* A periodic receive attempt also clears a netlink socket's
		 * "congested" state after an overflow. */
		if (poll(pfd, 2, 1000) < 0 && errno != EINTR)
			break;
		if (pfd[1].revents)
			break;
		/* Each handler has its own socket and receive buffer in
		 * the dpif: receiving needs no lock, only handling does. */
		n = dpif_recv(u->dpif, h->idx, ups, UPCALL_BATCH);
		if (n < 0) {
			if (n != -EAGAIN && n != -EINTR) {
				LOG_WARN_RL("handler %u: receive failed: %s",
					    h->idx, strerror(-n));
				usleep(10000);
			}
			continue;
		}
		pthread_mutex_lock(&ofproto_mutex);
		for (i = 0; i < n; i++) {
			u->n_upcalls++;
			if (ups[i].type == DPIF_UC_MISS)
				handle_miss(u, h->idx, &ups[i]);
			else
				handle_action(u, &ups[i]);
		}
		pthread_mutex_unlock(&ofproto_mutex);
	}
	for (i = 0; i < UPCALL_BATCH; i++)
		dpif_upcall_uninit(&ups[i]);
	return NULL;
}

/* ---- Life cycle. --------------------------------------------------- */

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

struct udpif *udpif_create(struct ofproto *o, struct dpif *dpif,
			   unsigned int n)
{
	struct udpif *u = xzalloc(sizeof *u);
	unsigned int i;
	int err;

	u->ofproto = o;
	u->dpif = dpif;
	u->flow_limit = UDPIF_DEFAULT_FLOW_LIMIT;
	u->n_buckets = 4096;
	u->buckets = xzalloc(u->n_buckets * sizeof *u->buckets);
	u->dump_interval = 500;
	u->pin_tokens = PIN_BURST;
	u->pin_last = time_msec();
	if (pipe(u->wake_pipe) || pipe(u->exit_pipe)) {
		LOG_ERR("pipe: %s", strerror(errno));
		abort();
	}
	set_nonblock(u->wake_pipe[0]);
	set_nonblock(u->wake_pipe[1]);
	/* Per-CPU dispatch where the datapath has it: Open vSwitch's own
	 * tools (ovs-dpctl 3.1) switch it on when they open a datapath,
	 * after which per-port upcall PIDs are ignored and every miss
	 * would be lost. */
	err = dpif_handlers_set(dpif, n, true);
	if (err) {
		LOG_ERR("%s: cannot create %u upcall handlers: %s", o->name, n,
			strerror(-err));
		return u;
	}
	u->n_handlers = n;
	u->threads = xzalloc(n * sizeof *u->threads);
	for (i = 0; i < n; i++) {
		struct handler_thread *h = &u->threads[i];

		h->udpif = u;
		h->idx = i;
		if (pthread_create(&h->thread, NULL, handler_main, h)) {
			LOG_ERR("cannot start handler thread %u", i);
		} else {
			char name[16];

			/* Visible in /proc/PID/task/N/comm and top -H. */
			snprintf(name, sizeof name, "handler%u", i % 100);
			pthread_setname_np(h->thread, name);
			h->started = true;
		}
	}
	return u;
}

/* Called without ofproto_mutex (the threads need it to finish). */
void udpif_destroy(struct udpif *u)
{
	unsigned int i;
	size_t b;

	if (!u)
		return;
	if (write(u->exit_pipe[1], "x", 1) < 0)
		LOG_WARN("exit pipe: %s", strerror(errno));
	for (i = 0; i < u->n_handlers; i++)
		if (u->threads[i].started)
			pthread_join(u->threads[i].thread, NULL);
	pthread_mutex_lock(&ofproto_mutex);
	for (b = 0; b < u->n_buckets; b++) {
		while (u->buckets[b]) {
			struct ukey *k = u->buckets[b];

			u->buckets[b] = k->next;
			ukey_free(k);
		}
	}
	pthread_mutex_unlock(&ofproto_mutex);
	dpif_handlers_set(u->dpif, 0, false);
	free(u->threads);
	free(u->buckets);
	close(u->wake_pipe[0]);
	close(u->wake_pipe[1]);
	close(u->exit_pipe[0]);
	close(u->exit_pipe[1]);
	free(u);
}
