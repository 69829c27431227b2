/*
 * flowkey-kdiff: the differential test of the packet parser against a
 * kernel datapath.  For each packet it asks the loaded datapath module
 * (Linux's openvswitch.ko or flowswitch.ko: same generic netlink API) to
 * execute the packet with a single userspace() action, so the kernel
 * sends the packet back with the key *it* extracted, and compares that
 * key, decoded with odp_key_to_fsw(), byte for byte with the key
 * fsw_key_extract() gives for the same bytes.
 *
 *   tests/flowkey-kdiff [-v] FILE
 *
 * FILE has one packet per line in hex (blanks and ':' ignored).  A line
 * "# text" names the next packet; a line "#!diff text" says the next
 * packet is known to be keyed differently by this kernel (the reason in
 * text): a difference is then reported but not counted, and agreement
 * is reported too.  Runs as root inside the test VM; creates and
 * deletes a datapath named "fkdiff".  Exit status: 0 if every packet
 * not marked agreed, 1 on any disagreement, 2 on setup errors (no
 * datapath module, or one that cannot yet create a datapath or execute
 * a plain UDP packet with a userspace() action).
 */
#include <config.h>
#include <ctype.h>
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/openvswitch.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "fsw/flow_extract.h"
#include "odp.h"
#include "util.h"

#define DP_NAME "fkdiff"
#define MAX_PACKET 2048

struct ctx {
	struct nl_sock *sk;
	int dp_family;
	int packet_family;
	int dp_ifindex;
	bool verbose;

	/* Per request. */
	bool done;
	int error;
	struct buf key;		/* OVS_PACKET_ATTR_KEY of the upcall */
	bool got_key;
};

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct ctx *c = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *a[OVS_PACKET_ATTR_MAX + 1];

	if (nlh->nlmsg_type != c->packet_family ||
	    gh->cmd != OVS_PACKET_CMD_ACTION)
		return NL_OK;
	if (genlmsg_parse(nlh, sizeof(struct ovs_header), a,
			  OVS_PACKET_ATTR_MAX, NULL) < 0 ||
	    !a[OVS_PACKET_ATTR_KEY])
		return NL_OK;
	buf_clear(&c->key);
	buf_put(&c->key, nla_data(a[OVS_PACKET_ATTR_KEY]),
		nla_len(a[OVS_PACKET_ATTR_KEY]));
	c->got_key = true;
	return NL_OK;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct ctx *c = arg;

	c->done = true;
	return NL_STOP;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	struct ctx *c = arg;

	c->error = err->error;
	c->done = true;
	return NL_STOP;
}

/* Sends MSG (consumed) and processes replies until its ack. */
static int transact(struct ctx *c, struct nl_msg *msg)
{
	int err;

	c->done = false;
	c->error = 0;
	err = nl_send_auto(c->sk, msg);
	nlmsg_free(msg);
	if (err < 0)
		return -EIO;
	while (!c->done) {
		err = nl_recvmsgs_default(c->sk);
		if (err < 0 && !c->done)
			return -EIO;
	}
	return c->error;
}

static struct nl_msg *new_msg(struct ctx *c, int family, uint8_t cmd,
			      uint8_t version)
{
	struct nl_msg *msg = nlmsg_alloc_size(MAX_PACKET + 4096);
	struct ovs_header *oh;

	oh = genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family,
			 sizeof *oh, NLM_F_REQUEST | NLM_F_ACK, cmd, version);
	oh->dp_ifindex = c->dp_ifindex;
	return msg;
}

static int dp_cmd(struct ctx *c, uint8_t cmd)
{
	struct nl_msg *msg = new_msg(c, c->dp_family, cmd,
				     OVS_DATAPATH_VERSION);

	nla_put_string(msg, OVS_DP_ATTR_NAME, DP_NAME);
	if (cmd == OVS_DP_CMD_NEW)
		nla_put_u32(msg, OVS_DP_ATTR_UPCALL_PID,
			    nl_socket_get_local_port(c->sk));
	return transact(c, msg);
}

static int setup(struct ctx *c)
{
	struct nl_cb *cb;
	int err;

	c->sk = nl_socket_alloc();
	if (!c->sk || genl_connect(c->sk))
		return -1;
	/* Upcalls arrive with sequence number 0. */
	nl_socket_disable_seq_check(c->sk);
	nl_socket_set_buffer_size(c->sk, 1 << 20, 1 << 20);
	cb = nl_socket_get_cb(c->sk);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, c);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, c);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, c);
	nl_cb_put(cb);

	c->dp_family = genl_ctrl_resolve(c->sk, OVS_DATAPATH_FAMILY);
	c->packet_family = genl_ctrl_resolve(c->sk, OVS_PACKET_FAMILY);
	if (c->dp_family < 0 || c->packet_family < 0) {
		fprintf(stderr, "no ovs_datapath/ovs_packet family: is a "
			"datapath module loaded?\n");
		return -1;
	}
	dp_cmd(c, OVS_DP_CMD_DEL);	/* a leftover from a crashed run */
	err = dp_cmd(c, OVS_DP_CMD_NEW);
	if (err) {
		fprintf(stderr, "creating datapath %s: %s\n", DP_NAME,
			strerror(-err));
		return -1;
	}
	c->dp_ifindex = if_nametoindex(DP_NAME);
	if (!c->dp_ifindex) {
		fprintf(stderr, "datapath %s has no local port\n", DP_NAME);
		return -1;
	}
	return 0;
}

/* Has the kernel key the packet DATA; returns 0 with c->key set. */
static int kernel_key(struct ctx *c, const uint8_t *data, size_t len,
		      const struct fsw_key *meta)
{
	struct nl_msg *msg = new_msg(c, c->packet_family,
				     OVS_PACKET_CMD_EXECUTE,
				     OVS_PACKET_VERSION);
	struct buf key = BUF_INITIALIZER;
	struct nlattr *acts, *user;
	int err;

	nla_put(msg, OVS_PACKET_ATTR_PACKET, len, data);
	/* Our own key for the packet: the kernel takes the metadata from
	 * it, and checks the whole stream's framing and sizes. */
	odp_key_from_fsw(&key, meta);
	nla_put(msg, OVS_PACKET_ATTR_KEY, key.size, key.data);
	buf_uninit(&key);
	acts = nla_nest_start(msg, OVS_PACKET_ATTR_ACTIONS);
	user = nla_nest_start(msg, OVS_ACTION_ATTR_USERSPACE);
	nla_put_u32(msg, OVS_USERSPACE_ATTR_PID,
		    nl_socket_get_local_port(c->sk));
	nla_nest_end(msg, user);
	nla_nest_end(msg, acts);

	c->got_key = false;
	err = transact(c, msg);
	if (!err && !c->got_key)
		err = -ENOMSG;
	return err;
}

/* Can the datapath run the test at all?  A plain IPv4/UDP frame. */
static int probe(struct ctx *c)
{
	static const uint8_t frame[] = {
		2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00,
		0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0,
		10, 0, 0, 1, 10, 0, 0, 2, 0, 1, 0, 2, 0, 8, 0, 0,
	};
	struct fsw_key key;
	int err;

	memset(&key, 0, sizeof key);
	fsw_key_extract(frame, sizeof frame, &key);
	err = kernel_key(c, frame, sizeof frame, &key);
	if (err)
		fprintf(stderr, "the datapath cannot execute packets with a "
			"userspace() action: %s\n", strerror(-err));
	return err;
}

static int hexval(int ch)
{
	if (isdigit(ch))
		return ch - '0';
	ch = tolower(ch);
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

static long parse_hex(const char *s, uint8_t *out)
{
	long n = 0;
	int hi = -1;

	for (; *s; s++) {
		int v = hexval((unsigned char)*s);

		if (v < 0) {
			if (isspace((unsigned char)*s) || *s == ':')
				continue;
			return -1;
		}
		if (hi < 0) {
			hi = v;
		} else {
			if (n >= MAX_PACKET)
				return -1;
			out[n++] = hi << 4 | v;
			hi = -1;
		}
	}
	return hi < 0 ? n : -1;
}

static void print_key(const char *who, const struct buf *attrs)
{
	char *s = odp_key_to_string(attrs->data, attrs->size, NULL, 0);

	printf("    %s %s\n", who, s);
	free(s);
}

/* Runs one packet; returns 1 if it counts as a failure. */
static int run_one(struct ctx *c, const char *name, const char *expect_diff,
		   const uint8_t *pkt, size_t len)
{
	struct fsw_key ours, theirs;
	struct buf ours_attrs = BUF_INITIALIZER;
	struct odp_fit_info info;
	enum odp_fit fit;
	int err, bad = 0;
	bool same;

	memset(&ours, 0, sizeof ours);
	if (fsw_key_extract(pkt, len, &ours)) {
		printf("SKIP %s: shorter than an Ethernet header\n", name);
		return 0;
	}
	err = kernel_key(c, pkt, len, &ours);
	if (err) {
		printf("FAIL %s: execute: %s\n", name, strerror(-err));
		return 1;
	}
	fit = odp_key_to_fsw(c->key.data, c->key.size, &theirs, &info);
	same = fit != ODP_FIT_ERROR && !memcmp(&ours, &theirs, sizeof ours);
	odp_key_from_fsw(&ours_attrs, &ours);
	if (same && !expect_diff) {
		printf("PASS %s\n", name);
	} else if (same) {
		printf("PASS %s (agrees although marked: %s)\n", name,
		       expect_diff);
	} else {
		printf("%s %s%s%s\n", expect_diff ? "KNOWN" : "FAIL", name,
		       expect_diff ? ": " : "", expect_diff ? expect_diff : "");
		bad = !expect_diff;
	}
	if (!same || c->verbose) {
		if (fit != ODP_FIT_PERFECT)
			printf("    kernel key fit: %s (extra %#llx, missing "
			       "%#llx)\n", odp_fit_to_string(fit),
			       (unsigned long long)info.extra,
			       (unsigned long long)info.missing);
		print_key("kernel:", &c->key);
		print_key("ours:  ", &ours_attrs);
	}
	buf_uninit(&ours_attrs);
	return bad;
}

int main(int argc, char *argv[])
{
	static uint8_t pkt[MAX_PACKET];
	struct ctx c;
	char *line = NULL, *name = NULL, *expect = NULL;
	size_t cap = 0;
	unsigned long lineno = 0, n = 0, failed = 0;
	FILE *f;
	int opt;

	memset(&c, 0, sizeof c);
	while ((opt = getopt(argc, argv, "v")) != -1) {
		if (opt != 'v') {
			fprintf(stderr, "usage: %s [-v] FILE\n", argv[0]);
			return 2;
		}
		c.verbose = true;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: %s [-v] FILE\n", argv[0]);
		return 2;
	}
	f = fopen(argv[optind], "r");
	if (!f) {
		fprintf(stderr, "%s: %s\n", argv[optind], strerror(errno));
		return 2;
	}
	if (setup(&c) || probe(&c)) {
		if (c.dp_ifindex)
			dp_cmd(&c, OVS_DP_CMD_DEL);
		return 2;
	}

	while (getline(&line, &cap, f) > 0) {
		char *s = line;
		long len;

		lineno++;
		s[strcspn(s, "\n")] = '\0';
		while (isspace((unsigned char)*s))
			s++;
		if (!strncmp(s, "#!diff", 6)) {
			free(expect);
			expect = xstrdup(s[6] ? s + 7 : "marked");
			continue;
		}
		if (*s == '#') {
			free(name);
			name = xstrdup(s + 1 + (s[1] == ' '));
			continue;
		}
		if (!*s)
			continue;
		len = parse_hex(s, pkt);
		if (len < 0) {
			fprintf(stderr, "line %lu: bad hex\n", lineno);
			failed++;
		} else {
			char fallback[32];

			snprintf(fallback, sizeof fallback, "line %lu", lineno);
			failed += run_one(&c, name ? name : fallback, expect,
					  pkt, len);
			n++;
		}
		free(name);
		free(expect);
		name = expect = NULL;
	}
	free(line);
	free(name);
	free(expect);
	fclose(f);
	dp_cmd(&c, OVS_DP_CMD_DEL);
	nl_socket_free(c.sk);
	buf_uninit(&c.key);
	printf("%lu packets, %lu failed\n", n, failed);
	return failed ? 1 : 0;
}
