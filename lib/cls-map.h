/*
 * Hash tables for the classifier that many threads may read while one
 * writer changes them (see epoch.h for the read-side rules).
 *
 * Both are open-addressing tables with linear probing.  Entries never
 * move while a table is published: a removed entry becomes a tombstone
 * that probing steps over, and an insert fills a tombstone or an empty
 * slot with a single atomic store.  When empty slots run short the writer
 * builds a new array and publishes it with one pointer store; the old one
 * is freed through epoch_defer().  So a reader either sees an entry or
 * does not, and never sees a half-written one.
 *
 *   struct pmap: hash -> object pointer (many objects may share a hash;
 *                the caller compares keys).
 *   struct hindex: a multiset of 32-bit hashes ("does any entry have this
 *                hash?"), for the classifier's staged lookup.
 */
#ifndef FSW_CLS_MAP_H
#define FSW_CLS_MAP_H 1

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hashing of 64-bit words (a murmur-style mix). */
static inline uint32_t hash_rot(uint32_t x, int k)
{
	return (x << k) | (x >> (32 - k));
}

static inline uint32_t hash_add32(uint32_t h, uint32_t v)
{
	v *= 0xcc9e2d51;
	v = hash_rot(v, 15);
	v *= 0x1b873593;
	h ^= v;
	h = hash_rot(h, 13);
	return h * 5 + 0xe6546b64;
}

static inline uint32_t hash_add64(uint32_t h, uint64_t v)
{
	return hash_add32(hash_add32(h, (uint32_t)v), (uint32_t)(v >> 32));
}

static inline uint32_t hash_finish(uint32_t h, uint32_t n)
{
	h ^= n;
	h ^= h >> 16;
	h *= 0x85ebca6b;
	h ^= h >> 13;
	h *= 0xc2b2ae35;
	h ^= h >> 16;
	return h;
}

/* ---- struct pmap ---- */

#define PMAP_TOMB ((void *)(uintptr_t)1)

struct pmap_slot {
	_Atomic uint32_t hash;
	void *_Atomic ptr;	/* NULL: empty, PMAP_TOMB: removed */
};

struct pmap_arr {
	size_t mask;
	struct pmap_slot s[];
};

struct pmap {
	struct pmap_arr *_Atomic arr;
	size_t n;		/* live entries (writer only) */
	size_t n_used;		/* live + tombstones (writer only) */
};

void pmap_init(struct pmap *);
void pmap_destroy(struct pmap *);
void pmap_insert(struct pmap *, uint32_t hash, void *obj);
bool pmap_remove(struct pmap *, uint32_t hash, void *obj);
bool pmap_replace(struct pmap *, uint32_t hash, void *old, void *new_);

/* Probing: for (p = pmap_first(m, h, &pos); p; p = pmap_next(m, h, &pos))
 * visits every object stored with hash h (and, rarely, none other). */
struct pmap_pos {
	const struct pmap_arr *arr;
	size_t i;
};

static inline void *pmap_scan(uint32_t hash, struct pmap_pos *pos)
{
	const struct pmap_arr *a = pos->arr;

	for (;; pos->i = (pos->i + 1) & a->mask) {
		const struct pmap_slot *s = &a->s[pos->i];
		void *p = atomic_load_explicit(&s->ptr, memory_order_acquire);

		if (!p)
			return NULL;
		if (p != PMAP_TOMB &&
		    atomic_load_explicit(&s->hash, memory_order_relaxed) == hash) {
			pos->i = (pos->i + 1) & a->mask;
			return p;
		}
	}
}

static inline void *pmap_first(const struct pmap *m, uint32_t hash,
			       struct pmap_pos *pos)
{
	pos->arr = atomic_load_explicit(&m->arr, memory_order_acquire);
	pos->i = hash & pos->arr->mask;
	return pmap_scan(hash, pos);
}

static inline void *pmap_next(const struct pmap *m, uint32_t hash,
			      struct pmap_pos *pos)
{
	(void)m;
	return pmap_scan(hash, pos);
}

/* Iteration over all objects: start with pos = PMAP_POS_INIT; returns
 * NULL at the end.  Walks the array published at the first call (call it
 * from one read section, or from the writer). */
#define PMAP_POS_INIT { NULL, 0 }
void *pmap_at(const struct pmap *, struct pmap_pos *pos);

/* ---- struct hindex ---- */

struct hindex_arr {
	size_t mask;
	_Atomic uint64_t s[];	/* USED | count << 32 | hash; 0: empty */
};

struct hindex {
	struct hindex_arr *_Atomic arr;
	size_t n_used;		/* writer only */
	size_t n;
};

void hindex_init(struct hindex *);
void hindex_destroy(struct hindex *);
void hindex_add(struct hindex *, uint32_t hash);
void hindex_remove(struct hindex *, uint32_t hash);
bool hindex_contains(const struct hindex *, uint32_t hash);

#endif
