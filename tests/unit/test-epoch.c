/* Unit tests for lib/epoch.c. */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <cmocka.h>

#include "epoch.h"

static atomic_int step;

static void *epoch_reader(void *arg)
{
	epoch_enter();
	atomic_store(&step, 1);
	while (atomic_load(&step) != 2)
		sched_yield();
	epoch_exit();
	atomic_store(&step, 3);
	return arg;
}

static void set_int(void *p)
{
	*(int *)p = 1;
}

static void test_epoch(void **state)
{
	pthread_t t;
	int ran = 0, ran2 = 0;

	epoch_synchronize();
	atomic_store(&step, 0);
	pthread_create(&t, NULL, epoch_reader, NULL);
	while (atomic_load(&step) != 1)
		sched_yield();
	/* A reader is inside: the callback must wait. */
	epoch_defer(set_int, &ran);
	assert_int_not_equal(epoch_reclaim(), 0);
	assert_int_equal(ran, 0);
	/* Our own nested sections do not block anything but our own. */
	epoch_enter();
	epoch_enter();
	assert_true(epoch_in_section());
	epoch_exit();
	epoch_exit();
	assert_false(epoch_in_section());
	assert_int_equal(ran, 0);
	atomic_store(&step, 2);
	while (atomic_load(&step) != 3)
		sched_yield();
	assert_int_equal(epoch_reclaim(), 0);
	assert_int_equal(ran, 1);
	pthread_join(t, NULL);

	/* Deferred after a reader entered from this thread: waits for it. */
	epoch_enter();
	epoch_defer(set_int, &ran2);
	epoch_reclaim();
	assert_int_equal(ran2, 0);
	epoch_exit();
	epoch_synchronize();
	assert_int_equal(ran2, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
