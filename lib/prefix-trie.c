/* Counted path-compressed prefix trie; see prefix-trie.h. */
#include <config.h>
#include "prefix-trie.h"

#include <stdlib.h>

#include "epoch.h"
#include "util.h"

#define MAX_SEG 64

struct trie_node {
	uint64_t bits;			/* segment, first bit in bit 63 */
	unsigned int nbits;		/* 1..64 */
	_Atomic uint32_t count;		/* prefixes ending here */
	struct trie_node *_Atomic child[2];	/* by the next bit */
};

/* An address as a 128-bit big-endian number. */
struct addr128 {
	uint64_t hi, lo;
};

static struct addr128 load_addr(const uint8_t *p, unsigned int width)
{
	struct addr128 a = { 0, 0 };
	unsigned int i;

	for (i = 0; i < width / 8; i++) {
		if (i < 8)
			a.hi |= (uint64_t)p[i] << (56 - 8 * i);
		else
			a.lo |= (uint64_t)p[i] << (56 - 8 * (i - 8));
	}
	return a;
}

/* 64 bits of a starting at bit ofs, first one in bit 63. */
static uint64_t bits_at(const struct addr128 *a, unsigned int ofs)
{
	if (ofs == 0)
		return a->hi;
	if (ofs < 64)
		return (a->hi << ofs) | (a->lo >> (64 - ofs));
	if (ofs < 128)
		return a->lo << (ofs - 64);
	return 0;
}

static unsigned int bit_at(const struct addr128 *a, unsigned int ofs)
{
	return bits_at(a, ofs) >> 63;
}

static uint64_t top_bits(uint64_t x, unsigned int n)
{
	return n >= 64 ? x : n ? x & ~(~0ULL >> n) : 0;
}

/* How many leading bits of x and y agree, at most max. */
static unsigned int common_bits(uint64_t x, uint64_t y, unsigned int max)
{
	uint64_t d = x ^ y;
	unsigned int n = d ? (unsigned int)__builtin_clzll(d) : 64;

	return n < max ? n : max;
}

static struct trie_node *node_new(uint64_t bits, unsigned int nbits,
				  uint32_t count)
{
	struct trie_node *n = xzalloc(sizeof *n);

	n->bits = top_bits(bits, nbits);
	n->nbits = nbits;
	atomic_init(&n->count, count);
	return n;
}

/* Nodes for bits ofs..plen-1 of a, the last one counted once. */
static struct trie_node *make_chain(const struct addr128 *a, unsigned int ofs,
				    unsigned int plen)
{
	unsigned int len = plen - ofs > MAX_SEG ? MAX_SEG : plen - ofs;
	struct trie_node *n = node_new(bits_at(a, ofs), len,
				       ofs + len == plen);

	if (ofs + len < plen)
		atomic_init(&n->child[bit_at(a, ofs + len)],
			    make_chain(a, ofs + len, plen));
	return n;
}

void trie_init(struct prefix_trie *t, unsigned int width)
{
	atomic_init(&t->root[0], NULL);
	atomic_init(&t->root[1], NULL);
	t->width = width;
	t->n_prefixes = 0;
}

static void free_subtree(struct trie_node *n)
{
	if (!n)
		return;
	free_subtree(atomic_load(&n->child[0]));
	free_subtree(atomic_load(&n->child[1]));
	free(n);
}

/* No readers may remain. */
void trie_destroy(struct prefix_trie *t)
{
	free_subtree(atomic_load(&t->root[0]));
	free_subtree(atomic_load(&t->root[1]));
	atomic_store(&t->root[0], NULL);
	atomic_store(&t->root[1], NULL);
	t->n_prefixes = 0;
}

/* Replaces n (at *slot) by a node holding its first m bits, with the
 * rest of n below it; returns the new upper node (not yet published). */
static struct trie_node *split(struct trie_node *n, unsigned int m)
{
	struct trie_node *upper = node_new(n->bits, m, 0);
	struct trie_node *lower = node_new(n->bits << m, n->nbits - m,
					   atomic_load(&n->count));

	atomic_init(&lower->child[0], atomic_load(&n->child[0]));
	atomic_init(&lower->child[1], atomic_load(&n->child[1]));
	atomic_init(&upper->child[(n->bits << m) >> 63], lower);
	return upper;
}

bool trie_insert(struct prefix_trie *t, const uint8_t *addr,
		 unsigned int plen)
{
	struct addr128 a = load_addr(addr, t->width);
	struct trie_node *_Atomic *slot = &t->root[bit_at(&a, 0)];
	unsigned int ofs = 0;

	if (!plen || plen > t->width)
		return false;
	t->n_prefixes++;
	for (;;) {
		struct trie_node *n = atomic_load(slot), *up;
		unsigned int want, m;

		if (!n) {
			atomic_store_explicit(slot, make_chain(&a, ofs, plen),
					      memory_order_release);
			return true;
		}
		want = plen - ofs < n->nbits ? plen - ofs : n->nbits;
		m = common_bits(n->bits, bits_at(&a, ofs), want);
		if (m == n->nbits) {
			ofs += m;
			if (ofs == plen) {
				atomic_fetch_add(&n->count, 1);
				return true;
			}
			slot = &n->child[bit_at(&a, ofs)];
			continue;
		}
		/* The prefix ends inside n or leaves it at bit m. */
		up = split(n, m);
		if (ofs + m == plen)
			atomic_init(&up->count, 1);
		else
			atomic_init(&up->child[bit_at(&a, ofs + m)],
				    make_chain(&a, ofs + m, plen));
		atomic_store_explicit(slot, up, memory_order_release);
		epoch_defer(free, n);
		return true;
	}
}

/* Tidies the node at *slot after its count or children dropped: an
 * unused leaf goes away, an unused node with one child merges with it
 * when the two segments fit in one.  Returns true if the node went away
 * (so its parent may need tidying too). */
static bool tidy(struct trie_node *_Atomic *slot)
{
	struct trie_node *n = atomic_load(slot), *c, *m;
	struct trie_node *c0, *c1;

	if (atomic_load(&n->count))
		return false;
	c0 = atomic_load(&n->child[0]);
	c1 = atomic_load(&n->child[1]);
	if (!c0 && !c1) {
		atomic_store_explicit(slot, NULL, memory_order_release);
		epoch_defer(free, n);
		return true;
	}
	if (c0 && c1)
		return false;
	c = c0 ? c0 : c1;
	if (n->nbits + c->nbits > MAX_SEG)
		return false;
	m = node_new(n->bits | (c->bits >> n->nbits), n->nbits + c->nbits,
		     atomic_load(&c->count));
	atomic_init(&m->child[0], atomic_load(&c->child[0]));
	atomic_init(&m->child[1], atomic_load(&c->child[1]));
	atomic_store_explicit(slot, m, memory_order_release);
	epoch_defer(free, n);
	epoch_defer(free, c);
	return false;
}

bool trie_remove(struct prefix_trie *t, const uint8_t *addr,
		 unsigned int plen)
{
	struct addr128 a = load_addr(addr, t->width);
	struct trie_node *_Atomic *path[129];
	struct trie_node *_Atomic *slot = &t->root[bit_at(&a, 0)];
	unsigned int ofs = 0, depth = 0;
	struct trie_node *n;

	if (!plen || plen > t->width)
		return false;
	for (;;) {
		n = atomic_load(slot);
		if (!n || plen - ofs < n->nbits ||
		    common_bits(n->bits, bits_at(&a, ofs), n->nbits) < n->nbits)
			return false;
		path[depth++] = slot;
		ofs += n->nbits;
		if (ofs == plen)
			break;
		slot = &n->child[bit_at(&a, ofs)];
	}
	if (!atomic_load(&n->count))
		return false;
	atomic_fetch_sub(&n->count, 1);
	t->n_prefixes--;
	while (depth && tidy(path[--depth]))
		;
	return true;
}

unsigned int trie_lookup(const struct prefix_trie *t, const uint8_t *addr,
			 uint64_t plens[2])
{
	struct addr128 a = load_addr(addr, t->width);
	unsigned int b = bit_at(&a, 0), ofs = 0;
	struct trie_node *n;

	plens[0] = plens[1] = 0;
	n = atomic_load_explicit(&t->root[b], memory_order_acquire);
	if (!n)
		return atomic_load_explicit(&t->root[!b],
					    memory_order_acquire) ? 1 : 0;
	for (;;) {
		unsigned int m = common_bits(n->bits, bits_at(&a, ofs),
					     n->nbits);
		struct trie_node *next;

		if (m < n->nbits)
			return ofs + m + 1;
		ofs += n->nbits;
		if (atomic_load_explicit(&n->count, memory_order_relaxed))
			plens[(ofs - 1) / 64] |= 1ULL << ((ofs - 1) % 64);
		if (ofs >= t->width)
			return t->width;
		b = bit_at(&a, ofs);
		next = atomic_load_explicit(&n->child[b],
					    memory_order_acquire);
		if (!next)
			return atomic_load_explicit(&n->child[!b],
					memory_order_acquire) ? ofs + 1 : ofs;
		n = next;
	}
}
