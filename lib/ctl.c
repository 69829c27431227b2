#include <config.h>
#include "ctl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

LOG_MODULE(ctl);

struct ctl_command {
	char *name;
	int min_args, max_args;
	ctl_handler *handler;
	ctl_json_handler *json_handler;
	void *aux;
};

struct ctl_reply {
	json_t *result;
	char *error;
	bool done;
};

static struct ctl_command *commands;
static size_t n_commands;

static struct ctl_command *find(const char *name)
{
	size_t i;

	for (i = 0; i < n_commands; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int add(const char *name, int min_args, int max_args,
	       ctl_handler *h, ctl_json_handler *jh, void *aux)
{
	struct ctl_command *c;

	if (find(name)) {
		LOG_ERR("control command %s registered twice", name);
		return -EEXIST;
	}
	commands = xrealloc(commands, (n_commands + 1) * sizeof *commands);
	c = &commands[n_commands++];
	c->name = xstrdup(name);
	c->min_args = min_args;
	c->max_args = max_args;
	c->handler = h;
	c->json_handler = jh;
	c->aux = aux;
	return 0;
}

int ctl_register(const char *name, int min_args, int max_args,
		 ctl_handler *h, void *aux)
{
	return add(name, min_args, max_args, h, NULL, aux);
}

int ctl_register_json(const char *name, ctl_json_handler *h, void *aux)
{
	return add(name, 0, 0, NULL, h, aux);
}

void ctl_unregister_all(void)
{
	size_t i;

	for (i = 0; i < n_commands; i++)
		free(commands[i].name);
	free(commands);
	commands = NULL;
	n_commands = 0;
}

static bool reply_once(struct ctl_reply *r)
{
	if (r->done) {
		LOG_ERR("control command replied twice");
		return false;
	}
	r->done = true;
	return true;
}

void ctl_reply_json(struct ctl_reply *r, json_t *result)
{
	if (reply_once(r))
		r->result = result;
	else
		json_decref(result);
}

void ctl_reply_text(struct ctl_reply *r, const char *fmt, ...)
{
	va_list args;
	char *s;

	va_start(args, fmt);
	if (vasprintf(&s, fmt, args) < 0)
		s = NULL;
	va_end(args);
	ctl_reply_json(r, json_string(s ? s : ""));
	free(s);
}

void ctl_reply_error(struct ctl_reply *r, const char *fmt, ...)
{
	va_list args;

	if (!reply_once(r))
		return;
	va_start(args, fmt);
	if (vasprintf(&r->error, fmt, args) < 0)
		r->error = xstrdup("out of memory");
	va_end(args);
}

static void run_text(struct ctl_command *c, struct ctl_reply *r,
		     const json_t *params)
{
	size_t n = json_is_array(params) ? json_array_size(params) : 0;
	const char **argv;
	json_t *v;
	size_t i;

	if (!json_is_array(params)) {
		ctl_reply_error(r, "%s: arguments must be an array of strings",
				c->name);
		return;
	}
	if ((int)n < c->min_args || (int)n > c->max_args) {
		if (c->min_args == c->max_args)
			ctl_reply_error(r, "%s: takes %d argument%s, got %zu",
					c->name, c->min_args,
					c->min_args == 1 ? "" : "s", n);
		else
			ctl_reply_error(r, "%s: takes %d to %d arguments, "
					"got %zu", c->name, c->min_args,
					c->max_args, n);
		return;
	}
	argv = xzalloc((n + 2) * sizeof *argv);
	argv[0] = c->name;
	json_array_foreach(params, i, v) {
		if (!json_is_string(v)) {
			free(argv);
			ctl_reply_error(r, "%s: arguments must be strings",
					c->name);
			return;
		}
		argv[i + 1] = json_string_value(v);
	}
	c->handler(r, n + 1, argv, c->aux);
	free(argv);
}

void ctl_dispatch(const char *method, const json_t *params, json_t **result,
		  char **error, void *aux)
{
	struct ctl_reply r = { NULL, NULL, false };
	struct ctl_command *c = find(method);

	*result = NULL;
	*error = NULL;
	if (!c) {
		*error = xasprintf("unknown command \"%s\"; use list-commands "
				   "to see the available ones", method);
		return;
	}
	if (c->json_handler)
		c->json_handler(&r, params, c->aux);
	else
		run_text(c, &r, params);
	if (!r.done) {
		LOG_ERR("control command %s did not reply", method);
		r.error = xasprintf("%s: internal error: no reply", method);
	}
	*result = r.result;
	*error = r.error;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_commands(struct ctl_reply *r, int argc, const char *argv[],
			  void *aux)
{
	const char **names = xzalloc((n_commands + 1) * sizeof *names);
	size_t i, len = 0;
	char *out;

	for (i = 0; i < n_commands; i++) {
		names[i] = commands[i].name;
		len += strlen(names[i]) + 3;
	}
	qsort(names, n_commands, sizeof *names, cmp_names);
	out = xzalloc(len + 32);
	strcpy(out, "The available commands are:\n");
	for (i = 0; i < n_commands; i++) {
		strcat(out, "  ");
		strcat(out, names[i]);
		strcat(out, "\n");
	}
	ctl_reply_text(r, "%s", out);
	free(out);
	free(names);
}

void ctl_register_builtins(void)
{
	ctl_register("list-commands", 0, 0, list_commands, NULL);
}
