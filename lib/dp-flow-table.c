/* Userspace datapath flow table; see dp-flow-table.h. */
#include <config.h>
#include "dp-flow-table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

struct dp_mask {
	struct fsw_key mask;
	struct dp_flow **buckets;
	size_t n_buckets;	/* power of 2 */
	size_t n_flows;
	struct dp_mask *next;
};

void fsw_key_apply_mask(struct fsw_key *dst, const struct fsw_key *key,
			const struct fsw_key *mask)
{
	const uint64_t *k = (const uint64_t *)key;
	const uint64_t *m = (const uint64_t *)mask;
	uint64_t *d = (uint64_t *)dst;
	size_t i;

	for (i = 0; i < FSW_KEY_WORDS; i++)
		d[i] = k[i] & m[i];
}

static uint32_t key_hash(const struct fsw_key *key)
{
	const uint64_t *w = (const uint64_t *)key;
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	size_t i;

	for (i = 0; i < FSW_KEY_WORDS; i++) {
		h ^= w[i];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 33;
	}
	return h ^ (h >> 32);
}

/* Hash of KEY under MASK, without a temporary copy on the hot path. */
static uint32_t masked_hash(const struct fsw_key *key,
			    const struct fsw_key *mask, struct fsw_key *tmp)
{
	fsw_key_apply_mask(tmp, key, mask);
	return key_hash(tmp);
}

void dp_table_init(struct dp_table *t)
{
	memset(t, 0, sizeof *t);
}

static void flow_free(struct dp_flow *f)
{
	buf_uninit(&f->key_attrs);
	buf_uninit(&f->mask_attrs);
	buf_uninit(&f->actions);
	free(f);
}

void dp_table_destroy(struct dp_table *t)
{
	while (t->first)
		dp_table_remove(t, t->first);
}

struct dp_flow *dp_flow_new(void)
{
	return xzalloc(sizeof(struct dp_flow));
}

static struct dp_flow *bucket_find(const struct dp_mask *m, uint32_t hash,
				   const struct fsw_key *masked)
{
	struct dp_flow *f;

	for (f = m->buckets[hash & (m->n_buckets - 1)]; f; f = f->hnext)
		if (f->hash == hash && !memcmp(&f->key, masked, sizeof *masked))
			return f;
	return NULL;
}

struct dp_flow *dp_table_lookup(const struct dp_table *t,
				const struct fsw_key *key,
				unsigned int *n_mask_hit)
{
	struct fsw_key masked;
	struct dp_mask *m;
	unsigned int n = 0;

	for (m = t->masks; m; m = m->next) {
		struct dp_flow *f;

		n++;
		f = bucket_find(m, masked_hash(key, &m->mask, &masked),
				&masked);
		if (f) {
			if (n_mask_hit)
				*n_mask_hit = n;
			return f;
		}
	}
	if (n_mask_hit)
		*n_mask_hit = n;
	return NULL;
}

static struct dp_mask *mask_find(const struct dp_table *t,
				 const struct fsw_key *mask)
{
	struct dp_mask *m;

	for (m = t->masks; m; m = m->next)
		if (!memcmp(&m->mask, mask, sizeof *mask))
			return m;
	return NULL;
}

struct dp_flow *dp_table_find_exact(const struct dp_table *t,
				    const struct fsw_key *key,
				    const struct fsw_key *mask)
{
	struct dp_mask *m = mask_find(t, mask);
	struct fsw_key masked;

	if (!m)
		return NULL;
	return bucket_find(m, masked_hash(key, mask, &masked), &masked);
}

struct dp_flow *dp_table_find_ufid(const struct dp_table *t,
				   const struct dpif_ufid *ufid)
{
	struct dp_flow *f;

	for (f = t->first; f; f = f->next)
		if (f->has_ufid && !memcmp(&f->ufid, ufid, sizeof *ufid))
			return f;
	return NULL;
}

static void mask_rehash(struct dp_mask *m, size_t n_buckets)
{
	struct dp_flow **b = xzalloc(n_buckets * sizeof *b);
	size_t i;

	for (i = 0; i < m->n_buckets; i++) {
		struct dp_flow *f, *next;

		for (f = m->buckets[i]; f; f = next) {
			next = f->hnext;
			f->hnext = b[f->hash & (n_buckets - 1)];
			b[f->hash & (n_buckets - 1)] = f;
		}
	}
	free(m->buckets);
	m->buckets = b;
	m->n_buckets = n_buckets;
}

void dp_table_insert(struct dp_table *t, struct dp_flow *f,
		     const struct fsw_key *key, const struct fsw_key *mask)
{
	struct dp_mask *m = mask_find(t, mask);
	struct dp_flow **slot;

	if (!m) {
		struct dp_mask **tail;

		m = xzalloc(sizeof *m);
		m->mask = *mask;
		mask_rehash(m, 16);
		/* New masks go last: older (busier) ones are tried first. */
		for (tail = &t->masks; *tail; tail = &(*tail)->next)
			continue;
		*tail = m;
		t->n_masks++;
	}
	f->ukey = *key;
	f->hash = masked_hash(key, mask, &f->key);
	f->mask = m;
	if (m->n_flows >= m->n_buckets * 2)
		mask_rehash(m, m->n_buckets * 4);
	slot = &m->buckets[f->hash & (m->n_buckets - 1)];
	f->hnext = *slot;
	*slot = f;
	m->n_flows++;

	f->prev = t->last;
	f->next = NULL;
	if (t->last)
		t->last->next = f;
	else
		t->first = f;
	t->last = f;
	t->n_flows++;
}

void dp_table_remove(struct dp_table *t, struct dp_flow *f)
{
	struct dp_mask *m = f->mask;
	struct dp_flow **p;

	for (p = &m->buckets[f->hash & (m->n_buckets - 1)]; *p;
	     p = &(*p)->hnext) {
		if (*p == f) {
			*p = f->hnext;
			break;
		}
	}
	if (!--m->n_flows) {
		struct dp_mask **mp;

		for (mp = &t->masks; *mp != m; mp = &(*mp)->next)
			continue;
		*mp = m->next;
		free(m->buckets);
		free(m);
		t->n_masks--;
	}
	if (f->prev)
		f->prev->next = f->next;
	else
		t->first = f->next;
	if (f->next)
		f->next->prev = f->prev;
	else
		t->last = f->prev;
	t->n_flows--;
	flow_free(f);
}
