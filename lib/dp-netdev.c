/* Network devices for the userspace datapath; see dp-netdev.h. */
#include <config.h>
#include "dp-netdev.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define MAX_FRAME 65536

int dp_tap_open(const char *name)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int dp_raw_open(const char *name)
{
	struct sockaddr_ll sll;
	int fd, one = 1, ifindex = if_nametoindex(name);

	if (!ifindex)
		return -ENODEV;
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    htons(ETH_P_ALL));
	if (fd < 0)
		return -errno;
	/* VLAN tags that the device kept out of band come as auxdata. */
	setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one);
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int dp_tap_recv(int fd, struct buf *pkt)
{
	ssize_t n;

	buf_clear(pkt);
	buf_reserve(pkt, MAX_FRAME);
	n = read(fd, pkt->data, MAX_FRAME);
	if (n < 0)
		return -errno;
	pkt->size = n;
	return 0;
}

int dp_raw_recv(int fd, struct buf *pkt)
{
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} ctl;
	struct sockaddr_ll from;
	struct iovec iov;
	struct msghdr msg;
	struct cmsghdr *c;
	ssize_t n;

	buf_clear(pkt);
	buf_reserve(pkt, MAX_FRAME + 4);
	/* Leave room in front for a tag to put back. */
	iov.iov_base = pkt->data + 4;
	iov.iov_len = MAX_FRAME;
	memset(&msg, 0, sizeof msg);
	msg.msg_name = &from;
	msg.msg_namelen = sizeof from;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = &ctl;
	msg.msg_controllen = sizeof ctl;
	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	if (from.sll_pkttype == PACKET_OUTGOING || n < 12)
		return -EIO;
	pkt->size = n + 4;
	memmove(pkt->data, pkt->data + 4, 12);
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		struct tpacket_auxdata *aux = (void *)CMSG_DATA(c);
		uint16_t tag[2];

		if (c->cmsg_level != SOL_PACKET ||
		    c->cmsg_type != PACKET_AUXDATA ||
		    !(aux->tp_status & TP_STATUS_VLAN_VALID))
			continue;
		tag[0] = htons(aux->tp_status & TP_STATUS_VLAN_TPID_VALID ?
			       aux->tp_vlan_tpid : ETH_P_8021Q);
		tag[1] = htons(aux->tp_vlan_tci);
		memcpy(pkt->data + 12, tag, 4);
		return 0;
	}
	/* No tag: close the gap again. */
	memmove(pkt->data + 12, pkt->data + 16, n - 12);
	pkt->size = n;
	return 0;
}
