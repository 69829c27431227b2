/*
 * Harness for the dpif suite on a kernel datapath (run as root in the
 * VM): each harness port is one end of a veth pair ("dpsN"), and the
 * suite sends and captures through the other end ("dpsN-p") with an
 * AF_PACKET socket.  VLAN tags the kernel keeps out of band are put
 * back inline so captures compare byte for byte.
 */
#include <config.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#include "dpif.h"
#include "dpif-suite.h"

/* DPIF_SUITE_TYPE=userspace runs the suite on the userspace datapath
 * with AF_PACKET ports on the veths (tests/system/44). */
const char *harness_dp_type = "system";
int harness_internal_ports = 1;

static int peer_fd[HARNESS_PORTS] = { -1, -1 };
static char names[HARNESS_PORTS][IFNAMSIZ];

const char *harness_port_name(int idx)
{
	return names[idx];
}

static int sh(const char *fmt, const char *a, const char *b)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, fmt, a, b);
	return system(cmd);
}

static int open_peer(const char *peer)
{
	struct sockaddr_ll sll;
	int fd, one = 1;

	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (fd < 0)
		return -1;
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = if_nametoindex(peer);
	setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one);
	if (!sll.sll_ifindex || bind(fd, (struct sockaddr *)&sll, sizeof sll)) {
		close(fd);
		return -1;
	}
	return fd;
}

int harness_init(void)
{
	char peer[IFNAMSIZ + 4];
	int i;

	if (getenv("DPIF_SUITE_TYPE"))
		harness_dp_type = getenv("DPIF_SUITE_TYPE");
	for (i = 0; i < HARNESS_PORTS; i++) {
		snprintf(names[i], sizeof names[i], "dps%d", i);
		snprintf(peer, sizeof peer, "dps%d-p", i);
		sh("ip link del %s 2>/dev/null", names[i], "");
		if (sh("ip link add name %s type veth peer name %s",
		       names[i], peer))
			return -1;
		sh("sysctl -qw net.ipv6.conf.%s.disable_ipv6=1 "
		   "net.ipv6.conf.%s.disable_ipv6=1 >/dev/null", names[i], peer);
		sh("ip link set %s up && ip link set %s up", names[i], peer);
		peer_fd[i] = open_peer(peer);
		if (peer_fd[i] < 0)
			return -1;
	}
	return 0;
}

void harness_fini(void)
{
	int i;

	for (i = 0; i < HARNESS_PORTS; i++) {
		close(peer_fd[i]);
		sh("ip link del %s%s 2>/dev/null", names[i], "");
	}
}

static void drain(int fd)
{
	char b[2048];

	while (recv(fd, b, sizeof b, MSG_DONTWAIT) > 0)
		continue;
}

int harness_port_add(struct dpif *dp, int idx, uint32_t *port_no)
{
	drain(peer_fd[idx]);
	return dpif_port_add(dp, names[idx], OVS_VPORT_TYPE_NETDEV, port_no);
}

int harness_inject(struct dpif *dp, int idx, const void *pkt, size_t len)
{
	(void)dp;
	return send(peer_fd[idx], pkt, len, 0) == (ssize_t)len ? 0 : -errno;
}

/* Reads one frame, reinserting an out-of-band VLAN tag. */
static int read_frame(int fd, struct buf *pkt)
{
	uint8_t data[65536 + 4];
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} ctl;
	struct iovec iov = { data, sizeof data - 4 };
	struct sockaddr_ll from;
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof from,
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = &ctl, .msg_controllen = sizeof ctl,
	};
	struct cmsghdr *c;
	ssize_t n;

	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	if (from.sll_pkttype == PACKET_OUTGOING)
		return -EAGAIN;	/* our own injection */
	buf_clear(pkt);
	buf_put(pkt, data, n);
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		struct tpacket_auxdata *aux = (void *)CMSG_DATA(c);
		uint16_t tag[2];

		if (c->cmsg_level != SOL_PACKET ||
		    c->cmsg_type != PACKET_AUXDATA ||
		    !(aux->tp_status & TP_STATUS_VLAN_VALID) || n < 12)
			continue;
		tag[0] = htons(aux->tp_status & TP_STATUS_VLAN_TPID_VALID ?
			       aux->tp_vlan_tpid : 0x8100);
		tag[1] = htons(aux->tp_vlan_tci);
		buf_clear(pkt);
		buf_put(pkt, data, 12);
		buf_put(pkt, tag, 4);
		buf_put(pkt, data + 12, n - 12);
	}
	return 0;
}

int harness_capture(struct dpif *dp, int idx, struct buf *pkt, int timeout_ms)
{
	struct pollfd pfd = { .fd = peer_fd[idx], .events = POLLIN };
	int waited;

	/* A userspace datapath forwards only inside dpif_run(). */
	for (waited = 0; waited <= timeout_ms; waited += 5) {
		dpif_run(dp);
		if (poll(&pfd, 1, 5) > 0 && !read_frame(peer_fd[idx], pkt))
			return 0;
	}
	return -EAGAIN;
}

/* --probe: whether the loaded datapath installs flows at all (for a
 * system test to skip, with the reason, on a module still without). */
static int probe(void)
{
	struct buf key = BUF_INITIALIZER;
	struct dpif_flow_put put = { .flags = DPIF_FP_CREATE, .key = &key };
	struct ovs_key_ethernet eth = { { 2, 0, 0, 0, 0, 1 },
					{ 2, 0, 0, 0, 0, 2 } };
	struct dpif *dp;
	int err;

	err = dpif_create("dpst-probe", "system", &dp);
	if (err) {
		printf("probe: creating a datapath: %s\n", strerror(-err));
		return 1;
	}
	nlbuf_put_u32(&key, OVS_KEY_ATTR_IN_PORT, 0);
	nlbuf_put(&key, OVS_KEY_ATTR_ETHERNET, &eth, sizeof eth);
	nlbuf_put_u16(&key, OVS_KEY_ATTR_ETHERTYPE, htons(0x88b5));
	err = dpif_flow_put(dp, &put);
	printf("probe: flow put: %s\n", err ? strerror(-err) : "ok");
	dpif_delete(dp);
	dpif_close(dp);
	buf_uninit(&key);
	return err ? 1 : 0;
}

int main(int argc, char *argv[])
{
	if (argc > 1 && !strcmp(argv[1], "--probe"))
		return probe();
	return dpif_suite_run();
}
