/*
 * The userspace datapath's flow table: megaflows as (masked key, mask)
 * pairs.  Every distinct mask has its own hash table of the flows that
 * use it; a packet is looked up in each mask's table in turn (a "tuple
 * space search"), which is simple and fast enough for a handful of
 * masks.  Not thread-safe: the caller locks.
 */
#ifndef FSW_DP_FLOW_TABLE_H
#define FSW_DP_FLOW_TABLE_H 1

#include <stdbool.h>
#include <stddef.h>
#include "buf.h"
#include "dpif.h"
#include "fsw/flow_key.h"

struct dp_mask;

struct dp_flow {
	struct fsw_key key;		/* already masked */
	struct fsw_key ukey;		/* as installed, unmasked */
	struct dp_mask *mask;
	uint32_t hash;
	struct dp_flow *hnext;		/* in the mask's bucket */
	struct dp_flow *prev, *next;	/* all flows, oldest first */
	struct buf key_attrs;		/* as given by the client */
	struct buf mask_attrs;
	struct buf actions;
	bool has_ufid;
	struct dpif_ufid ufid;
	struct dpif_flow_stats stats;
};

struct dp_table {
	struct dp_mask *masks;
	size_t n_masks;
	size_t n_flows;
	struct dp_flow *first, *last;
};

void dp_table_init(struct dp_table *);
void dp_table_destroy(struct dp_table *);	/* frees every flow */

/* Finds the flow matching packet key KEY; *N_MASK_HIT counts the masks
 * looked at (for OVS-style mask statistics). */
struct dp_flow *dp_table_lookup(const struct dp_table *,
				const struct fsw_key *key,
				unsigned int *n_mask_hit);
/* The flow with exactly MASK whose key equals KEY under MASK. */
struct dp_flow *dp_table_find_exact(const struct dp_table *,
				    const struct fsw_key *key,
				    const struct fsw_key *mask);
struct dp_flow *dp_table_find_ufid(const struct dp_table *,
				   const struct dpif_ufid *);

/* Takes a new flow (from dp_flow_new) with key KEY under MASK. */
void dp_table_insert(struct dp_table *, struct dp_flow *,
		     const struct fsw_key *key, const struct fsw_key *mask);
/* Unlinks and frees FLOW. */
void dp_table_remove(struct dp_table *, struct dp_flow *);

struct dp_flow *dp_flow_new(void);

void fsw_key_apply_mask(struct fsw_key *dst, const struct fsw_key *key,
			const struct fsw_key *mask);

#endif
