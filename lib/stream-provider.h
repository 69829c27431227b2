/*
 * Internals shared by lib/stream.c and lib/stream-ssl.c.  Not for other
 * users: the public API is lib/stream.h.
 */
#ifndef FSW_STREAM_PROVIDER_H
#define FSW_STREAM_PROVIDER_H 1

#include <stdbool.h>
#include <sys/types.h>
#include "stream.h"

struct ssl_conn;

struct stream {
	enum stream_type type;
	char *name;
	int fd;
	bool tcp_connecting;	/* non-blocking connect() in progress */
	int error;		/* sticky failure (negative errno) or 0 */
	char *errmsg;		/* description of ERROR, malloc'd */
	struct ssl_conn *ssl;	/* TLS state for STREAM_SSL */
};

/* TLS session on a connected socket FD.  SERVER selects the handshake
 * role.  Returns NULL with a message in *ERRP if CFG is unusable. */
struct ssl_conn *ssl_conn_create(const struct ssl_config *, int fd,
				 bool server, char **errp);
void ssl_conn_destroy(struct ssl_conn *);
/* 0 when the handshake is done, -EAGAIN, or -EPROTO/-errno with a
 * malloc'd reason in *ERRP.  Failures are logged. */
int ssl_conn_handshake(struct ssl_conn *, const char *name, char **errp);
ssize_t ssl_conn_recv(struct ssl_conn *, void *, size_t, char **errp);
ssize_t ssl_conn_send(struct ssl_conn *, const void *, size_t, char **errp);
/* Poll events the last -EAGAIN was waiting for (POLLIN or POLLOUT), or
 * DEFAULT_EVENTS if none is pending. */
short ssl_conn_events(const struct ssl_conn *, short default_events);
/* Decrypted bytes buffered inside OpenSSL. */
bool ssl_conn_pending(const struct ssl_conn *);

#endif
