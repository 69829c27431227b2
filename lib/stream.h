/*
 * Non-blocking byte streams with one API for every transport.
 *
 * Active targets:   tcp:IP[:PORT]   (IPv6: tcp:[IP][:PORT])
 *                   ssl:IP[:PORT]
 *                   unix:PATH
 * Passive targets:  ptcp:[PORT][:IP]
 *                   pssl:[PORT][:IP]
 *                   punix:PATH
 * The default port is the OpenFlow port 6653.  IP addresses are numeric
 * (no name lookup, so nothing here ever blocks).
 *
 * Every function is non-blocking.  Functions returning int return 0 on
 * success or a negative errno value; -EAGAIN means "not yet, wait and
 * call again".  stream_wait()/pstream_wait() fill a struct pollfd with
 * the descriptor and events to wait for before calling again.
 *
 * SSL streams take a struct ssl_config (lib/stream-ssl.h); NULL means the
 * process-wide default configuration.
 */
#ifndef FSW_STREAM_H
#define FSW_STREAM_H 1

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

#define OFP_DEFAULT_PORT 6653

struct stream;
struct pstream;
struct ssl_config;

enum stream_type { STREAM_TCP, STREAM_SSL, STREAM_UNIX };

/* A parsed target string. */
struct stream_target {
	enum stream_type type;
	bool passive;
	/* STREAM_TCP, STREAM_SSL: address and port (port 0 only if passive). */
	struct sockaddr_storage addr;
	socklen_t addr_len;
	/* STREAM_UNIX: socket path. */
	char path[sizeof ((struct sockaddr_un *)0)->sun_path];
};

/* Parses TARGET (active if !PASSIVE, e.g. "tcp:127.0.0.1:6653", else
 * passive, e.g. "ptcp:6653:127.0.0.1").  Returns 0, or -EINVAL and, if
 * ERRP is nonnull, a malloc'd message saying what is wrong in *ERRP. */
int stream_parse_target(const char *target, bool passive,
			struct stream_target *, char **errp);

/* Starts connecting to TARGET.  On success *STREAMP is a stream that may
 * still be connecting: call stream_connect() until it returns 0.
 * On failure returns -errno and a malloc'd message in *ERRP (if nonnull). */
int stream_open(const char *target, const struct ssl_config *,
		struct stream **streamp, char **errp);

/* Finishes connecting (and the TLS handshake for ssl streams, in either
 * direction).  0: ready; -EAGAIN: in progress; other: failed for good
 * (stream_get_error() says why; the caller closes and may retry). */
int stream_connect(struct stream *);

/* Reads up to N bytes.  Returns the number read (> 0), 0 at end of
 * stream, -EAGAIN if nothing is available, or another -errno. */
ssize_t stream_recv(struct stream *, void *buf, size_t n);

/* Writes up to N bytes.  Returns the number written (> 0), -EAGAIN if
 * nothing can be written now, or another -errno. */
ssize_t stream_send(struct stream *, const void *buf, size_t n);

enum stream_wait_type { STREAM_CONNECT, STREAM_RECV, STREAM_SEND };

/* Sets *PFD to wait until the operation TYPE may make progress. */
void stream_wait(struct stream *, enum stream_wait_type, struct pollfd *pfd);
/* True if stream_recv() has data without waiting: a TLS stream may hold
 * decrypted bytes the socket no longer shows as readable, so a caller
 * that stops reading before -EAGAIN must not just poll().  (stream_wait()
 * for STREAM_RECV then also asks for POLLOUT, to wake up soon.) */
bool stream_recv_pending(const struct stream *);

/* Closes the stream (sending a TLS close_notify if possible) and frees
 * it.  NULL is a no-op. */
void stream_close(struct stream *);

const char *stream_get_name(const struct stream *);
/* Human-readable description of the last failure, or "" if none. */
const char *stream_get_error(const struct stream *);
enum stream_type stream_get_type(const struct stream *);

/* Listeners. */
int pstream_open(const char *target, const struct ssl_config *,
		 struct pstream **pstreamp, char **errp);
/* Accepts one connection: 0 and *STREAMP, -EAGAIN if none is waiting,
 * or another -errno.  An accepted ssl stream still has its handshake to
 * do: call stream_connect() on it until it returns 0. */
int pstream_accept(struct pstream *, struct stream **streamp);
void pstream_wait(struct pstream *, struct pollfd *pfd);
void pstream_close(struct pstream *);
const char *pstream_get_name(const struct pstream *);
/* The bound TCP port (useful after "ptcp:0"), or 0 for punix. */
uint16_t pstream_get_port(const struct pstream *);

#endif
