/* Unit tests for lib/prefix-trie.c. */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "epoch.h"
#include "prefix-trie.h"

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static void rnd_bytes(void *p, size_t n)
{
	uint8_t *b = p;

	while (n--)
		*b++ = (uint8_t)rnd();
}

static void set_be32(void *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

static void test_prefix_trie(void **state)
{
	struct prefix_trie t;
	uint8_t a[4], b[16];
	uint64_t pl[2];
	unsigned int n;

	trie_init(&t, 32);
	set_be32(a, 0x0a000000);
	assert_int_equal(trie_lookup(&t, a, pl), 0);
	assert_false(trie_insert(&t, a, 0));
	assert_false(trie_insert(&t, a, 33));
	assert_false(trie_remove(&t, a, 0));
	assert_false(trie_remove(&t, a, 40));
	assert_int_equal(trie_lookup(&t, a, pl), 0);
	trie_insert(&t, a, 8);
	trie_insert(&t, a, 8);
	trie_insert(&t, a, 24);
	set_be32(a, 0x0a0000ff);
	n = trie_lookup(&t, a, pl);
	assert_true(trie_plen_in(pl, 8));
	assert_true(trie_plen_in(pl, 24));
	assert_false(trie_plen_in(pl, 16));
	assert_int_equal(n, 24);
	set_be32(a, 0x0a000000);
	assert_true(trie_remove(&t, a, 8));
	assert_false(trie_remove(&t, a, 9));
	set_be32(a, 0x0b000000);
	assert_false(trie_remove(&t, a, 8));
	set_be32(a, 0x0a0000ff);
	trie_lookup(&t, a, pl);
	assert_true(trie_plen_in(pl, 8));
	assert_true(trie_remove(&t, a, 8));
	trie_lookup(&t, a, pl);
	assert_false(trie_plen_in(pl, 8));
	assert_true(trie_plen_in(pl, 24));
	assert_true(trie_remove(&t, a, 24));
	assert_int_equal(trie_lookup(&t, a, pl), 0);
	assert_int_equal(pl[0] | pl[1], 0);
	/* /32 and /1 and /0-adjacent lengths. */
	set_be32(a, 0xffffffff);
	trie_insert(&t, a, 32);
	trie_insert(&t, a, 1);
	n = trie_lookup(&t, a, pl);
	assert_int_equal(n, 32);
	assert_true(trie_plen_in(pl, 32) && trie_plen_in(pl, 1));
	set_be32(a, 0x7fffffff);
	assert_int_equal(trie_lookup(&t, a, pl), 1);
	assert_int_equal(pl[0] | pl[1], 0);
	trie_destroy(&t);

	trie_init(&t, 128);
	memset(b, 0xab, 16);
	trie_insert(&t, b, 128);
	trie_insert(&t, b, 100);
	trie_insert(&t, b, 64);
	trie_insert(&t, b, 65);
	n = trie_lookup(&t, b, pl);
	assert_int_equal(n, 128);
	assert_true(trie_plen_in(pl, 128) && trie_plen_in(pl, 100) &&
		    trie_plen_in(pl, 64) && trie_plen_in(pl, 65));
	b[15] ^= 1;
	n = trie_lookup(&t, b, pl);
	assert_int_equal(n, 128);
	assert_false(trie_plen_in(pl, 128));
	b[15] ^= 1;
	assert_true(trie_remove(&t, b, 100));
	assert_true(trie_remove(&t, b, 64));
	assert_true(trie_remove(&t, b, 65));
	trie_lookup(&t, b, pl);
	assert_true(trie_plen_in(pl, 128) && !trie_plen_in(pl, 100));
	trie_destroy(&t);
	epoch_synchronize();
}

/* The trie against a list of prefixes: random inserts and removals
 * (exercising splits and merges), lookups checked for the exact set of
 * matching lengths, and for check bits that really decide it. */
struct tprefix {
	uint8_t a[16];
	unsigned int plen;
};

static bool prefix_has(const uint8_t *addr, const struct tprefix *p)
{
	unsigned int i;

	for (i = 0; i < p->plen; i++)
		if ((addr[i / 8] ^ p->a[i / 8]) & (0x80 >> (i % 8)))
			return false;
	return true;
}

static void brute_plens(const struct tprefix *ps, size_t n,
			const uint8_t *addr, uint64_t pl[2])
{
	size_t i;

	pl[0] = pl[1] = 0;
	for (i = 0; i < n; i++)
		if (prefix_has(addr, &ps[i]))
			pl[(ps[i].plen - 1) / 64] |= 1ULL << ((ps[i].plen - 1) % 64);
}

static void rnd_near(uint8_t *out, const uint8_t *base, unsigned int width)
{
	unsigned int k = rnd() % (width + 1), i;

	memcpy(out, base, width / 8);
	for (i = k; i < width; i++)
		if (rnd() % 2)
			out[i / 8] ^= 0x80 >> (i % 8);
}

static void test_trie_random(void **state)
{
	static const unsigned int widths[] = { 32, 128 };
	size_t w;

	for (w = 0; w < 2; w++) {
		unsigned int width = widths[w];
		struct tprefix ps[300];
		uint8_t base[16];
		struct prefix_trie t;
		size_t n = 0;
		int op;

		rnd_bytes(base, 16);
		trie_init(&t, width);
		for (op = 0; op < 6000; op++) {
			uint8_t addr[16], other[16];
			uint64_t got[2], want[2], got2[2];
			unsigned int cb, i;

			if (n < 300 && (n == 0 || rnd() % 3)) {
				rnd_near(ps[n].a, base, width);
				ps[n].plen = 1 + rnd() % width;
				trie_insert(&t, ps[n].a, ps[n].plen);
				n++;
			} else if (n) {
				size_t k = rnd() % n;

				assert_true(trie_remove(&t, ps[k].a,
							ps[k].plen));
				ps[k] = ps[--n];
			}
			rnd_near(addr, n && rnd() % 2 ? ps[rnd() % n].a : base,
				 width);
			cb = trie_lookup(&t, addr, got);
			brute_plens(ps, n, addr, want);
			assert_int_equal(got[0], want[0]);
			assert_int_equal(got[1], want[1]);
			assert_true(cb <= width);
			/* Same first cb bits: same answer, even when the rest
			 * is taken from some stored prefix. */
			if (n && rnd() % 2)
				memcpy(other, ps[rnd() % n].a, 16);
			else
				rnd_bytes(other, 16);
			for (i = 0; i < cb; i++) {
				uint8_t bit = 0x80 >> (i % 8);

				other[i / 8] = (uint8_t)((other[i / 8] & ~bit) |
							 (addr[i / 8] & bit));
			}
			trie_lookup(&t, other, got2);
			assert_int_equal(got2[0], got[0]);
			assert_int_equal(got2[1], got[1]);
		}
		while (n) {
			assert_true(trie_remove(&t, ps[n - 1].a,
						ps[n - 1].plen));
			n--;
		}
		assert_int_equal(t.n_prefixes, 0);
		assert_int_equal(trie_lookup(&t, base, (uint64_t[2]){ 0 }), 0);
		trie_destroy(&t);
		epoch_synchronize();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix_trie),
		cmocka_unit_test(test_trie_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
