/*
 * What fsw-vswitchd's main offers to the modules linked into it.
 */
#ifndef FSW_VSWITCHD_H
#define FSW_VSWITCHD_H 1

struct fsw_config;

/* Called after bridge_reconfigure(), with the same configuration, at
 * start-up and after every committed change, in registration order. */
typedef void vswitchd_reconfigure_cb(const struct fsw_config *, void *aux);
void vswitchd_add_reconfigure_hook(vswitchd_reconfigure_cb *, void *aux);

/* The current configuration (owned by the daemon, read-only). */
const struct fsw_config *vswitchd_config(void);

#endif
