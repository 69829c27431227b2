/*
 * The dpif test suite, written once against lib/dpif.h and run on every
 * provider: tests/unit/test-dpif-userspace (natively) and
 * tests/dpif-suite-netlink (in the VM, on openvswitch.ko or
 * flowswitch.ko).  Keys and actions are built with nlbuf_* directly, as
 * the kernel takes them.
 */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <cmocka.h>

#include "dpif.h"
#include "dpif-provider.h"
#include "dpif-suite.h"

#define DP_NAME "dpst"
#define TEST_ETH_TYPE 0x88b5	/* local experimental: no stack reacts */

struct st {
	struct dpif *dp;
	uint32_t port[HARNESS_PORTS];
};

static const uint8_t mac1[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t mac2[6] = { 2, 0, 0, 0, 0, 2 };
static const uint8_t mac3[6] = { 2, 0, 0, 0, 0, 3 };

/* Helpers. */

static void make_packet(struct buf *b, const uint8_t *src, const uint8_t *dst,
			uint8_t fill)
{
	uint16_t type = htons(TEST_ETH_TYPE);

	buf_clear(b);
	buf_put(b, dst, 6);
	buf_put(b, src, 6);
	buf_put(b, &type, 2);
	memset(buf_put_uninit(b, 46), fill, 46);
}

static void make_key(struct buf *k, uint32_t in_port, const uint8_t *src,
		     const uint8_t *dst)
{
	struct ovs_key_ethernet eth;

	buf_clear(k);
	nlbuf_put_u32(k, OVS_KEY_ATTR_IN_PORT, in_port);
	memcpy(eth.eth_src, src, 6);
	memcpy(eth.eth_dst, dst, 6);
	nlbuf_put(k, OVS_KEY_ATTR_ETHERNET, &eth, sizeof eth);
	nlbuf_put_u16(k, OVS_KEY_ATTR_ETHERTYPE, htons(TEST_ETH_TYPE));
}

/* A mask matching in_port and eth_type exactly, any Ethernet address. */
static void make_port_mask(struct buf *m)
{
	struct ovs_key_ethernet eth;

	buf_clear(m);
	nlbuf_put_u32(m, OVS_KEY_ATTR_IN_PORT, 0xffffffff);
	memset(&eth, 0, sizeof eth);
	nlbuf_put(m, OVS_KEY_ATTR_ETHERNET, &eth, sizeof eth);
	nlbuf_put_u16(m, OVS_KEY_ATTR_ETHERTYPE, 0xffff);
}

static void act_output(struct buf *a, uint32_t port)
{
	nlbuf_put_u32(a, OVS_ACTION_ATTR_OUTPUT, port);
}

static const struct nlattr *find(const struct buf *b, uint16_t type)
{
	return dpif_attr_find(b->data, b->size, type);
}

static uint32_t find_u32(const struct buf *b, uint16_t type)
{
	const struct nlattr *nla = find(b, type);

	assert_non_null(nla);
	assert_int_equal(nla->nla_len, NLA_HDRLEN + 4);
	return *(const uint32_t *)((const uint8_t *)nla + NLA_HDRLEN);
}

static const void *find_data(const struct buf *b, uint16_t type, size_t len)
{
	const struct nlattr *nla = find(b, type);

	assert_non_null(nla);
	assert_int_equal(nla->nla_len, NLA_HDRLEN + len);
	return (const uint8_t *)nla + NLA_HDRLEN;
}

static int put_flow(struct dpif *dp, unsigned int flags, const struct buf *key,
		    const struct buf *mask, const struct buf *actions,
		    const struct dpif_ufid *ufid, struct dpif_flow_stats *stats)
{
	struct dpif_flow_put put = {
		.flags = flags, .key = key, .mask = mask,
		.actions = actions, .ufid = ufid, .stats = stats,
	};

	return dpif_flow_put(dp, &put);
}

static int count_flows(struct dpif *dp)
{
	struct dpif_flow_dump *d = dpif_flow_dump_start(dp);
	struct dpif_flow f;
	int n = 0, r;

	dpif_flow_init(&f);
	while ((r = dpif_flow_dump_next(d, &f)) > 0)
		n++;
	dpif_flow_uninit(&f);
	assert_int_equal(dpif_flow_dump_done(d), 0);
	assert_int_equal(r, 0);
	return n;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Waits for one upcall on any handler; returns the handler or -1. */
static int recv_upcall(struct dpif *dp, struct dpif_upcall *up, int timeout)
{
	long long deadline = now_ms() + timeout;
	unsigned int h;

	do {
		dpif_run(dp);
		for (h = 0; h < dpif_n_handlers(dp); h++)
			if (dpif_recv(dp, h, up, 1) == 1)
				return h;
		usleep(5000);
	} while (now_ms() < deadline);
	return -1;
}

/* Setup and teardown: a fresh datapath with both harness ports. */

static int setup(void **state)
{
	struct st *st = calloc(1, sizeof *st);
	struct dpif *old;
	int i;

	if (!dpif_open(DP_NAME, harness_dp_type, &old)) {
		dpif_delete(old);
		dpif_close(old);
	}
	if (dpif_create(DP_NAME, harness_dp_type, &st->dp))
		return -1;
	for (i = 0; i < HARNESS_PORTS; i++) {
		st->port[i] = DPIF_PORT_ANY;
		if (harness_port_add(st->dp, i, &st->port[i]))
			return -1;
	}
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	struct st *st = *state;

	dpif_delete(st->dp);
	dpif_close(st->dp);
	free(st);
	return 0;
}

/* Datapaths. */

static void test_dp_lifecycle(void **state)
{
	struct dpif *a, *b;
	struct dpif_port local;
	struct dpif_dp_stats s;
	char **names, **p;
	int n, found = 0;

	(void)state;
	assert_int_equal(dpif_open("dpst-x", harness_dp_type, &a), -ENODEV);
	assert_int_equal(dpif_create("dpst-x", harness_dp_type, &a), 0);
	assert_string_equal(dpif_name(a), "dpst-x");
	assert_int_equal(dpif_create("dpst-x", harness_dp_type, &b), -EEXIST);
	assert_int_equal(dpif_open("dpst-x", harness_dp_type, &b), 0);
	assert_string_equal(dpif_type(b), dpif_type(a));

	n = dpif_enumerate(harness_dp_type, &names);
	assert_true(n >= 1);
	for (p = names; *p; p++)
		found += !strcmp(*p, "dpst-x");
	assert_int_equal(found, 1);
	dpif_names_free(names);

	/* The local port: number 0, internal, the datapath's name. */
	assert_int_equal(dpif_port_get(a, 0, &local), 0);
	assert_string_equal(local.name, "dpst-x");
	assert_int_equal(local.type, OVS_VPORT_TYPE_INTERNAL);
	dpif_port_uninit(&local);

	assert_int_equal(dpif_get_stats(a, &s), 0);
	assert_int_equal(s.n_flows, 0);
	assert_int_equal(s.n_hit + s.n_missed + s.n_lost, 0);

	assert_int_equal(dpif_delete(b), 0);
	dpif_close(b);
	dpif_close(a);
	assert_int_equal(dpif_open("dpst-x", harness_dp_type, &a), -ENODEV);
	assert_int_equal(dpif_create("", harness_dp_type, &a), -EINVAL);
	assert_int_equal(dpif_create("a-name-that-is-too-long",
				     harness_dp_type, &a), -EINVAL);
	assert_int_equal(dpif_create("x", "nosuchtype", &a), -EAFNOSUPPORT);
}

/* A datapath deleted through one handle is gone for the others too. */
static void test_dp_deleted(void **state)
{
	struct st *st = *state;
	struct buf key = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct dpif_dp_stats s;
	struct dpif_port *ports;
	struct dpif *other;
	size_t n;

	assert_int_equal(dpif_open(DP_NAME, harness_dp_type, &other), 0);
	assert_int_equal(dpif_delete(other), 0);
	assert_int_equal(dpif_get_stats(st->dp, &s), -ENODEV);
	assert_int_equal(dpif_port_list(st->dp, &ports, &n), -ENODEV);
	make_key(&key, 1, mac1, mac2);
	assert_int_equal(put_flow(st->dp, DPIF_FP_CREATE, &key, NULL, &acts,
				  NULL, NULL), -ENODEV);
	dpif_close(other);
	assert_int_equal(dpif_open(DP_NAME, harness_dp_type, &other), -ENODEV);
	assert_int_equal(dpif_delete(st->dp), -ENODEV);
	buf_uninit(&key);
	buf_uninit(&acts);
}

static void test_dp_features(void **state)
{
	struct st *st = *state;
	uint32_t f = dpif_user_features(st->dp);

	/* We ask every datapath for these two, as ovs-vswitchd does. */
	assert_true(f & OVS_DP_F_UNALIGNED);
	assert_true(f & OVS_DP_F_VPORT_PIDS);
}

/* Ports. */

static void test_port_query(void **state)
{
	struct st *st = *state;
	struct dpif_port p, *ports;
	size_t n;

	assert_int_equal(dpif_port_get(st->dp, st->port[0], &p), 0);
	assert_string_equal(p.name, harness_port_name(0));
	assert_int_equal(p.type, OVS_VPORT_TYPE_NETDEV);
	assert_int_equal(p.port_no, st->port[0]);
	assert_int_equal(p.n_upcall_pids, 1);
	assert_int_equal(p.upcall_pids[0], 0);	/* no handlers yet */
	dpif_port_uninit(&p);

	assert_int_equal(dpif_port_get_by_name(st->dp, harness_port_name(1),
					       &p), 0);
	assert_int_equal(p.port_no, st->port[1]);
	dpif_port_uninit(&p);

	assert_int_equal(dpif_port_list(st->dp, &ports, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ports[0].port_no, 0);
	assert_true(ports[1].port_no < ports[2].port_no);
	dpif_port_list_free(ports, n);

	assert_int_equal(dpif_port_get(st->dp, 999, &p), -ENODEV);
	assert_int_equal(dpif_port_get_by_name(st->dp, "nosuchport", &p),
			 -ENODEV);
}

static void test_port_add_del(void **state)
{
	struct st *st = *state;
	struct dpif_port p, *ports;
	uint32_t no = DPIF_PORT_ANY;
	size_t n;

	/* A device that does not exist. */
	assert_int_equal(dpif_port_add(st->dp, "nosuchdev0",
				       OVS_VPORT_TYPE_NETDEV, &no), -ENODEV);
	/* The same device twice: refused, nothing changes. */
	no = DPIF_PORT_ANY;
	assert_int_equal(dpif_port_add(st->dp, harness_port_name(0),
				       OVS_VPORT_TYPE_NETDEV, &no), -EEXIST);
	no = st->port[0];
	assert_int_equal(dpif_port_add(st->dp, "nosuchdev0",
				       OVS_VPORT_TYPE_NETDEV, &no), -EBUSY);
	assert_int_equal(dpif_port_add(st->dp, "x", 99, &no), -EOPNOTSUPP);
	assert_int_equal(dpif_port_list(st->dp, &ports, &n), 0);
	assert_int_equal(n, 3);
	dpif_port_list_free(ports, n);

	assert_int_equal(dpif_port_del(st->dp, st->port[1]), 0);
	assert_int_equal(dpif_port_get(st->dp, st->port[1], &p), -ENODEV);
	assert_int_equal(dpif_port_del(st->dp, st->port[1]), -ENODEV);
	/* The local port goes only with the datapath. */
	assert_int_equal(dpif_port_del(st->dp, 0), -EINVAL);

	/* Re-add with a chosen number. */
	no = 7;
	assert_int_equal(harness_port_add(st->dp, 1, &no), 0);
	assert_int_equal(no, 7);
	assert_int_equal(dpif_port_get(st->dp, 7, &p), 0);
	assert_string_equal(p.name, harness_port_name(1));
	dpif_port_uninit(&p);
	st->port[1] = 7;
}

static void test_port_internal(void **state)
{
	struct st *st = *state;
	struct dpif_port p;
	uint32_t no = DPIF_PORT_ANY, no2;
	int err;

	if (!harness_internal_ports)
		skip();
	err = dpif_port_add(st->dp, "dpst-int", OVS_VPORT_TYPE_INTERNAL, &no);
	assert_int_equal(err, 0);
	assert_int_equal(dpif_port_get(st->dp, no, &p), 0);
	assert_int_equal(p.type, OVS_VPORT_TYPE_INTERNAL);
	assert_string_equal(p.name, "dpst-int");
	dpif_port_uninit(&p);
	/* Duplicate name: -EEXIST; number in use: -EBUSY. */
	assert_int_equal(dpif_port_add(st->dp, "dpst-int",
				       OVS_VPORT_TYPE_INTERNAL, &no), -EBUSY);
	no2 = DPIF_PORT_ANY;
	assert_int_equal(dpif_port_add(st->dp, "dpst-int",
				       OVS_VPORT_TYPE_INTERNAL, &no2), -EEXIST);
	assert_int_equal(dpif_port_del(st->dp, no), 0);
}

/* A packet socket on device NAME, which is brought up first. */
static int open_dev(const char *name)
{
	struct sockaddr_ll sll;
	struct ifreq ifr;
	int fd;

	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	assert_true(fd >= 0);
	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	assert_int_equal(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	assert_int_equal(ioctl(fd, SIOCSIFFLAGS, &ifr), 0);
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = if_nametoindex(name);
	assert_int_equal(bind(fd, (struct sockaddr *)&sll, sizeof sll), 0);
	return fd;
}

/* Waits for a frame of our test type arriving on FD. */
static int dev_capture(struct dpif *dp, int fd, struct buf *pkt, int timeout)
{
	long long deadline = now_ms() + timeout;
	struct sockaddr_ll from;
	socklen_t len;
	uint8_t b[2048];
	ssize_t n;

	do {
		dpif_run(dp);
		len = sizeof from;
		n = recvfrom(fd, b, sizeof b, MSG_DONTWAIT,
			     (struct sockaddr *)&from, &len);
		if (n >= 14 && from.sll_pkttype != PACKET_OUTGOING &&
		    b[12] == TEST_ETH_TYPE >> 8 &&
		    b[13] == (TEST_ETH_TYPE & 0xff)) {
			buf_clear(pkt);
			buf_put(pkt, b, n);
			return 0;
		}
		if (n < 0)
			usleep(2000);
	} while (now_ms() < deadline);
	return -EAGAIN;
}

/* Traffic through an internal port's device, both ways. */
static void test_port_internal_traffic(void **state)
{
	struct st *st = *state;
	struct buf pkt = BUF_INITIALIZER, got = BUF_INITIALIZER;
	struct buf key = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	uint32_t no = DPIF_PORT_ANY;
	struct dpif_upcall up;
	long long deadline;
	int fd, h;

	if (!harness_internal_ports)
		skip();
	assert_int_equal(dpif_port_add(st->dp, "dpst-int",
				       OVS_VPORT_TYPE_INTERNAL, &no), 0);
	fd = open_dev("dpst-int");
	assert_int_equal(dpif_handlers_set(st->dp, 1, false), 0);

	/* The host sends on the device: the datapath misses on it. */
	make_packet(&pkt, mac1, mac2, 0x99);
	assert_int_equal(send(fd, pkt.data, pkt.size, 0), (ssize_t)pkt.size);
	dpif_upcall_init(&up);
	deadline = now_ms() + 2000;
	do {
		h = recv_upcall(st->dp, &up, 200);
		/* Skip whatever else the host stack sends on a new link. */
		if (h >= 0 && up.packet.size == pkt.size &&
		    !memcmp(up.packet.data, pkt.data, pkt.size))
			break;
		h = -1;
	} while (now_ms() < deadline);
	assert_int_equal(h, 0);
	assert_int_equal(find_u32(&up.key, OVS_KEY_ATTR_IN_PORT), no);

	/* The datapath outputs to it: the host receives. */
	make_key(&key, st->port[0], mac1, mac2);
	act_output(&acts, no);
	make_packet(&pkt, mac1, mac2, 0x98);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	assert_int_equal(dev_capture(st->dp, fd, &got, 2000), 0);
	assert_int_equal(got.size, pkt.size);
	assert_memory_equal(got.data, pkt.data, pkt.size);
	close(fd);
	assert_int_equal(dpif_port_del(st->dp, no), 0);
	dpif_upcall_uninit(&up);
	buf_uninit(&pkt);
	buf_uninit(&got);
	buf_uninit(&key);
	buf_uninit(&acts);
}

static void test_port_upcall_pids(void **state)
{
	struct st *st = *state;
	uint32_t pids[3] = { 11, 22, 33 };
	struct dpif_port p;
	unsigned int i;
	int err;

	assert_int_equal(dpif_port_set_upcall_pids(st->dp, st->port[0],
						   pids, 1), 0);
	assert_int_equal(dpif_port_get(st->dp, st->port[0], &p), 0);
	assert_int_equal(p.n_upcall_pids, 1);
	assert_int_equal(p.upcall_pids[0], 11);
	dpif_port_uninit(&p);
	/* Arrays: a datapath keeps them or refuses them (openvswitch.ko). */
	err = dpif_port_set_upcall_pids(st->dp, st->port[0], pids, 3);
	assert_true(err == 0 || err == -EINVAL);
	assert_int_equal(dpif_port_get(st->dp, st->port[0], &p), 0);
	assert_int_equal(p.n_upcall_pids, err ? 1 : 3);
	assert_memory_equal(p.upcall_pids, pids, p.n_upcall_pids * 4);
	dpif_port_uninit(&p);
	assert_int_equal(dpif_port_set_upcall_pids(st->dp, 999, pids, 1),
			 -ENODEV);
	assert_int_equal(dpif_port_set_upcall_pids(st->dp, st->port[0],
						   pids, 0), -EINVAL);

	/* Handlers: each port gets one handler's PID, round-robin. */
	assert_int_equal(dpif_handlers_set(st->dp, 2, false), 0);
	assert_int_equal(dpif_n_handlers(st->dp), 2);
	assert_false(dpif_per_cpu_dispatch(st->dp));
	for (i = 0; i < 2; i++) {
		assert_int_not_equal(dpif_handler_pid(st->dp, i), 0);
		assert_true(dpif_handler_fd(st->dp, i) >= 0);
	}
	assert_int_not_equal(dpif_handler_pid(st->dp, 0),
			     dpif_handler_pid(st->dp, 1));
	for (i = 0; i < HARNESS_PORTS; i++) {
		assert_int_equal(dpif_port_get(st->dp, st->port[i], &p), 0);
		assert_int_equal(p.n_upcall_pids, 1);
		assert_true(p.upcall_pids[0] == dpif_handler_pid(st->dp, 0) ||
			    p.upcall_pids[0] == dpif_handler_pid(st->dp, 1));
		pids[i] = p.upcall_pids[0];
		dpif_port_uninit(&p);
	}
	assert_int_not_equal(pids[0], pids[1]);
	assert_int_equal(dpif_handlers_set(st->dp, 0, false), 0);
	assert_int_equal(dpif_port_get(st->dp, 0, &p), 0);
	assert_int_equal(p.n_upcall_pids, 1);
	assert_int_equal(p.upcall_pids[0], 0);
	dpif_port_uninit(&p);
}

static void test_port_notify(void **state)
{
	struct st *st = *state;
	struct dpif_port_change c;
	uint32_t no = st->port[1];
	long long deadline;
	int err, fd;

	fd = dpif_port_poll_fd(st->dp);
	assert_true(fd >= 0);
	while (!dpif_port_poll(st->dp, &c))
		dpif_port_uninit(&c.port);
	assert_int_equal(dpif_port_del(st->dp, no), 0);
	deadline = now_ms() + 2000;
	while ((err = dpif_port_poll(st->dp, &c)) == -EAGAIN &&
	       now_ms() < deadline)
		usleep(5000);
	assert_int_equal(err, 0);
	assert_int_equal(c.event, DPIF_PORT_DEL);
	assert_int_equal(c.port.port_no, no);
	assert_string_equal(c.port.name, harness_port_name(1));
	dpif_port_uninit(&c.port);

	no = DPIF_PORT_ANY;
	assert_int_equal(harness_port_add(st->dp, 1, &no), 0);
	st->port[1] = no;
	deadline = now_ms() + 2000;
	while ((err = dpif_port_poll(st->dp, &c)) == -EAGAIN &&
	       now_ms() < deadline)
		usleep(5000);
	assert_int_equal(err, 0);
	assert_int_equal(c.event, DPIF_PORT_NEW);
	assert_int_equal(c.port.port_no, no);
	dpif_port_uninit(&c.port);
	assert_int_equal(dpif_port_poll(st->dp, &c), -EAGAIN);
}

/* Flows. */

static void test_flow_put_get_del(void **state)
{
	struct st *st = *state;
	struct buf key = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct buf acts2 = BUF_INITIALIZER, key2 = BUF_INITIALIZER;
	struct ovs_key_ethernet eth;
	struct dpif_flow f;
	struct dpif_flow_stats s;

	make_key(&key, st->port[0], mac1, mac2);
	act_output(&acts, st->port[1]);
	assert_int_equal(put_flow(st->dp, DPIF_FP_CREATE, &key, NULL, &acts,
				  NULL, NULL), 0);
	assert_int_equal(put_flow(st->dp, DPIF_FP_CREATE, &key, NULL, &acts,
				  NULL, NULL), -EEXIST);
	assert_int_equal(count_flows(st->dp), 1);

	dpif_flow_init(&f);
	assert_int_equal(dpif_flow_get(st->dp, &key, NULL, &f), 0);
	assert_int_equal(find_u32(&f.key, OVS_KEY_ATTR_IN_PORT), st->port[0]);
	memcpy(&eth, find_data(&f.key, OVS_KEY_ATTR_ETHERNET, sizeof eth),
	       sizeof eth);
	assert_memory_equal(eth.eth_src, mac1, 6);
	assert_memory_equal(eth.eth_dst, mac2, 6);
	assert_int_equal(f.actions.size, acts.size);
	assert_memory_equal(f.actions.data, acts.data, acts.size);
	assert_int_equal(f.stats.n_packets, 0);

	/* Modify: new actions, stats returned. */
	act_output(&acts2, st->port[0]);
	act_output(&acts2, st->port[1]);
	assert_int_equal(put_flow(st->dp, DPIF_FP_MODIFY, &key, NULL, &acts2,
				  NULL, &s), 0);
	assert_int_equal(s.n_packets, 0);
	assert_int_equal(dpif_flow_get(st->dp, &key, NULL, &f), 0);
	assert_int_equal(f.actions.size, acts2.size);
	assert_memory_equal(f.actions.data, acts2.data, acts2.size);
	/* CREATE|MODIFY on an existing flow modifies it. */
	assert_int_equal(put_flow(st->dp, DPIF_FP_CREATE | DPIF_FP_MODIFY,
				  &key, NULL, &acts, NULL, NULL), 0);
	assert_int_equal(dpif_flow_get(st->dp, &key, NULL, &f), 0);
	assert_int_equal(f.actions.size, acts.size);

	/* MODIFY of a missing flow. */
	make_key(&key2, st->port[0], mac1, mac3);
	assert_int_equal(put_flow(st->dp, DPIF_FP_MODIFY, &key2, NULL, &acts,
				  NULL, NULL), -ENOENT);
	assert_int_equal(dpif_flow_get(st->dp, &key2, NULL, &f), -ENOENT);
	assert_int_equal(dpif_flow_del(st->dp, &key2, NULL, NULL), -ENOENT);

	assert_int_equal(dpif_flow_del(st->dp, &key, NULL, &s), 0);
	assert_int_equal(dpif_flow_del(st->dp, &key, NULL, NULL), -ENOENT);
	assert_int_equal(count_flows(st->dp), 0);
	dpif_flow_uninit(&f);
	buf_uninit(&key);
	buf_uninit(&key2);
	buf_uninit(&acts);
	buf_uninit(&acts2);
}

static void test_flow_ufid(void **state)
{
	struct st *st = *state;
	struct buf key = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct dpif_ufid ufid, other;
	struct dpif_flow f;

	memset(&ufid, 0xab, sizeof ufid);
	memset(&other, 0xcd, sizeof other);
	make_key(&key, st->port[0], mac1, mac2);
	act_output(&acts, st->port[1]);
	assert_int_equal(put_flow(st->dp, DPIF_FP_CREATE, &key, NULL, &acts,
				  &ufid, NULL), 0);
	dpif_flow_init(&f);
	assert_int_equal(dpif_flow_get(st->dp, NULL, &ufid, &f), 0);
	assert_true(f.has_ufid);
	assert_memory_equal(&f.ufid, &ufid, sizeof ufid);
	assert_int_equal(find_u32(&f.key, OVS_KEY_ATTR_IN_PORT), st->port[0]);
	assert_int_equal(dpif_flow_get(st->dp, NULL, &other, &f), -ENOENT);
	assert_int_equal(dpif_flow_del(st->dp, NULL, &other, NULL), -ENOENT);
	assert_int_equal(dpif_flow_del(st->dp, NULL, &ufid, NULL), 0);
	assert_int_equal(dpif_flow_get(st->dp, NULL, &ufid, &f), -ENOENT);
	assert_int_equal(count_flows(st->dp), 0);
	dpif_flow_uninit(&f);
	buf_uninit(&key);
	buf_uninit(&acts);
}

static void test_flow_dump_flush(void **state)
{
	struct st *st = *state;
	struct buf key = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct dpif_dp_stats s;
	uint8_t src[6] = { 2, 0, 0, 0, 1, 0 };
	int i;

	act_output(&acts, st->port[1]);
	/* Enough flows for a dump of several messages. */
	for (i = 0; i < 300; i++) {
		src[4] = i >> 8;
		src[5] = i;
		make_key(&key, st->port[0], src, mac2);
		assert_int_equal(put_flow(st->dp, DPIF_FP_CREATE, &key, NULL,
					  &acts, NULL, NULL), 0);
	}
	assert_int_equal(count_flows(st->dp), 300);
	assert_int_equal(dpif_get_stats(st->dp, &s), 0);
	assert_int_equal(s.n_flows, 300);
	assert_int_equal(dpif_flow_flush(st->dp), 0);
	assert_int_equal(count_flows(st->dp), 0);
	assert_int_equal(dpif_get_stats(st->dp, &s), 0);
	assert_int_equal(s.n_flows, 0);
	buf_uninit(&key);
	buf_uninit(&acts);
}

/* A masked flow forwards port 0 -> port 1 for any Ethernet address. */
static void test_flow_mask_stats(void **state)
{
	struct st *st = *state;
	struct buf key = BUF_INITIALIZER, mask = BUF_INITIALIZER;
	struct buf acts = BUF_INITIALIZER, pkt = BUF_INITIALIZER;
	struct buf got = BUF_INITIALIZER;
	struct dpif_dp_stats ds;
	struct dpif_flow f;
	struct dpif_flow_stats s;

	make_key(&key, st->port[0], mac1, mac2);
	make_port_mask(&mask);
	act_output(&acts, st->port[1]);
	assert_int_equal(put_flow(st->dp, DPIF_FP_CREATE, &key, &mask, &acts,
				  NULL, NULL), 0);

	make_packet(&pkt, mac3, mac1, 0x5a);	/* other addresses */
	assert_int_equal(harness_inject(st->dp, 0, pkt.data, pkt.size), 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	assert_int_equal(got.size, pkt.size);
	assert_memory_equal(got.data, pkt.data, pkt.size);
	make_packet(&pkt, mac1, mac3, 0x5b);
	assert_int_equal(harness_inject(st->dp, 0, pkt.data, pkt.size), 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	assert_memory_equal(got.data, pkt.data, pkt.size);

	dpif_flow_init(&f);
	assert_int_equal(dpif_flow_get(st->dp, &key, NULL, &f), 0);
	assert_int_equal(f.stats.n_packets, 2);
	assert_int_equal(f.stats.n_bytes, 2 * pkt.size);
	assert_true(f.stats.used > 0);
	assert_true(f.mask.size > 0);
	assert_int_equal(find_u32(&f.mask, OVS_KEY_ATTR_IN_PORT), 0xffffffff);
	dpif_flow_uninit(&f);

	assert_int_equal(dpif_get_stats(st->dp, &ds), 0);
	assert_int_equal(ds.n_hit, 2);
	assert_int_equal(ds.n_missed, 0);
	assert_int_equal(ds.n_masks, 1);

	/* Modify with ZERO_STATS returns the old stats and clears them. */
	assert_int_equal(put_flow(st->dp, DPIF_FP_MODIFY | DPIF_FP_ZERO_STATS,
				  &key, &mask, &acts, NULL, &s), 0);
	assert_int_equal(s.n_packets, 2);
	assert_int_equal(dpif_flow_del(st->dp, &key, NULL, &s), 0);
	assert_int_equal(s.n_packets, 0);
	buf_uninit(&key);
	buf_uninit(&mask);
	buf_uninit(&acts);
	buf_uninit(&pkt);
	buf_uninit(&got);
}

/* Execute. */

static void test_execute(void **state)
{
	struct st *st = *state;
	struct buf key = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct buf pkt = BUF_INITIALIZER, got = BUF_INITIALIZER;
	struct ovs_action_push_vlan vlan;
	struct ovs_key_ethernet eth[2];
	size_t nest;

	make_packet(&pkt, mac1, mac2, 0x11);
	make_key(&key, st->port[0], mac1, mac2);
	act_output(&acts, st->port[1]);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	assert_int_equal(got.size, pkt.size);
	assert_memory_equal(got.data, pkt.data, pkt.size);

	/* set_masked eth_dst, push_vlan 0x8100 vid 10 pcp 3, output. */
	buf_clear(&acts);
	memset(eth, 0, sizeof eth);
	memcpy(eth[0].eth_dst, mac3, 6);
	memset(eth[1].eth_dst, 0xff, 6);
	nest = nlbuf_nest_start(&acts, OVS_ACTION_ATTR_SET_MASKED);
	nlbuf_put(&acts, OVS_KEY_ATTR_ETHERNET, eth, sizeof eth);
	nlbuf_nest_end(&acts, nest);
	vlan.vlan_tpid = htons(0x8100);
	vlan.vlan_tci = htons(0x1000 | (3 << 13) | 10);
	nlbuf_put(&acts, OVS_ACTION_ATTR_PUSH_VLAN, &vlan, sizeof vlan);
	act_output(&acts, st->port[1]);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	assert_int_equal(got.size, pkt.size + 4);
	assert_memory_equal(got.data, mac3, 6);
	assert_memory_equal(got.data + 6, mac1, 6);
	assert_int_equal(got.data[12], 0x81);
	assert_int_equal(got.data[13], 0x00);
	assert_int_equal((got.data[14] << 8) | got.data[15], (3 << 13) | 10);
	assert_memory_equal(got.data + 16, pkt.data + 12, pkt.size - 12);

	/* No actions: dropped, nothing comes out. */
	buf_clear(&acts);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 200), -EAGAIN);
	buf_uninit(&key);
	buf_uninit(&acts);
	buf_uninit(&pkt);
	buf_uninit(&got);
}

/* Actions on IP packets: both datapaths must edit packets alike. */

static uint16_t csum(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (p[i] << 8) | p[i + 1];
	if (n & 1)
		s += p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

/* The L4 checksum over the pseudo-header; 0 when it verifies. */
static uint16_t l4_verify(const uint8_t *ip, const uint8_t *l4, size_t n)
{
	uint32_t s = 0;
	int i;

	for (i = 12; i < 20; i += 2)
		s += (ip[i] << 8) | ip[i + 1];
	s += ip[9] + n;
	return csum(l4, n, s);
}

/* An Ethernet/IPv4/(UDP or TCP) frame with correct checksums. */
static void make_ip_packet(struct buf *b, uint8_t proto)
{
	static const uint8_t ip_hdr[20] = {
		0x45, 0, 0, 0, 0x12, 0x34, 0x40, 0, 64, 0, 0, 0,
		10, 0, 0, 1, 10, 0, 0, 2,
	};
	size_t l4_len = proto == IPPROTO_UDP ? 8 + 16 : 20 + 16;
	uint8_t *ip, *l4;
	uint16_t c;
	size_t i;

	buf_clear(b);
	buf_put(b, mac2, 6);
	buf_put(b, mac1, 6);
	buf_put(b, "\x08\x00", 2);
	ip = buf_put(b, ip_hdr, 20);
	ip[9] = proto;
	ip[2] = (20 + l4_len) >> 8;
	ip[3] = 20 + l4_len;
	l4 = buf_put_zeros(b, l4_len);
	ip = b->data + 14;
	l4[0] = 0x13;		/* source port 5000 */
	l4[1] = 0x88;
	l4[2] = 0x00;		/* destination port 53 */
	l4[3] = 53;
	if (proto == IPPROTO_UDP) {
		l4[4] = l4_len >> 8;
		l4[5] = l4_len;
	} else {
		l4[12] = 5 << 4;	/* data offset */
		l4[13] = 0x18;		/* PSH ACK */
		l4[14] = 0x10;		/* window */
	}
	for (i = l4_len - 16; i < l4_len; i++)
		l4[i] = i * 7;
	c = csum(ip, 20, 0);
	ip[10] = c >> 8;
	ip[11] = c;
	c = l4_verify(ip, l4, l4_len);
	l4[proto == IPPROTO_UDP ? 6 : 16] = c >> 8;
	l4[proto == IPPROTO_UDP ? 7 : 17] = c;
}

static void make_ip_key(struct buf *k, uint32_t in_port)
{
	buf_clear(k);
	nlbuf_put_u32(k, OVS_KEY_ATTR_IN_PORT, in_port);
}

static void check_ip_packet(const struct buf *got, uint8_t proto)
{
	const uint8_t *ip = got->data + 14;

	assert_true(got->size > 14 + 20);
	assert_int_equal(csum(ip, 20, 0), 0);
	assert_int_equal(l4_verify(ip, ip + 20, got->size - 34), 0);
	assert_int_equal(ip[9], proto);
}

static void test_execute_set_ip(void **state)
{
	struct st *st = *state;
	struct buf key = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct buf pkt = BUF_INITIALIZER, got = BUF_INITIALIZER;
	struct ovs_key_ipv4 ip[2];
	struct ovs_key_udp udp[2];
	struct ovs_key_tcp tcp;
	const uint8_t *h;
	size_t nest;

	/* set_masked: IPv4 source, TTL; UDP destination port. */
	make_ip_packet(&pkt, IPPROTO_UDP);
	make_ip_key(&key, st->port[0]);
	memset(ip, 0, sizeof ip);
	ip[0].ipv4_src = htonl(0xc0a80109);	/* 192.168.1.9 */
	ip[1].ipv4_src = htonl(0xffffffff);
	ip[0].ipv4_ttl = 7;
	ip[1].ipv4_ttl = 0xff;
	nest = nlbuf_nest_start(&acts, OVS_ACTION_ATTR_SET_MASKED);
	nlbuf_put(&acts, OVS_KEY_ATTR_IPV4, ip, sizeof ip);
	nlbuf_nest_end(&acts, nest);
	memset(udp, 0, sizeof udp);
	udp[0].udp_dst = htons(5353);
	udp[1].udp_dst = htons(0xffff);
	nest = nlbuf_nest_start(&acts, OVS_ACTION_ATTR_SET_MASKED);
	nlbuf_put(&acts, OVS_KEY_ATTR_UDP, udp, sizeof udp);
	nlbuf_nest_end(&acts, nest);
	act_output(&acts, st->port[1]);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	assert_int_equal(got.size, pkt.size);
	check_ip_packet(&got, IPPROTO_UDP);
	h = got.data + 14;
	assert_memory_equal(h + 12, "\xc0\xa8\x01\x09", 4);
	assert_memory_equal(h + 16, "\x0a\x00\x00\x02", 4);	/* kept */
	assert_int_equal(h[8], 7);
	assert_int_equal((h[22] << 8) | h[23], 5353);
	assert_int_equal((h[20] << 8) | h[21], 5000);		/* kept */

	/* Plain set of the TCP ports. */
	make_ip_packet(&pkt, IPPROTO_TCP);
	buf_clear(&acts);
	tcp.tcp_src = htons(1234);
	tcp.tcp_dst = htons(80);
	nest = nlbuf_nest_start(&acts, OVS_ACTION_ATTR_SET);
	nlbuf_put(&acts, OVS_KEY_ATTR_TCP, &tcp, sizeof tcp);
	nlbuf_nest_end(&acts, nest);
	act_output(&acts, st->port[1]);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	check_ip_packet(&got, IPPROTO_TCP);
	h = got.data + 14;
	assert_int_equal((h[20] << 8) | h[21], 1234);
	assert_int_equal((h[22] << 8) | h[23], 80);
	buf_uninit(&key);
	buf_uninit(&acts);
	buf_uninit(&pkt);
	buf_uninit(&got);
}

/* trunc, pop_vlan, clone, sample. */
static void test_execute_misc(void **state)
{
	struct st *st = *state;
	struct buf key = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct buf pkt = BUF_INITIALIZER, got = BUF_INITIALIZER;
	struct buf tagged = BUF_INITIALIZER;
	struct ovs_action_trunc trunc = { .max_len = 20 };
	struct ovs_action_push_vlan vlan;
	size_t nest, inner;

	make_packet(&pkt, mac1, mac2, 0x66);
	make_key(&key, st->port[0], mac1, mac2);

	/* trunc applies to the next output only. */
	nlbuf_put(&acts, OVS_ACTION_ATTR_TRUNC, &trunc, sizeof trunc);
	act_output(&acts, st->port[1]);
	act_output(&acts, st->port[1]);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	assert_int_equal(got.size, 20);
	assert_memory_equal(got.data, pkt.data, 20);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	assert_int_equal(got.size, pkt.size);

	/* clone(push_vlan, output) leaves the original untouched. */
	buf_clear(&acts);
	nest = nlbuf_nest_start(&acts, OVS_ACTION_ATTR_CLONE);
	vlan.vlan_tpid = htons(0x8100);
	vlan.vlan_tci = htons(0x1000 | 5);
	nlbuf_put(&acts, OVS_ACTION_ATTR_PUSH_VLAN, &vlan, sizeof vlan);
	act_output(&acts, st->port[1]);
	nlbuf_nest_end(&acts, nest);
	act_output(&acts, st->port[1]);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	assert_int_equal(got.size, pkt.size + 4);
	buf_copy(&tagged, &got);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	assert_int_equal(got.size, pkt.size);
	assert_memory_equal(got.data, pkt.data, pkt.size);

	/* pop_vlan undoes it. */
	buf_clear(&acts);
	nlbuf_put_flag(&acts, OVS_ACTION_ATTR_POP_VLAN);
	act_output(&acts, st->port[1]);
	assert_int_equal(dpif_execute(st->dp, tagged.data, tagged.size, &key,
				      &acts), 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	assert_int_equal(got.size, pkt.size);
	assert_memory_equal(got.data, pkt.data, pkt.size);

	/* sample: always, then never. */
	buf_clear(&acts);
	nest = nlbuf_nest_start(&acts, OVS_ACTION_ATTR_SAMPLE);
	nlbuf_put_u32(&acts, OVS_SAMPLE_ATTR_PROBABILITY, UINT32_MAX);
	inner = nlbuf_nest_start(&acts, OVS_SAMPLE_ATTR_ACTIONS);
	act_output(&acts, st->port[1]);
	nlbuf_nest_end(&acts, inner);
	nlbuf_nest_end(&acts, nest);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	assert_memory_equal(got.data, pkt.data, pkt.size);
	buf_clear(&acts);
	nest = nlbuf_nest_start(&acts, OVS_ACTION_ATTR_SAMPLE);
	nlbuf_put_u32(&acts, OVS_SAMPLE_ATTR_PROBABILITY, 0);
	inner = nlbuf_nest_start(&acts, OVS_SAMPLE_ATTR_ACTIONS);
	act_output(&acts, st->port[1]);
	nlbuf_nest_end(&acts, inner);
	nlbuf_nest_end(&acts, nest);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 200), -EAGAIN);
	buf_uninit(&key);
	buf_uninit(&acts);
	buf_uninit(&pkt);
	buf_uninit(&got);
	buf_uninit(&tagged);
}

/* recirc: a second lookup with the new recirc_id. */
static void test_execute_recirc(void **state)
{
	struct st *st = *state;
	struct buf key = BUF_INITIALIZER, mask = BUF_INITIALIZER;
	struct buf acts = BUF_INITIALIZER, pkt = BUF_INITIALIZER;
	struct buf got = BUF_INITIALIZER;
	struct dpif_flow f;

	make_key(&key, st->port[0], mac1, mac2);
	nlbuf_put_u32(&key, OVS_KEY_ATTR_RECIRC_ID, 5);
	make_port_mask(&mask);
	nlbuf_put_u32(&mask, OVS_KEY_ATTR_RECIRC_ID, 0xffffffff);
	act_output(&acts, st->port[1]);
	assert_int_equal(put_flow(st->dp, DPIF_FP_CREATE, &key, &mask, &acts,
				  NULL, NULL), 0);

	make_packet(&pkt, mac1, mac2, 0x77);
	make_key(&key, st->port[0], mac1, mac2);
	buf_clear(&acts);
	nlbuf_put_u32(&acts, OVS_ACTION_ATTR_RECIRC, 5);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	assert_int_equal(harness_capture(st->dp, 1, &got, 2000), 0);
	assert_memory_equal(got.data, pkt.data, pkt.size);

	nlbuf_put_u32(&key, OVS_KEY_ATTR_RECIRC_ID, 5);
	dpif_flow_init(&f);
	assert_int_equal(dpif_flow_get(st->dp, &key, NULL, &f), 0);
	assert_int_equal(f.stats.n_packets, 1);
	dpif_flow_uninit(&f);
	buf_uninit(&key);
	buf_uninit(&mask);
	buf_uninit(&acts);
	buf_uninit(&pkt);
	buf_uninit(&got);
}

/* Upcalls. */

static void test_upcall_miss(void **state)
{
	struct st *st = *state;
	struct buf pkt = BUF_INITIALIZER;
	struct ovs_key_ethernet eth;
	struct dpif_upcall up;
	struct dpif_dp_stats s;

	/* Without handlers a miss is lost. */
	make_packet(&pkt, mac1, mac2, 0x22);
	assert_int_equal(harness_inject(st->dp, 0, pkt.data, pkt.size), 0);
	dpif_upcall_init(&up);
	assert_int_equal(recv_upcall(st->dp, &up, 300), -1);
	assert_int_equal(dpif_get_stats(st->dp, &s), 0);
	assert_int_equal(s.n_lost, 1);

	assert_int_equal(dpif_handlers_set(st->dp, 2, false), 0);
	assert_int_equal(harness_inject(st->dp, 0, pkt.data, pkt.size), 0);
	assert_true(recv_upcall(st->dp, &up, 2000) >= 0);
	assert_int_equal(up.type, DPIF_UC_MISS);
	assert_int_equal(up.packet.size, pkt.size);
	assert_memory_equal(up.packet.data, pkt.data, pkt.size);
	assert_int_equal(find_u32(&up.key, OVS_KEY_ATTR_IN_PORT), st->port[0]);
	memcpy(&eth, find_data(&up.key, OVS_KEY_ATTR_ETHERNET, sizeof eth),
	       sizeof eth);
	assert_memory_equal(eth.eth_src, mac1, 6);
	assert_false(up.has_userdata);
	assert_int_equal(dpif_get_stats(st->dp, &s), 0);
	assert_int_equal(s.n_missed, 2);
	/* Nothing else queued. */
	assert_int_equal(recv_upcall(st->dp, &up, 100), -1);
	dpif_upcall_uninit(&up);
	buf_uninit(&pkt);
}

static void test_upcall_batch(void **state)
{
	struct st *st = *state;
	struct buf pkt = BUF_INITIALIZER;
	struct dpif_upcall ups[8];
	long long deadline;
	int i, n = 0, r;

	for (i = 0; i < 8; i++)
		dpif_upcall_init(&ups[i]);
	assert_int_equal(dpif_handlers_set(st->dp, 1, false), 0);
	for (i = 0; i < 5; i++) {
		make_packet(&pkt, mac1, mac2, i);
		assert_int_equal(harness_inject(st->dp, 0, pkt.data, pkt.size),
				 0);
	}
	deadline = now_ms() + 2000;
	while (n < 5 && now_ms() < deadline) {
		dpif_run(st->dp);
		r = dpif_recv(st->dp, 0, ups, 8);
		if (r > 0) {
			for (i = 0; i < r; i++)
				assert_int_equal(ups[i].packet.data[20],
						 n + i);
			n += r;
		} else {
			assert_int_equal(r, -EAGAIN);
			usleep(5000);
		}
	}
	assert_int_equal(n, 5);
	assert_int_equal(dpif_recv(st->dp, 0, ups, 8), -EAGAIN);
	for (i = 0; i < 8; i++)
		dpif_upcall_uninit(&ups[i]);
	buf_uninit(&pkt);
}

/* Handler threads receive concurrently while packets keep coming. */
struct reader {
	struct dpif *dp;
	unsigned int handler;
	int got;
	uint32_t in_port[64];	/* of each upcall (first 64) */
	volatile int stop;
};

static void *reader_main(void *r_)
{
	struct reader *r = r_;
	struct dpif_upcall ups[4];
	int i, n;

	for (i = 0; i < 4; i++)
		dpif_upcall_init(&ups[i]);
	while (!r->stop) {
		n = dpif_recv(r->dp, r->handler, ups, 4);
		if (n <= 0) {
			usleep(1000);
			continue;
		}
		/* No cmocka asserts off the main thread. */
		for (i = 0; i < n; i++, r->got++) {
			const struct nlattr *nla = find(&ups[i].key,
							OVS_KEY_ATTR_IN_PORT);

			if (r->got < 64 && nla && nla->nla_len == NLA_HDRLEN + 4)
				memcpy(&r->in_port[r->got],
				       (const uint8_t *)nla + NLA_HDRLEN, 4);
		}
	}
	for (i = 0; i < 4; i++)
		dpif_upcall_uninit(&ups[i]);
	return NULL;
}

static void test_upcall_threads(void **state)
{
	struct st *st = *state;
	struct buf pkt = BUF_INITIALIZER;
	struct reader r[2];
	pthread_t t[2];
	struct dpif_port p;
	long long deadline;
	int i, j, sent = 20;

	assert_int_equal(dpif_handlers_set(st->dp, 2, false), 0);
	memset(r, 0, sizeof r);
	for (i = 0; i < 2; i++) {
		r[i].dp = st->dp;
		r[i].handler = i;
		assert_int_equal(pthread_create(&t[i], NULL, reader_main,
						&r[i]), 0);
	}
	for (i = 0; i < sent; i++) {
		make_packet(&pkt, mac1, mac2, i);
		for (j = 0; j < HARNESS_PORTS; j++)
			assert_int_equal(harness_inject(st->dp, j, pkt.data,
							pkt.size), 0);
		dpif_run(st->dp);
	}
	deadline = now_ms() + 3000;
	while (r[0].got + r[1].got < 2 * sent && now_ms() < deadline) {
		dpif_run(st->dp);
		usleep(2000);
	}
	for (i = 0; i < 2; i++) {
		r[i].stop = 1;
		pthread_join(t[i], NULL);
	}
	/* Each port's misses went to the one handler its PID names. */
	for (j = 0; j < HARNESS_PORTS; j++) {
		assert_int_equal(dpif_port_get(st->dp, st->port[j], &p), 0);
		i = p.upcall_pids[0] == dpif_handler_pid(st->dp, 0) ? 0 : 1;
		assert_int_equal(p.upcall_pids[0], dpif_handler_pid(st->dp, i));
		dpif_port_uninit(&p);
		assert_int_equal(r[i].got, sent);
		assert_int_equal(r[i].in_port[0], st->port[j]);
		assert_int_equal(r[i].in_port[sent - 1], st->port[j]);
	}
	buf_uninit(&pkt);
}

static void test_upcall_action(void **state)
{
	struct st *st = *state;
	struct buf key = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct buf pkt = BUF_INITIALIZER;
	struct dpif_upcall up;
	const char cookie[8] = "cookie!";
	size_t nest;

	assert_int_equal(dpif_handlers_set(st->dp, 1, false), 0);
	make_packet(&pkt, mac1, mac2, 0x33);
	make_key(&key, st->port[0], mac1, mac2);
	nest = nlbuf_nest_start(&acts, OVS_ACTION_ATTR_USERSPACE);
	nlbuf_put_u32(&acts, OVS_USERSPACE_ATTR_PID,
		      dpif_handler_pid(st->dp, 0));
	nlbuf_put(&acts, OVS_USERSPACE_ATTR_USERDATA, cookie, sizeof cookie);
	nlbuf_nest_end(&acts, nest);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	dpif_upcall_init(&up);
	assert_int_equal(recv_upcall(st->dp, &up, 2000), 0);
	assert_int_equal(up.type, DPIF_UC_ACTION);
	assert_true(up.has_userdata);
	assert_int_equal(up.userdata.size, sizeof cookie);
	assert_memory_equal(up.userdata.data, cookie, sizeof cookie);
	assert_memory_equal(up.packet.data, pkt.data, pkt.size);
	assert_int_equal(find_u32(&up.key, OVS_KEY_ATTR_IN_PORT), st->port[0]);

	/* A full-sized frame comes up whole. */
	memset(buf_put_uninit(&pkt, 1514 - pkt.size), 0xee, 1514 - pkt.size);
	assert_int_equal(dpif_execute(st->dp, pkt.data, pkt.size, &key, &acts),
			 0);
	assert_int_equal(recv_upcall(st->dp, &up, 2000), 0);
	assert_int_equal(up.packet.size, 1514);
	assert_memory_equal(up.packet.data, pkt.data, pkt.size);
	dpif_upcall_uninit(&up);
	buf_uninit(&key);
	buf_uninit(&acts);
	buf_uninit(&pkt);
}

static void test_upcall_per_cpu(void **state)
{
	struct st *st = *state;
	struct buf pkt = BUF_INITIALIZER;
	struct dpif_upcall up;
	struct dpif_port p;

	assert_int_equal(dpif_handlers_set(st->dp, 2, true), 0);
	if (!dpif_per_cpu_dispatch(st->dp)) {
		/* Not offered: per-port dispatch as before. */
		assert_int_equal(dpif_port_get(st->dp, st->port[0], &p), 0);
		assert_int_equal(p.n_upcall_pids, 2);
		dpif_port_uninit(&p);
		skip();
	}
	assert_true(dpif_user_features(st->dp) &
		    OVS_DP_F_DISPATCH_UPCALL_PER_CPU);
	make_packet(&pkt, mac1, mac2, 0x44);
	assert_int_equal(harness_inject(st->dp, 0, pkt.data, pkt.size), 0);
	dpif_upcall_init(&up);
	assert_true(recv_upcall(st->dp, &up, 2000) >= 0);
	assert_int_equal(up.type, DPIF_UC_MISS);
	assert_memory_equal(up.packet.data, pkt.data, pkt.size);
	/* Back to per-port dispatch. */
	assert_int_equal(dpif_handlers_set(st->dp, 1, false), 0);
	assert_false(dpif_per_cpu_dispatch(st->dp));
	assert_false(dpif_user_features(st->dp) &
		     OVS_DP_F_DISPATCH_UPCALL_PER_CPU);
	assert_int_equal(harness_inject(st->dp, 0, pkt.data, pkt.size), 0);
	assert_int_equal(recv_upcall(st->dp, &up, 2000), 0);
	dpif_upcall_uninit(&up);
	buf_uninit(&pkt);
}

/* Bad input: a clear error, and nothing changes. */
static void test_errors(void **state)
{
	struct st *st = *state;
	struct buf key = BUF_INITIALIZER, bad = BUF_INITIALIZER;
	struct buf acts = BUF_INITIALIZER;
	uint8_t small[10] = { 0 };
	struct nlattr *nla;

	make_key(&key, st->port[0], mac1, mac2);
	/* Attribute longer than the stream. */
	buf_copy(&bad, &key);
	nla = (struct nlattr *)bad.data;
	nla->nla_len = 200;
	assert_int_equal(put_flow(st->dp, DPIF_FP_CREATE, &bad, NULL, &acts,
				  NULL, NULL), -EINVAL);
	/* A 1-byte eth_type. */
	buf_clear(&bad);
	nlbuf_put_u32(&bad, OVS_KEY_ATTR_IN_PORT, st->port[0]);
	nlbuf_put_u8(&bad, OVS_KEY_ATTR_ETHERTYPE, 8);
	assert_int_equal(put_flow(st->dp, DPIF_FP_CREATE, &bad, NULL, &acts,
				  NULL, NULL), -EINVAL);
	/* An unknown action. */
	nlbuf_put_u32(&acts, 200, 1);
	assert_int_equal(put_flow(st->dp, DPIF_FP_CREATE, &key, NULL, &acts,
				  NULL, NULL), -EINVAL);
	/* No flags, no key. */
	buf_clear(&acts);
	assert_int_equal(put_flow(st->dp, 0, &key, NULL, &acts, NULL, NULL),
			 -EINVAL);
	assert_int_equal(put_flow(st->dp, DPIF_FP_CREATE, NULL, NULL, &acts,
				  NULL, NULL), -EINVAL);
	assert_int_equal(count_flows(st->dp), 0);

	assert_int_equal(dpif_execute(st->dp, small, sizeof small, &key,
				      &acts), -EINVAL);
	assert_int_equal(dpif_flow_del(st->dp, NULL, NULL, NULL), -EINVAL);
	assert_int_equal(dpif_handlers_set(st->dp, 100000, false), -EINVAL);
	buf_uninit(&key);
	buf_uninit(&bad);
	buf_uninit(&acts);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int dpif_suite_run(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dp_lifecycle),
		T(test_dp_features),
		T(test_dp_deleted),
		T(test_port_query),
		T(test_port_add_del),
		T(test_port_internal),
		T(test_port_internal_traffic),
		T(test_port_upcall_pids),
		T(test_port_notify),
		T(test_flow_put_get_del),
		T(test_flow_ufid),
		T(test_flow_dump_flush),
		T(test_flow_mask_stats),
		T(test_execute),
		T(test_execute_set_ip),
		T(test_execute_misc),
		T(test_execute_recirc),
		T(test_upcall_miss),
		T(test_upcall_batch),
		T(test_upcall_threads),
		T(test_upcall_action),
		T(test_upcall_per_cpu),
		T(test_errors),
	};
	int r;

	if (harness_init())
		return 1;
	r = cmocka_run_group_tests(tests, NULL, NULL);
	harness_fini();
	return r;
}
