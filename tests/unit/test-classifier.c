/* Unit tests for lib/classifier.c (the trie and the epochs have their
 * own: test-prefix-trie.c, test-epoch.c). */
#include <config.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <cmocka.h>

#include "classifier.h"
#include "epoch.h"
#include "prefix-trie.h"
#include "util.h"

/* ---- Helpers ---- */

struct field {
	const char *name;
	size_t ofs, len;
};

#define FLD(name, member) \
	{ name, offsetof(struct flow, member), \
	  sizeof(((struct flow *)0)->member) }

/* Every field of struct flow. */
static const struct field fields[] = {
	FLD("recirc_id", dp.recirc_id), FLD("dp_hash", dp.dp_hash),
	FLD("in_port", dp.in_port), FLD("priority", dp.priority),
	FLD("skb_mark", dp.skb_mark), FLD("eth_src", dp.eth_src),
	FLD("eth_dst", dp.eth_dst), FLD("vlan_tpid", dp.vlan.tpid),
	FLD("vlan_tci", dp.vlan.tci), FLD("cvlan_tpid", dp.cvlan.tpid),
	FLD("cvlan_tci", dp.cvlan.tci), FLD("eth_type", dp.eth_type),
	FLD("nw_proto", dp.nw_proto), FLD("nw_tos", dp.nw_tos),
	FLD("ipv4_src", dp.ipv4_src), FLD("ipv4_dst", dp.ipv4_dst),
	FLD("ipv6_label", dp.ipv6_label), FLD("ipv6_src", dp.ipv6_src),
	FLD("ipv6_dst", dp.ipv6_dst), FLD("nw_ttl", dp.nw_ttl),
	FLD("nw_frag", dp.nw_frag), FLD("arp_sha", dp.arp_sha),
	FLD("arp_tha", dp.arp_tha), FLD("tp_src", dp.tp_src),
	FLD("tp_dst", dp.tp_dst), FLD("tcp_flags", dp.tcp_flags),
	FLD("nd_sll", dp.nd_sll), FLD("nd_tll", dp.nd_tll),
	FLD("nd_target", dp.nd_target), FLD("metadata", metadata),
	FLD("tunnel_id", tunnel_id), FLD("mpls_lse", mpls_lse),
	FLD("pbb_isid", pbb_isid), FLD("ipv6_exthdr", ipv6_exthdr),
};

#define N_FIELDS ARRAY_SIZE(fields)

struct trule {
	struct cls_rule cr;
	int id;
	uint64_t ord;		/* our own insertion order, for ties */
	int magic;
};

#define MAGIC_LIVE 0x11
#define MAGIC_FREED 0x22

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	/* xorshift64* */
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

static uint8_t *fp(struct flow *f, const struct field *fd)
{
	return (uint8_t *)f + fd->ofs;
}

static struct trule *new_rule(const struct match *m, int priority, int id)
{
	struct trule *r = xzalloc(sizeof *r);

	cls_rule_init(&r->cr, m, priority);
	r->id = id;
	r->magic = MAGIC_LIVE;
	return r;
}

static int rid(const struct cls_rule *r)
{
	return r ? CLS_CONTAINER_OF(r, struct trule, cr)->id : -1;
}

static int lookup_id(const struct classifier *cls, const struct flow *f,
		     struct flow *wc)
{
	return rid(cls_lookup(cls, f, wc));
}

static void set_be32(void *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

static void set_be16(void *p, uint16_t v)
{
	v = htons(v);
	memcpy(p, &v, 2);
}

static bool flow_matches(const struct match *m, const struct flow *f)
{
	const uint64_t *a = (const uint64_t *)f;
	const uint64_t *b = (const uint64_t *)&m->flow;
	const uint64_t *k = (const uint64_t *)&m->mask;
	size_t i;

	for (i = 0; i < FLOW_WORDS; i++)
		if ((a[i] ^ b[i]) & k[i])
			return false;
	return true;
}

static bool flow_is_zero(const struct flow *f)
{
	static const struct flow zero;

	return !memcmp(f, &zero, sizeof zero);
}

/* ---- Priorities and ties ---- */

static void test_priorities(void **state)
{
	struct classifier cls;
	struct match m;
	struct trule *r[5];
	struct cls_rule *old;
	struct flow f;
	int i;

	cls_init(&cls);
	memset(&f, 0, sizeof f);
	f.dp.in_port = 1;
	set_be16(&f.dp.eth_type, 0x0800);
	set_be32(&f.dp.ipv4_dst, 0x0a000001);

	assert_int_equal(lookup_id(&cls, &f, NULL), -1);

	match_init_catchall(&m);
	r[0] = new_rule(&m, 0, 0);		/* catch-all */
	m.flow.dp.in_port = 1;
	m.mask.dp.in_port = ~0u;
	r[1] = new_rule(&m, 10, 1);		/* in_port=1, prio 10 */
	match_init_catchall(&m);
	set_be16(&m.flow.dp.eth_type, 0x0800);
	set_be16(&m.mask.dp.eth_type, 0xffff);
	r[2] = new_rule(&m, 10, 2);		/* ip, prio 10: ties r1 */
	set_be32(&m.flow.dp.ipv4_dst, 0x0a000000);
	set_be32(&m.mask.dp.ipv4_dst, 0xff000000);
	r[3] = new_rule(&m, 5, 3);		/* 10/8, prio 5 */
	r[4] = new_rule(&m, 20, 4);		/* 10/8, prio 20 */

	for (i = 0; i < 4; i++)
		assert_int_equal(cls_insert(&cls, &r[i]->cr), 0);
	assert_int_equal(cls_count(&cls), 4);
	/* r1 and r2 tie at 10: r1 was inserted first. */
	assert_int_equal(lookup_id(&cls, &f, NULL), 1);
	assert_int_equal(cls_insert(&cls, &r[4]->cr), 0);
	assert_int_equal(lookup_id(&cls, &f, NULL), 4);
	assert_true(cls_remove(&cls, &r[4]->cr));
	assert_int_equal(lookup_id(&cls, &f, NULL), 1);

	/* Replacing r1 keeps its place in the tie. */
	match_init_catchall(&m);
	m.flow.dp.in_port = 1;
	m.mask.dp.in_port = ~0u;
	{
		struct trule *r1b = new_rule(&m, 10, 11);

		assert_int_equal(cls_insert(&cls, &r1b->cr), -EEXIST);
		assert_int_equal(cls_insert_or_replace(&cls, &r1b->cr, &old),
				 0);
		assert_ptr_equal(old, &r[1]->cr);
		assert_false(cls_rule_is_inserted(old));
		assert_int_equal(lookup_id(&cls, &f, NULL), 11);
		assert_int_equal(cls_count(&cls), 4);
		assert_true(cls_remove(&cls, &r1b->cr));
		free(r1b);
	}
	assert_int_equal(lookup_id(&cls, &f, NULL), 2);
	f.dp.in_port = 2;
	set_be16(&f.dp.eth_type, 0x86dd);
	assert_int_equal(lookup_id(&cls, &f, NULL), 0);

	/* Remove in another order: ties now go to r2 then r1 again. */
	assert_int_equal(cls_insert(&cls, &r[1]->cr), 0);
	f.dp.in_port = 1;
	set_be16(&f.dp.eth_type, 0x0800);
	assert_int_equal(lookup_id(&cls, &f, NULL), 2);

	cls_destroy(&cls);
	for (i = 0; i < 5; i++)
		free(r[i]);
}

/* Extreme priorities and negative ones order correctly. */
static void test_priority_range(void **state)
{
	struct classifier cls;
	struct trule *a, *b, *c;
	struct match m;
	struct flow f;

	cls_init(&cls);
	match_init_catchall(&m);
	memset(&f, 0, sizeof f);
	a = new_rule(&m, -5, 1);
	m.mask.dp.in_port = 1;
	b = new_rule(&m, 0x7fffffff, 2);
	m.mask.dp.in_port = 3;
	c = new_rule(&m, 65535, 3);
	assert_int_equal(cls_insert(&cls, &a->cr), 0);
	assert_int_equal(cls_insert(&cls, &c->cr), 0);
	assert_int_equal(lookup_id(&cls, &f, NULL), 3);
	assert_int_equal(cls_insert(&cls, &b->cr), 0);
	assert_int_equal(lookup_id(&cls, &f, NULL), 2);
	f.dp.in_port = 1;
	assert_int_equal(lookup_id(&cls, &f, NULL), 1);
	cls_destroy(&cls);
	free(a);
	free(b);
	free(c);
}

/* ---- Every field ---- */

/* For each field: a rule matching it exactly and one matching only
 * alternate bits; check hits, misses, and that a hit un-wildcards the
 * field and nothing else. */
static void test_every_field(void **state)
{
	size_t i, j;

	for (i = 0; i < N_FIELDS; i++) {
		const struct field *fd = &fields[i];
		struct classifier cls;
		struct trule *exact, *alt;
		struct flow f, wc, want;
		struct match m;

		cls_init(&cls);
		match_init_catchall(&m);
		rnd_bytes(fp(&m.flow, fd), fd->len);
		memset(fp(&m.mask, fd), 0xff, fd->len);
		exact = new_rule(&m, 2, 1);
		memset(fp(&m.mask, fd), 0x55, fd->len);
		alt = new_rule(&m, 1, 2);
		assert_int_equal(cls_insert(&cls, &exact->cr), 0);
		assert_int_equal(cls_insert(&cls, &alt->cr), 0);

		rnd_bytes(&f, sizeof f);
		memcpy(fp(&f, fd), fp(&exact->cr.match.flow, fd), fd->len);
		memset(&wc, 0, sizeof wc);
		assert_int_equal(lookup_id(&cls, &f, &wc), 1);
		memset(&want, 0, sizeof want);
		memset(fp(&want, fd), 0xff, fd->len);
		assert_memory_equal(&wc, &want, sizeof wc);

		/* Flip a bit the alt rule ignores: only alt is left...
		 * no: alt ignores odd bits, so flip bit 1 of byte 0. */
		fp(&f, fd)[0] ^= 0x02;
		assert_int_equal(lookup_id(&cls, &f, NULL), 2);
		/* Flip a bit alt cares about too. */
		fp(&f, fd)[0] ^= 0x01;
		assert_int_equal(lookup_id(&cls, &f, NULL), -1);

		/* Other fields never matter. */
		for (j = 0; j < N_FIELDS; j++) {
			if (j == i)
				continue;
			rnd_bytes(fp(&f, &fields[j]), fields[j].len);
		}
		memcpy(fp(&f, fd), fp(&exact->cr.match.flow, fd), fd->len);
		assert_int_equal(lookup_id(&cls, &f, NULL), 1);

		cls_destroy(&cls);
		free(exact);
		free(alt);
	}
}

/* ---- Staged lookup ---- */

static void tcp80_match(struct match *m)
{
	match_init_catchall(m);
	set_be16(&m->flow.dp.eth_type, 0x0800);
	set_be16(&m->mask.dp.eth_type, 0xffff);
	m->flow.dp.nw_proto = 6;
	m->mask.dp.nw_proto = 0xff;
	set_be16(&m->flow.dp.tp_dst, 80);
	set_be16(&m->mask.dp.tp_dst, 0xffff);
}

static void test_staged_wildcards(void **state)
{
	struct classifier cls;
	struct flow f, wc;
	struct trule *r;
	struct match m;

	cls_init(&cls);
	tcp80_match(&m);
	r = new_rule(&m, 100, 1);
	assert_int_equal(cls_insert(&cls, &r->cr), 0);

	/* UDP: fails in stage L3; tp_dst and everything else untouched. */
	memset(&f, 0, sizeof f);
	set_be16(&f.dp.eth_type, 0x0800);
	f.dp.nw_proto = 17;
	set_be16(&f.dp.tp_dst, 80);
	f.dp.in_port = 7;
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), -1);
	assert_int_equal(wc.dp.eth_type, 0xffff);
	assert_int_equal(wc.dp.nw_proto, 0xff);
	assert_int_equal(wc.dp.tp_dst, 0);
	wc.dp.eth_type = 0;
	wc.dp.nw_proto = 0;
	assert_true(flow_is_zero(&wc));

	/* IPv6: fails in stage L2, only eth_type examined. */
	set_be16(&f.dp.eth_type, 0x86dd);
	f.dp.nw_proto = 6;
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), -1);
	assert_int_equal(wc.dp.eth_type, 0xffff);
	wc.dp.eth_type = 0;
	assert_true(flow_is_zero(&wc));

	/* A hit examines all three. */
	set_be16(&f.dp.eth_type, 0x0800);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), 1);
	assert_int_equal(wc.dp.eth_type, 0xffff);
	assert_int_equal(wc.dp.nw_proto, 0xff);
	assert_int_equal(wc.dp.tp_dst, 0xffff);

	/* A lower-priority catch-all behind it: a miss in the first
	 * subtable still needs only its examined stages, and the catch-all
	 * adds nothing. */
	{
		struct trule *all;

		match_init_catchall(&m);
		all = new_rule(&m, 0, 2);
		assert_int_equal(cls_insert(&cls, &all->cr), 0);
		f.dp.nw_proto = 17;
		memset(&wc, 0, sizeof wc);
		assert_int_equal(lookup_id(&cls, &f, &wc), 2);
		assert_int_equal(wc.dp.tp_dst, 0);
		assert_int_equal(wc.dp.nw_proto, 0xff);
		/* A hit at priority 100 stops before the catch-all. */
		f.dp.nw_proto = 6;
		assert_int_equal(lookup_id(&cls, &f, NULL), 1);
		cls_destroy(&cls);
		free(all);
	}
	free(r);
}

/* A higher-priority hit stops the search: lower subtables add no bits. */
static void test_early_exit(void **state)
{
	struct classifier cls;
	struct trule *hi, *lo;
	struct flow f, wc;
	struct match m;

	cls_init(&cls);
	match_init_catchall(&m);
	m.flow.dp.in_port = 1;
	m.mask.dp.in_port = ~0u;
	hi = new_rule(&m, 50, 1);
	match_init_catchall(&m);
	set_be16(&m.flow.dp.tp_src, 22);
	set_be16(&m.mask.dp.tp_src, 0xffff);
	lo = new_rule(&m, 10, 2);
	assert_int_equal(cls_insert(&cls, &lo->cr), 0);
	assert_int_equal(cls_insert(&cls, &hi->cr), 0);
	memset(&f, 0, sizeof f);
	f.dp.in_port = 1;
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), 1);
	assert_int_equal(wc.dp.in_port, ~0u);
	assert_int_equal(wc.dp.tp_src, 0);
	cls_destroy(&cls);
	free(hi);
	free(lo);
}

/* Equal priorities: once the earliest-inserted candidate is found,
 * subtables whose rules all came later are not searched (and add no
 * bits); ones holding older rules are. */
static void test_tie_wildcards(void **state)
{
	struct classifier cls;
	struct trule *a, *b;
	struct flow f, wc;
	struct match m;

	cls_init(&cls);
	match_init_catchall(&m);
	m.flow.dp.in_port = 1;
	m.mask.dp.in_port = ~0u;
	a = new_rule(&m, 10, 1);
	match_init_catchall(&m);
	set_be16(&m.flow.dp.tp_dst, 80);
	set_be16(&m.mask.dp.tp_dst, 0xffff);
	b = new_rule(&m, 10, 2);
	assert_int_equal(cls_insert(&cls, &a->cr), 0);
	assert_int_equal(cls_insert(&cls, &b->cr), 0);

	memset(&f, 0, sizeof f);
	f.dp.in_port = 1;
	set_be16(&f.dp.tp_dst, 80);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), 1);
	assert_int_equal(wc.dp.in_port, ~0u);
	assert_int_equal(wc.dp.tp_dst, 0);

	/* Now b is older than a: b wins, a's subtable is skipped. */
	assert_true(cls_remove(&cls, &a->cr));
	assert_int_equal(cls_insert(&cls, &a->cr), 0);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), 2);
	assert_int_equal(wc.dp.tp_dst, 0xffff);
	assert_int_equal(wc.dp.in_port, 0);

	/* a's packet without port 80: b's subtable (older, searched first)
	 * misses, a hits. */
	set_be16(&f.dp.tp_dst, 81);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), 1);
	assert_int_equal(wc.dp.tp_dst, 0xffff);
	assert_int_equal(wc.dp.in_port, ~0u);
	cls_destroy(&cls);
	free(a);
	free(b);
}

/* The metadata stage comes first: a metadata miss leaves L2-L4 alone. */
static void test_metadata_stage(void **state)
{
	struct classifier cls;
	struct flow f, wc;
	struct trule *r;
	struct match m;

	cls_init(&cls);
	tcp80_match(&m);
	m.flow.metadata = 0x1234;
	m.mask.metadata = ~0ULL;
	m.flow.tunnel_id = 7;
	m.mask.tunnel_id = ~0ULL;
	r = new_rule(&m, 1, 1);
	assert_int_equal(cls_insert(&cls, &r->cr), 0);
	memset(&f, 0, sizeof f);
	f.metadata = 0x1234;
	f.tunnel_id = 8;
	set_be16(&f.dp.eth_type, 0x0800);
	f.dp.nw_proto = 6;
	set_be16(&f.dp.tp_dst, 80);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), -1);
	assert_true(wc.metadata == ~0ULL && wc.tunnel_id == ~0ULL);
	wc.metadata = wc.tunnel_id = 0;
	assert_true(flow_is_zero(&wc));
	f.tunnel_id = 7;
	assert_int_equal(lookup_id(&cls, &f, NULL), 1);
	cls_destroy(&cls);
	free(r);
}

/* wc accumulates: a pipeline ORs the masks of its tables. */
static void test_pipeline_accumulates(void **state)
{
	struct classifier t0, t1;
	struct trule *a, *b;
	struct flow f, wc;
	struct match m;

	cls_init(&t0);
	cls_init(&t1);
	match_init_catchall(&m);
	m.flow.dp.in_port = 1;
	m.mask.dp.in_port = ~0u;
	a = new_rule(&m, 1, 1);
	match_init_catchall(&m);
	m.flow.dp.nw_ttl = 64;
	m.mask.dp.nw_ttl = 0xff;
	b = new_rule(&m, 1, 2);
	assert_int_equal(cls_insert(&t0, &a->cr), 0);
	assert_int_equal(cls_insert(&t1, &b->cr), 0);
	memset(&f, 0, sizeof f);
	f.dp.in_port = 1;
	f.dp.nw_ttl = 64;
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&t0, &f, &wc), 1);
	assert_int_equal(lookup_id(&t1, &f, &wc), 2);
	assert_int_equal(wc.dp.in_port, ~0u);
	assert_int_equal(wc.dp.nw_ttl, 0xff);
	/* Tables are independent. */
	assert_int_equal(lookup_id(&t1, &f, NULL), 2);
	assert_null(cls_find_exactly(&t0, &b->cr.match, 1));
	cls_destroy(&t0);
	/* Destroying forgets the rules: they can go elsewhere. */
	assert_false(cls_rule_is_inserted(&a->cr));
	assert_int_equal(cls_insert(&t1, &a->cr), 0);
	assert_int_equal(cls_count(&t1), 2);
	cls_destroy(&t1);
	free(a);
	free(b);
}

/* ---- Prefix tries ---- */

static struct trule *ipv4_dst_rule(uint32_t addr, int plen, int prio, int id)
{
	struct match m;

	match_init_catchall(&m);
	set_be16(&m.flow.dp.eth_type, 0x0800);
	set_be16(&m.mask.dp.eth_type, 0xffff);
	set_be32(&m.flow.dp.ipv4_dst, addr);
	set_be32(&m.mask.dp.ipv4_dst, plen ? ~0u << (32 - plen) : 0);
	return new_rule(&m, prio, id);
}

static uint32_t wc_ipv4_dst(const struct flow *wc)
{
	return ntohl(wc->dp.ipv4_dst);
}

static void test_trie_wildcards(void **state)
{
	struct classifier cls;
	struct trule *r[3];
	struct flow f, wc;
	int i;

	cls_init(&cls);
	r[0] = ipv4_dst_rule(0x0a000000, 24, 10, 0);	/* 10.0.0.0/24 */
	assert_int_equal(cls_insert(&cls, &r[0]->cr), 0);

	memset(&f, 0, sizeof f);
	set_be16(&f.dp.eth_type, 0x0800);
	set_be32(&f.dp.ipv4_dst, 0xc0a80101);		/* 192.168.1.1 */
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), -1);
	/* One bit (10 is 0..., 192 is 1...) decides; not 32, not 24. */
	assert_int_equal(wc_ipv4_dst(&wc), 0x80000000);
	wc.dp.ipv4_dst = 0;
	assert_true(flow_is_zero(&wc));

	/* 10.0.1.1: agrees on 23 bits, the 24th decides. */
	set_be32(&f.dp.ipv4_dst, 0x0a000101);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), -1);
	assert_int_equal(wc_ipv4_dst(&wc), 0xffffff00);

	/* 10.0.0.7 hits: the full /24 plus eth_type. */
	set_be32(&f.dp.ipv4_dst, 0x0a000007);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), 0);
	assert_int_equal(wc_ipv4_dst(&wc), 0xffffff00);
	assert_int_equal(wc.dp.eth_type, 0xffff);

	/* Add 10.0.0.0/8 and 10.1.0.0/16: for 10.2.3.4 the /8 hits, the
	 * /16 and /24 are ruled out by the first 15 bits. */
	r[1] = ipv4_dst_rule(0x0a000000, 8, 5, 1);
	r[2] = ipv4_dst_rule(0x0a010000, 16, 20, 2);
	assert_int_equal(cls_insert(&cls, &r[1]->cr), 0);
	assert_int_equal(cls_insert(&cls, &r[2]->cr), 0);
	set_be32(&f.dp.ipv4_dst, 0x0a020304);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), 1);
	assert_int_equal(wc_ipv4_dst(&wc), 0xfffe0000);
	/* 172.16.0.1 misses everything on one bit. */
	set_be32(&f.dp.ipv4_dst, 0xac100001);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), -1);
	assert_int_equal(wc_ipv4_dst(&wc), 0x80000000);
	/* Remove the /24: 10.0.0.7 now falls to the /8; the trie must have
	 * forgotten 10.0.0.0/24 (so /24 costs only up to the /16's split). */
	assert_true(cls_remove(&cls, &r[0]->cr));
	set_be32(&f.dp.ipv4_dst, 0x0a000007);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), 1);
	assert_int_equal(wc_ipv4_dst(&wc), 0xffff0000);

	cls_destroy(&cls);
	for (i = 0; i < 3; i++)
		free(r[i]);
}

static void test_trie_ipv6(void **state)
{
	struct classifier cls;
	struct trule *r;
	struct flow f, wc;
	struct match m;
	uint8_t want[16] = { 0 };

	cls_init(&cls);
	match_init_catchall(&m);
	set_be16(&m.flow.dp.eth_type, 0x86dd);
	set_be16(&m.mask.dp.eth_type, 0xffff);
	inet_pton(AF_INET6, "2001:db8::", m.flow.dp.ipv6_src);
	memset(m.mask.dp.ipv6_src, 0xff, 8);		/* /64 */
	r = new_rule(&m, 1, 1);
	assert_int_equal(cls_insert(&cls, &r->cr), 0);

	memset(&f, 0, sizeof f);
	set_be16(&f.dp.eth_type, 0x86dd);
	inet_pton(AF_INET6, "2001:db8:0:0:1::1", f.dp.ipv6_src);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), 1);
	memset(want, 0xff, 8);
	assert_memory_equal(wc.dp.ipv6_src, want, 16);

	/* 2001:db9::1 differs at bit 31: 32 bits examined. */
	inet_pton(AF_INET6, "2001:db9::1", f.dp.ipv6_src);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), -1);
	memset(want, 0, 16);
	memset(want, 0xff, 4);
	assert_memory_equal(wc.dp.ipv6_src, want, 16);
	cls_destroy(&cls);
	free(r);
}

/* The trie on its own: insert/remove counts, lengths, check bits. */
/* Port tries: an exact port rule costs only the port bits up to the
 * first difference. */
static void test_port_trie(void **state)
{
	struct classifier cls;
	struct flow f, wc;
	struct trule *r;
	struct match m;

	cls_init(&cls);
	tcp80_match(&m);
	r = new_rule(&m, 1, 1);
	assert_int_equal(cls_insert(&cls, &r->cr), 0);
	memset(&f, 0, sizeof f);
	set_be16(&f.dp.eth_type, 0x0800);
	f.dp.nw_proto = 6;
	set_be16(&f.dp.tp_dst, 443);	/* 0x01bb vs 0x0050: bit 7 */
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), -1);
	assert_int_equal(ntohs(wc.dp.tp_dst), 0xff00);
	wc.dp.tp_dst = 0;
	assert_true(flow_is_zero(&wc));
	set_be16(&f.dp.tp_dst, 0x8050);	/* differs in the first bit */
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), -1);
	assert_int_equal(ntohs(wc.dp.tp_dst), 0x8000);
	set_be16(&f.dp.tp_dst, 80);
	memset(&wc, 0, sizeof wc);
	assert_int_equal(lookup_id(&cls, &f, &wc), 1);
	assert_int_equal(ntohs(wc.dp.tp_dst), 0xffff);
	cls_destroy(&cls);
	free(r);
}

/* ---- Randomized wildcard property ---- */

/* Fields the random rules use, with a few values each so that rules and
 * packets collide often. */
static const int rnd_fields[] = {
	2 /* in_port */, 29 /* metadata */, 6 /* eth_dst */,
	8 /* vlan_tci */, 11 /* eth_type */, 12 /* nw_proto */,
	14 /* ipv4_src */, 15 /* ipv4_dst */, 17 /* ipv6_src */,
	18 /* ipv6_dst */, 13 /* nw_tos */, 23 /* tp_src */,
	24 /* tp_dst */, 25 /* tcp_flags */,
};

#define N_RND_FIELDS ARRAY_SIZE(rnd_fields)
#define N_VALUES 4

static uint8_t pool[N_RND_FIELDS][N_VALUES][16];

static void make_pool(void)
{
	size_t i, v;

	for (i = 0; i < N_RND_FIELDS; i++) {
		rnd_bytes(pool[i][0], 16);
		for (v = 1; v < N_VALUES; v++) {
			/* Share leading bits with value 0 more or less, so
			 * prefixes nest and diverge at various depths. */
			size_t keep = rnd() % 17, k;
			size_t bits = 8 * fields[rnd_fields[i]].len;

			memcpy(pool[i][v], pool[i][0], 16);
			if (rnd() % 2) {
				/* Value 0 with one bit flipped. */
				k = rnd() % bits;
				pool[i][v][k / 8] ^= (uint8_t)(0x80 >> (k % 8));
				continue;
			}
			for (k = keep; k < 16; k++)
				pool[i][v][k] = (uint8_t)rnd();
			if (keep < 16 && rnd() % 2)
				pool[i][v][keep] ^= (uint8_t)(1 << (rnd() % 8));
		}
	}
}

/* Fields with a trie: give them CIDR masks too. */
static bool is_ip_field(int f)
{
	return f == 14 || f == 15 || f == 17 || f == 18 || f == 23 ||
	       f == 24;
}

static void rnd_mask(uint8_t *m, size_t len, int f)
{
	size_t plen, i;

	switch (rnd() % (is_ip_field(f) ? 4 : 3)) {
	case 0:
		memset(m, 0xff, len);
		break;
	case 1:		/* one of a few fixed odd masks */
		for (i = 0; i < len; i++)
			m[i] = (uint8_t[]){ 0xf0, 0x0f, 0x81 }[rnd() % 3];
		break;
	default:	/* CIDR, a few lengths */
		plen = rnd() % 2 ? (rnd() % 4 + 1) * len * 2
				 : rnd() % (8 * len) + 1;
		memset(m, 0, len);
		for (i = 0; i < plen / 8; i++)
			m[i] = 0xff;
		if (plen % 8)
			m[i] = (uint8_t)(0xff00 >> (plen % 8));
		break;
	}
}

static void rnd_match(struct match *m)
{
	size_t i;

	match_init_catchall(m);
	for (i = 0; i < N_RND_FIELDS; i++) {
		const struct field *fd = &fields[rnd_fields[i]];

		if (rnd() % 4)
			continue;
		memcpy(fp(&m->flow, fd), pool[i][rnd() % N_VALUES], fd->len);
		rnd_mask(fp(&m->mask, fd), fd->len, rnd_fields[i]);
	}
	match_normalize(m);
}

static void rnd_packet(struct flow *f, struct trule **rules, size_t n)
{
	size_t i;

	rnd_bytes(f, sizeof *f);
	for (i = 0; i < N_RND_FIELDS; i++) {
		const struct field *fd = &fields[rnd_fields[i]];

		if (rnd() % 8)
			memcpy(fp(f, fd), pool[i][rnd() % N_VALUES], fd->len);
	}
	/* Often, make it hit some rule. */
	if (n && rnd() % 2) {
		const struct match *m = &rules[rnd() % n]->cr.match;
		uint64_t *a = (uint64_t *)f;
		const uint64_t *b = (const uint64_t *)&m->flow;
		const uint64_t *k = (const uint64_t *)&m->mask;

		for (i = 0; i < FLOW_WORDS; i++)
			a[i] = (a[i] & ~k[i]) | b[i];
	}
}

/* Linear reference: highest priority, then our insertion order. */
/* The version the property test looks up in. */
static uint64_t lookup_version;

static struct trule *brute(struct trule **rules, size_t n,
			   const struct flow *f)
{
	struct trule *best = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		struct trule *r = rules[i];

		if (!flow_matches(&r->cr.match, f) ||
		    !cls_rule_visible_in(&r->cr, lookup_version))
			continue;
		if (!best || r->cr.priority > best->cr.priority ||
		    (r->cr.priority == best->cr.priority && r->ord < best->ord))
			best = r;
	}
	return best;
}

static void check_lookups(struct classifier *cls, struct trule **rules,
			  size_t n, int n_packets, size_t *wc_bits)
{
	int p, k;

	for (p = 0; p < n_packets; p++) {
		struct flow f, wc, g;
		struct cls_rule *got;
		struct trule *want;
		const uint64_t *w = (const uint64_t *)&wc;
		size_t i;

		rnd_packet(&f, rules, n);
		memset(&wc, 0, sizeof wc);
		got = cls_lookup_version(cls, lookup_version, &f, &wc);
		want = brute(rules, n, &f);
		assert_ptr_equal(got, want ? &want->cr : NULL);
		for (i = 0; i < FLOW_WORDS; i++)
			*wc_bits += __builtin_popcountll(w[i]);

		/* Every flow agreeing on wc gets the same rule. */
		for (k = 0; k < 24; k++) {
			uint64_t *gw = (uint64_t *)&g;
			const uint64_t *fw = (const uint64_t *)&f;

			rnd_bytes(&g, sizeof g);
			for (i = 0; i < FLOW_WORDS; i++)
				gw[i] = (fw[i] & w[i]) | (gw[i] & ~w[i]);
			/* A third of the time, steer the free bits towards
			 * some rule (the likeliest way to change the result);
			 * a third of the time, perturb only a few bits. */
			if (n && k % 3 == 1) {
				const struct match *m =
					&rules[rnd() % n]->cr.match;
				const uint64_t *mf = (const uint64_t *)&m->flow;
				const uint64_t *mk = (const uint64_t *)&m->mask;

				for (i = 0; i < FLOW_WORDS; i++)
					gw[i] = (gw[i] & (w[i] | ~mk[i])) |
						(mf[i] & mk[i] & ~w[i]);
			} else if (k % 3 == 2) {
				memcpy(&g, &f, sizeof g);
				for (i = 0; i < 3; i++) {
					size_t b = rnd() % (8 * sizeof g);

					if (!((w[b / 64] >> (b % 64)) & 1))
						gw[b / 64] ^= 1ULL << (b % 64);
				}
			}
			assert_ptr_equal(brute(rules, n, &g), want);
			assert_ptr_equal(cls_lookup_version(cls, lookup_version,
							   &g, NULL), got);
		}
	}
}

/* Hides some rules from random versions 1..4, adds more rules visible
 * from random versions 1..4, and checks lookups in versions 0..5.
 * rules[] has room for max more. */
static void versioned_checks(struct classifier *cls, struct trule **rules,
			     size_t *n, size_t max, uint64_t *ord,
			     size_t *bits)
{
	size_t i, n_old = *n;
	uint64_t v;

	for (i = 0; i < n_old; i++)
		if (rnd() % 3 == 0)
			assert_int_equal(cls_rule_hide_from(&rules[i]->cr,
							    1 + rnd() % 4), 0);
	for (i = 0; i < max; i++) {
		struct trule *r;
		struct match m;
		int err;

		if (rnd() % 2) {	/* often a copy of an old rule */
			const struct trule *o = rules[rnd() % n_old];

			m = o->cr.match;
			r = new_rule(&m, o->cr.priority, (int)(1000 + i));
		} else {
			rnd_match(&m);
			r = new_rule(&m, rnd() % 8, (int)(1000 + i));
		}
		err = cls_insert_in_version(cls, &r->cr, 1 + rnd() % 4);
		if (err) {
			assert_int_equal(err, -EEXIST);
			free(r);
			continue;
		}
		r->ord = (*ord)++;
		rules[(*n)++] = r;
	}
	for (v = 0; v <= 5; v++) {
		lookup_version = v;
		check_lookups(cls, rules, *n, 15, bits);
	}
	/* Publishing moves what cls_lookup() sees. */
	assert_int_equal(cls_publish(cls, 3), 0);
	assert_int_equal(cls_publish(cls, 2), -EINVAL);
	for (i = 0; i < 20; i++) {
		struct flow f;

		rnd_packet(&f, rules, *n);
		lookup_version = 3;
		assert_ptr_equal(cls_lookup(cls, &f, NULL),
				 cls_lookup_version(cls, 3, &f, NULL));
	}
}

static void test_random_wildcards(void **state)
{
	const char *seed = getenv("CLS_TEST_SEED");
	const char *rounds = getenv("CLS_TEST_ROUNDS");
	const char *max = getenv("CLS_TEST_MAX_RULES");
	size_t max_rules = max ? strtoul(max, NULL, 0) : 150;
	int round, n_rounds = rounds ? atoi(rounds) : 40;
	size_t total_bits = 0, total_lookups = 0;

	/* CLS_TEST_SEED, _ROUNDS, _MAX_RULES: for longer soak runs. */
	if (seed)
		rng_state = strtoull(seed, NULL, 0) * 2 + 1;
	for (round = 0; round < n_rounds; round++) {
		size_t n_rules = 1 + rnd() % max_rules, n = 0, i;
		struct trule **rules = xmalloc(2 * n_rules * sizeof *rules);
		struct classifier cls;
		uint64_t ord = 0;

		make_pool();
		cls_init(&cls);
		for (i = 0; i < n_rules; i++) {
			struct match m;
			struct trule *r;
			struct cls_rule *old;

			rnd_match(&m);
			r = new_rule(&m, rnd() % 8, (int)i);
			assert_int_equal(
				cls_insert_or_replace(&cls, &r->cr, &old), 0);
			if (old) {
				struct trule *o = CLS_CONTAINER_OF(
					old, struct trule, cr);
				size_t j;

				r->ord = o->ord;
				for (j = 0; j < n; j++)
					if (rules[j] == o)
						rules[j] = r;
				free(o);
			} else {
				r->ord = ord++;
				rules[n++] = r;
			}
		}
		assert_int_equal(cls_count(&cls), n);
		lookup_version = 0;
		check_lookups(&cls, rules, n, 60, &total_bits);
		total_lookups += 60;
		if (round % 2)
			versioned_checks(&cls, rules, &n, n_rules, &ord,
					 &total_bits);
		lookup_version = 1000;

		/* Delete a random half and check again. */
		for (i = 0; i < n;) {
			if (rnd() % 2) {
				assert_true(cls_remove(&cls, &rules[i]->cr));
				free(rules[i]);
				rules[i] = rules[--n];
			} else {
				i++;
			}
		}
		assert_int_equal(cls_count(&cls), n);
		check_lookups(&cls, rules, n, 40, &total_bits);
		total_lookups += 40;

		for (i = 0; i < n; i++) {
			assert_true(cls_remove(&cls, &rules[i]->cr));
			free(rules[i]);
		}
		assert_true(cls_is_empty(&cls));
		cls_destroy(&cls);
		free(rules);
		epoch_synchronize();
	}
	print_message("average megaflow mask: %.1f of %zu bits\n",
		      (double)total_bits / total_lookups,
		      8 * sizeof(struct flow));
}

/* ---- Deletion, replacement, exact find ---- */

static void test_delete_replace(void **state)
{
	struct classifier cls, other;
	struct trule *a, *b, *c;
	struct cls_rule *old;
	struct match m;
	struct flow f;
	uint64_t gen;

	cls_init(&cls);
	cls_init(&other);
	tcp80_match(&m);
	a = new_rule(&m, 10, 1);
	b = new_rule(&m, 20, 2);
	c = new_rule(&m, 10, 3);
	assert_int_equal(cls_insert(&cls, &a->cr), 0);
	assert_int_equal(cls_insert(&cls, &a->cr), -EINVAL);
	assert_int_equal(cls_insert(&other, &a->cr), -EINVAL);
	assert_false(cls_remove(&other, &a->cr));
	assert_int_equal(cls_insert(&cls, &b->cr), 0);
	assert_int_equal(cls_insert(&cls, &c->cr), -EEXIST);
	assert_false(cls_rule_is_inserted(&c->cr));
	assert_int_equal(cls_count(&cls), 2);
	gen = cls_generation(&cls);

	/* find_exactly: priority and full match must agree; the match is
	 * normalized (garbage under a zero mask does not matter). */
	m.flow.dp.in_port = 1234;
	assert_ptr_equal(cls_find_exactly(&cls, &m, 10), &a->cr);
	assert_ptr_equal(cls_find_exactly(&cls, &m, 20), &b->cr);
	assert_null(cls_find_exactly(&cls, &m, 15));
	m.mask.dp.in_port = ~0u;
	assert_null(cls_find_exactly(&cls, &m, 10));
	m.mask.dp.in_port = 0;
	set_be16(&m.flow.dp.tp_dst, 81);
	assert_null(cls_find_exactly(&cls, &m, 10));

	memset(&f, 0, sizeof f);
	set_be16(&f.dp.eth_type, 0x0800);
	f.dp.nw_proto = 6;
	set_be16(&f.dp.tp_dst, 80);
	assert_int_equal(lookup_id(&cls, &f, NULL), 2);
	assert_true(cls_remove(&cls, &b->cr));
	assert_false(cls_remove(&cls, &b->cr));
	assert_int_equal(lookup_id(&cls, &f, NULL), 1);

	/* Replace: same match and priority. */
	assert_int_equal(cls_insert_or_replace(&cls, &c->cr, &old), 0);
	assert_ptr_equal(old, &a->cr);
	assert_true(cls_generation(&cls) > gen);
	assert_true(cls_rule_matches(&c->cr, &f));
	set_be16(&f.dp.tp_dst, 81);
	assert_false(cls_rule_matches(&c->cr, &f));
	set_be16(&f.dp.tp_dst, 80);
	assert_int_equal(lookup_id(&cls, &f, NULL), 3);
	assert_int_equal(cls_count(&cls), 1);
	assert_false(cls_remove(&cls, &a->cr));
	/* Replacing with a new priority is a plain insert. */
	assert_int_equal(cls_insert_or_replace(&cls, &b->cr, &old), 0);
	assert_null(old);
	assert_int_equal(cls_count(&cls), 2);
	assert_int_equal(cls_insert_or_replace(&cls, &b->cr, &old), -EINVAL);
	assert_true(cls_remove(&cls, &b->cr));
	assert_true(cls_remove(&cls, &c->cr));
	assert_true(cls_is_empty(&cls));
	assert_int_equal(lookup_id(&cls, &f, NULL), -1);
	/* Rules can go back in after removal. */
	assert_int_equal(cls_insert(&cls, &a->cr), 0);
	assert_int_equal(lookup_id(&cls, &f, NULL), 1);

	cls_destroy(&cls);
	cls_destroy(&other);
	epoch_synchronize();
	free(a);
	free(b);
	free(c);
}

/* The overlap check used for OFPFF_CHECK_OVERLAP. */
static void test_overlap(void **state)
{
	struct classifier cls;
	struct trule *a;
	struct match m, q;

	cls_init(&cls);
	tcp80_match(&m);
	a = new_rule(&m, 10, 1);
	assert_int_equal(cls_insert(&cls, &a->cr), 0);
	match_init_catchall(&q);
	q.flow.dp.in_port = 3;
	q.mask.dp.in_port = ~0u;
	assert_ptr_equal(cls_find_overlap(&cls, &q, 10), &a->cr);
	assert_null(cls_find_overlap(&cls, &q, 11));
	q.flow.dp.nw_proto = 17;
	q.mask.dp.nw_proto = 0xff;
	assert_null(cls_find_overlap(&cls, &q, 10));
	cls_destroy(&cls);
	free(a);
}

/* ---- Iteration ---- */

static void test_iteration(void **state)
{
	struct classifier cls;
	struct trule *r[20];
	struct cls_cursor cur;
	struct cls_rule *x;
	struct match m, t;
	int i, n, last_prio;

	cls_init(&cls);
	for (i = 0; i < 20; i++) {
		match_init_catchall(&m);
		m.flow.dp.in_port = i % 4;
		m.mask.dp.in_port = ~0u;
		if (i % 2) {
			set_be16(&m.flow.dp.tp_dst, (uint16_t)i);
			set_be16(&m.mask.dp.tp_dst, 0xffff);
		}
		r[i] = new_rule(&m, i % 5, i);
		assert_int_equal(cls_insert(&cls, &r[i]->cr), 0);
	}

	/* All, by priority then insertion. */
	n = 0;
	last_prio = 1 << 30;
	CLS_FOR_EACH (x, &cur, &cls, NULL) {
		assert_true(x->priority <= last_prio);
		last_prio = x->priority;
		n++;
	}
	assert_int_equal(n, 20);
	assert_false(cur.open);

	/* Loose target in_port=1: rules 1, 5, 9, 13, 17. */
	match_init_catchall(&t);
	t.flow.dp.in_port = 1;
	t.mask.dp.in_port = ~0u;
	n = 0;
	CLS_FOR_EACH (x, &cur, &cls, &t) {
		assert_int_equal(rid(x) % 4, 1);
		n++;
	}
	assert_int_equal(n, 5);

	/* Target that also needs tp_dst: only rules that match tp_dst. */
	set_be16(&t.flow.dp.tp_dst, 5);
	set_be16(&t.mask.dp.tp_dst, 0xffff);
	n = 0;
	CLS_FOR_EACH (x, &cur, &cls, &t) {
		assert_int_equal(rid(x), 5);
		n++;
	}
	assert_int_equal(n, 1);

	/* Deleting while iterating (non-strict delete of in_port=2). */
	match_init_catchall(&t);
	t.flow.dp.in_port = 2;
	t.mask.dp.in_port = ~0u;
	n = 0;
	CLS_FOR_EACH (x, &cur, &cls, &t) {
		assert_true(cls_remove(&cls, x));
		epoch_defer(free, CLS_CONTAINER_OF(x, struct trule, cr));
		n++;
	}
	assert_int_equal(n, 5);
	assert_int_equal(cls_count(&cls), 15);

	/* Early exit then destroy. */
	cls_cursor_init(&cur, &cls, NULL);
	assert_non_null(cls_cursor_next(&cur));
	cls_cursor_destroy(&cur);
	assert_false(epoch_in_section());

	CLS_FOR_EACH (x, &cur, &cls, NULL)
		cls_remove(&cls, x);
	assert_true(cls_is_empty(&cls));
	cls_destroy(&cls);
	epoch_synchronize();
	for (i = 0; i < 20; i++)
		if (i % 4 != 2)
			free(r[i]);
}

/* ---- Concurrency stress ---- */

#define N_READERS 3
#define HOT_PORT 0xdead
#define HOT_PRIORITY 100

static struct classifier stress_cls;
static atomic_bool stress_stop;
static atomic_long stress_errors, stress_lookups;
static atomic_int stress_started;
static pthread_mutex_t quarantine_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct trule **quarantine;
static size_t n_quarantine, quarantine_cap;

/* Deferred "free": poisons the rule and keeps the memory until the end,
 * so a reader that still sees it after its grace period is caught. */
static void poison_rule(void *p)
{
	struct trule *r = p;

	atomic_store((atomic_int *)&r->magic, MAGIC_FREED);
	pthread_mutex_lock(&quarantine_mutex);
	if (n_quarantine == quarantine_cap) {
		quarantine_cap = quarantine_cap ? 2 * quarantine_cap : 1024;
		quarantine = xrealloc(quarantine,
				      quarantine_cap * sizeof *quarantine);
	}
	quarantine[n_quarantine++] = r;
	pthread_mutex_unlock(&quarantine_mutex);
}

static void *stress_reader(void *arg)
{
	uint64_t seed = (uintptr_t)arg * 0x9e3779b97f4a7c15ULL + 1;
	long n = 0;

	while (!atomic_load(&stress_stop)) {
		struct flow f, wc;
		struct cls_rule *r;
		size_t i;

		for (i = 0; i < sizeof f; i++) {
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			((uint8_t *)&f)[i] = (uint8_t)seed;
		}
		for (i = 0; i < N_RND_FIELDS; i++)
			if (seed >> (i + 20) & 1)
				memcpy(fp(&f, &fields[rnd_fields[i]]),
				       pool[i][(seed >> (2 * i)) % N_VALUES],
				       fields[rnd_fields[i]].len);
		/* The hot rule is replaced all the time: a packet for it
		 * must always see one of its copies, never fall through. */
		if (n % 2) {
			f.dp.in_port = HOT_PORT;
			f.dp.recirc_id = 0;
		}
		memset(&wc, 0, sizeof wc);
		epoch_enter();
		r = cls_lookup(&stress_cls, &f, &wc);
		if (r && n % 2 && r->priority != HOT_PRIORITY)
			atomic_fetch_add(&stress_errors, 1);
		if (!r || !flow_matches(&r->match, &f) ||
		    atomic_load((atomic_int *)&CLS_CONTAINER_OF(
				r, struct trule, cr)->magic) != MAGIC_LIVE)
			atomic_fetch_add(&stress_errors, 1);
		epoch_exit();
		if (++n == 1)	/* one lookup done: we are running */
			atomic_fetch_add(&stress_started, 1);
		if (n % 4096 == 0) {
			struct cls_cursor cur;
			struct cls_rule *x;

			CLS_FOR_EACH (x, &cur, &stress_cls, NULL)
				if (atomic_load((atomic_int *)&CLS_CONTAINER_OF(
					x, struct trule, cr)->magic) !=
				    MAGIC_LIVE)
					atomic_fetch_add(&stress_errors, 1);
		}
	}
	atomic_fetch_add(&stress_lookups, n);
	return NULL;
}

static void test_concurrency(void **state)
{
	enum { SLOTS = 300, OPS = 30000 };
	struct trule *slot[SLOTS] = { 0 };
	pthread_t th[N_READERS];
	struct trule *base, *hot;
	struct match m;
	size_t i;
	int op;

	make_pool();
	cls_init(&stress_cls);
	match_init_catchall(&m);
	base = new_rule(&m, -1, 0);	/* always there: never a miss */
	assert_int_equal(cls_insert(&stress_cls, &base->cr), 0);
	m.flow.dp.in_port = HOT_PORT;
	m.mask.dp.in_port = ~0u;
	m.mask.dp.recirc_id = ~0u;
	hot = new_rule(&m, HOT_PRIORITY, -2);
	assert_int_equal(cls_insert(&stress_cls, &hot->cr), 0);
	atomic_store(&stress_stop, false);
	for (i = 0; i < N_READERS; i++)
		pthread_create(&th[i], NULL, stress_reader,
			       (void *)(uintptr_t)(i + 1));
	while (atomic_load(&stress_started) < N_READERS)
		sched_yield();

	for (op = 0; op < OPS; op++) {
		size_t k = rnd() % SLOTS;
		struct cls_rule *old;

		if (slot[k] && rnd() % 3) {
			assert_true(cls_remove(&stress_cls, &slot[k]->cr));
			epoch_defer(poison_rule, slot[k]);
			slot[k] = NULL;
		} else if (slot[k]) {
			/* Replace with an identical-match copy. */
			struct trule *r = new_rule(&slot[k]->cr.match,
						   slot[k]->cr.priority, op);

			assert_int_equal(cls_insert_or_replace(
				&stress_cls, &r->cr, &old), 0);
			assert_ptr_equal(old, &slot[k]->cr);
			epoch_defer(poison_rule, slot[k]);
			slot[k] = r;
		} else {
			struct trule *r;

			rnd_match(&m);
			r = new_rule(&m, rnd() % 8, op);
			if (cls_insert(&stress_cls, &r->cr) == 0)
				slot[k] = r;
			else
				free(r);
		}
		{
			struct trule *h2 = new_rule(&hot->cr.match,
						    HOT_PRIORITY, -2);

			assert_int_equal(cls_insert_or_replace(
				&stress_cls, &h2->cr, &old), 0);
			assert_ptr_equal(old, &hot->cr);
			epoch_defer(poison_rule, hot);
			hot = h2;
		}
		if (op % 64 == 0)
			epoch_reclaim();
	}
	atomic_store(&stress_stop, true);
	for (i = 0; i < N_READERS; i++)
		pthread_join(th[i], NULL);
	print_message("%ld concurrent lookups, %zu rules retired\n",
		      atomic_load(&stress_lookups), n_quarantine);
	assert_int_equal(atomic_load(&stress_errors), 0);
	assert_true(atomic_load(&stress_lookups) > 0);

	for (i = 0; i < SLOTS; i++) {
		if (slot[i]) {
			assert_true(cls_remove(&stress_cls, &slot[i]->cr));
			free(slot[i]);
		}
	}
	assert_true(cls_remove(&stress_cls, &hot->cr));
	free(hot);
	assert_int_equal(cls_count(&stress_cls), 1);
	cls_destroy(&stress_cls);
	epoch_synchronize();
	for (i = 0; i < n_quarantine; i++)
		free(quarantine[i]);
	free(quarantine);
	free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_priorities),
		cmocka_unit_test(test_priority_range),
		cmocka_unit_test(test_every_field),
		cmocka_unit_test(test_staged_wildcards),
		cmocka_unit_test(test_early_exit),
		cmocka_unit_test(test_tie_wildcards),
		cmocka_unit_test(test_metadata_stage),
		cmocka_unit_test(test_pipeline_accumulates),
		cmocka_unit_test(test_trie_wildcards),
		cmocka_unit_test(test_trie_ipv6),
		cmocka_unit_test(test_port_trie),
		cmocka_unit_test(test_random_wildcards),
		cmocka_unit_test(test_delete_replace),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_iteration),
		cmocka_unit_test(test_concurrency),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
