/*
 * `make install` and `make install-dkms` into a scratch DESTDIR: every
 * binary, man page, the systemd unit, bash completion and the DKMS
 * source tree land where they should and work (man pages render without
 * warnings, the completion completes, the DKMS tree builds the module
 * when kernel headers are present); `make uninstall` removes them again.
 */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#ifndef FSW_BUILDDIR
#error "FSW_BUILDDIR must be defined"
#endif

static char dest[64];

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

static char *fmt(const char *f, ...)
{
	va_list args;
	char *s;

	va_start(args, f);
	assert_true(vasprintf(&s, f, args) >= 0);
	va_end(args);
	return s;
}

/* Runs CMD through the shell; returns its output (stdout and stderr,
 * as the command line arranges) and its exit status in *RC. */
static char *run(const char *cmd, int *rc)
{
	FILE *p = popen(cmd, "r");
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	char buf[4096];
	size_t n;
	int st;

	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof buf, p)) > 0)
		fwrite(buf, 1, n, m);
	st = pclose(p);
	fclose(m);
	*rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return out;
}

static void run_ok(const char *cmd)
{
	int rc;
	char *out = run(cmd, &rc);

	if (rc)
		fail_msg("\"%s\" failed (%d):\n%s", cmd, rc, out);
	free(out);
}

static int install_all(void **state)
{
	char *cmd;

	(void)state;
	snprintf(dest, sizeof dest, "/tmp/fsw-install.XXXXXX");
	if (!mkdtemp(dest))
		return -1;
	cmd = fmt("make -s -C '%s' install install-dkms DESTDIR=%s "
		  ">%s.log 2>&1", FSW_BUILDDIR, dest, dest);
	if (system(cmd)) {
		fprintf(stderr, "make install failed; see %s.log\n", dest);
		free(cmd);
		return -1;
	}
	free(cmd);
	return 0;
}

static int remove_all(void **state)
{
	char *cmd = fmt("rm -rf %s %s.log %s.build.log", dest, dest, dest);

	(void)state;
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dest);
	free(cmd);
	return 0;
}

static void assert_file(const char *path, mode_t type)
{
	struct stat st;

	if (lstat(path, &st))
		fail_msg("%s is missing", path);
	if ((st.st_mode & S_IFMT) != type)
		fail_msg("%s has the wrong file type", path);
}

static char *slurp(const char *path)
{
	char *cmd = fmt("cat '%s'", path), *s;
	int rc;

	s = run(cmd, &rc);
	assert_int_equal(rc, 0);
	free(cmd);
	return s;
}

static void test_binaries(void **state)
{
	static const char *const bins[] = {
		"fsw-ofctl", "fsw-vsctl", "fsw-dpctl", "fsw-appctl"
	};
	char *p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bins / sizeof bins[0]; i++) {
		p = fmt("%s%s/%s", dest, FSW_BINDIR, bins[i]);
		assert_file(p, S_IFREG);
		assert_int_equal(access(p, X_OK), 0);
		free(p);
	}
	p = fmt("%s%s/fsw-vswitchd", dest, FSW_SBINDIR);
	assert_file(p, S_IFREG);
	assert_int_equal(access(p, X_OK), 0);
	free(p);

	p = fmt("%s%s/fsw-ofctl --help >/dev/null", dest, FSW_BINDIR);
	run_ok(p);
	free(p);
}

static void test_man_pages(void **state)
{
	static const char *const pages[] = {
		"fsw-ofctl", "fsw-vsctl", "fsw-dpctl", "fsw-appctl",
		"fsw-vswitchd"
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		char *p = fmt("%s%s/man8/%s.8", dest, FSW_MANDIR, pages[i]);
		char *cmd, *out;
		int rc;

		assert_file(p, S_IFREG);
		/* Warnings go to stderr; the page itself is discarded. */
		cmd = fmt("groff -man -Tutf8 -ww '%s' 2>&1 >/dev/null", p);
		out = run(cmd, &rc);
		if (rc || *out)
			fail_msg("groff on %s: %s", p, out);
		free(out);
		free(cmd);
		if (!system("command -v man >/dev/null 2>&1")) {
			cmd = fmt("MANWIDTH=80 man --warnings -l '%s' "
				  "2>&1 >/dev/null", p);
			out = run(cmd, &rc);
			if (rc || *out)
				fail_msg("man -l %s: %s", p, out);
			free(out);
			free(cmd);
		}
		/* The page names its program. */
		cmd = fmt("grep -qi '^\\.TH %s 8 ' '%s'", pages[i], p);
		run_ok(cmd);
		free(cmd);
		free(p);
	}
}

static void test_systemd_unit(void **state)
{
	char *p = fmt("%s%s/fsw-vswitchd.service", dest, FSW_UNITDIR);
	char *unit, *exec;

	(void)state;
	assert_file(p, S_IFREG);
	unit = slurp(p);
	exec = fmt("\nExecStart=%s/fsw-vswitchd --log-file\n", FSW_SBINDIR);
	if (!strstr(unit, exec))
		fail_msg("%s lacks \"%s\":\n%s", p, exec + 1, unit);
	assert_non_null(strstr(unit, "\nType=simple\n"));
	assert_non_null(strstr(unit, "\n[Install]\n"));
	assert_null(strstr(unit, "@sbindir@"));
	free(exec);
	free(unit);
	free(p);
}

static void test_bash_completion(void **state)
{
	static const char *const progs[] = {
		"fsw-ofctl", "fsw-vsctl", "fsw-dpctl", "fsw-appctl",
		"fsw-vswitchd"
	};
	char *dir = fmt("%s%s", dest, FSW_BASHCOMPDIR), *p, *cmd, *out;
	size_t i;
	int rc;

	(void)state;
	p = fmt("%s/flowswitch", dir);
	assert_file(p, S_IFREG);
	for (i = 0; i < sizeof progs / sizeof progs[0]; i++) {
		char *link = fmt("%s/%s", dir, progs[i]);

		assert_file(link, S_IFLNK);
		assert_int_equal(access(link, R_OK), 0);
		free(link);
	}
	if (system("command -v bash >/dev/null 2>&1"))
		goto out;
	cmd = fmt("bash -c 'source %s/fsw-ofctl; "
		  "COMP_WORDS=(fsw-ofctl -O OpenFlow13 dump-f); "
		  "COMP_CWORD=3; _fsw_complete; echo \"${COMPREPLY[*]}\"'",
		  dir);
	out = run(cmd, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "dump-flows\n");
	free(out);
	free(cmd);
	cmd = fmt("bash -c 'source %s/fsw-dpctl; "
		  "COMP_WORDS=(fsw-dpctl del-); COMP_CWORD=1; _fsw_complete; "
		  "echo \"${COMPREPLY[*]}\"'", dir);
	out = run(cmd, &rc);
	assert_string_equal(out, "del-dp del-if del-flows\n");
	free(out);
	free(cmd);
out:
	free(p);
	free(dir);
}

static void test_dkms_tree(void **state)
{
	char *d = fmt("%s/usr/src/flowswitch-%s", dest, FSW_VERSION);
	char *p, *s, *want, *cmd;

	(void)state;
	p = fmt("%s/dkms.conf", d);
	s = slurp(p);
	want = fmt("PACKAGE_VERSION=\"%s\"", FSW_VERSION);
	assert_non_null(strstr(s, want));
	assert_non_null(strstr(s, "BUILT_MODULE_NAME[0]=\"flowswitch\""));
	free(want);
	free(s);
	free(p);

	p = fmt("%s/Kbuild", d);
	s = slurp(p);
	assert_non_null(strstr(s, "-I$(src)/include"));
	assert_null(strstr(s, "../include"));
	free(s);
	free(p);

	p = fmt("%s/datapath.c", d);
	assert_file(p, S_IFREG);
	free(p);
	p = fmt("%s/include/fsw/flow_key.h", d);
	assert_file(p, S_IFREG);
	free(p);

	/* Build the module from the installed tree, as DKMS would (from a
	 * copy of it), when kernel headers are installed. */
	if (FSW_KSRC[0] && !access(FSW_KSRC, R_OK) &&
	    !getenv("FSW_TEST_NO_DKMS_BUILD")) {
		cmd = fmt("cp -r %s %s/build && make -s -C %s M=%s/build "
			  "modules >%s.build.log 2>&1 && "
			  "test -f %s/build/flowswitch.ko", d, dest, FSW_KSRC,
			  dest, dest, dest);
		if (system(cmd))
			fail_msg("module build from the DKMS tree failed: "
				 "see %s.build.log", dest);
		free(cmd);
		cmd = fmt("rm -rf %s/build", dest);
		run_ok(cmd);
		free(cmd);
	}
	free(d);
}

/* Runs last: uninstall leaves no file behind. */
static void test_uninstall(void **state)
{
	char *cmd, *out;
	int rc;

	(void)state;
	cmd = fmt("make -s -C '%s' uninstall uninstall-dkms DESTDIR=%s "
		  ">/dev/null 2>&1", FSW_BUILDDIR, dest);
	run_ok(cmd);
	free(cmd);
	cmd = fmt("find %s ! -type d", dest);
	out = run(cmd, &rc);
	assert_int_equal(rc, 0);
	if (*out)
		fail_msg("left behind by uninstall:\n%s", out);
	free(out);
	free(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_binaries),
		cmocka_unit_test(test_man_pages),
		cmocka_unit_test(test_systemd_unit),
		cmocka_unit_test(test_bash_completion),
		cmocka_unit_test(test_dkms_tree),
		cmocka_unit_test(test_uninstall),
	};

	return cmocka_run_group_tests(tests, install_all, remove_all);
}
