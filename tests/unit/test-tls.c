/*
 * fsw-vswitchd's TLS settings end to end, natively: fsw-vsctl set-ssl,
 * get-ssl and del-ssl against a real daemon, which must refuse unusable
 * files, store good ones, and apply them live to an ssl: controller and
 * a pssl: listener.  This test plays the controller (and the client of
 * the listener) with lib/vconn, using certificates made by the openssl
 * command (stream-test-util.h: CA "ca" signs server, client; CA
 * "other-ca" signs rogue).
 *
 * No datapath is needed: the bridge's datapath cannot be opened here
 * (that is retried in the background), but its controller connections
 * work all the same.  The tests run in order and share the daemon.
 */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <jansson.h>
#include <libgen.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "fsw-config.h"
#include "log.h"
#include "stream-test-util.h"
#include "vconn.h"

static char *dir, *builddir, *logfile, *conf, *pidfile;
static char *out, *err;		/* of the last run() */
static struct ssl_config *ctl_good, *ctl_client, *ctl_rogue;

/* The whole file at PATH ("" if it cannot be read). */
static char *test_slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t len = 0, n;
	char *data = xzalloc(4097);

	while (f && (n = fread(data + len, 1, 4096, f)) > 0) {
		len += n;
		data = xrealloc(data, len + 4097);
	}
	data[len] = '\0';
	if (f)
		fclose(f);
	return data;
}

/* Runs the shell command FMT..., keeping its stdout and stderr in
 * OUT and ERR; returns its exit status. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char *cmd, *full, *o, *e;
	va_list args;
	int status;

	va_start(args, fmt);
	assert_true(vasprintf(&cmd, fmt, args) >= 0);
	va_end(args);
	o = test_path(dir, "out");
	e = test_path(dir, "err");
	full = xasprintf("(%s) >%s 2>%s </dev/null", cmd, o, e);
	status = system(full);
	free(out);
	free(err);
	out = test_slurp(o);
	err = test_slurp(e);
	free(o);
	free(e);
	free(full);
	free(cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

#define VSCTL "%s/utilities/fsw-vsctl -t 10 "

static void vsctl_ok(const char *args)
{
	if (run(VSCTL "%s", builddir, args))
		fail_msg("fsw-vsctl %s: %s", args, err);
}

static char *file_text(const char *path)
{
	return test_slurp(path);
}

static bool log_has(const char *what)
{
	char *text = file_text(logfile);
	bool found = strstr(text, what) != NULL;

	free(text);
	return found;
}

/* Waits until the daemon's log contains WHAT. */
static void wait_log(const char *what, int ms)
{
	long long deadline = test_now_ms() + ms;

	while (!log_has(what) && test_now_ms() < deadline)
		usleep(50000);
	if (!log_has(what)) {
		char *text = file_text(logfile);

		fail_msg("the daemon's log lacks \"%s\":\n%s", what, text);
	}
}

static unsigned int free_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof sin;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	unsigned int port;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

/* Accepts a connection on PV within MS and completes its TLS handshake
 * and HELLO.  Returns 0 with the vconn in *VCP, -ETIMEDOUT if nobody
 * came, or the failure (its text in *WHY, if WHY is nonnull). */
static int ctl_accept(struct pvconn *pv, int ms, struct vconn **vcp,
		      char **why)
{
	long long deadline = test_now_ms() + ms;
	struct vconn *vc = NULL;
	struct pollfd pfds[2];
	int r = -ETIMEDOUT;

	while (test_now_ms() < deadline) {
		if (!vc && pvconn_accept(pv, &vc))
			vc = NULL;
		if (vc) {
			r = vconn_connect(vc);
			if (r != -EAGAIN)
				break;
		}
		pvconn_wait(pv, &pfds[0]);
		pfds[1].fd = -1;
		if (vc)
			vconn_wait(vc, &pfds[1]);
		poll(pfds, 2, 50);
	}
	if (r == -EAGAIN)
		r = -ETIMEDOUT;
	if (r && vc) {
		if (why)
			*why = xstrdup(vconn_get_error(vc));
		vconn_close(vc);
		vc = NULL;
	}
	*vcp = vc;
	return r;
}

/* Connects to TARGET with CFG and completes TLS and HELLO: 0 or the
 * failure. */
static int client_connect(const char *target, struct ssl_config *cfg,
			  struct vconn **vcp)
{
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;
	struct pollfd pfd;
	char *e = NULL;
	int r;

	*vcp = NULL;
	r = vconn_open(target, 0, cfg, vcp, &e);
	free(e);
	if (r)
		return r;
	while ((r = vconn_connect(*vcp)) == -EAGAIN &&
	       test_now_ms() < deadline) {
		vconn_wait(*vcp, &pfd);
		poll(&pfd, 1, 50);
	}
	if (r) {
		vconn_close(*vcp);
		*vcp = NULL;
	}
	return r;
}

/* VC's peer closes it within MS (an error other than "try again"). */
static bool closed_by_peer(struct vconn *vc, int ms)
{
	long long deadline = test_now_ms() + ms;
	struct pollfd pfd;
	struct buf *m;
	int r;

	while (test_now_ms() < deadline) {
		r = vconn_recv(vc, &m);
		if (!r)
			vconn_msg_delete(m);	/* FEATURES_REQUEST etc. */
		else if (r != -EAGAIN)
			return true;
		vconn_wait(vc, &pfd);
		poll(&pfd, 1, 50);
	}
	return false;
}

static char *pki(const char *name)
{
	return test_path(dir, name);
}

static int setup(void **state)
{
	char self[4096];
	ssize_t n;

	if (!have_openssl_cli())
		return 0;
	if (getenv("FSW_BUILDDIR")) {
		builddir = xstrdup(getenv("FSW_BUILDDIR"));
	} else {
		n = readlink("/proc/self/exe", self, sizeof self - 1);
		if (n < 0)
			return -1;
		self[n] = '\0';
		builddir = xstrdup(dirname(dirname(dirname(self))));
	}
	dir = test_mkdtemp();
	if (make_test_pki(dir))
		return -1;
	logfile = test_path(dir, "fsw-vswitchd.log");
	conf = test_path(dir, "db/conf.json");
	pidfile = test_path(dir, "run/fsw-vswitchd.pid");
	setenv("FSW_RUNDIR", test_path(dir, "run"), 1);
	setenv("FSW_DBDIR", test_path(dir, "db"), 1);
	ctl_good = test_ssl_config(dir, "server", "ca");
	ctl_client = test_ssl_config(dir, "client", "ca");
	ctl_rogue = test_ssl_config(dir, "rogue", "ca");
	if (run("%s/vswitchd/fsw-vswitchd --detach --log-file=%s", builddir,
		logfile)) {
		fprintf(stderr, "fsw-vswitchd did not start: %s", err);
		return -1;
	}
	return 0;
}


static int teardown(void **state)
{
	char *pid;

	if (!dir)
		return 0;
	pid = file_text(pidfile);
	if (atoi(pid) > 0)
		kill(atoi(pid), SIGTERM);
	free(pid);
	usleep(200000);
	ssl_config_destroy(ctl_good);
	ssl_config_destroy(ctl_client);
	ssl_config_destroy(ctl_rogue);
	if (!getenv("FSW_KEEP_TMP"))
		test_rmdir(dir);
	return 0;
}

/* Bad settings are refused whole, with the reason, and change nothing. */
static void test_refused(void **state)
{
	char *key = pki("client-key.pem"), *cert = pki("client-cert.pem");
	char *ca = pki("ca-cert.pem"), *before, *after;

	if (!dir)
		skip();
	before = file_text(conf);
	assert_int_equal(run("cp %s %s/loose-key.pem && chmod 644 "
			     "%s/loose-key.pem", key, dir, dir), 0);
	assert_int_equal(run(VSCTL "set-ssl %s/loose-key.pem %s %s",
			     builddir, dir, cert, ca), 1);
	assert_non_null(strstr(err, "readable by group or others"));
	assert_non_null(strstr(err, "nothing changed"));
	assert_int_equal(run(VSCTL "set-ssl %s/nokey.pem %s %s", builddir,
			     dir, cert, ca), 1);
	assert_non_null(strstr(err, "No such file or directory"));
	/* The server's key with the client's certificate. */
	assert_int_equal(run(VSCTL "set-ssl %s/server-key.pem %s %s",
			     builddir, dir, cert, ca), 1);
	assert_non_null(strstr(err, "does not match the certificate"));
	assert_int_equal(run(VSCTL "set-ssl %s %s %s/pki.log", builddir, key,
			     cert, dir), 1);
	assert_non_null(strstr(err, "CA certificate"));
	/* All or nothing: the bridge of the same transaction is not made. */
	assert_int_equal(run(VSCTL "add-br brx -- set-ssl %s/nokey.pem %s %s",
			     builddir, dir, cert, ca), 1);
	assert_int_equal(run(VSCTL "--bootstrap set-ssl %s %s %s", builddir,
			     key, cert, ca), 1);
	assert_non_null(strstr(err, "not supported"));
	assert_int_equal(run(VSCTL "set-ssl %s %s", builddir, key, cert), 1);
	assert_non_null(strstr(err, "wrong number of arguments"));
	vsctl_ok("get-ssl");
	assert_string_equal(out, "");
	after = file_text(conf);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(key);
	free(cert);
	free(ca);
}

/* An ssl: controller: nothing without settings; set-ssl connects it at
 * once; new settings reconnect it with the new certificate; a peer
 * that refuses it is retried with a growing backoff. */
static void test_ssl_controller_live(void **state)
{
	unsigned int port;
	struct pvconn *pv;
	struct vconn *vc, *vc2;
	char *e = NULL, *why = NULL, *want;

	if (!dir)
		skip();
	assert_int_equal(pvconn_open("pssl:0:127.0.0.1", 0, ctl_good, &pv,
				     &e), 0);
	port = pvconn_get_port(pv);
	run(VSCTL "add-br br0 -- set-fail-mode br0 secure -- "
	    "set-controller br0 ssl:127.0.0.1:%u", builddir, port);
	assert_int_equal(run(VSCTL "get-controller br0", builddir), 0);
	assert_int_equal(ctl_accept(pv, 1500, &vc, NULL), -ETIMEDOUT);
	wait_log("no private key configured", TEST_DEADLINE_MS);

	/* Relative paths are the caller's. */
	assert_int_equal(run("cd %s && " VSCTL "set-ssl client-key.pem "
			     "client-cert.pem ca-cert.pem", dir, builddir), 0);
	vsctl_ok("get-ssl");
	want = xasprintf("Private key: %s/client-key.pem\nCertificate: "
			 "%s/client-cert.pem\nCA Certificate: %s/ca-cert.pem\n"
			 "Bootstrap: false\n", dir, dir, dir);
	assert_string_equal(out, want);
	free(want);
	assert_int_equal(ctl_accept(pv, TEST_DEADLINE_MS, &vc, &why), 0);

	/* New settings: the session made with the old ones is dropped and
	 * the daemon comes back with the rogue certificate, which this
	 * controller (CA "ca") refuses. */
	assert_int_equal(run(VSCTL "set-ssl %s/rogue-key.pem "
			     "%s/rogue-cert.pem %s/ca-cert.pem", builddir,
			     dir, dir, dir), 0);
	assert_true(closed_by_peer(vc, TEST_DEADLINE_MS));
	vconn_close(vc);
	assert_int_equal(ctl_accept(pv, TEST_DEADLINE_MS, &vc, &why),
			 -EPROTO);
	assert_non_null(strstr(why, "certificate verify failed"));
	free(why);
	why = NULL;
	/* The daemon hears "unknown ca", or a reset if this side closed
	 * with its HELLO unread: either way a handshake failure. */
	wait_log("TLS handshake failed", TEST_DEADLINE_MS);
	/* Retried after 1 s, then after 2 s. */
	assert_int_equal(ctl_accept(pv, 3000, &vc2, &why), -EPROTO);
	free(why);
	why = NULL;
	wait_log("waiting 1 s before reconnecting", TEST_DEADLINE_MS);
	wait_log("waiting 2 s before reconnecting", TEST_DEADLINE_MS);

	/* set-ssl with the same paths reads the files again: a renewed
	 * certificate is picked up without a restart. */
	assert_int_equal(run("cd %s && cp client-key.pem rogue-key.pem && "
			     "cp client-cert.pem rogue-cert.pem", dir), 0);
	assert_int_equal(run(VSCTL "set-ssl %s/rogue-key.pem "
			     "%s/rogue-cert.pem %s/ca-cert.pem", builddir,
			     dir, dir, dir), 0);
	assert_int_equal(ctl_accept(pv, TEST_DEADLINE_MS, &vc, &why), 0);
	vconn_close(vc);
	pvconn_close(pv);
	free(e);
}

/* A pssl: listener: clients are checked against the configured CA, and
 * a new CA takes effect at once, for new and existing sessions. */
static void test_pssl_listener_live(void **state)
{
	unsigned int port = free_port();
	struct vconn *vc, *vc2;
	char *target = xasprintf("ssl:127.0.0.1:%u", port);

	if (!dir)
		skip();
	assert_int_equal(run(VSCTL "set-ssl %s/server-key.pem "
			     "%s/server-cert.pem %s/ca-cert.pem -- "
			     "set-controller br0 pssl:%u:127.0.0.1", builddir,
			     dir, dir, dir, port), 0);
	wait_log("controller target(s)", TEST_DEADLINE_MS);
	assert_int_equal(client_connect(target, ctl_client, &vc), 0);
	/* A client of another CA is refused, and the daemon says why. */
	assert_int_not_equal(client_connect(target, ctl_rogue, &vc2), 0);
	wait_log("certificate verify failed", TEST_DEADLINE_MS);

	/* Trust other-ca instead: the old session goes, the rogue client
	 * is now welcome and the former one is not. */
	assert_int_equal(run(VSCTL "set-ssl %s/server-key.pem "
			     "%s/server-cert.pem %s/other-ca-cert.pem",
			     builddir, dir, dir, dir), 0);
	assert_true(closed_by_peer(vc, TEST_DEADLINE_MS));
	vconn_close(vc);
	assert_int_equal(client_connect(target, ctl_rogue, &vc2), 0);
	vconn_close(vc2);
	assert_int_not_equal(client_connect(target, ctl_client, &vc), 0);
	free(target);
}

static void stop_daemon(void)
{
	char *pid = file_text(pidfile);
	long long deadline = test_now_ms() + TEST_DEADLINE_MS;

	assert_true(atoi(pid) > 0);
	assert_int_equal(kill(atoi(pid), SIGTERM), 0);
	while (!kill(atoi(pid), 0) && test_now_ms() < deadline)
		usleep(20000);
	assert_int_not_equal(kill(atoi(pid), 0), 0);
	free(pid);
}

static void start_daemon(void)
{
	if (run("%s/vswitchd/fsw-vswitchd --detach --log-file=%s", builddir,
		logfile))
		fail_msg("fsw-vswitchd did not start: %s", err);
}

/* After a restart the stored settings are used again; stored files that
 * went bad meanwhile are reported, and the daemon still starts. */
static void test_restart(void **state)
{
	unsigned int port;
	struct vconn *vc;
	char *target, *line;

	if (!dir)
		skip();
	stop_daemon();
	start_daemon();
	vsctl_ok("get-controller br0");
	assert_int_equal(sscanf(out, "pssl:%u:", &port), 1);
	target = xasprintf("ssl:127.0.0.1:%u", port);
	wait_log("controller target(s)", TEST_DEADLINE_MS);
	assert_int_equal(client_connect(target, ctl_rogue, &vc), 0);
	vconn_close(vc);

	stop_daemon();
	assert_int_equal(run("chmod 644 %s/server-key.pem", dir), 0);
	assert_int_equal(truncate(logfile, 0), 0);
	start_daemon();
	line = xasprintf("%s: TLS settings refused: private key "
			 "%s/server-key.pem is readable by group or others",
			 conf, dir);
	wait_log(line, TEST_DEADLINE_MS);
	free(line);
	wait_log("cannot listen on pssl:", TEST_DEADLINE_MS);
	assert_int_not_equal(client_connect(target, ctl_rogue, &vc), 0);
	/* Fixing the file and saying set-ssl again brings TLS back. */
	assert_int_equal(run("chmod 600 %s/server-key.pem", dir), 0);
	assert_int_equal(run(VSCTL "set-ssl %s/server-key.pem "
			     "%s/server-cert.pem %s/other-ca-cert.pem",
			     builddir, dir, dir, dir), 0);
	assert_int_equal(client_connect(target, ctl_rogue, &vc), 0);
	vconn_close(vc);
	free(target);
}

/* A hand-edited conf.json is held to the same rules. */
static void test_file_rules(void **state)
{
	static const char *const bad[] = {
		"{\"private_key\": \"key.pem\", \"certificate\": \"/c\", "
		"\"ca_cert\": \"/a\"}",
		"{\"private_key\": \"/k\", \"certificate\": \"/c\"}",
		"{\"private_key\": \"/k\", \"certificate\": \"/c\", "
		"\"ca_cert\": \"/a\", \"bootstrap\": true}",
		"[\"/k\", \"/c\", \"/a\"]",
	};
	struct fsw_config *cfg;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char *text = xasprintf("{\"version\": 1, \"ssl\": %s}",
				       bad[i]);
		json_t *j = json_loads(text, 0, NULL);
		char *e = NULL;

		assert_non_null(j);
		assert_int_equal(fsw_config_from_json(j, &cfg, &e), -EINVAL);
		assert_non_null(strstr(e, "ssl"));
		free(e);
		json_decref(j);
		free(text);
	}
}

/* The settings are in conf.json; del-ssl removes them and TLS stops. */
static void test_stored_and_deleted(void **state)
{
	json_t *j;
	char *want;

	if (!dir)
		skip();
	j = json_load_file(conf, 0, NULL);
	assert_non_null(j);
	want = pki("other-ca-cert.pem");
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(j, "ssl"), "ca_cert")), want);
	free(want);
	json_decref(j);
	assert_int_equal(truncate(logfile, 0), 0);
	vsctl_ok("del-ssl -- get-ssl");
	assert_string_equal(out, "");
	j = json_load_file(conf, 0, NULL);
	assert_null(json_object_get(j, "ssl"));
	json_decref(j);
	wait_log("cannot listen on pssl:", TEST_DEADLINE_MS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_ssl_controller_live),
		cmocka_unit_test(test_pssl_listener_live),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_file_rules),
		cmocka_unit_test(test_stored_and_deleted),
	};

	log_set_level(NULL, LL_OFF);
	return cmocka_run_group_tests(tests, setup, teardown);
}
