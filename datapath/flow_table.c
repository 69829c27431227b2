// SPDX-License-Identifier: GPL-2.0
/*
 * The flow table: see flow_table.h for its shape.
 */
#include <linux/jhash.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "datapath.h"
#include "flow_table.h"

#define FSW_TI_MIN_BUCKETS 64

static struct fsw_ti *fsw_ti_alloc(u32 n, int gen)
{
	struct fsw_ti *ti = kmalloc(sizeof(*ti), GFP_KERNEL);
	u32 i;

	if (!ti)
		return NULL;
	ti->buckets = kvmalloc_array(n, sizeof(*ti->buckets), GFP_KERNEL);
	if (!ti->buckets) {
		kfree(ti);
		return NULL;
	}
	for (i = 0; i < n; i++)
		INIT_HLIST_HEAD(&ti->buckets[i]);
	ti->n_buckets = n;
	ti->gen = gen;
	return ti;
}

static void fsw_ti_free(struct fsw_ti *ti)
{
	if (ti) {
		kvfree(ti->buckets);
		kfree(ti);
	}
}

static struct hlist_head *fsw_ti_bucket(struct fsw_ti *ti, u32 hash)
{
	return &ti->buckets[hash & (ti->n_buckets - 1)];
}

static u32 fsw_masked_hash(const struct fsw_key *masked,
			   const struct fsw_mask *mask)
{
	const u32 *w = (const u32 *)masked + mask->start * 2;

	return jhash2(w, (mask->end - mask->start) * 2,
		      (u32)(unsigned long)mask);
}

static u32 fsw_ufid_hash(const u8 *ufid, int len)
{
	return jhash(ufid, len, 0);
}

static bool fsw_masked_equal(const struct fsw_key *a, const struct fsw_key *b,
			     const struct fsw_mask *mask)
{
	const u64 *x = fsw_key_words(a), *y = fsw_key_words(b);
	int i;

	for (i = mask->start; i < mask->end; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

static void fsw_sort_masks(struct work_struct *work);

int fsw_table_init(struct fsw_flow_table *t)
{
	struct fsw_mask_array *ma;
	struct fsw_ti *ti, *uti;

	ti = fsw_ti_alloc(FSW_TI_MIN_BUCKETS, 0);
	uti = fsw_ti_alloc(FSW_TI_MIN_BUCKETS, 0);
	ma = kzalloc(sizeof(*ma), GFP_KERNEL);
	t->emc = __alloc_percpu(sizeof(struct fsw_emc_entry) * FSW_EMC_ENTRIES,
				__alignof__(struct fsw_emc_entry));
	if (!ti || !uti || !ma || !t->emc) {
		fsw_ti_free(ti);
		fsw_ti_free(uti);
		kfree(ma);
		free_percpu(t->emc);
		return -ENOMEM;
	}
	RCU_INIT_POINTER(t->ti, ti);
	RCU_INIT_POINTER(t->ufid_ti, uti);
	RCU_INIT_POINTER(t->masks, ma);
	t->count = 0;
	t->ufid_count = 0;
	t->gen = 1;
	INIT_DELAYED_WORK(&t->sort_work, fsw_sort_masks);
	schedule_delayed_work(&t->sort_work, HZ);
	return 0;
}

/* Packet path: RCU, BHs off. */
struct fsw_flow *fsw_table_lookup(struct fsw_flow_table *t,
				  const struct fsw_key *key, u32 *n_mask_hit,
				  bool *cache_hit)
{
	struct fsw_ti *ti = rcu_dereference(t->ti);
	struct fsw_mask_array *ma = rcu_dereference(t->masks);
	u32 full = jhash2((const u32 *)key, FSW_KEY_WORDS * 2, 0);
	struct fsw_emc_entry *e;
	u32 gen = READ_ONCE(t->gen);
	struct fsw_key masked;
	struct fsw_flow *flow;
	int i;

	e = this_cpu_ptr(t->emc) + (full & (FSW_EMC_ENTRIES - 1));
	*cache_hit = false;
	*n_mask_hit = 0;
	flow = READ_ONCE(e->flow);
	if (flow && e->hash == full && e->gen == gen &&
	    fsw_flow_matches(flow, key)) {
		*cache_hit = true;
		*n_mask_hit = 1;
		return flow;
	}
	for (i = 0; i < ma->n; i++) {
		struct fsw_mask *mask = ma->masks[i];
		u32 hash;

		(*n_mask_hit)++;
		fsw_key_mask(&masked, key, mask);
		hash = fsw_masked_hash(&masked, mask);
		hlist_for_each_entry_rcu(flow, fsw_ti_bucket(ti, hash),
					 node[ti->gen]) {
			if (flow->mask != mask || flow->hash != hash ||
			    !fsw_masked_equal(&flow->key, &masked, mask))
				continue;
			data_race(mask->hits++);
			e->hash = full;
			e->gen = gen;
			WRITE_ONCE(e->flow, flow);
			return flow;
		}
	}
	return NULL;
}

/*
 * The flow installed with exactly this key, unmasked as it was given or
 * masked as dumps report it (fsw_mutex).
 */
struct fsw_flow *fsw_table_find(struct fsw_flow_table *t,
				const struct fsw_key *key,
				const struct fsw_key *mask_key)
{
	struct fsw_ti *ti = fsw_deref(t->ti);
	struct fsw_mask_array *ma = fsw_deref(t->masks);
	struct fsw_key masked;
	struct fsw_flow *flow;
	int i;

	for (i = 0; i < ma->n; i++) {
		struct fsw_mask *mask = ma->masks[i];
		u32 hash;

		if (mask_key && memcmp(&mask->key, mask_key, sizeof(*mask_key)))
			continue;
		fsw_key_mask(&masked, key, mask);
		hash = fsw_masked_hash(&masked, mask);
		hlist_for_each_entry_rcu(flow, fsw_ti_bucket(ti, hash),
					 node[ti->gen], fsw_locked())
			if (flow->mask == mask && flow->hash == hash &&
			    (!memcmp(&flow->unmasked, key, sizeof(*key)) ||
			     !memcmp(&flow->key, key, sizeof(*key))))
				return flow;
	}
	return NULL;
}

struct fsw_flow *fsw_table_find_ufid(struct fsw_flow_table *t,
				     const u8 *ufid, int len)
{
	struct fsw_ti *ti = fsw_deref(t->ufid_ti);
	u32 hash = fsw_ufid_hash(ufid, len);
	struct fsw_flow *flow;

	hlist_for_each_entry_rcu(flow, fsw_ti_bucket(ti, hash),
				 ufid_node[ti->gen], fsw_locked())
		if (flow->ufid_hash == hash && flow->ufid_len == len &&
		    !memcmp(flow->ufid, ufid, len))
			return flow;
	return NULL;
}

/* Publishes a copy of the mask array with @add added or @del removed. */
static int fsw_masks_replace(struct fsw_flow_table *t, struct fsw_mask *add,
			     struct fsw_mask *del)
{
	struct fsw_mask_array *old = fsw_deref(t->masks), *new;
	int i, n = 0;

	new = kzalloc(struct_size(new, masks, old->n + 1), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	for (i = 0; i < old->n; i++)
		if (old->masks[i] != del)
			new->masks[n++] = old->masks[i];
	if (add)
		new->masks[n++] = add;
	new->n = n;
	rcu_assign_pointer(t->masks, new);
	kfree_rcu(old, rcu);
	return 0;
}

static struct fsw_mask *fsw_mask_get(struct fsw_flow_table *t,
				     const struct fsw_key *mask_key)
{
	struct fsw_mask_array *ma = fsw_deref(t->masks);
	const u64 *w = fsw_key_words(mask_key);
	struct fsw_mask *mask;
	int i;

	for (i = 0; i < ma->n; i++) {
		if (!memcmp(&ma->masks[i]->key, mask_key, sizeof(*mask_key))) {
			ma->masks[i]->ref++;
			return ma->masks[i];
		}
	}
	mask = kzalloc(sizeof(*mask), GFP_KERNEL);
	if (!mask)
		return NULL;
	mask->key = *mask_key;
	mask->ref = 1;
	for (i = 0; i < FSW_KEY_WORDS && !w[i]; i++)
		;
	mask->start = i;
	for (i = FSW_KEY_WORDS; i > mask->start && !w[i - 1]; i--)
		;
	mask->end = i;
	if (fsw_masks_replace(t, mask, NULL)) {
		kfree(mask);
		return NULL;
	}
	return mask;
}

static void fsw_mask_put(struct fsw_flow_table *t, struct fsw_mask *mask)
{
	if (--mask->ref)
		return;
	/* On failure the unused mask stays listed, which is harmless. */
	if (!fsw_masks_replace(t, NULL, mask))
		kfree_rcu(mask, rcu);
}

/* Rehashes every flow into a table of @n buckets. */
static int fsw_table_rehash(struct fsw_flow_table *t, bool ufid, u32 n)
{
	struct fsw_ti __rcu **slot = ufid ? &t->ufid_ti : &t->ti;
	struct fsw_ti *old = fsw_deref(*slot), *new;
	struct fsw_flow *flow;
	u32 i;

	new = fsw_ti_alloc(n, !old->gen);
	if (!new)
		return -ENOMEM;
	for (i = 0; i < old->n_buckets; i++) {
		if (ufid)
			hlist_for_each_entry(flow, &old->buckets[i],
					     ufid_node[old->gen])
				hlist_add_head_rcu(&flow->ufid_node[new->gen],
					fsw_ti_bucket(new, flow->ufid_hash));
		else
			hlist_for_each_entry(flow, &old->buckets[i],
					     node[old->gen])
				hlist_add_head_rcu(&flow->node[new->gen],
					fsw_ti_bucket(new, flow->hash));
	}
	rcu_assign_pointer(*slot, new);
	/* Readers of the old table must be gone before the next rehash
	 * reuses the other list nodes. */
	synchronize_rcu();
	fsw_ti_free(old);
	return 0;
}

int fsw_table_insert(struct fsw_flow_table *t, struct fsw_flow *flow,
		     const struct fsw_key *mask_key)
{
	struct fsw_ti *ti, *uti;
	struct fsw_mask *mask;

	if (t->count >= FSW_FLOW_LIMIT)
		return -E2BIG;
	mask = fsw_mask_get(t, mask_key);
	if (!mask)
		return -ENOMEM;
	flow->mask = mask;
	fsw_key_mask(&flow->key, &flow->unmasked, mask);
	flow->hash = fsw_masked_hash(&flow->key, mask);
	ti = fsw_deref(t->ti);
	hlist_add_head_rcu(&flow->node[ti->gen], fsw_ti_bucket(ti, flow->hash));
	t->count++;
	if (flow->ufid_len) {
		flow->ufid_hash = fsw_ufid_hash(flow->ufid, flow->ufid_len);
		uti = fsw_deref(t->ufid_ti);
		hlist_add_head_rcu(&flow->ufid_node[uti->gen],
				   fsw_ti_bucket(uti, flow->ufid_hash));
		t->ufid_count++;
		if (t->ufid_count > uti->n_buckets)
			fsw_table_rehash(t, true, uti->n_buckets * 2);
	}
	/* A failed grow only makes the chains longer. */
	if (t->count > ti->n_buckets)
		fsw_table_rehash(t, false, ti->n_buckets * 2);
	return 0;
}

static void fsw_flow_free_cb(struct rcu_head *rcu)
{
	fsw_flow_free(container_of(rcu, struct fsw_flow, rcu));
}

/* Unlinks @flow and frees it once no packet can see it. */
void fsw_table_remove(struct fsw_flow_table *t, struct fsw_flow *flow)
{
	struct fsw_ti *ti = fsw_deref(t->ti);

	hlist_del_rcu(&flow->node[ti->gen]);
	t->count--;
	if (flow->ufid_len) {
		ti = fsw_deref(t->ufid_ti);
		hlist_del_rcu(&flow->ufid_node[ti->gen]);
		t->ufid_count--;
	}
	/* Invalidates every exact-match cache entry. */
	WRITE_ONCE(t->gen, t->gen + 1);
	fsw_mask_put(t, flow->mask);
	call_rcu(&flow->rcu, fsw_flow_free_cb);
}

void fsw_table_flush(struct fsw_flow_table *t)
{
	struct fsw_ti *ti = fsw_deref(t->ti);
	struct hlist_node *next;
	struct fsw_flow *flow;
	u32 i;

	for (i = 0; i < ti->n_buckets; i++)
		hlist_for_each_entry_safe(flow, next, &ti->buckets[i],
					  node[ti->gen])
			fsw_table_remove(t, flow);
}

int fsw_table_n_masks(struct fsw_flow_table *t)
{
	return rcu_dereference_check(t->masks, fsw_locked())->n;
}

/* Dump cursor: the flow after (*bucket, *idx), advancing them. */
struct fsw_flow *fsw_table_dump_next(struct fsw_flow_table *t, long *bucket,
				     long *idx)
{
	struct fsw_ti *ti = fsw_deref(t->ti);
	struct fsw_flow *flow;
	long i;

	for (; *bucket < ti->n_buckets; (*bucket)++, *idx = 0) {
		i = 0;
		hlist_for_each_entry(flow, &ti->buckets[*bucket],
				     node[ti->gen]) {
			if (i++ == *idx) {
				(*idx)++;
				return flow;
			}
		}
	}
	return NULL;
}

/* The datapath is going (fsw_mutex held): no more flows or sorting. */
void fsw_table_stop(struct fsw_flow_table *t)
{
	cancel_delayed_work_sync(&t->sort_work);
	fsw_table_flush(t);
}

/* After an RCU grace period: nobody looks any more. */
void fsw_table_free(struct fsw_flow_table *t)
{
	free_percpu(t->emc);
	fsw_ti_free(rcu_dereference_raw(t->ti));
	fsw_ti_free(rcu_dereference_raw(t->ufid_ti));
	kfree(rcu_dereference_raw(t->masks));
}

static int fsw_mask_cmp(const void *a, const void *b)
{
	const struct fsw_mask *x = *(struct fsw_mask **)a;
	const struct fsw_mask *y = *(struct fsw_mask **)b;

	if (x->hits == y->hits)
		return 0;
	return x->hits > y->hits ? -1 : 1;
}

/*
 * Once a second: search the masks that answered most lookups lately
 * first.  Never waits for fsw_mutex, so the table can be destroyed with
 * it held.
 */
static void fsw_sort_masks(struct work_struct *work)
{
	struct fsw_flow_table *t = container_of(to_delayed_work(work),
						struct fsw_flow_table,
						sort_work);
	struct fsw_mask_array *old, *new;
	int i;

	if (!mutex_trylock(&fsw_mutex))
		goto again;
	old = fsw_deref(t->masks);
	if (old->n > 1) {
		new = kmalloc(struct_size(new, masks, old->n), GFP_KERNEL);
		if (new) {
			new->n = old->n;
			memcpy(new->masks, old->masks,
			       old->n * sizeof(old->masks[0]));
			sort(new->masks, new->n, sizeof(new->masks[0]),
			     fsw_mask_cmp, NULL);
			rcu_assign_pointer(t->masks, new);
			kfree_rcu(old, rcu);
			old = new;
		}
	}
	/* Forget old history by halves. */
	for (i = 0; i < old->n; i++)
		old->masks[i]->hits /= 2;
	mutex_unlock(&fsw_mutex);
again:
	schedule_delayed_work(&t->sort_work, HZ);
}
