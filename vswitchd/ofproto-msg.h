/*
 * OpenFlow request handling for an ofproto (vswitchd/ofproto-msg.c) and
 * the per-connection state shared with vswitchd/connmgr.c.
 */
#ifndef FSW_OFPROTO_MSG_H
#define FSW_OFPROTO_MSG_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"

struct ofproto;
struct ofport;
struct ofp_port_desc;
struct rconn;
struct connmgr;
struct rconn_role_generation;

enum ofconn_type {
	OFCONN_CONTROLLER,	/* active, from the configuration */
	OFCONN_PASSIVE,		/* accepted on a configured listener */
	OFCONN_SERVICE,		/* the management socket (ovs-ofctl) */
};

struct ofconn {
	struct connmgr *connmgr;
	struct rconn *rc;
	enum ofconn_type type;
	uint16_t miss_send_len;
	bool asked_config;	/* sent SET_CONFIG (service: wants pins) */
	/* Async masks [packet_in, port_status, flow_removed][master,
	 * slave], bit = reason. */
	uint32_t async[3][2];
	unsigned int n_dropped;	/* asynchronous messages not sent */
	/* Replies the connection's send queue had no room for yet, in
	 * order; while there are any, no new request is read. */
	struct ofconn_pending *backlog, **backlog_tail;
	size_t backlog_bytes;
};

void ofconn_reset_async(struct ofconn *);
/* Sends the replies in B (one or more messages back to back).  Replies
 * are never dropped: what the send queue cannot take waits in the
 * connection's backlog (a big dump-flows is megabytes). */
void ofconn_send_buf(struct ofconn *, const struct buf *);
struct ofconn **connmgr_conns(struct connmgr *, size_t *n);
struct rconn_role_generation *connmgr_generation(struct connmgr *);

/* Handles one received message. */
void ofproto_handle_msg(struct ofproto *, struct ofconn *,
			const struct buf *msg);
void ofproto_port_to_desc(const struct ofport *, struct ofp_port_desc *);

#endif
