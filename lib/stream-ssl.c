/*
 * TLS for ssl:/pssl: streams, on top of the sockets of stream.c.
 *
 * One SSL_CTX per struct ssl_config serves both roles (TLS_method()); each
 * connection picks client or server with SSL_set_connect_state() or
 * SSL_set_accept_state().  Sockets are non-blocking, so every OpenSSL
 * call may report WANT_READ/WANT_WRITE: we remember which one so that
 * stream_wait() polls for the right event.
 */
#include <config.h>
#include "stream-ssl.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "log.h"
#include "stream-provider.h"
#include "util.h"

LOG_MODULE(stream_ssl);

struct ssl_config {
	SSL_CTX *ctx;
	bool verify_peer;
	bool have_key, have_cert, have_ca;
};

struct ssl_conn {
	SSL *ssl;
	short want;		/* POLLIN/POLLOUT the last -EAGAIN needs */
	bool handshake_done;
	bool got_data;		/* anything read since the handshake */
	const char *name;	/* the stream's, for log messages */
};

static struct ssl_config *default_config;

static void set_errp(char **errp, char *msg)
{
	if (errp)
		*errp = msg;
	else
		free(msg);
}

/* The reason of the oldest queued OpenSSL error (the root cause), or
 * FALLBACK; empties the queue so the next operation starts clean. */
static const char *ssl_error_reason(const char *fallback)
{
	unsigned long e = ERR_get_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	return r ? r : fallback;
}

struct ssl_config *ssl_config_create(void)
{
	static const char sid_ctx[] = "flowswitch";
	struct ssl_config *cfg = xzalloc(sizeof *cfg);
	void (*old)(int);

	/* Writing to a TLS peer that went away must be an error, not a
	 * fatal SIGPIPE: OpenSSL's socket BIO uses plain write(). */
	old = signal(SIGPIPE, SIG_IGN);
	if (old != SIG_DFL && old != SIG_ERR)
		signal(SIGPIPE, old);	/* the program chose; keep it */
	cfg->ctx = SSL_CTX_new(TLS_method());
	if (!cfg->ctx) {
		fprintf(stderr, "flowswitch: SSL_CTX_new failed\n");
		abort();
	}
	SSL_CTX_set_min_proto_version(cfg->ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(cfg->ctx, SSL_OP_IGNORE_UNEXPECTED_EOF |
			    SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_set_mode(cfg->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
			 SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	/* Needed for session resumption when client certs are verified. */
	SSL_CTX_set_session_id_context(cfg->ctx, (const void *)sid_ctx,
				       sizeof sid_ctx - 1);
	cfg->verify_peer = true;
	return cfg;
}

void ssl_config_destroy(struct ssl_config *cfg)
{
	if (!cfg)
		return;
	if (cfg == default_config)
		default_config = NULL;
	SSL_CTX_free(cfg->ctx);	/* reference counted: live SSLs keep it */
	free(cfg);
}

struct ssl_config *ssl_config_default(void)
{
	if (!default_config)
		default_config = ssl_config_create();
	return default_config;
}

/* Opens PATH for reading, with a message naming WHAT on failure. */
static FILE *open_pem(const char *what, const char *path, int *errorp,
		      char **errp)
{
	FILE *f = fopen(path, "r");

	if (!f) {
		*errorp = -errno;
		set_errp(errp, xasprintf("%s %s: %s", what, path,
					 strerror(errno)));
	}
	return f;
}

int ssl_config_set_private_key(struct ssl_config *cfg, const char *path,
			       char **errp)
{
	struct stat st;
	EVP_PKEY *pkey;
	FILE *f;
	int err = 0;

	f = open_pem("private key", path, &err, errp);
	if (!f)
		return err;
	/* A key others can read is a key others may have copied.  fstat()
	 * of the open file: the file checked is the file read. */
	if (fstat(fileno(f), &st) < 0) {
		err = -errno;
		set_errp(errp, xasprintf("private key %s: %s", path,
					 strerror(errno)));
		fclose(f);
		return err;
	}
	if (st.st_mode & (S_IRGRP | S_IROTH)) {
		set_errp(errp, xasprintf("private key %s is readable by group "
					 "or others (mode %04o): refusing to "
					 "use it (chmod 600 it)", path,
					 (unsigned int)(st.st_mode & 07777)));
		fclose(f);
		return -EACCES;
	}
	ERR_clear_error();
	pkey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!pkey) {
		set_errp(errp, xasprintf("private key %s: %s", path,
					 ssl_error_reason("not a PEM key")));
		return -EINVAL;
	}
	if (!SSL_CTX_use_PrivateKey(cfg->ctx, pkey)) {
		set_errp(errp, xasprintf("private key %s: %s%s", path,
					 cfg->have_cert ? "does not match the "
					 "certificate: " : "",
					 ssl_error_reason("rejected")));
		EVP_PKEY_free(pkey);
		return -EINVAL;
	}
	EVP_PKEY_free(pkey);
	cfg->have_key = true;
	return 0;
}

int ssl_config_set_certificate(struct ssl_config *cfg, const char *path,
			       char **errp)
{
	int err = 0;
	FILE *f = open_pem("certificate", path, &err, errp);

	if (!f)
		return err;
	fclose(f);
	ERR_clear_error();
	if (!SSL_CTX_use_certificate_chain_file(cfg->ctx, path)) {
		set_errp(errp, xasprintf("certificate %s: %s", path,
					 ssl_error_reason("not a PEM "
							  "certificate")));
		return -EINVAL;
	}
	cfg->have_cert = true;
	return 0;
}

int ssl_config_set_ca_cert(struct ssl_config *cfg, const char *path,
			   char **errp)
{
	STACK_OF(X509_NAME) *names;
	X509_STORE *store;
	int err = 0;
	FILE *f = open_pem("CA certificate", path, &err, errp);

	if (!f)
		return err;
	fclose(f);
	/* A fresh store, so that a new CA replaces the old one instead of
	 * being trusted in addition to it. */
	ERR_clear_error();
	store = X509_STORE_new();
	if (!store || !X509_STORE_load_file(store, path)) {
		set_errp(errp, xasprintf("CA certificate %s: %s", path,
					 ssl_error_reason("not a PEM "
							  "certificate")));
		X509_STORE_free(store);
		return -EINVAL;
	}
	names = SSL_load_client_CA_file(path);
	SSL_CTX_set_cert_store(cfg->ctx, store);
	if (names)
		SSL_CTX_set_client_CA_list(cfg->ctx, names);
	ERR_clear_error();
	cfg->have_ca = true;
	return 0;
}

void ssl_config_set_verify_peer(struct ssl_config *cfg, bool verify)
{
	cfg->verify_peer = verify;
}

int ssl_config_check(const struct ssl_config *cfg, char **errp)
{
	if (!cfg)
		cfg = ssl_config_default();
	if (!cfg->have_key) {
		set_errp(errp, xstrdup("ssl: no private key configured"));
		return -ENOENT;
	}
	if (!cfg->have_cert) {
		set_errp(errp, xstrdup("ssl: no certificate configured"));
		return -ENOENT;
	}
	if (cfg->verify_peer && !cfg->have_ca) {
		set_errp(errp, xstrdup("ssl: no CA certificate configured "
				       "(needed to verify the peer)"));
		return -ENOENT;
	}
	ERR_clear_error();
	if (!SSL_CTX_get0_privatekey(cfg->ctx) ||
	    !SSL_CTX_check_private_key(cfg->ctx)) {
		ERR_clear_error();
		set_errp(errp, xstrdup("ssl: private key does not match the "
				       "certificate"));
		return -EINVAL;
	}
	return 0;
}

struct ssl_conn *ssl_conn_create(const struct ssl_config *cfg, int fd,
				 bool server, char **errp)
{
	struct ssl_conn *c;
	SSL *ssl;

	if (!cfg)
		cfg = ssl_config_default();
	if (ssl_config_check(cfg, errp))
		return NULL;
	ssl = SSL_new(cfg->ctx);
	if (!ssl || !SSL_set_fd(ssl, fd)) {
		set_errp(errp, xasprintf("ssl: %s",
					 ssl_error_reason("SSL_new failed")));
		SSL_free(ssl);
		return NULL;
	}
	SSL_set_verify(ssl, cfg->verify_peer
		       ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
		       : SSL_VERIFY_NONE, NULL);
	if (server)
		SSL_set_accept_state(ssl);
	else
		SSL_set_connect_state(ssl);
	c = xzalloc(sizeof *c);
	c->ssl = ssl;
	return c;
}

void ssl_conn_destroy(struct ssl_conn *c)
{
	if (!c)
		return;
	/* One non-blocking try at close_notify; we do not wait for the
	 * peer's, the socket is closed right after. */
	if (c->handshake_done)
		SSL_shutdown(c->ssl);
	ERR_clear_error();
	SSL_free(c->ssl);
	free(c);
}

/* Turns the result R of an SSL_* call into 0/-EAGAIN/-errno, with a
 * description of a failure in *ERRP. */
static int ssl_result(struct ssl_conn *c, int r, char **errp)
{
	int err = SSL_get_error(c->ssl, r);
	long vr;

	c->want = 0;
	switch (err) {
	case SSL_ERROR_WANT_READ:
		c->want = POLLIN;
		return -EAGAIN;
	case SSL_ERROR_WANT_WRITE:
		c->want = POLLOUT;
		return -EAGAIN;
	case SSL_ERROR_ZERO_RETURN:
		ERR_clear_error();
		*errp = xstrdup("connection closed by peer");
		return -ECONNRESET;
	case SSL_ERROR_SYSCALL:
		/* errno first: ERR_clear_error() may change it. */
		err = errno;
		ERR_clear_error();
		*errp = xstrdup(err ? strerror(err)
				    : "connection closed by peer");
		return err ? -err : -ECONNRESET;
	default:
		vr = SSL_get_verify_result(c->ssl);
		if (vr != X509_V_OK)
			*errp = xasprintf("%s (%s)",
					  ssl_error_reason("TLS error"),
					  X509_verify_cert_error_string(vr));
		else
			*errp = xstrdup(ssl_error_reason("TLS error"));
		return -EPROTO;
	}
}

int ssl_conn_handshake(struct ssl_conn *c, const char *name, char **errp)
{
	int r, err;

	if (c->handshake_done)
		return 0;
	c->name = name;
	ERR_clear_error();
	r = SSL_do_handshake(c->ssl);
	if (r == 1) {
		c->handshake_done = true;
		c->want = 0;
		LOG_DBG("%s: TLS handshake done (%s, %s)", name,
			SSL_get_version(c->ssl),
			SSL_CIPHER_get_name(SSL_get_current_cipher(c->ssl)));
		return 0;
	}
	err = ssl_result(c, r, errp);
	if (err != -EAGAIN) {
		/* Keep the reason a caller may want to show next to it. */
		char *why = xasprintf("TLS handshake failed: %s", *errp);

		free(*errp);
		*errp = why;
		LOG_WARN_RL("%s: %s", name, why);
	}
	return err;
}

/* With TLS 1.3 a server checks the client's certificate after the
 * client's handshake is over: its refusal arrives at the client's first
 * read or write, as an alert ("tlsv1 alert unknown ca") or, when the
 * server closed with our data unread, as a reset.  A failure before
 * anything was received is reported as a handshake failure, so that the
 * log says what most likely happened. */
static int early_failure(struct ssl_conn *c, int err, char **errp)
{
	char *why;

	if (c->got_data || !err || err == -EAGAIN)
		return err;
	why = xasprintf("TLS handshake failed: %s%s", *errp,
			err == -ECONNRESET || err == -EPIPE
			? " (the peer closed the connection: it may have "
			  "refused our certificate)" : "");
	free(*errp);
	*errp = why;
	LOG_WARN_RL("%s: %s", c->name ? c->name : "ssl", why);
	return err;
}

ssize_t ssl_conn_recv(struct ssl_conn *c, void *buf, size_t n, char **errp)
{
	int r;

	ERR_clear_error();
	r = SSL_read(c->ssl, buf, n > INT32_MAX ? INT32_MAX : (int)n);
	if (r > 0) {
		c->want = 0;
		c->got_data = true;
		return r;
	}
	if (SSL_get_error(c->ssl, r) == SSL_ERROR_ZERO_RETURN) {
		ERR_clear_error();
		return 0;	/* close_notify, or EOF (IGNORE_UNEXPECTED_EOF) */
	}
	return early_failure(c, ssl_result(c, r, errp), errp);
}

ssize_t ssl_conn_send(struct ssl_conn *c, const void *buf, size_t n,
		      char **errp)
{
	int r;

	if (!n)
		return 0;
	ERR_clear_error();
	r = SSL_write(c->ssl, buf, n > INT32_MAX ? INT32_MAX : (int)n);
	if (r > 0) {
		c->want = 0;
		return r;
	}
	return early_failure(c, ssl_result(c, r, errp), errp);
}

bool ssl_conn_pending(const struct ssl_conn *c)
{
	return c->handshake_done && SSL_pending(c->ssl) > 0;
}

short ssl_conn_events(const struct ssl_conn *c, short default_events)
{
	return c->want ? c->want : default_events;
}
