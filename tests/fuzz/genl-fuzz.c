/*
 * genl-fuzz: a generic netlink fuzzer for flowswitch.ko's four families
 * (ovs_datapath, ovs_vport, ovs_flow, ovs_packet).
 *
 *   genl-fuzz [--seed N] [--count N] [--jobs N] [--verbose] [--veth NAME]
 *
 * Every message has valid netlink and generic netlink framing (the kernel
 * must get past its header checks) and hostile content: mutations of a
 * small corpus of valid requests (so that deep parsing and execution code
 * runs: flow keys and masks, nested actions, EXECUTE of real packets)
 * and attribute soup (random types, lengths and nesting).  --count N
 * messages go to each family, interleaved; the same --seed sends the
 * same sequence.  --jobs N runs N such processes at once (seeds SEED to
 * SEED+N-1, datapaths fz0 to fzN-1), so that requests race each other:
 * EXECUTE, which runs under RCU only, against deletions, say.  At the end it prints, per family, how many requests got
 * which answer (OK, an errno name, "dump" for a finished dump, "timeout"
 * when no answer came).  It exits non-zero only on its own errors (cannot
 * open a socket, the families are missing, the datapath it needs cannot
 * be created); the kernel refusing requests is the point.
 *
 * It only ever touches datapaths and devices whose names start with "fz":
 * it creates datapath fz0 with an internal port up front (recreating it
 * whenever a fuzzed request deleted it), forces every name attribute it
 * sends to start with "fz" and addresses datapaths only by fz0's ifindex,
 * 0 or an ifindex that does not exist.  --veth NAME (also "fz...") is a
 * device the corpus may attach as a netdev port.  It refuses to run
 * unless flowswitch.ko is loaded and Linux's openvswitch.ko is not: it is
 * meant for the test VM, never a production host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/openvswitch.h>

#include "genl-fuzz.h"

#define MAX_MSG 65536
#define ARENA_SIZE (1 << 20)
#define ERR_TIMEOUT 1000	/* pseudo errno buckets */
#define ERR_DUMP 1001
#define N_BUCKETS 1002

static const char *fam_names[N_FAM] = {
	OVS_DATAPATH_FAMILY, OVS_VPORT_FAMILY, OVS_FLOW_FAMILY,
	OVS_PACKET_FAMILY,
};
static const int fam_versions[N_FAM] = {
	OVS_DATAPATH_VERSION, OVS_VPORT_VERSION, OVS_FLOW_VERSION,
	OVS_PACKET_VERSION,
};

static uint16_t fam_ids[N_FAM];
static unsigned long counts[N_FAM][N_BUCKETS];
static unsigned long sent[N_FAM];
static int verbose;
static int dry_run;		/* build messages, send nothing */
const char *veth;
static int sock_req = -1, sock_up = -1;
uint32_t up_pid;		/* port id of the upcall socket */
static uint32_t seq = 1;
int main_ifindex;
char main_dp[IFNAMSIZ] = "fz0";
static char main_port[IFNAMSIZ] = "fzp1";
static int job;		/* 0, or which of the --jobs processes */
static int njobs = 1;
static unsigned long create_fail[N_BUCKETS];

static void record_create_failure(int err)
{
	create_fail[err < 0 && err > -ERR_TIMEOUT ? -err : ERR_TIMEOUT]++;
}	/* fz0's ifindex, 0 when it is gone */
static unsigned long recreated, upcalls;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "genl-fuzz: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* ---- random numbers: xorshift64*, seeded, reproducible ---- */

static uint64_t rng_state;

uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

int chance(int percent)
{
	return (int)below(100) < percent;
}

/* ---- attribute trees ---- */

static uint8_t *arena;
static size_t arena_used;

void *alloc(size_t n)
{
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (arena_used + n > ARENA_SIZE)
		return NULL;
	p = arena + arena_used;
	arena_used += n;
	return p;
}

struct attr *kids_of(struct attr *a)
{
	if (!a->kids) {
		a->kids = alloc(sizeof(*a->kids) * MAX_KIDS);
		if (!a->kids)
			return NULL;
		memset(a->kids, 0, sizeof(*a->kids) * MAX_KIDS);
	}
	return a->kids;
}

/* Appends a child; returns it, or NULL when full (the caller goes on). */
struct attr *add(struct attr *parent, uint16_t type)
{
	static struct attr spare;
	struct attr *a;

	if (!kids_of(parent) || parent->n >= MAX_KIDS) {
		memset(&spare, 0, sizeof(spare));
		return &spare;	/* dropped silently */
	}
	a = &parent->kids[parent->n++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	return a;
}

struct attr *add_bytes(struct attr *p, uint16_t type, const void *d,
			      int len)
{
	struct attr *a = add(p, type);

	a->data = alloc(len ? len : 1);
	if (!a->data) {
		a->len = 0;
		return a;
	}
	if (d)
		memcpy(a->data, d, len);
	else
		memset(a->data, 0, len);
	a->len = len;
	return a;
}

struct attr *add_u32(struct attr *p, uint16_t type, uint32_t v)
{
	return add_bytes(p, type, &v, 4);
}

struct attr *add_u16(struct attr *p, uint16_t type, uint16_t v)
{
	return add_bytes(p, type, &v, 2);
}

struct attr *add_str(struct attr *p, uint16_t type, const char *s)
{
	return add_bytes(p, type, s, strlen(s) + 1);
}

struct attr *add_nest(struct attr *p, uint16_t type)
{
	struct attr *a = add(p, type);

	a->nested = 1;
	return a;
}

void rnd_bytes(uint8_t *d, int len)
{
	int i;

	for (i = 0; i < len; i++)
		d[i] = (uint8_t)rnd();
}

/* Serialises @a's children into @buf (room @room); returns bytes used. */
static int put_attrs(const struct attr *a, uint8_t *buf, int room);

static int put_one(const struct attr *a, uint8_t *buf, int room)
{
	struct nlattr *nla = (struct nlattr *)buf;
	int pl, total;

	if (room < NLA_HDRLEN)
		return 0;
	if (a->nested) {
		pl = put_attrs(a, buf + NLA_HDRLEN, room - NLA_HDRLEN);
	} else {
		pl = a->len < room - NLA_HDRLEN ? a->len : room - NLA_HDRLEN;
		if (pl)
			memcpy(buf + NLA_HDRLEN, a->data, pl);
	}
	nla->nla_type = a->type;
	nla->nla_len = (uint16_t)(NLA_HDRLEN + pl + a->len_delta);
	total = NLA_ALIGN(NLA_HDRLEN + pl);
	if (total > room)
		total = room;
	/* Alignment padding is zero, as a real sender's. */
	memset(buf + NLA_HDRLEN + pl, 0, total - NLA_HDRLEN - pl);
	return total;
}

static int put_attrs(const struct attr *a, uint8_t *buf, int room)
{
	int i, used = 0;

	for (i = 0; i < a->n; i++)
		used += put_one(&a->kids[i], buf + used, room - used);
	return used;
}

/* ---- the safety net: names and datapaths we may touch ---- */

/* Forces every name attribute at the top level to start with "fz". */
static void sanitize(struct msg *m)
{
	uint16_t name_type = m->fam == F_DP ? OVS_DP_ATTR_NAME :
			     m->fam == F_VPORT ? OVS_VPORT_ATTR_NAME : 0;
	int i;

	for (i = 0; name_type && i < m->root.n; i++) {
		struct attr *a = &m->root.kids[i];

		if ((a->type & NLA_TYPE_MASK) != name_type)
			continue;
		if (a->nested) {	/* a name must be a leaf: make it one */
			a->nested = 0;
			a->n = 0;
			a->data = alloc(4);
			if (!a->data) {
				a->type = 0xffff & ~NLA_TYPE_MASK;
				continue;
			}
			memcpy(a->data, "fz", 3);
			a->len = 3;
		}
		if (a->len >= 2) {
			a->data[0] = 'f';
			a->data[1] = 'z';
		} else if (a->len == 1) {
			a->data[0] = 0;
		}
	}
}

/* ---- netlink I/O ---- */

static int open_sock(uint32_t *pid)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(sa);
	struct timeval tv = { .tv_sec = 3 };
	int fd, big = 1 << 20, one = 1;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len))
		die("bind: %s", strerror(errno));
	if (pid)
		*pid = sa.nl_pid;
	return fd;
}

static uint8_t rxbuf[1 << 17];

/*
 * Waits for the answer to request @s: its ack/error, or the end of its
 * dump.  Returns 0 or a negative errno, ERR_DUMP or ERR_TIMEOUT.
 */
static int wait_answer(int fd, uint32_t s)
{
	for (;;) {
		ssize_t n = recv(fd, rxbuf, sizeof(rxbuf), 0);
		struct nlmsghdr *h;

		if (n < 0) {
			if (errno == EINTR || errno == ENOBUFS)
				continue;
			if (errno == EAGAIN)
				return ERR_TIMEOUT;
			die("recv: %s", strerror(errno));
		}
		for (h = (struct nlmsghdr *)rxbuf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != s)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				return e->error;
			}
			if (h->nlmsg_type == NLMSG_DONE)
				return ERR_DUMP;
		}
	}
}

/* Builds the wire form of @m (framing always valid) into @buf. */
static int serialise(const struct msg *m, uint8_t *buf, int trunc)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(h);
	struct ovs_header *oh = (struct ovs_header *)(g + 1);
	int hdr = NLMSG_HDRLEN + GENL_HDRLEN + sizeof(*oh), len;

	memset(buf, 0, hdr);
	len = hdr + put_attrs(&m->root, buf + hdr, MAX_MSG - hdr);
	if (trunc > 0 && trunc < len - hdr)
		len = hdr + trunc;	/* cut in the middle of an attribute */
	h->nlmsg_len = len;
	h->nlmsg_type = fam_ids[m->fam];
	h->nlmsg_flags = m->flags;
	h->nlmsg_seq = seq;
	g->cmd = m->cmd;
	g->version = fam_versions[m->fam];
	oh->dp_ifindex = m->dp_ifindex;
	return len;
}

static uint8_t txbuf[MAX_MSG];

/* Sends @m and returns its answer (see wait_answer). */
static int transact(const struct msg *m, int trunc)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int len = serialise(m, txbuf, trunc);
	uint32_t s = seq++;

	if (dry_run)
		return -EINVAL;
	if (sendto(sock_req, txbuf, len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		if (errno == ENOBUFS || errno == ENOMEM)
			return -errno;
		die("sendto: %s", strerror(errno));
	}
	return wait_answer(sock_req, s);
}

/* Resolves a family id through the controller; 0 if it is not there. */
static uint16_t resolve(const char *name)
{
	struct {
		struct nlmsghdr h;
		struct genlmsghdr g;
		uint8_t attrs[64];
	} req;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlattr *a = (struct nlattr *)req.attrs;
	uint32_t s = seq++;
	ssize_t n;

	memset(&req, 0, sizeof(req));
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + strlen(name) + 1;
	strcpy((char *)(a + 1), name);
	req.h.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + NLA_ALIGN(a->nla_len);
	req.h.nlmsg_type = GENL_ID_CTRL;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.h.nlmsg_seq = s;
	req.g.cmd = CTRL_CMD_GETFAMILY;
	req.g.version = 1;
	if (sendto(sock_req, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		die("sendto: %s", strerror(errno));
	n = recv(sock_req, rxbuf, sizeof(rxbuf), 0);
	if (n > 0) {
		struct nlmsghdr *h = (struct nlmsghdr *)rxbuf;
		int rem;

		if (h->nlmsg_type != GENL_ID_CTRL)
			return 0;
		rem = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
		for (a = (struct nlattr *)((uint8_t *)NLMSG_DATA(h) +
					   GENL_HDRLEN);
		     rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
		     a->nla_len <= rem;
		     rem -= NLA_ALIGN(a->nla_len),
		     a = (struct nlattr *)((uint8_t *)a + NLA_ALIGN(a->nla_len)))
			if (a->nla_type == CTRL_ATTR_FAMILY_ID)
				return *(uint16_t *)(a + 1);
	}
	return 0;
}

/* Reads and counts whatever reached the upcall socket. */
static void drain_upcalls(void)
{
	ssize_t n;

	while ((n = recv(sock_up, rxbuf, sizeof(rxbuf), MSG_DONTWAIT)) > 0 ||
	       (n < 0 && errno == ENOBUFS))
		upcalls++;
}

/* ---- the main datapath ---- */

void msg_init(struct msg *m, int fam, uint8_t cmd, int32_t ifindex)
{
	memset(m, 0, sizeof(*m));
	m->fam = fam;
	m->cmd = cmd;
	m->flags = NLM_F_REQUEST | NLM_F_ACK;
	m->dp_ifindex = ifindex;
	m->root.nested = 1;
}

static int ifindex_of(const char *name)
{
	return (int)if_nametoindex(name);
}

/* Makes sure fz0 exists with its internal port; recreates it if not. */
static int create_main_dp(void)
{
	struct msg m;
	int err;

	/* Gone, or never made: delete any half-made one and create it. */
	msg_init(&m, F_DP, OVS_DP_CMD_DEL, 0);
	add_str(&m.root, OVS_DP_ATTR_NAME, main_dp);
	transact(&m, 0);
	msg_init(&m, F_DP, OVS_DP_CMD_NEW, 0);
	add_str(&m.root, OVS_DP_ATTR_NAME, main_dp);
	add_u32(&m.root, OVS_DP_ATTR_UPCALL_PID, up_pid);
	add_u32(&m.root, OVS_DP_ATTR_USER_FEATURES, OVS_DP_F_VPORT_PIDS);
	err = transact(&m, 0);
	if (err)
		return err;
	main_ifindex = ifindex_of(main_dp);
	if (!main_ifindex)
		return -ENODEV;
	msg_init(&m, F_VPORT, OVS_VPORT_CMD_NEW, main_ifindex);
	add_str(&m.root, OVS_VPORT_ATTR_NAME, main_port);
	add_u32(&m.root, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_INTERNAL);
	add_u32(&m.root, OVS_VPORT_ATTR_PORT_NO, 1);
	add_u32(&m.root, OVS_VPORT_ATTR_UPCALL_PID, up_pid);
	err = transact(&m, 0);
	if (err)
		return err;
	if (veth) {
		msg_init(&m, F_VPORT, OVS_VPORT_CMD_NEW, main_ifindex);
		add_str(&m.root, OVS_VPORT_ATTR_NAME, veth);
		add_u32(&m.root, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_NETDEV);
		add_u32(&m.root, OVS_VPORT_ATTR_PORT_NO, 2);
		add_u32(&m.root, OVS_VPORT_ATTR_UPCALL_PID, up_pid);
		transact(&m, 0);	/* the fuzz may have taken it */
	}
	return 0;
}

/*
 * Makes sure our datapath exists with its internal port; recreates it if
 * not.  With --jobs, the other processes delete it now and then, also
 * while we are creating it: retry then, and count why it failed.
 */
static void ensure_main_dp(void)
{
	struct msg m;
	int err, tries;

	arena_used = 0;
	if (main_ifindex) {
		msg_init(&m, F_DP, OVS_DP_CMD_GET, main_ifindex);
		if (transact(&m, 0) == 0)
			return;
	}
	for (tries = 0; (err = create_main_dp()) != 0; tries++) {
		if (njobs == 1 || tries >= 50)
			die("cannot create datapath %s with port %s: %s",
			    main_dp, main_port, strerror(-err));
		record_create_failure(err);
		usleep(10000);
	}
	recreated++;
}

/* Deletes every datapath named fz* (a dump, then one DEL each). */
static void delete_fz_dps(int keep_main)
{
	char names[64][IFNAMSIZ];
	int n = 0, i;
	struct msg m;
	uint32_t s;

	arena_used = 0;
	msg_init(&m, F_DP, OVS_DP_CMD_GET, 0);
	m.flags = NLM_F_REQUEST | NLM_F_DUMP;
	s = seq;
	{
		struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
		int len = serialise(&m, txbuf, 0);
		int done = 0;

		seq++;
		if (sendto(sock_req, txbuf, len, 0, (struct sockaddr *)&sa,
			   sizeof(sa)) < 0)
			return;
		while (!done) {
			ssize_t r = recv(sock_req, rxbuf, sizeof(rxbuf), 0);
			struct nlmsghdr *h;

			if (r <= 0)
				break;
			for (h = (struct nlmsghdr *)rxbuf; NLMSG_OK(h, (size_t)r);
			     h = NLMSG_NEXT(h, r)) {
				struct nlattr *a;
				int rem;

				if (h->nlmsg_seq != s)
					continue;
				if (h->nlmsg_type == NLMSG_DONE ||
				    h->nlmsg_type == NLMSG_ERROR) {
					done = 1;
					break;
				}
				rem = h->nlmsg_len - NLMSG_HDRLEN -
				      GENL_HDRLEN - sizeof(struct ovs_header);
				a = (struct nlattr *)((uint8_t *)NLMSG_DATA(h) +
					GENL_HDRLEN + sizeof(struct ovs_header));
				for (; rem >= NLA_HDRLEN &&
				     a->nla_len >= NLA_HDRLEN && a->nla_len <= rem;
				     rem -= NLA_ALIGN(a->nla_len),
				     a = (struct nlattr *)((uint8_t *)a +
						NLA_ALIGN(a->nla_len))) {
					const char *nm = (const char *)(a + 1);

					if (a->nla_type != OVS_DP_ATTR_NAME ||
					    strncmp(nm, "fz", 2) || n >= 64)
						continue;
					if (keep_main && !strcmp(nm, main_dp))
						continue;
					snprintf(names[n++], IFNAMSIZ, "%s", nm);
				}
			}
		}
	}
	for (i = 0; i < n; i++) {
		arena_used = 0;
		msg_init(&m, F_DP, OVS_DP_CMD_DEL, 0);
		add_str(&m.root, OVS_DP_ATTR_NAME, names[i]);
		transact(&m, 0);
	}
	if (!keep_main)
		main_ifindex = 0;
}

/* ---- main loop ---- */

static void record(int fam, int err)
{
	int b = err == ERR_TIMEOUT || err == ERR_DUMP ? err :
		err <= 0 && err > -ERR_TIMEOUT ? -err : ERR_TIMEOUT;

	counts[fam][b]++;
}

static void report(void)
{
	int f, b;

	for (f = 0; f < N_FAM; f++) {
		printf("%-12s sent %lu:", fam_names[f], sent[f]);
		for (b = 0; b < N_BUCKETS; b++) {
			if (!counts[f][b])
				continue;
			if (b == 0)
				printf(" OK %lu", counts[f][b]);
			else if (b == ERR_DUMP)
				printf(" dump %lu", counts[f][b]);
			else if (b == ERR_TIMEOUT)
				printf(" timeout %lu", counts[f][b]);
			else {
				const char *nm = strerrorname_np(b);

				if (nm)
					printf(" %s %lu", nm, counts[f][b]);
				else
					printf(" errno%d %lu", b, counts[f][b]);
			}
		}
		printf("\n");
	}
	printf("datapath %s (re)created %lu times, %lu upcalls received\n",
	       main_dp, recreated, upcalls);
	for (b = 0; b < N_BUCKETS; b++)
		if (create_fail[b])
			printf("re-creating %s failed (racing jobs): %s %lu\n",
			       main_dp, b == ERR_TIMEOUT ? "timeout" :
			       strerrorname_np(b) ? strerrorname_np(b) : "?",
			       create_fail[b]);
}

static int module_loaded(const char *name)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return stat(path, &st) == 0;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'c' },
		{ "veth", required_argument, NULL, 'e' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "jobs", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long count = 1000, left[N_FAM], total, i;
	uint64_t seed = 1;
	int jobs = 1, k, failed = 0;
	struct timespec t0, t1;
	double secs;
	int opt, f;

	while ((opt = getopt_long(argc, argv, "s:c:e:vnj:", opts, NULL)) != -1) {
		switch (opt) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'c': count = strtoul(optarg, NULL, 0); break;
		case 'e': veth = optarg; break;
		case 'v': verbose = 1; break;
		case 'n': dry_run = 1; break;
		case 'j': jobs = njobs = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: genl-fuzz [--seed N] [--count N] "
				"[--veth fzNAME] [--verbose]\n");
			return 2;
		}
	}
	if (veth && strncmp(veth, "fz", 2))
		die("--veth must name an fz* device");
	if (dry_run)
		goto skip_checks;
	if (module_loaded("openvswitch"))
		die("Linux's openvswitch.ko is loaded: refusing to run");
	if (!module_loaded("flowswitch"))
		die("flowswitch.ko is not loaded (run me in the test VM)");
skip_checks:
	if (jobs < 1 || jobs > 8)
		die("--jobs must be 1 to 8");
	fflush(stdout);
	for (k = 1; k < jobs; k++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork: %s", strerror(errno));
		if (pid == 0) {
			job = k;
			break;
		}
	}
	seed += job;
	snprintf(main_dp, sizeof(main_dp), "fz%d", job);
	snprintf(main_port, sizeof(main_port), "fzp%d", job + 1);
	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
	arena = malloc(ARENA_SIZE);
	if (!arena)
		die("out of memory");
	for (f = 0; f < N_FAM; f++)
		left[f] = count;
	if (!dry_run) {
		sock_req = open_sock(NULL);
		sock_up = open_sock(&up_pid);
		for (f = 0; f < N_FAM; f++) {
			fam_ids[f] = resolve(fam_names[f]);
			if (!fam_ids[f])
				die("family %s is not registered",
				    fam_names[f]);
		}
		delete_fz_dps(0);
		ensure_main_dp();
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (total = count * N_FAM, i = 0; i < total; i++) {
		struct msg m;
		int trunc = 0, err;

		do
			f = below(N_FAM);
		while (!left[f]);
		left[f]--;
		arena_used = 0;
		gen_message(&m, f, &trunc);
		sanitize(&m);
		err = transact(&m, trunc);
		sent[f]++;
		record(f, err);
		if (verbose)
			printf("%lu %s cmd %u: %d\n", i, fam_names[f], m.cmd,
			       err);
		if (dry_run)
			continue;
		drain_upcalls();
		if (f == F_DP || i % 64 == 0)
			ensure_main_dp();
		/* Keep what the fuzz creates bounded. */
		if (i % 2000 == 1999) {
			delete_fz_dps(!chance(30));
			ensure_main_dp();
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (job > 0) {		/* job 0 cleans up once everyone is done */
		report();
		printf("job %d: %lu messages in %.1f s\n", job, total, secs);
		fflush(stdout);
		return 0;
	}
	for (k = 1; k < jobs; k++) {
		int st;

		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			failed = 1;
	}
	if (!dry_run)
		delete_fz_dps(0);
	report();
	printf("%lu messages in %.1f s (%.0f/s), seed %" PRIu64 "\n", total,
	       secs, secs > 0 ? total / secs : 0.0, seed);
	if (failed)
		fprintf(stderr, "genl-fuzz: a job failed\n");
	return failed ? 2 : 0;
}
