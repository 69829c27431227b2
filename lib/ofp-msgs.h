/*
 * OpenFlow 1.0 / 1.3 messages <-> version-independent userspace structs.
 *
 * Receiving: ofp_decode_type() validates a complete message's header
 * (version, length, type, multipart type) and classifies it; then the
 * ofp_decode_<msg>() for that type fills a struct.  Every decoder takes
 * the whole message (length from its header, already checked equal to
 * the received length by ofp_decode_type()) and returns 0 or an ofperr
 * (lib/ofp-errors.h) naming the OFPT_ERROR to send back; none reads
 * outside the message.  Decoded structs may point into the message
 * (packet data, error data): they live as long as it does.
 *
 * Sending: ofp_encode_<msg>(b, version, xid, ...) appends one message to
 * struct buf B.  Encoders that can meet something the version cannot
 * express return an ofperr and leave B as it was.
 *
 * Port numbers are 32-bit OF1.3 numbers (OFPP_*) in every struct; OF1.0
 * ports are converted.  Counters and ids are host order.
 */
#ifndef FSW_OFP_MSGS_H
#define FSW_OFP_MSGS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include "flow.h"
#include "openflow.h"
#include "ofp-actions.h"

struct buf;

enum ofptype {
	OFPTYPE_HELLO,
	OFPTYPE_ERROR,
	OFPTYPE_ECHO_REQUEST,
	OFPTYPE_ECHO_REPLY,
	OFPTYPE_EXPERIMENTER,
	OFPTYPE_FEATURES_REQUEST,
	OFPTYPE_FEATURES_REPLY,
	OFPTYPE_GET_CONFIG_REQUEST,
	OFPTYPE_GET_CONFIG_REPLY,
	OFPTYPE_SET_CONFIG,
	OFPTYPE_PACKET_IN,
	OFPTYPE_FLOW_REMOVED,
	OFPTYPE_PORT_STATUS,
	OFPTYPE_PACKET_OUT,
	OFPTYPE_FLOW_MOD,
	OFPTYPE_GROUP_MOD,
	OFPTYPE_PORT_MOD,
	OFPTYPE_TABLE_MOD,
	OFPTYPE_MULTIPART_REQUEST,	/* see struct ofp_multipart */
	OFPTYPE_MULTIPART_REPLY,
	OFPTYPE_BARRIER_REQUEST,
	OFPTYPE_BARRIER_REPLY,
	OFPTYPE_QUEUE_GET_CONFIG_REQUEST,
	OFPTYPE_QUEUE_GET_CONFIG_REPLY,
	OFPTYPE_ROLE_REQUEST,
	OFPTYPE_ROLE_REPLY,
	OFPTYPE_GET_ASYNC_REQUEST,
	OFPTYPE_GET_ASYNC_REPLY,
	OFPTYPE_SET_ASYNC,
	OFPTYPE_METER_MOD,
	OFPTYPE_N
};

const char *ofptype_name(enum ofptype type);

/* Checks the header of the LEN-byte message at P and classifies it.
 * HELLO is accepted in any version (for negotiation); everything else
 * must be OF1.0 or OF1.3.  Errors: OFPBRC_BAD_LEN, BAD_VERSION, BAD_TYPE,
 * BAD_MULTIPART, BAD_EXPERIMENTER. */
int ofp_decode_type(const void *p, size_t len, enum ofptype *type);

/* The wire type of TYPE in VERSION, or -1 if VERSION has no such msg. */
int ofptype_to_raw(enum ofptype type, uint8_t version);

/* Header-only messages (features/get_config/barrier/get_async requests,
 * barrier reply).  Returns 0 or OFPBRC_BAD_TYPE. */
int ofp_encode_simple(struct buf *b, uint8_t version, enum ofptype type,
		      uint32_t xid);

static inline uint32_t ofp_xid(const void *msg)
{
	const struct ofp_header *oh = msg;

	return ntohl(oh->xid);
}

/* ---- Hello. ---- */
/* Bit V of a version bitmap means wire version V is supported. */
#define OFP_VERSION_BIT(v) (1u << (v))
#define OFP_SUPPORTED_VERSIONS \
	(OFP_VERSION_BIT(OFP10_VERSION) | OFP_VERSION_BIT(OFP13_VERSION))

/* BITMAP 0 sends a plain hello of VERSION (no elements). */
void ofp_encode_hello(struct buf *b, uint8_t version, uint32_t xid,
		      uint32_t bitmap);
/* *BITMAP gets the peer's versions: from its bitmap element when present
 * (bits above 31 are ignored), else every version up to the header's. */
int ofp_decode_hello(const void *msg, uint32_t *bitmap);
/* Highest version in both bitmaps, or -1 (send HELLO_FAILED). */
int ofp_negotiate_version(uint32_t ours, uint32_t theirs);

/* ---- Error. ---- */
struct ofp_error {
	int err;		/* ofperr, OF1.3 numbering */
	uint16_t type, code;	/* as received */
	const uint8_t *data;
	size_t data_len;
};

int ofp_decode_error(const void *msg, struct ofp_error *e);
/* Error ERR in reply to the LEN-byte message REQUEST: same version and
 * xid (OF1.3 and xid 0 if the request is too short or its version is
 * unknown), data = the request's first 64 bytes. */
void ofp_encode_error_reply(struct buf *b, int err, const void *request,
			    size_t len);
/* ERR with arbitrary DATA (e.g. the HELLO_FAILED text). */
void ofp_encode_error(struct buf *b, uint8_t version, uint32_t xid, int err,
		      const void *data, size_t len);

/* ---- Echo. ---- */
void ofp_encode_echo(struct buf *b, uint8_t version, uint32_t xid,
		     bool reply, const void *data, size_t len);
/* The reply to an echo request: same xid and payload. */
void ofp_encode_echo_reply(struct buf *b, const void *request);
int ofp_decode_echo(const void *msg, const uint8_t **data, size_t *len);

/* ---- Ports. ---- */
struct ofp_port_desc {
	uint32_t port_no;
	uint8_t hw_addr[6];
	char name[OFP_MAX_PORT_NAME_LEN + 1];
	uint32_t config;	/* OFPPC_* */
	uint32_t state;		/* OFPPS_* */
	uint32_t curr, advertised, supported, peer;	/* OF1.3 OFPPF_* */
	uint32_t curr_speed, max_speed;	/* kbps; 0 from OF1.0 */
};

/* ---- Features. ---- */
struct ofp_features {
	uint64_t datapath_id;
	uint32_t n_buffers;
	uint8_t n_tables;
	uint8_t auxiliary_id;	/* OF1.3 */
	uint32_t capabilities;	/* OFPC_* of the message's version */
	uint32_t actions;	/* OF1.0 supported actions bitmap */
	/* OF1.0 only: the ports (OF1.3 uses OFPMP_PORT_DESC). */
	const struct ofp_port_desc *ports;
	size_t n_ports;
};

/* PORTS receives struct ofp_port_desc entries (OF1.0); f->ports points
 * into it. */
int ofp_decode_features_reply(const void *msg, struct ofp_features *f,
			      struct buf *ports);
int ofp_encode_features_reply(struct buf *b, uint8_t version, uint32_t xid,
			      const struct ofp_features *f);

/* ---- Switch config (GET_CONFIG_REPLY, SET_CONFIG). ---- */
struct ofp_switch_config_msg {
	uint16_t flags;		/* OFPC_FRAG_* */
	uint16_t miss_send_len;
};

int ofp_decode_switch_config(const void *msg, struct ofp_switch_config_msg *c);
void ofp_encode_switch_config(struct buf *b, uint8_t version, uint32_t xid,
			      bool set, const struct ofp_switch_config_msg *c);

/* ---- Packet in / out. ---- */
struct ofp_packet_in {
	uint32_t buffer_id;
	uint16_t total_len;
	uint8_t reason;		/* OFPR_* */
	uint8_t table_id;	/* OF1.3 */
	uint64_t cookie;	/* OF1.3 */
	struct match match;	/* in_port (and metadata, tunnel_id) */
	const uint8_t *data;
	size_t data_len;
};

int ofp_decode_packet_in(const void *msg, struct ofp_packet_in *pin);
int ofp_encode_packet_in(struct buf *b, uint8_t version, uint32_t xid,
			 const struct ofp_packet_in *pin);

struct ofp_packet_out {
	uint32_t buffer_id;
	uint32_t in_port;
	const struct ofpact *ofpacts;
	size_t ofpacts_len;
	const uint8_t *data;
	size_t data_len;
};

/* OFPACTS receives the actions; po->ofpacts points into it. */
int ofp_decode_packet_out(const void *msg, struct ofp_packet_out *po,
			  struct buf *ofpacts);
int ofp_encode_packet_out(struct buf *b, uint8_t version, uint32_t xid,
			  const struct ofp_packet_out *po);

/* ---- Flow mod / removed. ---- */
struct ofp_flow_mod {
	struct match match;
	uint64_t cookie;	/* new cookie (add), filter (modify/delete) */
	uint64_t cookie_mask;	/* OF1.3: 0 = no cookie filtering */
	uint8_t table_id;	/* OFPTT_ALL for "every table" */
	uint8_t command;	/* OFPFC_* */
	uint16_t idle_timeout, hard_timeout;
	uint16_t priority;
	uint16_t importance;	/* parsed from flow syntax; not on the wire */
	uint32_t buffer_id;
	uint32_t out_port;	/* OFPP_ANY: no filter */
	uint32_t out_group;	/* OFPG_ANY: no filter */
	uint16_t flags;		/* OFPFF_* (OF1.3 meanings) */
	const struct ofpact *ofpacts;
	size_t ofpacts_len;
};

/* Sets the defaults ovs-ofctl uses: priority 0x8000, no buffer, no
 * filters, table 0, add. */
void ofp_flow_mod_init(struct ofp_flow_mod *fm);
int ofp_decode_flow_mod(const void *msg, struct ofp_flow_mod *fm,
			struct buf *ofpacts);
int ofp_encode_flow_mod(struct buf *b, uint8_t version, uint32_t xid,
			const struct ofp_flow_mod *fm);

/* Does a rule (match, priority, cookie, actions) fall under FM's
 * modify/delete?  Strict commands need an identical match and priority;
 * non-strict ones any rule at least as specific as FM's match.  Both
 * honour cookie/cookie_mask and, for deletes, out_port/out_group. */
bool ofp_flow_mod_selects(const struct ofp_flow_mod *fm,
			  const struct match *rule, uint16_t priority,
			  uint64_t cookie, const struct ofpact *ofpacts,
			  size_t ofpacts_len);

struct ofp_flow_removed {
	struct match match;
	uint64_t cookie;
	uint16_t priority;
	uint8_t reason;		/* OFPRR_* */
	uint8_t table_id;
	uint32_t duration_sec, duration_nsec;
	uint16_t idle_timeout, hard_timeout;
	uint64_t packet_count, byte_count;
};

int ofp_decode_flow_removed(const void *msg, struct ofp_flow_removed *fr);
int ofp_encode_flow_removed(struct buf *b, uint8_t version, uint32_t xid,
			    const struct ofp_flow_removed *fr);

/* ---- Port status / mod, table mod. ---- */
struct ofp_port_status {
	uint8_t reason;		/* OFPPR_* */
	struct ofp_port_desc desc;
};

int ofp_decode_port_status(const void *msg, struct ofp_port_status *ps);
int ofp_encode_port_status(struct buf *b, uint8_t version, uint32_t xid,
			   const struct ofp_port_status *ps);

struct ofp_port_mod {
	uint32_t port_no;
	uint8_t hw_addr[6];
	uint32_t config, mask, advertise;
};

int ofp_decode_port_mod(const void *msg, struct ofp_port_mod *pm);
int ofp_encode_port_mod(struct buf *b, uint8_t version, uint32_t xid,
			const struct ofp_port_mod *pm);

struct ofp_table_mod {
	uint8_t table_id;
	uint32_t config;
};

int ofp_decode_table_mod(const void *msg, struct ofp_table_mod *tm);
int ofp_encode_table_mod(struct buf *b, uint8_t version, uint32_t xid,
			 const struct ofp_table_mod *tm);

/* ---- Role, async (OF1.3). ---- */
struct ofp_role {
	uint32_t role;		/* OFPCR_ROLE_* */
	uint64_t generation_id;
};

int ofp_decode_role(const void *msg, struct ofp_role *r);
int ofp_encode_role(struct buf *b, uint8_t version, uint32_t xid,
		    bool reply, const struct ofp_role *r);

struct ofp_async_config {
	uint32_t packet_in_mask[2];	/* [0] master/equal, [1] slave */
	uint32_t port_status_mask[2];
	uint32_t flow_removed_mask[2];
};

int ofp_decode_async_config(const void *msg, struct ofp_async_config *ac);
/* TYPE is OFPTYPE_GET_ASYNC_REPLY or OFPTYPE_SET_ASYNC. */
int ofp_encode_async_config(struct buf *b, uint8_t version, uint32_t xid,
			    enum ofptype type,
			    const struct ofp_async_config *ac);

/* ---- Queue configuration (lib/ofp-queue.c). ---- */
struct ofp_queue_desc {
	uint32_t queue_id;
	uint32_t port;
	uint16_t min_rate;	/* 1/10 %, or OFPQ_RATE_UNCFG */
	uint16_t max_rate;	/* OF1.3 only */
};

/* PORT: OFPP_ANY for all ports.  Bad ports: OFPQOFC_BAD_PORT. */
int ofp_decode_queue_get_config_request(const void *msg, uint32_t *port);
int ofp_encode_queue_get_config_request(struct buf *b, uint8_t version,
					uint32_t xid, uint32_t port);
/* QUEUES receives struct ofp_queue_desc entries (count in *N); unknown
 * properties are skipped. */
int ofp_decode_queue_get_config_reply(const void *msg, uint32_t *port,
				      struct buf *queues, size_t *n);
int ofp_encode_queue_get_config_reply(struct buf *b, uint8_t version,
				      uint32_t xid, uint32_t port,
				      const struct ofp_queue_desc *q,
				      size_t n);

/* ---- Message construction helpers (also used by ofp-mp.c). ---- */
/* Appends a zeroed message of SIZE bytes; returns its offset in B. */
size_t ofp_start(struct buf *b, uint8_t version, uint8_t raw_type,
		 uint32_t xid, size_t size);
/* Sets the length of the message at OFS; returns 0 or OFPBRC_BAD_LEN
 * (and drops the message) if it outgrew 65535 bytes. */
int ofp_finish(struct buf *b, size_t ofs);

/* Port descriptions (shared with multipart port_desc). */
void ofp_port_desc_decode13(const struct ofp13_port *op,
			    struct ofp_port_desc *pd);
void ofp_port_desc_encode13(const struct ofp_port_desc *pd,
			    struct ofp13_port *op);
void ofp_port_desc_decode10(const struct ofp10_phy_port *op,
			    struct ofp_port_desc *pd);
int ofp_port_desc_encode10(const struct ofp_port_desc *pd,
			   struct ofp10_phy_port *op);

#endif
