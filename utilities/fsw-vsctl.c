/*
 * fsw-vsctl: query and change fsw-vswitchd's configuration, in ovs-vsctl's
 * syntax.  Commands separated by "--" form one transaction: all of them
 * take effect or none.
 *
 * How: fetch the configuration from the daemon ("get-config"), run every
 * command against that working copy (write commands turn into operations
 * that are applied to the copy at once, so errors show up before anything
 * is sent and later commands see earlier ones), then send the operations
 * as one "transact".  Output is printed only after the daemon accepted
 * the transaction.  Without a daemon, read-only commands read conf.json.
 */
#include <config.h>
#include "vsctl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jsonrpc.h"
#include "util.h"

#define DEFAULT_RUNDIR "/var/run/flowswitch"
#define DEFAULT_DBDIR "/var/lib/flowswitch"

static struct {
	const char *rundir;
	char *db;		/* configuration file */
	int timeout_s;
	bool dry_run;
} opt = { .timeout_s = 30 };

struct parsed {
	const struct vsctl_command *cmd;
	bool may_exist, if_exists;
	int argc;
	char **argv;
};

void vsctl_fatal(const char *fmt, ...)
{
	va_list args;

	fputs("fsw-vsctl: ", stderr);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
	exit(1);
}

void vsctl_print(struct vsctl_ctx *c, const char *fmt, ...)
{
	va_list args;
	char *s;
	size_t len;

	va_start(args, fmt);
	if (vasprintf(&s, fmt, args) < 0)
		vsctl_fatal("out of memory");
	va_end(args);
	len = strlen(s);
	c->out = xrealloc(c->out, c->out_len + len + 1);
	memcpy(c->out + c->out_len, s, len + 1);
	c->out_len += len;
	free(s);
}

void vsctl_op(struct vsctl_ctx *c, json_t *op)
{
	char *e = NULL;

	if (fsw_config_apply(c->cfg, op, &e))
		vsctl_fatal("%s", e);
	json_array_append_new(c->ops, op);
}

static void print_help(void)
{
	const struct vsctl_command *cmd;

	printf("fsw-vsctl: configure fsw-vswitchd\n"
	       "usage: fsw-vsctl [OPTION]... COMMAND [ARG]... [-- [OPTION]... "
	       "COMMAND [ARG]...]...\n\nCommands:\n");
	for (cmd = vsctl_commands; cmd->name; cmd++)
		printf("  %s%s%s%s%s%s\n", cmd->options[0] ? "[--" : "",
		       cmd->options, cmd->options[0] ? "] " : "", cmd->name,
		       cmd->usage[0] ? " " : "", cmd->usage);
	printf("\nOptions:\n"
	       "  --rundir=DIR      fsw-vswitchd's run directory (default "
	       DEFAULT_RUNDIR ", or $FSW_RUNDIR)\n"
	       "  --db=FILE|DIR     configuration read when the daemon is not "
	       "running\n"
	       "                    (default " DEFAULT_DBDIR "/conf.json, or "
	       "$FSW_DBDIR/conf.json)\n"
	       "  -f, --format=text|json  output of show, list and get "
	       "commands\n"
	       "  -t, --timeout=SECS  give up waiting for the daemon (default "
	       "30, 0 = never)\n"
	       "  --dry-run         check the commands, change nothing\n"
	       "  -h, --help        this help (see fsw-vsctl(8))\n"
	       "  -V, --version     print the version\n");
	exit(0);
}

static const struct vsctl_command *find_command(const char *name)
{
	const struct vsctl_command *cmd;

	for (cmd = vsctl_commands; cmd->name; cmd++)
		if (!strcmp(cmd->name, name))
			return cmd;
	return NULL;
}

static bool option_value(const char *arg, const char *name, char **argv,
			 int *ip, const char **value)
{
	size_t n = strlen(name);

	if (strncmp(arg, name, n))
		return false;
	if (arg[n] == '=') {
		*value = arg + n + 1;
		return true;
	}
	if (arg[n] == '\0' && argv[*ip + 1]) {
		*value = argv[++*ip];
		return true;
	}
	return false;
}

/* Global options may appear before any command. */
static bool global_option(char **argv, int *ip, struct vsctl_ctx *c)
{
	const char *arg = argv[*ip], *v;
	unsigned long long n;

	if (option_value(arg, "--rundir", argv, ip, &v)) {
		opt.rundir = v;
	} else if (option_value(arg, "--db", argv, ip, &v)) {
		if (!*v)
			vsctl_fatal("--db needs a file or directory name");
		free(opt.db);
		opt.db = xstrdup(v);
	} else if (option_value(arg, "--format", argv, ip, &v) ||
		   option_value(arg, "-f", argv, ip, &v)) {
		if (!strcmp(v, "json"))
			c->format = FMT_JSON;
		else if (!strcmp(v, "text") || !strcmp(v, "list"))
			c->format = FMT_TEXT;
		else
			vsctl_fatal("unknown format \"%s\" (text or json)", v);
	} else if (option_value(arg, "--timeout", argv, ip, &v) ||
		   option_value(arg, "-t", argv, ip, &v)) {
		if (str_to_uint(v, 86400, &n))
			vsctl_fatal("bad timeout \"%s\"", v);
		opt.timeout_s = n;
	} else if (!strcmp(arg, "--dry-run")) {
		opt.dry_run = true;
	} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
		print_help();
	} else if (!strcmp(arg, "-V") || !strcmp(arg, "--version")) {
		printf("fsw-vsctl (Flowswitch) %s\n", PACKAGE_VERSION);
		exit(0);
	} else {
		return false;
	}
	return true;
}

static void check_option(const struct parsed *p, const char *name)
{
	if (!strstr(p->cmd->options, name))
		vsctl_fatal("%s: option --%s is not valid for this command",
			    p->cmd->name, name);
}

/* Splits ARGV at "--" into commands; returns how many. */
static size_t parse_commands(int argc, char **argv, struct vsctl_ctx *c,
			     struct parsed **cmdsp)
{
	struct parsed *cmds = xzalloc((argc + 1) * sizeof *cmds);
	size_t n = 0;
	int i = 1;

	while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") &&
	       global_option(argv, &i, c))
		i++;
	while (i < argc) {
		struct parsed *p = &cmds[n];
		bool may = false, ifx = false;
		int start;

		if (!strcmp(argv[i], "--")) {
			i++;
			continue;
		}
		for (; i < argc && !strncmp(argv[i], "--", 2) && argv[i][2];
		     i++) {
			if (!strcmp(argv[i], "--may-exist"))
				may = true;
			else if (!strcmp(argv[i], "--if-exists"))
				ifx = true;
			else if (!strcmp(argv[i], "--bootstrap"))
				vsctl_fatal("--bootstrap is not supported: "
					    "give set-ssl the CA certificate "
					    "file");
			else if (!global_option(argv, &i, c))
				vsctl_fatal("unknown option \"%s\"", argv[i]);
		}
		if (i >= argc)
			vsctl_fatal("missing command name (use --help)");
		p->cmd = find_command(argv[i]);
		if (!p->cmd)
			vsctl_fatal("unknown command \"%s\" (use --help)",
				    argv[i]);
		p->may_exist = may;
		p->if_exists = ifx;
		if (may)
			check_option(p, "may-exist");
		if (ifx)
			check_option(p, "if-exists");
		start = i;
		while (i < argc && strcmp(argv[i], "--"))
			i++;
		p->argc = i - start;
		p->argv = argv + start;
		if (p->argc - 1 < p->cmd->min_args ||
		    (p->cmd->max_args >= 0 && p->argc - 1 > p->cmd->max_args))
			vsctl_fatal("%s: wrong number of arguments (usage: %s "
				    "%s)", p->cmd->name, p->cmd->name,
				    p->cmd->usage);
		n++;
	}
	if (!n)
		vsctl_fatal("missing command name (use --help)");
	*cmdsp = cmds;
	return n;
}

static bool any_write(const struct parsed *cmds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cmds[i].cmd->write)
			return true;
	return false;
}

static int timeout_ms(void)
{
	return opt.timeout_s ? opt.timeout_s * 1000 : -1;
}

/* Calls METHOD; dies on any failure; returns the result. */
static json_t *call(struct jsonrpc *rpc, const char *ctl, const char *method,
		    json_t *params)
{
	json_t *reply, *result;
	const char *etext;
	char *e = NULL;

	if (jsonrpc_call(rpc, method, params, timeout_ms(), &reply, &e))
		vsctl_fatal("%s: %s", ctl, e);
	etext = jsonrpc_reply_error_text(reply);
	if (etext)
		vsctl_fatal("%s", etext);
	result = json_incref(json_object_get(reply, "result"));
	json_decref(reply);
	return result;
}

static struct fsw_config *load_from(struct jsonrpc *rpc, const char *ctl)
{
	struct fsw_config *cfg;
	char *e = NULL;

	if (rpc) {
		json_t *j = call(rpc, ctl, "get-config", NULL);

		if (fsw_config_from_json(j, &cfg, &e))
			vsctl_fatal("daemon sent a bad configuration: %s", e);
		json_decref(j);
	} else if (fsw_config_load(opt.db, &cfg, &e)) {
		vsctl_fatal("%s", e);
	}
	return cfg;
}

static void set_paths(void)
{
	const char *env;
	size_t len;

	if (!opt.rundir) {
		env = getenv("FSW_RUNDIR");
		opt.rundir = env && *env ? env : DEFAULT_RUNDIR;
	}
	if (!opt.db) {
		env = getenv("FSW_DBDIR");
		opt.db = xstrdup(env && *env ? env : DEFAULT_DBDIR);
	}
	/* Anything but a *.json file is a directory holding conf.json. */
	len = strlen(opt.db);
	if (len < 5 || strcmp(opt.db + len - 5, ".json")) {
		char *p = xasprintf("%s/%s", opt.db, FSW_CONFIG_FILE);

		free(opt.db);
		opt.db = p;
	}
}

int main(int argc, char *argv[])
{
	struct vsctl_ctx c = { 0 };
	struct jsonrpc *rpc = NULL;
	struct parsed *cmds;
	char *ctl;
	size_t n, i;
	int err;

	n = parse_commands(argc, argv, &c, &cmds);
	set_paths();
	ctl = xasprintf("%s/fsw-vswitchd.ctl", opt.rundir);
	err = jsonrpc_connect_unix(ctl, &rpc);
	if (err == -ENOENT || err == -ECONNREFUSED) {
		if (any_write(cmds, n) && !opt.dry_run)
			vsctl_fatal("fsw-vswitchd is not running (%s): start "
				    "it first", ctl);
	} else if (err) {
		vsctl_fatal("cannot connect to %s: %s", ctl, strerror(-err));
	}
	c.cfg = load_from(rpc, ctl);
	if (rpc)
		c.status = call(rpc, ctl, "get-status", NULL);
	c.ops = json_array();
	for (i = 0; i < n; i++) {
		c.may_exist = cmds[i].may_exist;
		c.if_exists = cmds[i].if_exists;
		cmds[i].cmd->run(&c, cmds[i].argc, cmds[i].argv);
	}
	if (json_array_size(c.ops) && !opt.dry_run) {
		json_t *r = call(rpc, ctl, "transact", json_incref(c.ops));

		json_decref(r);
	}
	if (c.out)
		fputs(c.out, stdout);
	jsonrpc_close(rpc);
	json_decref(c.ops);
	json_decref(c.status);
	fsw_config_destroy(c.cfg);
	free(c.out);
	free(cmds);
	free(ctl);
	free(opt.db);
	return c.exit_code;
}
