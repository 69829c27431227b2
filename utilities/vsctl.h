/* fsw-vsctl internals shared by fsw-vsctl.c and vsctl-cmds.c. */
#ifndef FSW_VSCTL_H
#define FSW_VSCTL_H 1

#include <stdbool.h>
#include <jansson.h>

#include "fsw-config.h"

enum vsctl_format { FMT_TEXT, FMT_JSON };

/* State of one invocation: the working copy of the configuration (every
 * write command changes it, so that a later read command in the same
 * invocation sees the change), the operations to send, and the output
 * that is printed only if everything succeeded. */
struct vsctl_ctx {
	struct fsw_config *cfg;
	json_t *ops;
	char *out;
	size_t out_len;
	enum vsctl_format format;
	bool may_exist, if_exists;	/* options of the current command */
	int exit_code;			/* 2 for br-exists on a miss */
	json_t *status;			/* "get-status" reply, NULL offline */
};

struct vsctl_command {
	const char *name;
	int min_args, max_args;		/* -1: no maximum */
	const char *usage;		/* arguments, for messages and --help */
	const char *options;		/* accepted: "may-exist if-exists" */
	bool write;
	void (*run)(struct vsctl_ctx *, int argc, char *argv[]);
};

extern const struct vsctl_command vsctl_commands[];

/* Prints "fsw-vsctl: MESSAGE" and exits 1 (nothing was changed). */
void vsctl_fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
void vsctl_print(struct vsctl_ctx *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends OP (stolen) to the transaction after applying it to the
 * working copy; a failure there is fatal. */
void vsctl_op(struct vsctl_ctx *, json_t *op);

/* sFlow (vsctl-sflow.c). */
char *vsctl_sflow_to_string(const struct fsw_sflow *);
void vsctl_cmd_set_sflow(struct vsctl_ctx *, int argc, char *argv[]);
void vsctl_cmd_del_sflow(struct vsctl_ctx *, int argc, char *argv[]);
void vsctl_cmd_get_sflow(struct vsctl_ctx *, int argc, char *argv[]);

/* set-ssl, get-ssl, del-ssl (utilities/vsctl-ssl.c). */
void vsctl_cmd_set_ssl(struct vsctl_ctx *, int argc, char *argv[]);
void vsctl_cmd_get_ssl(struct vsctl_ctx *, int argc, char *argv[]);
void vsctl_cmd_del_ssl(struct vsctl_ctx *, int argc, char *argv[]);

#endif
