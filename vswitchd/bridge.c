/*
 * STUB of the bridge layer (see bridge.h): it only logs the configuration
 * it is handed.  No datapath, port or OpenFlow switch is created.  To be
 * replaced by the real bridge layer.
 */
#include <config.h>
#include "bridge.h"

#include "fsw-config.h"
#include "log.h"
#include "pollset.h"

LOG_MODULE(bridge);

void bridge_init(const char *rundir)
{
	LOG_INFO("bridge layer not implemented yet (stub): configuration is "
		 "stored but no datapath is created");
}

void bridge_reconfigure(const struct fsw_config *cfg)
{
	size_t i;

	LOG_INFO("reconfigure (stub): %zu bridge(s)", cfg->n_bridges);
	for (i = 0; i < cfg->n_bridges; i++) {
		const struct fsw_bridge *br = &cfg->bridges[i];

		LOG_DBG("  bridge %s: datapath_type=%s, %zu port(s), "
			"%zu controller(s)", br->name,
			fsw_dp_type_to_string(br->datapath_type), br->n_ports,
			br->n_controllers);
	}
}

void bridge_run(void)
{
}

void bridge_wait(struct pollset *ps)
{
}

void bridge_exit(void)
{
}
