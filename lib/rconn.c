/*
 * Reliable controller connections: reconnection with exponential backoff,
 * echo keepalive, controller role bookkeeping (see rconn.h).
 */
#include <config.h>
#include "rconn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "stream.h"
#include "util.h"
#include "vconn.h"

LOG_MODULE(rconn);

/* Same values in OpenFlow 1.0 and 1.3. */
#define T_ECHO_REQUEST 2
#define T_ECHO_REPLY 3

struct rconn {
	enum rconn_state state;
	long long state_entered;	/* ms, by the clock */
	char *target;
	bool reliable;			/* reconnect after a failure */
	struct vconn *vconn;
	const struct ssl_config *ssl_config;
	uint32_t versions;

	long long (*now)(void *aux);
	void *now_aux;

	int probe_interval;		/* s, 0 = no probes */
	int min_backoff, max_backoff;	/* s */
	int backoff;			/* s, next backoff period */
	long long backoff_deadline;	/* ms */
	long long connected_at;		/* ms */
	long long last_rx;		/* ms */
	uint32_t probe_xid;

	char *last_error;
	unsigned int n_attempts, n_connects, n_disconnects;
	enum rconn_role role;
};

static long long monotonic_ms(void *aux)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static long long now(const struct rconn *rc)
{
	return rc->now(rc->now_aux);
}

static void set_state(struct rconn *rc, enum rconn_state state)
{
	rc->state = state;
	rc->state_entered = now(rc);
}

struct rconn *rconn_create(void)
{
	struct rconn *rc = xzalloc(sizeof *rc);

	rc->now = monotonic_ms;
	rc->probe_interval = RCONN_DEFAULT_PROBE_INTERVAL;
	rc->min_backoff = RCONN_DEFAULT_MIN_BACKOFF;
	rc->max_backoff = RCONN_DEFAULT_MAX_BACKOFF;
	rc->backoff = rc->min_backoff;
	rc->probe_xid = 0xfeed0000;
	rc->role = RCONN_ROLE_EQUAL;
	set_state(rc, RCONN_VOID);
	return rc;
}

static void drop_vconn(struct rconn *rc)
{
	vconn_close(rc->vconn);
	rc->vconn = NULL;
}

void rconn_destroy(struct rconn *rc)
{
	if (!rc)
		return;
	drop_vconn(rc);
	free(rc->target);
	free(rc->last_error);
	free(rc);
}

void rconn_set_clock(struct rconn *rc, long long (*now_ms)(void *),
		     void *aux)
{
	rc->now = now_ms ? now_ms : monotonic_ms;
	rc->now_aux = aux;
	rc->state_entered = now(rc);
}

void rconn_set_probe_interval(struct rconn *rc, int seconds)
{
	rc->probe_interval = seconds <= 0 ? 0 : seconds;
}

void rconn_set_backoff(struct rconn *rc, int min_s, int max_s)
{
	rc->min_backoff = min_s < 1 ? 1 : min_s;
	rc->max_backoff = max_s < rc->min_backoff ? rc->min_backoff : max_s;
	if (rc->backoff < rc->min_backoff)
		rc->backoff = rc->min_backoff;
	if (rc->backoff > rc->max_backoff)
		rc->backoff = rc->max_backoff;
}

void rconn_set_versions(struct rconn *rc, uint32_t versions)
{
	rc->versions = versions;
}

void rconn_set_ssl_config(struct rconn *rc, const struct ssl_config *cfg)
{
	rc->ssl_config = cfg;
}

/* MSG may point into rc->vconn (vconn_get_error()) or be rc->last_error
 * itself: copy it before anything is freed. */
static void set_last_error(struct rconn *rc, const char *msg)
{
	char *copy = xstrdup(msg);

	free(rc->last_error);
	rc->last_error = copy;
}

/* Waits rc->backoff seconds, then doubles it for next time. */
static void enter_backoff(struct rconn *rc)
{
	set_state(rc, RCONN_BACKOFF);
	rc->backoff_deadline = rc->state_entered + rc->backoff * 1000LL;
	LOG_INFO("%s: waiting %d s before reconnecting", rc->target,
		 rc->backoff);
	rc->backoff = rc->backoff * 2 > rc->max_backoff ? rc->max_backoff
							: rc->backoff * 2;
}

/* The connection or attempt failed because of WHY.  WHY is often the
 * vconn's own error text, which drop_vconn() frees: only the copy in
 * rc->last_error is used after that. */
static void disconnect(struct rconn *rc, const char *why)
{
	bool was_connected = rc->state == RCONN_ACTIVE ||
			     rc->state == RCONN_IDLE;

	set_last_error(rc, why);
	why = rc->last_error;
	drop_vconn(rc);
	if (was_connected) {
		rc->n_disconnects++;
		LOG_WARN("%s: disconnected: %s", rc->target, why);
		/* A connection that lasted earns a quick reconnect. */
		if (now(rc) - rc->connected_at >= rc->backoff * 1000LL)
			rc->backoff = rc->min_backoff;
	} else {
		LOG_WARN_RL("%s: connection failed: %s", rc->target, why);
	}
	if (rc->reliable)
		enter_backoff(rc);
	else
		set_state(rc, RCONN_VOID);
}

static void start_attempt(struct rconn *rc)
{
	char *err = NULL;
	int r;

	rc->n_attempts++;
	LOG_INFO("%s: connecting", rc->target);
	r = vconn_open(rc->target, rc->versions, rc->ssl_config, &rc->vconn,
		       &err);
	if (r) {
		set_state(rc, RCONN_CONNECTING);	/* for disconnect() */
		disconnect(rc, err ? err : "connection failed");
		free(err);
		return;
	}
	set_state(rc, RCONN_CONNECTING);
}

int rconn_connect(struct rconn *rc, const char *target, char **errp)
{
	struct stream_target t;
	int err;

	err = stream_parse_target(target, false, &t, errp);
	if (err)
		return err;
	drop_vconn(rc);
	free(rc->target);
	rc->target = xstrdup(target);
	rc->reliable = true;
	rc->backoff = rc->min_backoff;
	start_attempt(rc);
	return 0;
}

void rconn_attach(struct rconn *rc, struct vconn *vc)
{
	drop_vconn(rc);
	free(rc->target);
	rc->target = xstrdup(vconn_get_name(vc));
	rc->reliable = false;
	rc->vconn = vc;
	rc->n_attempts++;
	set_state(rc, RCONN_CONNECTING);
}

void rconn_disconnect(struct rconn *rc)
{
	if (rc->state == RCONN_ACTIVE || rc->state == RCONN_IDLE)
		rc->n_disconnects++;
	drop_vconn(rc);
	rc->reliable = false;
	set_state(rc, RCONN_VOID);
}

/* An attempt (connect, TLS, HELLO) gets the current backoff; a vconn
 * handed over by a listener gets the maximum. */
static long long connect_timeout_ms(const struct rconn *rc)
{
	return (rc->reliable ? rc->backoff : rc->max_backoff) * 1000LL;
}

static void run_connecting(struct rconn *rc)
{
	int err = vconn_connect(rc->vconn);

	if (!err) {
		rc->n_connects++;
		rc->connected_at = rc->last_rx = now(rc);
		rc->role = RCONN_ROLE_EQUAL;
		set_state(rc, RCONN_ACTIVE);
		LOG_INFO("%s: connected (OpenFlow version 0x%02x)", rc->target,
			 vconn_get_version(rc->vconn));
	} else if (err != -EAGAIN) {
		disconnect(rc, vconn_get_error(rc->vconn));
	} else if (now(rc) - rc->state_entered >= connect_timeout_ms(rc)) {
		disconnect(rc, "connection attempt timed out");
	}
}

static void send_probe(struct rconn *rc)
{
	struct buf *msg = vconn_msg_new(vconn_get_version(rc->vconn),
					T_ECHO_REQUEST, ++rc->probe_xid,
					NULL, 0);

	if (vconn_send(rc->vconn, msg))
		vconn_msg_delete(msg);	/* full queue: traffic is flowing */
	LOG_DBG("%s: idle %d s, sending inactivity probe", rc->target,
		rc->probe_interval);
	set_state(rc, RCONN_IDLE);
}

static void run_connected(struct rconn *rc)
{
	long long t = now(rc), probe_ms = rc->probe_interval * 1000LL;
	char *why;
	int err;

	err = vconn_run(rc->vconn);
	if (err) {
		disconnect(rc, vconn_get_error(rc->vconn));
		return;
	}
	if (!probe_ms)
		return;
	if (rc->state == RCONN_ACTIVE && t - rc->last_rx >= probe_ms) {
		send_probe(rc);
	} else if (rc->state == RCONN_IDLE &&
		   t - rc->state_entered >= probe_ms) {
		why = xasprintf("no response to inactivity probe after %d s",
				rc->probe_interval);
		disconnect(rc, why);
		free(why);
	}
}

void rconn_run(struct rconn *rc)
{
	switch (rc->state) {
	case RCONN_VOID:
		break;
	case RCONN_BACKOFF:
		if (now(rc) >= rc->backoff_deadline)
			start_attempt(rc);
		break;
	case RCONN_CONNECTING:
		run_connecting(rc);
		break;
	case RCONN_ACTIVE:
	case RCONN_IDLE:
		run_connected(rc);
		break;
	}
}

static long long next_deadline(const struct rconn *rc)
{
	long long probe_ms = rc->probe_interval * 1000LL;

	switch (rc->state) {
	case RCONN_BACKOFF:
		return rc->backoff_deadline;
	case RCONN_CONNECTING:
		return rc->state_entered + connect_timeout_ms(rc);
	case RCONN_ACTIVE:
		return probe_ms ? rc->last_rx + probe_ms : -1;
	case RCONN_IDLE:
		return probe_ms ? rc->state_entered + probe_ms : -1;
	case RCONN_VOID:
	default:
		return -1;
	}
}

void rconn_wait(struct rconn *rc, struct pollfd *pfd, int *timeout_ms)
{
	long long deadline = next_deadline(rc), left;

	if (rc->vconn) {
		vconn_wait(rc->vconn, pfd);
		if (vconn_recv_pending(rc->vconn))
			*timeout_ms = 0;	/* a message may be waiting */
	} else {
		pfd->fd = -1;
		pfd->events = pfd->revents = 0;
	}
	if (deadline < 0)
		return;
	left = deadline - now(rc);
	if (left < 0)
		left = 0;
	if (*timeout_ms < 0 || left < *timeout_ms)
		*timeout_ms = left > 0x7fffffff ? 0x7fffffff : (int)left;
}

/* Answers an echo request with the same xid and payload. */
static void answer_echo(struct rconn *rc, struct buf *req)
{
	int err;

	req->data[1] = T_ECHO_REPLY;
	err = vconn_send(rc->vconn, req);
	if (err) {
		LOG_WARN_RL("%s: cannot answer echo request (%s)", rc->target,
			    strerror(-err));
		vconn_msg_delete(req);
	}
}

struct buf *rconn_recv(struct rconn *rc)
{
	struct buf *msg;
	int err;

	if (rc->state == RCONN_CONNECTING)
		run_connecting(rc);
	if (rc->state != RCONN_ACTIVE && rc->state != RCONN_IDLE)
		return NULL;
	for (;;) {
		err = vconn_recv(rc->vconn, &msg);
		if (err) {
			if (err != -EAGAIN)
				disconnect(rc, vconn_get_error(rc->vconn));
			return NULL;
		}
		rc->last_rx = now(rc);
		if (rc->state == RCONN_IDLE)
			set_state(rc, RCONN_ACTIVE);
		if (vconn_msg_type(msg) == T_ECHO_REQUEST) {
			answer_echo(rc, msg);
		} else if (vconn_msg_type(msg) == T_ECHO_REPLY &&
			   vconn_msg_xid(msg) == rc->probe_xid) {
			vconn_msg_delete(msg);
		} else {
			return msg;
		}
	}
}

int rconn_send(struct rconn *rc, struct buf *msg)
{
	int err;

	if (rc->state != RCONN_ACTIVE && rc->state != RCONN_IDLE)
		return -ENOTCONN;
	err = vconn_send(rc->vconn, msg);
	if (err && err != -EAGAIN)
		disconnect(rc, vconn_get_error(rc->vconn));
	return err;
}

enum rconn_state rconn_get_state(const struct rconn *rc)
{
	return rc->state;
}

const char *rconn_state_name(enum rconn_state state)
{
	static const char *const names[] = {
		"VOID", "BACKOFF", "CONNECTING", "ACTIVE", "IDLE",
	};

	return (unsigned int)state < ARRAY_SIZE(names) ? names[state] : "?";
}

bool rconn_is_connected(const struct rconn *rc)
{
	return rc->state == RCONN_ACTIVE || rc->state == RCONN_IDLE;
}

bool rconn_is_alive(const struct rconn *rc)
{
	return rc->state != RCONN_VOID;
}

uint8_t rconn_get_version(const struct rconn *rc)
{
	return rconn_is_connected(rc) ? vconn_get_version(rc->vconn) : 0;
}

const char *rconn_get_target(const struct rconn *rc)
{
	return rc->target ? rc->target : "";
}

const char *rconn_get_last_error(const struct rconn *rc)
{
	return rc->last_error ? rc->last_error : "";
}

int rconn_get_backoff(const struct rconn *rc)
{
	return rc->backoff;
}

unsigned int rconn_get_n_attempts(const struct rconn *rc)
{
	return rc->n_attempts;
}

unsigned int rconn_get_n_connects(const struct rconn *rc)
{
	return rc->n_connects;
}

unsigned int rconn_get_n_disconnects(const struct rconn *rc)
{
	return rc->n_disconnects;
}

/* ---- Roles. ---- */

enum rconn_role rconn_get_role(const struct rconn *rc)
{
	return rc->role;
}

void rconn_set_role(struct rconn *rc, enum rconn_role role)
{
	if (role == RCONN_ROLE_EQUAL || role == RCONN_ROLE_MASTER ||
	    role == RCONN_ROLE_SLAVE)
		rc->role = role;
}

unsigned int rconn_demote_other_masters(struct rconn *const *rconns,
					size_t n, const struct rconn *master)
{
	unsigned int demoted = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (rconns[i] != master &&
		    rconns[i]->role == RCONN_ROLE_MASTER) {
			rconns[i]->role = RCONN_ROLE_SLAVE;
			demoted++;
		}
	}
	return demoted;
}

const char *rconn_role_name(enum rconn_role role)
{
	switch (role) {
	case RCONN_ROLE_NOCHANGE:
		return "nochange";
	case RCONN_ROLE_EQUAL:
		return "equal";
	case RCONN_ROLE_MASTER:
		return "master";
	case RCONN_ROLE_SLAVE:
		return "slave";
	}
	return "?";
}

int rconn_role_generation_check(struct rconn_role_generation *gen,
				enum rconn_role role, uint64_t id)
{
	switch (role) {
	case RCONN_ROLE_NOCHANGE:
	case RCONN_ROLE_EQUAL:
		return 0;
	case RCONN_ROLE_MASTER:
	case RCONN_ROLE_SLAVE:
		/* Wrapping distance, so ids may roll over 2^64. */
		if (gen->valid && (int64_t)(id - gen->id) < 0)
			return -ESTALE;
		gen->valid = true;
		gen->id = id;
		return 0;
	}
	return -EINVAL;
}
