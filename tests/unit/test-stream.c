/* Unit tests for lib/stream.c and lib/stream-ssl.c (loopback only). */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <cmocka.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "log.h"
#include "stream-test-util.h"

/* Certificates are made once for the whole run (see main()). */
static char *pki_dir;

/* ---- Target parsing. ---- */

static void expect_parse_error(const char *target, bool passive,
			       const char *substring)
{
	struct stream_target t;
	char *err = NULL;

	assert_int_equal(stream_parse_target(target, passive, &t, &err),
			 -EINVAL);
	assert_non_null(err);
	if (!strstr(err, substring))
		fail_msg("'%s': error '%s' lacks '%s'", target, err, substring);
	free(err);
}

static void test_parse_good(void **state)
{
	struct stream_target t;
	struct sockaddr_in *sin = (struct sockaddr_in *)&t.addr;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&t.addr;
	char *err = NULL;

	assert_int_equal(stream_parse_target("tcp:127.0.0.1", false, &t,
					     &err), 0);
	assert_int_equal(t.type, STREAM_TCP);
	assert_int_equal(sin->sin_family, AF_INET);
	assert_int_equal(ntohs(sin->sin_port), 6653);
	assert_int_equal(ntohl(sin->sin_addr.s_addr), 0x7f000001);

	assert_int_equal(stream_parse_target("ssl:10.1.2.3:6633", false, &t,
					     NULL), 0);
	assert_int_equal(t.type, STREAM_SSL);
	assert_int_equal(ntohs(sin->sin_port), 6633);

	assert_int_equal(stream_parse_target("tcp:[::1]:99", false, &t,
					     NULL), 0);
	assert_int_equal(sin6->sin6_family, AF_INET6);
	assert_int_equal(ntohs(sin6->sin6_port), 99);
	assert_true(IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr));
	assert_int_equal(stream_parse_target("tcp:[::1]", false, &t, NULL), 0);
	assert_int_equal(ntohs(sin6->sin6_port), 6653);

	assert_int_equal(stream_parse_target("unix:/tmp/x.sock", false, &t,
					     NULL), 0);
	assert_int_equal(t.type, STREAM_UNIX);
	assert_string_equal(t.path, "/tmp/x.sock");

	/* Passive: "ptcp:" listens on every IPv4 address, port 6653. */
	assert_int_equal(stream_parse_target("ptcp:", true, &t, NULL), 0);
	assert_true(t.passive);
	assert_int_equal(ntohs(sin->sin_port), 6653);
	assert_int_equal(sin->sin_addr.s_addr, htonl(INADDR_ANY));
	assert_int_equal(stream_parse_target("ptcp:0:127.0.0.1", true, &t,
					     NULL), 0);
	assert_int_equal(ntohs(sin->sin_port), 0);
	assert_int_equal(stream_parse_target("pssl:6654", true, &t, NULL), 0);
	assert_int_equal(t.type, STREAM_SSL);
	assert_int_equal(ntohs(sin->sin_port), 6654);
	assert_int_equal(stream_parse_target("ptcp::[::1]", true, &t, NULL),
			 0);
	assert_int_equal(sin6->sin6_family, AF_INET6);
	assert_int_equal(ntohs(sin6->sin6_port), 6653);
	assert_int_equal(stream_parse_target("ptcp:7:::1", true, &t, NULL), 0);
	assert_int_equal(sin6->sin6_family, AF_INET6);
	assert_int_equal(stream_parse_target("punix:/tmp/y", true, &t, NULL),
			 0);
	assert_string_equal(t.path, "/tmp/y");
}

static void test_parse_bad(void **state)
{
	expect_parse_error("127.0.0.1", false, "missing ':'");
	expect_parse_error("foo:1.2.3.4", false, "unknown connection type");
	expect_parse_error("ptcp:6653", false, "passive");
	expect_parse_error("tcp:1.2.3.4", true, "not a passive");
	expect_parse_error("tcp:", false, "missing IP address");
	expect_parse_error("tcp:1.2.3.4:", false, "missing port");
	expect_parse_error("tcp:1.2.3.4:0", false, "invalid port '0'");
	expect_parse_error("tcp:1.2.3.4:65536", false, "invalid port");
	expect_parse_error("tcp:1.2.3.4:12ab", false, "invalid port '12ab'");
	expect_parse_error("tcp:1.2.3.4:-1", false, "invalid port");
	expect_parse_error("tcp:1.2.3.400", false, "invalid IP address");
	expect_parse_error("tcp:localhost:6653", false, "invalid IP address");
	expect_parse_error("tcp:::1", false, "brackets");
	expect_parse_error("tcp:[::1", false, "missing ']'");
	expect_parse_error("tcp:[::1]x", false, "unexpected 'x'");
	expect_parse_error("tcp:[1.2.3]:5", false, "invalid IP address");
	expect_parse_error("unix:", false, "missing socket path");
	expect_parse_error("ptcp:99999", true, "invalid port");
	expect_parse_error("ptcp:1:", true, "missing IP address");
	expect_parse_error("ptcp:x:1.2.3.4", true, "invalid port 'x'");
	expect_parse_error("pssl:1:[::1]z", true, "unexpected 'z'");
	expect_parse_error("punix:", true, "missing socket path");
	expect_parse_error("tcp:1234567890123456789012345678901234567890123456"
			   "78901234567890", false, "invalid IP address");
	expect_parse_error("tcp:[1234567890123456789012345678901234567890123"
			   "456789012345678901234567890]", false, "too long");
	{
		char longpath[200];

		memset(longpath, 'a', sizeof longpath);
		memcpy(longpath, "unix:/", 6);
		longpath[sizeof longpath - 1] = '\0';
		expect_parse_error(longpath, false, "too long");
	}
}

static void test_open_bad_target(void **state)
{
	struct stream *s = (void *)1;
	struct pstream *ps = (void *)1;
	char *err = NULL;

	assert_int_equal(stream_open("tcp:bogus", NULL, &s, &err), -EINVAL);
	assert_null(s);
	assert_non_null(strstr(err, "invalid IP address 'bogus'"));
	free(err);
	assert_int_equal(pstream_open("ptcp:x", NULL, &ps, &err), -EINVAL);
	assert_null(ps);
	free(err);
}

/* ---- Plain streams. ---- */

static void send_all(struct stream *s, const void *p, size_t n)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfd;
	ssize_t r;

	while (n && test_now_ms() < deadline) {
		r = stream_send(s, p, n);
		if (r == -EAGAIN) {
			stream_wait(s, STREAM_SEND, &pfd);
			poll(&pfd, 1, 100);
			continue;
		}
		assert_true(r > 0);
		p = (const char *)p + r;
		n -= r;
	}
	assert_int_equal(n, 0);
}

static void recv_all(struct stream *s, void *p, size_t n)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfd;
	ssize_t r;

	while (n && test_now_ms() < deadline) {
		r = stream_recv(s, p, n);
		if (r == -EAGAIN) {
			stream_wait(s, STREAM_RECV, &pfd);
			poll(&pfd, 1, 100);
			continue;
		}
		assert_true(r > 0);
		p = (char *)p + r;
		n -= r;
	}
	assert_int_equal(n, 0);
}

/* Waits for end of stream on S. */
static void expect_eof(struct stream *s)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfd;
	char c;
	ssize_t r;

	while ((r = stream_recv(s, &c, 1)) == -EAGAIN &&
	       test_now_ms() < deadline) {
		stream_wait(s, STREAM_RECV, &pfd);
		poll(&pfd, 1, 100);
	}
	assert_int_equal(r, 0);
}

/* Listens on PTARGET, connects to ATARGET (a "%u" in it becomes the bound
 * port), returns both ends after stream_connect() on each. */
static void make_pair(const char *ptarget, const char *atarget,
		      struct ssl_config *scfg, struct ssl_config *ccfg,
		      struct pstream **psp, struct stream **cp,
		      struct stream **sp, int *cerr, int *serr)
{
	char *err = NULL, *target;

	assert_int_equal(pstream_open(ptarget, scfg, psp, &err), 0);
	target = xasprintf(atarget, pstream_get_port(*psp));
	if (stream_open(target, ccfg, cp, &err))
		fail_msg("%s: %s", target, err);
	free(target);
	assert_int_equal(test_accept(*psp, sp), 0);
	test_connect_both(*cp, *sp, cerr, serr);
}

static void echo_pair(const char *ptarget, const char *atarget,
		      struct ssl_config *scfg, struct ssl_config *ccfg)
{
	struct stream *c, *s;
	struct pstream *ps;
	char buf[16];
	int cerr, serr;

	make_pair(ptarget, atarget, scfg, ccfg, &ps, &c, &s, &cerr, &serr);
	if (cerr || serr)
		fail_msg("connect: client %d (%s), server %d (%s)", cerr,
			 stream_get_error(c), serr, stream_get_error(s));
	send_all(c, "hello", 5);
	recv_all(s, buf, 5);
	assert_memory_equal(buf, "hello", 5);
	send_all(s, buf, 5);	/* echo */
	memset(buf, 0, sizeof buf);
	recv_all(c, buf, 5);
	assert_memory_equal(buf, "hello", 5);
	/* Closing one end is a clean end of stream at the other. */
	stream_close(c);
	expect_eof(s);
	stream_close(s);
	pstream_close(ps);
}

static void test_tcp_echo(void **state)
{
	echo_pair("ptcp:0:127.0.0.1", "tcp:127.0.0.1:%u", NULL, NULL);
}

static void test_tcp6_echo(void **state)
{
	echo_pair("ptcp:0:[::1]", "tcp:[::1]:%u", NULL, NULL);
}

static void test_unix_echo(void **state)
{
	char *dir = test_mkdtemp();
	char *p = xasprintf("punix:%s/sock", dir);
	char *a = xasprintf("unix:%s/sock", dir);
	char *path = xasprintf("%s/sock", dir);

	echo_pair(p, a, NULL, NULL);
	/* The listener removes its socket file when closed. */
	assert_int_equal(access(path, F_OK), -1);
	free(p);
	free(a);
	free(path);
	test_rmdir(dir);
}

static void test_connect_refused(void **state)
{
	struct stream *s;
	struct pstream *ps;
	char *err = NULL, *target;
	uint16_t port;
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfd;
	int r;

	/* Find a free port by binding and closing a listener. */
	assert_int_equal(pstream_open("ptcp:0:127.0.0.1", NULL, &ps, &err), 0);
	port = pstream_get_port(ps);
	pstream_close(ps);
	target = xasprintf("tcp:127.0.0.1:%u", port);
	r = stream_open(target, NULL, &s, &err);
	if (r == 0) {
		while ((r = stream_connect(s)) == -EAGAIN &&
		       test_now_ms() < deadline) {
			stream_wait(s, STREAM_CONNECT, &pfd);
			poll(&pfd, 1, 100);
		}
		assert_int_equal(r, -ECONNREFUSED);
		assert_non_null(strstr(stream_get_error(s), "refused"));
		stream_close(s);
	} else {
		assert_int_equal(r, -ECONNREFUSED);
		free(err);
	}
	free(target);

	assert_int_equal(stream_open("unix:/nonexistent/fsw.sock", NULL, &s,
				     &err), -ENOENT);
	assert_non_null(strstr(err, "No such file"));
	free(err);
}

static void test_punix_keeps_regular_file(void **state)
{
	char *dir = test_mkdtemp();
	char *path = xasprintf("%s/file", dir);
	char *target = xasprintf("punix:%s", path);
	struct pstream *ps;
	char *err = NULL;
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fclose(f);
	assert_int_equal(pstream_open(target, NULL, &ps, &err), -EADDRINUSE);
	assert_non_null(err);
	assert_int_equal(access(path, F_OK), 0);
	free(err);
	free(path);
	free(target);
	test_rmdir(dir);
}

/* Moves LEN bytes one way with both ends non-blocking in one thread, so
 * sends and receives are partial and interleaved. */
static void bulk_transfer(struct stream *c, struct stream *s, size_t len)
{
	long long deadline = test_now_ms() + 4 * TEST_DEADLINE_MS;
	unsigned char *out = xmalloc(len), *in = xmalloc(len);
	size_t sent = 0, got = 0, i;
	unsigned int partial_sends = 0;
	struct pollfd pfds[2];
	ssize_t r;

	for (i = 0; i < len; i++)
		out[i] = (i * 7 + i / 251) & 0xff;
	while (got < len && test_now_ms() < deadline) {
		if (sent < len) {
			r = stream_send(c, out + sent, len - sent);
			assert_true(r > 0 || r == -EAGAIN);
			if (r > 0) {
				sent += r;
				partial_sends += sent < len;
			}
		}
		r = stream_recv(s, in + got, len - got);
		assert_true(r > 0 || r == -EAGAIN);
		if (r > 0)
			got += r;
		stream_wait(c, STREAM_SEND, &pfds[0]);
		stream_wait(s, STREAM_RECV, &pfds[1]);
		if (sent == len)
			pfds[0].fd = -1;
		poll(pfds, 2, 100);
	}
	assert_int_equal(got, len);
	assert_true(partial_sends > 0);
	assert_memory_equal(in, out, len);
	free(in);
	free(out);
}

static void test_tcp_bulk(void **state)
{
	struct stream *c, *s;
	struct pstream *ps;
	int cerr, serr;

	make_pair("ptcp:0:127.0.0.1", "tcp:127.0.0.1:%u", NULL, NULL,
		  &ps, &c, &s, &cerr, &serr);
	assert_int_equal(cerr, 0);
	assert_int_equal(serr, 0);
	bulk_transfer(c, s, 8 << 20);
	stream_close(c);
	stream_close(s);
	pstream_close(ps);
}

/* ---- TLS. ---- */

static void skip_without_pki(void)
{
	if (!pki_dir)
		skip();
}

static void test_ssl_echo(void **state)
{
	struct ssl_config *scfg, *ccfg;

	skip_without_pki();
	scfg = test_ssl_config(pki_dir, "server", "ca");
	ccfg = test_ssl_config(pki_dir, "client", "ca");
	assert_non_null(scfg);
	assert_non_null(ccfg);
	echo_pair("pssl:0:127.0.0.1", "ssl:127.0.0.1:%u", scfg, ccfg);
	echo_pair("pssl:0:[::1]", "ssl:[::1]:%u", scfg, ccfg);
	ssl_config_destroy(scfg);
	ssl_config_destroy(ccfg);
}

static void test_ssl_bulk(void **state)
{
	struct ssl_config *scfg, *ccfg;
	struct stream *c, *s;
	struct pstream *ps;
	int cerr, serr;

	skip_without_pki();
	scfg = test_ssl_config(pki_dir, "server", "ca");
	ccfg = test_ssl_config(pki_dir, "client", "ca");
	make_pair("pssl:0:127.0.0.1", "ssl:127.0.0.1:%u", scfg, ccfg,
		  &ps, &c, &s, &cerr, &serr);
	assert_int_equal(cerr, 0);
	assert_int_equal(serr, 0);
	bulk_transfer(c, s, 4 << 20);
	bulk_transfer(s, c, 1 << 20);
	stream_close(c);
	stream_close(s);
	pstream_close(ps);
	ssl_config_destroy(scfg);
	ssl_config_destroy(ccfg);
}

static bool file_contains(const char *path, const char *needle)
{
	char buf[65536];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strstr(buf, needle) != NULL;
}

/* The switch (client) must refuse a controller whose certificate comes
 * from a CA it does not trust, and say why in the error and the log. */
static void test_ssl_untrusted_server(void **state)
{
	struct ssl_config *scfg, *ccfg;
	struct stream *c, *s;
	struct pstream *ps;
	char *log = NULL;
	int cerr, serr;

	skip_without_pki();
	log = test_path(pki_dir, "untrusted-server.log");
	assert_int_equal(log_open_file(log), 0);
	scfg = test_ssl_config(pki_dir, "rogue", "ca");
	ccfg = test_ssl_config(pki_dir, "client", "ca");
	make_pair("pssl:0:127.0.0.1", "ssl:127.0.0.1:%u", scfg, ccfg,
		  &ps, &c, &s, &cerr, &serr);
	assert_int_equal(cerr, -EPROTO);
	assert_non_null(strstr(stream_get_error(c),
			       "certificate verify failed"));
	assert_true(serr < 0);
	/* A failed stream keeps failing: nothing is sent in clear. */
	assert_int_equal(stream_send(c, "x", 1), -EPROTO);
	assert_true(file_contains(log, "TLS handshake failed: certificate "
				  "verify failed"));
	stream_close(c);
	stream_close(s);
	pstream_close(ps);
	ssl_config_destroy(scfg);
	ssl_config_destroy(ccfg);
	log_open_file("/dev/null");
	free(log);
}

/* The controller side (pssl) refuses a switch with an untrusted cert. */
static void test_ssl_untrusted_client(void **state)
{
	struct ssl_config *scfg, *ccfg;
	struct stream *c, *s;
	struct pstream *ps;
	long long deadline;
	struct pollfd pfd;
	char buf[4];
	int cerr, serr;
	ssize_t r;

	skip_without_pki();
	scfg = test_ssl_config(pki_dir, "server", "ca");
	/* Trusts the server's CA but presents a cert from another CA. */
	ccfg = test_ssl_config(pki_dir, "rogue", "ca");
	make_pair("pssl:0:127.0.0.1", "ssl:127.0.0.1:%u", scfg, ccfg,
		  &ps, &c, &s, &cerr, &serr);
	assert_int_equal(serr, -EPROTO);
	assert_non_null(strstr(stream_get_error(s),
			       "certificate verify failed"));
	/* With TLS 1.3 the client may finish first; then its first read
	 * gets the server's alert. */
	if (!cerr) {
		deadline = test_now_ms() + TEST_DEADLINE_MS;
		while ((r = stream_recv(c, buf, sizeof buf)) == -EAGAIN &&
		       test_now_ms() < deadline) {
			stream_wait(c, STREAM_RECV, &pfd);
			poll(&pfd, 1, 100);
		}
		assert_true(r <= 0 && r != -EAGAIN);
	}
	stream_close(c);
	stream_close(s);
	pstream_close(ps);

	/* Without verify_peer on the listener, the same switch is let in. */
	ssl_config_set_verify_peer(scfg, false);
	echo_pair("pssl:0:127.0.0.1", "ssl:127.0.0.1:%u", scfg, ccfg);
	ssl_config_destroy(scfg);
	ssl_config_destroy(ccfg);
}

static void test_ssl_config_errors(void **state)
{
	struct ssl_config *cfg;
	struct stream *s;
	struct pstream *ps;
	char *err = NULL, *key, *cert, *other;

	skip_without_pki();
	cfg = ssl_config_create();
	key = test_path(pki_dir, "client-key.pem");
	cert = test_path(pki_dir, "client-cert.pem");
	other = test_path(pki_dir, "server-key.pem");

	/* Nothing configured: a clear error at open time, for both sides. */
	assert_int_equal(stream_open("ssl:127.0.0.1:1", cfg, &s, &err),
			 -ENOENT);
	assert_non_null(strstr(err, "no private key"));
	free(err);
	assert_int_equal(pstream_open("pssl:0:127.0.0.1", cfg, &ps, &err),
			 -ENOENT);
	assert_non_null(strstr(err, "no private key"));
	free(err);

	/* A world- or group-readable key is refused. */
	assert_int_equal(chmod(key, 0644), 0);
	assert_int_equal(ssl_config_set_private_key(cfg, key, &err), -EACCES);
	assert_non_null(strstr(err, "readable by group or others"));
	free(err);
	assert_int_equal(chmod(key, 0640), 0);
	assert_int_equal(ssl_config_set_private_key(cfg, key, &err), -EACCES);
	free(err);
	assert_int_equal(chmod(key, 0600), 0);

	/* Missing files and files of the wrong kind. */
	assert_int_equal(ssl_config_set_certificate(cfg, "/nonexistent.pem",
						    &err), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent.pem"));
	free(err);
	assert_int_equal(ssl_config_set_ca_cert(cfg, key, &err), -EINVAL);
	assert_non_null(strstr(err, "CA certificate"));
	free(err);
	assert_int_equal(chmod(cert, 0600), 0);
	assert_int_equal(ssl_config_set_private_key(cfg, cert, &err),
			 -EINVAL);
	free(err);
	assert_int_equal(chmod(cert, 0644), 0);

	/* Key of one identity, certificate of another. */
	assert_int_equal(ssl_config_set_certificate(cfg, cert, &err), 0);
	assert_int_equal(ssl_config_set_private_key(cfg, other, &err),
			 -EINVAL);
	free(err);
	assert_int_equal(ssl_config_set_private_key(cfg, key, &err), 0);
	assert_int_equal(ssl_config_check(cfg, &err), -ENOENT);
	assert_non_null(strstr(err, "no CA certificate"));
	free(err);
	ssl_config_set_verify_peer(cfg, false);
	assert_int_equal(ssl_config_check(cfg, &err), 0);

	free(key);
	free(cert);
	free(other);
	ssl_config_destroy(cfg);
}

/* A TLS 1.1 client, made directly with OpenSSL, must be refused. */
static void test_ssl_old_protocol_refused(void **state)
{
	struct ssl_config *scfg;
	struct stream *s;
	struct pstream *ps;
	char *err = NULL;
	SSL_CTX *ctx;
	SSL *ssl;
	long long deadline;
	int cfd, r, serr = -EAGAIN;
	struct sockaddr_in sin;
	struct pollfd pfd;

	skip_without_pki();
	scfg = test_ssl_config(pki_dir, "server", "ca");
	assert_int_equal(pstream_open("pssl:0:127.0.0.1", scfg, &ps, &err), 0);
	ctx = SSL_CTX_new(TLS_client_method());
	assert_non_null(ctx);
	/* Security level 0 lets this client even try TLS 1.1. */
	SSL_CTX_set_security_level(ctx, 0);
	if (!SSL_CTX_set_min_proto_version(ctx, TLS1_1_VERSION) ||
	    !SSL_CTX_set_max_proto_version(ctx, TLS1_1_VERSION)) {
		SSL_CTX_free(ctx);
		skip();
	}
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(pstream_get_port(ps));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(cfd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(test_accept(ps, &s), 0);

	/* Both ends non-blocking, driven in turn in this thread. */
	assert_int_equal(fcntl(cfd, F_SETFL, O_NONBLOCK), 0);
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, cfd);
	SSL_set_connect_state(ssl);
	deadline = test_now_ms() + TEST_DEADLINE_MS;
	r = -1;
	while (test_now_ms() < deadline) {
		r = SSL_do_handshake(ssl);
		if (r == 1 || (SSL_get_error(ssl, r) != SSL_ERROR_WANT_READ &&
			       SSL_get_error(ssl, r) != SSL_ERROR_WANT_WRITE))
			break;
		if (serr == -EAGAIN)
			serr = stream_connect(s);
		stream_wait(s, STREAM_CONNECT, &pfd);
		poll(&pfd, 1, 50);
	}
	if (serr == -EAGAIN)
		serr = stream_connect(s);
	assert_int_not_equal(r, 1);
	assert_int_equal(serr, -EPROTO);
	assert_non_null(strstr(stream_get_error(s), "unsupported protocol"));
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(cfd);
	stream_close(s);
	pstream_close(ps);
	ssl_config_destroy(scfg);
}

/* stream_wait() must ask for the right events: here every poll() has to
 * wake up on its own (a wrong event set would sleep the full 2 s). */
static void strict_waits(const char *ptarget, const char *atarget,
			 struct ssl_config *scfg, struct ssl_config *ccfg)
{
	char *err = NULL, *target;
	struct stream *c, *s;
	struct pstream *ps;
	struct pollfd pfds[2];
	int cerr = -EAGAIN, serr = -EAGAIN, n;
	char buf[4];
	ssize_t r;

	assert_int_equal(pstream_open(ptarget, scfg, &ps, &err), 0);
	target = xasprintf(atarget, pstream_get_port(ps));
	assert_int_equal(stream_open(target, ccfg, &c, &err), 0);
	free(target);
	pstream_wait(ps, &pfds[0]);
	assert_int_equal(poll(pfds, 1, 2000), 1);
	assert_int_equal(pstream_accept(ps, &s), 0);
	for (n = 0; n < 20 && (cerr || serr); n++) {
		if (cerr == -EAGAIN)
			cerr = stream_connect(c);
		if (serr == -EAGAIN)
			serr = stream_connect(s);
		if (!cerr && !serr)
			break;
		assert_true(cerr == 0 || cerr == -EAGAIN);
		assert_true(serr == 0 || serr == -EAGAIN);
		stream_wait(c, STREAM_CONNECT, &pfds[0]);
		stream_wait(s, STREAM_CONNECT, &pfds[1]);
		if (!cerr)
			pfds[0].fd = -1;
		if (!serr)
			pfds[1].fd = -1;
		assert_true(poll(pfds, 2, 2000) > 0);
	}
	assert_int_equal(cerr, 0);
	assert_int_equal(serr, 0);
	/* Nothing to read yet; the wait then wakes once data is sent. */
	assert_int_equal(stream_recv(s, buf, sizeof buf), -EAGAIN);
	stream_wait(s, STREAM_RECV, &pfds[1]);
	assert_int_equal(poll(&pfds[1], 1, 0), 0);
	assert_int_equal(stream_send(c, "abcd", 4), 4);
	assert_int_equal(poll(&pfds[1], 1, 2000), 1);
	r = stream_recv(s, buf, sizeof buf);
	assert_int_equal(r, 4);
	stream_close(c);
	stream_close(s);
	pstream_close(ps);
}

static void test_strict_waits(void **state)
{
	struct ssl_config *scfg, *ccfg;

	strict_waits("ptcp:0:127.0.0.1", "tcp:127.0.0.1:%u", NULL, NULL);
	if (!pki_dir)
		return;
	scfg = test_ssl_config(pki_dir, "server", "ca");
	ccfg = test_ssl_config(pki_dir, "client", "ca");
	strict_waits("pssl:0:127.0.0.1", "ssl:127.0.0.1:%u", scfg, ccfg);
	ssl_config_destroy(scfg);
	ssl_config_destroy(ccfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_open_bad_target),
		cmocka_unit_test(test_tcp_echo),
		cmocka_unit_test(test_tcp6_echo),
		cmocka_unit_test(test_unix_echo),
		cmocka_unit_test(test_connect_refused),
		cmocka_unit_test(test_punix_keeps_regular_file),
		cmocka_unit_test(test_tcp_bulk),
		cmocka_unit_test(test_ssl_echo),
		cmocka_unit_test(test_ssl_bulk),
		cmocka_unit_test(test_ssl_untrusted_server),
		cmocka_unit_test(test_ssl_untrusted_client),
		cmocka_unit_test(test_ssl_config_errors),
		cmocka_unit_test(test_ssl_old_protocol_refused),
		cmocka_unit_test(test_strict_waits),
	};
	int rc;

	log_set_level(NULL, LL_WARN);
	if (have_openssl_cli()) {
		pki_dir = test_mkdtemp();
		if (pki_dir && make_test_pki(pki_dir)) {
			fprintf(stderr, "making test certificates failed\n");
			return 1;
		}
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	test_rmdir(pki_dir);
	return rc;
}
