/*
 * fsw-appctl: send one control command to a running daemon and print its
 * reply.  fsw-appctl [-t TARGET] COMMAND [ARG]...
 *
 * TARGET is a daemon name (RUNDIR/NAME.ctl, default fsw-vswitchd) or the
 * path of a control socket (anything with a '/').  Exit status: 0 on
 * success, 1 when the daemon cannot be reached, 2 when it answered with
 * an error (printed on stderr).
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonrpc.h"
#include "util.h"

#define DEFAULT_RUNDIR "/var/run/flowswitch"

static void usage(void)
{
	printf("fsw-appctl: send a control command to a Flowswitch daemon\n"
	       "usage: fsw-appctl [OPTION]... COMMAND [ARG]...\n"
	       "  -t, --target=NAME|SOCKET  daemon (default fsw-vswitchd)\n"
	       "  --rundir=DIR              where NAME.ctl lives (default "
	       DEFAULT_RUNDIR ", or $FSW_RUNDIR)\n"
	       "  -T, --timeout=SECS        give up after SECS (default 30, "
	       "0 = never)\n"
	       "  -h, --help                this help\n"
	       "  -V, --version             print the version\n"
	       "\"fsw-appctl list-commands\" lists the daemon's commands.\n");
}

int main(int argc, char *argv[])
{
	static const struct option long_options[] = {
		{ "target", required_argument, NULL, 't' },
		{ "rundir", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *target = "fsw-vswitchd", *rundir = getenv("FSW_RUNDIR");
	unsigned long long timeout = 30;
	json_t *params, *reply, *result;
	struct jsonrpc *rpc;
	const char *etext;
	char *path, *e = NULL;
	int c, i, err, status = 0;

	if (!rundir || !*rundir)
		rundir = DEFAULT_RUNDIR;
	/* '+': stop at the command, whose arguments may start with '-'. */
	while ((c = getopt_long(argc, argv, "+t:T:hV", long_options, NULL))
	       != -1) {
		switch (c) {
		case 't':
			target = optarg;
			break;
		case 'r':
			rundir = optarg;
			break;
		case 'T':
			if (str_to_uint(optarg, 86400, &timeout)) {
				fprintf(stderr, "fsw-appctl: bad timeout "
					"\"%s\"\n", optarg);
				return 1;
			}
			break;
		case 'h':
			usage();
			return 0;
		case 'V':
			printf("fsw-appctl (Flowswitch) %s\n", PACKAGE_VERSION);
			return 0;
		default:
			fprintf(stderr, "Try 'fsw-appctl --help'.\n");
			return 1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "fsw-appctl: missing command (try "
			"\"fsw-appctl list-commands\")\n");
		return 1;
	}
	path = strchr(target, '/') ? xstrdup(target)
		: xasprintf("%s/%s.ctl", rundir, target);
	err = jsonrpc_connect_unix(path, &rpc);
	if (err) {
		fprintf(stderr, "fsw-appctl: cannot connect to %s: %s%s\n",
			path, strerror(-err),
			err == -ENOENT || err == -ECONNREFUSED ?
			" (is the daemon running?)" : "");
		free(path);
		return 1;
	}
	params = json_array();
	for (i = optind + 1; i < argc; i++)
		json_array_append_new(params, json_string(argv[i]));
	if (jsonrpc_call(rpc, argv[optind], params,
			 timeout ? (int)timeout * 1000 : -1, &reply, &e)) {
		fprintf(stderr, "fsw-appctl: %s: %s\n", path, e);
		jsonrpc_close(rpc);
		free(path);
		free(e);
		return 1;
	}
	etext = jsonrpc_reply_error_text(reply);
	result = json_object_get(reply, "result");
	if (etext) {
		fprintf(stderr, "fsw-appctl: %s\n", etext);
		status = 2;
	} else if (json_is_string(result)) {
		fputs(json_string_value(result), stdout);
	} else if (result && !json_is_null(result)) {
		char *s = json_dumps(result, JSON_INDENT(2) | JSON_ENCODE_ANY);

		printf("%s\n", s);
		free(s);
	}
	json_decref(reply);
	jsonrpc_close(rpc);
	free(path);
	return status;
}
