/*
 * An sFlow version 5 agent: encodes flow and counter samples into sFlow
 * datagrams (XDR, as specified in sflow.org's "sFlow Version 5") and
 * sends them over UDP to one collector.
 *
 * Samples are batched: a datagram is sent when the next sample would
 * make it larger than SFLOW_DATAGRAM_MAX, or by sflow_agent_run() once
 * its oldest sample is SFLOW_FLUSH_MS old.  Nothing here knows about
 * bridges or datapaths; vswitchd/sflow.c feeds it.  Not thread safe: the
 * caller serialises (fsw-vswitchd holds ofproto_mutex).
 */
#ifndef FSW_SFLOW_AGENT_H
#define FSW_SFLOW_AGENT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define SFLOW_DATAGRAM_MAX 1400
#define SFLOW_FLUSH_MS 1000

/* Interface values of a flow sample (the "interface" type). */
#define SFLOW_IF_DISCARD 0x40000000u	/* dropped; low bits: reason */
#define SFLOW_IF_MULTIPLE 0x80000000u	/* low bits: number of ports */

struct sflow_agent;

struct sflow_flow_sample {
	uint32_t seq;		/* of this data source's flow samples */
	uint32_t source_ifindex;
	uint32_t sampling_rate;
	uint32_t sample_pool;
	uint32_t drops;
	uint32_t input;		/* ifindex */
	uint32_t output;	/* ifindex or SFLOW_IF_* */
	const uint8_t *header;	/* the packet's first bytes */
	uint32_t header_len;
	uint32_t frame_length;	/* bytes on the wire, FCS included */
	uint32_t stripped;	/* bytes removed before the header (FCS) */
	bool has_switch;	/* extended switch record */
	uint32_t src_vlan, src_priority, dst_vlan, dst_priority;
};

/* Generic interface counters (RFC 2233 names). */
struct sflow_if_counters {
	uint32_t seq;		/* of this data source's counter samples */
	uint32_t ifindex;
	uint32_t type;		/* 6: ethernetCsmacd */
	uint64_t speed;		/* bit/s */
	uint32_t direction;	/* 0 unknown, 1 full, 2 half duplex */
	uint32_t status;	/* bit 0 admin up, bit 1 oper up */
	uint64_t in_octets;
	uint32_t in_ucast, in_mcast, in_bcast, in_discards, in_errors;
	uint32_t in_unknown_protos;
	uint64_t out_octets;
	uint32_t out_ucast, out_mcast, out_bcast, out_discards, out_errors;
	uint32_t promisc;
};

/* COLLECTOR: where to send.  AGENT: the agent address to put in the
 * datagrams, or NULL to use the local address the collector is reached
 * from.  Returns NULL and sets *ERRP on failure. */
struct sflow_agent *sflow_agent_create(const struct sockaddr *collector,
				       socklen_t len,
				       const struct sockaddr *agent,
				       uint32_t sub_agent_id, long long now_ms,
				       char **errp);
/* Queued samples are dropped: flush first to send them. */
void sflow_agent_destroy(struct sflow_agent *);

void sflow_agent_add_flow(struct sflow_agent *,
			  const struct sflow_flow_sample *, long long now_ms);
void sflow_agent_add_counters(struct sflow_agent *,
			      const struct sflow_if_counters *,
			      long long now_ms);
void sflow_agent_flush(struct sflow_agent *, long long now_ms);
/* Flushes when the oldest queued sample is due. */
void sflow_agent_run(struct sflow_agent *, long long now_ms);
/* When sflow_agent_run() has work next (ms), LLONG_MAX when idle. */
long long sflow_agent_next_run(const struct sflow_agent *);

struct sflow_agent_stats {
	uint64_t datagrams, samples, send_errors;
};
void sflow_agent_get_stats(const struct sflow_agent *,
			   struct sflow_agent_stats *);

#endif
