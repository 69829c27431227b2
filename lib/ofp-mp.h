/*
 * Multipart (OF1.3) / stats (OF1.0) requests and replies: desc, flow,
 * aggregate, table, port stats, port_desc, group, group_desc,
 * table_features.  Conventions as in ofp-msgs.h.
 *
 * Receiving: ofp_decode_multipart() on an OFPTYPE_MULTIPART_REQUEST or
 * _REPLY message gives the multipart type and body; then the request
 * decoder, or the reply's _next() iterator (returns 0 per entry,
 * OFP_MP_EOF at the end, or an ofperr), reads the body.
 *
 * Sending: the reply encoders take arrays and split them over several
 * messages (all but the last with OFPMPF_MORE) when they exceed 64 kB.
 */
#ifndef FSW_OFP_MP_H
#define FSW_OFP_MP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "flow.h"
#include "ofp-actions.h"
#include "ofp-group.h"
#include "ofp-msgs.h"

struct buf;

#define OFP_MP_EOF (-1)

struct ofp_multipart {
	uint8_t version;
	bool reply;
	uint16_t type;		/* OFPMP_* (OF1.0 stats types are equal) */
	uint16_t flags;		/* OFPMPF_MORE */
	const uint8_t *body;
	size_t body_len;
	size_t pos;		/* reply iteration cursor */
};

int ofp_decode_multipart(const void *msg, struct ofp_multipart *mp);

/* A request with an empty body (desc, table, port_desc, group_desc,
 * group_features, table_features).  Returns OFPBRC_BAD_MULTIPART if
 * VERSION lacks TYPE. */
int ofp_encode_mp_request(struct buf *b, uint8_t version, uint32_t xid,
			  uint16_t type);

/* ---- Flow / aggregate. ---- */
struct ofp_flow_stats_request {
	uint8_t table_id;	/* OFPTT_ALL: every table */
	uint32_t out_port;	/* OFPP_ANY: no filter */
	uint32_t out_group;	/* OFPG_ANY: no filter */
	uint64_t cookie, cookie_mask;
	struct match match;
};

void ofp_flow_stats_request_init(struct ofp_flow_stats_request *r);
int ofp_decode_flow_stats_request(const struct ofp_multipart *mp,
				  struct ofp_flow_stats_request *r);
/* AGGREGATE selects OFPMP_AGGREGATE instead of OFPMP_FLOW. */
int ofp_encode_flow_stats_request(struct buf *b, uint8_t version,
				  uint32_t xid, bool aggregate,
				  const struct ofp_flow_stats_request *r);

struct ofp_flow_stats {
	struct match match;
	uint8_t table_id;
	uint32_t duration_sec, duration_nsec;
	uint16_t priority, idle_timeout, hard_timeout, flags;
	uint64_t cookie, packet_count, byte_count;
	const struct ofpact *ofpacts;
	size_t ofpacts_len;
};

/* OFPACTS is cleared and receives this entry's actions. */
int ofp_decode_flow_stats_next(struct ofp_multipart *mp,
			       struct ofp_flow_stats *fs, struct buf *ofpacts);
int ofp_encode_flow_stats_reply(struct buf *b, uint8_t version, uint32_t xid,
				const struct ofp_flow_stats *fs, size_t n);

struct ofp_aggregate_stats {
	uint64_t packet_count, byte_count;
	uint32_t flow_count;
};

int ofp_decode_aggregate_reply(const struct ofp_multipart *mp,
			       struct ofp_aggregate_stats *as);
int ofp_encode_aggregate_reply(struct buf *b, uint8_t version, uint32_t xid,
			       const struct ofp_aggregate_stats *as);

/* ---- Desc. ---- */
struct ofp_desc_stats {
	char mfr_desc[OFP_DESC_STR_LEN + 1];
	char hw_desc[OFP_DESC_STR_LEN + 1];
	char sw_desc[OFP_DESC_STR_LEN + 1];
	char serial_num[OFP_SERIAL_NUM_LEN + 1];
	char dp_desc[OFP_DESC_STR_LEN + 1];
};

int ofp_decode_desc_reply(const struct ofp_multipart *mp,
			  struct ofp_desc_stats *ds);
int ofp_encode_desc_reply(struct buf *b, uint8_t version, uint32_t xid,
			  const struct ofp_desc_stats *ds);

/* ---- Tables. ---- */
struct ofp_table_stats {
	uint8_t table_id;
	char name[OFP_MAX_TABLE_NAME_LEN + 1];	/* OF1.0 */
	uint32_t wildcards, max_entries;	/* OF1.0 */
	uint32_t active_count;
	uint64_t lookup_count, matched_count;
};

int ofp_decode_table_stats_next(struct ofp_multipart *mp,
				struct ofp_table_stats *ts);
int ofp_encode_table_stats_reply(struct buf *b, uint8_t version,
				 uint32_t xid,
				 const struct ofp_table_stats *ts, size_t n);

/* ---- Ports. ---- */
int ofp_decode_port_stats_request(const struct ofp_multipart *mp,
				  uint32_t *port_no);
int ofp_encode_port_stats_request(struct buf *b, uint8_t version,
				  uint32_t xid, uint32_t port_no);

struct ofp_port_stats {
	uint32_t port_no;
	uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
	uint64_t rx_dropped, tx_dropped, rx_errors, tx_errors;
	uint64_t rx_frame_err, rx_over_err, rx_crc_err, collisions;
	uint32_t duration_sec, duration_nsec;	/* OF1.3 */
};

int ofp_decode_port_stats_next(struct ofp_multipart *mp,
			       struct ofp_port_stats *ps);
int ofp_encode_port_stats_reply(struct buf *b, uint8_t version, uint32_t xid,
				const struct ofp_port_stats *ps, size_t n);

/* OF1.3 only (OF1.0 lists ports in FEATURES_REPLY). */
int ofp_decode_port_desc_next(struct ofp_multipart *mp,
			      struct ofp_port_desc *pd);
int ofp_encode_port_desc_reply(struct buf *b, uint8_t version, uint32_t xid,
			       const struct ofp_port_desc *pd, size_t n);

/* ---- Groups (OF1.3). ---- */
int ofp_decode_group_stats_request(const struct ofp_multipart *mp,
				   uint32_t *group_id);
int ofp_encode_group_stats_request(struct buf *b, uint8_t version,
				   uint32_t xid, uint32_t group_id);

struct ofp_bucket_stats {
	uint64_t packet_count, byte_count;
};

struct ofp_group_stats {
	uint32_t group_id, ref_count;
	uint64_t packet_count, byte_count;
	uint32_t duration_sec, duration_nsec;
	const struct ofp_bucket_stats *buckets;
	size_t n_buckets;
};

/* BUCKETS is cleared and receives the entry's bucket counters. */
int ofp_decode_group_stats_next(struct ofp_multipart *mp,
				struct ofp_group_stats *gs,
				struct buf *buckets);
int ofp_encode_group_stats_reply(struct buf *b, uint8_t version,
				 uint32_t xid,
				 const struct ofp_group_stats *gs, size_t n);

struct ofp_group_desc {
	uint8_t type;
	uint32_t group_id;
	const struct ofp_bucket *buckets;
	size_t n_buckets;
};

int ofp_decode_group_desc_next(struct ofp_multipart *mp,
			       struct ofp_group_desc *gd,
			       struct buf *buckets, struct buf *ofpacts);
int ofp_encode_group_desc_reply(struct buf *b, uint8_t version, uint32_t xid,
				const struct ofp_group_desc *gd, size_t n);

/* ---- Table features (OF1.3).  Properties stay raw TLVs, checked for
 * framing only. ---- */
struct ofp_table_features {
	uint8_t table_id;
	char name[OFP_MAX_TABLE_NAME_LEN + 1];
	uint64_t metadata_match, metadata_write;
	uint32_t config, max_entries;
	const uint8_t *props;
	size_t props_len;
};

int ofp_decode_table_features_next(struct ofp_multipart *mp,
				   struct ofp_table_features *tf);
/* Works for requests (to set features) and replies. */
int ofp_encode_table_features(struct buf *b, uint8_t version, uint32_t xid,
			      bool reply, const struct ofp_table_features *tf,
			      size_t n);

/* Appends the OF1.3 property list (INSTRUCTIONS, NEXT_TABLES,
 * WRITE/APPLY_ACTIONS, MATCH, WILDCARDS, WRITE/APPLY_SETFIELD) of table
 * TABLE_ID of N_TABLES that supports every match field, instruction and
 * action of this library and may goto_table any later table.  Open
 * vSwitch rejects table features that lack any of these eight. */
void ofp_table_features_put_props(struct buf *props, unsigned int table_id,
				  unsigned int n_tables);

#endif
