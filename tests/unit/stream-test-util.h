/*
 * Helpers shared by the connection-layer unit tests: a temporary
 * directory with test certificates made by the openssl CLI, and
 * poll-driven loops with short deadlines so that a hang is a failure.
 */
#ifndef FSW_STREAM_TEST_UTIL_H
#define FSW_STREAM_TEST_UTIL_H 1

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "stream.h"
#include "stream-ssl.h"
#include "util.h"

#define TEST_DEADLINE_MS 5000

static inline long long test_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* A fresh temporary directory; removed by test_rmdir(). */
static inline char *test_mkdtemp(void)
{
	char *dir = xstrdup("/tmp/fsw-stream-test-XXXXXX");

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	return dir;
}

static inline void test_rmdir(char *dir)
{
	char *cmd;

	if (!dir)
		return;
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
	free(dir);
}

static inline bool have_openssl_cli(void)
{
	return system("openssl version >/dev/null 2>&1") == 0;
}

/*
 * Makes in DIR: ca-cert.pem (CA "fsw-test-ca"), server/client key+cert
 * signed by it, other-ca-cert.pem and rogue key+cert signed by that other
 * CA.  EC keys keep it fast.  Returns 0 on success.
 */
static inline int make_test_pki(const char *dir)
{
	static const char script[] =
		"set -e; cd '%s'; umask 077;"
		"k='-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';"
		"mkca() { openssl req -x509 $k -keyout $1-key.pem"
		"  -out $1-cert.pem -days 2 -subj /CN=$1; };"
		"mkleaf() { openssl req $k -keyout $1-key.pem -out $1.csr"
		"  -subj /CN=$1;"
		"  openssl x509 -req -in $1.csr -CA $2-cert.pem"
		"  -CAkey $2-key.pem -CAcreateserial -out $1-cert.pem"
		"  -days 2; };"
		"mkca ca; mkca other-ca;"
		"mkleaf server ca; mkleaf client ca; mkleaf rogue other-ca;"
		"chmod 600 *-key.pem";
	char *cmd = xasprintf(script, dir);
	char *quiet = xasprintf("(%s) >'%s/pki.log' 2>&1", cmd, dir);
	int rc = system(quiet);

	free(cmd);
	free(quiet);
	return rc;
}

static inline char *test_path(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* An ssl_config with NAME-key.pem, NAME-cert.pem and CA-cert.pem. */
static inline struct ssl_config *test_ssl_config(const char *dir,
						 const char *name,
						 const char *ca)
{
	struct ssl_config *cfg = ssl_config_create();
	char *key = xasprintf("%s/%s-key.pem", dir, name);
	char *cert = xasprintf("%s/%s-cert.pem", dir, name);
	char *cacert = xasprintf("%s/%s-cert.pem", dir, ca);
	char *err = NULL;

	if (ssl_config_set_private_key(cfg, key, &err) ||
	    ssl_config_set_certificate(cfg, cert, &err) ||
	    ssl_config_set_ca_cert(cfg, cacert, &err)) {
		fprintf(stderr, "test ssl config: %s\n", err);
		free(err);
		ssl_config_destroy(cfg);
		cfg = NULL;
	}
	free(key);
	free(cert);
	free(cacert);
	return cfg;
}

/* Accepts one connection on PS, waiting up to the test deadline. */
static inline int test_accept(struct pstream *ps, struct stream **sp)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfd;
	int err;

	while ((err = pstream_accept(ps, sp)) == -EAGAIN &&
	       test_now_ms() < deadline) {
		pstream_wait(ps, &pfd);
		poll(&pfd, 1, 100);
	}
	return err;
}

/* Runs stream_connect() on both ends until neither says -EAGAIN (both
 * must be driven in one thread: a TLS handshake needs both). */
static inline void test_connect_both(struct stream *a, struct stream *b,
				     int *erra, int *errb)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfds[2];

	*erra = *errb = -EAGAIN;
	while (test_now_ms() < deadline) {
		if (*erra == -EAGAIN)
			*erra = stream_connect(a);
		if (*errb == -EAGAIN)
			*errb = stream_connect(b);
		if (*erra != -EAGAIN && *errb != -EAGAIN)
			return;
		stream_wait(a, STREAM_CONNECT, &pfds[0]);
		stream_wait(b, STREAM_CONNECT, &pfds[1]);
		if (*erra != -EAGAIN)
			pfds[0].fd = -1;
		if (*errb != -EAGAIN)
			pfds[1].fd = -1;
		poll(pfds, 2, 100);
	}
}

#endif
