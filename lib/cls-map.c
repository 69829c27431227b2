/* Concurrent-read hash tables for the classifier; see cls-map.h. */
#include <config.h>
#include "cls-map.h"

#include <stdlib.h>

#include "epoch.h"
#include "util.h"

#define MIN_SLOTS 8

/* Smallest power of two >= 4 * n (load factor <= 1/4 after a rebuild,
 * rebuilt again when live + tombstones reach 1/2). */
static size_t slots_for(size_t n)
{
	size_t c = MIN_SLOTS;

	while (c < 4 * n)
		c *= 2;
	return c;
}

static struct pmap_arr *pmap_arr_new(size_t n_slots)
{
	struct pmap_arr *a = xzalloc(sizeof *a + n_slots * sizeof a->s[0]);

	a->mask = n_slots - 1;
	return a;
}

void pmap_init(struct pmap *m)
{
	atomic_init(&m->arr, pmap_arr_new(MIN_SLOTS));
	m->n = m->n_used = 0;
}

void pmap_destroy(struct pmap *m)
{
	free(atomic_load(&m->arr));
	atomic_store(&m->arr, NULL);
}

static void pmap_put(struct pmap_arr *a, uint32_t hash, void *obj)
{
	size_t i = hash & a->mask;

	while (atomic_load_explicit(&a->s[i].ptr, memory_order_relaxed))
		i = (i + 1) & a->mask;
	atomic_store_explicit(&a->s[i].hash, hash, memory_order_relaxed);
	atomic_store_explicit(&a->s[i].ptr, obj, memory_order_release);
}

static void pmap_rebuild(struct pmap *m, size_t n)
{
	struct pmap_arr *old = atomic_load(&m->arr);
	struct pmap_arr *a = pmap_arr_new(slots_for(n));
	size_t i;

	for (i = 0; i <= old->mask; i++) {
		void *p = atomic_load_explicit(&old->s[i].ptr,
					       memory_order_relaxed);

		if (p && p != PMAP_TOMB)
			pmap_put(a, atomic_load(&old->s[i].hash), p);
	}
	atomic_store_explicit(&m->arr, a, memory_order_release);
	m->n_used = m->n;
	epoch_defer(free, old);
}

void pmap_insert(struct pmap *m, uint32_t hash, void *obj)
{
	struct pmap_arr *a = atomic_load(&m->arr);
	size_t i;

	if (2 * (m->n_used + 1) > a->mask + 1) {
		pmap_rebuild(m, m->n + 1);
		a = atomic_load(&m->arr);
	}
	for (i = hash & a->mask;; i = (i + 1) & a->mask) {
		void *p = atomic_load_explicit(&a->s[i].ptr,
					       memory_order_relaxed);

		if (!p || p == PMAP_TOMB) {
			if (!p)
				m->n_used++;
			atomic_store_explicit(&a->s[i].hash, hash,
					      memory_order_relaxed);
			atomic_store_explicit(&a->s[i].ptr, obj,
					      memory_order_release);
			m->n++;
			return;
		}
	}
}

static struct pmap_slot *pmap_slot_of(struct pmap *m, uint32_t hash,
				      void *obj)
{
	struct pmap_arr *a = atomic_load(&m->arr);
	size_t i;

	for (i = hash & a->mask;; i = (i + 1) & a->mask) {
		void *p = atomic_load_explicit(&a->s[i].ptr,
					       memory_order_relaxed);

		if (!p)
			return NULL;
		if (p == obj)
			return &a->s[i];
	}
}

bool pmap_remove(struct pmap *m, uint32_t hash, void *obj)
{
	struct pmap_slot *s = pmap_slot_of(m, hash, obj);

	if (!s)
		return false;
	atomic_store_explicit(&s->ptr, PMAP_TOMB, memory_order_release);
	m->n--;
	return true;
}

/* Swaps one object for another with the same hash in a single store. */
bool pmap_replace(struct pmap *m, uint32_t hash, void *old, void *new_)
{
	struct pmap_slot *s = pmap_slot_of(m, hash, old);

	if (!s)
		return false;
	atomic_store_explicit(&s->ptr, new_, memory_order_release);
	return true;
}

void *pmap_at(const struct pmap *m, struct pmap_pos *pos)
{
	const struct pmap_arr *a;

	if (!pos->arr)
		pos->arr = atomic_load_explicit(&m->arr, memory_order_acquire);
	a = pos->arr;
	while (pos->i <= a->mask) {
		void *p = atomic_load_explicit(&a->s[pos->i++].ptr,
					       memory_order_acquire);

		if (p && p != PMAP_TOMB)
			return p;
	}
	return NULL;
}

/* ---- struct hindex ---- */

#define HX_USED (1ULL << 63)
#define HX_HASH(v) ((uint32_t)(v))
#define HX_COUNT(v) (((v) >> 32) & 0x7fffffffULL)
#define HX_MAKE(h, c) (HX_USED | ((uint64_t)(c) << 32) | (h))

static struct hindex_arr *hindex_arr_new(size_t n_slots)
{
	struct hindex_arr *a = xzalloc(sizeof *a + n_slots * sizeof a->s[0]);

	a->mask = n_slots - 1;
	return a;
}

void hindex_init(struct hindex *x)
{
	atomic_init(&x->arr, hindex_arr_new(MIN_SLOTS));
	x->n = x->n_used = 0;
}

void hindex_destroy(struct hindex *x)
{
	free(atomic_load(&x->arr));
	atomic_store(&x->arr, NULL);
}

static void hindex_rebuild(struct hindex *x, size_t n)
{
	struct hindex_arr *old = atomic_load(&x->arr);
	struct hindex_arr *a = hindex_arr_new(slots_for(n));
	size_t i, j;

	for (i = 0; i <= old->mask; i++) {
		uint64_t v = atomic_load_explicit(&old->s[i],
						  memory_order_relaxed);

		if (!HX_COUNT(v))
			continue;
		for (j = HX_HASH(v) & a->mask; atomic_load(&a->s[j]);
		     j = (j + 1) & a->mask)
			;
		atomic_store_explicit(&a->s[j], v, memory_order_relaxed);
	}
	atomic_store_explicit(&x->arr, a, memory_order_release);
	x->n_used = x->n;
	epoch_defer(free, old);
}

void hindex_add(struct hindex *x, uint32_t hash)
{
	struct hindex_arr *a = atomic_load(&x->arr);
	_Atomic uint64_t *tomb = NULL;
	size_t i;

	for (i = hash & a->mask;; i = (i + 1) & a->mask) {
		uint64_t v = atomic_load_explicit(&a->s[i],
						  memory_order_relaxed);

		if (!v)
			break;
		if (HX_HASH(v) == hash) {
			if (!HX_COUNT(v))
				x->n++;
			atomic_store_explicit(&a->s[i],
					      HX_MAKE(hash, HX_COUNT(v) + 1),
					      memory_order_release);
			return;
		}
		if (!HX_COUNT(v) && !tomb)
			tomb = &a->s[i];
	}
	/* A new hash. */
	if (!tomb && 2 * (x->n_used + 1) > a->mask + 1) {
		hindex_rebuild(x, x->n + 1);
		hindex_add(x, hash);
		return;
	}
	if (!tomb) {
		tomb = &a->s[i];
		x->n_used++;
	}
	x->n++;
	atomic_store_explicit(tomb, HX_MAKE(hash, 1), memory_order_release);
}

void hindex_remove(struct hindex *x, uint32_t hash)
{
	struct hindex_arr *a = atomic_load(&x->arr);
	size_t i;

	for (i = hash & a->mask;; i = (i + 1) & a->mask) {
		uint64_t v = atomic_load_explicit(&a->s[i],
						  memory_order_relaxed);

		if (!v)
			abort();	/* not present: a classifier bug */
		if (HX_HASH(v) == hash && HX_COUNT(v)) {
			atomic_store_explicit(&a->s[i],
					      HX_MAKE(hash, HX_COUNT(v) - 1),
					      memory_order_release);
			if (HX_COUNT(v) == 1)
				x->n--;
			return;
		}
	}
}

bool hindex_contains(const struct hindex *x, uint32_t hash)
{
	const struct hindex_arr *a = atomic_load_explicit(&x->arr,
							  memory_order_acquire);
	size_t i;

	for (i = hash & a->mask;; i = (i + 1) & a->mask) {
		uint64_t v = atomic_load_explicit(&a->s[i],
						  memory_order_acquire);

		if (!v)
			return false;
		if (HX_HASH(v) == hash && HX_COUNT(v))
			return true;
	}
}
