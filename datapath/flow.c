// SPDX-License-Identifier: GPL-2.0
/*
 * Flow keys from packets, and flow statistics.
 */
#include <linux/if_vlan.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <fsw/flow_extract.h>

#include "flow.h"

/*
 * Headers beyond the linear head are pulled into it in steps: first
 * none (the usual case: they are already there), then this many bytes
 * (two tags, IPv4 and TCP with full options), then the whole frame for
 * the rare packets whose headers go on further (long IPv6 extension
 * chains, ND options).  A step is taken only when the parser reports
 * that it wanted bytes past the head, so the key is always the one the
 * whole frame gives, and the payload of a GSO or paged skb stays put.
 */
#define FSW_HDR_PULL 160

static const unsigned int fsw_pull_steps[] = { 0, FSW_HDR_PULL, UINT_MAX };

/* Fills the packet fields of @key (the caller has set the metadata). */
int fsw_flow_key_extract(struct sk_buff *skb, struct fsw_key *key)
{
	struct fsw_extract_ofs ofs;
	struct fsw_vlan accel = {};
	unsigned int i, want;
	int err;

	if (skb_vlan_tag_present(skb)) {
		accel.tpid = skb->vlan_proto;
		accel.tci = htons((skb_vlan_tag_get(skb) & ~VLAN_CFI_MASK) |
				  FSW_VLAN_PRESENT);
	}
	for (i = 0; ; i++) {
		want = min(skb->len, fsw_pull_steps[i]);
		if (want > skb_headlen(skb) && unlikely(!pskb_may_pull(skb, want)))
			return -ENOMEM;
		key->vlan = accel;
		err = fsw_key_extract_tagged(skb->data, skb_headlen(skb), key,
					     &ofs);
		if (!ofs.cut || skb_headlen(skb) >= skb->len)
			break;
	}
	if (err)
		return err;
	/* Where the headers are, for actions that edit them. */
	skb_reset_mac_header(skb);
	if (ofs.l3 != FSW_OFS_NONE) {
		skb_set_network_header(skb, ofs.l3);
		skb_reset_mac_len(skb);
	}
	/* Unset when we found none: the sender's may be stale. */
	if (ofs.l4 != FSW_OFS_NONE)
		skb_set_transport_header(skb, ofs.l4);
	else
		skb->transport_header = (typeof(skb->transport_header))~0U;
	return 0;
}

/* @dst = @src & mask, over the words the mask covers (rest zero). */
void fsw_key_mask(struct fsw_key *dst, const struct fsw_key *src,
		  const struct fsw_mask *mask)
{
	const u64 *s = fsw_key_words(src), *m = fsw_key_words(&mask->key);
	u64 *d = (u64 *)dst;
	int i;

	memset(dst, 0, sizeof(*dst));
	for (i = mask->start; i < mask->end; i++)
		d[i] = s[i] & m[i];
}

bool fsw_flow_matches(const struct fsw_flow *flow, const struct fsw_key *key)
{
	const u64 *k = fsw_key_words(key), *fk = fsw_key_words(&flow->key);
	const u64 *m = fsw_key_words(&flow->mask->key);
	int i;

	for (i = flow->mask->start; i < flow->mask->end; i++)
		if ((k[i] & m[i]) != fk[i])
			return false;
	return true;
}

void fsw_flow_stats_update(struct fsw_flow *flow, __be16 tcp_flags,
			   const struct sk_buff *skb)
{
	struct fsw_flow_stats *st = &flow->stats;

	spin_lock(&st->lock);
	st->packets++;
	st->bytes += skb->len;
	st->used = jiffies;
	st->tcp_flags |= tcp_flags;
	spin_unlock(&st->lock);
}

void fsw_flow_stats_get(struct fsw_flow *flow, u64 *packets, u64 *bytes,
			unsigned long *used, __be16 *tcp_flags)
{
	struct fsw_flow_stats *st = &flow->stats;

	spin_lock_bh(&st->lock);
	*packets = st->packets;
	*bytes = st->bytes;
	*used = st->used;
	*tcp_flags = st->tcp_flags;
	spin_unlock_bh(&st->lock);
}

void fsw_flow_stats_clear(struct fsw_flow *flow)
{
	struct fsw_flow_stats *st = &flow->stats;

	spin_lock_bh(&st->lock);
	st->packets = 0;
	st->bytes = 0;
	st->used = 0;
	st->tcp_flags = 0;
	spin_unlock_bh(&st->lock);
}

/* Userspace wants "last used" in its monotonic milliseconds. */
u64 fsw_flow_used_msecs(unsigned long used)
{
	u64 now = ktime_to_ms(ktime_get());
	u64 idle = jiffies_to_msecs(jiffies - used);

	return now > idle ? now - idle : 0;
}

struct fsw_flow *fsw_flow_alloc(void)
{
	struct fsw_flow *flow = kzalloc(sizeof(*flow), GFP_KERNEL);

	if (flow)
		spin_lock_init(&flow->stats.lock);
	return flow;
}

void fsw_flow_free(struct fsw_flow *flow)
{
	kfree(rcu_dereference_raw(flow->acts));
	kfree(flow);
}

static void fsw_actions_free_cb(struct rcu_head *rcu)
{
	kfree(container_of(rcu, struct fsw_actions, rcu));
}

void fsw_actions_free_rcu(struct fsw_actions *acts)
{
	if (acts)
		call_rcu(&acts->rcu, fsw_actions_free_cb);
}
