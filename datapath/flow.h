/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flows: a masked key, the actions for packets that match it, and what
 * they have seen.  Keys are struct fsw_key (include/fsw/flow_key.h),
 * compared and masked as arrays of u64 words.
 */
#ifndef FSW_FLOW_H
#define FSW_FLOW_H 1

#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <fsw/flow_key.h>

#define FSW_MAX_UFID_LEN 16

/* A mask: which key bits a flow matches on. */
struct fsw_mask {
	struct rcu_head rcu;
	int ref;			/* flows using it (fsw_mutex) */
	u16 start, end;			/* u64 words holding mask bits */
	unsigned long hits;		/* lookups it answered, racy */
	struct fsw_key key;
};

struct fsw_actions {
	struct rcu_head rcu;
	u32 len;			/* bytes of attributes */
	struct nlattr attrs[];		/* validated OVS_ACTION_ATTR_* */
};

struct fsw_flow_stats {
	spinlock_t lock;
	u64 packets;
	u64 bytes;
	unsigned long used;		/* jiffies, 0 = never */
	__be16 tcp_flags;
};

struct fsw_flow {
	struct hlist_node node[2];	/* by masked key; [table gen] */
	struct hlist_node ufid_node[2];	/* by UFID */
	u32 hash;
	u32 ufid_hash;
	struct fsw_mask *mask;
	struct fsw_key key;		/* already masked */
	struct fsw_key unmasked;	/* as userspace gave it */
	u8 ufid_len;			/* 0: identified by its key */
	u8 ufid[FSW_MAX_UFID_LEN];
	struct fsw_actions __rcu *acts;
	struct fsw_flow_stats stats;
	struct rcu_head rcu;
};

static inline const u64 *fsw_key_words(const struct fsw_key *key)
{
	return (const u64 *)key;
}

int fsw_flow_key_extract(struct sk_buff *skb, struct fsw_key *key);
void fsw_flow_stats_update(struct fsw_flow *flow, __be16 tcp_flags,
			   const struct sk_buff *skb);
void fsw_flow_stats_get(struct fsw_flow *flow, u64 *packets, u64 *bytes,
			unsigned long *used, __be16 *tcp_flags);
void fsw_flow_stats_clear(struct fsw_flow *flow);
u64 fsw_flow_used_msecs(unsigned long used);
void fsw_key_mask(struct fsw_key *dst, const struct fsw_key *src,
		  const struct fsw_mask *mask);
bool fsw_flow_matches(const struct fsw_flow *flow, const struct fsw_key *key);
struct fsw_flow *fsw_flow_alloc(void);
void fsw_flow_free(struct fsw_flow *flow);
void fsw_actions_free_rcu(struct fsw_actions *acts);

#endif
