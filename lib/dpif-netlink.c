/*
 * dpif-netlink.c: the "system" datapath provider, a kernel datapath
 * spoken to over the openvswitch generic netlink families (Linux's
 * openvswitch.ko or our flowswitch.ko; nothing here knows which).
 *
 * libnl-genl builds messages, resolves family ids and parses attributes.
 * Sending and receiving are done on the socket's fd directly so that
 * errors come back as the kernel's errno, and so that a message of any
 * size is read whole (peek at its length first).
 *
 * Keys, masks and actions are passed through as the caller's bytes.
 */
#include <config.h>
#include "dpif-provider.h"

#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include "log.h"
#include "util.h"

LOG_MODULE(dpif_netlink);

/* Family ids, resolved once by name. */
static int dp_family, vport_family, flow_family, packet_family;
static int vport_mcgroup;

struct handler {
	struct nl_sock *sock;
	struct buf rx;		/* receive buffer: handlers run in parallel */
};

struct dpif_netlink {
	struct dpif up;
	int dp_ifindex;
	uint32_t features;	/* OVS_DP_F_* accepted by the datapath */
	struct nl_sock *sock;	/* requests */
	struct nl_sock *notify;	/* ovs_vport notifications, lazily */
	struct handler *handlers;
	unsigned int n_handlers;
	unsigned int next_handler; /* for the next port's PID */
	bool per_cpu;		/* upcalls dispatched per CPU */
};

static struct dpif_netlink *cast(const struct dpif *dpif)
{
	return (struct dpif_netlink *)dpif;
}

/* Sockets. */

static int sock_open(struct nl_sock **sockp)
{
	struct nl_sock *sock = nl_socket_alloc();

	*sockp = NULL;
	if (!sock)
		return -ENOMEM;
	if (nl_connect(sock, NETLINK_GENERIC) < 0) {
		nl_socket_free(sock);
		return -EPROTONOSUPPORT;
	}
	/* Some replies (dumps of big flows, packets) exceed a page. */
	nl_socket_set_buffer_size(sock, 1 << 20, 1 << 20);
	*sockp = sock;
	return 0;
}

static void sock_close(struct nl_sock *sock)
{
	if (sock)
		nl_socket_free(sock);
}

/* Reads one datagram into B, sized by peeking first so nothing is
 * truncated.  Without WAIT returns -EAGAIN when nothing is queued. */
static int sock_recv(struct nl_sock *sock, struct buf *b, bool wait)
{
	int fd = nl_socket_get_fd(sock);
	int flags = wait ? 0 : MSG_DONTWAIT;
	ssize_t n;

	for (;;) {
		n = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC | flags);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf_clear(b);
		buf_reserve(b, n ? n : 1);
		n = recv(fd, b->data, n, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		b->size = n;
		return 0;
	}
}

static uint32_t next_seq(void)
{
	static uint32_t seq;

	if (!seq)
		seq = (uint32_t)getpid() << 12;
	return ++seq;
}

static int sock_send(struct nl_sock *sock, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = next_seq();
	do {
		n = sendto(nl_socket_get_fd(sock), nlh, nlh->nlmsg_len, 0,
			   (struct sockaddr *)&kernel, sizeof kernel);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : 0;
}

typedef int reply_fn(struct nlmsghdr *, void *aux);

/* The error code a dump's NLMSG_DONE carries (0 for success). */
static int done_error(const struct nlmsghdr *nlh)
{
	int err;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof err))
		return 0;
	memcpy(&err, NLMSG_DATA(nlh), sizeof err);
	return err < 0 ? err : 0;
}

/* Processes the replies to a request sent with sock_send() whose
 * sequence number is SEQ: each data message goes to CB; returns the
 * kernel's error (negative errno) or 0, or CB's first error. */
static int sock_replies(struct nl_sock *sock, uint32_t seq,
			reply_fn *cb, void *aux)
{
	struct buf b = BUF_INITIALIZER;
	int err = 0;
	bool done = false;

	while (!done) {
		struct nlmsghdr *nlh;
		int len, r;

		r = sock_recv(sock, &b, true);
		if (r) {
			err = r;
			break;
		}
		len = b.size;
		for (nlh = (struct nlmsghdr *)b.data; nlmsg_ok(nlh, len);
		     nlh = nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq)
				continue;	/* stale reply */
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = nlmsg_data(nlh);

				if (nlh->nlmsg_len >= (unsigned)nlmsg_size(sizeof *e) &&
				    !err)
					err = e->error;
				done = true;
				break;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				/* A dump that failed says why here. */
				if (!err)
					err = done_error(nlh);
				done = true;
				break;
			}
			if (cb && !err) {
				r = cb(nlh, aux);
				if (r < 0)
					err = r;
			}
		}
	}
	buf_uninit(&b);
	return err;
}

static int transact(struct nl_sock *sock, struct nl_msg *msg,
		    reply_fn *cb, void *aux)
{
	int err = sock_send(sock, msg);

	if (!err)
		err = sock_replies(sock, nlmsg_hdr(msg)->nlmsg_seq, cb, aux);
	nlmsg_free(msg);
	return err;
}

/* Family resolution. */

static int resolve_one(struct nl_sock *sock, const char *name, int *id)
{
	int r = genl_ctrl_resolve(sock, name);

	if (r < 0) {
		LOG_DBG("generic netlink family %s not found", name);
		return -EAFNOSUPPORT;
	}
	*id = r;
	return 0;
}

static int resolve_families(void)
{
	struct nl_sock *sock;
	int err, r;

	if (packet_family)
		return 0;
	err = sock_open(&sock);
	if (err)
		return err;
	err = resolve_one(sock, OVS_DATAPATH_FAMILY, &dp_family);
	if (!err)
		err = resolve_one(sock, OVS_VPORT_FAMILY, &vport_family);
	if (!err)
		err = resolve_one(sock, OVS_FLOW_FAMILY, &flow_family);
	if (!err) {
		r = genl_ctrl_resolve_grp(sock, OVS_VPORT_FAMILY,
					  OVS_VPORT_MCGROUP);
		vport_mcgroup = r > 0 ? r : 0;
		err = resolve_one(sock, OVS_PACKET_FAMILY, &packet_family);
	}
	sock_close(sock);
	if (err)
		packet_family = 0;
	return err;
}

/* A request: generic netlink header plus struct ovs_header. */
static struct nl_msg *request(int family, uint8_t cmd, uint8_t version,
			      int flags, int dp_ifindex, size_t extra)
{
	struct nl_msg *msg = nlmsg_alloc_size(extra + 1024);
	struct ovs_header *oh;

	if (!msg)
		abort();
	oh = genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, sizeof *oh,
			 flags, cmd, version);
	oh->dp_ifindex = dp_ifindex;
	return msg;
}

static int put_buf(struct nl_msg *msg, int type, const struct buf *b)
{
	return nla_put(msg, type, b ? b->size : 0, b ? b->data : NULL);
}

/* Parses a reply into TB; returns its struct ovs_header or NULL. */
static struct ovs_header *parse_reply(struct nlmsghdr *nlh, struct nlattr **tb,
				      int max, struct nla_policy *policy)
{
	if (genlmsg_parse(nlh, sizeof(struct ovs_header), tb, max, policy) < 0)
		return NULL;
	return genlmsg_user_hdr(nlmsg_data(nlh));
}

static void attr_to_buf(const struct nlattr *nla, struct buf *b)
{
	buf_clear(b);
	if (nla)
		buf_put(b, nla_data(nla), nla_len(nla));
}

/* Datapaths. */

struct dp_reply {
	int dp_ifindex;
	char name[IFNAMSIZ];
	uint32_t features;
	struct ovs_dp_stats stats;
	struct ovs_dp_megaflow_stats mstats;
	char **names;		/* for enumerate */
	size_t n_names;
};

static struct nla_policy dp_policy[OVS_DP_ATTR_MAX + 1] = {
	[OVS_DP_ATTR_NAME] = { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[OVS_DP_ATTR_STATS] = { .minlen = sizeof(struct ovs_dp_stats) },
	[OVS_DP_ATTR_MEGAFLOW_STATS] = {
		.minlen = sizeof(struct ovs_dp_megaflow_stats) },
	[OVS_DP_ATTR_USER_FEATURES] = { .type = NLA_U32 },
};

static int dp_parse(struct nlmsghdr *nlh, void *aux)
{
	struct dp_reply *r = aux;
	struct nlattr *tb[OVS_DP_ATTR_MAX + 1];
	struct ovs_header *oh;

	oh = parse_reply(nlh, tb, OVS_DP_ATTR_MAX, dp_policy);
	if (!oh || !tb[OVS_DP_ATTR_NAME])
		return -EPROTO;
	r->dp_ifindex = oh->dp_ifindex;
	nla_strlcpy(r->name, tb[OVS_DP_ATTR_NAME], sizeof r->name);
	if (tb[OVS_DP_ATTR_USER_FEATURES])
		r->features = nla_get_u32(tb[OVS_DP_ATTR_USER_FEATURES]);
	if (tb[OVS_DP_ATTR_STATS])
		memcpy(&r->stats, nla_data(tb[OVS_DP_ATTR_STATS]),
		       sizeof r->stats);
	if (tb[OVS_DP_ATTR_MEGAFLOW_STATS])
		memcpy(&r->mstats, nla_data(tb[OVS_DP_ATTR_MEGAFLOW_STATS]),
		       sizeof r->mstats);
	return 0;
}

static int dp_collect_name(struct nlmsghdr *nlh, void *aux)
{
	struct dp_reply *r = aux;
	int err = dp_parse(nlh, r);

	if (err)
		return err;
	r->names = xrealloc(r->names, (r->n_names + 2) * sizeof *r->names);
	r->names[r->n_names++] = xstrdup(r->name);
	r->names[r->n_names] = NULL;
	return 0;
}

static int dpif_netlink_enumerate(char ***namesp)
{
	struct dp_reply r;
	struct nl_sock *sock;
	int err;

	memset(&r, 0, sizeof r);
	err = resolve_families();
	if (err)
		return err;
	err = sock_open(&sock);
	if (err)
		return err;
	err = transact(sock, request(dp_family, OVS_DP_CMD_GET,
				     OVS_DATAPATH_VERSION, NLM_F_DUMP, 0, 0),
		       dp_collect_name, &r);
	sock_close(sock);
	if (err) {
		dpif_names_free(r.names);
		return err;
	}
	if (!r.names)
		r.names = xzalloc(sizeof *r.names);
	*namesp = r.names;
	return r.n_names;
}

/* Sends a datapath command about NAME (or the dp with DP_IFINDEX). */
static int dp_transact(struct nl_sock *sock, uint8_t cmd, int dp_ifindex,
		       const char *name, const uint32_t *features,
		       const uint32_t *cpu_pids, size_t n_cpu_pids,
		       struct dp_reply *r)
{
	struct nl_msg *msg;

	/* NEW, SET and DEL answer only with NLM_F_ECHO (the answer is a
	 * notification, echoed to us). */
	msg = request(dp_family, cmd, OVS_DATAPATH_VERSION,
		      cmd == OVS_DP_CMD_GET ? 0 : NLM_F_ECHO, dp_ifindex,
		      n_cpu_pids * 4);
	if (name)
		nla_put_string(msg, OVS_DP_ATTR_NAME, name);
	if (cmd == OVS_DP_CMD_NEW)	/* required, though unused by us */
		nla_put_u32(msg, OVS_DP_ATTR_UPCALL_PID, 0);
	if (features)
		nla_put_u32(msg, OVS_DP_ATTR_USER_FEATURES, *features);
	if (n_cpu_pids)
		nla_put(msg, OVS_DP_ATTR_PER_CPU_PIDS, n_cpu_pids * 4,
			cpu_pids);
	memset(r, 0, sizeof *r);
	return transact(sock, msg, dp_parse, r);
}

/* Asks for FEATURES and reads back what the datapath kept.  A datapath
 * refuses bits it does not know (EOPNOTSUPP); ours are then dropped one
 * at a time, newest first, as ovs-vswitchd does on old kernels. */
static int dp_set_features(struct dpif_netlink *dp, uint32_t want,
			   const uint32_t *cpu_pids, size_t n)
{
	struct dp_reply r;
	int err;

	for (;;) {
		err = dp_transact(dp->sock, OVS_DP_CMD_SET, dp->dp_ifindex,
				  NULL, &want, cpu_pids, n, &r);
		if (err != -EOPNOTSUPP && err != -EINVAL)
			break;
		if (!want)
			break;
		want &= ~(1u << (31 - __builtin_clz(want)));
		n = 0;
	}
	if (!err)
		dp->features = r.features;
	return err;
}

static int dpif_netlink_open(const char *name, enum dpif_open_mode mode,
			     struct dpif **dpifp)
{
	uint32_t want = OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS;
	struct dpif_netlink *dp;
	struct dp_reply r;
	int err;

	err = resolve_families();
	if (err)
		return err;
	dp = xzalloc(sizeof *dp);
	err = sock_open(&dp->sock);
	if (err) {
		free(dp);
		return err;
	}
	err = -EEXIST;
	if (mode != DPIF_OPEN_EXISTING)
		err = dp_transact(dp->sock, OVS_DP_CMD_NEW, 0, name, &want,
				  NULL, 0, &r);
	if (err == -EEXIST && mode != DPIF_OPEN_CREATE)
		err = dp_transact(dp->sock, OVS_DP_CMD_GET, 0, name, NULL,
				  NULL, 0, &r);
	if (err) {
		sock_close(dp->sock);
		free(dp);
		return err;
	}
	dpif_init_base(&dp->up, &dpif_netlink_class, r.name);
	dp->dp_ifindex = r.dp_ifindex;
	dp->features = r.features;
	/* Like ovs-vswitchd, (re)claim the features we rely on; an existing
	 * datapath may have been set up by an older client. */
	if ((dp->features & want) != want)
		dp_set_features(dp, want, NULL, 0);
	*dpifp = &dp->up;
	return 0;
}

static void handlers_destroy(struct dpif_netlink *dp)
{
	unsigned int i;

	for (i = 0; i < dp->n_handlers; i++) {
		sock_close(dp->handlers[i].sock);
		buf_uninit(&dp->handlers[i].rx);
	}
	free(dp->handlers);
	dp->handlers = NULL;
	dp->n_handlers = 0;
}

static void dpif_netlink_close(struct dpif *dpif)
{
	struct dpif_netlink *dp = cast(dpif);

	handlers_destroy(dp);
	sock_close(dp->notify);
	sock_close(dp->sock);
	dpif_uninit_base(&dp->up);
	free(dp);
}

static int dpif_netlink_destroy(struct dpif *dpif)
{
	struct dpif_netlink *dp = cast(dpif);
	struct dp_reply r;

	return dp_transact(dp->sock, OVS_DP_CMD_DEL, dp->dp_ifindex, NULL,
			   NULL, NULL, 0, &r);
}

static int dpif_netlink_get_stats(struct dpif *dpif, struct dpif_dp_stats *s)
{
	struct dpif_netlink *dp = cast(dpif);
	struct dp_reply r;
	int err;

	err = dp_transact(dp->sock, OVS_DP_CMD_GET, dp->dp_ifindex, NULL,
			  NULL, NULL, 0, &r);
	if (err)
		return err;
	s->n_hit = r.stats.n_hit;
	s->n_missed = r.stats.n_missed;
	s->n_lost = r.stats.n_lost;
	s->n_flows = r.stats.n_flows;
	s->n_masks = r.mstats.n_masks;
	s->n_mask_hit = r.mstats.n_mask_hit;
	return 0;
}

static uint32_t dpif_netlink_user_features(const struct dpif *dpif)
{
	return cast(dpif)->features;
}

/* Ports. */

static struct nla_policy vport_policy[OVS_VPORT_ATTR_MAX + 1] = {
	[OVS_VPORT_ATTR_PORT_NO] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_TYPE] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_NAME] = { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[OVS_VPORT_ATTR_STATS] = { .minlen = sizeof(struct ovs_vport_stats) },
};

struct vport_reply {
	int dp_ifindex;		/* only ports of this dp (for dumps) */
	struct dpif_port *ports;
	size_t n;
	uint8_t cmd;		/* of the last message */
};

static int vport_parse_one(struct nlmsghdr *nlh, int *dp_ifindex,
			   struct dpif_port *port)
{
	struct nlattr *tb[OVS_VPORT_ATTR_MAX + 1];
	struct ovs_header *oh;
	struct nlattr *pids;

	oh = parse_reply(nlh, tb, OVS_VPORT_ATTR_MAX, vport_policy);
	if (!oh || !tb[OVS_VPORT_ATTR_PORT_NO] || !tb[OVS_VPORT_ATTR_NAME] ||
	    !tb[OVS_VPORT_ATTR_TYPE])
		return -EPROTO;
	*dp_ifindex = oh->dp_ifindex;
	memset(port, 0, sizeof *port);
	port->name = xstrdup(nla_get_string(tb[OVS_VPORT_ATTR_NAME]));
	port->type = nla_get_u32(tb[OVS_VPORT_ATTR_TYPE]);
	port->port_no = nla_get_u32(tb[OVS_VPORT_ATTR_PORT_NO]);
	pids = tb[OVS_VPORT_ATTR_UPCALL_PID];
	if (pids && nla_len(pids) >= 4) {
		port->n_upcall_pids = nla_len(pids) / 4;
		port->upcall_pids = xmalloc(port->n_upcall_pids * 4);
		memcpy(port->upcall_pids, nla_data(pids),
		       port->n_upcall_pids * 4);
	}
	if (tb[OVS_VPORT_ATTR_STATS])
		memcpy(&port->stats, nla_data(tb[OVS_VPORT_ATTR_STATS]),
		       sizeof port->stats);
	return 0;
}

static int vport_collect(struct nlmsghdr *nlh, void *aux)
{
	struct vport_reply *r = aux;
	struct dpif_port port;
	int ifindex, err;

	err = vport_parse_one(nlh, &ifindex, &port);
	if (err)
		return err;
	if (ifindex != r->dp_ifindex) {
		dpif_port_uninit(&port);
		return 0;
	}
	r->ports = xrealloc(r->ports, (r->n + 1) * sizeof *r->ports);
	r->ports[r->n++] = port;
	return 0;
}

/* The upcall PID for a new port: one handler's, taken round-robin, or
 * 0 (no upcalls) without handlers and with per-CPU dispatch, where the
 * kernel ignores port PIDs.  One PID per port, as openvswitch.ko (6.1)
 * refuses to SET longer arrays. */
static uint32_t port_pid(struct dpif_netlink *dp)
{
	if (!dp->n_handlers || dp->per_cpu)
		return 0;
	return nl_socket_get_local_port(
		dp->handlers[dp->next_handler++ % dp->n_handlers].sock);
}

static int vport_request(struct dpif_netlink *dp, uint8_t cmd, int flags,
			 uint32_t port_no, const char *name,
			 struct vport_reply *r, struct nl_msg **msgp)
{
	struct nl_msg *msg;

	msg = request(vport_family, cmd, OVS_VPORT_VERSION, flags,
		      dp->dp_ifindex, 0);
	if (port_no != DPIF_PORT_ANY)
		nla_put_u32(msg, OVS_VPORT_ATTR_PORT_NO, port_no);
	if (name)
		nla_put_string(msg, OVS_VPORT_ATTR_NAME, name);
	memset(r, 0, sizeof *r);
	r->dp_ifindex = dp->dp_ifindex;
	*msgp = msg;
	return 0;
}

static int dpif_netlink_port_add(struct dpif *dpif, const char *name,
				 uint32_t type, uint32_t *port_nop)
{
	struct dpif_netlink *dp = cast(dpif);
	struct vport_reply r;
	struct nl_msg *msg;
	int err;

	vport_request(dp, OVS_VPORT_CMD_NEW, NLM_F_ECHO, *port_nop, name, &r,
		      &msg);
	nla_put_u32(msg, OVS_VPORT_ATTR_TYPE, type);
	nla_put_u32(msg, OVS_VPORT_ATTR_UPCALL_PID, port_pid(dp));
	err = transact(dp->sock, msg, vport_collect, &r);
	if (!err && r.n == 1)
		*port_nop = r.ports[0].port_no;
	else if (!err)
		err = -EPROTO;
	dpif_port_list_free(r.ports, r.n);
	return err;
}

static int dpif_netlink_port_del(struct dpif *dpif, uint32_t port_no)
{
	struct dpif_netlink *dp = cast(dpif);
	struct vport_reply r;
	struct nl_msg *msg;
	int err;

	vport_request(dp, OVS_VPORT_CMD_DEL, 0, port_no, NULL, &r, &msg);
	err = transact(dp->sock, msg, vport_collect, &r);
	dpif_port_list_free(r.ports, r.n);
	return err;
}

static int dpif_netlink_port_get(struct dpif *dpif, uint32_t port_no,
				 const char *name, struct dpif_port *port)
{
	struct dpif_netlink *dp = cast(dpif);
	struct vport_reply r;
	struct nl_msg *msg;
	int err;

	vport_request(dp, OVS_VPORT_CMD_GET, 0, port_no, name, &r, &msg);
	err = transact(dp->sock, msg, vport_collect, &r);
	if (!err && r.n == 1) {
		*port = r.ports[0];
		free(r.ports);
		return 0;
	}
	dpif_port_list_free(r.ports, r.n);
	return err ? err : -ENODEV;
}

static int dpif_netlink_port_list(struct dpif *dpif, struct dpif_port **portsp,
				  size_t *np)
{
	struct dpif_netlink *dp = cast(dpif);
	struct vport_reply r;
	struct nl_msg *msg;
	int err;

	vport_request(dp, OVS_VPORT_CMD_GET, NLM_F_DUMP, DPIF_PORT_ANY, NULL,
		      &r, &msg);
	err = transact(dp->sock, msg, vport_collect, &r);
	if (err) {
		dpif_port_list_free(r.ports, r.n);
		return err;
	}
	*portsp = r.ports;
	*np = r.n;
	return 0;
}

static int dpif_netlink_port_set_upcall_pids(struct dpif *dpif,
					     uint32_t port_no,
					     const uint32_t *pids, size_t n)
{
	struct dpif_netlink *dp = cast(dpif);
	struct vport_reply r;
	struct nl_msg *msg;
	int err;

	vport_request(dp, OVS_VPORT_CMD_SET, 0, port_no, NULL, &r, &msg);
	nla_put(msg, OVS_VPORT_ATTR_UPCALL_PID, n * 4, pids);
	err = transact(dp->sock, msg, vport_collect, &r);
	dpif_port_list_free(r.ports, r.n);
	return err;
}

static int notify_open(struct dpif_netlink *dp)
{
	int err;

	if (dp->notify)
		return 0;
	if (!vport_mcgroup)
		return -EOPNOTSUPP;
	err = sock_open(&dp->notify);
	if (err)
		return err;
	if (nl_socket_add_membership(dp->notify, vport_mcgroup) < 0) {
		sock_close(dp->notify);
		dp->notify = NULL;
		return -EOPNOTSUPP;
	}
	return 0;
}

static int dpif_netlink_port_poll_fd(struct dpif *dpif)
{
	struct dpif_netlink *dp = cast(dpif);
	int err = notify_open(dp);

	return err ? err : nl_socket_get_fd(dp->notify);
}

static int dpif_netlink_port_poll(struct dpif *dpif,
				  struct dpif_port_change *change)
{
	struct dpif_netlink *dp = cast(dpif);
	struct buf b = BUF_INITIALIZER;
	int err;

	err = notify_open(dp);
	if (err)
		return err;
	/* Each notification is its own datagram; skip other datapaths'. */
	while (!(err = sock_recv(dp->notify, &b, false))) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)b.data;
		struct genlmsghdr *gh;
		int ifindex;

		if (!nlmsg_ok(nlh, b.size) ||
		    nlh->nlmsg_type != vport_family ||
		    vport_parse_one(nlh, &ifindex, &change->port))
			continue;
		if (ifindex != dp->dp_ifindex) {
			dpif_port_uninit(&change->port);
			continue;
		}
		gh = nlmsg_data(nlh);
		change->event = gh->cmd == OVS_VPORT_CMD_NEW ? DPIF_PORT_NEW :
				gh->cmd == OVS_VPORT_CMD_DEL ? DPIF_PORT_DEL :
							       DPIF_PORT_SET;
		break;
	}
	buf_uninit(&b);
	return err;
}

/* Flows. */

static struct nla_policy flow_policy[OVS_FLOW_ATTR_MAX + 1] = {
	[OVS_FLOW_ATTR_STATS] = { .minlen = sizeof(struct ovs_flow_stats) },
	[OVS_FLOW_ATTR_TCP_FLAGS] = { .type = NLA_U8 },
	[OVS_FLOW_ATTR_USED] = { .type = NLA_U64 },
};

static int flow_parse(struct nlmsghdr *nlh, void *aux)
{
	struct dpif_flow *flow = aux;
	struct nlattr *tb[OVS_FLOW_ATTR_MAX + 1];
	struct nlattr *ufid;

	if (!parse_reply(nlh, tb, OVS_FLOW_ATTR_MAX, flow_policy))
		return -EPROTO;
	attr_to_buf(tb[OVS_FLOW_ATTR_KEY], &flow->key);
	attr_to_buf(tb[OVS_FLOW_ATTR_MASK], &flow->mask);
	attr_to_buf(tb[OVS_FLOW_ATTR_ACTIONS], &flow->actions);
	ufid = tb[OVS_FLOW_ATTR_UFID];
	flow->has_ufid = ufid && nla_len(ufid) == sizeof flow->ufid;
	if (flow->has_ufid)
		memcpy(&flow->ufid, nla_data(ufid), sizeof flow->ufid);
	memset(&flow->stats, 0, sizeof flow->stats);
	if (tb[OVS_FLOW_ATTR_STATS]) {
		struct ovs_flow_stats s;

		memcpy(&s, nla_data(tb[OVS_FLOW_ATTR_STATS]), sizeof s);
		flow->stats.n_packets = s.n_packets;
		flow->stats.n_bytes = s.n_bytes;
	}
	if (tb[OVS_FLOW_ATTR_USED])
		flow->stats.used = nla_get_u64(tb[OVS_FLOW_ATTR_USED]);
	if (tb[OVS_FLOW_ATTR_TCP_FLAGS])
		flow->stats.tcp_flags = nla_get_u8(tb[OVS_FLOW_ATTR_TCP_FLAGS]);
	return 0;
}

static struct nl_msg *flow_request(struct dpif_netlink *dp, uint8_t cmd,
				   int flags, const struct buf *key,
				   const struct dpif_ufid *ufid, size_t extra)
{
	struct nl_msg *msg;

	msg = request(flow_family, cmd, OVS_FLOW_VERSION, flags,
		      dp->dp_ifindex, extra + (key ? key->size : 0));
	if (ufid)
		nla_put(msg, OVS_FLOW_ATTR_UFID, sizeof *ufid, ufid);
	if (key && !ufid)
		put_buf(msg, OVS_FLOW_ATTR_KEY, key);
	return msg;
}

/* Runs a flow request whose reply (if any) is parsed into a temporary
 * flow, and copies the stats out to STATS. */
static int flow_transact_stats(struct dpif_netlink *dp, struct nl_msg *msg,
			       struct dpif_flow_stats *stats)
{
	struct dpif_flow flow;
	int err;

	dpif_flow_init(&flow);
	err = transact(dp->sock, msg, flow_parse, &flow);
	if (!err && stats)
		*stats = flow.stats;
	dpif_flow_uninit(&flow);
	return err;
}

static int dpif_netlink_flow_put(struct dpif *dpif,
				 const struct dpif_flow_put *put)
{
	struct dpif_netlink *dp = cast(dpif);
	struct nl_msg *msg;
	uint8_t cmd;
	int flags = 0;
	size_t extra;

	/* NEW creates or (without NLM_F_CREATE) also modifies; SET only
	 * modifies. */
	cmd = put->flags & DPIF_FP_CREATE ? OVS_FLOW_CMD_NEW : OVS_FLOW_CMD_SET;
	if (!(put->flags & DPIF_FP_MODIFY))
		flags |= NLM_F_CREATE | NLM_F_EXCL;	/* -EEXIST if there */
	if (put->stats)
		flags |= NLM_F_ECHO;
	extra = (put->mask ? put->mask->size : 0) +
		(put->actions ? put->actions->size : 0);
	msg = flow_request(dp, cmd, flags, put->key, NULL, extra);
	if (put->ufid)
		nla_put(msg, OVS_FLOW_ATTR_UFID, sizeof *put->ufid, put->ufid);
	if (put->mask)
		put_buf(msg, OVS_FLOW_ATTR_MASK, put->mask);
	/* A SET without ACTIONS would keep the old ones: send an empty list
	 * for "drop" so put always means "these actions". */
	put_buf(msg, OVS_FLOW_ATTR_ACTIONS, put->actions);
	if (put->flags & DPIF_FP_ZERO_STATS)
		nla_put_flag(msg, OVS_FLOW_ATTR_CLEAR);
	if (put->flags & DPIF_FP_PROBE)
		nla_put_flag(msg, OVS_FLOW_ATTR_PROBE);
	return flow_transact_stats(dp, msg, put->stats);
}

static int dpif_netlink_flow_del(struct dpif *dpif, const struct buf *key,
				 const struct dpif_ufid *ufid,
				 struct dpif_flow_stats *stats)
{
	struct dpif_netlink *dp = cast(dpif);
	struct nl_msg *msg;

	msg = flow_request(dp, OVS_FLOW_CMD_DEL, stats ? NLM_F_ECHO : 0,
			   key, ufid, 0);
	return flow_transact_stats(dp, msg, stats);
}

static int dpif_netlink_flow_flush(struct dpif *dpif)
{
	struct dpif_netlink *dp = cast(dpif);

	/* DEL without key or UFID empties the table. */
	return transact(dp->sock, flow_request(dp, OVS_FLOW_CMD_DEL, 0, NULL,
					       NULL, 0), NULL, NULL);
}

static int dpif_netlink_flow_get(struct dpif *dpif, const struct buf *key,
				 const struct dpif_ufid *ufid,
				 struct dpif_flow *flow)
{
	struct dpif_netlink *dp = cast(dpif);

	return transact(dp->sock, flow_request(dp, OVS_FLOW_CMD_GET, 0, key,
					       ufid, 0), flow_parse, flow);
}

struct netlink_dump {
	struct dpif_flow_dump up;
	struct nl_sock *sock;	/* own socket: dumps may interleave */
	uint32_t seq;
	struct buf b;		/* current datagram */
	int offset;		/* next message in it */
	int err;
	bool done;
};

static struct dpif_flow_dump *dpif_netlink_flow_dump_start(struct dpif *dpif)
{
	struct dpif_netlink *dp = cast(dpif);
	struct netlink_dump *d = xzalloc(sizeof *d);
	struct nl_msg *msg;

	d->err = sock_open(&d->sock);
	if (d->err) {
		d->done = true;
		return &d->up;
	}
	msg = flow_request(dp, OVS_FLOW_CMD_GET, NLM_F_DUMP, NULL, NULL, 0);
	d->err = sock_send(d->sock, msg);
	d->seq = nlmsg_hdr(msg)->nlmsg_seq;
	nlmsg_free(msg);
	d->done = d->err != 0;
	return &d->up;
}

static int dpif_netlink_flow_dump_next(struct dpif_flow_dump *dump,
				       struct dpif_flow *flow)
{
	struct netlink_dump *d = (struct netlink_dump *)dump;

	while (!d->done) {
		struct nlmsghdr *nlh;
		int left = d->b.size - d->offset;

		nlh = (struct nlmsghdr *)(d->b.data + d->offset);
		if (!d->b.data || !nlmsg_ok(nlh, left)) {
			d->offset = 0;
			d->err = sock_recv(d->sock, &d->b, true);
			if (d->err)
				d->done = true;
			continue;
		}
		d->offset += NLMSG_ALIGN(nlh->nlmsg_len);
		if (d->offset > (int)d->b.size)
			d->offset = d->b.size;
		if (nlh->nlmsg_seq != d->seq)
			continue;
		if (nlh->nlmsg_type == NLMSG_DONE) {
			d->err = done_error(nlh);
			d->done = true;
		} else if (nlh->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *e = nlmsg_data(nlh);

			d->err = e->error;
			d->done = true;
		} else {
			d->err = flow_parse(nlh, flow);
			if (d->err) {
				d->done = true;
				break;
			}
			return 1;
		}
	}
	return d->err;
}

static int dpif_netlink_flow_dump_done(struct dpif_flow_dump *dump)
{
	struct netlink_dump *d = (struct netlink_dump *)dump;
	int err = d->err;

	sock_close(d->sock);
	buf_uninit(&d->b);
	free(d);
	return err;
}

/* Execute. */

static int dpif_netlink_execute(struct dpif *dpif, const void *packet,
				size_t len, const struct buf *key,
				const struct buf *actions)
{
	struct dpif_netlink *dp = cast(dpif);
	struct nl_msg *msg;

	msg = request(packet_family, OVS_PACKET_CMD_EXECUTE,
		      OVS_PACKET_VERSION, 0, dp->dp_ifindex,
		      len + key->size + (actions ? actions->size : 0));
	nla_put(msg, OVS_PACKET_ATTR_PACKET, len, packet);
	put_buf(msg, OVS_PACKET_ATTR_KEY, key);
	put_buf(msg, OVS_PACKET_ATTR_ACTIONS, actions);
	return transact(dp->sock, msg, NULL, NULL);
}

/* Upcalls. */

static int cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	return n > 0 ? n : 1;
}

/* Points the datapath's per-CPU PID array at the handlers.  Returns 0
 * only if the datapath then reports per-CPU dispatch on. */
static int set_per_cpu(struct dpif_netlink *dp)
{
	int i, n = cpu_count();
	uint32_t *pids = xmalloc(n * sizeof *pids);
	uint32_t want = dp->features | OVS_DP_F_DISPATCH_UPCALL_PER_CPU;
	struct dp_reply r;
	int err;

	for (i = 0; i < n; i++)
		pids[i] = nl_socket_get_local_port(
			dp->handlers[i % dp->n_handlers].sock);
	err = dp_transact(dp->sock, OVS_DP_CMD_SET, dp->dp_ifindex, NULL,
			  &want, pids, n, &r);
	free(pids);
	if (err)
		return err;
	dp->features = r.features;
	return r.features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU ? 0 : -EOPNOTSUPP;
}

static int clear_per_cpu(struct dpif_netlink *dp)
{
	if (!(dp->features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU))
		return 0;
	return dp_set_features(dp, dp->features &
			       ~OVS_DP_F_DISPATCH_UPCALL_PER_CPU, NULL, 0);
}

/* Points every port at the current handlers. */
static int refresh_ports(struct dpif_netlink *dp)
{
	struct dpif_port *ports;
	size_t n, i;
	uint32_t pid;
	int err;

	err = dpif_netlink_port_list(&dp->up, &ports, &n);
	if (err)
		return err;
	dp->next_handler = 0;
	for (i = 0; i < n && !err; i++) {
		pid = port_pid(dp);
		err = dpif_netlink_port_set_upcall_pids(&dp->up,
							ports[i].port_no,
							&pid, 1);
	}
	dpif_port_list_free(ports, n);
	return err;
}

static int handlers_create(struct dpif_netlink *dp, unsigned int n)
{
	unsigned int i;
	int err;

	dp->handlers = xzalloc(n * sizeof *dp->handlers);
	for (i = 0; i < n; i++) {
		err = sock_open(&dp->handlers[i].sock);
		if (err) {
			dp->n_handlers = i;
			handlers_destroy(dp);
			return err;
		}
		nl_socket_set_nonblocking(dp->handlers[i].sock);
		/* A burst of misses must not overflow a handler at once. */
		nl_socket_set_buffer_size(dp->handlers[i].sock, 4 << 20, 0);
	}
	dp->n_handlers = n;
	return 0;
}

static int dpif_netlink_handlers_set(struct dpif *dpif, unsigned int n,
				     bool per_cpu)
{
	struct dpif_netlink *dp = cast(dpif);
	int err;

	handlers_destroy(dp);
	dp->per_cpu = false;
	if (n) {
		err = handlers_create(dp, n);
		if (err)
			return err;
	}
	if (n && per_cpu && !set_per_cpu(dp))
		dp->per_cpu = true;
	else
		clear_per_cpu(dp);
	return refresh_ports(dp);
}

static unsigned int dpif_netlink_n_handlers(const struct dpif *dpif)
{
	return cast(dpif)->n_handlers;
}

static uint32_t dpif_netlink_handler_pid(const struct dpif *dpif,
					 unsigned int i)
{
	return nl_socket_get_local_port(cast(dpif)->handlers[i].sock);
}

static int dpif_netlink_handler_fd(const struct dpif *dpif, unsigned int i)
{
	return nl_socket_get_fd(cast(dpif)->handlers[i].sock);
}

static bool dpif_netlink_per_cpu_dispatch(const struct dpif *dpif)
{
	return cast(dpif)->per_cpu;
}

static struct nla_policy packet_policy[OVS_PACKET_ATTR_MAX + 1] = {
	[OVS_PACKET_ATTR_MRU] = { .type = NLA_U16 },
	[OVS_PACKET_ATTR_LEN] = { .type = NLA_U32 },
	[OVS_PACKET_ATTR_HASH] = { .type = NLA_U64 },
};

static int upcall_parse(struct dpif_netlink *dp, struct nlmsghdr *nlh,
			struct dpif_upcall *up)
{
	struct nlattr *tb[OVS_PACKET_ATTR_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct ovs_header *oh;

	if (nlh->nlmsg_type != packet_family ||
	    (gh->cmd != OVS_PACKET_CMD_MISS && gh->cmd != OVS_PACKET_CMD_ACTION))
		return -EPROTO;
	oh = parse_reply(nlh, tb, OVS_PACKET_ATTR_MAX, packet_policy);
	if (!oh || oh->dp_ifindex != dp->dp_ifindex ||
	    !tb[OVS_PACKET_ATTR_PACKET] || !tb[OVS_PACKET_ATTR_KEY])
		return -EPROTO;
	up->type = gh->cmd;
	attr_to_buf(tb[OVS_PACKET_ATTR_PACKET], &up->packet);
	attr_to_buf(tb[OVS_PACKET_ATTR_KEY], &up->key);
	up->has_userdata = tb[OVS_PACKET_ATTR_USERDATA] != NULL;
	attr_to_buf(tb[OVS_PACKET_ATTR_USERDATA], &up->userdata);
	if (tb[OVS_PACKET_ATTR_MRU])
		up->mru = nla_get_u16(tb[OVS_PACKET_ATTR_MRU]);
	if (tb[OVS_PACKET_ATTR_LEN])
		up->orig_len = nla_get_u32(tb[OVS_PACKET_ATTR_LEN]);
	if (tb[OVS_PACKET_ATTR_HASH])
		up->hash = nla_get_u64(tb[OVS_PACKET_ATTR_HASH]);
	return 0;
}

static int dpif_netlink_recv(struct dpif *dpif, unsigned int handler,
			     struct dpif_upcall *ups, int max)
{
	struct dpif_netlink *dp = cast(dpif);
	struct nl_sock *sock = dp->handlers[handler].sock;
	struct buf *rx = &dp->handlers[handler].rx;
	int n = 0, err = -EAGAIN;

	while (n < max) {
		struct nlmsghdr *nlh;
		int len;

		err = sock_recv(sock, rx, false);
		if (err == -ENOBUFS) {
			/* The kernel dropped upcalls (counted as lost);
			 * what is still queued is fine. */
			LOG_WARN_RL("%s: upcall queue overflowed", dpif->name);
			continue;
		}
		if (err)
			break;
		len = rx->size;
		nlh = (struct nlmsghdr *)rx->data;
		/* One upcall per datagram. */
		if (nlmsg_ok(nlh, len) && !upcall_parse(dp, nlh, &ups[n]))
			n++;
	}
	return n ? n : err;
}

const struct dpif_class dpif_netlink_class = {
	.type = "system",
	.enumerate = dpif_netlink_enumerate,
	.open = dpif_netlink_open,
	.close = dpif_netlink_close,
	.destroy = dpif_netlink_destroy,
	.get_stats = dpif_netlink_get_stats,
	.user_features = dpif_netlink_user_features,
	.port_add = dpif_netlink_port_add,
	.port_del = dpif_netlink_port_del,
	.port_get = dpif_netlink_port_get,
	.port_list = dpif_netlink_port_list,
	.port_set_upcall_pids = dpif_netlink_port_set_upcall_pids,
	.port_poll = dpif_netlink_port_poll,
	.port_poll_fd = dpif_netlink_port_poll_fd,
	.flow_put = dpif_netlink_flow_put,
	.flow_del = dpif_netlink_flow_del,
	.flow_flush = dpif_netlink_flow_flush,
	.flow_get = dpif_netlink_flow_get,
	.flow_dump_start = dpif_netlink_flow_dump_start,
	.flow_dump_next = dpif_netlink_flow_dump_next,
	.flow_dump_done = dpif_netlink_flow_dump_done,
	.execute = dpif_netlink_execute,
	.handlers_set = dpif_netlink_handlers_set,
	.n_handlers = dpif_netlink_n_handlers,
	.handler_pid = dpif_netlink_handler_pid,
	.handler_fd = dpif_netlink_handler_fd,
	.per_cpu_dispatch = dpif_netlink_per_cpu_dispatch,
	.recv = dpif_netlink_recv,
};
