/* Unit tests for lib/jsonrpc.c (framing, client/server) and lib/ctl.c. */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <cmocka.h>

#include "ctl.h"
#include "jsonrpc.h"
#include "util.h"

static void feed(struct json_stream *s, const char *text)
{
	json_stream_feed(s, text, strlen(text));
}

static void test_byte_by_byte(void **state)
{
	const char *msg = "{\"method\":\"a\",\"params\":[\"}{\\\"\",[1,{}]],"
			  "\"id\":7}";
	struct json_stream s;
	json_t *j;
	size_t i;

	json_stream_init(&s, 1024);
	for (i = 0; msg[i + 1]; i++) {
		json_stream_feed(&s, &msg[i], 1);
		assert_int_equal(json_stream_next(&s, &j, NULL), 0);
		assert_true(json_stream_partial(&s));
	}
	json_stream_feed(&s, &msg[i], 1);
	assert_int_equal(json_stream_next(&s, &j, NULL), 1);
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(j, "params"), 0)), "}{\"");
	assert_int_equal(json_integer_value(json_object_get(j, "id")), 7);
	json_decref(j);
	assert_int_equal(json_stream_next(&s, &j, NULL), 0);
	assert_false(json_stream_partial(&s));
	json_stream_uninit(&s);
}

static void test_several_in_one_chunk(void **state)
{
	struct json_stream s;
	json_t *j;
	int i;

	json_stream_init(&s, 1024);
	feed(&s, "  {\"n\":1}\n{\"n\":2}{\"n\":\"\\\\\"}\r\n\t{\"n\"");
	for (i = 1; i <= 3; i++) {
		assert_int_equal(json_stream_next(&s, &j, NULL), 1);
		json_decref(j);
	}
	assert_int_equal(json_stream_next(&s, &j, NULL), 0);
	feed(&s, ":4}");
	assert_int_equal(json_stream_next(&s, &j, NULL), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "n")), 4);
	json_decref(j);
	json_stream_uninit(&s);
}

static void expect_broken(const char *text, size_t max, int want,
			  const char *msg)
{
	struct json_stream s;
	char *e = NULL;
	json_t *j;

	json_stream_init(&s, max);
	feed(&s, text);
	assert_int_equal(json_stream_next(&s, &j, &e), want);
	assert_null(j);
	if (!e || !strstr(e, msg))
		fail_msg("error \"%s\" lacks \"%s\"", e, msg);
	free(e);
	/* Once broken, always broken: no resynchronising on garbage. */
	feed(&s, "{}");
	assert_true(json_stream_next(&s, &j, NULL) < 0);
	json_stream_uninit(&s);
}

static void test_errors(void **state)
{
	char big[200];

	expect_broken("x{}", 100, -EPROTO, "expected '{'");
	expect_broken("[1]", 100, -EPROTO, "expected '{'");
	expect_broken("{\"a\":}", 100, -EPROTO, "bad JSON");
	expect_broken("{\"a\":1,\"a\":2}", 100, -EPROTO, "bad JSON");
	expect_broken("{\"a\":[1}", 100, -EPROTO, "bad JSON");
	{
		/* Deeper than any JSON parser accepts: refused while still
		 * incomplete, without buffering on. */
		char *deep = xzalloc(JSON_STREAM_MAX_DEPTH + 2);

		memset(deep, '[', JSON_STREAM_MAX_DEPTH + 1);
		deep[0] = '{';
		expect_broken(deep, 1 << 20, -EPROTO, "too deeply nested");
		free(deep);
	}
	memset(big, ' ', sizeof big);
	big[0] = '{';
	big[sizeof big - 1] = '\0';
	expect_broken(big, 100, -EMSGSIZE, "larger than 100");
}

static void test_messages(void **state)
{
	json_t *req = jsonrpc_request("m", NULL, 3);
	json_t *r2 = json_pack("{s:s, s:s, s:i}", "jsonrpc", "2.0",
			       "method", "m", "id", 4);
	json_t *rep;

	rep = jsonrpc_reply(req, json_string("ok"));
	assert_true(json_is_null(json_object_get(rep, "error")));
	assert_null(jsonrpc_reply_error_text(rep));
	assert_int_equal(json_integer_value(json_object_get(rep, "id")), 3);
	json_decref(rep);
	rep = jsonrpc_reply_error(req, -1, "bad");
	assert_string_equal(jsonrpc_reply_error_text(rep), "bad");
	json_decref(rep);
	rep = jsonrpc_reply(r2, json_string("ok"));
	assert_string_equal(json_string_value(json_object_get(rep, "jsonrpc")),
			    "2.0");
	assert_null(json_object_get(rep, "error"));
	json_decref(rep);
	rep = jsonrpc_reply_error(r2, -32601, "nope");
	assert_null(json_object_get(rep, "result"));
	assert_string_equal(jsonrpc_reply_error_text(rep), "nope");
	json_decref(rep);
	json_decref(req);
	json_decref(r2);
}

static void test_pollset(void **state)
{
	struct pollfd none = { .fd = -1, .events = POLLIN };
	struct pollset ps;
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	pollset_init(&ps);
	pollset_add(&ps, fds[0], POLLIN);
	pollset_add(&ps, fds[0], POLLOUT);	/* merged into one entry */
	pollset_add_pollfd(&ps, &none);		/* skipped */
	assert_int_equal(ps.n, 1);
	assert_int_equal(ps.fds[0].events, POLLIN | POLLOUT);
	pollset_timeout(&ps, -1);		/* no limit: ignored */
	assert_int_equal(ps.timeout_ms, -1);
	pollset_timeout(&ps, 500);
	pollset_timeout(&ps, 20);
	pollset_timeout(&ps, 100);
	assert_int_equal(ps.timeout_ms, 20);
	assert_int_equal(pollset_block(&ps, NULL), 0);	/* timed out */
	assert_int_equal(write(fds[1], "x", 1), 1);
	assert_int_equal(pollset_block(&ps, NULL), 1);
	assert_true(pollset_revents(&ps, fds[0]) & POLLIN);
	assert_int_equal(pollset_revents(&ps, fds[1]), 0);
	pollset_clear(&ps);
	assert_int_equal(ps.n, 0);
	assert_int_equal(ps.timeout_ms, -1);
	pollset_uninit(&ps);
	close(fds[0]);
	close(fds[1]);
}

/* ---- a live server in a thread ---- */

static char dir[64];
static char sock[128];
static struct jsonrpc_server *server;
static volatile int stop;
static pthread_t thread;
static int notified;

static void echo(struct ctl_reply *r, int argc, const char *argv[], void *aux)
{
	if (argc == 2 && !strcmp(argv[1], "fail"))
		ctl_reply_error(r, "asked to fail");
	else
		ctl_reply_text(r, "%s:%d", argv[0], argc - 1);
}

static void note(struct ctl_reply *r, const json_t *params, void *aux)
{
	notified++;
	ctl_reply_json(r, json_deep_copy(params));
}

static void mute(struct ctl_reply *r, int argc, const char *argv[],
		 void *aux)
{
	/* A buggy handler: no reply. */
}

static void twice(struct ctl_reply *r, int argc, const char *argv[],
		  void *aux)
{
	ctl_reply_text(r, "first");
	ctl_reply_error(r, "second");	/* ignored (and logged) */
}

static void big(struct ctl_reply *r, int argc, const char *argv[], void *aux)
{
	char *s = xmalloc(1 << 20);

	memset(s, 'x', (1 << 20) - 1);
	s[(1 << 20) - 1] = '\0';
	ctl_reply_text(r, "%s", s);
	free(s);
}

static void *serve(void *aux)
{
	struct pollset ps;

	pollset_init(&ps);
	while (!stop) {
		pollset_clear(&ps);
		jsonrpc_server_wait(server, &ps);
		pollset_timeout(&ps, 20);
		pollset_block(&ps, NULL);
		jsonrpc_server_run(server);
	}
	pollset_uninit(&ps);
	return NULL;
}

static int start_server(void **state)
{
	char *e = NULL;

	strcpy(dir, "/tmp/fsw-test-jsonrpc.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(sock, sizeof sock, "%s/test.ctl", dir);
	ctl_register_builtins();
	ctl_register("echo", 0, 2, echo, NULL);
	ctl_register_json("note", note, NULL);
	ctl_register("mute", 0, 0, mute, NULL);
	ctl_register("twice", 0, 0, twice, NULL);
	ctl_register("big", 0, 0, big, NULL);
	if (jsonrpc_server_listen_unix(sock, 0600, ctl_dispatch, NULL, &server,
				       &e)) {
		fprintf(stderr, "%s\n", e);
		return -1;
	}
	return pthread_create(&thread, NULL, serve, NULL);
}

static int stop_server(void **state)
{
	struct stat st;

	stop = 1;
	pthread_join(thread, NULL);
	jsonrpc_server_close(server);
	if (!stat(sock, &st))
		return -1;	/* close must unlink the socket */
	ctl_unregister_all();
	return rmdir(dir);
}

static void test_socket_mode(void **state)
{
	struct stat st;

	assert_int_equal(stat(sock, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void call_expect(struct jsonrpc *rpc, const char *method,
			json_t *params, const char *result, const char *error)
{
	json_t *reply;
	char *e = NULL;

	assert_int_equal(jsonrpc_call(rpc, method, params, 5000, &reply, &e),
			 0);
	if (error) {
		const char *t = jsonrpc_reply_error_text(reply);

		if (!t || !strstr(t, error))
			fail_msg("%s: error \"%s\" lacks \"%s\"", method, t,
				 error);
	} else {
		assert_null(jsonrpc_reply_error_text(reply));
		assert_string_equal(json_string_value(
			json_object_get(reply, "result")), result);
	}
	json_decref(reply);
}

static void test_calls(void **state)
{
	struct jsonrpc *rpc;
	json_t *reply;
	char *e = NULL;

	assert_int_equal(jsonrpc_connect_unix(sock, &rpc), 0);
	call_expect(rpc, "echo", json_pack("[s]", "x"), "echo:1", NULL);
	call_expect(rpc, "echo", NULL, "echo:0", NULL);
	call_expect(rpc, "echo", json_pack("[s]", "fail"), NULL,
		    "asked to fail");
	call_expect(rpc, "echo", json_pack("[s,s,s]", "a", "b", "c"), NULL,
		    "takes 0 to 2 arguments, got 3");
	call_expect(rpc, "echo", json_pack("[i]", 1), NULL, "must be strings");
	call_expect(rpc, "nope", NULL, NULL, "unknown command \"nope\"");
	call_expect(rpc, "list-commands", NULL,
		    "The available commands are:\n  big\n  echo\n"
		    "  list-commands\n  mute\n  note\n  twice\n", NULL);
	call_expect(rpc, "mute", NULL, NULL, "internal error: no reply");
	call_expect(rpc, "twice", NULL, "first", NULL);
	assert_int_equal(ctl_register("echo", 0, 0, echo, NULL), -EEXIST);
	assert_int_equal(jsonrpc_call(rpc, "note", json_pack("{s:i}", "a", 1),
				      5000, &reply, &e), 0);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(reply, "result"), "a")), 1);
	json_decref(reply);
	jsonrpc_close(rpc);
}

/* Raw bytes: 2.0 replies, notifications get no reply, split writes. */
static void test_raw(void **state)
{
	const char *out = "{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":"
			  "[],\"id\":null}  {\"jsonrpc\":\"2.0\",\"meth";
	const char *rest = "od\":\"echo\",\"id\":\"abc\"}";
	struct jsonrpc *rpc;
	json_t *reply = NULL;
	char *e = NULL;
	int before = notified, i, fd, err = -EAGAIN;

	assert_int_equal(jsonrpc_connect_unix(sock, &rpc), 0);
	fd = jsonrpc_fd(rpc);
	assert_int_equal(write(fd, out, strlen(out)), strlen(out));
	usleep(50000);
	assert_int_equal(write(fd, rest, strlen(rest)), strlen(rest));
	for (i = 0; i < 200 && err == -EAGAIN; i++) {
		usleep(10000);
		err = jsonrpc_recv(rpc, &reply, &e);
	}
	assert_int_equal(err, 0);
	assert_string_equal(json_string_value(json_object_get(reply, "id")),
			    "abc");
	assert_string_equal(json_string_value(json_object_get(reply,
							      "jsonrpc")),
			    "2.0");
	assert_string_equal(json_string_value(json_object_get(reply,
							      "result")),
			    "echo:0");
	assert_null(json_object_get(reply, "error"));
	assert_int_equal(notified, before + 1);
	json_decref(reply);
	jsonrpc_close(rpc);
}

/* Garbage and half messages drop that client, not the server. */
static void test_bad_clients(void **state)
{
	struct jsonrpc *rpc;
	int fd;

	assert_int_equal(jsonrpc_connect_unix(sock, &rpc), 0);
	fd = jsonrpc_fd(rpc);
	assert_int_equal(write(fd, "hello\n", 6), 6);
	usleep(50000);
	jsonrpc_close(rpc);
	assert_int_equal(jsonrpc_connect_unix(sock, &rpc), 0);
	assert_int_equal(write(jsonrpc_fd(rpc), "{\"method\":", 10), 10);
	jsonrpc_close(rpc);
	usleep(50000);
	assert_int_equal(jsonrpc_connect_unix(sock, &rpc), 0);
	call_expect(rpc, "echo", NULL, "echo:0", NULL);
	jsonrpc_close(rpc);
}

/* A client that sends requests but does not read the (large) replies is
 * throttled, others are still served, and no reply is lost. */
static void test_backpressure(void **state)
{
	const char *req = "{\"method\":\"big\",\"id\":1}";
	struct jsonrpc *slow, *other;
	json_t *reply;
	char *e = NULL;
	int i, got = 0, err;

	assert_int_equal(jsonrpc_connect_unix(sock, &slow), 0);
	for (i = 0; i < 40; i++)
		assert_int_equal(write(jsonrpc_fd(slow), req, strlen(req)),
				 strlen(req));
	usleep(300000);
	assert_int_equal(jsonrpc_connect_unix(sock, &other), 0);
	call_expect(other, "echo", NULL, "echo:0", NULL);
	jsonrpc_close(other);
	for (i = 0; i < 3000 && got < 40; i++) {
		struct pollfd pfd = { jsonrpc_fd(slow), POLLIN, 0 };

		err = jsonrpc_recv(slow, &reply, &e);
		if (!err) {
			assert_int_equal(strlen(json_string_value(
				json_object_get(reply, "result"))),
				(1 << 20) - 1);
			json_decref(reply);
			got++;
			continue;
		}
		assert_int_equal(err, -EAGAIN);
		poll(&pfd, 1, 10);
	}
	assert_int_equal(got, 40);
	jsonrpc_close(slow);
}

int main(void)
{
	const struct CMUnitTest framing[] = {
		cmocka_unit_test(test_byte_by_byte),
		cmocka_unit_test(test_several_in_one_chunk),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_pollset),
	};
	const struct CMUnitTest live[] = {
		cmocka_unit_test(test_socket_mode),
		cmocka_unit_test(test_calls),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_bad_clients),
		cmocka_unit_test(test_backpressure),
	};

	return cmocka_run_group_tests(framing, NULL, NULL) |
		cmocka_run_group_tests(live, start_server, stop_server);
}
