/*
 * fsw-vswitchd: the Flowswitch daemon.
 *
 * It owns the persistent configuration (DBDIR/conf.json), serves the
 * control socket RUNDIR/fsw-vswitchd.ctl (JSON-RPC, mode 0600) used by
 * fsw-vsctl and fsw-appctl, and hands every configuration change to the
 * bridge layer (vswitchd/bridge.h).  One thread, one poll loop.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bridge.h"
#include "ctl.h"
#include "daemon.h"
#include "fsw-config.h"
#include "jsonrpc.h"
#include "log.h"
#include "pollset.h"
#include "status.h"
#include "stream-ssl.h"
#include "tls.h"
#include "upcall.h"
#include "util.h"
#include "vswitchd.h"

LOG_MODULE(vswitchd);

#define DEFAULT_RUNDIR "/var/run/flowswitch"
#define DEFAULT_DBDIR "/var/lib/flowswitch"
#define DEFAULT_LOGFILE "/var/log/flowswitch/fsw-vswitchd.log"

struct hook {
	vswitchd_reconfigure_cb *cb;
	void *aux;
};

static struct {
	char *rundir, *dbdir, *log_file;
	char *conf_path, *pid_path, *ctl_path, *dblock_path;
	int pid_fd, dblock_fd;
	bool detach;
	struct fsw_config *cfg;
	struct jsonrpc_server *server;
	struct hook *hooks;
	size_t n_hooks;
	bool exiting;
} vs = { .pid_fd = -1, .dblock_fd = -1 };

static volatile sig_atomic_t got_signal;

void vswitchd_add_reconfigure_hook(vswitchd_reconfigure_cb *cb, void *aux)
{
	vs.hooks = xrealloc(vs.hooks, (vs.n_hooks + 1) * sizeof *vs.hooks);
	vs.hooks[vs.n_hooks].cb = cb;
	vs.hooks[vs.n_hooks].aux = aux;
	vs.n_hooks++;
}

const struct fsw_config *vswitchd_config(void)
{
	return vs.cfg;
}

static void reconfigure(void)
{
	size_t i;

	bridge_reconfigure(vs.cfg);
	for (i = 0; i < vs.n_hooks; i++)
		vs.hooks[i].cb(vs.cfg, vs.hooks[i].aux);
}

/* ---- config methods --------------------------------------------------- */

static bool same_config(const struct fsw_config *a,
			const struct fsw_config *b)
{
	json_t *ja = fsw_config_to_json(a), *jb = fsw_config_to_json(b);
	bool same = json_equal(ja, jb);

	json_decref(ja);
	json_decref(jb);
	return same;
}

/* "transact": params is the array of operations (lib/fsw-config-ops.c).
 * All apply, are saved to disk and reach the bridge layer, or none.  New
 * TLS settings must load (tls_prepare()) before anything is committed. */
static void ctl_transact(struct ctl_reply *r, const json_t *ops, void *aux)
{
	struct fsw_config *next = fsw_config_clone(vs.cfg);
	struct ssl_config *tls = NULL;
	bool tls_change;
	char *e = NULL;

	if (fsw_config_transact(&next, ops, &e)) {
		LOG_INFO("transaction refused: %s", e);
		ctl_reply_error(r, "%s", e);
		goto out;
	}
	tls_change = tls_ops_reload(ops) ||
		     !fsw_ssl_equal(next->ssl, vs.cfg->ssl);
	if (tls_change && tls_prepare(next->ssl, &tls, &e)) {
		LOG_WARN("transaction refused: %s", e);
		ctl_reply_error(r, "%s (nothing changed)", e);
		goto out;
	}
	if (same_config(next, vs.cfg)) {
		/* set-ssl with the same paths: the files are read again
		 * (a renewed certificate), nothing to save. */
		if (tls) {
			tls_install(tls);
			tls = NULL;
		}
		ctl_reply_json(r, json_pack("{s:b}", "changed", 0));
		goto out;
	}
	if (fsw_config_save(next, vs.conf_path, &e)) {
		LOG_ERR("%s", e);
		ctl_reply_error(r, "%s (nothing changed)", e);
		goto out;
	}
	LOG_INFO("configuration changed (%zu operation(s))",
		 json_array_size(ops));
	if (log_this_module.level >= LL_DBG) {
		char *text = json_dumps(ops, JSON_COMPACT);

		LOG_DBG("operations: %s", text ? text : "?");
		free(text);
	}
	fsw_config_destroy(vs.cfg);
	vs.cfg = next;
	next = NULL;
	if (tls) {
		tls_install(tls);
		tls = NULL;
	}
	reconfigure();
	ctl_reply_json(r, json_pack("{s:b}", "changed", 1));
out:
	ssl_config_destroy(tls);
	fsw_config_destroy(next);
	free(e);
}

static void ctl_get_config(struct ctl_reply *r, const json_t *params,
			   void *aux)
{
	ctl_reply_json(r, fsw_config_to_json(vs.cfg));
}

/* ---- appctl commands -------------------------------------------------- */

static void ctl_version(struct ctl_reply *r, int argc, const char *argv[],
			void *aux)
{
	ctl_reply_text(r, "fsw-vswitchd (Flowswitch) %s\n", PACKAGE_VERSION);
}

static void ctl_exit(struct ctl_reply *r, int argc, const char *argv[],
		     void *aux)
{
	LOG_INFO("exiting on request");
	vs.exiting = true;
	ctl_reply_text(r, "%s", "");
}

/* SPEC: LEVEL (every module), MODULE:LEVEL, or ANY:LEVEL. */
static int set_log_spec(const char *spec, char **errp)
{
	const char *colon = strrchr(spec, ':');
	const char *lvl = colon ? colon + 1 : spec;
	char *module = colon ? strndup(spec, colon - spec) : NULL;
	enum log_level level;
	int err = 0;

	if (log_level_from_string(lvl, &level)) {
		*errp = xasprintf("unknown log level \"%s\" (off, err, warn, "
				  "info, dbg)", lvl);
		err = -EINVAL;
	} else if (log_set_level(module && strcmp(module, "ANY") ?
				 module : NULL, level)) {
		*errp = xasprintf("unknown log module \"%s\" (see log/list)",
				  module);
		err = -ENOENT;
	}
	free(module);
	return err;
}

static void ctl_log_set(struct ctl_reply *r, int argc, const char *argv[],
			void *aux)
{
	char *e = NULL;
	int i;

	/* Check everything first so that a bad spec changes nothing. */
	for (i = 1; i < argc; i++) {
		const char *c = strrchr(argv[i], ':');
		enum log_level l;

		if (log_level_from_string(c ? c + 1 : argv[i], &l)) {
			ctl_reply_error(r, "unknown log level \"%s\" (off, "
					"err, warn, info, dbg)",
					c ? c + 1 : argv[i]);
			return;
		}
	}
	for (i = 1; i < argc; i++) {
		if (set_log_spec(argv[i], &e)) {
			ctl_reply_error(r, "%s", e);
			free(e);
			return;
		}
	}
	ctl_reply_text(r, "%s", "");
}

struct list_ctx {
	char *out;
};

static void list_one(const struct log_module *m, void *aux)
{
	struct list_ctx *c = aux;
	char *line = xasprintf("%s%-16s %s\n", c->out, m->name,
			       log_level_to_string(m->level));

	free(c->out);
	c->out = line;
}

static void ctl_log_list(struct ctl_reply *r, int argc, const char *argv[],
			 void *aux)
{
	struct list_ctx c = { xstrdup("module           level\n"
				      "---------------- -----\n") };

	log_for_each(list_one, &c);
	ctl_reply_text(r, "%s", c.out);
	free(c.out);
}

static void ctl_log_reopen(struct ctl_reply *r, int argc, const char *argv[],
			   void *aux)
{
	int err;

	if (!vs.log_file) {
		ctl_reply_error(r, "not logging to a file");
		return;
	}
	err = log_open_file(vs.log_file);
	if (err)
		ctl_reply_error(r, "%s: %s", vs.log_file, strerror(-err));
	else
		ctl_reply_text(r, "%s", "");
}

static void register_commands(void)
{
	ctl_register_builtins();
	ctl_register_json("transact", ctl_transact, NULL);
	ctl_register_json("get-config", ctl_get_config, NULL);
	status_register_ctl();
	ctl_register("version", 0, 0, ctl_version, NULL);
	ctl_register("exit", 0, 0, ctl_exit, NULL);
	ctl_register("log/set", 1, 16, ctl_log_set, NULL);
	ctl_register("log/list", 0, 0, ctl_log_list, NULL);
	ctl_register("log/reopen", 0, 0, ctl_log_reopen, NULL);
}

/* ---- options ---------------------------------------------------------- */

static void usage(void)
{
	printf("fsw-vswitchd: the Flowswitch daemon\n"
	       "usage: fsw-vswitchd [OPTION]...\n"
	       "  --rundir=DIR        pid file and control socket (default "
	       "$FSW_RUNDIR or " DEFAULT_RUNDIR ")\n"
	       "  --dbdir=DIR         configuration directory (default "
	       "$FSW_DBDIR or " DEFAULT_DBDIR ")\n"
	       "  --detach            run in the background\n"
	       "  --log-file[=FILE]   log to FILE (default "
	       DEFAULT_LOGFILE ")\n"
	       "  --n-handler-threads=N  upcall handler threads per datapath "
	       "(default 2)\n"
	       "  -v, --verbose[=MODULE:LEVEL]  log level (no argument: "
	       "everything at dbg)\n"
	       "  -V, --version       print the version\n"
	       "  -h, --help          this help\n");
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						     noreturn));
static void die(const char *fmt, ...)
{
	va_list args;

	fputs("fsw-vswitchd: ", stderr);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
	exit(1);
}

/* --detach changes directory to "/": relative paths are made absolute
 * first (the directories need not exist yet, so no realpath()). */
static char *absolute(char *path)
{
	char cwd[4096];
	char *abs;

	if (path[0] == '/' || !getcwd(cwd, sizeof cwd))
		return path;
	abs = xasprintf("%s/%s", cwd, path);
	free(path);
	return abs;
}

static void parse_options(int argc, char *argv[])
{
	enum { OPT_RUNDIR = 256, OPT_DBDIR, OPT_DETACH, OPT_LOG_FILE,
	       OPT_N_HANDLERS };
	static const struct option long_options[] = {
		{ "rundir", required_argument, NULL, OPT_RUNDIR },
		{ "dbdir", required_argument, NULL, OPT_DBDIR },
		{ "detach", no_argument, NULL, OPT_DETACH },
		{ "log-file", optional_argument, NULL, OPT_LOG_FILE },
		{ "n-handler-threads", required_argument, NULL,
		  OPT_N_HANDLERS },
		{ "verbose", optional_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *env_run = getenv("FSW_RUNDIR"), *env_db = getenv("FSW_DBDIR");
	char *e = NULL;
	int c;

	/* The same environment variables as the tools, so that a test or a
	 * second instance is pointed elsewhere in one place. */
	vs.rundir = xstrdup(env_run && *env_run ? env_run : DEFAULT_RUNDIR);
	vs.dbdir = xstrdup(env_db && *env_db ? env_db : DEFAULT_DBDIR);
	while ((c = getopt_long(argc, argv, "v::Vh", long_options, NULL))
	       != -1) {
		switch (c) {
		case OPT_RUNDIR:
			free(vs.rundir);
			vs.rundir = xstrdup(optarg);
			break;
		case OPT_DBDIR:
			free(vs.dbdir);
			vs.dbdir = xstrdup(optarg);
			break;
		case OPT_DETACH:
			vs.detach = true;
			break;
		case OPT_LOG_FILE:
			free(vs.log_file);
			vs.log_file = xstrdup(optarg ? optarg :
					      DEFAULT_LOGFILE);
			break;
		case OPT_N_HANDLERS: {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);

			if (!*optarg || *end || n < 1 ||
			    n > UDPIF_MAX_HANDLERS)
				die("--n-handler-threads=%s: expected a number "
				    "from 1 to %d", optarg, UDPIF_MAX_HANDLERS);
			udpif_n_handlers = n;
			break;
		}
		case 'v':
			/* "-v MODULE:LEVEL" as well as "-vMODULE:LEVEL": we
			 * take no operands, so a following word is ours. */
			if (!optarg && optind < argc && argv[optind][0] != '-')
				optarg = argv[optind++];
			if (set_log_spec(optarg ? optarg : "dbg", &e))
				die("-v %s: %s", optarg, e);
			break;
		case 'V':
			printf("fsw-vswitchd (Flowswitch) %s\n",
			       PACKAGE_VERSION);
			exit(0);
		case 'h':
			usage();
			exit(0);
		default:
			fprintf(stderr, "Try 'fsw-vswitchd --help'.\n");
			exit(1);
		}
	}
	if (optind < argc)
		die("unexpected argument \"%s\" (see --help)", argv[optind]);
	vs.rundir = absolute(vs.rundir);
	vs.dbdir = absolute(vs.dbdir);
	if (vs.log_file)
		vs.log_file = absolute(vs.log_file);
}

/* ---- main ------------------------------------------------------------- */

static void on_signal(int sig)
{
	got_signal = sig;
}

/* SIGTERM/SIGINT stay blocked except inside ppoll(), so a signal can
 * never arrive between the flag check and the wait. */
static void setup_signals(sigset_t *wait_mask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, wait_mask);
	sigdelset(wait_mask, SIGTERM);
	sigdelset(wait_mask, SIGINT);
}

static void start(void)
{
	char *e = NULL;
	int err;

	vs.conf_path = xasprintf("%s/%s", vs.dbdir, FSW_CONFIG_FILE);
	vs.dblock_path = xasprintf("%s/.%s.lock", vs.dbdir, FSW_CONFIG_FILE);
	vs.pid_path = xasprintf("%s/fsw-vswitchd.pid", vs.rundir);
	vs.ctl_path = xasprintf("%s/fsw-vswitchd.ctl", vs.rundir);
	if ((err = mkdir_p(vs.rundir, 0755)))
		die("%s: cannot create: %s", vs.rundir, strerror(-err));
	if ((err = mkdir_p(vs.dbdir, 0755)))
		die("%s: cannot create: %s", vs.dbdir, strerror(-err));
	if (lockfile_acquire(vs.pid_path, &vs.pid_fd, &e))
		die("%s; refusing to start a second fsw-vswitchd", e);
	if (lockfile_acquire(vs.dblock_path, &vs.dblock_fd, &e))
		die("%s: the configuration in %s is used by another "
		    "fsw-vswitchd", e, vs.dbdir);
	if (fsw_config_load(vs.conf_path, &vs.cfg, &e))
		die("%s; refusing to start (fix the file or move it away; it "
		    "was not changed)", e);
	if (jsonrpc_server_listen_unix(vs.ctl_path, 0600, ctl_dispatch, NULL,
				       &vs.server, &e))
		die("%s", e);
}

/* The stored TLS settings.  Files that went bad since they were
 * accepted do not stop the daemon (plain connections still work): TLS
 * connections fail, with the reason logged, until set-ssl fixes it. */
static void start_tls(void)
{
	struct ssl_config *tls = NULL;
	char *e = NULL;

	if (tls_prepare(vs.cfg->ssl, &tls, &e)) {
		LOG_ERR("%s: %s; ssl: and pssl: connections will fail until "
			"fixed (fsw-vsctl set-ssl)", vs.conf_path, e);
		free(e);
		tls_prepare(NULL, &tls, &e);
	}
	tls_install(tls);
}

static void stop(void)
{
	jsonrpc_server_flush(vs.server, 1000);
	bridge_exit();
	tls_exit();
	jsonrpc_server_close(vs.server);
	lockfile_release(vs.dblock_path, vs.dblock_fd);
	lockfile_release(vs.pid_path, vs.pid_fd);
	fsw_config_destroy(vs.cfg);
	ctl_unregister_all();
	status_clear_all();
}

int main(int argc, char *argv[])
{
	struct pollset ps;
	sigset_t wait_mask;
	int err;

	parse_options(argc, argv);
	if (vs.log_file) {
		char *dir = xstrdup(vs.log_file), *slash = strrchr(dir, '/');

		if (slash && slash != dir) {
			*slash = '\0';
			mkdir_p(dir, 0755);
		}
		free(dir);
		if ((err = log_open_file(vs.log_file)))
			die("%s: %s", vs.log_file, strerror(-err));
	}
	if (vs.detach)
		daemonize_start();
	setup_signals(&wait_mask);
	start();
	register_commands();
	bridge_init(vs.rundir);
	start_tls();
	reconfigure();
	LOG_INFO("fsw-vswitchd %s started (pid %ld, %s, %s)", PACKAGE_VERSION,
		 (long)getpid(), vs.ctl_path, vs.conf_path);
	if (vs.detach)
		daemonize_complete();

	pollset_init(&ps);
	while (!vs.exiting && !got_signal) {
		pollset_clear(&ps);
		jsonrpc_server_wait(vs.server, &ps);
		bridge_wait(&ps);
		if (pollset_block(&ps, &wait_mask) < 0 && errno != EINTR)
			LOG_WARN_RL("poll: %s", strerror(errno));
		if (got_signal)
			break;
		jsonrpc_server_run(vs.server);
		bridge_run();
	}
	pollset_uninit(&ps);
	if (got_signal)
		LOG_INFO("exiting on signal %d", (int)got_signal);
	stop();
	return 0;
}
