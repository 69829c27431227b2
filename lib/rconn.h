/*
 * A reliable OpenFlow connection to a controller.
 *
 * rconn_connect() makes the rconn keep a connection to a target up:
 * it connects (and negotiates, lib/vconn.h), and whenever that fails or
 * the connection drops, it waits and tries again.  The wait starts at the
 * minimum backoff (1 s) and doubles after every failure up to the
 * maximum (8 s); it goes back to the minimum once a connection has stayed
 * up for at least the current backoff.  Connection attempts (including
 * the HELLO exchange) time out after the current backoff, at least 1 s.
 *
 * Keepalive: after probe_interval seconds without receiving anything it
 * sends an ECHO_REQUEST; with nothing received for another interval it
 * disconnects (and reconnects).  Echo requests from the peer are answered
 * here and replies to our probes are consumed; other messages go to the
 * caller through rconn_recv().
 *
 * rconn_attach() wraps a vconn accepted by a listener (lib/vconn.h
 * pvconn_*): the same keepalive, but no reconnection: once it drops the
 * rconn is dead (rconn_is_alive()).
 *
 * Time comes from a clock callback (milliseconds, monotonic), replaceable
 * with rconn_set_clock() so tests can step time by hand.
 */
#ifndef FSW_RCONN_H
#define FSW_RCONN_H 1

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct rconn;
struct vconn;
struct ssl_config;

enum rconn_state {
	RCONN_VOID,		/* no target, or an attached vconn died */
	RCONN_BACKOFF,		/* waiting before the next attempt */
	RCONN_CONNECTING,	/* connect, TLS handshake, HELLO */
	RCONN_ACTIVE,		/* connected, traffic seen recently */
	RCONN_IDLE,		/* connected, echo probe sent, no reply yet */
};

/* Controller roles, with their OpenFlow 1.3 wire values. */
enum rconn_role {
	RCONN_ROLE_NOCHANGE = 0,
	RCONN_ROLE_EQUAL = 1,
	RCONN_ROLE_MASTER = 2,
	RCONN_ROLE_SLAVE = 3,
};

#define RCONN_DEFAULT_PROBE_INTERVAL 5	/* seconds */
#define RCONN_DEFAULT_MIN_BACKOFF 1	/* seconds */
#define RCONN_DEFAULT_MAX_BACKOFF 8	/* seconds */

struct rconn *rconn_create(void);
void rconn_destroy(struct rconn *);

/* Configuration (takes effect for the next connection attempt). */
void rconn_set_clock(struct rconn *, long long (*now_ms)(void *aux),
		     void *aux);
/* 0 disables the probes.  Values under 1 s are raised to 1 s. */
void rconn_set_probe_interval(struct rconn *, int seconds);
/* MIN >= 1, MAX >= MIN (both are clamped so). */
void rconn_set_backoff(struct rconn *, int min_seconds, int max_seconds);
/* Version bitmap as in vconn.h (0: all supported). */
void rconn_set_versions(struct rconn *, uint32_t allowed_versions);
/* NULL: the default configuration.  CFG must outlive the rconn. */
void rconn_set_ssl_config(struct rconn *, const struct ssl_config *);

/* Starts keeping a connection to TARGET (tcp:, ssl:, unix:), at once.
 * -EINVAL with a message in *ERRP if TARGET does not parse; the rconn is
 * then unchanged. */
int rconn_connect(struct rconn *, const char *target, char **errp);
/* Takes over VCONN (accepted, HELLO not necessarily done); no reconnect. */
void rconn_attach(struct rconn *, struct vconn *);
/* Drops any connection and stops reconnecting (state VOID). */
void rconn_disconnect(struct rconn *);

/* Does timed work (attempts, timeouts, probes) and sends queued data. */
void rconn_run(struct rconn *);
/* Sets *PFD for rconn_run()/rconn_recv() (fd -1 if none) and lowers
 * *TIMEOUT_MS (poll() style, -1 = infinite) to the next timer. */
void rconn_wait(struct rconn *, struct pollfd *pfd, int *timeout_ms);
/* The next message for the caller, or NULL.  Echo traffic is handled
 * here.  Free the message with vconn_msg_delete(). */
struct buf *rconn_recv(struct rconn *);
/* Sends MSG: 0 (MSG taken), -ENOTCONN when not connected, -EAGAIN when
 * the send queue is full (backpressure), or a connection error. */
int rconn_send(struct rconn *, struct buf *msg);

enum rconn_state rconn_get_state(const struct rconn *);
const char *rconn_state_name(enum rconn_state);
/* Negotiated and usable. */
bool rconn_is_connected(const struct rconn *);
/* Connected, or will be trying again. */
bool rconn_is_alive(const struct rconn *);
/* Negotiated OpenFlow version, 0 when not connected. */
uint8_t rconn_get_version(const struct rconn *);
const char *rconn_get_target(const struct rconn *);
/* Why the last attempt or connection failed, or "". */
const char *rconn_get_last_error(const struct rconn *);
/* Seconds the next backoff period will last. */
int rconn_get_backoff(const struct rconn *);
/* Connection attempts started, of them negotiated, and connections lost
 * after being negotiated. */
unsigned int rconn_get_n_attempts(const struct rconn *);
unsigned int rconn_get_n_connects(const struct rconn *);
unsigned int rconn_get_n_disconnects(const struct rconn *);

/* Controller role of this connection (EQUAL until changed; reset to
 * EQUAL on each new connection). */
enum rconn_role rconn_get_role(const struct rconn *);
void rconn_set_role(struct rconn *, enum rconn_role);
/* When MASTER becomes master, every other master among the N rconns
 * becomes slave (OpenFlow 1.3 rule).  Returns how many were demoted. */
unsigned int rconn_demote_other_masters(struct rconn *const *rconns,
					size_t n, const struct rconn *master);
const char *rconn_role_name(enum rconn_role);

/*
 * The OpenFlow 1.3 generation_id rule for ROLE_REQUEST: one per switch.
 * For MASTER and SLAVE requests, a generation_id older than the largest
 * seen so far (compared as a wrapping 64-bit distance) is stale; the
 * switch then answers ROLE_REQUEST_FAILED/STALE.  EQUAL and NOCHANGE
 * requests do not take part.
 */
struct rconn_role_generation {
	bool valid;
	uint64_t id;
};
/* 0 if acceptable (and then remembered), -ESTALE if stale, -EINVAL for
 * a role value that is not one of the four. */
int rconn_role_generation_check(struct rconn_role_generation *,
				enum rconn_role, uint64_t generation_id);

#endif
