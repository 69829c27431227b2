/*
 * The bridge layer (see bridge.h): one ofproto (vswitchd/ofproto.h) per
 * configured bridge, each on its own datapath of type "system" (the
 * kernel datapath) named after the bridge.
 *
 * Everything here runs in the main thread and holds ofproto_mutex while
 * it touches the ofprotos, because handler threads use them too.
 */
#include <config.h>
#include "bridge.h"

#include <stdlib.h>
#include <string.h>

#include "connmgr.h"
#include "fsw-config.h"
#include "log.h"
#include "ofproto.h"
#include "ofproto-ctl.h"
#include "pollset.h"
#include "util.h"

LOG_MODULE(bridge);

static struct {
	char *rundir;
	struct ofproto **all;
	size_t n;
	const struct ssl_config *ssl;
} br;

struct ofproto *ofproto_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < br.n; i++)
		if (!strcmp(br.all[i]->name, name))
			return br.all[i];
	return NULL;
}

size_t ofproto_all(struct ofproto ***all)
{
	*all = br.all;
	return br.n;
}

void bridge_init(const char *rundir)
{
	br.rundir = xstrdup(rundir);
	ofproto_ctl_register();
}

static const char *dp_type_name(enum fsw_dp_type t)
{
	/* Only the kernel datapath exists today; "netdev" bridges use it
	 * too until a userspace provider lands in lib/dpif. */
	return t == FSW_DP_NETDEV ? "system" : "system";
}

void bridge_reconfigure(const struct fsw_config *cfg)
{
	size_t i;

	pthread_mutex_lock(&ofproto_mutex);
	/* Bridges that went away, or whose datapath type changed. */
	for (i = 0; i < br.n; ) {
		struct ofproto *o = br.all[i];
		const struct fsw_bridge *b = fsw_config_find_bridge(cfg,
								    o->name);

		if (!b || strcmp(dp_type_name(b->datapath_type), o->dp_type)) {
			LOG_INFO("bridge %s: removed", o->name);
			ofproto_destroy(o, true);
			br.all[i] = br.all[--br.n];
		} else {
			i++;
		}
	}
	for (i = 0; i < cfg->n_bridges; i++) {
		const struct fsw_bridge *b = &cfg->bridges[i];
		struct ofproto *o = ofproto_lookup(b->name);

		if (!o) {
			LOG_INFO("bridge %s: created", b->name);
			o = ofproto_create(b->name,
					   dp_type_name(b->datapath_type));
			o->connmgr = connmgr_create(o, br.rundir);
			connmgr_set_ssl(o->connmgr, br.ssl);
			br.all = xrealloc(br.all, (br.n + 1) * sizeof *br.all);
			br.all[br.n++] = o;
		}
		ofproto_reconfigure(o, b);
	}
	pthread_mutex_unlock(&ofproto_mutex);
}

void bridge_set_ssl(const struct ssl_config *ssl)
{
	size_t i;

	pthread_mutex_lock(&ofproto_mutex);
	br.ssl = ssl;
	for (i = 0; i < br.n; i++)
		if (br.all[i]->connmgr)
			connmgr_set_ssl(br.all[i]->connmgr, ssl);
	pthread_mutex_unlock(&ofproto_mutex);
}

void bridge_run(void)
{
	size_t i;

	pthread_mutex_lock(&ofproto_mutex);
	for (i = 0; i < br.n; i++)
		ofproto_run(br.all[i]);
	pthread_mutex_unlock(&ofproto_mutex);
}

void bridge_wait(struct pollset *ps)
{
	size_t i;

	pthread_mutex_lock(&ofproto_mutex);
	for (i = 0; i < br.n; i++)
		ofproto_wait(br.all[i], ps);
	pthread_mutex_unlock(&ofproto_mutex);
}

/* On exit the datapaths stay (as in Open vSwitch: traffic keeps flowing
 * on the installed flows until a restart takes over); only our handles
 * and threads go. */
void bridge_exit(void)
{
	size_t i;

	pthread_mutex_lock(&ofproto_mutex);
	for (i = 0; i < br.n; i++)
		ofproto_destroy(br.all[i], false);
	free(br.all);
	br.all = NULL;
	br.n = 0;
	pthread_mutex_unlock(&ofproto_mutex);
	free(br.rundir);
	br.rundir = NULL;
}
