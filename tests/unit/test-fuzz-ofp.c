/*
 * Runs the OpenFlow libFuzzer targets (tests/fuzz/fuzz-*, built with
 * clang by tests/ofp.mk) for a short time each, starting from the seed
 * corpus, as one cmocka test per target.  A crash, sanitizer report or
 * round-trip mismatch fails the test and shows the fuzzer's log (the
 * offending input is left in the reported directory).  FSW_FUZZ_SECONDS
 * sets the time per target (default 12).  Without clang the targets are
 * stubs that exit 77 and the tests are skipped.
 */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

#ifndef FUZZ_BUILDDIR
#error FUZZ_BUILDDIR must be defined
#endif

static void run_fuzzer(const char *target, const char *corpus)
{
	const char *secs = getenv("FSW_FUZZ_SECONDS");
	char dir[] = "/tmp/fsw-fuzz.XXXXXX";
	char cmd[2048];
	int rc;

	if (!mkdtemp(dir))
		fail_msg("mkdtemp failed");
	snprintf(cmd, sizeof cmd,
		 "ASAN_OPTIONS=detect_leaks=1 %s/tests/fuzz/%s "
		 "-max_total_time=%s -timeout=10 -rss_limit_mb=1024 "
		 "-artifact_prefix=%s/ %s %s/tests/fuzz/corpus/%s "
		 ">%s/log 2>&1",
		 FUZZ_BUILDDIR, target, secs ? secs : "10", dir, dir,
		 FUZZ_SRCDIR, corpus, dir);
	rc = system(cmd);
	if (WIFEXITED(rc) && WEXITSTATUS(rc) == 77) {
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		(void)!system(cmd);
		skip();
	}
	if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 0) {
		snprintf(cmd, sizeof cmd,
			 "grep -E 'ERROR|SUMMARY|runtime error|#[0-9]+ ' "
			 "%s/log | head -30; tail -n 5 %s/log", dir, dir);
		(void)!system(cmd);
		fail_msg("%s failed (exit %d); input and log kept in %s",
			 target, WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, dir);
	}
	snprintf(cmd, sizeof cmd, "tail -n 1 %s/log; rm -rf %s", dir, dir);
	(void)!system(cmd);
}

static void test_fuzz_ofp_msg(void **state)
{
	run_fuzzer("fuzz-ofp-msg", "msg");
}

static void test_fuzz_flow_parse(void **state)
{
	run_fuzzer("fuzz-flow-parse", "flow");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz_ofp_msg),
		cmocka_unit_test(test_fuzz_flow_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
