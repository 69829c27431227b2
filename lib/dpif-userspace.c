/*
 * dpif-userspace.c: the "userspace" datapath provider, a datapath inside
 * the calling process with the semantics of the kernel's (same errors,
 * same upcalls, same attribute streams).
 *
 * Design:
 *  - Datapaths live in a process-wide registry by name, so several
 *    handles (dpif_open) share one datapath, as with the kernel.  One
 *    mutex guards everything: simple, and packet rates here are modest.
 *  - Packet processing is driven by the caller: dpif_run() reads every
 *    port without blocking and pushes each packet through lookup and
 *    actions; the daemon polls the fds from dpif_run_fds() and calls
 *    dpif_run() when one is readable (test ports are read on every
 *    call).  No thread is started behind the caller's back.
 *  - Ports: internal ports (and the local port) are TAP devices;
 *    netdev ports are AF_PACKET sockets on existing devices; test ports
 *    (dpif_test_port_add) are in-memory queues.  If the local port's TAP
 *    cannot be created (no privileges), the local port exists without a
 *    device and packets sent to it are counted as tx_dropped.
 *  - Keys: the shared parser fsw_key_extract() (datapath/flow_extract.c)
 *    and lib/odp.c's codec between struct fsw_key and OVS_KEY_ATTR_*.
 *  - Upcalls: each handler is a queue with an eventfd (the fd to poll);
 *    its PID is a number unique in the process.  Misses go to the port's
 *    PID (by packet hash) or, with per-CPU dispatch, to the PID of the
 *    CPU running dpif_run(); a PID with no handler means "lost".
 */
#include <config.h>
#include "dpif-provider.h"

#include <errno.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/eventfd.h>

#include "dp-execute.h"
#include "dp-flow-table.h"
#include "dp-netdev.h"
#include "fsw/flow_extract.h"
#include "log.h"
#include "odp.h"
#include "util.h"

LOG_MODULE(dpif_userspace);

#define MAX_PORTS 65535
#define QUEUE_MAX 4096		/* packets or upcalls per queue */
#define RUN_BATCH 64		/* packets read per port per dpif_run() */

/* A FIFO of packets (test ports) or upcalls. */
struct queue {
	void **items;
	size_t head, n, allocated;
};

static bool queue_push(struct queue *q, void *item)
{
	if (q->n >= QUEUE_MAX)
		return false;
	if (q->n == q->allocated) {
		size_t i, cap = q->allocated ? q->allocated * 2 : 16;
		void **items = xmalloc(cap * sizeof *items);

		for (i = 0; i < q->n; i++)
			items[i] = q->items[(q->head + i) % q->allocated];
		free(q->items);
		q->items = items;
		q->allocated = cap;
		q->head = 0;
	}
	q->items[(q->head + q->n++) % q->allocated] = item;
	return true;
}

static void *queue_pop(struct queue *q)
{
	void *item;

	if (!q->n)
		return NULL;
	item = q->items[q->head];
	q->head = (q->head + 1) % q->allocated;
	q->n--;
	return item;
}

static void queue_destroy(struct queue *q, void (*free_item)(void *))
{
	void *item;

	while ((item = queue_pop(q)))
		free_item(item);
	free(q->items);
	memset(q, 0, sizeof *q);
}

static void buf_free(void *b_)
{
	struct buf *b = b_;

	buf_uninit(b);
	free(b);
}

enum port_kind { PK_TEST, PK_TAP, PK_RAW, PK_NONE };

struct port {
	uint32_t port_no;
	char *name;
	uint32_t type;
	enum port_kind kind;
	int fd;
	uint32_t *pids;
	size_t n_pids;
	struct ovs_vport_stats stats;
	struct queue rx, tx;	/* test ports: injected, captured */
};

struct handler {
	uint32_t pid;
	int efd;
	struct queue q;		/* of struct dpif_upcall * */
	struct handler *next;	/* in the process-wide list */
};

struct udp;

struct dpif_userspace {
	struct dpif up;
	struct udp *dp;
	struct handler **handlers;
	unsigned int n_handlers;
	unsigned int next_handler;
	bool per_cpu;
	bool notify;		/* port changes subscribed */
	int notify_efd;
	struct queue changes;	/* of struct dpif_port_change * */
	struct dpif_userspace *next;	/* in dp->handles */
};

/* A datapath. */
struct udp {
	char *name;
	int refs;
	bool deleted;
	struct port **ports;	/* by number */
	size_t n_slots;
	struct dp_table table;
	struct dpif_dp_stats stats;
	uint32_t features;
	uint32_t *cpu_pids;
	size_t n_cpu_pids;
	struct dpif_userspace *handles;
	struct udp *next;
};

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static struct udp *dps;
static struct handler *all_handlers;
static uint32_t next_pid = 0x40000000;

#define SUPPORTED_FEATURES (OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS | \
			    OVS_DP_F_DISPATCH_UPCALL_PER_CPU)

static struct dpif_userspace *cast(const struct dpif *dpif)
{
	return (struct dpif_userspace *)dpif;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static struct udp *udp_find(const char *name)
{
	struct udp *dp;

	for (dp = dps; dp; dp = dp->next)
		if (!strcmp(dp->name, name))
			return dp;
	return NULL;
}

/* Ports. */

static struct port *port_get(const struct udp *dp, uint32_t port_no)
{
	return port_no < dp->n_slots ? dp->ports[port_no] : NULL;
}

static struct port *port_by_name(const struct udp *dp, const char *name)
{
	size_t i;

	for (i = 0; i < dp->n_slots; i++)
		if (dp->ports[i] && !strcmp(dp->ports[i]->name, name))
			return dp->ports[i];
	return NULL;
}

/* Whether NAME is a port of any userspace datapath. */
static bool name_in_use(const char *name)
{
	struct udp *dp;

	for (dp = dps; dp; dp = dp->next)
		if (port_by_name(dp, name))
			return true;
	return false;
}

static uint32_t port_pid(struct dpif_userspace *h)
{
	if (!h || !h->n_handlers || h->per_cpu)
		return 0;
	return h->handlers[h->next_handler++ % h->n_handlers]->pid;
}

static void notify(struct udp *dp, enum dpif_port_event event,
		   const struct port *p)
{
	struct dpif_userspace *h;

	for (h = dp->handles; h; h = h->next) {
		struct dpif_port_change *c;
		uint64_t one = 1;

		if (!h->notify)
			continue;
		c = xzalloc(sizeof *c);
		c->event = event;
		c->port.name = xstrdup(p->name);
		c->port.type = p->type;
		c->port.port_no = p->port_no;
		if (!queue_push(&h->changes, c)) {
			free(c->port.name);
			free(c);
			continue;
		}
		if (write(h->notify_efd, &one, sizeof one) < 0)
			continue;	/* counter full: already readable */
	}
}

/* Creates the port, with its device; PORT_NO is free. */
static int port_create(struct udp *dp, struct dpif_userspace *h,
		       const char *name, uint32_t type, enum port_kind kind,
		       uint32_t port_no)
{
	struct port *p;
	int fd = -1;

	if (kind == PK_TAP) {
		if (if_nametoindex(name))
			return -EEXIST;
		fd = dp_tap_open(name);
	} else if (kind == PK_RAW) {
		fd = dp_raw_open(name);
	}
	if (fd < 0 && kind != PK_TEST && kind != PK_NONE) {
		if (port_no != 0)
			return fd;
		LOG_WARN("%s: local port without a device (%s)", dp->name,
			 strerror(-fd));
		kind = PK_NONE;
	}
	if (port_no >= dp->n_slots) {
		size_t n = port_no + 16 > MAX_PORTS ? MAX_PORTS : port_no + 16;

		dp->ports = xrealloc(dp->ports, n * sizeof *dp->ports);
		memset(dp->ports + dp->n_slots, 0,
		       (n - dp->n_slots) * sizeof *dp->ports);
		dp->n_slots = n;
	}
	p = xzalloc(sizeof *p);
	p->port_no = port_no;
	p->name = xstrdup(name);
	p->type = type;
	p->kind = kind;
	p->fd = fd;
	p->n_pids = 1;
	p->pids = xmalloc(sizeof *p->pids);
	p->pids[0] = port_pid(h);
	dp->ports[port_no] = p;
	notify(dp, DPIF_PORT_NEW, p);
	return 0;
}

static void port_destroy(struct udp *dp, struct port *p)
{
	notify(dp, DPIF_PORT_DEL, p);
	dp->ports[p->port_no] = NULL;
	if (p->fd >= 0)
		close(p->fd);
	queue_destroy(&p->rx, buf_free);
	queue_destroy(&p->tx, buf_free);
	free(p->pids);
	free(p->name);
	free(p);
}

static int port_add(struct udp *dp, struct dpif_userspace *h,
		    const char *name, uint32_t type, enum port_kind kind,
		    uint32_t *port_nop)
{
	uint32_t no = *port_nop;
	int err;

	if (no == DPIF_PORT_ANY) {
		for (no = 1; no < MAX_PORTS && port_get(dp, no); no++)
			continue;
		if (no >= MAX_PORTS)
			return -EFBIG;
	} else if (no >= MAX_PORTS) {
		return -EFBIG;
	} else if (port_get(dp, no)) {
		return -EBUSY;
	}
	if (name_in_use(name))
		return -EEXIST;
	err = port_create(dp, h, name, type, kind, no);
	if (!err)
		*port_nop = no;
	return err;
}

static void port_to_dpif(const struct port *p, struct dpif_port *out)
{
	out->name = xstrdup(p->name);
	out->type = p->type;
	out->port_no = p->port_no;
	out->n_upcall_pids = p->n_pids;
	out->upcall_pids = xmalloc(p->n_pids * sizeof *p->pids);
	memcpy(out->upcall_pids, p->pids, p->n_pids * sizeof *p->pids);
	out->stats = p->stats;
}

/* Datapaths. */

static void udp_free(struct udp *dp)
{
	size_t i;

	for (i = 0; i < dp->n_slots; i++)
		if (dp->ports[i])
			port_destroy(dp, dp->ports[i]);
	dp_table_destroy(&dp->table);
	free(dp->ports);
	free(dp->cpu_pids);
	free(dp->name);
	free(dp);
}

static void udp_unlink(struct udp *dp)
{
	struct udp **p;

	for (p = &dps; *p; p = &(*p)->next) {
		if (*p == dp) {
			*p = dp->next;
			break;
		}
	}
}

static int dpif_userspace_enumerate(char ***namesp)
{
	struct udp *dp;
	size_t n = 0;
	char **names;

	pthread_mutex_lock(&mutex);
	for (dp = dps; dp; dp = dp->next)
		n++;
	names = xzalloc((n + 1) * sizeof *names);
	n = 0;
	for (dp = dps; dp; dp = dp->next)
		names[n++] = xstrdup(dp->name);
	pthread_mutex_unlock(&mutex);
	*namesp = names;
	return n;
}

static int dpif_userspace_open(const char *name, enum dpif_open_mode mode,
			       struct dpif **dpifp)
{
	struct dpif_userspace *h;
	struct udp *dp;
	int err = 0;

	pthread_mutex_lock(&mutex);
	dp = udp_find(name);
	if (dp && mode == DPIF_OPEN_CREATE)
		err = -EEXIST;
	else if (!dp && mode == DPIF_OPEN_EXISTING)
		err = -ENODEV;
	else if (!dp) {
		dp = xzalloc(sizeof *dp);
		dp->name = xstrdup(name);
		dp->features = OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS;
		dp_table_init(&dp->table);
		err = port_create(dp, NULL, name, OVS_VPORT_TYPE_INTERNAL,
				  PK_TAP, 0);
		if (err) {
			udp_free(dp);
		} else {
			dp->next = dps;
			dps = dp;
		}
	}
	if (!err) {
		h = xzalloc(sizeof *h);
		dpif_init_base(&h->up, &dpif_userspace_class, name);
		h->dp = dp;
		h->notify_efd = -1;
		h->next = dp->handles;
		dp->handles = h;
		dp->refs++;
		*dpifp = &h->up;
	}
	pthread_mutex_unlock(&mutex);
	return err;
}

static void handlers_destroy(struct dpif_userspace *h);

static void change_free(void *c_)
{
	struct dpif_port_change *c = c_;

	dpif_port_uninit(&c->port);
	free(c);
}

static void dpif_userspace_close(struct dpif *dpif)
{
	struct dpif_userspace *h = cast(dpif), **p;
	struct udp *dp = h->dp;

	pthread_mutex_lock(&mutex);
	handlers_destroy(h);
	for (p = &dp->handles; *p; p = &(*p)->next) {
		if (*p == h) {
			*p = h->next;
			break;
		}
	}
	if (!--dp->refs) {
		if (!dp->deleted)
			udp_unlink(dp);
		udp_free(dp);
	}
	pthread_mutex_unlock(&mutex);
	queue_destroy(&h->changes, change_free);
	if (h->notify_efd >= 0)
		close(h->notify_efd);
	dpif_uninit_base(&h->up);
	free(h);
}

/* Locks and returns the handle's datapath, or NULL (unlocked) if it has
 * been deleted. */
static struct udp *lock_dp(struct dpif *dpif)
{
	struct udp *dp = cast(dpif)->dp;

	pthread_mutex_lock(&mutex);
	if (dp->deleted) {
		pthread_mutex_unlock(&mutex);
		return NULL;
	}
	return dp;
}

static void unlock(void)
{
	pthread_mutex_unlock(&mutex);
}

static int dpif_userspace_destroy(struct dpif *dpif)
{
	struct udp *dp = lock_dp(dpif);
	size_t i;

	if (!dp)
		return -ENODEV;
	dp->deleted = true;
	udp_unlink(dp);
	/* Ports (and their devices) go now, not at the last close. */
	for (i = 0; i < dp->n_slots; i++)
		if (dp->ports[i])
			port_destroy(dp, dp->ports[i]);
	dp_table_destroy(&dp->table);
	unlock();
	return 0;
}

static int dpif_userspace_get_stats(struct dpif *dpif,
				    struct dpif_dp_stats *s)
{
	struct udp *dp = lock_dp(dpif);

	if (!dp)
		return -ENODEV;
	*s = dp->stats;
	s->n_flows = dp->table.n_flows;
	s->n_masks = dp->table.n_masks;
	unlock();
	return 0;
}

static uint32_t dpif_userspace_user_features(const struct dpif *dpif)
{
	return cast(dpif)->dp->features;
}

static int dpif_userspace_port_add(struct dpif *dpif, const char *name,
				   uint32_t type, uint32_t *port_nop)
{
	struct udp *dp = lock_dp(dpif);
	int err;

	if (!dp)
		return -ENODEV;
	err = port_add(dp, cast(dpif), name, type,
		       type == OVS_VPORT_TYPE_INTERNAL ? PK_TAP : PK_RAW,
		       port_nop);
	unlock();
	return err;
}

static int dpif_userspace_test_port_add(struct dpif *dpif, const char *name,
					uint32_t *port_nop)
{
	struct udp *dp = lock_dp(dpif);
	int err;

	if (!dp)
		return -ENODEV;
	err = port_add(dp, cast(dpif), name, OVS_VPORT_TYPE_NETDEV, PK_TEST,
		       port_nop);
	unlock();
	return err;
}

static int dpif_userspace_port_del(struct dpif *dpif, uint32_t port_no)
{
	struct udp *dp = lock_dp(dpif);
	struct port *p;
	int err = 0;

	if (!dp)
		return -ENODEV;
	p = port_get(dp, port_no);
	if (!p)
		err = -ENODEV;
	else if (!port_no)
		err = -EINVAL;	/* the local port goes with the dp */
	else
		port_destroy(dp, p);
	unlock();
	return err;
}

static int dpif_userspace_port_get(struct dpif *dpif, uint32_t port_no,
				   const char *name, struct dpif_port *out)
{
	struct udp *dp = lock_dp(dpif);
	struct port *p;

	if (!dp)
		return -ENODEV;
	p = name ? port_by_name(dp, name) : port_get(dp, port_no);
	if (p)
		port_to_dpif(p, out);
	unlock();
	return p ? 0 : -ENODEV;
}

static int dpif_userspace_port_list(struct dpif *dpif,
				    struct dpif_port **portsp, size_t *np)
{
	struct udp *dp = lock_dp(dpif);
	struct dpif_port *ports = NULL;
	size_t i, n = 0;

	if (!dp)
		return -ENODEV;
	for (i = 0; i < dp->n_slots; i++) {
		if (!dp->ports[i])
			continue;
		ports = xrealloc(ports, (n + 1) * sizeof *ports);
		memset(&ports[n], 0, sizeof ports[n]);
		port_to_dpif(dp->ports[i], &ports[n++]);
	}
	unlock();
	*portsp = ports;
	*np = n;
	return 0;
}

static void set_pids(struct port *p, const uint32_t *pids, size_t n)
{
	free(p->pids);
	p->pids = xmalloc(n * sizeof *pids);
	memcpy(p->pids, pids, n * sizeof *pids);
	p->n_pids = n;
}

static int dpif_userspace_port_set_upcall_pids(struct dpif *dpif,
					       uint32_t port_no,
					       const uint32_t *pids, size_t n)
{
	struct udp *dp = lock_dp(dpif);
	struct port *p;

	if (!dp)
		return -ENODEV;
	p = port_get(dp, port_no);
	if (p)
		set_pids(p, pids, n);
	unlock();
	return p ? 0 : -ENODEV;
}

static int notify_on(struct dpif_userspace *h)
{
	if (h->notify)
		return 0;
	h->notify_efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (h->notify_efd < 0)
		return -errno;
	h->notify = true;
	return 0;
}

static int dpif_userspace_port_poll_fd(struct dpif *dpif)
{
	struct dpif_userspace *h = cast(dpif);
	int err;

	pthread_mutex_lock(&mutex);
	err = notify_on(h);
	unlock();
	return err ? err : h->notify_efd;
}

static int dpif_userspace_port_poll(struct dpif *dpif,
				    struct dpif_port_change *change)
{
	struct dpif_userspace *h = cast(dpif);
	struct dpif_port_change *c;
	uint64_t count;
	int err;

	pthread_mutex_lock(&mutex);
	err = notify_on(h);
	c = err ? NULL : queue_pop(&h->changes);
	if (!h->changes.n && read(h->notify_efd, &count, sizeof count) < 0)
		count = 0;	/* nothing to clear */
	unlock();
	if (err)
		return err;
	if (!c)
		return -EAGAIN;
	*change = *c;
	free(c);
	return 0;
}

/* Keys and masks. */

/* Parses a key stream; -EINVAL unless it is well formed. */
static int parse_key(const struct buf *attrs, struct fsw_key *key)
{
	memset(key, 0, sizeof *key);
	if (odp_key_to_fsw(attrs->data, attrs->size, key, NULL) ==
	    ODP_FIT_ERROR)
		return -EINVAL;
	return 0;
}

/* Sets every field of the attributes in B to all-ones, recursing into
 * nested ones: the exact mask of a key given without one. */
static void fill_ones(uint8_t *p, size_t len)
{
	size_t off = 0;

	while (off + NLA_HDRLEN <= len) {
		struct nlattr *nla = (struct nlattr *)(p + off);
		int type = nla->nla_type & NLA_TYPE_MASK;

		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > len - off)
			return;
		if (type == OVS_KEY_ATTR_ENCAP || type == OVS_KEY_ATTR_TUNNEL)
			fill_ones(p + off + NLA_HDRLEN,
				  nla->nla_len - NLA_HDRLEN);
		else
			memset(p + off + NLA_HDRLEN, 0xff,
			       nla->nla_len - NLA_HDRLEN);
		off += NLA_ALIGN(nla->nla_len);
	}
}

static int parse_mask(const struct buf *mask_attrs, const struct buf *key_attrs,
		      const struct fsw_key *key, struct fsw_key *mask,
		      struct buf *mask_out)
{
	if (mask_attrs && mask_attrs->size) {
		buf_copy(mask_out, mask_attrs);
	} else {
		buf_copy(mask_out, key_attrs);
		fill_ones(mask_out->data, mask_out->size);
	}
	memset(mask, 0, sizeof *mask);
	if (odp_mask_to_fsw(mask_out->data, mask_out->size, key, mask, NULL) ==
	    ODP_FIT_ERROR) {
		buf_uninit(mask_out);
		return -EINVAL;
	}
	/* As the kernel: tags left out of the mask are matched exactly,
	 * so an untagged megaflow never takes tagged packets. */
	if (!mask->vlan.tci)
		mask->vlan.tci = htons(0xffff);
	if (!mask->cvlan.tci)
		mask->cvlan.tci = htons(0xffff);
	return 0;
}

/* The flow a client names by UFID or by its (unmasked) key. */
static struct dp_flow *flow_find(struct udp *dp, const struct buf *key_attrs,
				 const struct dpif_ufid *ufid, int *errp)
{
	struct fsw_key key;
	struct dp_flow *f;

	*errp = 0;
	if (ufid)
		return dp_table_find_ufid(&dp->table, ufid);
	*errp = parse_key(key_attrs, &key);
	if (*errp)
		return NULL;
	for (f = dp->table.first; f; f = f->next)
		if (!memcmp(&f->ukey, &key, sizeof key))
			return f;
	return NULL;
}

static void flow_to_dpif(const struct dp_flow *f, struct dpif_flow *out)
{
	buf_clear(&out->key);
	buf_put(&out->key, f->key_attrs.data, f->key_attrs.size);
	buf_clear(&out->mask);
	buf_put(&out->mask, f->mask_attrs.data, f->mask_attrs.size);
	buf_clear(&out->actions);
	buf_put(&out->actions, f->actions.data, f->actions.size);
	out->has_ufid = f->has_ufid;
	out->ufid = f->ufid;
	out->stats = f->stats;
}

/* Flows. */

static int dpif_userspace_flow_put(struct dpif *dpif,
				   const struct dpif_flow_put *put)
{
	struct buf mask_attrs = BUF_INITIALIZER;
	struct fsw_key key, mask;
	struct dp_flow *f;
	struct udp *dp;
	int err;

	err = parse_key(put->key, &key);
	if (!err)
		err = parse_mask(put->mask, put->key, &key, &mask, &mask_attrs);
	if (err)
		return err;
	if (put->actions &&
	    dp_actions_validate(put->actions->data, put->actions->size)) {
		buf_uninit(&mask_attrs);
		return -EINVAL;
	}
	dp = lock_dp(dpif);
	if (!dp) {
		buf_uninit(&mask_attrs);
		return -ENODEV;
	}
	f = put->ufid ? dp_table_find_ufid(&dp->table, put->ufid)
		      : dp_table_find_exact(&dp->table, &key, &mask);
	if (f && !(put->flags & DPIF_FP_MODIFY)) {
		err = -EEXIST;
	} else if (!f && !(put->flags & DPIF_FP_CREATE)) {
		err = -ENOENT;
	} else if (f) {
		if (put->stats)
			*put->stats = f->stats;
		buf_clear(&f->actions);
		if (put->actions)
			buf_put(&f->actions, put->actions->data,
				put->actions->size);
		if (put->flags & DPIF_FP_ZERO_STATS)
			memset(&f->stats, 0, sizeof f->stats);
	} else {
		f = dp_flow_new();
		buf_copy(&f->key_attrs, put->key);
		f->mask_attrs = mask_attrs;
		mask_attrs.data = NULL;
		if (put->actions)
			buf_copy(&f->actions, put->actions);
		if (put->ufid) {
			f->has_ufid = true;
			f->ufid = *put->ufid;
		}
		dp_table_insert(&dp->table, f, &key, &mask);
	}
	unlock();
	buf_uninit(&mask_attrs);
	return err;
}

static int dpif_userspace_flow_del(struct dpif *dpif, const struct buf *key,
				   const struct dpif_ufid *ufid,
				   struct dpif_flow_stats *stats)
{
	struct udp *dp = lock_dp(dpif);
	struct dp_flow *f;
	int err;

	if (!dp)
		return -ENODEV;
	f = flow_find(dp, key, ufid, &err);
	if (f) {
		if (stats)
			*stats = f->stats;
		dp_table_remove(&dp->table, f);
	} else if (!err) {
		err = -ENOENT;
	}
	unlock();
	return err;
}

static int dpif_userspace_flow_flush(struct dpif *dpif)
{
	struct udp *dp = lock_dp(dpif);

	if (!dp)
		return -ENODEV;
	dp_table_destroy(&dp->table);
	unlock();
	return 0;
}

static int dpif_userspace_flow_get(struct dpif *dpif, const struct buf *key,
				   const struct dpif_ufid *ufid,
				   struct dpif_flow *out)
{
	struct udp *dp = lock_dp(dpif);
	struct dp_flow *f;
	int err;

	if (!dp)
		return -ENODEV;
	f = flow_find(dp, key, ufid, &err);
	if (f)
		flow_to_dpif(f, out);
	else if (!err)
		err = -ENOENT;
	unlock();
	return err;
}

/* A dump is a snapshot taken at the start, so the table may change
 * while the caller walks it. */
struct udp_dump {
	struct dpif_flow_dump up;
	struct dpif_flow *flows;
	size_t n, next;
	int err;
};

static struct dpif_flow_dump *dpif_userspace_flow_dump_start(struct dpif *dpif)
{
	struct udp_dump *d = xzalloc(sizeof *d);
	struct udp *dp = lock_dp(dpif);
	struct dp_flow *f;
	size_t i = 0;

	if (!dp) {
		d->err = -ENODEV;
		return &d->up;
	}
	d->n = dp->table.n_flows;
	d->flows = xzalloc((d->n ? d->n : 1) * sizeof *d->flows);
	for (f = dp->table.first; f; f = f->next)
		flow_to_dpif(f, &d->flows[i++]);
	unlock();
	return &d->up;
}

static int dpif_userspace_flow_dump_next(struct dpif_flow_dump *dump,
					 struct dpif_flow *out)
{
	struct udp_dump *d = (struct udp_dump *)dump;
	struct dpif_flow *f;

	if (d->err || d->next >= d->n)
		return d->err;
	f = &d->flows[d->next++];
	buf_put(&out->key, f->key.data, f->key.size);
	buf_put(&out->mask, f->mask.data, f->mask.size);
	buf_put(&out->actions, f->actions.data, f->actions.size);
	out->has_ufid = f->has_ufid;
	out->ufid = f->ufid;
	out->stats = f->stats;
	return 1;
}

static int dpif_userspace_flow_dump_done(struct dpif_flow_dump *dump)
{
	struct udp_dump *d = (struct udp_dump *)dump;
	int err = d->err;
	size_t i;

	for (i = 0; i < d->n; i++)
		dpif_flow_uninit(&d->flows[i]);
	free(d->flows);
	free(d);
	return err;
}

/* Upcalls. */

static struct handler *handler_by_pid(uint32_t pid)
{
	struct handler *h;

	for (h = all_handlers; pid && h; h = h->next)
		if (h->pid == pid)
			return h;
	return NULL;
}

static void upcall_free(void *up_)
{
	struct dpif_upcall *up = up_;

	dpif_upcall_uninit(up);
	free(up);
}

/* Queues an upcall for PID; false (the caller counts it lost) if no
 * handler has that PID or its queue is full. */
static bool upcall_send(uint32_t pid, enum dpif_upcall_type type,
			const uint8_t *data, size_t len,
			const struct fsw_key *key,
			const struct dp_exec_upcall *ua)
{
	struct handler *h = handler_by_pid(pid);
	struct dpif_upcall *up;
	uint64_t one = 1;

	if (!h || h->q.n >= QUEUE_MAX)
		return false;
	up = xzalloc(sizeof *up);
	up->type = type;
	buf_put(&up->packet, data, len);
	odp_key_from_fsw(&up->key, key);
	if (ua) {
		up->has_userdata = ua->has_userdata;
		if (ua->has_userdata)
			buf_put(&up->userdata, ua->userdata, ua->userdata_len);
		up->orig_len = ua->orig_len;
	}
	queue_push(&h->q, up);
	if (write(h->efd, &one, sizeof one) < 0)
		LOG_DBG("eventfd write: %s", strerror(errno));
	return true;
}

/* Packet processing. */

static void process(struct udp *dp, struct buf *pkt, struct fsw_key *key,
		    int depth);

static void exec_output(void *dp_, uint32_t port_no, const uint8_t *data,
			size_t len)
{
	struct udp *dp = dp_;
	struct port *p = port_get(dp, port_no);
	bool ok = false;

	if (!p)
		return;
	switch (p->kind) {
	case PK_TEST: {
		struct buf *b = xzalloc(sizeof *b);

		buf_put(b, data, len);
		ok = queue_push(&p->tx, b);
		if (!ok)
			buf_free(b);
		break;
	}
	case PK_TAP:
		ok = write(p->fd, data, len) == (ssize_t)len;
		break;
	case PK_RAW:
		ok = send(p->fd, data, len, MSG_DONTWAIT) == (ssize_t)len;
		break;
	case PK_NONE:
		break;
	}
	if (ok) {
		p->stats.tx_packets++;
		p->stats.tx_bytes += len;
	} else {
		p->stats.tx_dropped++;
	}
}

static void exec_userspace(void *dp_, const uint8_t *data, size_t len,
			   const struct fsw_key *key,
			   const struct dp_exec_upcall *ua)
{
	struct udp *dp = dp_;

	if (!upcall_send(ua->pid, DPIF_UC_ACTION, data, len, key, ua))
		dp->stats.n_lost++;
}

static void exec_recirc(void *dp_, const struct buf *pkt,
			const struct fsw_key *key, int depth)
{
	struct buf copy;
	struct fsw_key k = *key;

	buf_copy(&copy, pkt);
	process(dp_, &copy, &k, depth);
	buf_uninit(&copy);
}

static const struct dp_exec_ops exec_ops = {
	.output = exec_output,
	.userspace = exec_userspace,
	.recirc = exec_recirc,
};

static uint32_t miss_pid(struct udp *dp, const struct port *in,
			 const struct fsw_key *key)
{
	if (dp->features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU) {
		int cpu = sched_getcpu();

		if (!dp->n_cpu_pids)
			return 0;
		return dp->cpu_pids[(cpu < 0 ? 0 : cpu) % dp->n_cpu_pids];
	}
	if (!in)
		return 0;
	if (in->n_pids == 1)
		return in->pids[0];
	return in->pids[(key->ipv4_src ^ key->ipv4_dst ^ key->tp_src ^
			 key->tp_dst ^ key->eth_src[5]) % in->n_pids];
}

/* Looks PKT up with metadata KEY (packet fields are extracted here) and
 * runs its flow's actions, or sends a miss upcall. */
static void process(struct udp *dp, struct buf *pkt, struct fsw_key *key,
		    int depth)
{
	struct dp_flow *f;
	unsigned int n_masks;

	fsw_key_extract(pkt->data, pkt->size, key);
	f = dp_table_lookup(&dp->table, key, &n_masks);
	if (!f) {
		dp->stats.n_missed++;
		if (!upcall_send(miss_pid(dp, port_get(dp, key->in_port), key),
				 DPIF_UC_MISS, pkt->data, pkt->size, key, NULL))
			dp->stats.n_lost++;
		return;
	}
	dp->stats.n_hit++;
	dp->stats.n_mask_hit += n_masks;
	f->stats.n_packets++;
	f->stats.n_bytes += pkt->size;
	f->stats.used = now_ms();
	if (key->nw_proto == IPPROTO_TCP)
		f->stats.tcp_flags |= ntohs(key->tcp_flags) & 0xff;
	dp_actions_execute(pkt, key, f->actions.data, f->actions.size,
			   &exec_ops, dp, depth);
}

static void receive(struct udp *dp, struct port *p, struct buf *pkt)
{
	struct fsw_key key;

	p->stats.rx_packets++;
	p->stats.rx_bytes += pkt->size;
	memset(&key, 0, sizeof key);
	key.in_port = p->port_no;
	process(dp, pkt, &key, 0);
}

static void run_port(struct udp *dp, struct port *p, struct buf *scratch)
{
	int i;

	for (i = 0; i < RUN_BATCH; i++) {
		int n;

		if (p->kind == PK_TEST) {
			struct buf *b = queue_pop(&p->rx);

			if (!b)
				return;
			receive(dp, p, b);
			buf_free(b);
			continue;
		}
		if (p->kind == PK_NONE)
			return;
		n = p->kind == PK_TAP ? dp_tap_recv(p->fd, scratch)
				      : dp_raw_recv(p->fd, scratch);
		if (n == -EAGAIN || n == -EWOULDBLOCK)
			return;
		if (n < 0 || scratch->size < 14)
			continue;	/* a runt or a frame we sent */
		receive(dp, p, scratch);
	}
}

static int dpif_userspace_run(struct dpif *dpif)
{
	struct buf scratch = BUF_INITIALIZER;
	struct udp *dp = lock_dp(dpif);
	size_t i;

	if (!dp)
		return -ENODEV;
	for (i = 0; i < dp->n_slots; i++)
		if (dp->ports[i])
			run_port(dp, dp->ports[i], &scratch);
	unlock();
	buf_uninit(&scratch);
	return 0;
}

static int dpif_userspace_run_fds(struct dpif *dpif, int *fds, int max)
{
	struct udp *dp = lock_dp(dpif);
	size_t i;
	int n = 0;

	if (!dp)
		return -ENODEV;
	for (i = 0; i < dp->n_slots && n < max; i++)
		if (dp->ports[i] && dp->ports[i]->fd >= 0)
			fds[n++] = dp->ports[i]->fd;
	unlock();
	return n;
}

static int dpif_userspace_execute(struct dpif *dpif, const void *packet,
				  size_t len, const struct buf *key_attrs,
				  const struct buf *actions)
{
	struct fsw_key key;
	struct buf pkt;
	struct udp *dp;
	int err;

	err = parse_key(key_attrs, &key);
	if (err)
		return err;
	if (actions && dp_actions_validate(actions->data, actions->size))
		return -EINVAL;
	dp = lock_dp(dpif);
	if (!dp)
		return -ENODEV;
	buf_init(&pkt, len);
	buf_put(&pkt, packet, len);
	/* The metadata comes from the key, the rest from the packet. */
	fsw_key_extract(pkt.data, pkt.size, &key);
	if (actions)
		dp_actions_execute(&pkt, &key, actions->data, actions->size,
				   &exec_ops, dp, 0);
	unlock();
	buf_uninit(&pkt);
	return 0;
}

/* Handlers. */

static void handlers_destroy(struct dpif_userspace *h)
{
	unsigned int i;

	for (i = 0; i < h->n_handlers; i++) {
		struct handler *hd = h->handlers[i], **p;

		for (p = &all_handlers; *p; p = &(*p)->next) {
			if (*p == hd) {
				*p = hd->next;
				break;
			}
		}
		queue_destroy(&hd->q, upcall_free);
		close(hd->efd);
		free(hd);
	}
	free(h->handlers);
	h->handlers = NULL;
	h->n_handlers = 0;
}

static int cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	return n > 0 ? n : 1;
}

static int dpif_userspace_handlers_set(struct dpif *dpif, unsigned int n,
				       bool per_cpu)
{
	struct dpif_userspace *h = cast(dpif);
	struct udp *dp = lock_dp(dpif);
	unsigned int i;
	size_t j;

	if (!dp)
		return -ENODEV;
	handlers_destroy(h);
	h->handlers = xzalloc((n ? n : 1) * sizeof *h->handlers);
	for (i = 0; i < n; i++) {
		struct handler *hd = xzalloc(sizeof *hd);

		hd->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (hd->efd < 0) {
			int err = -errno;

			free(hd);
			handlers_destroy(h);
			unlock();
			return err;
		}
		hd->pid = next_pid++;
		hd->next = all_handlers;
		all_handlers = hd;
		h->handlers[i] = hd;
		h->n_handlers = i + 1;
	}
	h->per_cpu = n && per_cpu;
	free(dp->cpu_pids);
	dp->cpu_pids = NULL;
	dp->n_cpu_pids = 0;
	dp->features &= ~OVS_DP_F_DISPATCH_UPCALL_PER_CPU;
	if (h->per_cpu) {
		dp->n_cpu_pids = cpu_count();
		dp->cpu_pids = xmalloc(dp->n_cpu_pids * sizeof *dp->cpu_pids);
		for (j = 0; j < dp->n_cpu_pids; j++)
			dp->cpu_pids[j] = h->handlers[j % n]->pid;
		dp->features |= OVS_DP_F_DISPATCH_UPCALL_PER_CPU;
	}
	h->next_handler = 0;
	for (j = 0; j < dp->n_slots; j++) {
		uint32_t pid;

		if (!dp->ports[j])
			continue;
		pid = port_pid(h);
		set_pids(dp->ports[j], &pid, 1);
	}
	unlock();
	return 0;
}

static unsigned int dpif_userspace_n_handlers(const struct dpif *dpif)
{
	return cast(dpif)->n_handlers;
}

static uint32_t dpif_userspace_handler_pid(const struct dpif *dpif,
					   unsigned int i)
{
	return cast(dpif)->handlers[i]->pid;
}

static int dpif_userspace_handler_fd(const struct dpif *dpif, unsigned int i)
{
	return cast(dpif)->handlers[i]->efd;
}

static bool dpif_userspace_per_cpu_dispatch(const struct dpif *dpif)
{
	return cast(dpif)->per_cpu;
}

static int dpif_userspace_recv(struct dpif *dpif, unsigned int handler,
			       struct dpif_upcall *ups, int max)
{
	struct handler *hd = cast(dpif)->handlers[handler];
	uint64_t count;
	int n = 0;

	pthread_mutex_lock(&mutex);
	while (n < max) {
		struct dpif_upcall *up = queue_pop(&hd->q);

		if (!up)
			break;
		dpif_upcall_uninit(&ups[n]);
		ups[n++] = *up;
		free(up);
	}
	if (!hd->q.n && read(hd->efd, &count, sizeof count) < 0)
		count = 0;	/* already clear */
	unlock();
	return n ? n : -EAGAIN;
}

/* Test ports. */

static int dpif_userspace_test_port_inject(struct dpif *dpif,
					   uint32_t port_no,
					   const void *packet, size_t len)
{
	struct udp *dp = lock_dp(dpif);
	struct port *p;
	int err = 0;

	if (!dp)
		return -ENODEV;
	p = port_get(dp, port_no);
	if (!p || p->kind != PK_TEST) {
		err = p ? -EINVAL : -ENODEV;
	} else {
		struct buf *b = xzalloc(sizeof *b);

		buf_put(b, packet, len);
		if (!queue_push(&p->rx, b)) {
			buf_free(b);
			p->stats.rx_dropped++;
			err = -ENOBUFS;
		}
	}
	unlock();
	return err;
}

static int dpif_userspace_test_port_capture(struct dpif *dpif,
					    uint32_t port_no,
					    struct buf *packet)
{
	struct udp *dp = lock_dp(dpif);
	struct port *p;
	struct buf *b = NULL;
	int err = 0;

	if (!dp)
		return -ENODEV;
	p = port_get(dp, port_no);
	if (!p || p->kind != PK_TEST)
		err = p ? -EINVAL : -ENODEV;
	else if (!(b = queue_pop(&p->tx)))
		err = -EAGAIN;
	unlock();
	if (b) {
		buf_clear(packet);
		buf_put(packet, b->data, b->size);
		buf_free(b);
	}
	return err;
}

const struct dpif_class dpif_userspace_class = {
	.type = "userspace",
	.enumerate = dpif_userspace_enumerate,
	.open = dpif_userspace_open,
	.close = dpif_userspace_close,
	.destroy = dpif_userspace_destroy,
	.get_stats = dpif_userspace_get_stats,
	.user_features = dpif_userspace_user_features,
	.port_add = dpif_userspace_port_add,
	.port_del = dpif_userspace_port_del,
	.port_get = dpif_userspace_port_get,
	.port_list = dpif_userspace_port_list,
	.port_set_upcall_pids = dpif_userspace_port_set_upcall_pids,
	.port_poll = dpif_userspace_port_poll,
	.port_poll_fd = dpif_userspace_port_poll_fd,
	.flow_put = dpif_userspace_flow_put,
	.flow_del = dpif_userspace_flow_del,
	.flow_flush = dpif_userspace_flow_flush,
	.flow_get = dpif_userspace_flow_get,
	.flow_dump_start = dpif_userspace_flow_dump_start,
	.flow_dump_next = dpif_userspace_flow_dump_next,
	.flow_dump_done = dpif_userspace_flow_dump_done,
	.execute = dpif_userspace_execute,
	.handlers_set = dpif_userspace_handlers_set,
	.n_handlers = dpif_userspace_n_handlers,
	.handler_pid = dpif_userspace_handler_pid,
	.handler_fd = dpif_userspace_handler_fd,
	.per_cpu_dispatch = dpif_userspace_per_cpu_dispatch,
	.recv = dpif_userspace_recv,
	.run = dpif_userspace_run,
	.run_fds = dpif_userspace_run_fds,
	.test_port_add = dpif_userspace_test_port_add,
	.test_port_inject = dpif_userspace_test_port_inject,
	.test_port_capture = dpif_userspace_test_port_capture,
};
