/* Epoch-based deferred reclamation; see epoch.h for the argument. */
#include <config.h>
#include "epoch.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

struct epoch_slot {
	_Atomic uint64_t epoch;		/* 0: not in a section */
	atomic_bool taken;
	char pad[64 - sizeof(uint64_t) - sizeof(atomic_bool)];
};

struct deferred {
	void (*fn)(void *);
	void *arg;
	uint64_t tag;
};

static struct epoch_slot slots[EPOCH_MAX_THREADS];
static _Atomic uint64_t global_epoch = 1;

static pthread_mutex_t defer_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct deferred *pending;
static size_t n_pending, pending_cap;

static __thread int my_slot = -1;
static __thread unsigned int depth;

static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static pthread_key_t slot_key;

static void release_slot(void *p)
{
	struct epoch_slot *s = p;

	atomic_store(&s->epoch, 0);
	atomic_store(&s->taken, false);
}

static void make_key(void)
{
	if (pthread_key_create(&slot_key, release_slot)) {
		fprintf(stderr, "epoch: pthread_key_create failed\n");
		abort();
	}
}

static void take_slot(void)
{
	int i;

	pthread_once(&key_once, make_key);
	for (i = 0; i < EPOCH_MAX_THREADS; i++) {
		bool f = false;

		if (atomic_compare_exchange_strong(&slots[i].taken, &f, true)) {
			my_slot = i;
			pthread_setspecific(slot_key, &slots[i]);
			return;
		}
	}
	fprintf(stderr, "epoch: more than %d reader threads\n",
		EPOCH_MAX_THREADS);
	abort();
}

void epoch_enter(void)
{
	if (depth++)
		return;
	if (my_slot < 0)
		take_slot();
	atomic_store(&slots[my_slot].epoch, atomic_load(&global_epoch));
	atomic_thread_fence(memory_order_seq_cst);
}

void epoch_exit(void)
{
	if (!depth) {
		fprintf(stderr, "epoch: exit without enter\n");
		abort();
	}
	if (--depth)
		return;
	atomic_store_explicit(&slots[my_slot].epoch, 0, memory_order_release);
}

bool epoch_in_section(void)
{
	return depth > 0;
}

void epoch_defer(void (*fn)(void *), void *arg)
{
	struct deferred d = { fn, arg, 0 };

	/* Orders the caller's unlink before the tag and the later scan. */
	atomic_thread_fence(memory_order_seq_cst);
	d.tag = atomic_fetch_add(&global_epoch, 1);
	pthread_mutex_lock(&defer_mutex);
	if (n_pending == pending_cap) {
		pending_cap = pending_cap ? 2 * pending_cap : 64;
		pending = xrealloc(pending, pending_cap * sizeof *pending);
	}
	pending[n_pending++] = d;
	pthread_mutex_unlock(&defer_mutex);
}

/* Smallest epoch announced by a reader, UINT64_MAX when none reads. */
static uint64_t min_active(void)
{
	uint64_t min = UINT64_MAX;
	int i;

	atomic_thread_fence(memory_order_seq_cst);
	for (i = 0; i < EPOCH_MAX_THREADS; i++) {
		uint64_t e = atomic_load(&slots[i].epoch);

		if (e && e < min)
			min = e;
	}
	return min;
}

size_t epoch_reclaim(void)
{
	struct deferred *run;
	size_t i, n_run = 0, left;
	uint64_t min;

	pthread_mutex_lock(&defer_mutex);
	if (!n_pending) {
		pthread_mutex_unlock(&defer_mutex);
		return 0;
	}
	min = min_active();
	run = xmalloc(n_pending * sizeof *run);
	for (i = 0, left = 0; i < n_pending; i++) {
		if (pending[i].tag < min)
			run[n_run++] = pending[i];
		else
			pending[left++] = pending[i];
	}
	n_pending = left;
	pthread_mutex_unlock(&defer_mutex);

	/* Outside the lock: callbacks may defer more work. */
	for (i = 0; i < n_run; i++)
		run[i].fn(run[i].arg);
	free(run);

	pthread_mutex_lock(&defer_mutex);
	left = n_pending;
	pthread_mutex_unlock(&defer_mutex);
	return left;
}

static void set_flag(void *flag)
{
	atomic_store((atomic_bool *)flag, true);
}

void epoch_synchronize(void)
{
	atomic_bool done = false;

	if (depth) {
		fprintf(stderr, "epoch: synchronize inside a read section\n");
		abort();
	}
	/* Our marker gets the newest tag, so once it runs every reader that
	 * was in a section at the call has left and every callback deferred
	 * earlier has been handed out. */
	epoch_defer(set_flag, &done);
	while (!atomic_load(&done)) {
		epoch_reclaim();
		if (!atomic_load(&done))
			sched_yield();
	}
}
