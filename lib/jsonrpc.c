/* JSON-RPC over unix stream sockets: framing, connections, server. */
#include <config.h>
#include "jsonrpc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

LOG_MODULE(jsonrpc);

static int set_error(char **errp, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int set_error(char **errp, int err, const char *fmt, ...)
{
	va_list args;

	if (errp) {
		va_start(args, fmt);
		if (vasprintf(errp, fmt, args) < 0)
			*errp = NULL;
		va_end(args);
	}
	return err;
}

/* ---- framing ---------------------------------------------------------- */

void json_stream_init(struct json_stream *s, size_t max)
{
	memset(s, 0, sizeof *s);
	s->max = max;
}

void json_stream_uninit(struct json_stream *s)
{
	free(s->buf);
	memset(s, 0, sizeof *s);
}

void json_stream_feed(struct json_stream *s, const void *data, size_t len)
{
	if (s->len + len > s->allocated) {
		s->allocated = s->len + len + 4096;
		s->buf = xrealloc(s->buf, s->allocated);
	}
	memcpy(s->buf + s->len, data, len);
	s->len += len;
}

bool json_stream_partial(const struct json_stream *s)
{
	size_t i;

	for (i = 0; i < s->len; i++)
		if (!strchr(" \t\r\n", s->buf[i]))
			return true;
	return false;
}

/* Drops the first N bytes of the buffer. */
static void consume(struct json_stream *s, size_t n)
{
	memmove(s->buf, s->buf + n, s->len - n);
	s->len -= n;
	s->scanned = 0;
	s->depth = 0;
	s->in_string = s->escape = s->mismatch = false;
}

/* Advances the scanner over one byte C; true when it closes the
 * outermost object. */
static bool scan_byte(struct json_stream *s, char c)
{
	if (s->in_string) {
		if (s->escape)
			s->escape = false;
		else if (c == '\\')
			s->escape = true;
		else if (c == '"')
			s->in_string = false;
		return false;
	}
	if (c == '"') {
		s->in_string = true;
	} else if (c == '{' || c == '[') {
		int d = s->depth++;

		if (d >= JSON_STREAM_MAX_DEPTH) {
			s->mismatch = true;
			return false;
		}
		if (c == '[')
			s->stack[d / 8] |= 1u << (d % 8);
		else
			s->stack[d / 8] &= ~(1u << (d % 8));
	} else if (c == '}' || c == ']') {
		int d = --s->depth;

		if (d < 0 || d >= JSON_STREAM_MAX_DEPTH ||
		    !(s->stack[d / 8] & (1u << (d % 8))) != (c == '}'))
			s->mismatch = true;
		return d == 0;
	}
	return false;
}

int json_stream_next(struct json_stream *s, json_t **jp, char **errp)
{
	json_error_t jerr;
	size_t start = 0;

	*jp = NULL;
	if (s->depth < 0)
		return set_error(errp, -EPROTO, "stream already broken");
	/* White space between messages is skipped, anything else must
	 * start an object. */
	while (start < s->len && strchr(" \t\r\n", s->buf[start]))
		start++;
	if (start) {
		consume(s, start);
		start = 0;
	}
	if (!s->len)
		return 0;
	if (s->buf[0] != '{') {
		s->depth = -1;
		return set_error(errp, -EPROTO, "framing error: expected '{' "
				 "at the start of a message, got '%c'",
				 s->buf[0]);
	}
	while (s->scanned < s->len) {
		if (scan_byte(s, s->buf[s->scanned++])) {
			size_t n = s->scanned;

			*jp = json_loadb(s->buf, n, JSON_REJECT_DUPLICATES,
					 &jerr);
			consume(s, n);
			if (!*jp) {
				s->depth = -1;
				return set_error(errp, -EPROTO, "bad JSON "
						 "message: %s", jerr.text);
			}
			return 1;
		}
		if (s->mismatch) {
			s->depth = -1;
			return set_error(errp, -EPROTO, "bad JSON message: "
					 "mismatched or too deeply nested "
					 "brackets");
		}
	}
	if (s->len > s->max) {
		s->depth = -1;
		return set_error(errp, -EMSGSIZE, "message larger than %zu "
				 "bytes", s->max);
	}
	return 0;
}

/* ---- messages --------------------------------------------------------- */

json_t *jsonrpc_request(const char *method, json_t *params, json_int_t id)
{
	if (!params)
		params = json_array();
	return json_pack("{s:s, s:o, s:I}", "method", method,
			 "params", params, "id", id);
}

static json_t *reply_base(const json_t *request)
{
	json_t *id = json_object_get(request, "id");
	json_t *r = json_object();

	if (json_is_string(json_object_get(request, "jsonrpc")))
		json_object_set_new(r, "jsonrpc", json_string("2.0"));
	json_object_set(r, "id", id ? id : json_null());
	return r;
}

static bool is_v2(const json_t *msg)
{
	return json_object_get(msg, "jsonrpc") != NULL;
}

json_t *jsonrpc_reply(const json_t *request, json_t *result)
{
	json_t *r = reply_base(request);

	json_object_set_new(r, "result", result ? result : json_null());
	if (!is_v2(r))
		json_object_set_new(r, "error", json_null());
	return r;
}

json_t *jsonrpc_reply_error(const json_t *request, int code, const char *msg)
{
	json_t *r = reply_base(request);

	json_object_set_new(r, "error", json_pack("{s:i, s:s}", "code", code,
						  "message", msg));
	if (!is_v2(r))
		json_object_set_new(r, "result", json_null());
	return r;
}

const char *jsonrpc_reply_error_text(const json_t *reply)
{
	json_t *e = json_object_get(reply, "error");

	if (!e || json_is_null(e))
		return NULL;
	if (json_is_string(e))
		return json_string_value(e);
	if (json_is_string(json_object_get(e, "message")))
		return json_string_value(json_object_get(e, "message"));
	return "error reply without a message";
}

/* ---- connection ------------------------------------------------------- */

struct jsonrpc {
	int fd;
	struct json_stream in;
	char *out;
	size_t out_head, out_len, out_allocated;
	int status;		/* first error, sticky */
	json_int_t next_id;
};

struct jsonrpc *jsonrpc_open(int fd)
{
	struct jsonrpc *rpc = xzalloc(sizeof *rpc);

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	rpc->fd = fd;
	rpc->next_id = 1;
	json_stream_init(&rpc->in, JSONRPC_MAX_MSG);
	return rpc;
}

static int make_sun(const char *path, struct sockaddr_un *sun, char **errp)
{
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun->sun_path)
		return set_error(errp, -ENAMETOOLONG, "%s: socket path too "
				 "long", path);
	strcpy(sun->sun_path, path);
	return 0;
}

int jsonrpc_connect_unix(const char *path, struct jsonrpc **rpcp)
{
	struct sockaddr_un sun;
	int fd, err;

	*rpcp = NULL;
	err = make_sun(path, &sun, NULL);
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun)) {
		err = -errno;
		close(fd);
		return err;
	}
	*rpcp = jsonrpc_open(fd);
	return 0;
}

void jsonrpc_close(struct jsonrpc *rpc)
{
	if (!rpc)
		return;
	close(rpc->fd);
	json_stream_uninit(&rpc->in);
	free(rpc->out);
	free(rpc);
}

int jsonrpc_fd(const struct jsonrpc *rpc)
{
	return rpc->fd;
}

bool jsonrpc_has_output(const struct jsonrpc *rpc)
{
	return rpc->out_len > rpc->out_head;
}

int jsonrpc_run(struct jsonrpc *rpc)
{
	while (!rpc->status && jsonrpc_has_output(rpc)) {
		ssize_t n = send(rpc->fd, rpc->out + rpc->out_head,
				 rpc->out_len - rpc->out_head, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0) {
			rpc->status = -errno;
			break;
		}
		rpc->out_head += n;
	}
	if (rpc->out_head == rpc->out_len)
		rpc->out_head = rpc->out_len = 0;
	return rpc->status;
}

int jsonrpc_send(struct jsonrpc *rpc, json_t *msg)
{
	char *text = json_dumps(msg, JSON_COMPACT);
	size_t len;

	json_decref(msg);
	if (!text)
		return -ENOMEM;
	len = strlen(text);
	if (rpc->out_head) {
		memmove(rpc->out, rpc->out + rpc->out_head,
			rpc->out_len - rpc->out_head);
		rpc->out_len -= rpc->out_head;
		rpc->out_head = 0;
	}
	if (rpc->out_len + len + 1 > rpc->out_allocated) {
		rpc->out_allocated = rpc->out_len + len + 1 + 4096;
		rpc->out = xrealloc(rpc->out, rpc->out_allocated);
	}
	memcpy(rpc->out + rpc->out_len, text, len);
	/* A newline is not needed by the framing but makes socat/strace
	 * sessions readable. */
	rpc->out[rpc->out_len + len] = '\n';
	rpc->out_len += len + 1;
	free(text);
	return jsonrpc_run(rpc);
}

int jsonrpc_recv(struct jsonrpc *rpc, json_t **msg, char **errp)
{
	char buf[4096];
	ssize_t n;
	int r;

	*msg = NULL;
	for (;;) {
		r = json_stream_next(&rpc->in, msg, errp);
		if (r == 1)
			return 0;
		if (r < 0)
			return rpc->status = r;
		if (rpc->status)
			return set_error(errp, rpc->status, "%s",
					 strerror(-rpc->status));
		n = recv(rpc->fd, buf, sizeof buf, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return -EAGAIN;
		if (n < 0) {
			rpc->status = -errno;
			continue;
		}
		if (n == 0) {
			rpc->status = -ECONNRESET;
			if (json_stream_partial(&rpc->in))
				return set_error(errp, -EPROTO, "connection "
						 "closed in the middle of a "
						 "message");
			continue;
		}
		json_stream_feed(&rpc->in, buf, n);
	}
}

void jsonrpc_wait(const struct jsonrpc *rpc, struct pollset *ps)
{
	pollset_add(ps, rpc->fd,
		    POLLIN | (jsonrpc_has_output(rpc) ? POLLOUT : 0));
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int jsonrpc_call(struct jsonrpc *rpc, const char *method, json_t *params,
		 int timeout_ms, json_t **reply, char **errp)
{
	json_int_t id = rpc->next_id++;
	long long deadline = now_ms() + timeout_ms, left;
	struct pollfd pfd;
	json_t *msg;
	int err;

	*reply = NULL;
	err = jsonrpc_send(rpc, jsonrpc_request(method, params, id));
	if (err)
		return set_error(errp, err, "send failed: %s", strerror(-err));
	for (;;) {
		err = jsonrpc_recv(rpc, &msg, errp);
		if (!err) {
			json_t *rid = json_object_get(msg, "id");

			if (json_is_integer(rid) &&
			    json_integer_value(rid) == id) {
				*reply = msg;
				return 0;
			}
			json_decref(msg);	/* not ours: ignore */
			continue;
		}
		if (err != -EAGAIN) {
			if (err == -ECONNRESET)
				return set_error(errp, err, "connection "
						 "closed before the reply");
			return err;
		}
		err = jsonrpc_run(rpc);
		if (err)
			return set_error(errp, err, "send failed: %s",
					 strerror(-err));
		pfd.fd = rpc->fd;
		pfd.events = POLLIN | (jsonrpc_has_output(rpc) ? POLLOUT : 0);
		left = deadline - now_ms();
		if (timeout_ms >= 0 && left <= 0)
			return set_error(errp, -ETIMEDOUT, "no reply within "
					 "%d ms", timeout_ms);
		poll(&pfd, 1, timeout_ms < 0 ? -1 : (int)left);
	}
}

/* ---- server ----------------------------------------------------------- */

#define JSONRPC_MAX_CONNS 64

struct jsonrpc_server {
	int fd;
	char *path;
	jsonrpc_handler *handler;
	void *aux;
	size_t n_conns;
	struct jsonrpc *conns[JSONRPC_MAX_CONNS];
};

int jsonrpc_server_listen_unix(const char *path, mode_t mode,
			       jsonrpc_handler *handler, void *aux,
			       struct jsonrpc_server **srvp, char **errp)
{
	struct jsonrpc_server *srv;
	struct sockaddr_un sun;
	mode_t old_umask;
	int fd, err;

	*srvp = NULL;
	err = make_sun(path, &sun, errp);
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return set_error(errp, -errno, "socket: %s", strerror(errno));
	unlink(path);
	/* umask makes the socket private from the start; chmod then sets
	 * exactly MODE (no window where others may connect). */
	old_umask = umask(0777 & ~mode);
	err = bind(fd, (struct sockaddr *)&sun, sizeof sun) ? -errno : 0;
	umask(old_umask);
	if (!err && chmod(path, mode))
		err = -errno;
	if (!err && listen(fd, 16))
		err = -errno;
	if (err) {
		close(fd);
		return set_error(errp, err, "%s: cannot listen: %s", path,
				 strerror(-err));
	}
	srv = xzalloc(sizeof *srv);
	srv->fd = fd;
	srv->path = xstrdup(path);
	srv->handler = handler;
	srv->aux = aux;
	*srvp = srv;
	return 0;
}

/* A client that does not read its replies stops being served until it
 * catches up, instead of growing our output buffer without end. */
static bool backlogged(const struct jsonrpc *c)
{
	return c->out_len - c->out_head > JSONRPC_MAX_MSG;
}

void jsonrpc_server_wait(struct jsonrpc_server *srv, struct pollset *ps)
{
	size_t i;

	pollset_add(ps, srv->fd, POLLIN);
	for (i = 0; i < srv->n_conns; i++) {
		struct jsonrpc *c = srv->conns[i];

		if (backlogged(c))
			pollset_add(ps, c->fd, POLLOUT);
		else
			jsonrpc_wait(c, ps);
	}
}

static void handle_request(struct jsonrpc_server *srv, struct jsonrpc *c,
			   json_t *msg)
{
	json_t *method = json_object_get(msg, "method");
	json_t *params = json_object_get(msg, "params");
	json_t *id = json_object_get(msg, "id");
	json_t *result = NULL, *empty = NULL;
	char *error = NULL;

	if (!json_is_string(method)) {
		if (id && !json_is_null(id))
			jsonrpc_send(c, jsonrpc_reply_error(msg,
				JSONRPC_INVALID_REQUEST, "request without a "
				"string \"method\""));
		return;
	}
	if (!params)
		params = empty = json_array();
	if (!json_is_array(params) && !json_is_object(params)) {
		error = xstrdup("\"params\" must be an array or an object");
	} else {
		srv->handler(json_string_value(method), params, &result,
			     &error, srv->aux);
	}
	if (id && !json_is_null(id)) {
		if (error)
			jsonrpc_send(c, jsonrpc_reply_error(msg,
				JSONRPC_APP_ERROR, error));
		else
			jsonrpc_send(c, jsonrpc_reply(msg, result));
		result = NULL;
	}
	json_decref(result);
	json_decref(empty);
	free(error);
}

static void accept_conns(struct jsonrpc_server *srv)
{
	for (;;) {
		int fd = accept4(srv->fd, NULL, NULL,
				 SOCK_CLOEXEC | SOCK_NONBLOCK);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				LOG_WARN_RL("%s: accept: %s", srv->path,
					    strerror(errno));
			return;
		}
		if (srv->n_conns >= JSONRPC_MAX_CONNS) {
			LOG_WARN_RL("%s: too many connections, refusing one",
				    srv->path);
			close(fd);
			continue;
		}
		srv->conns[srv->n_conns++] = jsonrpc_open(fd);
	}
}

/* Reads and serves one connection; false when it must be closed. */
static bool serve_conn(struct jsonrpc_server *srv, struct jsonrpc *c)
{
	char *e = NULL;
	json_t *msg;
	int n, err;

	/* A bounded number of requests per round keeps one busy client from
	 * starving the others. */
	for (n = 0; n < 50; n++) {
		if (backlogged(c)) {
			err = -EAGAIN;
			break;
		}
		err = jsonrpc_recv(c, &msg, &e);
		if (err)
			break;
		handle_request(srv, c, msg);
		json_decref(msg);
	}
	if (err && err != -EAGAIN && err != -ECONNRESET)
		LOG_WARN_RL("%s: dropping client: %s", srv->path,
			    e ? e : strerror(-err));
	free(e);
	if (jsonrpc_run(c))
		return false;
	return err == -EAGAIN || (!err) || (err == -ECONNRESET &&
					    jsonrpc_has_output(c));
}

void jsonrpc_server_run(struct jsonrpc_server *srv)
{
	size_t i = 0;

	accept_conns(srv);
	while (i < srv->n_conns) {
		if (serve_conn(srv, srv->conns[i])) {
			i++;
			continue;
		}
		jsonrpc_close(srv->conns[i]);
		srv->conns[i] = srv->conns[--srv->n_conns];
	}
}

void jsonrpc_server_flush(struct jsonrpc_server *srv, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	struct pollset ps;
	size_t i;
	bool pending;

	pollset_init(&ps);
	do {
		pending = false;
		pollset_clear(&ps);
		for (i = 0; i < srv->n_conns; i++) {
			if (!jsonrpc_run(srv->conns[i]) &&
			    jsonrpc_has_output(srv->conns[i])) {
				pending = true;
				pollset_add(&ps, jsonrpc_fd(srv->conns[i]),
					    POLLOUT);
			}
		}
		if (pending) {
			long long left = deadline - now_ms();

			pollset_timeout(&ps, left > 0 ? (int)left : 0);
			pollset_block(&ps, NULL);
		}
	} while (pending && now_ms() < deadline);
	pollset_uninit(&ps);
}

size_t jsonrpc_server_n_conns(const struct jsonrpc_server *srv)
{
	return srv->n_conns;
}

void jsonrpc_server_close(struct jsonrpc_server *srv)
{
	size_t i;

	if (!srv)
		return;
	for (i = 0; i < srv->n_conns; i++)
		jsonrpc_close(srv->conns[i]);
	close(srv->fd);
	unlink(srv->path);
	free(srv->path);
	free(srv);
}
