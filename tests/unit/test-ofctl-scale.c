/*
 * fsw-ofctl against fsw-vswitchd with 10,000 rules, natively: add-flows,
 * dump-flows (a reply of about 1 MB, many multipart messages: it used to
 * hang when the daemon dropped the parts its send queue had no room
 * for), a batch of 10,000 refused flows (every error reported, no
 * deadlock), strict deletes from a file, del-flows of everything (it used to
 * be quadratic), each within a generous time bound.  When Debian's
 * ovs-ofctl is installed it must accept our TABLE_FEATURES reply
 * (add-flow without --no-names) and dump the same rules.
 *
 * The daemon runs detached from a mkdtemp() directory with a netdev
 * bridge: no kernel, no traffic.  Tests run in order on one daemon.
 */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "util.h"

#define N_RULES 10000
#define STEP_TIMEOUT 120	/* seconds: generous, TCG or a busy host */
#define STEP_BOUND 30.0		/* seconds: natively each step takes < 1 */

static char tmpdir[64];
static char *builddir, *ofctl, *mgmt;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs CMD (sh -c, bounded by timeout(1)); returns its exit status. */
static int sh(const char *fmt, ...)
{
	va_list args;
	char *cmd, *full;
	int rc;

	va_start(args, fmt);
	if (vasprintf(&cmd, fmt, args) < 0)
		abort();
	va_end(args);
	full = xasprintf("FSW_RUNDIR=%s/run FSW_DBDIR=%s/db timeout %d sh -c '%s'",
			 tmpdir, tmpdir, STEP_TIMEOUT, cmd);
	rc = system(full);
	free(full);
	free(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

/* Number of flows dump-flows lists (lines with "actions="). */
static long count_flows(const char *tool)
{
	char *path = xasprintf("%s/count", tmpdir);
	long n = -1;
	FILE *f;

	if (sh("%s dump-flows %s | grep -c actions= > %s; true", tool,
	       mgmt, path))
		goto out;
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%ld", &n) != 1)
			n = -1;
		fclose(f);
	}
out:
	free(path);
	return n;
}

static void write_rules(const char *name, const char *prefix,
			const char *actions, int from, int to)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	int i;

	assert_non_null(f);
	/* Distinct priorities, one subtable: the worst case for deleting
	 * from the top down. */
	for (i = from; i < to; i++)
		fprintf(f, "%spriority=%d,ip,nw_dst=10.%d.%d.%d%s\n", prefix,
			i + 1, i >> 16, (i >> 8) & 255, i & 255, actions);
	fclose(f);
	free(path);
}

static int setup(void **state)
{
	char *d;
	int i;

	(void)state;
	builddir = getenv("FSW_BUILDDIR") ? xstrdup(getenv("FSW_BUILDDIR"))
					  : NULL;
	if (!builddir) {
		char *self = realpath("/proc/self/exe", NULL);

		/* BUILD/tests/unit/test-ofctl-scale */
		d = self;
		for (i = 0; i < 3 && d; i++)
			*strrchr(d, '/') = '\0';
		builddir = self;
	}
	snprintf(tmpdir, sizeof tmpdir, "/tmp/fsw-ofctl-scale.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	ofctl = xasprintf("%s/utilities/fsw-ofctl -O OpenFlow13", builddir);
	mgmt = xasprintf("unix:%s/run/br0.mgmt", tmpdir);
	if (sh("mkdir -p %s/run %s/db && %s/vswitchd/fsw-vswitchd --detach "
	       "--n-handler-threads=1 "
	       "--rundir=%s/run --dbdir=%s/db --log-file=%s/log",
	       tmpdir, tmpdir, builddir, tmpdir, tmpdir, tmpdir))
		return -1;
	if (sh("%s/utilities/fsw-vsctl add-br br0 -- set bridge br0 "
	       "datapath_type=netdev -- set-fail-mode br0 secure", builddir))
		return -1;
	/* The management socket comes with the bridge. */
	return sh("i=0; while [ ! -S %s/run/br0.mgmt ] && [ $i -lt 100 ]; "
		  "do sleep 0.1; i=$((i+1)); done; [ -S %s/run/br0.mgmt ]",
		  tmpdir, tmpdir) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("kill $(cat %s/run/fsw-vswitchd.pid) 2>/dev/null; sleep 0.2; "
	   "rm -rf %s", tmpdir, tmpdir);
	free(ofctl);
	free(mgmt);
	free(builddir);
	return 0;
}

/* Every flow of the batch refused (no group 99): the switch answers with
 * N_RULES errors while the tool is still sending; neither side may stop
 * reading (that used to spin forever), and every error is reported. */
static void test_bad_batch(void **state)
{
	(void)state;
	write_rules("bad.txt", "", ",actions=group:99", 0, N_RULES);
	assert_int_equal(sh("%s add-flows %s %s/bad.txt 2>%s/bad.err",
			    ofctl, mgmt, tmpdir, tmpdir), 1);
	assert_int_equal(sh("[ $(grep -c BAD_OUT_GROUP %s/bad.err) = %d ]",
			    tmpdir, N_RULES), 0);
	assert_int_equal(count_flows(ofctl), 0);
}

static void test_add_flows(void **state)
{
	double t = now_s();

	(void)state;
	write_rules("add.txt", "", ",actions=output:2", 0, N_RULES);
	assert_int_equal(sh("%s add-flows %s %s/add.txt", ofctl, mgmt,
			    tmpdir), 0);
	print_message("add-flows of %d rules: %.2f s\n", N_RULES,
		      now_s() - t);
	assert_true(now_s() - t < STEP_BOUND);
}

static void test_dump_flows(void **state)
{
	double t = now_s();

	(void)state;
	assert_int_equal(count_flows(ofctl), N_RULES);
	print_message("dump-flows of %d rules: %.2f s\n", N_RULES,
		      now_s() - t);
	assert_true(now_s() - t < STEP_BOUND);
	/* Again: nothing was left half-sent. */
	assert_int_equal(count_flows(ofctl), N_RULES);
}

static void test_ovs_ofctl(void **state)
{
	(void)state;
	if (sh("command -v ovs-ofctl >/dev/null"))
		skip();
	/* Without --no-names ovs-ofctl reads TABLE_FEATURES first. */
	assert_int_equal(sh("ovs-ofctl -O OpenFlow13 add-flow %s "
			    "priority=65535,in_port=1,actions=output:2",
			    mgmt), 0);
	assert_int_equal(count_flows("ovs-ofctl -O OpenFlow13"),
			 N_RULES + 1);
	assert_int_equal(sh("ovs-ofctl -O OpenFlow13 --strict del-flows %s "
			    "priority=65535,in_port=1", mgmt), 0);
	assert_int_equal(count_flows(ofctl), N_RULES);
}

static void test_del_strict(void **state)
{
	double t = now_s();

	(void)state;
	write_rules("del.txt", "delete_strict ", "", 0, N_RULES / 2);
	assert_int_equal(sh("%s add-flows %s %s/del.txt", ofctl, mgmt,
			    tmpdir), 0);
	print_message("%d strict deletes: %.2f s\n", N_RULES / 2,
		      now_s() - t);
	assert_true(now_s() - t < STEP_BOUND);
	assert_int_equal(count_flows(ofctl), N_RULES - N_RULES / 2);
}

static void test_del_all(void **state)
{
	double t;

	(void)state;
	write_rules("add.txt", "", ",actions=output:2", 0, N_RULES);
	assert_int_equal(sh("%s add-flows %s %s/add.txt", ofctl, mgmt,
			    tmpdir), 0);
	assert_int_equal(count_flows(ofctl), N_RULES);
	t = now_s();
	assert_int_equal(sh("%s del-flows %s", ofctl, mgmt), 0);
	print_message("del-flows of %d rules: %.2f s\n", N_RULES,
		      now_s() - t);
	assert_true(now_s() - t < STEP_BOUND);
	assert_int_equal(count_flows(ofctl), 0);
}

/* fsw-appctl upcall/... and --n-handler-threads. */
static void test_upcall_settings(void **state)
{
	const char *show = "%s/utilities/fsw-appctl upcall/show > %s/show";

	(void)state;
	assert_int_equal(sh(show, builddir, tmpdir), 0);
	assert_int_equal(sh("grep -qx \"megaflows: enabled\" %s/show && "
			    "grep -qx \"n-handler-threads: 1\" %s/show",
			    tmpdir, tmpdir), 0);
	assert_int_equal(sh("%s/utilities/fsw-appctl upcall/disable-megaflows",
			    builddir), 0);
	assert_int_equal(sh(show, builddir, tmpdir), 0);
	assert_int_equal(sh("grep -qx \"megaflows: disabled\" %s/show",
			    tmpdir), 0);
	assert_int_equal(sh("%s/utilities/fsw-appctl upcall/enable-megaflows",
			    builddir), 0);
	assert_int_equal(sh(show, builddir, tmpdir), 0);
	assert_int_equal(sh("grep -qx \"megaflows: enabled\" %s/show",
			    tmpdir), 0);
	/* Bad values are refused before anything starts. */
	assert_int_not_equal(sh("%s/vswitchd/fsw-vswitchd "
				"--n-handler-threads=0 2>/dev/null", builddir),
			     0);
	assert_int_not_equal(sh("%s/vswitchd/fsw-vswitchd "
				"--n-handler-threads=65 2>/dev/null",
				builddir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_batch),
		cmocka_unit_test(test_add_flows),
		cmocka_unit_test(test_dump_flows),
		cmocka_unit_test(test_ovs_ofctl),
		cmocka_unit_test(test_del_strict),
		cmocka_unit_test(test_del_all),
		cmocka_unit_test(test_upcall_settings),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
