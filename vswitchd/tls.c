/*
 * The daemon's TLS settings (see tls.h).
 */
#include <config.h>
#include "tls.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bridge.h"
#include "fsw-config.h"
#include "log.h"
#include "stream-ssl.h"
#include "util.h"

LOG_MODULE(tls);

static struct ssl_config *current;

int tls_prepare(const struct fsw_ssl *s, struct ssl_config **cfgp,
		char **errp)
{
	struct ssl_config *cfg = ssl_config_create();
	char *e = NULL;
	int err;

	*cfgp = NULL;
	if (!s) {
		*cfgp = cfg;
		return 0;
	}
	/* The certificate first: a key is checked against the certificate
	 * already set (stream-ssl.h). */
	err = ssl_config_set_certificate(cfg, s->certificate, &e);
	if (!err)
		err = ssl_config_set_private_key(cfg, s->private_key, &e);
	if (!err)
		err = ssl_config_set_ca_cert(cfg, s->ca_cert, &e);
	if (!err)
		err = ssl_config_check(cfg, &e);
	if (err) {
		ssl_config_destroy(cfg);
		*errp = xasprintf("TLS settings refused: %s", e ? e : "?");
		free(e);
		return err;
	}
	*cfgp = cfg;
	return 0;
}

void tls_install(struct ssl_config *cfg)
{
	struct ssl_config *old = current;

	current = cfg;
	/* Every user of the old settings moves to the new ones before the
	 * old ones go (open TLS sessions hold their own reference to the
	 * OpenSSL context, and they are re-established anyway). */
	bridge_set_ssl(cfg);
	ssl_config_destroy(old);
	LOG_DBG("TLS settings installed");
}

bool tls_ops_reload(const json_t *ops)
{
	const json_t *op;
	size_t i;

	json_array_foreach(ops, i, op) {
		const char *name = json_string_value(json_object_get(op, "op"));

		if (name && !strcmp(name, "set-ssl"))
			return true;
	}
	return false;
}

void tls_exit(void)
{
	ssl_config_destroy(current);
	current = NULL;
}
