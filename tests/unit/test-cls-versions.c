/* Unit tests for the classifier's versions (atomic batches of changes). */
#include <config.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <cmocka.h>

#include "classifier.h"
#include "epoch.h"
#include "util.h"

struct trule {
	struct cls_rule cr;
	int id;
	atomic_int magic;
};

#define MAGIC_LIVE 0x11
#define MAGIC_FREED 0x22

static struct trule *new_rule(const struct match *m, int priority, int id)
{
	struct trule *r = xzalloc(sizeof *r);

	cls_rule_init(&r->cr, m, priority);
	r->id = id;
	atomic_init(&r->magic, MAGIC_LIVE);
	return r;
}

static int rid(const struct cls_rule *r)
{
	return r ? CLS_CONTAINER_OF(r, struct trule, cr)->id : -1;
}

static void port_match(struct match *m, uint32_t port, uint16_t tp_src)
{
	match_init_catchall(m);
	m->flow.dp.in_port = port;
	m->mask.dp.in_port = ~0u;
	if (tp_src) {
		m->flow.dp.tp_src = tp_src;
		m->mask.dp.tp_src = 0xffff;
	}
}

static void port_flow(struct flow *f, uint32_t port, uint16_t tp_src)
{
	memset(f, 0, sizeof *f);
	f->dp.in_port = port;
	f->dp.tp_src = tp_src;
}

static int count_rules(struct classifier *cls)
{
	struct cls_cursor cur;
	struct cls_rule *r;
	int n = 0;

	CLS_FOR_EACH (r, &cur, cls, NULL)
		n++;
	return n;
}

static void test_batch(void **state)
{
	struct trule *x, *x2, *y, *z;
	struct classifier cls;
	struct match m;
	struct flow f;
	uint64_t v;

	cls_init(&cls);
	assert_int_equal(cls_version(&cls), 0);
	port_match(&m, 1, 0);
	x = new_rule(&m, 10, 1);
	x2 = new_rule(&m, 10, 2);	/* same match and priority */
	port_match(&m, 1, 5);
	y = new_rule(&m, 5, 3);
	port_match(&m, 2, 0);
	z = new_rule(&m, 1, 4);
	assert_int_equal(cls_insert(&cls, &x->cr), 0);
	assert_int_equal(cls_insert(&cls, &z->cr), 0);

	/* Batch for v: replace x by x2, add y, drop z. */
	v = cls_version(&cls) + 1;
	assert_int_equal(cls_insert_in_version(&cls, &x2->cr, v), -EEXIST);
	assert_int_equal(cls_rule_hide_from(&x->cr, v), 0);
	assert_int_equal(cls_insert_in_version(&cls, &x2->cr, v), 0);
	assert_int_equal(cls_insert_in_version(&cls, &y->cr, v), 0);
	assert_int_equal(cls_rule_hide_from(&z->cr, v), 0);
	assert_int_equal(cls_rule_unhide(&x->cr), -EEXIST);

	/* Nothing changed yet for lookups. */
	port_flow(&f, 1, 5);
	assert_int_equal(rid(cls_lookup(&cls, &f, NULL)), 1);
	port_flow(&f, 2, 0);
	assert_int_equal(rid(cls_lookup(&cls, &f, NULL)), 4);
	assert_int_equal(count_rules(&cls), 2);
	assert_int_equal(cls_count(&cls), 4);
	port_match(&m, 1, 0);
	assert_ptr_equal(cls_find_exactly(&cls, &m, 10), &x->cr);
	/* ... but the next version is there to look at. */
	port_flow(&f, 1, 5);
	assert_int_equal(rid(cls_lookup_version(&cls, v, &f, NULL)), 2);
	port_flow(&f, 1, 6);
	assert_int_equal(rid(cls_lookup_version(&cls, v, &f, NULL)), 2);
	port_flow(&f, 2, 0);
	assert_int_equal(rid(cls_lookup_version(&cls, v, &f, NULL)), -1);

	/* Publish: all at once. */
	assert_int_equal(cls_publish(&cls, v), 0);
	port_flow(&f, 1, 5);
	assert_int_equal(rid(cls_lookup(&cls, &f, NULL)), 2);
	port_flow(&f, 2, 0);
	assert_int_equal(rid(cls_lookup(&cls, &f, NULL)), -1);
	assert_ptr_equal(cls_find_exactly(&cls, &m, 10), &x2->cr);
	assert_int_equal(count_rules(&cls), 2);	/* x2 and y */
	assert_int_equal(cls_publish(&cls, v - 1), -EINVAL);

	/* Clean up the hidden rules once no lookup can be at v - 1. */
	epoch_synchronize();
	assert_true(cls_remove(&cls, &x->cr));
	assert_true(cls_remove(&cls, &z->cr));
	assert_int_equal(cls_count(&cls), 2);
	assert_int_equal(cls_rule_hide_from(&x->cr, v), -EINVAL);
	assert_int_equal(cls_rule_unhide(&x->cr), -EINVAL);

	/* A batch abandoned: hide y, add x back, then roll back. */
	v = cls_version(&cls) + 1;
	assert_int_equal(cls_rule_hide_from(&y->cr, v), 0);
	port_match(&m, 9, 0);
	cls_rule_init(&x->cr, &m, 3);
	assert_int_equal(cls_insert_in_version(&cls, &x->cr, v), 0);
	assert_true(cls_remove(&cls, &x->cr));
	assert_int_equal(cls_rule_unhide(&y->cr), 0);
	port_flow(&f, 1, 5);
	/* x2 (priority 10) covers y's packets; y is back in every version. */
	assert_int_equal(rid(cls_lookup_version(&cls, v, &f, NULL)), 2);
	port_match(&m, 1, 5);
	assert_ptr_equal(cls_find_exactly(&cls, &m, 5), &y->cr);
	assert_true(cls_rule_visible_in(&y->cr, v + 7));
	port_flow(&f, 9, 0);
	assert_int_equal(rid(cls_lookup_version(&cls, v, &f, NULL)), -1);

	/* insert_or_replace while a batch is pending replaces the copy
	 * that is visible now. */
	v = cls_version(&cls) + 1;
	assert_int_equal(cls_rule_hide_from(&x2->cr, v), 0);
	port_match(&m, 1, 0);
	cls_rule_init(&z->cr, &m, 10);
	assert_int_equal(cls_insert_in_version(&cls, &z->cr, v), 0);
	{
		struct trule *w = new_rule(&m, 10, 5);
		struct cls_rule *old;

		assert_int_equal(cls_insert_or_replace(&cls, &w->cr, &old), 0);
		assert_ptr_equal(old, &x2->cr);
		/* It inherits x2's range: visible now, hidden from v. */
		port_flow(&f, 1, 0);
		assert_int_equal(rid(cls_lookup(&cls, &f, NULL)), 5);
		assert_int_equal(rid(cls_lookup_version(&cls, v, &f, NULL)),
				 4);
		assert_true(cls_remove(&cls, &w->cr));
		free(w);
	}
	cls_destroy(&cls);
	epoch_synchronize();
	free(x);
	free(x2);
	free(y);
	free(z);
}

/* ---- Atomicity under concurrency ---- */

#define N_READERS 2
#define N_PAIR 4		/* rules changed together in each batch */

static struct classifier bcls;
static atomic_bool bstop;
static atomic_long berrors, blookups;
static atomic_int bstarted;

static void poison(void *p)
{
	struct trule *r = p;

	atomic_store(&r->magic, MAGIC_FREED);
	/* Freed at the end of the test (see quarantine below). */
}

static void *batch_reader(void *arg)
{
	long n = 0;

	while (!atomic_load(&bstop)) {
		int ids[N_PAIR], i;
		uint64_t v;

		epoch_enter();
		v = cls_version(&bcls);
		for (i = 0; i < N_PAIR; i++) {
			struct cls_rule *r;
			struct flow f;

			port_flow(&f, 7, (uint16_t)(i + 1));
			r = cls_lookup_version(&bcls, v, &f, NULL);
			ids[i] = rid(r);
			if (!r || atomic_load(&CLS_CONTAINER_OF(
					r, struct trule, cr)->magic) !=
				  MAGIC_LIVE)
				atomic_fetch_add(&berrors, 1);
		}
		/* Every rule of one version carries the same id. */
		for (i = 1; i < N_PAIR; i++)
			if (ids[i] != ids[0])
				atomic_fetch_add(&berrors, 1);
		epoch_exit();
		/* cls_lookup() on its own (no section around it) must never
		 * fall between two batches either. */
		{
			struct flow f;

			port_flow(&f, 7, 1);
			if (!cls_lookup(&bcls, &f, NULL))
				atomic_fetch_add(&berrors, 1);
		}
		if (++n == 1)	/* one lookup done: we are running */
			atomic_fetch_add(&bstarted, 1);
	}
	atomic_fetch_add(&blookups, n);
	return arg;
}

static void test_batch_concurrent(void **state)
{
	enum { BATCHES = 1000 };
	struct trule *cur[N_PAIR], **retired;
	pthread_t th[N_READERS];
	size_t n_retired = 0;
	int b, i;

	retired = xmalloc(BATCHES * N_PAIR * sizeof *retired);
	cls_init(&bcls);
	for (i = 0; i < N_PAIR; i++) {
		struct match m;

		port_match(&m, 7, (uint16_t)(i + 1));
		cur[i] = new_rule(&m, 50, 0);
		assert_int_equal(cls_insert(&bcls, &cur[i]->cr), 0);
	}
	for (i = 0; i < N_READERS; i++)
		pthread_create(&th[i], NULL, batch_reader, NULL);
	while (atomic_load(&bstarted) < N_READERS)
		sched_yield();

	for (b = 1; b <= BATCHES; b++) {
		uint64_t v = cls_version(&bcls) + 1;
		struct trule *next[N_PAIR];

		for (i = 0; i < N_PAIR; i++) {
			next[i] = new_rule(&cur[i]->cr.match, 50, b);
			assert_int_equal(cls_rule_hide_from(&cur[i]->cr, v), 0);
			assert_int_equal(cls_insert_in_version(
				&bcls, &next[i]->cr, v), 0);
		}
		assert_int_equal(cls_publish(&bcls, v), 0);
		epoch_synchronize();
		for (i = 0; i < N_PAIR; i++) {
			assert_true(cls_remove(&bcls, &cur[i]->cr));
			epoch_defer(poison, cur[i]);
			retired[n_retired++] = cur[i];
			cur[i] = next[i];
		}
		epoch_reclaim();
	}
	atomic_store(&bstop, true);
	for (i = 0; i < N_READERS; i++)
		pthread_join(th[i], NULL);
	print_message("%ld batched lookups over %d batches\n",
		      atomic_load(&blookups), BATCHES);
	assert_int_equal(atomic_load(&berrors), 0);
	assert_true(atomic_load(&blookups) > 0);

	for (i = 0; i < N_PAIR; i++) {
		assert_true(cls_remove(&bcls, &cur[i]->cr));
		free(cur[i]);
	}
	cls_destroy(&bcls);
	epoch_synchronize();
	while (n_retired)
		free(retired[--n_retired]);
	free(retired);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_batch_concurrent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
