/*
 * linux-htb QoS on a port's device, set up over rtnetlink with
 * libnl-route-3 (see qos.h).
 *
 * Layout (as Open vSwitch's linux-htb): root qdisc htb 1: whose default
 * class is 1:1 (queue 0), one root class 1:fffe whose rate and ceil are
 * the QoS max-rate (default: the link speed), and below it class
 * 1:(N+1) for queue N with rate = min-rate, ceil = max-rate and
 * prio = priority.  A change replaces the whole set-up (delete + create);
 * it is rare and a fresh qdisc is simpler than editing classes in place.
 */
#include <config.h>
#include "qos.h"
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/pkt_sched.h>
#include <netlink/netlink.h>
#include <netlink/route/tc.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/class.h>
#include <netlink/route/qdisc/htb.h>
#include "log.h"
#include "status.h"
#include "util.h"

LOG_MODULE(qos);

#define QOS_ROOT_MINOR 0xfffe
#define QOS_MAX_QUEUE (QOS_ROOT_MINOR - 2)	/* class minor < root's */
#define QOS_DEFAULT_LINK_RATE 10000000000ULL	/* bit/s, speed unknown */
#define QOS_MIN_RATE 12000ULL	/* bit/s: htb wants > 0; one MTU per s */
#define QOS_MAX_PRIO 7		/* htb's lowest priority */

/* What was installed on a device (a private copy of the config). */
struct qos_dev {
	char *name;
	uint64_t max_rate;
	size_t n_queues;
	struct fsw_queue *queues;
};

static struct qos_dev *devs;
static size_t n_devs;
static struct nl_sock *sock;

static struct qos_dev *dev_find(const char *name)
{
	size_t i;

	for (i = 0; i < n_devs; i++)
		if (!strcmp(devs[i].name, name))
			return &devs[i];
	return NULL;
}

static bool dev_matches(const struct qos_dev *d, const struct fsw_qos *q)
{
	return d->max_rate == q->max_rate && d->n_queues == q->n_queues &&
	       (!q->n_queues || !memcmp(d->queues, q->queues,
					q->n_queues * sizeof *q->queues));
}

static void dev_record(const char *name, const struct fsw_qos *q)
{
	struct qos_dev *d = dev_find(name);

	if (!d) {
		devs = xrealloc(devs, (n_devs + 1) * sizeof *devs);
		d = &devs[n_devs++];
		d->name = xstrdup(name);
		d->queues = NULL;
	}
	free(d->queues);
	d->max_rate = q->max_rate;
	d->n_queues = q->n_queues;
	d->queues = xmalloc((q->n_queues + 1) * sizeof *q->queues);
	memcpy(d->queues, q->queues, q->n_queues * sizeof *q->queues);
}

static void dev_drop(const char *name)
{
	struct qos_dev *d = dev_find(name);

	if (!d)
		return;
	free(d->name);
	free(d->queues);
	*d = devs[--n_devs];
}

static struct nl_sock *get_sock(void)
{
	if (sock)
		return sock;
	sock = nl_socket_alloc();
	if (!sock)
		return NULL;
	if (nl_connect(sock, NETLINK_ROUTE)) {
		nl_socket_free(sock);
		sock = NULL;
	}
	return sock;
}

/* The link speed in bit/s from sysfs, or a default when unknown (veth
 * and tap report it; some virtual devices do not). */
static uint64_t link_rate(const char *dev)
{
	char path[128];
	long long mbps = -1;
	FILE *f;

	snprintf(path, sizeof path, "/sys/class/net/%s/speed", dev);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%lld", &mbps) != 1)
			mbps = -1;
		fclose(f);
	}
	return mbps > 0 ? (uint64_t)mbps * 1000000 : QOS_DEFAULT_LINK_RATE;
}

/* Deletes DEV's root qdisc (with all classes).  Returns a libnl error. */
static int del_root(struct nl_sock *s, int ifindex)
{
	struct rtnl_qdisc *q = rtnl_qdisc_alloc();
	int err;

	if (!q)
		return -NLE_NOMEM;
	rtnl_tc_set_ifindex(TC_CAST(q), ifindex);
	rtnl_tc_set_parent(TC_CAST(q), TC_H_ROOT);
	err = rtnl_qdisc_delete(s, q);
	rtnl_qdisc_put(q);
	return err;
}

static int add_root(struct nl_sock *s, int ifindex)
{
	struct rtnl_qdisc *q = rtnl_qdisc_alloc();
	int err;

	if (!q)
		return -NLE_NOMEM;
	rtnl_tc_set_ifindex(TC_CAST(q), ifindex);
	rtnl_tc_set_parent(TC_CAST(q), TC_H_ROOT);
	rtnl_tc_set_handle(TC_CAST(q), TC_HANDLE(1, 0));
	err = rtnl_tc_set_kind(TC_CAST(q), "htb");
	if (!err)
		err = rtnl_htb_set_defcls(q, 1)	/* minor of 1:1 */;
	if (!err)
		err = rtnl_qdisc_add(s, q, NLM_F_CREATE | NLM_F_REPLACE);
	rtnl_qdisc_put(q);
	return err;
}

/* Adds class 1:MINOR under PARENT; bytes/s as htb's netlink wants. */
static int add_class(struct nl_sock *s, int ifindex, uint32_t parent,
		     uint32_t minor, uint64_t rate, uint64_t ceil, int prio)
{
	struct rtnl_class *c = rtnl_class_alloc();
	int err;

	if (!c)
		return -NLE_NOMEM;
	rtnl_tc_set_ifindex(TC_CAST(c), ifindex);
	rtnl_tc_set_parent(TC_CAST(c), parent);
	rtnl_tc_set_handle(TC_CAST(c), TC_HANDLE(1, minor));
	err = rtnl_tc_set_kind(TC_CAST(c), "htb");
	if (!err)
		err = rtnl_htb_set_rate64(c, rate / 8);
	if (!err)
		err = rtnl_htb_set_ceil64(c, ceil / 8);
	if (!err && prio >= 0)
		err = rtnl_htb_set_prio(c, prio > QOS_MAX_PRIO ? QOS_MAX_PRIO
							       : prio);
	if (!err)
		err = rtnl_class_add(s, c, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_class_put(c);
	return err;
}

/* Installs Q on DEV from scratch.  On failure returns a libnl error and
 * sets *WHAT to the step that failed. */
static int install(struct nl_sock *s, int ifindex, const char *dev,
		   const struct fsw_qos *q, const char **what)
{
	uint64_t top = q->max_rate ? q->max_rate : link_rate(dev);
	uint32_t root = TC_HANDLE(1, QOS_ROOT_MINOR);
	size_t i;
	int err;

	if (top < QOS_MIN_RATE)
		top = QOS_MIN_RATE;
	del_root(s, ifindex);	/* whatever was there; ENOENT is fine */
	*what = "htb qdisc";
	err = add_root(s, ifindex);
	if (err)
		return err;
	*what = "root class";
	err = add_class(s, ifindex, TC_HANDLE(1, 0), QOS_ROOT_MINOR, top,
			top, -1);
	for (i = 0; !err && i < q->n_queues; i++) {
		const struct fsw_queue *qu = &q->queues[i];
		uint64_t ceil = qu->max_rate && qu->max_rate < top
				? qu->max_rate : top;
		uint64_t rate = qu->min_rate ? qu->min_rate : QOS_MIN_RATE;

		if (qu->id > QOS_MAX_QUEUE) {
			*what = "queue id (at most 65532 with linux-htb)";
			return -NLE_RANGE;
		}
		if (rate > ceil)
			rate = ceil;
		*what = "queue class";
		err = add_class(s, ifindex, root, qu->id + 1, rate, ceil,
				qu->priority);
	}
	return err;
}

static void report(const char *dev, const char *msg)
{
	status_set("interface", dev, "qos_error", msg);
}

void qos_port_set(const char *dev, const struct fsw_qos *q)
{
	struct qos_dev *d = dev_find(dev);
	const char *what = "netlink socket";
	struct nl_sock *s;
	char msg[256];
	int ifindex, err;

	if (!q) {
		qos_port_forget(dev);
		return;
	}
	if (d && dev_matches(d, q))
		return;
	ifindex = if_nametoindex(dev);
	if (!ifindex) {
		/* Not there yet: the next call after it appears retries. */
		dev_drop(dev);
		report(dev, "QoS: no such device");
		return;
	}
	s = get_sock();
	err = s ? install(s, ifindex, dev, q, &what) : -NLE_NOMEM;
	if (err) {
		snprintf(msg, sizeof msg, "QoS: cannot set up %s: %s", what,
			 nl_geterror(err));
		LOG_WARN("%s: %s", dev, msg);
		report(dev, msg);
		/* Leave no half set-up behind; retried on the next call. */
		if (s)
			del_root(s, ifindex);
		dev_drop(dev);
		return;
	}
	LOG_INFO("%s: linux-htb QoS set up with %zu queue(s)", dev,
		 q->n_queues);
	report(dev, NULL);
	dev_record(dev, q);
}

void qos_port_forget(const char *dev)
{
	int ifindex, err;

	report(dev, NULL);
	if (!dev_find(dev))
		return;
	dev_drop(dev);
	ifindex = if_nametoindex(dev);
	if (!ifindex || !get_sock())
		return;
	err = del_root(sock, ifindex);
	if (err)
		LOG_WARN("%s: cannot remove QoS qdisc: %s", dev,
			 nl_geterror(err));
	else
		LOG_INFO("%s: QoS removed", dev);
}
