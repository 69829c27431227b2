/*
 * fsw-dpctl: look at and change datapaths through lib/dpif.h, with
 * ovs-dpctl's commands and (close to) its output.  Works on any kernel
 * datapath that speaks the openvswitch netlink families (flowswitch.ko,
 * Linux's openvswitch.ko) and on "userspace" datapaths of this process
 * (useful only for testing).
 */
#include <config.h>
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dpif.h"
#include "odp.h"
#include "util.h"

static bool show_stats;

static void usage(void)
{
	printf("fsw-dpctl: Flowswitch datapath management utility\n"
	       "usage: fsw-dpctl [OPTIONS] COMMAND [ARG...]\n"
	       "  add-dp DP [IFACE...]          add new datapath DP (with IFACEs)\n"
	       "  del-dp DP                     delete local datapath DP\n"
	       "  add-if DP IFACE[,OPT=V]...    add each IFACE as a port on DP\n"
	       "                                (options: type=internal|system, port_no=N)\n"
	       "  del-if DP IFACE...            delete each IFACE from DP\n"
	       "  dump-dps                      display names of all datapaths\n"
	       "  show [DP...]                  show basic info on DPs (all by default)\n"
	       "  dump-flows [DP]               display flows in DP\n"
	       "  del-flows [DP]                delete all flows from DP\n"
	       "  add-flow [DP] FLOW ACTIONS    add FLOW with ACTIONS to DP\n"
	       "  mod-flow [DP] FLOW ACTIONS    change FLOW's actions in DP\n"
	       "  del-flow [DP] FLOW            delete FLOW from DP\n"
	       "  get-flow [DP] FLOW            print FLOW in DP\n"
	       "A DP is NAME or TYPE@NAME (TYPE: system, userspace).\n"
	       "Options:\n"
	       "  -s, --statistics              print port statistics with show,\n"
	       "                                flow statistics with flow commands\n"
	       "  --clear                       mod-flow: reset the statistics\n"
	       "  --may-create                  mod-flow: create a missing flow\n"
	       "  -h, --help                    display this help message\n");
}

static void die(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

static void die(int err, const char *fmt, ...)
{
	va_list args;

	fprintf(stderr, "fsw-dpctl: ");
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	if (err)
		fprintf(stderr, " (%s)", strerror(-err));
	fputc('\n', stderr);
	if (err == -EAFNOSUPPORT)
		fprintf(stderr, "fsw-dpctl: the datapath's generic netlink "
			"families are missing: is flowswitch.ko (or "
			"openvswitch.ko) loaded?\n");
	exit(EXIT_FAILURE);
}

/* Splits "type@name" (or "name") into a type and a name. */
static void parse_dp_name(const char *arg, char **type, char **name)
{
	const char *at = strchr(arg, '@');

	if (at) {
		*type = xasprintf("%.*s", (int)(at - arg), arg);
		*name = xstrdup(at + 1);
	} else {
		*type = xstrdup("system");
		*name = xstrdup(arg);
	}
}

static struct dpif *open_dp(const char *arg, bool create)
{
	char *type, *name;
	struct dpif *dpif;
	int err;

	parse_dp_name(arg, &type, &name);
	err = create ? dpif_create(name, type, &dpif)
		     : dpif_open(name, type, &dpif);
	if (err)
		die(err, "%s \"%s\" failed", create ? "creating" : "opening",
		    arg);
	free(type);
	free(name);
	return dpif;
}

/* Without a DP argument, ovs-dpctl uses the only datapath there is. */
static struct dpif *open_default_dp(int argc, char *argv[])
{
	char **names;
	struct dpif *dpif;
	int n;

	if (argc > 1)
		return open_dp(argv[1], false);
	n = dpif_enumerate("system", &names);
	if (n < 0)
		die(n, "cannot list datapaths");
	if (n != 1) {
		dpif_names_free(names);
		die(0, "%s: please specify a datapath",
		    n ? "more than one datapath exists" : "no datapaths exist");
	}
	dpif = open_dp(names[0], false);
	dpif_names_free(names);
	return dpif;
}

/* add-if's "IFACE[,type=T][,port_no=N]". */
static int add_if(struct dpif *dpif, const char *arg)
{
	char *copy = xstrdup(arg), *save, *opt;
	char *name = strtok_r(copy, ",", &save);
	uint32_t type = OVS_VPORT_TYPE_NETDEV, port_no = DPIF_PORT_ANY;
	unsigned long long v;
	int err;

	if (!name) {
		free(copy);
		die(0, "%s: missing interface name", arg);
	}
	while ((opt = strtok_r(NULL, ",", &save))) {
		char *value = strchr(opt, '=');

		if (!value)
			die(0, "%s: option \"%s\" needs a value", arg, opt);
		*value++ = '\0';
		if (!strcmp(opt, "type")) {
			if (dpif_port_type_from_string(value, &type))
				die(0, "%s: unknown port type \"%s\"", arg,
				    value);
		} else if (!strcmp(opt, "port_no")) {
			if (str_to_uint(value, UINT32_MAX - 1, &v))
				die(0, "%s: bad port number \"%s\"", arg,
				    value);
			port_no = v;
		} else {
			die(0, "%s: unknown option \"%s\"", arg, opt);
		}
	}
	err = dpif_port_add(dpif, name, type, &port_no);
	if (err)
		fprintf(stderr, "fsw-dpctl: adding %s to %s failed (%s)\n",
			name, dpif_name(dpif), strerror(-err));
	free(copy);
	return err;
}

static int cmd_add_dp(int argc, char *argv[])
{
	struct dpif *dpif = open_dp(argv[1], true);
	int i, err = 0;

	for (i = 2; i < argc; i++)
		if (add_if(dpif, argv[i]))
			err = -1;
	dpif_close(dpif);
	return err;
}

static int cmd_del_dp(int argc, char *argv[])
{
	struct dpif *dpif = open_dp(argv[1], false);
	int err = dpif_delete(dpif);

	if (err)
		die(err, "deleting %s failed", argv[1]);
	dpif_close(dpif);
	return 0;
}

static int cmd_add_if(int argc, char *argv[])
{
	struct dpif *dpif = open_dp(argv[1], false);
	int i, err = 0;

	for (i = 2; i < argc; i++)
		if (add_if(dpif, argv[i]))
			err = -1;
	dpif_close(dpif);
	return err;
}

static int cmd_del_if(int argc, char *argv[])
{
	struct dpif *dpif = open_dp(argv[1], false);
	struct dpif_port port;
	int i, err, ret = 0;

	for (i = 2; i < argc; i++) {
		char *name = xstrdup(argv[i]), *comma = strchr(name, ',');

		if (comma)
			*comma = '\0';
		err = dpif_port_get_by_name(dpif, name, &port);
		if (!err) {
			err = port.port_no ? dpif_port_del(dpif, port.port_no)
					   : -EINVAL;
			dpif_port_uninit(&port);
		}
		if (err) {
			fprintf(stderr, "fsw-dpctl: deleting port %s from %s "
				"failed (%s)\n", name, dpif_name(dpif),
				err == -EINVAL ? "cannot delete local port"
					       : strerror(-err));
			ret = -1;
		}
		free(name);
	}
	dpif_close(dpif);
	return ret;
}

static int cmd_dump_dps(int argc, char *argv[])
{
	char **names, **p;
	int n = dpif_enumerate("system", &names);

	if (n < 0)
		die(n, "cannot list datapaths");
	for (p = names; *p; p++)
		printf("system@%s\n", *p);
	dpif_names_free(names);
	return 0;
}

static void show_port_stats(const struct ovs_vport_stats *s)
{
	printf("    RX packets:%llu errors:%llu dropped:%llu\n"
	       "    TX packets:%llu errors:%llu dropped:%llu\n"
	       "    RX bytes:%llu  TX bytes:%llu\n",
	       (unsigned long long)s->rx_packets,
	       (unsigned long long)s->rx_errors,
	       (unsigned long long)s->rx_dropped,
	       (unsigned long long)s->tx_packets,
	       (unsigned long long)s->tx_errors,
	       (unsigned long long)s->tx_dropped,
	       (unsigned long long)s->rx_bytes,
	       (unsigned long long)s->tx_bytes);
}

static void show_dp(struct dpif *dpif)
{
	struct dpif_dp_stats s;
	struct dpif_port *ports;
	size_t n, i;
	int err;

	printf("%s@%s:\n", dpif_type(dpif), dpif_name(dpif));
	err = dpif_get_stats(dpif, &s);
	if (!err) {
		double per_pkt = s.n_hit ? (double)s.n_mask_hit / s.n_hit : 0;

		printf("  lookups: hit:%llu missed:%llu lost:%llu\n"
		       "  flows: %llu\n"
		       "  masks: hit:%llu total:%llu hit/pkt:%.2f\n",
		       (unsigned long long)s.n_hit,
		       (unsigned long long)s.n_missed,
		       (unsigned long long)s.n_lost,
		       (unsigned long long)s.n_flows,
		       (unsigned long long)s.n_mask_hit,
		       (unsigned long long)s.n_masks, per_pkt);
	} else {
		printf("  statistics unavailable (%s)\n", strerror(-err));
	}
	err = dpif_port_list(dpif, &ports, &n);
	if (err) {
		printf("  ports unavailable (%s)\n", strerror(-err));
		return;
	}
	for (i = 0; i < n; i++) {
		printf("  port %u: %s", ports[i].port_no, ports[i].name);
		if (ports[i].type != OVS_VPORT_TYPE_NETDEV)
			printf(" (%s)",
			       dpif_port_type_to_string(ports[i].type));
		putchar('\n');
		if (show_stats)
			show_port_stats(&ports[i].stats);
	}
	dpif_port_list_free(ports, n);
}

static int cmd_show(int argc, char *argv[])
{
	struct dpif *dpif;
	char **names, **p;
	int i, n;

	if (argc > 1) {
		for (i = 1; i < argc; i++) {
			dpif = open_dp(argv[i], false);
			show_dp(dpif);
			dpif_close(dpif);
		}
		return 0;
	}
	n = dpif_enumerate("system", &names);
	if (n < 0)
		die(n, "cannot list datapaths");
	for (p = names; *p; p++) {
		if (dpif_open(*p, "system", &dpif))
			continue;	/* deleted meanwhile */
		show_dp(dpif);
		dpif_close(dpif);
	}
	dpif_names_free(names);
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void print_tcp_flags(uint8_t flags)
{
	static const char names[] = "FSRPAUEC";
	int i;

	printf(", flags:");
	for (i = 0; i < 8; i++)
		if (flags & (1 << i))
			putchar(names[i]);
}

static void print_flow(const struct dpif_flow *f, long long now)
{
	char *s;

	s = odp_key_to_string(f->key.data, f->key.size,
			      f->mask.size ? f->mask.data : NULL,
			      f->mask.size);
	printf("%s", s);
	free(s);
	printf(", packets:%llu, bytes:%llu, used:",
	       (unsigned long long)f->stats.n_packets,
	       (unsigned long long)f->stats.n_bytes);
	if (f->stats.used)
		printf("%.3fs", (now - (long long)f->stats.used) / 1000.0);
	else
		printf("never");
	if (f->stats.tcp_flags)
		print_tcp_flags(f->stats.tcp_flags);
	s = odp_actions_to_string(f->actions.data, f->actions.size);
	printf(", actions:%s\n", s);
	free(s);
}

static int cmd_dump_flows(int argc, char *argv[])
{
	struct dpif *dpif = open_default_dp(argc, argv);
	struct dpif_flow_dump *d = dpif_flow_dump_start(dpif);
	struct dpif_flow f;
	long long now = now_ms();
	int err;

	dpif_flow_init(&f);
	while (dpif_flow_dump_next(d, &f) > 0)
		print_flow(&f, now);
	dpif_flow_uninit(&f);
	err = dpif_flow_dump_done(d);
	if (err)
		die(err, "dumping flows of %s failed", dpif_name(dpif));
	dpif_close(dpif);
	return 0;
}

static int cmd_del_flows(int argc, char *argv[])
{
	struct dpif *dpif = open_default_dp(argc, argv);
	int err = dpif_flow_flush(dpif);

	if (err)
		die(err, "deleting flows of %s failed", dpif_name(dpif));
	dpif_close(dpif);
	return 0;
}

/* "[DP] FLOW [ACTIONS]": the DP is there when there is one more
 * argument than the command needs. */
static struct dpif *open_flow_dp(int argc, char *argv[], int need,
				 int *first)
{
	if (argc - 1 > need) {
		*first = 2;
		return open_dp(argv[1], false);
	}
	*first = 1;
	return open_default_dp(1, argv);
}

static void parse_flow(const char *s, struct buf *key, struct buf *mask)
{
	char *err = NULL;

	if (odp_key_from_string(s, key, mask, &err))
		die(0, "%s: %s", s, err ? err : "bad flow");
}

static void parse_actions(const char *s, struct buf *actions)
{
	char *err = NULL;

	if (odp_actions_from_string(s, actions, &err))
		die(0, "%s: %s", s, err ? err : "bad actions");
}

static bool clear_stats, may_create;

static int put_flow(int argc, char *argv[], unsigned int flags)
{
	struct buf key = BUF_INITIALIZER, mask = BUF_INITIALIZER;
	struct buf actions = BUF_INITIALIZER;
	struct dpif_flow_stats stats;
	struct dpif_flow_put put;
	struct dpif *dpif;
	int i, err;

	dpif = open_flow_dp(argc, argv, 2, &i);
	parse_flow(argv[i], &key, &mask);
	parse_actions(argv[i + 1], &actions);
	memset(&put, 0, sizeof put);
	put.flags = flags;
	put.key = &key;
	put.mask = &mask;
	put.actions = &actions;
	put.stats = show_stats ? &stats : NULL;
	err = dpif_flow_put(dpif, &put);
	if (err)
		die(err, "updating flow in %s failed", dpif_name(dpif));
	if (show_stats)
		printf("packets:%llu, bytes:%llu\n",
		       (unsigned long long)stats.n_packets,
		       (unsigned long long)stats.n_bytes);
	buf_uninit(&key);
	buf_uninit(&mask);
	buf_uninit(&actions);
	dpif_close(dpif);
	return 0;
}

static int cmd_add_flow(int argc, char *argv[])
{
	return put_flow(argc, argv, DPIF_FP_CREATE);
}

static int cmd_mod_flow(int argc, char *argv[])
{
	return put_flow(argc, argv, DPIF_FP_MODIFY |
			(may_create ? DPIF_FP_CREATE : 0) |
			(clear_stats ? DPIF_FP_ZERO_STATS : 0));
}

static int cmd_del_flow(int argc, char *argv[])
{
	struct buf key = BUF_INITIALIZER, mask = BUF_INITIALIZER;
	struct dpif_flow_stats stats;
	struct dpif *dpif;
	int i, err;

	dpif = open_flow_dp(argc, argv, 1, &i);
	parse_flow(argv[i], &key, &mask);
	err = dpif_flow_del(dpif, &key, NULL, &stats);
	if (err)
		die(err, "deleting flow from %s failed", dpif_name(dpif));
	if (show_stats)
		printf("packets:%llu, bytes:%llu\n",
		       (unsigned long long)stats.n_packets,
		       (unsigned long long)stats.n_bytes);
	buf_uninit(&key);
	buf_uninit(&mask);
	dpif_close(dpif);
	return 0;
}

static int cmd_get_flow(int argc, char *argv[])
{
	struct buf key = BUF_INITIALIZER, mask = BUF_INITIALIZER;
	struct dpif_flow f;
	struct dpif *dpif;
	int i, err;

	dpif = open_flow_dp(argc, argv, 1, &i);
	parse_flow(argv[i], &key, &mask);
	dpif_flow_init(&f);
	err = dpif_flow_get(dpif, &key, NULL, &f);
	if (err)
		die(err, "getting flow from %s failed", dpif_name(dpif));
	print_flow(&f, now_ms());
	dpif_flow_uninit(&f);
	buf_uninit(&key);
	buf_uninit(&mask);
	dpif_close(dpif);
	return 0;
}

struct command {
	const char *name;
	int min_args, max_args;
	int (*run)(int argc, char *argv[]);
};

static const struct command commands[] = {
	{ "add-dp", 1, 1000, cmd_add_dp },
	{ "del-dp", 1, 1, cmd_del_dp },
	{ "add-if", 2, 1000, cmd_add_if },
	{ "del-if", 2, 1000, cmd_del_if },
	{ "dump-dps", 0, 0, cmd_dump_dps },
	{ "show", 0, 1000, cmd_show },
	{ "dump-flows", 0, 1, cmd_dump_flows },
	{ "del-flows", 0, 1, cmd_del_flows },
	{ "add-flow", 2, 3, cmd_add_flow },
	{ "mod-flow", 2, 3, cmd_mod_flow },
	{ "del-flow", 1, 2, cmd_del_flow },
	{ "get-flow", 1, 2, cmd_get_flow },
};

int main(int argc, char *argv[])
{
	static const struct option long_options[] = {
		{ "statistics", no_argument, NULL, 's' },
		{ "clear", no_argument, NULL, 'c' },
		{ "may-create", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	size_t i;
	int c, nargs;

	while ((c = getopt_long(argc, argv, "sh", long_options, NULL)) != -1) {
		switch (c) {
		case 's':
			show_stats = true;
			break;
		case 'c':
			clear_stats = true;
			break;
		case 'm':
			may_create = true;
			break;
		case 'h':
			usage();
			return 0;
		default:
			return EXIT_FAILURE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		die(0, "missing command name; use --help for help");
	nargs = argc - 1;
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		const struct command *cmd = &commands[i];

		if (strcmp(cmd->name, argv[0]))
			continue;
		if (nargs < cmd->min_args || nargs > cmd->max_args)
			die(0, "'%s' command takes %d to %d arguments",
			    cmd->name, cmd->min_args, cmd->max_args);
		return cmd->run(argc, argv) ? EXIT_FAILURE : 0;
	}
	die(0, "unknown command '%s'; use --help for help", argv[0]);
}
