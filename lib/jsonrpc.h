/*
 * JSON-RPC over a unix stream socket.
 *
 * Framing: a stream of JSON objects, one per message, with optional white
 * space between them and nothing else (no length prefix, no newline
 * required).  struct json_stream finds message boundaries incrementally,
 * however the bytes are split across reads, then jansson parses each one.
 *
 * Messages (JSON-RPC 1.0, and 2.0 when the request says "jsonrpc":"2.0"):
 *   request:   {"method": "NAME", "params": [...], "id": ID}
 *              (id null or absent: a notification, never answered)
 *   response:  {"result": R, "error": null, "id": ID}          (1.0)
 *              {"result": null, "error": {"code": C, "message": M}, ...}
 *              2.0 responses carry "jsonrpc":"2.0" and only one of
 *              result/error.
 *
 * Client side: jsonrpc_connect_unix() + jsonrpc_call() (blocking with a
 * timeout).  Server side: jsonrpc_server, non-blocking, driven by a poll
 * main loop through jsonrpc_server_wait()/jsonrpc_server_run().
 */
#ifndef FSW_JSONRPC_H
#define FSW_JSONRPC_H 1

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <jansson.h>

#include "pollset.h"

/* Largest message accepted, so a peer cannot make us buffer without end. */
#define JSONRPC_MAX_MSG (16u << 20)

/* JSON-RPC 2.0 error codes we use. */
#define JSONRPC_PARSE_ERROR	-32700
#define JSONRPC_INVALID_REQUEST	-32600
#define JSONRPC_NO_METHOD	-32601
#define JSONRPC_INVALID_PARAMS	-32602
#define JSONRPC_APP_ERROR	-32000

/* ---- framing ---- */
#define JSON_STREAM_MAX_DEPTH 2048
struct json_stream {
	char *buf;
	size_t len, allocated;
	size_t scanned;		/* bytes of buf already scanned */
	size_t max;		/* largest object accepted */
	int depth;		/* nesting depth at buf[scanned]; -1: broken */
	bool in_string, escape;
	bool mismatch;		/* a ']' closed a '{' or the reverse */
	/* One bit per open bracket: 1 = '[', 0 = '{'. */
	unsigned char stack[JSON_STREAM_MAX_DEPTH / 8];
};

void json_stream_init(struct json_stream *, size_t max);
void json_stream_uninit(struct json_stream *);
void json_stream_feed(struct json_stream *, const void *data, size_t len);
/* 1: *JP is the next object (caller owns it); 0: need more input;
 * negative errno: the stream is broken (ERRP says why); it stays broken. */
int json_stream_next(struct json_stream *, json_t **jp, char **errp);
/* True if part of an object is buffered (EOF now would truncate it). */
bool json_stream_partial(const struct json_stream *);

/* ---- messages ---- */
json_t *jsonrpc_request(const char *method, json_t *params, json_int_t id);
/* Reply to REQUEST with RESULT (stolen) or with error text MSG. */
json_t *jsonrpc_reply(const json_t *request, json_t *result);
json_t *jsonrpc_reply_error(const json_t *request, int code, const char *msg);
/* Error text of a reply, or NULL when it is a success. */
const char *jsonrpc_reply_error_text(const json_t *reply);

/* ---- one connection ---- */
struct jsonrpc;

struct jsonrpc *jsonrpc_open(int fd);	/* takes the fd; sets O_NONBLOCK */
int jsonrpc_connect_unix(const char *path, struct jsonrpc **);
void jsonrpc_close(struct jsonrpc *);
int jsonrpc_fd(const struct jsonrpc *);
/* Queues MSG (stolen) and writes what it can.  0 or a negative errno. */
int jsonrpc_send(struct jsonrpc *, json_t *msg);
/* Writes queued output.  0 or a negative errno. */
int jsonrpc_run(struct jsonrpc *);
bool jsonrpc_has_output(const struct jsonrpc *);
/* Reads without blocking.  0: *MSG is a message; -EAGAIN: none yet;
 * -ECONNRESET: peer closed; other negative errno: error (ERRP). */
int jsonrpc_recv(struct jsonrpc *, json_t **msg, char **errp);
void jsonrpc_wait(const struct jsonrpc *, struct pollset *);
/* Sends METHOD(PARAMS stolen) and waits up to TIMEOUT_MS (-1: forever)
 * for its reply.  0 with *REPLY (caller owns), or a negative errno with
 * ERRP set (-ETIMEDOUT, -ECONNRESET, ...). */
int jsonrpc_call(struct jsonrpc *, const char *method, json_t *params,
		 int timeout_ms, json_t **reply, char **errp);

/* ---- server ---- */
struct jsonrpc_server;

/* Called for each request.  Sets *RESULT (a new reference) on success or
 * *ERROR (malloc'd text) on failure; for notifications both are
 * discarded. */
typedef void jsonrpc_handler(const char *method, const json_t *params,
			     json_t **result, char **error, void *aux);

/* Listens on PATH (an existing socket there is replaced: the caller must
 * make sure it is stale, e.g. by holding a pid file lock) with MODE. */
int jsonrpc_server_listen_unix(const char *path, mode_t mode,
			       jsonrpc_handler *, void *aux,
			       struct jsonrpc_server **, char **errp);
void jsonrpc_server_wait(struct jsonrpc_server *, struct pollset *);
void jsonrpc_server_run(struct jsonrpc_server *);
/* Writes pending replies for up to TIMEOUT_MS (used before exiting). */
void jsonrpc_server_flush(struct jsonrpc_server *, int timeout_ms);
size_t jsonrpc_server_n_conns(const struct jsonrpc_server *);
/* Closes everything and unlinks the socket. */
void jsonrpc_server_close(struct jsonrpc_server *);

#endif
