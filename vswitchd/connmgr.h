/*
 * connmgr: an ofproto's OpenFlow connections: controllers from the
 * configuration (active tcp:/ssl:/unix: via rconn, or extra ptcp:/pssl:
 * listeners), and the management listener punix:RUNDIR/BRIDGE.mgmt that
 * ovs-ofctl uses.  Incoming messages are decoded and handled here
 * (vswitchd/ofproto-msg.c); asynchronous messages (PACKET_IN,
 * FLOW_REMOVED, PORT_STATUS) go out to every connection that wants them.
 *
 * All with ofproto_mutex held.
 */
#ifndef FSW_CONNMGR_H
#define FSW_CONNMGR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ofproto;
struct ofport;
struct rule;
struct pollset;
struct buf;
struct ssl_config;

struct connmgr *connmgr_create(struct ofproto *, const char *rundir);
void connmgr_destroy(struct connmgr *);
/* Sets the controller targets (tcp:, ssl:, unix:, ptcp:, pssl:). */
void connmgr_set_controllers(struct connmgr *, char **targets, size_t n);
/* TLS settings for ssl: and pssl: targets (NULL: the process default).
 * A change re-establishes every TLS connection and listener with the new
 * settings; plain tcp:/unix: ones are not touched.  The settings must
 * stay valid until the next call or connmgr_destroy(). */
void connmgr_set_ssl(struct connmgr *, const struct ssl_config *);
void connmgr_run(struct connmgr *);
void connmgr_wait(struct connmgr *, struct pollset *);

/* Is any controller (not the management socket) configured / up? */
bool connmgr_has_controllers(const struct connmgr *);
bool connmgr_controller_connected(const struct connmgr *);

void connmgr_send_port_status(struct connmgr *, const struct ofport *,
			      uint8_t reason);
void connmgr_send_flow_removed(struct connmgr *, const struct rule *,
			       uint8_t reason);
/* PACKET_IN of the LEN-byte PACKET. */
void connmgr_send_packet_in(struct connmgr *, const void *packet,
			    size_t len, uint32_t in_port, uint8_t reason,
			    uint8_t table_id, uint64_t cookie,
			    uint64_t metadata, uint16_t max_len);

/* Text for "bridge/show"-style control commands. */
void connmgr_describe(const struct connmgr *, struct buf *);

#endif
