/*
 * Non-blocking byte streams over TCP, Unix sockets and TLS (see stream.h).
 * TLS itself lives in stream-ssl.c; this file does the sockets.
 */
#include <config.h>
#include "stream.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "stream-provider.h"
#include "stream-ssl.h"
#include "util.h"

LOG_MODULE(stream);

struct pstream {
	enum stream_type type;
	char *name;
	int fd;
	char *unlink_path;		/* punix socket to remove on close */
	const struct ssl_config *ssl_config;
};

static int __attribute__((format(printf, 2, 3)))
parse_error(char **errp, const char *fmt, ...)
{
	va_list args;

	if (errp) {
		va_start(args, fmt);
		if (vasprintf(errp, fmt, args) < 0)
			*errp = NULL;
		va_end(args);
	}
	return -EINVAL;
}

/* Strict decimal port: digits only, at most 65535, at least MIN. */
static int parse_port(const char *s, unsigned int min, uint16_t *port,
		      char **errp)
{
	unsigned long v = 0;
	const char *p;

	if (!*s)
		return parse_error(errp, "missing port number");
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9' || p - s >= 5)
			return parse_error(errp, "invalid port '%s' (expected "
					   "a number from %u to 65535)", s, min);
		v = v * 10 + (*p - '0');
	}
	if (v < min || v > 65535)
		return parse_error(errp, "invalid port '%s' (expected a number "
				   "from %u to 65535)", s, min);
	*port = v;
	return 0;
}

/* Parses a numeric IPv4 or IPv6 address (brackets already removed). */
static int parse_ip(const char *s, uint16_t port, struct stream_target *t,
		    char **errp)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&t->addr;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&t->addr;

	memset(&t->addr, 0, sizeof t->addr);
	if (!*s)
		return parse_error(errp, "missing IP address");
	if (inet_pton(AF_INET, s, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		t->addr_len = sizeof *sin;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		t->addr_len = sizeof *sin6;
		return 0;
	}
	return parse_error(errp, "invalid IP address '%s' (expected a numeric "
			   "IPv4 or IPv6 address)", s);
}

/* Splits "[v6]REST" into the address (copied to HOST) and REST. */
static int split_brackets(const char *s, char *host, size_t size,
			  const char **rest, char **errp)
{
	const char *close = strchr(s, ']');

	if (!close)
		return parse_error(errp, "missing ']' after IPv6 address '%s'",
				   s);
	if ((size_t)(close - s - 1) >= size)
		return parse_error(errp, "IP address too long");
	memcpy(host, s + 1, close - s - 1);
	host[close - s - 1] = '\0';
	*rest = close + 1;
	return 0;
}

/* Active TCP/SSL: "IP[:PORT]" or "[IPv6][:PORT]". */
static int parse_active_inet(const char *s, struct stream_target *t,
			     char **errp)
{
	char host[INET6_ADDRSTRLEN + 8];
	const char *port_s = NULL, *colon;
	uint16_t port = OFP_DEFAULT_PORT;
	size_t len;
	int err;

	if (*s == '[') {
		err = split_brackets(s, host, sizeof host, &port_s, errp);
		if (err)
			return err;
		if (*port_s && *port_s != ':')
			return parse_error(errp, "unexpected '%s' after ']' "
					   "(expected ':PORT')", port_s);
		port_s = *port_s ? port_s + 1 : NULL;
	} else {
		colon = strchr(s, ':');
		if (colon && strchr(colon + 1, ':'))
			return parse_error(errp, "IPv6 address '%s' must be "
					   "written in brackets, e.g. [::1]:%d",
					   s, OFP_DEFAULT_PORT);
		len = colon ? (size_t)(colon - s) : strlen(s);
		if (len >= sizeof host)
			return parse_error(errp, "invalid IP address '%s'", s);
		memcpy(host, s, len);
		host[len] = '\0';
		port_s = colon ? colon + 1 : NULL;
	}
	if (port_s) {
		err = parse_port(port_s, 1, &port, errp);
		if (err)
			return err;
	}
	return parse_ip(host, port, t, errp);
}

/* Passive TCP/SSL: "[PORT][:IP]"; IP may be bracketed or a bare IPv6. */
static int parse_passive_inet(const char *s, struct stream_target *t,
			      char **errp)
{
	char host[INET6_ADDRSTRLEN + 8], port_s[8];
	const char *colon = strchr(s, ':');
	uint16_t port = OFP_DEFAULT_PORT;
	size_t port_len = colon ? (size_t)(colon - s) : strlen(s);
	const char *ip = colon ? colon + 1 : "0.0.0.0";
	const char *rest;
	int err;

	if (port_len >= sizeof port_s)
		return parse_error(errp, "invalid port '%.*s' (expected a "
				   "number from 0 to 65535)", (int)port_len, s);
	memcpy(port_s, s, port_len);
	port_s[port_len] = '\0';
	if (port_len) {
		err = parse_port(port_s, 0, &port, errp);
		if (err)
			return err;
	}
	if (*ip == '[') {
		err = split_brackets(ip, host, sizeof host, &rest, errp);
		if (err)
			return err;
		if (*rest)
			return parse_error(errp, "unexpected '%s' after ']'",
					   rest);
		ip = host;
	} else if (colon && !*ip) {
		return parse_error(errp, "missing IP address after ':'");
	}
	return parse_ip(ip, port, t, errp);
}

static int parse_unix(const char *s, struct stream_target *t, char **errp)
{
	if (!*s)
		return parse_error(errp, "missing socket path");
	if (strlen(s) >= sizeof t->path)
		return parse_error(errp, "socket path too long (%zu bytes, "
				   "at most %zu)", strlen(s),
				   sizeof t->path - 1);
	strcpy(t->path, s);
	return 0;
}

static const struct {
	const char *name;
	enum stream_type type;
	bool passive;
} target_types[] = {
	{ "tcp", STREAM_TCP, false },
	{ "ssl", STREAM_SSL, false },
	{ "unix", STREAM_UNIX, false },
	{ "ptcp", STREAM_TCP, true },
	{ "pssl", STREAM_SSL, true },
	{ "punix", STREAM_UNIX, true },
};

int stream_parse_target(const char *target, bool passive,
			struct stream_target *t, char **errp)
{
	const char *colon = strchr(target, ':');
	size_t len = colon ? (size_t)(colon - target) : 0;
	const char *expected = passive ? "ptcp, pssl or punix"
				       : "tcp, ssl or unix";
	char *msg = NULL;
	unsigned int i;
	int err;

	memset(t, 0, sizeof *t);
	if (errp)
		*errp = NULL;
	if (!colon)
		return parse_error(errp, "'%s': missing ':' (expected TYPE:ARGS "
				   "with TYPE one of %s)", target, expected);
	for (i = 0; i < ARRAY_SIZE(target_types); i++) {
		if (strlen(target_types[i].name) == len &&
		    !strncmp(target_types[i].name, target, len))
			break;
	}
	if (i == ARRAY_SIZE(target_types))
		return parse_error(errp, "'%s': unknown connection type '%.*s' "
				   "(expected %s)", target, (int)len, target,
				   expected);
	if (target_types[i].passive != passive)
		return parse_error(errp, "'%s': '%.*s' is %s connection type "
				   "here (expected %s)", target, (int)len,
				   target, passive ? "not a passive" :
				   "a passive", expected);
	t->type = target_types[i].type;
	t->passive = passive;
	if (t->type == STREAM_UNIX)
		err = parse_unix(colon + 1, t, &msg);
	else if (passive)
		err = parse_passive_inet(colon + 1, t, &msg);
	else
		err = parse_active_inet(colon + 1, t, &msg);
	if (err) {
		if (errp)
			*errp = xasprintf("'%s': %s", target, msg ? msg : "");
		free(msg);
	}
	return err;
}

static int open_socket(const struct stream_target *t)
{
	int family = t->type == STREAM_UNIX ? AF_UNIX : t->addr.ss_family;
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int on = 1;

	if (fd < 0)
		return -errno;
	if (family != AF_UNIX && !t->passive)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	return fd;
}

static void target_sockaddr(const struct stream_target *t,
			    struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)ss;

	if (t->type != STREAM_UNIX) {
		*ss = t->addr;
		*len = t->addr_len;
		return;
	}
	memset(ss, 0, sizeof *ss);
	sun->sun_family = AF_UNIX;
	strcpy(sun->sun_path, t->path);
	*len = sizeof *sun;
}

static struct stream *stream_create(enum stream_type type, const char *name,
				    int fd)
{
	struct stream *s = xzalloc(sizeof *s);

	s->type = type;
	s->name = xstrdup(name);
	s->fd = fd;
	return s;
}

static void stream_set_error(struct stream *s, int error, char *msg)
{
	s->error = error;
	free(s->errmsg);
	s->errmsg = msg ? msg : xstrdup(strerror(-error));
}

int stream_open(const char *target, const struct ssl_config *cfg,
		struct stream **streamp, char **errp)
{
	struct stream_target t;
	struct sockaddr_storage ss;
	socklen_t len;
	struct stream *s;
	int fd, err;

	*streamp = NULL;
	err = stream_parse_target(target, false, &t, errp);
	if (!err && t.type == STREAM_SSL)
		err = ssl_config_check(cfg, errp);
	if (err)
		return err;
	fd = open_socket(&t);
	if (fd < 0) {
		if (errp)
			*errp = xasprintf("%s: socket: %s", target,
					  strerror(-fd));
		return fd;
	}
	s = stream_create(t.type, target, fd);
	if (t.type == STREAM_SSL) {
		s->ssl = ssl_conn_create(cfg, fd, false, errp);
		if (!s->ssl) {
			stream_close(s);
			return -EINVAL;
		}
	}
	target_sockaddr(&t, &ss, &len);
	if (connect(fd, (struct sockaddr *)&ss, len) < 0) {
		if (errno != EINPROGRESS) {
			/* A Unix listener with a full backlog says EAGAIN;
			 * from open that would read as "call again". */
			err = errno == EAGAIN ? -ECONNREFUSED : -errno;
			if (errp)
				*errp = xasprintf("%s: connect: %s", target,
						  strerror(errno));
			stream_close(s);
			return err;
		}
		s->tcp_connecting = true;
	}
	*streamp = s;
	return 0;
}

/* Completes a non-blocking connect(): -EAGAIN until the socket is
 * writable, then the connect() result. */
static int finish_tcp_connect(struct stream *s)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };
	socklen_t len = sizeof(int);
	int so_error = 0;

	if (poll(&pfd, 1, 0) == 0)
		return -EAGAIN;
	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &so_error, &len) < 0)
		so_error = errno;
	if (so_error) {
		stream_set_error(s, -so_error,
				 xasprintf("connect: %s", strerror(so_error)));
		return -so_error;
	}
	s->tcp_connecting = false;
	return 0;
}

int stream_connect(struct stream *s)
{
	char *msg = NULL;
	int err;

	if (s->error)
		return s->error;
	if (s->tcp_connecting) {
		err = finish_tcp_connect(s);
		if (err)
			return err;
	}
	if (!s->ssl)
		return 0;
	err = ssl_conn_handshake(s->ssl, s->name, &msg);
	if (err && err != -EAGAIN)
		stream_set_error(s, err, msg);
	else
		free(msg);
	return err;
}

ssize_t stream_recv(struct stream *s, void *buf, size_t n)
{
	char *msg = NULL;
	ssize_t r;
	int err;

	err = stream_connect(s);
	if (err)
		return err;
	if (s->ssl) {
		r = ssl_conn_recv(s->ssl, buf, n, &msg);
		if (r < 0 && r != -EAGAIN)
			stream_set_error(s, r, msg);
		else
			free(msg);
		return r;
	}
	r = recv(s->fd, buf, n, 0);
	if (r >= 0)
		return r;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return -EAGAIN;
	stream_set_error(s, -errno, NULL);
	return s->error;
}

ssize_t stream_send(struct stream *s, const void *buf, size_t n)
{
	char *msg = NULL;
	ssize_t r;
	int err;

	err = stream_connect(s);
	if (err)
		return err;
	if (s->ssl) {
		r = ssl_conn_send(s->ssl, buf, n, &msg);
		if (r < 0 && r != -EAGAIN)
			stream_set_error(s, r, msg);
		else
			free(msg);
		return r;
	}
	/* MSG_NOSIGNAL: a peer that went away is an error, not SIGPIPE. */
	r = send(s->fd, buf, n, MSG_NOSIGNAL);
	if (r >= 0)
		return r;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return -EAGAIN;
	stream_set_error(s, -errno, NULL);
	return s->error;
}

void stream_wait(struct stream *s, enum stream_wait_type type,
		 struct pollfd *pfd)
{
	short dflt = type == STREAM_RECV ? POLLIN : POLLOUT;

	pfd->fd = s->fd;
	pfd->revents = 0;
	if (s->error) {
		/* Wake at once: the caller has an error to collect. */
		pfd->events = POLLIN | POLLOUT;
	} else if (s->tcp_connecting) {
		pfd->events = POLLOUT;
	} else if (s->ssl) {
		pfd->events = ssl_conn_events(s->ssl, dflt);
		if (type == STREAM_RECV && ssl_conn_pending(s->ssl))
			pfd->events |= POLLIN | POLLOUT;
	} else {
		pfd->events = type == STREAM_CONNECT ? POLLOUT : dflt;
	}
}

bool stream_recv_pending(const struct stream *s)
{
	return s->ssl && !s->error && !s->tcp_connecting &&
	       ssl_conn_pending(s->ssl);
}

void stream_close(struct stream *s)
{
	if (!s)
		return;
	if (s->ssl)
		ssl_conn_destroy(s->ssl);
	if (s->fd >= 0)
		close(s->fd);
	free(s->name);
	free(s->errmsg);
	free(s);
}

const char *stream_get_name(const struct stream *s)
{
	return s->name;
}

const char *stream_get_error(const struct stream *s)
{
	return s->errmsg ? s->errmsg : "";
}

enum stream_type stream_get_type(const struct stream *s)
{
	return s->type;
}

/* Removes a stale punix socket left by a previous run, but nothing that
 * is not a socket: a typo must not delete a regular file. */
static void remove_stale_socket(const char *path)
{
	struct stat st;

	if (!lstat(path, &st) && S_ISSOCK(st.st_mode))
		unlink(path);
}

static int listen_socket(const struct stream_target *t, const char *target,
			 char **errp)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, on = 1, err;

	fd = open_socket(t);
	if (fd < 0)
		goto fail_errno;
	if (t->type == STREAM_UNIX)
		remove_stale_socket(t->path);
	else
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if (t->addr.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
	target_sockaddr(t, &ss, &len);
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 64) < 0)
		goto fail_errno;
	return fd;

fail_errno:
	err = -errno;
	if (errp)
		*errp = xasprintf("%s: %s", target, strerror(errno));
	if (fd >= 0)
		close(fd);
	return err;
}

int pstream_open(const char *target, const struct ssl_config *cfg,
		 struct pstream **pstreamp, char **errp)
{
	struct stream_target t;
	struct pstream *ps;
	int fd, err;

	*pstreamp = NULL;
	err = stream_parse_target(target, true, &t, errp);
	if (err)
		return err;
	if (t.type == STREAM_SSL) {
		/* Catch a bad TLS setup now, not at the first client. */
		err = ssl_config_check(cfg, errp);
		if (err)
			return err;
	}
	fd = listen_socket(&t, target, errp);
	if (fd < 0)
		return fd;
	ps = xzalloc(sizeof *ps);
	ps->type = t.type;
	ps->name = xstrdup(target);
	ps->fd = fd;
	ps->ssl_config = cfg;
	if (t.type == STREAM_UNIX)
		ps->unlink_path = xstrdup(t.path);
	*pstreamp = ps;
	return 0;
}

static char *peer_name(const struct pstream *ps,
		       const struct sockaddr_storage *ss)
{
	const char *prefix = ps->type == STREAM_SSL ? "ssl" : "tcp";
	char ip[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ss;

		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof ip);
		return xasprintf("%s:%s:%u", prefix, ip, ntohs(sin->sin_port));
	}
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof ip);
		return xasprintf("%s:[%s]:%u", prefix, ip,
				 ntohs(sin6->sin6_port));
	}
	return xasprintf("unix:%s", ps->unlink_path);
}

int pstream_accept(struct pstream *ps, struct stream **streamp)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	struct stream *s;
	char *name, *msg = NULL;
	int fd, on = 1;

	*streamp = NULL;
	fd = accept4(ps->fd, (struct sockaddr *)&ss, &len,
		     SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ||
		    errno == ECONNABORTED)
			return -EAGAIN;
		LOG_WARN_RL("%s: accept: %s", ps->name, strerror(errno));
		return -errno;
	}
	if (ps->type != STREAM_UNIX)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	name = peer_name(ps, &ss);
	s = stream_create(ps->type, name, fd);
	free(name);
	if (ps->type == STREAM_SSL) {
		s->ssl = ssl_conn_create(ps->ssl_config, fd, true, &msg);
		if (!s->ssl) {
			LOG_WARN_RL("%s: %s", ps->name, msg);
			free(msg);
			stream_close(s);
			return -EINVAL;
		}
	}
	*streamp = s;
	return 0;
}

void pstream_wait(struct pstream *ps, struct pollfd *pfd)
{
	pfd->fd = ps->fd;
	pfd->events = POLLIN;
	pfd->revents = 0;
}

void pstream_close(struct pstream *ps)
{
	if (!ps)
		return;
	close(ps->fd);
	if (ps->unlink_path) {
		unlink(ps->unlink_path);
		free(ps->unlink_path);
	}
	free(ps->name);
	free(ps);
}

const char *pstream_get_name(const struct pstream *ps)
{
	return ps->name;
}

uint16_t pstream_get_port(const struct pstream *ps)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	if (ps->type == STREAM_UNIX ||
	    getsockname(ps->fd, (struct sockaddr *)&ss, &len) < 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}
