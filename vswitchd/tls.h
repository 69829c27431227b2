/*
 * The daemon's TLS settings: the configuration's "ssl" paths (fsw-vsctl
 * set-ssl) loaded into the struct ssl_config that every ssl: controller
 * and pssl: listener of every bridge uses.
 *
 * A change is checked before it is accepted (tls_prepare() loads the
 * files into a new ssl_config; the transaction is refused if that fails)
 * and then installed live (tls_install()): connections and listeners
 * that use TLS are re-established with the new settings, plain ones are
 * left alone.
 */
#ifndef FSW_VSWITCHD_TLS_H
#define FSW_VSWITCHD_TLS_H 1

#include <stdbool.h>
#include <jansson.h>

struct fsw_ssl;
struct ssl_config;

/* Loads S (NULL: no TLS settings, an empty configuration on which every
 * TLS connection fails) into a new ssl_config in *CFGP.  0, or -errno
 * with a one-line message in *ERRP. */
int tls_prepare(const struct fsw_ssl *s, struct ssl_config **cfgp,
		char **errp);

/* Makes CFG (taken over) the daemon's TLS settings, reconnecting every
 * TLS connection; the previous settings are freed. */
void tls_install(struct ssl_config *cfg);

/* Does the operation list OPS ask for the TLS files to be read again
 * (a set-ssl, even with unchanged paths: the files may be new)? */
bool tls_ops_reload(const json_t *ops);

/* Frees the current settings (at exit, after the bridges are gone). */
void tls_exit(void);

#endif
