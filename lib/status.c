#include <config.h>
#include "status.h"

#include "ctl.h"

static json_t *status;	/* {TABLE: {RECORD: {KEY: VALUE}}} */

static json_t *root(void)
{
	if (!status)
		status = json_object();
	return status;
}

void status_set(const char *table, const char *record, const char *key,
		const char *value)
{
	json_t *t = json_object_get(root(), table), *r;

	if (!value) {
		r = t ? json_object_get(t, record) : NULL;
		if (r) {
			json_object_del(r, key);
			if (!json_object_size(r))
				json_object_del(t, record);
		}
		return;
	}
	if (!t) {
		t = json_object();
		json_object_set_new(status, table, t);
	}
	r = json_object_get(t, record);
	if (!r) {
		r = json_object();
		json_object_set_new(t, record, r);
	}
	json_object_set_new(r, key, json_string(value));
}

void status_clear(const char *table, const char *record)
{
	json_t *t = json_object_get(root(), table);

	if (t)
		json_object_del(t, record);
}

void status_clear_all(void)
{
	json_decref(status);
	status = NULL;
}

const json_t *status_get_all(void)
{
	return root();
}

static void get_status(struct ctl_reply *r, const json_t *params, void *aux)
{
	ctl_reply_json(r, json_deep_copy(root()));
}

void status_register_ctl(void)
{
	ctl_register_json("get-status", get_status, NULL);
}
