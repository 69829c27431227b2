/* Small helpers used all over userspace. */
#ifndef FSW_UTIL_H
#define FSW_UTIL_H 1

#include <stddef.h>
#include <stdarg.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t size);
void *xzalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses a decimal or 0x-prefixed unsigned number of at most MAX;
 * returns 0 on success, -1 on garbage or overflow. */
int str_to_uint(const char *s, unsigned long long max,
		unsigned long long *out);

#endif
