/* Unit tests for lib/rconn.c: backoff timing (fake clock), keepalive,
 * echo answering, reconnection, attached vconns, roles. */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "log.h"
#include "rconn.h"
#include "stream-test-util.h"
#include "vconn.h"

/* The rconn's clock: moves only when a test says so. */
static long long fake_now;

static long long fake_clock(void *aux)
{
	return *(long long *)aux;
}

static struct rconn *fake_rconn(void)
{
	struct rconn *rc = rconn_create();

	fake_now = 1000000;
	rconn_set_clock(rc, fake_clock, &fake_now);
	return rc;
}

/* Advances the fake clock to T (relative to the start) and runs. */
static void run_at(struct rconn *rc, long long t)
{
	fake_now = 1000000 + t;
	rconn_run(rc);
}

static int wait_timeout(struct rconn *rc)
{
	struct pollfd pfd;
	int timeout = -1;

	rconn_wait(rc, &pfd, &timeout);
	return timeout;
}

static void test_backoff_timing(void **state)
{
	char *dir = test_mkdtemp();
	char *target = xasprintf("unix:%s/ctl.sock", dir);
	static const long long attempts_at[] = {
		0, 1000, 3000, 7000, 15000, 23000, 31000,
	};
	struct rconn *rc = fake_rconn();
	char *err = NULL;
	unsigned int i;

	/* Nobody listens: each attempt fails at once. */
	assert_int_equal(rconn_connect(rc, target, &err), 0);
	assert_int_equal(rconn_get_n_attempts(rc), 1);
	assert_int_equal(rconn_get_state(rc), RCONN_BACKOFF);
	assert_non_null(strstr(rconn_get_last_error(rc), "No such file"));
	assert_true(rconn_is_alive(rc));
	assert_false(rconn_is_connected(rc));
	for (i = 1; i < ARRAY_SIZE(attempts_at); i++) {
		/* Just before the deadline: nothing; poll timeout says how
		 * long is left. */
		run_at(rc, attempts_at[i] - 1);
		assert_int_equal(rconn_get_n_attempts(rc), i);
		assert_int_equal(wait_timeout(rc), 1);
		run_at(rc, attempts_at[i]);
		assert_int_equal(rconn_get_n_attempts(rc), i + 1);
		assert_int_equal(rconn_get_state(rc), RCONN_BACKOFF);
	}
	assert_int_equal(rconn_get_backoff(rc), 8);
	assert_int_equal(wait_timeout(rc), 8000);
	assert_int_equal(rconn_get_n_connects(rc), 0);
	assert_int_equal(rconn_get_n_disconnects(rc), 0);

	/* Configurable: 2 s doubling up to 5 s. */
	rconn_set_backoff(rc, 2, 5);
	fake_now = 1000000;
	assert_int_equal(rconn_connect(rc, target, &err), 0);
	assert_int_equal(rconn_get_n_attempts(rc), 8);
	run_at(rc, 1999);
	assert_int_equal(rconn_get_n_attempts(rc), 8);
	run_at(rc, 2000);
	assert_int_equal(rconn_get_n_attempts(rc), 9);
	run_at(rc, 5999);
	assert_int_equal(rconn_get_n_attempts(rc), 9);
	run_at(rc, 6000);
	run_at(rc, 11000);
	run_at(rc, 16000);
	assert_int_equal(rconn_get_n_attempts(rc), 12);
	assert_int_equal(rconn_get_backoff(rc), 5);

	/* Disconnect stops retrying. */
	rconn_disconnect(rc);
	assert_int_equal(rconn_get_state(rc), RCONN_VOID);
	run_at(rc, 100000);
	assert_int_equal(rconn_get_n_attempts(rc), 12);
	assert_int_equal(wait_timeout(rc), -1);

	rconn_destroy(rc);
	free(target);
	test_rmdir(dir);
}

static void test_bad_target(void **state)
{
	struct rconn *rc = rconn_create();
	char *err = NULL;

	assert_int_equal(rconn_connect(rc, "tcp:1.2.3", &err), -EINVAL);
	assert_non_null(strstr(err, "invalid IP address"));
	free(err);
	assert_int_equal(rconn_connect(rc, "ptcp:6653", &err), -EINVAL);
	free(err);
	assert_int_equal(rconn_get_state(rc), RCONN_VOID);
	assert_int_equal(rconn_get_n_attempts(rc), 0);
	rconn_destroy(rc);
}

/* ---- A controller played by the test. ---- */

struct ctl {
	struct pvconn *pv;
	struct vconn *vc;
};

static void ctl_listen_ssl(struct ctl *c, const char *ptarget,
			   struct ssl_config *cfg)
{
	char *err = NULL;

	memset(c, 0, sizeof *c);
	assert_int_equal(pvconn_open(ptarget, 0, cfg, &c->pv, &err), 0);
}

static void ctl_listen(struct ctl *c, const char *ptarget)
{
	ctl_listen_ssl(c, ptarget, NULL);
}

/* Runs RC (clock frozen) and the controller side until RC is connected
 * and the controller has its vconn negotiated. */
static void ctl_connect(struct ctl *c, struct rconn *rc)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfds[3];
	int timeout, cerr = -EAGAIN;

	while (test_now_ms() < deadline) {
		rconn_run(rc);
		if (!c->vc)
			pvconn_accept(c->pv, &c->vc);
		if (c->vc && cerr == -EAGAIN)
			cerr = vconn_connect(c->vc);
		if (rconn_is_connected(rc) && !cerr)
			return;
		timeout = 50;
		rconn_wait(rc, &pfds[0], &timeout);
		pvconn_wait(c->pv, &pfds[1]);
		pfds[2].fd = -1;
		if (c->vc)
			vconn_wait(c->vc, &pfds[2]);
		poll(pfds, 3, 50);
	}
	fail_msg("no connection: %s", rconn_get_last_error(rc));
}

static void ctl_close(struct ctl *c)
{
	vconn_close(c->vc);
	pvconn_close(c->pv);
}

/* Next message at the controller (the rconn is run meanwhile). */
static struct buf *ctl_recv(struct ctl *c, struct rconn *rc)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfd;
	struct buf *m;
	int r;

	while ((r = vconn_recv(c->vc, &m)) == -EAGAIN &&
	       test_now_ms() < deadline) {
		rconn_run(rc);
		vconn_wait(c->vc, &pfd);
		poll(&pfd, 1, 20);
	}
	assert_int_equal(r, 0);
	return m;
}

/* Next message at the rconn's user, or NULL after a short wait. */
static struct buf *rconn_recv_wait(struct rconn *rc, int ms)
{
	long long deadline = test_now_ms() + ms;
	struct pollfd pfd;
	struct buf *m;
	int timeout;

	while (!(m = rconn_recv(rc)) && test_now_ms() < deadline) {
		timeout = 20;
		rconn_wait(rc, &pfd, &timeout);
		poll(&pfd, 1, timeout);
	}
	return m;
}

/* Receives on RC until it notices its connection is gone. */
static void wait_disconnected(struct rconn *rc)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfd;

	while (rconn_is_connected(rc) && test_now_ms() < deadline) {
		assert_null(rconn_recv(rc));
		rconn_wait(rc, &pfd, &(int){ 20 });
		poll(&pfd, 1, 20);
	}
	assert_false(rconn_is_connected(rc));
}

static void ctl_send(struct ctl *c, uint8_t type, uint32_t xid,
		     const char *body)
{
	struct buf *m = vconn_msg_new(vconn_get_version(c->vc), type, xid,
				      body, body ? strlen(body) : 0);

	assert_int_equal(vconn_send(c->vc, m), 0);
	assert_int_equal(vconn_run(c->vc), 0);
}

static void test_keepalive(void **state)
{
	struct rconn *rc = fake_rconn();
	struct buf *m;
	struct ctl c;
	char *err = NULL, *target;
	uint32_t xid;

	ctl_listen(&c, "ptcp:0:127.0.0.1");
	target = xasprintf("tcp:127.0.0.1:%u", pvconn_get_port(c.pv));
	assert_int_equal(rconn_connect(rc, target, &err), 0);
	ctl_connect(&c, rc);
	assert_int_equal(rconn_get_state(rc), RCONN_ACTIVE);
	assert_int_equal(rconn_get_version(rc), VCONN_OF13);
	assert_int_equal(rconn_get_n_connects(rc), 1);
	assert_int_equal(wait_timeout(rc), 5000);

	/* 5 s of silence: a probe. */
	run_at(rc, 4999);
	assert_int_equal(rconn_get_state(rc), RCONN_ACTIVE);
	run_at(rc, 5000);
	assert_int_equal(rconn_get_state(rc), RCONN_IDLE);
	m = ctl_recv(&c, rc);
	assert_int_equal(vconn_msg_type(m), 2);
	xid = vconn_msg_xid(m);
	vconn_msg_delete(m);

	/* The reply is consumed by the rconn and makes it ACTIVE again. */
	ctl_send(&c, 3, xid, NULL);
	assert_null(rconn_recv_wait(rc, 200));
	assert_int_equal(rconn_get_state(rc), RCONN_ACTIVE);

	/* Echo requests from the controller are answered, same payload. */
	ctl_send(&c, 2, 77, "ping!");
	assert_null(rconn_recv_wait(rc, 200));
	m = ctl_recv(&c, rc);
	assert_int_equal(vconn_msg_type(m), 3);
	assert_int_equal(vconn_msg_xid(m), 77);
	assert_int_equal(m->size, 8 + 5);
	assert_memory_equal(m->data + 8, "ping!", 5);
	vconn_msg_delete(m);

	/* Anything else is for the user. */
	ctl_send(&c, 5, 99, NULL);
	m = rconn_recv_wait(rc, TEST_DEADLINE_MS);
	assert_non_null(m);
	assert_int_equal(vconn_msg_type(m), 5);
	assert_int_equal(vconn_msg_xid(m), 99);
	vconn_msg_delete(m);
	/* And the user can send. */
	m = vconn_msg_new(rconn_get_version(rc), 6, 99, NULL, 0);
	assert_int_equal(rconn_send(rc, m), 0);
	m = ctl_recv(&c, rc);
	assert_int_equal(vconn_msg_type(m), 6);
	vconn_msg_delete(m);

	/* Probe unanswered for another interval: disconnect, back off. */
	run_at(rc, 20000);
	assert_int_equal(rconn_get_state(rc), RCONN_IDLE);
	vconn_msg_delete(ctl_recv(&c, rc));	/* the probe */
	run_at(rc, 24999);
	assert_int_equal(rconn_get_state(rc), RCONN_IDLE);
	run_at(rc, 25000);
	assert_int_equal(rconn_get_state(rc), RCONN_BACKOFF);
	assert_non_null(strstr(rconn_get_last_error(rc),
			       "no response to inactivity probe"));
	assert_int_equal(rconn_get_n_disconnects(rc), 1);
	m = vconn_msg_new(4, 6, 1, NULL, 0);
	assert_int_equal(rconn_send(rc, m), -ENOTCONN);
	vconn_msg_delete(m);
	/* It was up for 25 s, so the backoff starts over at 1 s. */
	assert_int_equal(wait_timeout(rc), 1000);

	/* And it comes back: the controller accepts a new connection. */
	vconn_close(c.vc);
	c.vc = NULL;
	run_at(rc, 26000);
	assert_int_equal(rconn_get_state(rc), RCONN_CONNECTING);
	ctl_connect(&c, rc);
	assert_int_equal(rconn_get_n_connects(rc), 2);
	assert_int_equal(rconn_get_n_attempts(rc), 2);

	/* The probe interval is configurable, and 0 turns probes off. */
	rconn_set_probe_interval(rc, 0);
	assert_int_equal(wait_timeout(rc), -1);
	run_at(rc, 1000000);
	assert_int_equal(rconn_get_state(rc), RCONN_ACTIVE);

	/* The controller going away is noticed on receive. */
	vconn_close(c.vc);
	c.vc = NULL;
	wait_disconnected(rc);
	assert_int_equal(rconn_get_state(rc), RCONN_BACKOFF);
	assert_int_equal(rconn_get_n_disconnects(rc), 2);

	rconn_destroy(rc);
	ctl_close(&c);
	free(target);
}

/* The whole file at PATH (NUL-terminated). */
static char *slurp_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *data = xzalloc(65536);

	assert_non_null(f);
	assert_true(fread(data, 1, 65535, f) < 65535);
	fclose(f);
	return data;
}

/* The reason logged after "disconnected:" and "connection failed:" is
 * the vconn's error text, which dies with the vconn: the log line must
 * still carry it intact (it used to be read after being freed). */
static void test_disconnect_reason_logged(void **state)
{
	struct rconn *rc = fake_rconn();
	char *dir = test_mkdtemp(), *log = test_path(dir, "log");
	char *err = NULL, *target, *text, *want;
	long long deadline;
	struct pollfd pfd;
	struct ctl c;

	assert_int_equal(log_open_file(log), 0);
	log_set_level("rconn", LL_WARN);
	ctl_listen(&c, "ptcp:0:127.0.0.1");
	target = xasprintf("tcp:127.0.0.1:%u", pvconn_get_port(c.pv));
	assert_int_equal(rconn_connect(rc, target, &err), 0);
	ctl_connect(&c, rc);
	vconn_close(c.vc);
	c.vc = NULL;
	wait_disconnected(rc);
	assert_true(strlen(rconn_get_last_error(rc)) > 0);
	want = xasprintf("disconnected: %s\n", rconn_get_last_error(rc));
	text = slurp_file(log);
	if (!strstr(text, want))
		fail_msg("log lacks \"%s\":\n%s", want, text);
	free(want);
	free(text);

	/* An attempt the peer closes before HELLO. */
	run_at(rc, 1000);
	assert_int_equal(rconn_get_state(rc), RCONN_CONNECTING);
	deadline = test_now_ms() + TEST_DEADLINE_MS;
	while (rconn_get_state(rc) == RCONN_CONNECTING &&
	       test_now_ms() < deadline) {
		if (!c.vc && !pvconn_accept(c.pv, &c.vc)) {
			vconn_close(c.vc);
			c.vc = (void *)1;	/* accepted once */
		}
		rconn_run(rc);
		rconn_wait(rc, &pfd, &(int){ 20 });
		poll(&pfd, 1, 20);
	}
	c.vc = NULL;
	assert_int_equal(rconn_get_state(rc), RCONN_BACKOFF);
	want = xasprintf("connection failed: %s\n",
			 rconn_get_last_error(rc));
	text = slurp_file(log);
	if (!strstr(text, want))
		fail_msg("log lacks \"%s\":\n%s", want, text);
	free(want);
	free(text);

	log_set_level("rconn", LL_ERR);
	assert_int_equal(log_open_file("/dev/stderr"), 0);
	rconn_destroy(rc);
	ctl_close(&c);
	free(target);
	free(log);
	test_rmdir(dir);
}

/* A peer that accepts but never says HELLO: the attempt times out. */
static void test_connect_timeout(void **state)
{
	struct rconn *rc = fake_rconn();
	struct pstream *ps;
	struct stream *s = NULL;
	char *err = NULL, *target;

	assert_int_equal(pstream_open("ptcp:0:127.0.0.1", NULL, &ps, &err), 0);
	target = xasprintf("tcp:127.0.0.1:%u", pstream_get_port(ps));
	assert_int_equal(rconn_connect(rc, target, &err), 0);
	assert_int_equal(test_accept(ps, &s), 0);
	run_at(rc, 999);
	assert_int_equal(rconn_get_state(rc), RCONN_CONNECTING);
	assert_int_equal(wait_timeout(rc), 1);
	run_at(rc, 1000);
	assert_int_equal(rconn_get_state(rc), RCONN_BACKOFF);
	assert_non_null(strstr(rconn_get_last_error(rc), "timed out"));
	assert_int_equal(rconn_get_n_connects(rc), 0);
	rconn_destroy(rc);
	stream_close(s);
	pstream_close(ps);
	free(target);
}

/* The controller refuses our versions: a failed attempt, then backoff. */
static void test_version_mismatch(void **state)
{
	struct rconn *rc = fake_rconn();
	struct pvconn *pv;
	struct vconn *vc = NULL;
	char *err = NULL, *target;
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfd;

	assert_int_equal(pvconn_open("ptcp:0:127.0.0.1",
				     VCONN_VERSION_BIT(VCONN_OF10), NULL, &pv,
				     &err), 0);
	target = xasprintf("tcp:127.0.0.1:%u", pvconn_get_port(pv));
	rconn_set_versions(rc, VCONN_VERSION_BIT(VCONN_OF13));
	assert_int_equal(rconn_connect(rc, target, &err), 0);
	while (rconn_get_state(rc) == RCONN_CONNECTING &&
	       test_now_ms() < deadline) {
		rconn_run(rc);
		if (!vc)
			pvconn_accept(pv, &vc);
		else
			vconn_connect(vc);
		rconn_wait(rc, &pfd, &(int){ 20 });
		poll(&pfd, 1, 20);
	}
	assert_int_equal(rconn_get_state(rc), RCONN_BACKOFF);
	assert_non_null(strstr(rconn_get_last_error(rc),
			       "no common OpenFlow version"));
	rconn_destroy(rc);
	vconn_close(vc);
	pvconn_close(pv);
	free(target);
}

/* Over TLS: a controller with a certificate from an unknown CA is a
 * failed attempt (with the reason kept), retried after the backoff; one
 * with a good certificate connects. */
static void test_ssl_controller(void **state)
{
	struct ssl_config *good, *rogue, *sw;
	struct rconn *rc = fake_rconn();
	char *dir, *err = NULL, *target;
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfds[3];
	struct ctl c;

	if (!have_openssl_cli())
		skip();
	dir = test_mkdtemp();
	assert_int_equal(make_test_pki(dir), 0);
	good = test_ssl_config(dir, "server", "ca");
	rogue = test_ssl_config(dir, "rogue", "ca");
	sw = test_ssl_config(dir, "client", "ca");
	rconn_set_ssl_config(rc, sw);

	ctl_listen_ssl(&c, "pssl:0:127.0.0.1", rogue);
	target = xasprintf("ssl:127.0.0.1:%u", pvconn_get_port(c.pv));
	assert_int_equal(rconn_connect(rc, target, &err), 0);
	while (rconn_get_state(rc) == RCONN_CONNECTING &&
	       test_now_ms() < deadline) {
		rconn_run(rc);
		if (!c.vc)
			pvconn_accept(c.pv, &c.vc);
		else
			vconn_connect(c.vc);
		rconn_wait(rc, &pfds[0], &(int){ 20 });
		poll(pfds, 1, 20);
	}
	assert_int_equal(rconn_get_state(rc), RCONN_BACKOFF);
	assert_non_null(strstr(rconn_get_last_error(rc),
			       "certificate verify failed"));
	assert_int_equal(wait_timeout(rc), 1000);
	ctl_close(&c);
	free(target);

	ctl_listen_ssl(&c, "pssl:0:127.0.0.1", good);
	target = xasprintf("ssl:127.0.0.1:%u", pvconn_get_port(c.pv));
	assert_int_equal(rconn_connect(rc, target, &err), 0);
	ctl_connect(&c, rc);
	assert_int_equal(rconn_get_version(rc), VCONN_OF13);
	ctl_send(&c, 5, 1234, NULL);
	{
		struct buf *m = rconn_recv_wait(rc, TEST_DEADLINE_MS);

		assert_non_null(m);
		assert_int_equal(vconn_msg_xid(m), 1234);
		vconn_msg_delete(m);
	}
	rconn_destroy(rc);
	ctl_close(&c);
	free(target);
	ssl_config_destroy(good);
	ssl_config_destroy(rogue);
	ssl_config_destroy(sw);
	test_rmdir(dir);
}

/* A vconn from a listener: keepalive, but no reconnection. */
static void test_attach(void **state)
{
	struct rconn *rc = fake_rconn();
	struct pvconn *pv;
	struct vconn *client, *accepted = NULL;
	char *err = NULL, *dir = test_mkdtemp();
	char *p = xasprintf("punix:%s/mgmt", dir);
	char *a = xasprintf("unix:%s/mgmt", dir);
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfds[2];
	int cerr = -EAGAIN;

	assert_int_equal(pvconn_open(p, 0, NULL, &pv, &err), 0);
	assert_int_equal(vconn_open(a, 0, NULL, &client, &err), 0);
	while (pvconn_accept(pv, &accepted) == -EAGAIN &&
	       test_now_ms() < deadline)
		poll(NULL, 0, 10);
	assert_non_null(accepted);
	rconn_attach(rc, accepted);
	assert_int_equal(rconn_get_state(rc), RCONN_CONNECTING);
	while ((!rconn_is_connected(rc) || cerr) && test_now_ms() < deadline) {
		rconn_run(rc);
		if (cerr == -EAGAIN)
			cerr = vconn_connect(client);
		rconn_wait(rc, &pfds[0], &(int){ 20 });
		vconn_wait(client, &pfds[1]);
		poll(pfds, 2, 20);
	}
	assert_true(rconn_is_connected(rc));
	assert_int_equal(rconn_get_role(rc), RCONN_ROLE_EQUAL);
	vconn_close(client);
	wait_disconnected(rc);
	assert_int_equal(rconn_get_state(rc), RCONN_VOID);
	assert_false(rconn_is_alive(rc));
	assert_int_equal(rconn_get_n_disconnects(rc), 1);
	run_at(rc, 100000);
	assert_int_equal(rconn_get_n_attempts(rc), 1);
	rconn_destroy(rc);
	pvconn_close(pv);
	free(p);
	free(a);
	test_rmdir(dir);
}

static void test_roles(void **state)
{
	struct rconn_role_generation gen = { false, 0 };
	struct rconn *rcs[3];
	unsigned int i;

	for (i = 0; i < 3; i++) {
		rcs[i] = rconn_create();
		assert_int_equal(rconn_get_role(rcs[i]), RCONN_ROLE_EQUAL);
	}
	rconn_set_role(rcs[0], RCONN_ROLE_MASTER);
	rconn_set_role(rcs[1], RCONN_ROLE_SLAVE);
	rconn_set_role(rcs[2], RCONN_ROLE_NOCHANGE);	/* ignored */
	assert_int_equal(rconn_get_role(rcs[2]), RCONN_ROLE_EQUAL);
	/* rcs[2] becomes master: rcs[0] is demoted, rcs[1] stays slave. */
	rconn_set_role(rcs[2], RCONN_ROLE_MASTER);
	assert_int_equal(rconn_demote_other_masters(rcs, 3, rcs[2]), 1);
	assert_int_equal(rconn_get_role(rcs[0]), RCONN_ROLE_SLAVE);
	assert_int_equal(rconn_get_role(rcs[1]), RCONN_ROLE_SLAVE);
	assert_int_equal(rconn_get_role(rcs[2]), RCONN_ROLE_MASTER);
	assert_string_equal(rconn_role_name(RCONN_ROLE_SLAVE), "slave");
	for (i = 0; i < 3; i++)
		rconn_destroy(rcs[i]);

	/* generation_id: the first is taken, older ones are stale, equal
	 * and newer ones are fine, EQUAL requests do not count. */
	assert_int_equal(rconn_role_generation_check(&gen, RCONN_ROLE_MASTER,
						     10), 0);
	assert_int_equal(rconn_role_generation_check(&gen, RCONN_ROLE_SLAVE,
						     9), -ESTALE);
	assert_int_equal(rconn_role_generation_check(&gen, RCONN_ROLE_EQUAL,
						     1), 0);
	assert_int_equal(rconn_role_generation_check(&gen, RCONN_ROLE_MASTER,
						     10), 0);
	assert_int_equal(rconn_role_generation_check(&gen, RCONN_ROLE_MASTER,
						     11), 0);
	assert_int_equal(gen.id, 11);
	/* Distances wrap: UINT64_MAX - 1 is 13 steps before 11. */
	assert_int_equal(rconn_role_generation_check(&gen, RCONN_ROLE_SLAVE,
						     UINT64_MAX - 1), -ESTALE);
	gen.id = UINT64_MAX - 1;
	assert_int_equal(rconn_role_generation_check(&gen, RCONN_ROLE_SLAVE,
						     3), 0);	/* wrapped */
	assert_int_equal(rconn_role_generation_check(&gen, 7, 100), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff_timing),
		cmocka_unit_test(test_bad_target),
		cmocka_unit_test(test_keepalive),
		cmocka_unit_test(test_disconnect_reason_logged),
		cmocka_unit_test(test_connect_timeout),
		cmocka_unit_test(test_version_mismatch),
		cmocka_unit_test(test_ssl_controller),
		cmocka_unit_test(test_attach),
		cmocka_unit_test(test_roles),
	};

	log_set_level(NULL, LL_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
