/*
 * connmgr: an ofproto's OpenFlow connections and asynchronous messages.
 * The requests themselves are handled in vswitchd/ofproto-msg.c.
 */
#include <config.h>
#include "connmgr.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "ofp-msgs.h"
#include "ofproto-msg.h"
#include "ofproto.h"
#include "openflow.h"
#include "pollset.h"
#include "rconn.h"
#include "util.h"
#include "vconn.h"

LOG_MODULE(connmgr);

struct connmgr {
	struct ofproto *ofproto;
	char *mgmt_path;
	struct pvconn *mgmt;
	struct pvconn **listeners;	/* ptcp:/pssl:/punix: controllers */
	size_t n_listeners;
	struct ofconn **conns;
	size_t n_conns;
	char **targets;			/* as configured */
	size_t n_targets;
	struct rconn_role_generation gen;
	long long next_mgmt_retry;
	const struct ssl_config *ssl;	/* for ssl:/pssl: targets */
};

struct ofconn_pending {
	struct ofconn_pending *next;
	struct buf *msg;
};

static void backlog_clear(struct ofconn *c)
{
	while (c->backlog) {
		struct ofconn_pending *p = c->backlog;

		c->backlog = p->next;
		vconn_msg_delete(p->msg);
		free(p);
	}
	c->backlog_tail = &c->backlog;
	c->backlog_bytes = 0;
}

/* Moves backlogged replies into the send queue as it drains. */
static void backlog_flush(struct ofconn *c)
{
	while (c->backlog) {
		struct ofconn_pending *p = c->backlog;
		int err = rconn_send(c->rc, p->msg);

		if (err == -EAGAIN)
			return;
		c->backlog = p->next;
		c->backlog_bytes -= p->msg->size;
		if (err)
			vconn_msg_delete(p->msg);
		free(p);
		if (err) {
			/* Disconnected: the rest would go nowhere. */
			backlog_clear(c);
			return;
		}
	}
	c->backlog_tail = &c->backlog;
}

static void backlog_add(struct ofconn *c, struct buf *msg)
{
	struct ofconn_pending *p = xmalloc(sizeof *p);

	p->next = NULL;
	p->msg = msg;
	*c->backlog_tail = p;
	c->backlog_tail = &p->next;
	c->backlog_bytes += msg->size;
}

static void ofconn_destroy(struct ofconn *c)
{
	backlog_clear(c);
	rconn_destroy(c->rc);
	free(c);
}

static struct ofconn *ofconn_add(struct connmgr *m, struct rconn *rc,
				 enum ofconn_type type)
{
	struct ofconn *c = xzalloc(sizeof *c);

	c->rc = rc;
	c->type = type;
	c->connmgr = m;
	c->miss_send_len = OFP_DEFAULT_MISS_SEND_LEN;
	c->backlog_tail = &c->backlog;
	ofconn_reset_async(c);
	m->conns = xrealloc(m->conns, (m->n_conns + 1) * sizeof *m->conns);
	m->conns[m->n_conns++] = c;
	return c;
}

static void open_mgmt(struct connmgr *m)
{
	char *target, *err = NULL;
	int e;

	unlink(m->mgmt_path);
	target = xasprintf("punix:%s", m->mgmt_path);
	e = pvconn_open(target, 0, NULL, &m->mgmt, &err);
	if (e) {
		LOG_WARN_RL("%s: cannot listen on %s: %s", m->ofproto->name,
			    target, err ? err : strerror(-e));
		m->mgmt = NULL;
		m->next_mgmt_retry = time_msec() + 5000;
	}
	free(err);
	free(target);
}

struct connmgr *connmgr_create(struct ofproto *o, const char *rundir)
{
	struct connmgr *m = xzalloc(sizeof *m);

	m->ofproto = o;
	m->mgmt_path = xasprintf("%s/%s.mgmt", rundir, o->name);
	open_mgmt(m);
	return m;
}

static void drop_controllers(struct connmgr *m)
{
	size_t i;

	for (i = 0; i < m->n_listeners; i++)
		pvconn_close(m->listeners[i]);
	free(m->listeners);
	m->listeners = NULL;
	m->n_listeners = 0;
	for (i = 0; i < m->n_conns; ) {
		if (m->conns[i]->type != OFCONN_SERVICE) {
			ofconn_destroy(m->conns[i]);
			m->conns[i] = m->conns[--m->n_conns];
		} else {
			i++;
		}
	}
	for (i = 0; i < m->n_targets; i++)
		free(m->targets[i]);
	free(m->targets);
	m->targets = NULL;
	m->n_targets = 0;
}

void connmgr_destroy(struct connmgr *m)
{
	size_t i;

	if (!m)
		return;
	drop_controllers(m);
	for (i = 0; i < m->n_conns; i++)
		ofconn_destroy(m->conns[i]);
	free(m->conns);
	if (m->mgmt) {
		pvconn_close(m->mgmt);
		unlink(m->mgmt_path);
	}
	free(m->mgmt_path);
	free(m);
}

static bool same_targets(const struct connmgr *m, char **t, size_t n)
{
	size_t i;

	if (n != m->n_targets)
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(t[i], m->targets[i]))
			return false;
	return true;
}

/* Opens one configured target: a listener or a reconnecting controller
 * connection.  Failures are logged; the target stays configured. */
static void open_target(struct connmgr *m, const char *t)
{
	char *err = NULL;
	int e;

	if (t[0] == 'p') {
		struct pvconn *pv;

		e = pvconn_open(t, 0, m->ssl, &pv, &err);
		if (e) {
			LOG_WARN("%s: cannot listen on %s: %s",
				 m->ofproto->name, t, err ? err : strerror(-e));
		} else {
			m->listeners = xrealloc(m->listeners,
						(m->n_listeners + 1) *
						sizeof *m->listeners);
			m->listeners[m->n_listeners++] = pv;
		}
	} else {
		struct rconn *rc = rconn_create();

		rconn_set_ssl_config(rc, m->ssl);
		e = rconn_connect(rc, t, &err);
		if (e) {
			LOG_WARN("%s: bad controller %s: %s", m->ofproto->name,
				 t, err ? err : strerror(-e));
			rconn_destroy(rc);
		} else {
			ofconn_add(m, rc, OFCONN_CONTROLLER);
		}
	}
	free(err);
}

void connmgr_set_controllers(struct connmgr *m, char **targets, size_t n)
{
	size_t i;

	if (same_targets(m, targets, n))
		return;
	drop_controllers(m);
	m->targets = xzalloc((n ? n : 1) * sizeof *m->targets);
	for (i = 0; i < n; i++) {
		m->targets[m->n_targets++] = xstrdup(targets[i]);
		open_target(m, targets[i]);
	}
	LOG_INFO("%s: %zu controller target(s)", m->ofproto->name, n);
}

/* "ssl:..." or "pssl:...": accepted TLS connections are named "ssl:". */
static bool is_tls(const char *name)
{
	return !strncmp(name, "ssl:", 4) || !strncmp(name, "pssl:", 5);
}

void connmgr_set_ssl(struct connmgr *m, const struct ssl_config *ssl)
{
	size_t i, n = 0;

	if (m->ssl == ssl)
		return;
	m->ssl = ssl;
	for (i = 0; i < m->n_listeners; ) {
		if (is_tls(pvconn_get_name(m->listeners[i]))) {
			pvconn_close(m->listeners[i]);
			m->listeners[i] = m->listeners[--m->n_listeners];
		} else {
			i++;
		}
	}
	/* Sessions made with the old settings go too, accepted ones
	 * included: a peer trusted only by the old CA must not stay. */
	for (i = 0; i < m->n_conns; ) {
		struct ofconn *c = m->conns[i];

		if (c->type != OFCONN_SERVICE &&
		    is_tls(rconn_get_target(c->rc))) {
			ofconn_destroy(c);
			m->conns[i] = m->conns[--m->n_conns];
		} else {
			i++;
		}
	}
	for (i = 0; i < m->n_targets; i++) {
		if (is_tls(m->targets[i])) {
			open_target(m, m->targets[i]);
			n++;
		}
	}
	if (n)
		LOG_INFO("%s: new TLS settings: %zu TLS target(s) "
			 "re-established", m->ofproto->name, n);
}

bool connmgr_has_controllers(const struct connmgr *m)
{
	return m->n_targets > 0;
}

bool connmgr_controller_connected(const struct connmgr *m)
{
	size_t i;

	for (i = 0; i < m->n_conns; i++)
		if (m->conns[i]->type != OFCONN_SERVICE &&
		    rconn_is_connected(m->conns[i]->rc))
			return true;
	return false;
}

static void accept_from(struct connmgr *m, struct pvconn *pv,
			enum ofconn_type type)
{
	struct vconn *vc;
	int i;

	for (i = 0; i < 16 && !pvconn_accept(pv, &vc); i++) {
		struct rconn *rc = rconn_create();

		/* ovs-ofctl does not answer echo requests while it waits
		 * for a long reply: no probes on service connections. */
		if (type == OFCONN_SERVICE)
			rconn_set_probe_interval(rc, 0);
		rconn_attach(rc, vc);
		ofconn_add(m, rc, type);
	}
}

void connmgr_run(struct connmgr *m)
{
	size_t i;

	if (!m->mgmt && time_msec() >= m->next_mgmt_retry)
		open_mgmt(m);
	if (m->mgmt)
		accept_from(m, m->mgmt, OFCONN_SERVICE);
	for (i = 0; i < m->n_listeners; i++)
		accept_from(m, m->listeners[i], OFCONN_PASSIVE);
	for (i = 0; i < m->n_conns; ) {
		struct ofconn *c = m->conns[i];
		struct buf *msg;
		int n;

		rconn_run(c->rc);
		backlog_flush(c);
		/* A client that does not read its replies gets no more
		 * served: the backlog stays bounded by one request's. */
		for (n = 0; n < 50 && !c->backlog &&
			    (msg = rconn_recv(c->rc)); n++) {
			ofproto_handle_msg(m->ofproto, c, msg);
			vconn_msg_delete(msg);
		}
		if (c->type != OFCONN_CONTROLLER && !rconn_is_alive(c->rc)) {
			ofconn_destroy(c);
			m->conns[i] = m->conns[--m->n_conns];
		} else {
			i++;
		}
	}
}

void connmgr_wait(struct connmgr *m, struct pollset *ps)
{
	struct pollfd pfd;
	size_t i;

	if (m->mgmt) {
		pvconn_wait(m->mgmt, &pfd);
		pollset_add(ps, pfd.fd, pfd.events);
	} else {
		pollset_timeout(ps, 5000);
	}
	for (i = 0; i < m->n_listeners; i++) {
		pvconn_wait(m->listeners[i], &pfd);
		pollset_add(ps, pfd.fd, pfd.events);
	}
	for (i = 0; i < m->n_conns; i++) {
		int timeout = -1;

		pfd.fd = -1;
		pfd.events = 0;
		rconn_wait(m->conns[i]->rc, &pfd, &timeout);
		if (m->conns[i]->backlog) {
			/* Requests are not read until the replies are out:
			 * wait for room to send only (and retry at least
			 * once a second, e.g. for TLS wanting to read). */
			pfd.events &= ~POLLIN;
			if (timeout <= 0 || timeout > 1000)
				timeout = 1000;
		}
		if (pfd.fd >= 0)
			pollset_add(ps, pfd.fd, pfd.events);
		if (timeout >= 0)
			pollset_timeout(ps, timeout);
	}
}

static void send_msgs(struct ofconn *c, const struct buf *b, bool reply);

void ofconn_send_buf(struct ofconn *c, const struct buf *b)
{
	send_msgs(c, b, true);
}

/* Asynchronous messages are dropped (and counted) when the connection
 * cannot keep up; replies wait in the backlog. */
static void ofconn_send_async(struct ofconn *c, const struct buf *b)
{
	send_msgs(c, b, false);
}

/* Sends every message in B (one or more, back to back) on C. */
static void send_msgs(struct ofconn *c, const struct buf *b, bool reply)
{
	size_t ofs = 0;

	while (ofs + sizeof(struct ofp_header) <= b->size) {
		const struct ofp_header *oh = (const void *)(b->data + ofs);
		size_t len = ntohs(oh->length);
		struct buf *msg;
		int err;

		if (len < sizeof *oh || ofs + len > b->size)
			break;
		msg = xmalloc(sizeof *msg);
		buf_init(msg, len);
		buf_put(msg, b->data + ofs, len);
		ofs += len;
		if (reply && c->backlog) {
			backlog_add(c, msg);
			continue;
		}
		err = c->backlog ? -EAGAIN : rconn_send(c->rc, msg);
		if (err == -EAGAIN && reply) {
			backlog_add(c, msg);
		} else if (err) {
			vconn_msg_delete(msg);
			if (!reply)
				c->n_dropped++;
		}
	}
}

struct ofconn **connmgr_conns(struct connmgr *m, size_t *n)
{
	*n = m->n_conns;
	return m->conns;
}

struct rconn_role_generation *connmgr_generation(struct connmgr *m)
{
	return &m->gen;
}

/* ---- Asynchronous messages. ---------------------------------------- */

/* Does C want asynchronous message kind KIND (0 packet-in, 1 port
 * status, 2 flow removed) for REASON, given its role? */
static bool wants(const struct ofconn *c, int kind, uint8_t reason)
{
	int slave;

	if (!rconn_is_connected(c->rc))
		return false;
	if (c->type == OFCONN_SERVICE && kind == 0 && !c->asked_config)
		return false;
	slave = rconn_get_role(c->rc) == RCONN_ROLE_SLAVE;
	return (c->async[kind][slave] >> reason) & 1;
}

void connmgr_send_port_status(struct connmgr *m, const struct ofport *p,
			      uint8_t reason)
{
	struct ofp_port_status ps;
	size_t i;

	memset(&ps, 0, sizeof ps);
	ps.reason = reason;
	ofproto_port_to_desc(p, &ps.desc);
	for (i = 0; i < m->n_conns; i++) {
		struct ofconn *c = m->conns[i];
		struct buf b = BUF_INITIALIZER;

		if (!wants(c, 1, reason))
			continue;
		if (!ofp_encode_port_status(&b, rconn_get_version(c->rc), 0,
					    &ps))
			ofconn_send_async(c, &b);
		buf_uninit(&b);
	}
}

void connmgr_send_flow_removed(struct connmgr *m, const struct rule *r,
			       uint8_t reason)
{
	struct ofp_flow_removed fr;
	long long age = time_msec() - r->created;
	size_t i;

	memset(&fr, 0, sizeof fr);
	fr.match = r->cr.match;
	fr.cookie = r->cookie;
	fr.priority = r->cr.priority;
	fr.reason = reason;
	fr.table_id = r->table_id;
	fr.duration_sec = age / 1000;
	fr.duration_nsec = (age % 1000) * 1000000;
	fr.idle_timeout = r->idle_timeout;
	fr.hard_timeout = r->hard_timeout;
	fr.packet_count = r->n_packets;
	fr.byte_count = r->n_bytes;
	for (i = 0; i < m->n_conns; i++) {
		struct ofconn *c = m->conns[i];
		struct buf b = BUF_INITIALIZER;

		if (!wants(c, 2, reason))
			continue;
		if (!ofp_encode_flow_removed(&b, rconn_get_version(c->rc), 0,
					     &fr))
			ofconn_send_async(c, &b);
		buf_uninit(&b);
	}
}

void connmgr_send_packet_in(struct connmgr *m, const void *packet,
			    size_t len, uint32_t in_port, uint8_t reason,
			    uint8_t table_id, uint64_t cookie,
			    uint64_t metadata, uint16_t max_len)
{
	struct ofp_packet_in pin;
	size_t i;

	memset(&pin, 0, sizeof pin);
	pin.buffer_id = OFP_NO_BUFFER;
	pin.total_len = len > 0xffff ? 0xffff : len;
	pin.reason = reason;
	pin.table_id = table_id;
	pin.cookie = cookie;
	pin.match.flow.dp.in_port = in_port;
	pin.match.mask.dp.in_port = 0xffffffff;
	if (metadata) {
		pin.match.flow.metadata = htobe64(metadata);
		pin.match.mask.metadata = UINT64_MAX;
	}
	pin.data = packet;
	for (i = 0; i < m->n_conns; i++) {
		struct ofconn *c = m->conns[i];
		struct buf b = BUF_INITIALIZER;
		size_t limit = max_len;

		if (!wants(c, 0, reason))
			continue;
		/* A table-miss style packet-in uses the connection's
		 * miss_send_len; an explicit output:controller its max_len. */
		if (reason == OFPR_NO_MATCH || max_len == 0)
			limit = c->miss_send_len;
		if (limit == OFPCML_NO_BUFFER || limit > len)
			limit = len;
		pin.data_len = limit;
		if (!ofp_encode_packet_in(&b, rconn_get_version(c->rc), 0,
					  &pin))
			ofconn_send_async(c, &b);
		buf_uninit(&b);
	}
}

void connmgr_describe(const struct connmgr *m, struct buf *out)
{
	size_t i;
	char *s;

	s = xasprintf("  management: %s (%s)\n", m->mgmt_path,
		      m->mgmt ? "listening" : "not listening");
	buf_put(out, s, strlen(s));
	free(s);
	for (i = 0; i < m->n_conns; i++) {
		const struct ofconn *c = m->conns[i];

		if (c->type == OFCONN_SERVICE)
			continue;
		s = xasprintf("  controller %s: %s, role %s\n",
			      rconn_get_target(c->rc) ? rconn_get_target(c->rc)
						      : "(accepted)",
			      rconn_state_name(rconn_get_state(c->rc)),
			      rconn_role_name(rconn_get_role(c->rc)));
		buf_put(out, s, strlen(s));
		free(s);
	}
}
