/*
 * TLS configuration for ssl: and pssl: streams (OpenSSL).
 *
 * A struct ssl_config holds a private key, its certificate and the CA
 * certificate that peers must be signed by.  Each setter loads and checks
 * the file at once, so a bad file is reported when it is configured, not
 * at the first connection.  Streams opened with a NULL config use the
 * process-wide ssl_config_default().
 *
 * Both sides present their certificate.  With verify_peer (the default)
 * each side requires the other's certificate to be signed by the CA: the
 * switch (active ssl:) checks the controller, and a listener (pssl:)
 * checks its clients.  TLS 1.2 is the minimum protocol version.  Peer
 * host names are not checked: targets are IP addresses, and trust comes
 * from the CA alone.
 */
#ifndef FSW_STREAM_SSL_H
#define FSW_STREAM_SSL_H 1

#include <stdbool.h>

struct ssl_config;

struct ssl_config *ssl_config_create(void);
void ssl_config_destroy(struct ssl_config *);
/* The configuration used for a NULL struct ssl_config *. */
struct ssl_config *ssl_config_default(void);

/* Each returns 0 or a negative errno with a malloc'd message in *ERRP
 * (if ERRP is nonnull); on failure the configuration is unchanged.
 * A private key file readable by group or others is refused (-EACCES).
 * To replace both key and certificate, set the certificate first: a key
 * that does not match the configured certificate is refused, and a new
 * certificate drops a key that does not match it (ssl_config_check()
 * then says so until the matching key is set). */
int ssl_config_set_private_key(struct ssl_config *, const char *path,
			       char **errp);
int ssl_config_set_certificate(struct ssl_config *, const char *path,
			       char **errp);
int ssl_config_set_ca_cert(struct ssl_config *, const char *path,
			   char **errp);
/* Whether to require and verify the peer's certificate (default true). */
void ssl_config_set_verify_peer(struct ssl_config *, bool);

/* Checks that CFG can be used for a connection (key, certificate and,
 * with verify_peer, the CA are set and the key matches the
 * certificate).  0 or -errno with a message in *ERRP. */
int ssl_config_check(const struct ssl_config *, char **errp);

#endif
