/*
 * pktbench: 64-byte UDP packet generator and counting sink over AF_PACKET,
 * for the side-by-side switch benchmarks (benchmarks/run-bench.sh).
 *
 *   pktbench send -i IFACE [-t SECS] [-f FLOWS | -u] [-b BATCH] [-o FIRST]
 *   pktbench recv -i IFACE [-t MAXSECS] [-q IDLESECS]
 *
 * send: transmits 60-byte frames (64 bytes on the wire with the FCS) with
 * sendmmsg() for SECS seconds.  Each frame carries a magic number and a
 * flow index in its payload.  -f FLOWS cycles the UDP source port and the
 * IPv4 source address over FLOWS distinct 5-tuples (default 1); -u makes
 * every frame a brand new 5-tuple (flow index = sequence number, starting
 * at -o FIRST so that successive runs never reuse a tuple).
 *
 * recv: counts frames carrying the magic on IFACE (a TPACKET_V3 receive
 * ring, so the sink costs as little CPU as possible) until no frame has
 * arrived for IDLESECS after the first one, or MAXSECS in all.  It reports
 * the count, the number of distinct flow indexes seen, the time between
 * the first and the last frame, the rate over that window and the
 * kernel's ring drops.
 *
 * Output is one line of KEY=VALUE pairs, easy to parse from shell.
 */
#include <config.h>
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAME_LEN	60
#define MAGIC		0x46535742u	/* "FSWB" */
#define DST_PORT	9		/* discard */
#define MAX_BATCH	1024
/* Distinct-flow bitmap: 2^27 flow indexes (16 MiB). */
#define BITMAP_BITS	(1u << 27)

static const uint8_t src_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
/* Not the receiver's own address: the receiving stack drops it early as
 * PACKET_OTHERHOST instead of answering with ICMP. */
static const uint8_t dst_mac[6] = { 0x02, 0, 0, 0, 0, 0x99 };

struct opts {
	const char *ifname;
	double secs;
	double idle;
	unsigned long flows;
	int unique;
	int batch;
	uint32_t first;
};

static void die(const char *what)
{
	fprintf(stderr, "pktbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint16_t ip_csum(const uint8_t *p, int len)
{
	uint32_t sum = 0;
	int i;

	for (i = 0; i < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* The 5-tuple of flow index @idx: source port 1024..61023, then the source
 * address walks 10.1.0.0/16 upwards.  Destination stays 10.0.0.2:9. */
static void fill_frame(uint8_t *f, uint32_t idx)
{
	uint32_t sport = 1024 + idx % 60000;
	uint32_t saddr = (10u << 24 | 1u << 16) + idx / 60000;
	uint32_t v;

	memset(f, 0, FRAME_LEN);
	memcpy(f, dst_mac, 6);
	memcpy(f + 6, src_mac, 6);
	f[12] = 0x08;			/* IPv4 */
	f[14] = 0x45;
	f[16] = 0;
	f[17] = FRAME_LEN - 14;
	f[22] = 64;			/* TTL */
	f[23] = 17;			/* UDP */
	v = htonl(saddr);
	memcpy(f + 26, &v, 4);
	v = htonl(10u << 24 | 2);
	memcpy(f + 30, &v, 4);
	v = ip_csum(f + 14, 20);
	f[24] = v >> 8;
	f[25] = v & 0xff;
	f[34] = sport >> 8;
	f[35] = sport & 0xff;
	f[37] = DST_PORT;
	f[39] = FRAME_LEN - 34;		/* UDP length; checksum 0 = none */
	v = htonl(MAGIC);
	memcpy(f + 42, &v, 4);
	v = htonl(idx);
	memcpy(f + 46, &v, 4);
}

static int open_packet(const char *ifname, struct sockaddr_ll *sll)
{
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	if (fd < 0)
		die("socket(AF_PACKET)");
	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_protocol = htons(ETH_P_ALL);
	sll->sll_ifindex = if_nametoindex(ifname);
	if (!sll->sll_ifindex)
		die(ifname);
	sll->sll_halen = 6;
	memcpy(sll->sll_addr, dst_mac, 6);
	return fd;
}

static int do_send(const struct opts *o)
{
	static uint8_t frames[MAX_BATCH][FRAME_LEN];
	static struct iovec iov[MAX_BATCH];
	static struct mmsghdr msgs[MAX_BATCH];
	struct sockaddr_ll sll;
	unsigned long long sent = 0, errors = 0;
	uint32_t idx = o->first, k = 0;
	double start, end, t;
	int fd, i, one = 1;

	fd = open_packet(o->ifname, &sll);
	/* Nothing in the sending namespace needs to see these frames. */
	sll.sll_protocol = 0;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("bind");
	/* Best effort: skip the qdisc layer (veth has none anyway). */
	setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));
	for (i = 0; i < o->batch; i++) {
		iov[i].iov_base = frames[i];
		iov[i].iov_len = FRAME_LEN;
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &sll;
		msgs[i].msg_hdr.msg_namelen = sizeof(sll);
	}
	/* A single flow never changes: build it once. */
	for (i = 0; i < o->batch; i++)
		fill_frame(frames[i], o->first);

	start = now();
	end = start + o->secs;
	for (;;) {
		int n;

		if (o->unique || o->flows > 1) {
			for (i = 0; i < o->batch; i++) {
				uint32_t f = o->unique ? idx++ :
					o->first + (k++ % o->flows);

				fill_frame(frames[i], f);
			}
		}
		n = sendmmsg(fd, msgs, o->batch, 0);
		if (n < 0) {
			if (errno != ENOBUFS && errno != EAGAIN &&
			    errno != EINTR)
				die("sendmmsg");
			errors++;
		} else {
			sent += n;
			/* Unsent frames of a unique batch are simply skipped:
			 * their indexes are never seen by the sink. */
		}
		t = now();
		if (t >= end)
			break;
	}
	printf("sent=%llu secs=%.3f pps=%.0f send_errors=%llu\n", sent,
	       t - start, sent / (t - start), errors);
	close(fd);
	return 0;
}

struct sink {
	uint8_t *bitmap;
	unsigned long long count, distinct;
	double first, last;
};

static void sink_frame(struct sink *s, const uint8_t *f, unsigned int len)
{
	uint32_t magic, idx;

	if (len < 50 || f[12] != 0x08 || f[13] != 0 || f[23] != 17)
		return;
	memcpy(&magic, f + 42, 4);
	if (ntohl(magic) != MAGIC)
		return;
	memcpy(&idx, f + 46, 4);
	idx = ntohl(idx) & (BITMAP_BITS - 1);
	if (!(s->bitmap[idx >> 3] & (1u << (idx & 7)))) {
		s->bitmap[idx >> 3] |= 1u << (idx & 7);
		s->distinct++;
	}
	if (!s->count)
		s->first = now();
	s->count++;
}

static int do_recv(const struct opts *o)
{
	struct tpacket_req3 req;
	struct sockaddr_ll sll;
	struct tpacket_stats_v3 st;
	socklen_t sl = sizeof(st);
	struct sink s = { 0 };
	unsigned int blk = 0, drops = 0;
	int fd, v = TPACKET_V3;
	uint8_t *ring;
	double start, last_seen;

	s.bitmap = calloc(BITMAP_BITS / 8, 1);
	if (!s.bitmap)
		die("calloc");
	fd = open_packet(o->ifname, &sll);
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0)
		die("PACKET_VERSION");
	memset(&req, 0, sizeof(req));
	req.tp_block_size = 1 << 20;
	req.tp_block_nr = 32;
	req.tp_frame_size = 2048;
	req.tp_frame_nr = req.tp_block_size / req.tp_frame_size *
		req.tp_block_nr;
	req.tp_retire_blk_tov = 10;	/* ms: hand over partial blocks */
	if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) < 0)
		die("PACKET_RX_RING");
	ring = mmap(NULL, (size_t)req.tp_block_size * req.tp_block_nr,
		    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LOCKED, fd, 0);
	if (ring == MAP_FAILED)
		die("mmap");
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("bind");
	/* Tell the driving script the ring is ready. */
	fprintf(stderr, "pktbench: receiving on %s\n", o->ifname);

	start = last_seen = now();
	for (;;) {
		struct tpacket_block_desc *bd = (void *)(ring +
			(size_t)blk * req.tp_block_size);
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double t;

		if (!(bd->hdr.bh1.block_status & TP_STATUS_USER)) {
			poll(&pfd, 1, 100);
			t = now();
			if (t - start > o->secs)
				break;
			if (s.count && t - last_seen > o->idle)
				break;
			continue;
		}
		{
			struct tpacket3_hdr *h = (void *)((uint8_t *)bd +
				bd->hdr.bh1.offset_to_first_pkt);
			unsigned long long before = s.count;
			unsigned int i;

			for (i = 0; i < bd->hdr.bh1.num_pkts; i++) {
				sink_frame(&s, (uint8_t *)h + h->tp_mac,
					   h->tp_snaplen);
				h = (void *)((uint8_t *)h + h->tp_next_offset);
			}
			if (s.count != before)
				s.last = last_seen = now();
		}
		bd->hdr.bh1.block_status = TP_STATUS_KERNEL;
		blk = (blk + 1) % req.tp_block_nr;
	}
	if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &sl) == 0)
		drops = st.tp_drops;
	{
		double win = s.last - s.first;

		/* The window ends at the block that held the last frame, so
		 * it may be late by up to tp_retire_blk_tov. */
		printf("count=%llu distinct=%llu window=%.3f pps=%.0f "
		       "ring_drops=%u\n", s.count, s.distinct, win,
		       win > 0 ? (s.count - 1) / win : 0.0, drops);
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: pktbench send -i IFACE [-t SECS] [-f FLOWS | -u] "
		"[-b BATCH] [-o FIRST]\n"
		"       pktbench recv -i IFACE [-t MAXSECS] [-q IDLESECS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct opts o = { .secs = 3, .idle = 1, .flows = 1, .batch = 64 };
	int c, send;

	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "send"))
		send = 1;
	else if (!strcmp(argv[1], "recv"))
		send = 0;
	else
		usage();
	if (!send)
		o.secs = 30;
	optind = 2;
	while ((c = getopt(argc, argv, "i:t:q:f:ub:o:")) != -1) {
		switch (c) {
		case 'i': o.ifname = optarg; break;
		case 't': o.secs = atof(optarg); break;
		case 'q': o.idle = atof(optarg); break;
		case 'f': o.flows = strtoul(optarg, NULL, 0); break;
		case 'u': o.unique = 1; break;
		case 'b': o.batch = atoi(optarg); break;
		case 'o': o.first = strtoul(optarg, NULL, 0); break;
		default: usage();
		}
	}
	if (!o.ifname || o.secs <= 0 || o.idle <= 0 || o.flows < 1 ||
	    o.batch < 1 || o.batch > MAX_BATCH)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	return send ? do_send(&o) : do_recv(&o);
}
