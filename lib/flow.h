/*
 * struct flow: what userspace knows about a packet, and struct match:
 * a flow plus a bit mask of the bits that matter.
 *
 * The datapath-visible part is the shared datapath key (struct fsw_key,
 * include/fsw/flow_key.h) so that a datapath key converts to a flow by
 * copy, and a classifier lookup's examined-bits mask converts back to a
 * datapath mask by copy.  The OpenFlow-only fields follow it.
 *
 * In struct flow, dp.in_port holds the OpenFlow port number; the daemon
 * maps it to and from the datapath port number at the datapath boundary.
 */
#ifndef FSW_FLOW_H
#define FSW_FLOW_H 1

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "fsw/flow_key.h"

struct flow {
	struct fsw_key dp;	/* fields a datapath can match */
	__be64 metadata;	/* OpenFlow metadata */
	__be64 tunnel_id;	/* OXM TUNNEL_ID (no datapath support yet) */
	__be32 mpls_lse;	/* label stack entry, as on the wire */
	__be32 pbb_isid;	/* low 24 bits */
	__u16 ipv6_exthdr;	/* OXM IPV6_EXTHDR pseudo-field bits */
	__u8 pad[6];
};

#define FLOW_WORDS (sizeof(struct flow) / sizeof(uint64_t))

/* A 1 bit in mask means the same bit of flow must match. */
struct match {
	struct flow flow;
	struct flow mask;
};

static inline void match_init_catchall(struct match *m)
{
	memset(m, 0, sizeof *m);
}

/* Zeroes the bits of m->flow that m->mask does not care about, so that
 * two matches with equal masks compare equal with memcmp. */
static inline void match_normalize(struct match *m)
{
	uint64_t *f = (uint64_t *)&m->flow;
	const uint64_t *k = (const uint64_t *)&m->mask;
	size_t i;

	for (i = 0; i < FLOW_WORDS; i++)
		f[i] &= k[i];
}

#endif
