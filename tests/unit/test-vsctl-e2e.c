/*
 * End-to-end test of fsw-vswitchd + fsw-vsctl + fsw-appctl, natively (no
 * datapath is involved yet).
 *
 * Why a cmocka program rather than a shell script: tests/run-tests.sh runs
 * every tests/unit/test-* binary and counts cmocka's per-test lines, so
 * each scenario below shows up as its own PASS/FAIL; fork/exec with argv
 * vectors avoids shell quoting, and we get exit status, stdout and stderr
 * separately for every command.
 *
 * The daemon runs from a mkdtemp() directory (rundir and dbdir inside it,
 * passed through FSW_RUNDIR/FSW_DBDIR so every tool finds it), detached,
 * logging to a file there.  The tests run in order and share that
 * daemon: later ones build on the configuration earlier ones made.
 */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "ctl.h"
#include "jsonrpc.h"
#include "status.h"
#include "util.h"

#define FSW_TEST_MAXPORT 256

static char tmpdir[64];
static char *builddir, *rundir, *dbdir, *logfile, *conf, *ctl, *pidfile;

struct result {
	int status;		/* exit code, or 128 + signal */
	char *out, *err;
};

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
}

static char *prog_path(const char *name)
{
	if (!strcmp(name, "fsw-vswitchd"))
		return xasprintf("%s/vswitchd/%s", builddir, name);
	return xasprintf("%s/utilities/%s", builddir, name);
}

static void slurp(int fds[2], char **bufs)
{
	size_t lens[2] = { 0, 0 };
	struct pollfd p[2];
	int open_fds = 2, i;

	for (i = 0; i < 2; i++) {
		bufs[i] = xzalloc(1);
		p[i].fd = fds[i];
		p[i].events = POLLIN;
	}
	while (open_fds) {
		poll(p, 2, -1);
		for (i = 0; i < 2; i++) {
			char chunk[4096];
			ssize_t n;

			if (p[i].fd < 0 || !p[i].revents)
				continue;
			n = read(p[i].fd, chunk, sizeof chunk);
			if (n <= 0) {
				close(p[i].fd);
				p[i].fd = -1;
				open_fds--;
				continue;
			}
			bufs[i] = xrealloc(bufs[i], lens[i] + n + 1);
			memcpy(bufs[i] + lens[i], chunk, n);
			lens[i] += n;
			bufs[i][lens[i]] = '\0';
		}
	}
}

/* Runs PROG with the NULL-terminated argument vector ARGV (argv[0]
 * included) and collects its output. */
static struct result runv(const char *prog, char **argv)
{
	struct result r = { 0 };
	int out[2], err[2], status;
	char *bufs[2];
	pid_t pid;

	assert_int_equal(pipe(out), 0);
	assert_int_equal(pipe(err), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		char *path = prog_path(prog);

		dup2(out[1], 1);
		dup2(err[1], 2);
		/* Only 1 and 2 may reach the program: a daemon keeping a
		 * stray copy would hold our pipes open forever. */
		close(out[0]);
		close(err[0]);
		close(out[1]);
		close(err[1]);
		execv(path, argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	slurp((int[]){ out[0], err[0] }, bufs);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	r.status = WIFEXITED(status) ? WEXITSTATUS(status)
		: 128 + WTERMSIG(status);
	r.out = bufs[0];
	r.err = bufs[1];
	return r;
}

#define RUN(PROG, ...) runv(PROG, (char *[]){ PROG, __VA_ARGS__, NULL })
#define VSCTL(...) RUN("fsw-vsctl", __VA_ARGS__)
#define APPCTL(...) RUN("fsw-appctl", __VA_ARGS__)

/* Expects success and exactly WANT on stdout (NULL: anything). */
static void expect_ok(struct result r, const char *want)
{
	if (r.status)
		fail_msg("exit %d, stderr: %s", r.status, r.err);
	if (want && strcmp(r.out, want))
		fail_msg("stdout:\n%s\nwanted:\n%s", r.out, want);
	result_free(&r);
}

static char *config_snapshot(void)
{
	struct result r = VSCTL("--format=json", "show");

	assert_int_equal(r.status, 0);
	free(r.err);
	return r.out;
}

/* Expects exit status STATUS, one line on stderr containing WANT, and no
 * change to the configuration. */
static void expect_fail_unchanged(int status, const char *want,
				  const char *before, struct result r)
{
	char *after;

	if (r.status != status)
		fail_msg("exit %d (wanted %d), stderr: %s", r.status, status,
			 r.err);
	if (!strstr(r.err, want))
		fail_msg("stderr \"%s\" lacks \"%s\"", r.err, want);
	if (*want && strchr(r.err, '\n') != r.err + strlen(r.err) - 1)
		fail_msg("stderr is not one line: \"%s\"", r.err);
	after = config_snapshot();
	assert_string_equal(before, after);
	free(after);
	result_free(&r);
}

static void start_daemon(void)
{
	char *opt = xasprintf("--log-file=%s", logfile);
	struct result r = RUN("fsw-vswitchd", "--detach", "-v", "ANY:dbg",
			      opt);

	free(opt);
	if (r.status)
		fail_msg("fsw-vswitchd failed to start: %s", r.err);
	result_free(&r);
}

static pid_t daemon_pid(void)
{
	FILE *f = fopen(pidfile, "r");
	long pid = -1;

	assert_non_null(f);
	assert_int_equal(fscanf(f, "%ld", &pid), 1);
	fclose(f);
	return pid;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static void wait_gone(pid_t pid)
{
	int i;

	for (i = 0; i < 500 && !kill(pid, 0); i++)
		usleep(10000);
	assert_int_not_equal(kill(pid, 0), 0);
}

static int setup(void **state)
{
	char self[4096];
	ssize_t n;

	if (getenv("FSW_BUILDDIR")) {
		builddir = xstrdup(getenv("FSW_BUILDDIR"));
	} else {
		n = readlink("/proc/self/exe", self, sizeof self - 1);
		if (n < 0)
			return -1;
		self[n] = '\0';
		/* BUILDDIR/tests/unit/test-vsctl-e2e */
		builddir = xstrdup(dirname(dirname(dirname(self))));
	}
	strcpy(tmpdir, "/tmp/fsw-test-e2e.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	rundir = xasprintf("%s/run", tmpdir);
	dbdir = xasprintf("%s/db", tmpdir);
	logfile = xasprintf("%s/fsw-vswitchd.log", tmpdir);
	conf = xasprintf("%s/conf.json", dbdir);
	ctl = xasprintf("%s/fsw-vswitchd.ctl", rundir);
	pidfile = xasprintf("%s/fsw-vswitchd.pid", rundir);
	setenv("FSW_RUNDIR", rundir, 1);
	setenv("FSW_DBDIR", dbdir, 1);
	return 0;
}

static int teardown(void **state)
{
	char *cmd;
	int rc;

	if (exists(pidfile)) {
		kill(daemon_pid(), SIGKILL);
		usleep(100000);
	}
	if (getenv("FSW_KEEP_TMP"))
		return 0;
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	rc = system(cmd);
	free(cmd);
	return rc;
}

/* ---- the scenarios, in order ---- */

static void test_start(void **state)
{
	struct result r = VSCTL("add-br", "br0");
	struct stat st;

	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "is not running"));
	result_free(&r);
	assert_false(exists(conf));
	start_daemon();
	assert_int_equal(stat(ctl, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_true(daemon_pid() > 0);
}

static void test_second_instance_refused(void **state)
{
	struct result r = RUN("fsw-vswitchd", "--detach");

	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "refusing to start a second"));
	result_free(&r);
	assert_true(exists(ctl));	/* the first one's socket is intact */
	expect_ok(APPCTL("version"), NULL);
}

static void test_bridges(void **state)
{
	expect_ok(VSCTL("list-br"), "");
	expect_ok(VSCTL("add-br", "br0"), "");
	expect_ok(VSCTL("add-br", "br1", "--", "set", "bridge", "br1",
			"datapath_type=netdev"), "");
	expect_ok(VSCTL("list-br"), "br0\nbr1\n");
	expect_ok(VSCTL("br-exists", "br0"), "");
	expect_ok(VSCTL("get", "bridge", "br1", "datapath_type"), "netdev\n");
	expect_ok(VSCTL("get", "bridge", "br0", "datapath_type"), "system\n");
	expect_ok(VSCTL("--may-exist", "add-br", "br0"), "");
	expect_ok(VSCTL("add-br", "tmp", "--", "del-br", "tmp"), "");
	expect_ok(VSCTL("--if-exists", "del-br", "nope"), "");
	expect_ok(VSCTL("--dry-run", "add-br", "dry", "--", "list-br"),
		  "br0\nbr1\ndry\n");
	expect_ok(VSCTL("list-br"), "br0\nbr1\n");
}

static void test_ports(void **state)
{
	expect_ok(VSCTL("add-port", "br0", "p1"), "");
	expect_ok(VSCTL("add-port", "br0", "p2", "tag=10", "--", "set",
			"interface", "p2", "type=internal"), "");
	expect_ok(VSCTL("add-port", "br1", "p3", "--", "add-port", "br1",
			"p4"), "");
	expect_ok(VSCTL("list-ports", "br0"), "p1\np2\n");
	expect_ok(VSCTL("list-ports", "br1"), "p3\np4\n");
	expect_ok(VSCTL("port-to-br", "p3"), "br1\n");
	expect_ok(VSCTL("iface-to-br", "p1"), "br0\n");
	expect_ok(VSCTL("get", "port", "p2", "tag"), "10\n");
	expect_ok(VSCTL("set", "port", "p2", "vlan_mode=access", "--", "get",
			"port", "p2", "vlan_mode"), "access\n");
	expect_ok(VSCTL("set", "bridge", "br1", "protocols=OpenFlow13", "--",
			"get", "bridge", "br1", "protocols"),
		  "[OpenFlow13]\n");
	expect_ok(VSCTL("get", "interface", "p2", "type"), "internal\n");
	expect_ok(VSCTL("get", "interface", "p1", "ofport", "--", "get",
			"interface", "p2", "ofport", "--", "get", "interface",
			"p4", "ofport"), "1\n2\n2\n");
	expect_ok(VSCTL("--may-exist", "add-port", "br0", "p1"), "");
	expect_ok(VSCTL("set", "port", "p1", "trunks=[20,30]", "--", "get",
			"port", "p1", "trunks"), "[20, 30]\n");
	expect_ok(VSCTL("add-port", "br0", "gone", "--", "del-port", "br0",
			"gone"), "");
	expect_ok(VSCTL("add-port", "br0", "gone2", "--", "del-port",
			"gone2"), "");
	expect_ok(VSCTL("--if-exists", "del-port", "nope"), "");
	/* p5 gets the lowest free number; p1/p2 keep theirs. */
	expect_ok(VSCTL("del-port", "p1", "--", "add-port", "br0", "p5",
			"--", "add-port", "br0", "p1"), "");
	expect_ok(VSCTL("get", "interface", "p5", "ofport", "--", "get",
			"interface", "p2", "ofport", "--", "get", "interface",
			"p1", "ofport"), "1\n2\n3\n");
	expect_ok(VSCTL("set", "interface", "p5", "ofport_request=100",
			"--", "get", "interface", "p5", "ofport"), "100\n");
}

static void test_controller_failmode_manager(void **state)
{
	expect_ok(VSCTL("set-controller", "br0", "tcp:127.0.0.1:6653",
			"ptcp:6654:127.0.0.1", "punix:/tmp/x.sock"), "");
	expect_ok(VSCTL("get-controller", "br0"),
		  "ptcp:6654:127.0.0.1\npunix:/tmp/x.sock\n"
		  "tcp:127.0.0.1:6653\n");
	expect_ok(VSCTL("del-controller", "br0", "--", "get-controller",
			"br0"), "");
	expect_ok(VSCTL("set-controller", "br0", "ssl:[::1]:6653"), "");
	expect_ok(VSCTL("get-fail-mode", "br0"), "");
	expect_ok(VSCTL("set-fail-mode", "br0", "secure"), "");
	expect_ok(VSCTL("get-fail-mode", "br0"), "secure\n");
	expect_ok(VSCTL("set-fail-mode", "br1", "standalone", "--",
			"del-fail-mode", "br1", "--", "get-fail-mode", "br1"),
		  "");
	expect_ok(VSCTL("set-manager", "ptcp:6640", "--", "get-manager"),
		  "ptcp:6640\n");
	expect_ok(VSCTL("set-manager", "ptcp:6641", "--", "del-manager",
			"--", "set-manager", "ptcp:6640"), "");
	expect_ok(VSCTL("set", "bridge", "br0",
			"other-config:datapath-id=00000000000000aa", "--",
			"get", "bridge", "br0", "datapath_id"),
		  "00000000000000aa\n");
}

static void test_qos(void **state)
{
	expect_ok(VSCTL("set-qos", "p1", "linux-htb", "max-rate=1G",
			"queue:0=min-rate=100M,max-rate=500M,priority=1",
			"queue:1=min-rate=10M"), "");
	expect_ok(VSCTL("get-qos", "p1"),
		  "linux-htb max-rate=1000000000 queue:0=min-rate=100000000,"
		  "max-rate=500000000,priority=1 queue:1=min-rate=10000000\n");
	expect_ok(VSCTL("set-qos", "p2", "linux-htb", "--", "clear-qos",
			"p2", "--", "get-qos", "p2"), "");
}

static void test_show_and_json(void **state)
{
	const char *want =
		"    Bridge br0\n"
		"        Controller \"ssl:[::1]:6653\"\n"
		"        fail_mode: secure\n"
		"        datapath_id: \"00000000000000aa\"\n"
		"        Port br0\n"
		"            Interface br0\n"
		"                type: internal\n"
		"                ofport: 65534\n"
		"        Port p1\n"
		"            qos: linux-htb max-rate=1000000000 queue:0=min-rate="
		"100000000,max-rate=500000000,priority=1 queue:1=min-rate="
		"10000000\n"
		"            Interface p1\n"
		"                ofport: 3\n"
		"        Port p2\n"
		"            tag: 10\n"
		"            vlan_mode: access\n"
		"            Interface p2\n"
		"                type: internal\n"
		"                ofport: 2\n";
	struct result r = VSCTL("show");
	json_t *j;

	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "    Manager \"ptcp:6640\"\n"));
	if (!strstr(r.out, want))
		fail_msg("show:\n%s", r.out);
	assert_non_null(strstr(r.out, "    Bridge br1\n"
			       "        datapath_type: netdev\n"));
	result_free(&r);
	expect_ok(VSCTL("list", "interface", "p2"),
		  "name          : p2\n"
		  "type          : internal\n"
		  "ofport        : 2\n"
		  "tag           : 10\n"
		  "vlan_mode     : access\n"
		  "trunks        : []\n"
		  "qos           : []\n"
		  "other_config  : {}\n"
		  "error         : []\n"
		  "status        : {}\n");
	r = VSCTL("list", "bridge");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "name          : br1\n"
			       "datapath_type : netdev\n"));
	assert_non_null(strstr(r.out, "ports         : [p3, p4]\n"));
	result_free(&r);
	expect_ok(VSCTL("--format", "json", "list-br"), "[\"br0\", \"br1\"]\n");
	expect_ok(VSCTL("-f", "json", "list-ports", "br1"),
		  "[\"p3\", \"p4\"]\n");
	r = VSCTL("--format=json", "show");
	assert_int_equal(r.status, 0);
	j = json_loads(r.out, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "bridges")), 2);
	json_decref(j);
	result_free(&r);
}

static void test_errors(void **state)
{
	char *before = config_snapshot();

	expect_fail_unchanged(1, "no bridge named br9", before,
			      VSCTL("add-port", "br9", "x"));
	expect_fail_unchanged(1, "already on bridge br0", before,
			      VSCTL("add-port", "br1", "p1"));
	expect_fail_unchanged(1, "already on bridge br0", before,
			      VSCTL("--may-exist", "add-port", "br1", "p1"));
	expect_fail_unchanged(1, "already exists", before,
			      VSCTL("add-br", "br0"));
	expect_fail_unchanged(1, "invalid bridge name", before,
			      VSCTL("add-br", "a/b"));
	expect_fail_unchanged(1, "invalid port name", before,
			      VSCTL("add-port", "br0", "waytoolongname123"));
	expect_fail_unchanged(1, "a bridge has that name", before,
			      VSCTL("add-port", "br0", "br1"));
	expect_fail_unchanged(1, "no port named nope", before,
			      VSCTL("del-port", "nope"));
	expect_fail_unchanged(1, "bridge br1 does not have a port p1", before,
			      VSCTL("del-port", "br1", "p1"));
	expect_fail_unchanged(1, "no bridge named nope", before,
			      VSCTL("del-br", "nope"));
	expect_fail_unchanged(1, "invalid target", before,
			      VSCTL("set-controller", "br0", "tcp:nowhere"));
	expect_fail_unchanged(1, "standalone or secure", before,
			      VSCTL("set-fail-mode", "br0", "open"));
	expect_fail_unchanged(1, "unknown command", before,
			      VSCTL("frobnicate"));
	expect_fail_unchanged(1, "wrong number of arguments", before,
			      VSCTL("add-br"));
	expect_fail_unchanged(1, "not valid for this command", before,
			      VSCTL("--if-exists", "add-br", "x"));
	expect_fail_unchanged(1, "a VLAN 0-4095", before,
			      VSCTL("set", "port", "p1", "tag=5000"));
	expect_fail_unchanged(1, "OpenFlow10 and/or OpenFlow13", before,
			      VSCTL("set", "bridge", "br0",
				    "protocols=OpenFlow15"));
	expect_fail_unchanged(1, "native-untagged", before,
			      VSCTL("set", "port", "p1", "vlan_mode=hybrid"));
	expect_fail_unchanged(1, "no settable column", before,
			      VSCTL("set", "bridge", "br0", "bogus=1"));
	expect_fail_unchanged(1, "only linux-htb", before,
			      VSCTL("set-qos", "p1", "linux-hfsc"));
	expect_fail_unchanged(1, "exceeds max-rate", before,
			      VSCTL("set-qos", "p1", "linux-htb",
				    "queue:0=min-rate=2M,max-rate=1M"));
	expect_fail_unchanged(1, "bad rate", before,
			      VSCTL("set-qos", "p1", "linux-htb",
				    "max-rate=fast"));
	expect_fail_unchanged(1, "already used by p2", before,
			      VSCTL("add-port", "br0", "x", "--", "set",
				    "interface", "x", "ofport_request=2"));
	expect_fail_unchanged(1, "already used by p5", before,
			      VSCTL("add-port", "br0", "x", "ofport=100"));
	expect_fail_unchanged(1, "fake bridges", before,
			      VSCTL("add-br", "v", "br0", "10"));
	/* All or nothing: the first commands are fine, the last is not. */
	expect_fail_unchanged(1, "no bridge named br9", before,
			      VSCTL("add-br", "br2", "--", "add-port", "br2",
				    "q1", "--", "add-port", "br9", "q2"));
	expect_fail_unchanged(2, "", before, VSCTL("br-exists", "br9"));
	free(before);
}

static void test_appctl(void **state)
{
	struct result r;

	expect_ok(APPCTL("version"), "fsw-vswitchd (Flowswitch) "
		  PACKAGE_VERSION "\n");
	expect_ok(APPCTL("-t", ctl, "version"), NULL);
	r = APPCTL("list-commands");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "  log/set\n"));
	assert_non_null(strstr(r.out, "  transact\n"));
	result_free(&r);
	expect_ok(APPCTL("log/set", "bridge:warn", "ctl:dbg"), "");
	r = APPCTL("log/list");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "bridge           warn\n"));
	assert_non_null(strstr(r.out, "ctl              dbg\n"));
	result_free(&r);
	expect_ok(APPCTL("log/set", "info"), "");
	r = APPCTL("log/set", "bridge:loud");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "unknown log level"));
	result_free(&r);
	r = APPCTL("log/set", "nomodule:dbg");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "unknown log module"));
	result_free(&r);
	r = APPCTL("no/such/command");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "unknown command"));
	result_free(&r);
	r = APPCTL("version", "extra");
	assert_int_equal(r.status, 2);
	result_free(&r);
	r = APPCTL("-t", "nothere", "version");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "is the daemon running"));
	result_free(&r);
}

/* Several clients at once: every transaction lands, numbers stay unique. */
static void test_concurrent_writers(void **state)
{
	char *snap, name[16];
	pid_t pids[4];
	json_t *j, *br, *p;
	bool seen[FSW_TEST_MAXPORT] = { false };
	int i, k, status, n = 0;

	for (i = 0; i < 4; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (!pids[i]) {
			int bad = 0;

			for (k = 0; k < 10; k++) {
				struct result r;

				snprintf(name, sizeof name, "c%d-%d", i, k);
				r = VSCTL("add-port", "br1", name);
				bad |= r.status;
				result_free(&r);
			}
			_exit(bad);
		}
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	snap = config_snapshot();
	j = json_loads(snap, 0, NULL);
	assert_non_null(j);
	json_array_foreach(json_object_get(j, "bridges"), i, br) {
		size_t x;

		if (strcmp(json_string_value(json_object_get(br, "name")),
			   "br1"))
			continue;
		json_array_foreach(json_object_get(br, "ports"), x, p) {
			json_int_t of = json_integer_value(
				json_object_get(p, "ofport"));

			assert_true(of > 0 && of < FSW_TEST_MAXPORT);
			assert_false(seen[of]);
			seen[of] = true;
			if (!strncmp(json_string_value(
				json_object_get(p, "name")), "c", 1))
				n++;
		}
	}
	assert_int_equal(n, 40);
	json_decref(j);
	free(snap);
	for (i = 0; i < 4; i++) {
		for (k = 0; k < 10; k++) {
			snprintf(name, sizeof name, "c%d-%d", i, k);
			expect_ok(VSCTL("del-port", "br1", name), "");
		}
	}
	expect_ok(VSCTL("list-ports", "br1"), "p3\np4\n");
}

static void test_exit_restart_persists(void **state)
{
	char *before = config_snapshot(), *after;
	pid_t pid = daemon_pid();
	struct result r;

	expect_ok(APPCTL("exit"), "");
	wait_gone(pid);
	assert_false(exists(pidfile));
	assert_false(exists(ctl));
	/* Offline: reads work from conf.json, writes say what to do. */
	expect_ok(VSCTL("list-br"), "br0\nbr1\n");
	expect_ok(VSCTL("get", "interface", "p5", "ofport"), "100\n");
	/* Explicit options instead of the environment. */
	expect_ok(VSCTL("--rundir=/nonexistent", "--db", conf, "list-br"),
		  "br0\nbr1\n");
	r = VSCTL("--db=", "list-br");
	assert_int_equal(r.status, 1);
	result_free(&r);
	expect_ok(VSCTL("--rundir", "/nonexistent", "--db", dbdir,
			"br-exists", "br1"), "");
	r = VSCTL("add-br", "br2");
	assert_int_equal(r.status, 1);
	after = xasprintf("fsw-vsctl: fsw-vswitchd is not running (%s): "
			  "start it first\n", ctl);
	assert_string_equal(r.err, after);
	free(after);
	result_free(&r);
	after = config_snapshot();
	assert_string_equal(before, after);
	free(after);

	start_daemon();
	after = config_snapshot();
	assert_string_equal(before, after);	/* ofports included */
	free(after);
	free(before);
}

static void test_sigterm(void **state)
{
	pid_t pid = daemon_pid();

	assert_int_equal(kill(pid, SIGTERM), 0);
	wait_gone(pid);
	assert_false(exists(pidfile));
	assert_false(exists(ctl));
	start_daemon();
}

/* kill -9 while transactions are being written: the daemon must come
 * back with a configuration that is one of the committed states. */
static int count_commits(void)
{
	FILE *f = fopen(logfile, "r");
	char line[1024];
	int n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof line, f))
		if (strstr(line, "configuration changed"))
			n++;
	fclose(f);
	return n;
}

static void test_kill9_during_writes(void **state)
{
	pid_t writer, pid = daemon_pid();
	int i, status, commits = count_commits();
	struct result r;

	writer = fork();
	assert_true(writer >= 0);
	if (!writer) {
		for (i = 0; i < 2000; i++) {
			char name[16];

			snprintf(name, sizeof name, "k%d", i % 50);
			r = VSCTL("--may-exist", "add-port", "br1", name,
				  "--", "set", "port", name, "tag=7");
			result_free(&r);
			r = VSCTL("--if-exists", "del-port", name);
			result_free(&r);
		}
		_exit(0);
	}
	/* Kill once the writer is well into its stream of commits (polling
	 * the log rather than sleeping a fixed time: the machine may be
	 * loaded). */
	for (i = 0; i < 1000 && count_commits() < commits + 10; i++)
		usleep(10000);
	assert_int_equal(kill(pid, SIGKILL), 0);
	wait_gone(pid);
	kill(writer, SIGKILL);
	waitpid(writer, &status, 0);
	/* The kill really landed in a stream of commits. */
	assert_true(count_commits() >= commits + 10);
	/* Stale pid file and socket are left behind; reads still work and
	 * writes report the daemon as not running. */
	r = VSCTL("add-br", "x");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "is not running"));
	result_free(&r);
	expect_ok(VSCTL("list-br"), "br0\nbr1\n");

	start_daemon();
	r = VSCTL("list-ports", "br1");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "p3\np4\n"));
	result_free(&r);
	expect_ok(VSCTL("get", "interface", "p5", "ofport"), "100\n");
	expect_ok(VSCTL("add-br", "after-crash", "--", "del-br",
			"after-crash"), "");
}

static void test_corrupt_refused(void **state)
{
	pid_t pid = daemon_pid();
	struct result r;
	char *text = "{\"version\": 1, \"bridges\": [ {\"name\": \"b\"";
	FILE *f;

	expect_ok(APPCTL("exit"), "");
	wait_gone(pid);
	f = fopen(conf, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	r = RUN("fsw-vswitchd", "--detach");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "corrupt configuration"));
	assert_non_null(strstr(r.err, "refusing to start"));
	result_free(&r);
	assert_false(exists(ctl));
	r = VSCTL("list-br");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "corrupt configuration"));
	result_free(&r);
	f = fopen(conf, "r");
	{
		char buf[256] = "";

		assert_true(fread(buf, 1, sizeof buf - 1, f) > 0);
		assert_string_equal(buf, text);	/* not replaced */
	}
	fclose(f);
}

/* fsw-vsctl renders what the daemon reports through lib/status.h.  The
 * stub bridge layer reports nothing, so a stand-in daemon (lib/ctl +
 * lib/status + lib/jsonrpc in a thread) serves get-config/get-status. */
static struct jsonrpc_server *fake;
static volatile int fake_stop;

static void fake_get_config(struct ctl_reply *r, const json_t *params,
			    void *aux)
{
	ctl_reply_json(r, json_loads("{\"version\":1,\"uuid\":\"u\","
		"\"bridges\":[{\"name\":\"br0\",\"controllers\":"
		"[\"tcp:192.0.2.1:6653\"],\"ports\":[{\"name\":\"eth9\","
		"\"ofport\":1}]}]}", 0, NULL));
}

static void *fake_loop(void *aux)
{
	struct pollset ps;

	pollset_init(&ps);
	while (!fake_stop) {
		pollset_clear(&ps);
		jsonrpc_server_wait(fake, &ps);
		pollset_timeout(&ps, 20);
		pollset_block(&ps, NULL);
		jsonrpc_server_run(fake);
	}
	pollset_uninit(&ps);
	return NULL;
}

static void test_status_display(void **state)
{
	char *dir = xasprintf("%s/fake", tmpdir), *sock, *e = NULL, *opt;
	struct result r;
	pthread_t thr;

	assert_int_equal(mkdir(dir, 0700), 0);
	sock = xasprintf("%s/fsw-vswitchd.ctl", dir);
	ctl_register_json("get-config", fake_get_config, NULL);
	status_register_ctl();
	status_set("interface", "eth9", "error", "could not open \"eth9\"");
	status_set("interface", "eth9", "link_state", "down");
	status_set("interface", "gone", "error", "x");
	status_clear("interface", "gone");
	status_set("controller", "tcp:192.0.2.1:6653", "is_connected",
		   "false");
	status_set("controller", "tcp:192.0.2.1:6653", "role", "master");
	status_set("controller", "tcp:192.0.2.1:6653", "role", NULL);
	if (jsonrpc_server_listen_unix(sock, 0600, ctl_dispatch, NULL, &fake,
				       &e))
		fail_msg("%s", e);
	assert_int_equal(pthread_create(&thr, NULL, fake_loop, NULL), 0);

	opt = xasprintf("--rundir=%s", dir);
	r = RUN("fsw-vsctl", opt, "show");
	assert_int_equal(r.status, 0);
	if (!strstr(r.out, "        Controller \"tcp:192.0.2.1:6653\"\n"
		    "            is_connected: false\n") ||
	    !strstr(r.out, "            Interface eth9\n"
		    "                ofport: 1\n"
		    "                error: \"could not open \\\"eth9\\\"\"\n"))
		fail_msg("show:\n%s", r.out);
	result_free(&r);
	r = RUN("fsw-vsctl", opt, "get",
		"interface", "eth9", "status", "--", "get", "interface",
		"eth9", "status:link_state");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "{error=\"could not open \\\"eth9\\\"\", "
			    "link_state=down}\ndown\n");
	result_free(&r);

	fake_stop = 1;
	pthread_join(thr, NULL);
	jsonrpc_server_close(fake);
	ctl_unregister_all();
	status_clear_all();
	free(opt);
	free(sock);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_second_instance_refused),
		cmocka_unit_test(test_bridges),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_controller_failmode_manager),
		cmocka_unit_test(test_qos),
		cmocka_unit_test(test_show_and_json),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_appctl),
		cmocka_unit_test(test_concurrent_writers),
		cmocka_unit_test(test_exit_restart_persists),
		cmocka_unit_test(test_sigterm),
		cmocka_unit_test(test_kill9_during_writes),
		cmocka_unit_test(test_corrupt_refused),
		cmocka_unit_test(test_status_display),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
