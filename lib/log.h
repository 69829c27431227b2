/*
 * Logging with per-module levels, to stderr or a log file.
 *
 *   LOG_MODULE(dpif);           once per .c file
 *   LOG_WARN("port %s: %s", name, strerror(err));
 *
 * Levels: ERR, WARN, INFO, DBG.  log_set_level("dpif", LL_DBG) or
 * log_set_level(NULL, ...) for all modules; log_open_file() redirects.
 * LOG_*_RL variants rate-limit a message site (at most 5 per 5 s) so that
 * bad input from the network cannot flood the log.
 */
#ifndef FSW_LOG_H
#define FSW_LOG_H 1

#include <stdbool.h>
#include <time.h>

enum log_level { LL_OFF, LL_ERR, LL_WARN, LL_INFO, LL_DBG };

struct log_module {
	const char *name;
	enum log_level level;
	struct log_module *next;
};

struct log_rate {
	time_t window;
	unsigned int count;
};

void log_register(struct log_module *);
void log_msg(struct log_module *, enum log_level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool log_rate_ok(struct log_rate *);
int log_set_level(const char *module, enum log_level);
int log_level_from_string(const char *, enum log_level *);
const char *log_level_to_string(enum log_level);
int log_open_file(const char *path);
/* Calls CB for every registered module (for an appctl "log/list"). */
void log_for_each(void (*cb)(const struct log_module *, void *), void *aux);

#define LOG_MODULE(NAME)						\
	static struct log_module log_this_module = { #NAME, LL_INFO, 0 }; \
	__attribute__((constructor)) static void log_init_##NAME(void)	\
	{ log_register(&log_this_module); }

#define LOG_AT(LEVEL, ...)						\
	do {								\
		if (log_this_module.level >= (LEVEL))			\
			log_msg(&log_this_module, LEVEL, __VA_ARGS__);	\
	} while (0)
#define LOG_AT_RL(LEVEL, ...)						\
	do {								\
		static struct log_rate rl_;				\
		if (log_this_module.level >= (LEVEL) && log_rate_ok(&rl_)) \
			log_msg(&log_this_module, LEVEL, __VA_ARGS__);	\
	} while (0)

#define LOG_ERR(...)	LOG_AT(LL_ERR, __VA_ARGS__)
#define LOG_WARN(...)	LOG_AT(LL_WARN, __VA_ARGS__)
#define LOG_INFO(...)	LOG_AT(LL_INFO, __VA_ARGS__)
#define LOG_DBG(...)	LOG_AT(LL_DBG, __VA_ARGS__)
#define LOG_WARN_RL(...) LOG_AT_RL(LL_WARN, __VA_ARGS__)
#define LOG_INFO_RL(...) LOG_AT_RL(LL_INFO, __VA_ARGS__)

#endif
