/*
 * Control commands: the registry behind fsw-appctl (and the config methods
 * fsw-vsctl uses).  Any module registers its commands at start-up:
 *
 *   static void fdb_show(struct ctl_reply *r, int argc, const char *argv[],
 *                        void *aux)
 *   {
 *           ... ctl_reply_text(r, "%s\n", table);   or
 *           ... ctl_reply_error(r, "no bridge named %s", argv[1]);
 *   }
 *   ctl_register("fdb/show", 1, 1, fdb_show, NULL);
 *
 * argv[0] is the command name, argv[1..argc-1] its arguments (strings);
 * MIN_ARGS/MAX_ARGS bound argc - 1 and are checked before the handler
 * runs.  A handler replies exactly once, before returning: text (shown by
 * fsw-appctl as is), or an error.  Handlers run in the daemon's main loop
 * and must not block.
 *
 * ctl_register_json() registers a method taking and returning JSON (the
 * config methods "transact" and "get-config" are of this kind).
 *
 * The daemon's JSON-RPC server hands every request to ctl_dispatch().
 */
#ifndef FSW_CTL_H
#define FSW_CTL_H 1

#include <stdbool.h>
#include <jansson.h>

struct ctl_reply;

typedef void ctl_handler(struct ctl_reply *, int argc, const char *argv[],
			 void *aux);
typedef void ctl_json_handler(struct ctl_reply *, const json_t *params,
			      void *aux);

/* 0, or -EEXIST if NAME is taken (a programming error: also logged). */
int ctl_register(const char *name, int min_args, int max_args,
		 ctl_handler *, void *aux);
int ctl_register_json(const char *name, ctl_json_handler *, void *aux);
void ctl_unregister_all(void);

void ctl_reply_text(struct ctl_reply *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ctl_reply_json(struct ctl_reply *, json_t *result);	/* stolen */
void ctl_reply_error(struct ctl_reply *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Runs METHOD; exactly one of *RESULT (new reference) and *ERROR
 * (malloc'd) is set.  Has the signature of a jsonrpc_handler. */
void ctl_dispatch(const char *method, const json_t *params, json_t **result,
		  char **error, void *aux);

/* Registers "list-commands". */
void ctl_register_builtins(void);

#endif
