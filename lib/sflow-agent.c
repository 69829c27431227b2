/*
 * sFlow version 5 datagrams (see sflow-agent.h).
 *
 * Layout, every field a big-endian 32-bit XDR word unless noted:
 *
 *   datagram: version (5), agent address type (1 IPv4, 2 IPv6), agent
 *     address (4 or 16 bytes), sub-agent id, sequence number, uptime
 *     (ms), number of samples, then each sample as
 *     (enterprise << 12 | format, length in bytes, data).
 *   flow sample (0:1): sequence, source id (class 0 << 24 | ifindex),
 *     sampling rate, sample pool, drops, input, output, number of
 *     records, then each record as (format, length, data):
 *       raw packet header (0:1): protocol (1 = Ethernet), frame length,
 *         stripped, header length, header bytes padded to 4;
 *       extended switch (0:1001): src vlan, src priority, dst vlan,
 *         dst priority.
 *   counter sample (0:2): sequence, source id, number of records, each
 *     record as above:
 *       generic interface counters (0:1): 88 bytes, 64-bit fields as
 *         two words (high first).
 */
#include <config.h>
#include "sflow-agent.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define SAMPLE_FLOW 1
#define SAMPLE_COUNTERS 2
#define REC_RAW_HEADER 1
#define REC_SWITCH 1001
#define REC_IF_COUNTERS 1
#define HEADER_PROTO_ETHERNET 1

struct sflow_agent {
	int fd;
	uint8_t addr[16];	/* agent address */
	uint32_t addr_type;	/* 1 IPv4, 2 IPv6 */
	uint32_t sub_agent_id;
	uint32_t seq;		/* datagrams sent */
	long long boot_ms;	/* uptime origin */
	uint8_t buf[SFLOW_DATAGRAM_MAX + 1024];	/* samples being queued */
	size_t len;		/* bytes of samples in buf */
	uint32_t n_samples;
	long long first_ms;	/* when the oldest queued sample came */
	struct sflow_agent_stats stats;
};

/* ---- XDR writer. ---------------------------------------------------- */

struct xdr {
	uint8_t *p;
	size_t len, cap;
};

static void put32(struct xdr *x, uint32_t v)
{
	if (x->len + 4 <= x->cap) {
		v = htonl(v);
		memcpy(x->p + x->len, &v, 4);
	}
	x->len += 4;
}

static void put64(struct xdr *x, uint64_t v)
{
	put32(x, v >> 32);
	put32(x, (uint32_t)v);
}

/* Opaque bytes, zero padded to a multiple of 4 (no length word). */
static void put_bytes(struct xdr *x, const void *p, size_t n)
{
	size_t padded = (n + 3) & ~(size_t)3;

	if (x->len + padded <= x->cap) {
		memcpy(x->p + x->len, p, n);
		memset(x->p + x->len + n, 0, padded - n);
	}
	x->len += padded;
}

/* Starts a (format, length, ...) item; returns where its length goes. */
static size_t start_item(struct xdr *x, uint32_t format)
{
	size_t at;

	put32(x, format);
	at = x->len;
	put32(x, 0);
	return at;
}

static void end_item(struct xdr *x, size_t at)
{
	uint32_t n = htonl(x->len - at - 4);

	if (x->len <= x->cap)
		memcpy(x->p + at, &n, 4);
}

/* ---- Samples. ------------------------------------------------------- */

static size_t encode_flow(uint8_t *p, size_t cap,
			  const struct sflow_flow_sample *s)
{
	struct xdr x = { p, 0, cap };
	size_t sample, rec;

	sample = start_item(&x, SAMPLE_FLOW);
	put32(&x, s->seq);
	put32(&x, s->source_ifindex & 0xffffff);
	put32(&x, s->sampling_rate);
	put32(&x, s->sample_pool);
	put32(&x, s->drops);
	put32(&x, s->input);
	put32(&x, s->output);
	put32(&x, s->has_switch ? 2 : 1);
	rec = start_item(&x, REC_RAW_HEADER);
	put32(&x, HEADER_PROTO_ETHERNET);
	put32(&x, s->frame_length);
	put32(&x, s->stripped);
	put32(&x, s->header_len);
	put_bytes(&x, s->header, s->header_len);
	end_item(&x, rec);
	if (s->has_switch) {
		rec = start_item(&x, REC_SWITCH);
		put32(&x, s->src_vlan);
		put32(&x, s->src_priority);
		put32(&x, s->dst_vlan);
		put32(&x, s->dst_priority);
		end_item(&x, rec);
	}
	end_item(&x, sample);
	return x.len;
}

static size_t encode_counters(uint8_t *p, size_t cap,
			      const struct sflow_if_counters *c)
{
	struct xdr x = { p, 0, cap };
	size_t sample, rec;

	sample = start_item(&x, SAMPLE_COUNTERS);
	put32(&x, c->seq);
	put32(&x, c->ifindex & 0xffffff);
	put32(&x, 1);
	rec = start_item(&x, REC_IF_COUNTERS);
	put32(&x, c->ifindex);
	put32(&x, c->type);
	put64(&x, c->speed);
	put32(&x, c->direction);
	put32(&x, c->status);
	put64(&x, c->in_octets);
	put32(&x, c->in_ucast);
	put32(&x, c->in_mcast);
	put32(&x, c->in_bcast);
	put32(&x, c->in_discards);
	put32(&x, c->in_errors);
	put32(&x, c->in_unknown_protos);
	put64(&x, c->out_octets);
	put32(&x, c->out_ucast);
	put32(&x, c->out_mcast);
	put32(&x, c->out_bcast);
	put32(&x, c->out_discards);
	put32(&x, c->out_errors);
	put32(&x, c->promisc);
	end_item(&x, rec);
	end_item(&x, sample);
	return x.len;
}

/* ---- Datagrams. ----------------------------------------------------- */

static size_t header_len(const struct sflow_agent *a)
{
	return 7 * 4 + (a->addr_type == 2 ? 16 : 4);
}

void sflow_agent_flush(struct sflow_agent *a, long long now)
{
	uint8_t dgram[SFLOW_DATAGRAM_MAX + 1024 + 64];
	struct xdr x = { dgram, 0, sizeof dgram };

	if (!a->n_samples)
		return;
	put32(&x, 5);
	put32(&x, a->addr_type);
	put_bytes(&x, a->addr, a->addr_type == 2 ? 16 : 4);
	put32(&x, a->sub_agent_id);
	put32(&x, ++a->seq);
	put32(&x, (uint32_t)(now - a->boot_ms));
	put32(&x, a->n_samples);
	memcpy(dgram + x.len, a->buf, a->len);
	x.len += a->len;
	/* UDP: a collector that is down or unreachable just misses the
	 * data, as with any sFlow agent. */
	if (send(a->fd, dgram, x.len, MSG_DONTWAIT) < 0)
		a->stats.send_errors++;
	else
		a->stats.datagrams++;
	a->len = 0;
	a->n_samples = 0;
}

/* Queues an encoded sample of N bytes at TMP, sending first if the
 * datagram would grow too large. */
static void queue(struct sflow_agent *a, const uint8_t *tmp, size_t n,
		  long long now)
{
	if (a->n_samples &&
	    header_len(a) + a->len + n > SFLOW_DATAGRAM_MAX)
		sflow_agent_flush(a, now);
	if (n > sizeof a->buf - a->len)
		return;		/* cannot happen: header <= 512 bytes */
	if (!a->n_samples)
		a->first_ms = now;
	memcpy(a->buf + a->len, tmp, n);
	a->len += n;
	a->n_samples++;
	a->stats.samples++;
	if (header_len(a) + a->len >= SFLOW_DATAGRAM_MAX)
		sflow_agent_flush(a, now);
}

void sflow_agent_add_flow(struct sflow_agent *a,
			  const struct sflow_flow_sample *s, long long now)
{
	uint8_t tmp[SFLOW_DATAGRAM_MAX + 1024];
	size_t n = encode_flow(tmp, sizeof tmp, s);

	if (n <= sizeof tmp)
		queue(a, tmp, n, now);
}

void sflow_agent_add_counters(struct sflow_agent *a,
			      const struct sflow_if_counters *c,
			      long long now)
{
	uint8_t tmp[256];
	size_t n = encode_counters(tmp, sizeof tmp, c);

	if (n <= sizeof tmp)
		queue(a, tmp, n, now);
}

void sflow_agent_run(struct sflow_agent *a, long long now)
{
	if (a->n_samples && now - a->first_ms >= SFLOW_FLUSH_MS)
		sflow_agent_flush(a, now);
}

long long sflow_agent_next_run(const struct sflow_agent *a)
{
	return a->n_samples ? a->first_ms + SFLOW_FLUSH_MS : LLONG_MAX;
}

void sflow_agent_get_stats(const struct sflow_agent *a,
			   struct sflow_agent_stats *s)
{
	*s = a->stats;
}

/* ---- Life cycle. ---------------------------------------------------- */

static void set_addr(struct sflow_agent *a, const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		/* An IPv4-mapped address is reported as IPv4. */
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
			a->addr_type = 1;
			memcpy(a->addr, &s6->sin6_addr.s6_addr[12], 4);
		} else {
			a->addr_type = 2;
			memcpy(a->addr, &s6->sin6_addr, 16);
		}
	} else {
		const struct sockaddr_in *s4 = (const void *)sa;

		a->addr_type = 1;
		memcpy(a->addr, &s4->sin_addr, 4);
	}
}

struct sflow_agent *sflow_agent_create(const struct sockaddr *collector,
				       socklen_t len,
				       const struct sockaddr *agent,
				       uint32_t sub_agent_id, long long now,
				       char **errp)
{
	struct sflow_agent *a;
	struct sockaddr_storage local;
	socklen_t llen = sizeof local;
	int fd;

	fd = socket(collector->sa_family, SOCK_DGRAM | SOCK_CLOEXEC |
		    SOCK_NONBLOCK, 0);
	if (fd < 0 || connect(fd, collector, len) < 0 ||
	    (!agent && getsockname(fd, (struct sockaddr *)&local, &llen) < 0)) {
		if (errp)
			*errp = xasprintf("sFlow collector socket: %s",
					  strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	a = xzalloc(sizeof *a);
	a->fd = fd;
	a->sub_agent_id = sub_agent_id;
	a->boot_ms = now;
	set_addr(a, agent ? agent : (struct sockaddr *)&local);
	return a;
}

void sflow_agent_destroy(struct sflow_agent *a)
{
	if (!a)
		return;
	close(a->fd);
	free(a);
}
