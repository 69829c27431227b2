/*
 * The bridge layer: INTEGRATION POINT, NOT IMPLEMENTED YET.
 *
 * fsw-vswitchd owns the configuration (lib/fsw-config.h) and calls these
 * functions; the bridge layer turns the configuration into datapaths,
 * ports and OpenFlow switches.  bridge.c is today a stub that only logs
 * what it is given, so the daemon, fsw-vsctl and fsw-appctl can be built
 * and tested; whoever writes the bridge layer replaces bridge.c and keeps
 * this interface.
 *
 * Call order, all from the daemon's single main-loop thread:
 *
 *   bridge_init(rundir)          once, before anything else below
 *   bridge_reconfigure(cfg)      once at start-up with the loaded
 *                                configuration, then after every committed
 *                                change (transaction that changed
 *                                something), with the new configuration
 *   loop: bridge_wait(ps); poll; bridge_run();
 *   bridge_exit()                once, on a clean exit (SIGTERM, "exit")
 *
 * bridge_reconfigure() receives the complete desired state, not a diff:
 * it must add, remove and modify datapaths/ports so that they match CFG
 * (comparing with what it built last time).  CFG is owned by the daemon
 * and stays valid until the next bridge_reconfigure() or bridge_exit();
 * copy what is needed beyond that.  It must not block for long: it runs
 * inside the "transact" request, whose reply is sent after it returns.
 * Failures to realise part of the configuration (a missing interface, a
 * datapath that cannot be created) are logged and retried by bridge_run();
 * they do not undo the configuration (as in Open vSwitch).
 *
 * Control commands ("fdb/show", "dpif/dump-flows", "ofproto/trace", ...)
 * are registered with ctl_register() (lib/ctl.h), typically from
 * bridge_init().  What users should see about ports and controllers
 * (an interface that cannot be opened, a controller connection state)
 * is reported with status_set() (lib/status.h) and shown by fsw-vsctl.
 *
 * Other modules that want to hear about configuration changes can use
 * vswitchd_add_reconfigure_hook() (vswitchd/vswitchd.h); the bridge layer
 * is called directly, before those hooks.
 */
#ifndef FSW_BRIDGE_H
#define FSW_BRIDGE_H 1

struct fsw_config;
struct pollset;
struct ssl_config;

void bridge_init(const char *rundir);
void bridge_reconfigure(const struct fsw_config *cfg);
/* The TLS settings for every bridge's ssl:/pssl: connections (owned by
 * vswitchd/tls.c, valid until the next call): TLS connections are
 * re-established with them.  Call before bridge_reconfigure(). */
void bridge_set_ssl(const struct ssl_config *);
void bridge_run(void);
void bridge_wait(struct pollset *);
void bridge_exit(void);

#endif
