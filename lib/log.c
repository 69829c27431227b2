#include <config.h>
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static struct log_module *modules;
static FILE *log_file;
static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;
static const char *const level_names[] = { "off", "err", "warn", "info", "dbg" };

void log_register(struct log_module *m)
{
	m->next = modules;
	modules = m;
}

const char *log_level_to_string(enum log_level l)
{
	return l <= LL_DBG ? level_names[l] : "?";
}

int log_level_from_string(const char *s, enum log_level *l)
{
	unsigned int i;

	for (i = 0; i <= LL_DBG; i++) {
		if (!strcmp(s, level_names[i])) {
			*l = i;
			return 0;
		}
	}
	return -EINVAL;
}

int log_set_level(const char *name, enum log_level level)
{
	struct log_module *m;
	int found = 0;

	for (m = modules; m; m = m->next) {
		if (!name || !strcmp(name, m->name)) {
			m->level = level;
			found = 1;
		}
	}
	return found ? 0 : -ENOENT;
}

void log_for_each(void (*cb)(const struct log_module *, void *), void *aux)
{
	struct log_module *m;

	for (m = modules; m; m = m->next)
		cb(m, aux);
}

int log_open_file(const char *path)
{
	FILE *f = fopen(path, "a");

	if (!f)
		return -errno;
	setvbuf(f, NULL, _IOLBF, 0);
	pthread_mutex_lock(&log_mutex);
	if (log_file)
		fclose(log_file);
	log_file = f;
	pthread_mutex_unlock(&log_mutex);
	return 0;
}

bool log_rate_ok(struct log_rate *rl)
{
	time_t now = time(NULL);

	if (now - rl->window >= 5) {
		rl->window = now;
		rl->count = 0;
	}
	return rl->count++ < 5;
}

void log_msg(struct log_module *m, enum log_level level, const char *fmt, ...)
{
	struct timeval tv;
	struct tm tm;
	char stamp[32];
	va_list args;
	FILE *out;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	pthread_mutex_lock(&log_mutex);
	out = log_file ? log_file : stderr;
	fprintf(out, "%s.%03ldZ|%s|%s|", stamp, (long)tv.tv_usec / 1000,
		m->name, log_level_to_string(level));
	va_start(args, fmt);
	vfprintf(out, fmt, args);
	va_end(args);
	fputc('\n', out);
	pthread_mutex_unlock(&log_mutex);
}
