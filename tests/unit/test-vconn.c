/* Unit tests for lib/vconn.c: framing, HELLO negotiation, backpressure. */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "log.h"
#include "stream-test-util.h"
#include "vconn.h"

#define V10 VCONN_VERSION_BIT(VCONN_OF10)
#define V13 VCONN_VERSION_BIT(VCONN_OF13)
#define VBOTH (V10 | V13)

static char *pki_dir;

/* Drives vconn_connect() on both ends until both are done. */
static void connect_both(struct vconn *a, struct vconn *b, int *erra,
			 int *errb)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfds[2];

	*erra = *errb = -EAGAIN;
	while (test_now_ms() < deadline) {
		if (*erra == -EAGAIN)
			*erra = vconn_connect(a);
		if (*errb == -EAGAIN)
			*errb = vconn_connect(b);
		if (*erra != -EAGAIN && *errb != -EAGAIN)
			return;
		vconn_wait(a, &pfds[0]);
		vconn_wait(b, &pfds[1]);
		poll(pfds, 2, 100);
	}
}

/* A listener on PTARGET and a client to ATARGET ("%u" = bound port). */
static void make_vpair(const char *ptarget, const char *atarget,
		       uint32_t cver, uint32_t sver,
		       struct ssl_config *scfg, struct ssl_config *ccfg,
		       struct pvconn **pvp, struct vconn **cp,
		       struct vconn **sp)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	char *err = NULL, *target;
	struct pollfd pfd;
	int r;

	assert_int_equal(pvconn_open(ptarget, sver, scfg, pvp, &err), 0);
	target = xasprintf(atarget, pvconn_get_port(*pvp));
	assert_int_equal(vconn_open(target, cver, ccfg, cp, &err), 0);
	free(target);
	while ((r = pvconn_accept(*pvp, sp)) == -EAGAIN &&
	       test_now_ms() < deadline) {
		pvconn_wait(*pvp, &pfd);
		poll(&pfd, 1, 100);
	}
	assert_int_equal(r, 0);
}

static void negotiate(uint32_t cver, uint32_t sver, int expect)
{
	struct vconn *c, *s;
	struct pvconn *pv;
	int cerr, serr;

	make_vpair("ptcp:0:127.0.0.1", "tcp:127.0.0.1:%u", cver, sver,
		   NULL, NULL, &pv, &c, &s);
	connect_both(c, s, &cerr, &serr);
	if (expect) {
		assert_int_equal(cerr, 0);
		assert_int_equal(serr, 0);
		assert_int_equal(vconn_get_version(c), expect);
		assert_int_equal(vconn_get_version(s), expect);
	} else {
		assert_int_equal(cerr, -EPROTO);
		assert_int_equal(serr, -EPROTO);
		assert_int_equal(vconn_get_version(c), 0);
		assert_non_null(strstr(vconn_get_error(c),
				       "no common OpenFlow version"));
		assert_non_null(strstr(vconn_get_error(s),
				       "no common OpenFlow version"));
	}
	vconn_close(c);
	vconn_close(s);
	pvconn_close(pv);
}

static void test_negotiate(void **state)
{
	negotiate(V10, V10, VCONN_OF10);
	negotiate(V13, V13, VCONN_OF13);
	negotiate(VBOTH, VBOTH, VCONN_OF13);
	negotiate(VBOTH, V10, VCONN_OF10);
	negotiate(V10, VBOTH, VCONN_OF10);
	negotiate(V13, VBOTH, VCONN_OF13);
	negotiate(0, 0, VCONN_OF13);	/* 0 = every supported version */
	negotiate(V13, V10, 0);
	negotiate(V10, V13, 0);
}

/* ---- A hand-driven raw peer, to see and forge the bytes. ---- */

struct raw {
	struct pvconn *pv;
	struct pstream *ps;
	struct stream *peer;	/* raw end */
	struct vconn *vc;	/* vconn under test */
};

/* The vconn under test connects to a raw listener. */
static void raw_setup_with(struct raw *r, uint32_t versions,
			   const char *ptarget, const char *atarget,
			   struct ssl_config *scfg, struct ssl_config *ccfg)
{
	char *err = NULL, *target;

	memset(r, 0, sizeof *r);
	assert_int_equal(pstream_open(ptarget, scfg, &r->ps, &err), 0);
	target = xasprintf(atarget, pstream_get_port(r->ps));
	assert_int_equal(vconn_open(target, versions, ccfg, &r->vc, &err), 0);
	free(target);
	assert_int_equal(test_accept(r->ps, &r->peer), 0);
}

static void raw_setup(struct raw *r, uint32_t versions)
{
	raw_setup_with(r, versions, "ptcp:0:127.0.0.1", "tcp:127.0.0.1:%u",
		       NULL, NULL);
}

static void raw_teardown(struct raw *r)
{
	vconn_close(r->vc);
	stream_close(r->peer);
	pstream_close(r->ps);
}

static void raw_send(struct raw *r, const void *p, size_t n)
{
	assert_int_equal(stream_send(r->peer, p, n), (ssize_t)n);
}

/* Reads one whole message from the raw end while driving the vconn. */
static struct buf *raw_recv(struct raw *r)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct buf *b = xmalloc(sizeof *b);
	size_t want = VCONN_HEADER_LEN;
	struct pollfd pfd;
	ssize_t n;

	buf_init(b, 64);
	while (b->size < want && test_now_ms() < deadline) {
		vconn_connect(r->vc);
		buf_reserve(b, want - b->size);
		n = stream_recv(r->peer, b->data + b->size, want - b->size);
		if (n == -EAGAIN) {
			stream_wait(r->peer, STREAM_RECV, &pfd);
			poll(&pfd, 1, 50);
			continue;
		}
		assert_true(n > 0);
		b->size += n;
		if (b->size == VCONN_HEADER_LEN)
			want = vconn_msg_length(b);
	}
	assert_int_equal(b->size, want);
	return b;
}

static int drive_connect(struct vconn *vc)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfd;
	int err;

	while ((err = vconn_connect(vc)) == -EAGAIN &&
	       test_now_ms() < deadline) {
		vconn_wait(vc, &pfd);
		poll(&pfd, 1, 50);
	}
	return err;
}

static void test_hello_wire_format(void **state)
{
	static const uint8_t hello10[8] = { 1, 0, 0, 8, 0, 0, 0, 9 };
	struct buf *m;
	struct raw r;
	uint32_t bitmap;

	raw_setup(&r, VBOTH);
	m = raw_recv(&r);
	/* Our HELLO: version 1.3 header with a bitmap element {1.0, 1.3}. */
	assert_int_equal(vconn_msg_version(m), VCONN_OF13);
	assert_int_equal(vconn_msg_type(m), 0);
	assert_int_equal(m->size, 16);
	assert_int_equal(m->data[9], 1);	/* OFPHET_VERSIONBITMAP */
	assert_int_equal(m->data[11], 8);
	memcpy(&bitmap, m->data + 12, 4);
	assert_int_equal(ntohl(bitmap), VBOTH);
	vconn_msg_delete(m);
	/* A plain 1.0 HELLO: 1.0 is agreed. */
	raw_send(&r, hello10, sizeof hello10);
	assert_int_equal(drive_connect(r.vc), 0);
	assert_int_equal(vconn_get_version(r.vc), VCONN_OF10);
	raw_teardown(&r);

	/* 1.0-only: a bare 1.0 HELLO, no elements. */
	raw_setup(&r, V10);
	m = raw_recv(&r);
	assert_int_equal(vconn_msg_version(m), VCONN_OF10);
	assert_int_equal(m->size, 8);
	vconn_msg_delete(m);
	raw_teardown(&r);
}

static void test_hello_without_bitmap(void **state)
{
	/* A 1.4 peer without a bitmap: the lower version, 1.3, is used. */
	static const uint8_t hello14[8] = { 5, 0, 0, 8, 0, 0, 0, 1 };
	/* A 1.2 peer without bitmap: 1.2 is not ours, so it fails. */
	static const uint8_t hello12[8] = { 3, 0, 0, 8, 0, 0, 0, 2 };
	struct raw r;

	raw_setup(&r, VBOTH);
	raw_send(&r, hello14, sizeof hello14);
	assert_int_equal(drive_connect(r.vc), 0);
	assert_int_equal(vconn_get_version(r.vc), VCONN_OF13);
	raw_teardown(&r);

	raw_setup(&r, VBOTH);
	raw_send(&r, hello12, sizeof hello12);
	assert_int_equal(drive_connect(r.vc), -EPROTO);
	raw_teardown(&r);
}

/* Malformed elements are ignored, not fatal: the header version rules. */
static void test_hello_malformed_elements(void **state)
{
	static const uint8_t zero_len[16] = {
		4, 0, 0, 16, 0, 0, 0, 1,
		0, 1, 0, 0, 0, 0, 0, 0x12,	/* length 0 */
	};
	static const uint8_t too_long[16] = {
		1, 0, 0, 16, 0, 0, 0, 1,
		0, 1, 0, 200, 0, 0, 0, 0x12,	/* runs past the end */
	};
	static const uint8_t unknown_then_bitmap[24] = {
		5, 0, 0, 24, 0, 0, 0, 1,
		0, 9, 0, 5, 1, 0, 0, 0,		/* type 9, padded to 8 */
		0, 1, 0, 8, 0, 0, 0, 0x12,	/* bitmap {1.0, 1.3} */
	};
	struct raw r;

	raw_setup(&r, VBOTH);
	raw_send(&r, zero_len, sizeof zero_len);
	assert_int_equal(drive_connect(r.vc), 0);
	assert_int_equal(vconn_get_version(r.vc), VCONN_OF13);
	raw_teardown(&r);

	raw_setup(&r, VBOTH);
	raw_send(&r, too_long, sizeof too_long);
	assert_int_equal(drive_connect(r.vc), 0);
	assert_int_equal(vconn_get_version(r.vc), VCONN_OF10);
	raw_teardown(&r);

	/* Unknown elements are skipped; the bitmap after one counts. */
	raw_setup(&r, VBOTH);
	raw_send(&r, unknown_then_bitmap, sizeof unknown_then_bitmap);
	assert_int_equal(drive_connect(r.vc), 0);
	assert_int_equal(vconn_get_version(r.vc), VCONN_OF13);
	raw_teardown(&r);
}

static void test_hello_failed_error_sent(void **state)
{
	/* A 1.3 HELLO whose bitmap says {1.3} only, to a 1.0-only vconn. */
	static const uint8_t hello[16] = {
		4, 0, 0, 16, 0, 0, 0, 0x42,
		0, 1, 0, 8, 0, 0, 0, 0x10,
	};
	struct buf *m;
	struct raw r;

	raw_setup(&r, V10);
	vconn_msg_delete(raw_recv(&r));		/* its HELLO */
	raw_send(&r, hello, sizeof hello);
	assert_int_equal(drive_connect(r.vc), -EPROTO);
	m = raw_recv(&r);
	/* OFPT_ERROR, HELLO_FAILED (0), INCOMPATIBLE (0), in reply to our
	 * HELLO's xid, in a version the peer understands. */
	assert_int_equal(vconn_msg_type(m), 1);
	assert_int_equal(vconn_msg_version(m), VCONN_OF10);
	assert_int_equal(vconn_msg_xid(m), 0x42);
	assert_true(m->size > 12);
	assert_memory_equal(m->data + 8, "\0\0\0\0", 4);
	assert_non_null(memmem(m->data + 12, m->size - 12, "0x04", 4));
	vconn_msg_delete(m);
	/* Failures stick, and nothing more can be sent. */
	assert_int_equal(vconn_connect(r.vc), -EPROTO);
	m = vconn_msg_new(1, 2, 7, NULL, 0);
	assert_int_equal(vconn_send(r.vc, m), -EPROTO);
	vconn_msg_delete(m);
	raw_teardown(&r);
}

static void test_peer_error_instead_of_hello(void **state)
{
	static const uint8_t err[16] = {
		1, 1, 0, 16, 0, 0, 0, 1,
		0, 0, 0, 0, 'n', 'o', 'p', 'e',
	};
	struct raw r;

	raw_setup(&r, VBOTH);
	raw_send(&r, err, sizeof err);
	assert_int_equal(drive_connect(r.vc), -EPROTO);
	assert_non_null(strstr(vconn_get_error(r.vc), "nope"));
	raw_teardown(&r);
}

static void test_bad_lengths(void **state)
{
	static const uint8_t hello[8] = { 4, 0, 0, 8, 0, 0, 0, 1 };
	static const uint8_t short_msg[8] = { 4, 2, 0, 4, 0, 0, 0, 2 };
	static const uint8_t big_msg[8] = { 4, 2, 0, 200, 0, 0, 0, 3 };
	struct buf *m;
	struct raw r;

	raw_setup(&r, V13);
	raw_send(&r, hello, sizeof hello);
	assert_int_equal(drive_connect(r.vc), 0);
	raw_send(&r, short_msg, sizeof short_msg);
	assert_int_equal(vconn_recv(r.vc, &m), -EPROTO);
	assert_null(m);
	assert_non_null(strstr(vconn_get_error(r.vc), "shorter"));
	raw_teardown(&r);

	raw_setup(&r, V13);
	vconn_set_max_msg_size(r.vc, 100);
	raw_send(&r, hello, sizeof hello);
	assert_int_equal(drive_connect(r.vc), 0);
	raw_send(&r, big_msg, sizeof big_msg);
	assert_int_equal(vconn_recv(r.vc, &m), -EMSGSIZE);
	assert_non_null(strstr(vconn_get_error(r.vc), "exceeds the limit"));
	raw_teardown(&r);
}

static void test_misc_errors(void **state)
{
	struct vconn *vc;
	struct buf *m;
	char *err = NULL;
	struct raw r;
	int r2;

	assert_int_equal(vconn_open("tcp:127.0.0.1:1", 1u << 2, NULL, &vc,
				    &err), -EINVAL);
	assert_non_null(strstr(err, "unsupported OpenFlow version"));
	free(err);
	assert_int_equal(vconn_open("tcp:nowhere", 0, NULL, &vc, &err),
			 -EINVAL);
	free(err);

	raw_setup(&r, V13);
	m = vconn_msg_new(4, 2, 1, NULL, 0);
	assert_int_equal(vconn_send(r.vc, m), -ENOTCONN);
	vconn_msg_delete(m);
	/* The peer goes away in the middle of the HELLO exchange. */
	stream_close(r.peer);
	r.peer = NULL;
	r2 = drive_connect(r.vc);
	/* EOF, or a reset if our HELLO reached the closed socket first. */
	assert_true(r2 == -ECONNRESET || r2 == -EPIPE);
	assert_non_null(strstr(vconn_get_error(r.vc), "by peer"));
	raw_teardown(&r);
}

/* Many near-maximum messages one way, with a small send queue: sends
 * must hit backpressure, and every message must arrive whole, in order. */
static void bulk_messages(struct vconn *c, struct vconn *s, int count)
{
	long long deadline = test_now_ms() + 4 * TEST_DEADLINE_MS;
	int sent = 0, got = 0, pushback = 0, r;
	struct pollfd pfds[2];
	struct buf *m;
	size_t len, i;
	uint8_t *p;

	vconn_set_tx_limit(c, 100000);
	while (got < count && test_now_ms() < deadline) {
		while (sent < count) {
			len = 65535 - (sent % 7) * 1000 - VCONN_HEADER_LEN;
			m = vconn_msg_new(vconn_get_version(c), 4, sent, NULL,
					  0);
			p = buf_put_uninit(m, len);
			for (i = 0; i < len; i++)
				p[i] = (sent + i) & 0xff;
			r = vconn_send(c, m);
			if (r == -EAGAIN) {
				assert_true(vconn_get_tx_queued(c) > 0);
				pushback++;
				vconn_msg_delete(m);
				break;
			}
			assert_int_equal(r, 0);
			sent++;
		}
		assert_int_equal(vconn_run(c), 0);
		while ((r = vconn_recv(s, &m)) == 0) {
			len = 65535 - (got % 7) * 1000;
			assert_int_equal(m->size, len);
			assert_int_equal(vconn_msg_xid(m), got);
			assert_int_equal(m->data[VCONN_HEADER_LEN + 5],
					 (got + 5) & 0xff);
			assert_int_equal(m->data[len - 1],
					 (got + len - 1 - 8) & 0xff);
			vconn_msg_delete(m);
			got++;
		}
		assert_int_equal(r, -EAGAIN);
		vconn_wait(c, &pfds[0]);
		vconn_wait(s, &pfds[1]);
		/* Room in the queue again: go on sending, not waiting. */
		if (!vconn_get_tx_queued(c) && sent < count)
			continue;
		poll(pfds, 2, 50);
	}
	assert_int_equal(got, count);
	assert_true(pushback > 0);
}

static void large_messages(const char *ptarget, const char *atarget,
			   struct ssl_config *scfg, struct ssl_config *ccfg)
{
	struct vconn *c, *s;
	struct pvconn *pv;
	int cerr, serr;

	make_vpair(ptarget, atarget, VBOTH, VBOTH, scfg, ccfg, &pv, &c, &s);
	connect_both(c, s, &cerr, &serr);
	assert_int_equal(cerr, 0);
	assert_int_equal(serr, 0);
	bulk_messages(c, s, 100);
	bulk_messages(s, c, 100);
	/* Closing one end: the other sees the connection closed. */
	vconn_close(c);
	{
		long long deadline = test_now_ms() + TEST_DEADLINE_MS;
		struct pollfd pfd;
		struct buf *m;
		int r;

		while ((r = vconn_recv(s, &m)) == -EAGAIN &&
		       test_now_ms() < deadline) {
			vconn_wait(s, &pfd);
			poll(&pfd, 1, 50);
		}
		assert_int_equal(r, -ECONNRESET);
	}
	vconn_close(s);
	pvconn_close(pv);
}

static void test_large_tcp(void **state)
{
	large_messages("ptcp:0:127.0.0.1", "tcp:127.0.0.1:%u", NULL, NULL);
}

static void test_large_unix(void **state)
{
	char *dir = test_mkdtemp();
	char *p = xasprintf("punix:%s/of.sock", dir);
	char *a = xasprintf("unix:%s/of.sock", dir);

	large_messages(p, a, NULL, NULL);
	free(p);
	free(a);
	test_rmdir(dir);
}

/* A TLS peer that puts two messages in one record: after the first, the
 * second sits decrypted inside OpenSSL while the socket is empty, and
 * the vconn must say so instead of letting its user sleep in poll(). */
static void test_ssl_pending(void **state)
{
	static const uint8_t two[16] = {
		4, 0, 0, 8, 0, 0, 0, 1,		/* HELLO */
		4, 5, 0, 8, 0, 0, 0, 2,		/* FEATURES_REQUEST */
	};
	struct ssl_config *scfg, *ccfg;
	struct buf *m;
	struct raw r;
	int cerr, serr;

	if (!pki_dir)
		skip();
	scfg = test_ssl_config(pki_dir, "server", "ca");
	ccfg = test_ssl_config(pki_dir, "client", "ca");
	raw_setup_with(&r, V13, "pssl:0:127.0.0.1", "ssl:127.0.0.1:%u",
		       scfg, ccfg);
	/* Finish the TLS handshake, then the one record with both. */
	{
		struct vconn *vc = r.vc;
		long long deadline = test_now_ms() + TEST_DEADLINE_MS;
		struct pollfd pfds[2];

		serr = -EAGAIN;
		while ((cerr = vconn_connect(vc)) == -EAGAIN &&
		       serr != 0 && test_now_ms() < deadline) {
			serr = stream_connect(r.peer);
			vconn_wait(vc, &pfds[0]);
			stream_wait(r.peer, STREAM_CONNECT, &pfds[1]);
			poll(pfds, 2, 20);
		}
	}
	assert_int_equal(serr, 0);
	vconn_msg_delete(raw_recv(&r));		/* its HELLO */
	raw_send(&r, two, sizeof two);
	assert_int_equal(drive_connect(r.vc), 0);
	assert_true(vconn_recv_pending(r.vc));
	assert_int_equal(vconn_recv(r.vc, &m), 0);
	assert_int_equal(vconn_msg_type(m), 5);
	vconn_msg_delete(m);
	assert_false(vconn_recv_pending(r.vc));
	raw_teardown(&r);
	ssl_config_destroy(scfg);
	ssl_config_destroy(ccfg);
}

static void test_large_ssl(void **state)
{
	struct ssl_config *scfg, *ccfg;

	if (!pki_dir)
		skip();
	scfg = test_ssl_config(pki_dir, "server", "ca");
	ccfg = test_ssl_config(pki_dir, "client", "ca");
	large_messages("pssl:0:127.0.0.1", "ssl:127.0.0.1:%u", scfg, ccfg);
	ssl_config_destroy(scfg);
	ssl_config_destroy(ccfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_hello_wire_format),
		cmocka_unit_test(test_hello_without_bitmap),
		cmocka_unit_test(test_hello_malformed_elements),
		cmocka_unit_test(test_hello_failed_error_sent),
		cmocka_unit_test(test_peer_error_instead_of_hello),
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_misc_errors),
		cmocka_unit_test(test_large_tcp),
		cmocka_unit_test(test_large_unix),
		cmocka_unit_test(test_large_ssl),
		cmocka_unit_test(test_ssl_pending),
	};
	int rc;

	log_set_level(NULL, LL_ERR);
	if (have_openssl_cli()) {
		pki_dir = test_mkdtemp();
		if (make_test_pki(pki_dir)) {
			fprintf(stderr, "making test certificates failed\n");
			return 1;
		}
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	test_rmdir(pki_dir);
	return rc;
}
