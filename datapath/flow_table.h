/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flow table of a datapath.
 *
 * Lookups (RCU, BHs off, no locks, no allocation) first try a per-CPU
 * exact-match cache indexed by a hash of the packet's whole key, then
 * each mask in turn, most recently useful first: the packet key under
 * the mask is hashed together with the mask and looked up in one hash
 * table that holds every flow by (mask, masked key).  Writers hold
 * fsw_mutex.  The hash tables grow by rehashing into a new bucket array
 * under RCU (every flow has a list node per table generation).
 */
#ifndef FSW_FLOW_TABLE_H
#define FSW_FLOW_TABLE_H 1

#include <linux/workqueue.h>
#include "flow.h"

#define FSW_FLOW_LIMIT 200000
#define FSW_EMC_ENTRIES 1024

struct fsw_ti {
	struct rcu_head rcu;
	struct hlist_head *buckets;
	u32 n_buckets;			/* power of 2 */
	int gen;			/* which node[] of a flow we use */
};

struct fsw_mask_array {
	struct rcu_head rcu;
	int n;
	struct fsw_mask *masks[];
};

struct fsw_emc_entry {
	u32 hash;
	u32 gen;
	struct fsw_flow *flow;
};

struct fsw_flow_table {
	struct fsw_ti __rcu *ti;
	struct fsw_ti __rcu *ufid_ti;
	struct fsw_mask_array __rcu *masks;
	struct fsw_emc_entry __percpu *emc;
	u32 gen;			/* bumped when a flow goes */
	unsigned int count;
	unsigned int ufid_count;
	struct delayed_work sort_work;
};

int fsw_table_init(struct fsw_flow_table *t);
void fsw_table_stop(struct fsw_flow_table *t);
void fsw_table_free(struct fsw_flow_table *t);
struct fsw_flow *fsw_table_lookup(struct fsw_flow_table *t,
				  const struct fsw_key *key, u32 *n_mask_hit,
				  bool *cache_hit);
struct fsw_flow *fsw_table_find(struct fsw_flow_table *t,
				const struct fsw_key *key,
				const struct fsw_key *mask);
struct fsw_flow *fsw_table_find_ufid(struct fsw_flow_table *t,
				     const u8 *ufid, int len);
int fsw_table_insert(struct fsw_flow_table *t, struct fsw_flow *flow,
		     const struct fsw_key *mask);
void fsw_table_remove(struct fsw_flow_table *t, struct fsw_flow *flow);
void fsw_table_flush(struct fsw_flow_table *t);
int fsw_table_n_masks(struct fsw_flow_table *t);
struct fsw_flow *fsw_table_dump_next(struct fsw_flow_table *t, long *bucket,
				     long *idx);

#endif
