/*
 * A path-compressed binary trie of address prefixes (IPv4 or IPv6, as
 * big-endian byte strings), counted: the classifier inserts the prefix of
 * every rule whose mask on the field is a CIDR prefix.
 *
 * trie_lookup(addr) answers "which prefix lengths L have a prefix in the
 * trie that matches addr's first L bits" and also says how many leading
 * bits of addr it had to look at: every address that agrees with addr on
 * those bits gets the same answer.  (The walk follows addr down the trie
 * until it falls off; prefixes off that path differ from addr at a bit
 * before the fall-off point, prefixes longer than the path differ at the
 * fall-off bit itself.)
 *
 * Concurrency: one writer, readers in epoch sections.  A node's bits and
 * length never change once published; splitting or merging builds new
 * nodes, publishes them with one pointer store and defers freeing the old
 * ones.  Counts and child pointers are atomics.
 */
#ifndef FSW_PREFIX_TRIE_H
#define FSW_PREFIX_TRIE_H 1

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct trie_node;

struct prefix_trie {
	struct trie_node *_Atomic root[2];	/* by the first bit */
	unsigned int width;			/* 32 or 128 */
	unsigned int n_prefixes;		/* writer only */
};

void trie_init(struct prefix_trie *, unsigned int width);
void trie_destroy(struct prefix_trie *);

/* addr holds width / 8 bytes; bits past plen are ignored.  Returns false
 * (and changes nothing) unless 1 <= plen <= width. */
bool trie_insert(struct prefix_trie *, const uint8_t *addr, unsigned int plen);
/* Returns false (and changes nothing) if the prefix is not there. */
bool trie_remove(struct prefix_trie *, const uint8_t *addr, unsigned int plen);

/* Sets bit L-1 of plens (a 128-bit set, plens[0] holds L = 1..64) for
 * each matching prefix length L; returns the number of leading bits of
 * addr that decided the result. */
unsigned int trie_lookup(const struct prefix_trie *, const uint8_t *addr,
			 uint64_t plens[2]);

static inline bool trie_plen_in(const uint64_t plens[2], unsigned int plen)
{
	return (plens[(plen - 1) / 64] >> ((plen - 1) % 64)) & 1;
}

#endif
