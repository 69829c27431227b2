/* Unit tests for lib/util.c. */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util.h"

static void test_str_to_uint(void **state)
{
	unsigned long long v;

	assert_int_equal(str_to_uint("42", 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(str_to_uint("0x10", 100, &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(str_to_uint("101", 100, &v), -1);
	assert_int_equal(str_to_uint("", 100, &v), -1);
	assert_int_equal(str_to_uint("-1", 100, &v), -1);
	assert_int_equal(str_to_uint("12x", 100, &v), -1);
	assert_int_equal(str_to_uint("99999999999999999999999", ~0ULL, &v), -1);
}

static void test_xasprintf(void **state)
{
	char *s = xasprintf("%s-%d", "br", 7);

	assert_string_equal(s, "br-7");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_str_to_uint),
		cmocka_unit_test(test_xasprintf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
