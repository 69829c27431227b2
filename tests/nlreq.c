/*
 * nlreq: send one generic netlink request to an openvswitch-style family
 * and print the reply, for the datapath's system tests.
 *
 *   nlreq [-d] FAMILY CMD [dp=DEV | hdr=N] [ATTR=TYPE:VALUE]...
 *   nlreq -l FAMILY [-t SECONDS] [-c COUNT]
 *   nlreq -U PORT [-t SECONDS] [-c COUNT]
 *
 * FAMILY is ovs_datapath, ovs_vport, ovs_flow or ovs_packet.  CMD is
 * new, del, get, set (ovs_packet: execute) or a number.  dp=DEV puts
 * DEV's ifindex (0 if there is none) in the ovs_header, hdr=N puts N.
 * ATTR is a name the family knows (see the tables below) or a number;
 * TYPE is u8, u16, u32, u64, str (with its NUL), bytes (without),
 * u32s (comma-separated array), flag (empty) or hex (raw bytes, so any
 * length can be sent).  -d sends a dump request.
 *
 * Output: one line per reply message, "CMD dp_ifindex=N ATTR=VALUE...";
 * on an error reply one line "error ENAME" and exit status 2.  -l joins
 * the family's multicast group and prints messages until COUNT arrived
 * or SECONDS passed without one.  -U makes this socket the upcall PID
 * of port PORT (by name), prints "upcall_pid N" and then the ovs_packet
 * messages (miss, action) that arrive; with -S SECONDS it first sleeps
 * that long without reading (a lagging reader).  -F FLAGS adds netlink header
 * flags (e.g. 0x600 for NLM_F_CREATE|NLM_F_EXCL).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/openvswitch.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

enum fmt { F_HEX, F_STR, F_U8, F_U32, F_U64, F_U32S, F_U64S, F_MFSTATS };

struct attr_def {
	int num;
	const char *name;
	enum fmt fmt;
};

struct family_def {
	const char *name;
	const char *group;
	int version;
	const char *cmds[5];
	const struct attr_def *attrs;
};

static const struct attr_def dp_attrs[] = {
	{ OVS_DP_ATTR_NAME, "name", F_STR },
	{ OVS_DP_ATTR_UPCALL_PID, "upcall_pid", F_U32 },
	{ OVS_DP_ATTR_STATS, "stats", F_U64S },
	{ OVS_DP_ATTR_MEGAFLOW_STATS, "megaflow_stats", F_MFSTATS },
	{ OVS_DP_ATTR_USER_FEATURES, "user_features", F_U32 },
	{ OVS_DP_ATTR_MASKS_CACHE_SIZE, "masks_cache_size", F_U32 },
	{ OVS_DP_ATTR_PER_CPU_PIDS, "per_cpu_pids", F_U32S },
	{ OVS_DP_ATTR_IFINDEX, "ifindex", F_U32 },
	{ 0, NULL, F_HEX },
};

static const struct attr_def vport_attrs[] = {
	{ OVS_VPORT_ATTR_PORT_NO, "port_no", F_U32 },
	{ OVS_VPORT_ATTR_TYPE, "type", F_U32 },
	{ OVS_VPORT_ATTR_NAME, "name", F_STR },
	{ OVS_VPORT_ATTR_OPTIONS, "options", F_HEX },
	{ OVS_VPORT_ATTR_UPCALL_PID, "upcall_pid", F_U32S },
	{ OVS_VPORT_ATTR_STATS, "stats", F_U64S },
	{ OVS_VPORT_ATTR_IFINDEX, "ifindex", F_U32 },
	{ OVS_VPORT_ATTR_NETNSID, "netnsid", F_U32 },
	{ 0, NULL, F_HEX },
};

static const struct attr_def flow_attrs[] = {
	{ OVS_FLOW_ATTR_KEY, "key", F_HEX },
	{ OVS_FLOW_ATTR_ACTIONS, "actions", F_HEX },
	{ OVS_FLOW_ATTR_STATS, "stats", F_U64S },
	{ OVS_FLOW_ATTR_TCP_FLAGS, "tcp_flags", F_U8 },
	{ OVS_FLOW_ATTR_USED, "used", F_U64 },
	{ OVS_FLOW_ATTR_CLEAR, "clear", F_HEX },
	{ OVS_FLOW_ATTR_MASK, "mask", F_HEX },
	{ OVS_FLOW_ATTR_PROBE, "probe", F_HEX },
	{ OVS_FLOW_ATTR_UFID, "ufid", F_HEX },
	{ OVS_FLOW_ATTR_UFID_FLAGS, "ufid_flags", F_U32 },
	{ 0, NULL, F_HEX },
};

static const struct attr_def packet_attrs[] = {
	{ OVS_PACKET_ATTR_PACKET, "packet", F_HEX },
	{ OVS_PACKET_ATTR_KEY, "key", F_HEX },
	{ OVS_PACKET_ATTR_ACTIONS, "actions", F_HEX },
	{ OVS_PACKET_ATTR_USERDATA, "userdata", F_HEX },
	{ OVS_PACKET_ATTR_PROBE, "probe", F_HEX },
	{ OVS_PACKET_ATTR_MRU, "mru", F_U32 },
	{ OVS_PACKET_ATTR_LEN, "len", F_U32 },
	{ OVS_PACKET_ATTR_HASH, "hash", F_U64 },
	{ 0, NULL, F_HEX },
};

static const struct family_def families[] = {
	{ OVS_DATAPATH_FAMILY, OVS_DATAPATH_MCGROUP, OVS_DATAPATH_VERSION,
	  { "unspec", "new", "del", "get", "set" }, dp_attrs },
	{ OVS_VPORT_FAMILY, OVS_VPORT_MCGROUP, OVS_VPORT_VERSION,
	  { "unspec", "new", "del", "get", "set" }, vport_attrs },
	{ OVS_FLOW_FAMILY, OVS_FLOW_MCGROUP, OVS_FLOW_VERSION,
	  { "unspec", "new", "del", "get", "set" }, flow_attrs },
	{ OVS_PACKET_FAMILY, NULL, OVS_PACKET_VERSION,
	  { "unspec", "miss", "action", "execute", NULL }, packet_attrs },
};

static const struct family_def *fam;
static int error_seen;
static int stall;	/* -S */

static void die(const char *msg, const char *arg)
{
	fprintf(stderr, "nlreq: %s%s%s\n", msg, arg ? ": " : "",
		arg ? arg : "");
	exit(1);
}

static const struct attr_def *attr_by_num(int num)
{
	const struct attr_def *a;

	for (a = fam->attrs; a->name; a++)
		if (a->num == num)
			return a;
	return NULL;
}

static int attr_by_name(const char *name)
{
	const struct attr_def *a;
	char *end;
	long n;

	for (a = fam->attrs; a->name; a++)
		if (!strcmp(a->name, name))
			return a->num;
	/* A number may carry NLA_F_NESTED (0x8000). */
	n = strtol(name, &end, 0);
	if (*end || n <= 0 || n > 0xffff)
		die("unknown attribute", name);
	return n;
}

static const char *cmd_name(int cmd)
{
	static char buf[16];

	if (cmd >= 0 && cmd < 5 && fam->cmds[cmd])
		return fam->cmds[cmd];
	snprintf(buf, sizeof(buf), "cmd%d", cmd);
	return buf;
}

static int cmd_by_name(const char *name)
{
	char *end;
	long n;
	int i;

	for (i = 0; i < 5; i++)
		if (fam->cmds[i] && !strcmp(fam->cmds[i], name))
			return i;
	n = strtol(name, &end, 0);
	if (*end || n < 0 || n > 255)
		die("unknown command", name);
	return n;
}

static void print_attr(const struct nlattr *nla)
{
	const struct attr_def *def = attr_by_num(nla_type(nla));
	const unsigned char *p = nla_data(nla);
	int len = nla_len(nla), i;
	enum fmt fmt = def ? def->fmt : F_HEX;
	uint64_t v64;
	uint32_t v32;

	if (def)
		printf(" %s=", def->name);
	else
		printf(" %d=", nla_type(nla));
	if ((fmt == F_U32 && len != 4) || (fmt == F_U64 && len != 8) ||
	    (fmt == F_U8 && len != 1) || (fmt == F_U32S && len % 4) ||
	    (fmt == F_U64S && len % 8) || (fmt == F_MFSTATS && len != 32) ||
	    (fmt == F_STR && (!len || p[len - 1])))
		fmt = F_HEX;
	switch (fmt) {
	case F_STR:
		printf("%s", (const char *)p);
		break;
	case F_U8:
		printf("%u", p[0]);
		break;
	case F_U32:
		printf("%" PRIu32, nla_get_u32((struct nlattr *)nla));
		break;
	case F_U64:
		printf("%" PRIu64, nla_get_u64((struct nlattr *)nla));
		break;
	case F_U32S:
		for (i = 0; i < len; i += 4) {
			memcpy(&v32, p + i, 4);
			printf("%s%" PRIu32, i ? "," : "", v32);
		}
		break;
	case F_U64S:
		for (i = 0; i < len; i += 8) {
			memcpy(&v64, p + i, 8);
			printf("%s%" PRIu64, i ? "," : "", v64);
		}
		break;
	case F_MFSTATS: {
		struct ovs_dp_megaflow_stats m;

		memcpy(&m, p, sizeof(m));
		printf("%llu,%u,%llu", (unsigned long long)m.n_mask_hit,
		       m.n_masks, (unsigned long long)m.n_cache_hit);
		break;
	}
	case F_HEX:
		for (i = 0; i < len; i++)
			printf("%02x", p[i]);
		break;
	}
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct ovs_header *oh = genlmsg_data(gh);
	struct nlattr *nla;
	int rem;

	if (genlmsg_len(gh) < (int)sizeof(*oh)) {
		printf("%s (short)\n", cmd_name(gh->cmd));
		return NL_OK;
	}
	printf("%s dp_ifindex=%d", cmd_name(gh->cmd), oh->dp_ifindex);
	nla_for_each_attr(nla, genlmsg_attrdata(gh, sizeof(*oh)),
			  genlmsg_attrlen(gh, sizeof(*oh)), rem)
		print_attr(nla);
	printf("\n");
	fflush(stdout);
	return NL_OK;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *err, void *arg)
{
	const char *name = strerrorname_np(-err->error);

	if (name)
		printf("error %s\n", name);
	else
		printf("error %d\n", -err->error);
	error_seen = 1;
	return NL_STOP;
}

/* A dump that fails reports its errno in the NLMSG_DONE payload. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err;

	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0) {
			struct nlmsgerr e = { .error = err };

			on_error(NULL, &e, NULL);
		}
	}
	return NL_STOP;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static unsigned long long parse_num(const char *s, unsigned long long max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || !*s || v > max)
		die("bad number", s);
	return v;
}

static void put_u32s(struct nl_msg *msg, int num, const char *val)
{
	uint32_t ids[1024];
	char *copy = strdup(val), *tok, *save = NULL;
	int n = 0;

	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == 1024)
			die("too many values", val);
		ids[n++] = parse_num(tok, UINT32_MAX);
	}
	nla_put(msg, num, n * 4, ids);
	free(copy);
}

static void put_hex(struct nl_msg *msg, int num, const char *val)
{
	size_t len = strlen(val), i;
	unsigned char *buf;

	if (len % 2)
		die("odd hex length", val);
	buf = malloc(len / 2 + 1);
	for (i = 0; i < len / 2; i++) {
		int hi = hexval(val[2 * i]), lo = hexval(val[2 * i + 1]);

		if (hi < 0 || lo < 0)
			die("bad hex", val);
		buf[i] = hi << 4 | lo;
	}
	nla_put(msg, num, len / 2, buf);
	free(buf);
}

/* ATTR=TYPE:VALUE */
static void put_attr(struct nl_msg *msg, const char *arg)
{
	char *copy = strdup(arg), *eq, *colon, *val;
	int num;

	eq = strchr(copy, '=');
	if (!eq)
		die("expected ATTR=TYPE:VALUE", arg);
	*eq = '\0';
	colon = strchr(eq + 1, ':');
	if (!colon)
		die("expected ATTR=TYPE:VALUE", arg);
	*colon = '\0';
	val = colon + 1;
	num = attr_by_name(copy);
	if (!strcmp(eq + 1, "u8"))
		nla_put_u8(msg, num, parse_num(val, UINT8_MAX));
	else if (!strcmp(eq + 1, "u16"))
		nla_put_u16(msg, num, parse_num(val, UINT16_MAX));
	else if (!strcmp(eq + 1, "u32"))
		nla_put_u32(msg, num, parse_num(val, UINT32_MAX));
	else if (!strcmp(eq + 1, "u64"))
		nla_put_u64(msg, num, parse_num(val, UINT64_MAX));
	else if (!strcmp(eq + 1, "str"))
		nla_put_string(msg, num, val);
	else if (!strcmp(eq + 1, "bytes"))
		nla_put(msg, num, strlen(val), val);
	else if (!strcmp(eq + 1, "u32s"))
		put_u32s(msg, num, val);
	else if (!strcmp(eq + 1, "flag"))
		nla_put_flag(msg, num);
	else if (!strcmp(eq + 1, "hex"))
		put_hex(msg, num, val);
	else
		die("unknown type", eq + 1);
	free(copy);
}

static const struct family_def *find_family(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (!strcmp(families[i].name, name))
			return &families[i];
	die("unknown family", name);
	return NULL;
}

static int listen_group(struct nl_sock *sk, int timeout, int count)
{
	struct pollfd pfd;
	int grp, seen = 0;

	if (!fam->group)
		die("family has no multicast group", fam->name);
	grp = genl_ctrl_resolve_grp(sk, fam->name, fam->group);
	if (grp < 0)
		die("cannot resolve group", fam->group);
	nl_socket_disable_seq_check(sk);
	if (nl_socket_add_membership(sk, grp) < 0)
		die("cannot join group", fam->group);
	/* Tell a waiting test that we are listening. */
	printf("listening\n");
	fflush(stdout);
	pfd.fd = nl_socket_get_fd(sk);
	pfd.events = POLLIN;
	while (count <= 0 || seen < count) {
		if (poll(&pfd, 1, timeout * 1000) <= 0)
			break;
		if (nl_recvmsgs_default(sk) >= 0)
			seen++;
	}
	return 0;
}

/* -U: point PORT's upcalls at this socket, then print what comes. */
static int upcall_listen(struct nl_sock *sk, const char *port, int timeout,
			 int count)
{
	struct ovs_header *oh;
	struct nl_msg *msg;
	uint32_t pid = nl_socket_get_local_port(sk);
	int id;

	fam = find_family(OVS_VPORT_FAMILY);
	id = genl_ctrl_resolve(sk, fam->name);
	if (id < 0)
		die("family not registered", fam->name);
	msg = nlmsg_alloc();
	oh = genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, id, sizeof(*oh), 0,
			 OVS_VPORT_CMD_SET, fam->version);
	oh->dp_ifindex = 0;
	nla_put_string(msg, OVS_VPORT_ATTR_NAME, port);
	nla_put_u32(msg, OVS_VPORT_ATTR_UPCALL_PID, pid);
	if (nl_send_auto(sk, msg) < 0 || nl_wait_for_ack(sk) < 0 || error_seen)
		die("cannot set the upcall PID of", port);
	nlmsg_free(msg);
	printf("upcall_pid %u\n", pid);
	fflush(stdout);
	if (stall)
		sleep(stall);
	fam = find_family(OVS_PACKET_FAMILY);
	nl_socket_disable_seq_check(sk);
	{
		struct pollfd pfd = { nl_socket_get_fd(sk), POLLIN, 0 };
		int seen = 0;

		while (count <= 0 || seen < count) {
			if (poll(&pfd, 1, timeout * 1000) <= 0)
				break;
			if (nl_recvmsgs_default(sk) >= 0)
				seen++;
		}
	}
	return 0;
}

int main(int argc, char *argv[])
{
	const char *upcall_port = NULL;
	int extra_flags = 0;
	int dump = 0, listen = 0, timeout = 5, count = 0, opt, id, i;
	struct ovs_header *oh;
	struct nl_sock *sk;
	struct nl_msg *msg;
	int flags, cmd, err;

	while ((opt = getopt(argc, argv, "dlt:c:U:F:S:")) != -1) {
		switch (opt) {
		case 'd': dump = 1; break;
		case 'U': upcall_port = optarg; break;
		case 'F': extra_flags = strtol(optarg, NULL, 0); break;
		case 'l': listen = 1; break;
		case 't': timeout = atoi(optarg); break;
		case 'c': count = atoi(optarg); break;
		case 'S': stall = atoi(optarg); break;
		default: die("usage: nlreq [-d] FAMILY CMD [ARG]... | "
			     "nlreq -l FAMILY [-t S] [-c N]", NULL);
		}
	}
	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk))
		die("cannot open a generic netlink socket", NULL);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_msg, NULL);
	if (upcall_port) {
		nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, on_error, NULL);
		return upcall_listen(sk, upcall_port, timeout, count);
	}
	if (optind >= argc)
		die("no family", NULL);
	fam = find_family(argv[optind++]);

	nl_socket_modify_err_cb(sk, NL_CB_CUSTOM, on_error, NULL);
	nl_socket_modify_cb(sk, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, NULL);
	if (listen)
		return listen_group(sk, timeout, count);

	if (optind >= argc)
		die("no command", NULL);
	cmd = cmd_by_name(argv[optind++]);
	id = genl_ctrl_resolve(sk, fam->name);
	if (id < 0)
		die("family not registered", fam->name);

	msg = nlmsg_alloc();
	flags = (dump ? NLM_F_DUMP : NLM_F_ECHO) | extra_flags;
	oh = genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, id, sizeof(*oh),
			 flags, cmd, fam->version);
	oh->dp_ifindex = 0;
	for (i = optind; i < argc; i++) {
		if (!strncmp(argv[i], "dp=", 3))
			oh->dp_ifindex = if_nametoindex(argv[i] + 3);
		else if (!strncmp(argv[i], "hdr=", 4))
			oh->dp_ifindex = parse_num(argv[i] + 4, UINT32_MAX);
		else
			put_attr(msg, argv[i]);
	}
	err = nl_send_auto(sk, msg);
	if (err < 0)
		die("send failed", nl_geterror(err));
	err = nl_recvmsgs_default(sk);
	if (error_seen)
		return 2;
	if (err < 0)
		die("receive failed", nl_geterror(err));
	nlmsg_free(msg);
	nl_socket_free(sk);
	return 0;
}
