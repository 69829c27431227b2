/*
 * fsw-vswitchd's OpenFlow behaviour with real packets (issue #8): runs
 * each scenario of tests/ofsem/scenarios.py in fresh network and mount
 * namespaces (`unshare -nm`), where the daemon switches veth pairs on the
 * userspace datapath.  Needs root (namespaces) and python3; skipped
 * otherwise.  A scenario's output is shown when it fails.
 */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

static const char *dir(const char *env, const char *dflt)
{
	const char *s = getenv(env);

	return s && *s ? s : dflt;
}

/* Debian's interpreter when there is one (it is the one in the VM too),
 * else whatever python3 PATH has. */
static const char *python(void)
{
	return access("/usr/bin/python3", X_OK) ? "python3" : "/usr/bin/python3";
}

/* Why the scenarios cannot run here, or NULL. */
static const char *cannot_run(void)
{
	char *cmd;
	int rc;

	if (geteuid() != 0)
		return "needs root (network namespaces)";
	if (system("unshare -nm true >/dev/null 2>&1"))
		return "unshare -nm fails";
	if (asprintf(&cmd, "%s -c '' >/dev/null 2>&1", python()) < 0)
		return "out of memory";
	rc = system(cmd);
	free(cmd);
	return rc ? "no python3" : NULL;
}

/* Runs scenario NAME; its output goes to a temp file shown on failure. */
static void run_scenario(void **state)
{
	const char *name = *state, *why = cannot_run();
	char log[] = "/tmp/fsw-ofsem-log.XXXXXX";
	char *cmd;
	int fd, rc;

	if (why) {
		print_message("%s: skipped\n", why);
		skip();
	}
	fd = mkstemp(log);
	assert_true(fd >= 0);
	close(fd);
	assert_true(asprintf(&cmd, "FSW_BUILDDIR=%s timeout 180 unshare -nm "
			     "%s %s/tests/ofsem/scenarios.py %s >%s 2>&1",
			     dir("FSW_BUILDDIR", OFSEM_BUILDDIR), python(),
			     dir("FSW_SRCDIR", OFSEM_SRCDIR), name, log) > 0);
	rc = system(cmd);
	free(cmd);
	rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
	if (rc) {
		FILE *f = fopen(log, "r");
		char line[512];

		while (f && fgets(line, sizeof line, f))
			if (!strstr(line, ".mgmt: "))	/* ofctl chatter */
				print_message("    %s", line);
		if (f)
			fclose(f);
	}
	unlink(log);
	if (rc == 77)
		skip();
	assert_int_equal(rc, 0);
}

/* Named after the scenario in cmocka's report. */
#define SCENARIO(NAME) \
	{ NAME, run_scenario, NULL, NULL, (void *)(NAME) }

int main(void)
{
	const struct CMUnitTest tests[] = {
		SCENARIO("groups-all"),
		SCENARIO("groups-select"),
		SCENARIO("groups-indirect"),
		SCENARIO("groups-ff"),
		SCENARIO("timeouts"),
		SCENARIO("roles"),
		SCENARIO("table-miss"),
		SCENARIO("set-queue"),
		SCENARIO("vlans"),
		SCENARIO("revalidation"),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
