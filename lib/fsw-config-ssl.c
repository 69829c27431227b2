/*
 * The TLS settings of the configuration ("ssl" in conf.json, fsw-vsctl
 * set-ssl/del-ssl): three absolute paths.  Whether the files are usable
 * (present, readable, a private key only its owner can read, a key that
 * matches the certificate) is checked by fsw-vswitchd when it loads them
 * (vswitchd/tls.c): this file only knows the paths.
 *
 * Paths must be absolute because the daemon's working directory is "/"
 * once it detaches: fsw-vsctl turns relative arguments into absolute
 * paths before it sends them.
 */
#include <config.h>
#include "fsw-config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fsw-config-priv.h"
#include "util.h"

static const struct {
	const char *key;	/* JSON member and operation argument */
	const char *what;	/* for messages */
	size_t offset;
} ssl_fields[] = {
	{ "private_key", "private key", offsetof(struct fsw_ssl, private_key) },
	{ "certificate", "certificate", offsetof(struct fsw_ssl, certificate) },
	{ "ca_cert", "CA certificate", offsetof(struct fsw_ssl, ca_cert) },
};

static char **field(struct fsw_ssl *s, size_t i)
{
	return (char **)((char *)s + ssl_fields[i].offset);
}

static const char *cfield(const struct fsw_ssl *s, size_t i)
{
	return *field((struct fsw_ssl *)s, i);
}

void fsw_ssl_destroy(struct fsw_ssl *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < ARRAY_SIZE(ssl_fields); i++)
		free(*field(s, i));
	free(s);
}

bool fsw_ssl_equal(const struct fsw_ssl *a, const struct fsw_ssl *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	for (i = 0; i < ARRAY_SIZE(ssl_fields); i++)
		if (strcmp(cfield(a, i), cfield(b, i)))
			return false;
	return true;
}

json_t *fsw_ssl_to_json(const struct fsw_ssl *s)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ssl_fields); i++)
		json_object_set_new(o, ssl_fields[i].key,
				    json_string(cfield(s, i)));
	return o;
}

/* Reads the three paths from O (a conf.json "ssl" object or a set-ssl
 * operation; IGNORE is a member O may have besides them, or NULL). */
static int ssl_from_object(const json_t *o, const char *ctx,
			   const char *ignore, struct fsw_ssl **sp,
			   char **errp)
{
	struct fsw_ssl *s;
	const char *key;
	json_t *v;
	size_t i;
	int err;

	*sp = NULL;
	if (!json_is_object(o))
		return cfg_fail(errp, -EINVAL, "%s: expected an object", ctx);
	json_object_foreach((json_t *)o, key, v) {
		for (i = 0; i < ARRAY_SIZE(ssl_fields); i++)
			if (!strcmp(key, ssl_fields[i].key))
				break;
		if (i == ARRAY_SIZE(ssl_fields) &&
		    (!ignore || strcmp(key, ignore)))
			return cfg_fail(errp, -EINVAL, "%s: unknown member "
					"\"%s\"", ctx, key);
	}
	s = xzalloc(sizeof *s);
	for (i = 0; i < ARRAY_SIZE(ssl_fields); i++) {
		v = json_object_get(o, ssl_fields[i].key);
		if (!json_is_string(v)) {
			fsw_ssl_destroy(s);
			return cfg_fail(errp, -EINVAL, "%s: \"%s\" must be a "
					"string (the %s file)", ctx,
					ssl_fields[i].key, ssl_fields[i].what);
		}
		*field(s, i) = xstrdup(json_string_value(v));
	}
	err = fsw_ssl_validate(s, errp);
	if (err) {
		fsw_ssl_destroy(s);
		return err;
	}
	*sp = s;
	return 0;
}

int fsw_ssl_from_json(const json_t *o, struct fsw_ssl **sp, char **errp)
{
	return ssl_from_object(o, "ssl", NULL, sp, errp);
}

int fsw_ssl_validate(const struct fsw_ssl *s, char **errp)
{
	const char *p, *c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ssl_fields); i++) {
		p = cfield(s, i);
		if (!p || p[0] != '/')
			return cfg_fail(errp, -EINVAL, "ssl: %s \"%s\" must be "
					"an absolute path", ssl_fields[i].what,
					p ? p : "");
		for (c = p; *c; c++)
			if ((unsigned char)*c < ' ' || *c == 0x7f)
				return cfg_fail(errp, -EINVAL, "ssl: %s path "
						"contains a control character",
						ssl_fields[i].what);
	}
	return 0;
}

int fsw_config_op_set_ssl(struct fsw_config *cfg, const json_t *op,
			  char **errp)
{
	struct fsw_ssl *s;
	int err;

	err = ssl_from_object(op, "operation set-ssl", "op", &s, errp);
	if (err)
		return err;
	fsw_ssl_destroy(cfg->ssl);
	cfg->ssl = s;
	return 0;
}

int fsw_config_op_del_ssl(struct fsw_config *cfg, const json_t *op,
			  char **errp)
{
	(void)op;
	(void)errp;
	fsw_ssl_destroy(cfg->ssl);
	cfg->ssl = NULL;
	return 0;
}
