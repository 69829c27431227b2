/*
 * Runtime status of configured things, for users to see: what the daemon
 * observed rather than what was asked (that is the configuration).
 * Modules linked into fsw-vswitchd (the bridge layer, the OpenFlow
 * connection manager...) report here; "fsw-vsctl show" prints the
 * "error" of interfaces and "is_connected" of controllers, and
 * "fsw-vsctl list/get interface IFACE status" shows all keys.
 *
 *   status_set("interface", "eth9", "error",
 *              "could not open network device eth9 (No such device)");
 *   status_set("interface", "eth9", "error", NULL);      clears that key
 *   status_set("controller", "tcp:192.0.2.1:6653", "is_connected", "true");
 *   status_clear("interface", "eth9");                   when deleted
 *
 * Tables are free-form strings; "bridge", "interface" and "controller"
 * (record: the target) are the ones fsw-vsctl displays.  The control
 * method "get-status" returns {TABLE: {RECORD: {KEY: VALUE}}}.
 * Single-threaded: call from the main loop only.
 */
#ifndef FSW_STATUS_H
#define FSW_STATUS_H 1

#include <jansson.h>

void status_set(const char *table, const char *record, const char *key,
		const char *value);
void status_clear(const char *table, const char *record);
void status_clear_all(void);
/* Borrowed reference to the whole status object. */
const json_t *status_get_all(void);
/* Registers the "get-status" control method. */
void status_register_ctl(void);

#endif
