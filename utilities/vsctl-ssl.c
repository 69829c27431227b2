/*
 * fsw-vsctl set-ssl, get-ssl, del-ssl: the TLS settings used by every
 * ssl: controller and pssl: listener, with ovs-vsctl's spelling.  The
 * daemon loads the files when the transaction arrives and refuses the
 * whole transaction if it cannot use them (vswitchd/tls.c).
 */
#include <config.h>
#include "vsctl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* The daemon runs in "/": a relative path means the caller's directory. */
static char *absolute_path(const char *what, const char *path)
{
	char *cwd;
	char *abs;

	if (!*path)
		vsctl_fatal("set-ssl: empty %s path", what);
	if (path[0] == '/')
		return xstrdup(path);
	cwd = getcwd(NULL, 0);
	if (!cwd)
		vsctl_fatal("set-ssl: %s %s: cannot get the current directory "
			    "to make the path absolute: %s", what, path,
			    strerror(errno));
	abs = xasprintf("%s/%s", cwd, path);
	free(cwd);
	return abs;
}

void vsctl_cmd_set_ssl(struct vsctl_ctx *c, int argc, char *argv[])
{
	char *key = absolute_path("private key", argv[1]);
	char *cert = absolute_path("certificate", argv[2]);
	char *ca = absolute_path("CA certificate", argv[3]);

	(void)argc;
	vsctl_op(c, json_pack("{s:s, s:s, s:s, s:s}", "op", "set-ssl",
			      "private_key", key, "certificate", cert,
			      "ca_cert", ca));
	free(key);
	free(cert);
	free(ca);
}

void vsctl_cmd_get_ssl(struct vsctl_ctx *c, int argc, char *argv[])
{
	const struct fsw_ssl *s = c->cfg->ssl;

	(void)argc;
	(void)argv;
	if (!s)
		return;
	if (c->format == FMT_JSON) {
		json_t *j = json_pack("{s:s, s:s, s:s}", "private_key",
				      s->private_key, "certificate",
				      s->certificate, "ca_cert", s->ca_cert);
		char *text = json_dumps(j, 0);

		vsctl_print(c, "%s\n", text);
		free(text);
		json_decref(j);
		return;
	}
	/* ovs-vsctl's layout, Bootstrap included (always false here: the
	 * CA certificate is never fetched from the peer). */
	vsctl_print(c, "Private key: %s\nCertificate: %s\nCA Certificate: %s\n"
		    "Bootstrap: false\n", s->private_key, s->certificate,
		    s->ca_cert);
}

void vsctl_cmd_del_ssl(struct vsctl_ctx *c, int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	vsctl_op(c, json_pack("{s:s}", "op", "del-ssl"));
}
