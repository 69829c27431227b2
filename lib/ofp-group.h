/*
 * OF1.3 GROUP_MOD and METER_MOD, and the bucket list codec shared with
 * the group_desc multipart reply.  Conventions as in ofp-msgs.h.
 */
#ifndef FSW_OFP_GROUP_H
#define FSW_OFP_GROUP_H 1

#include <stddef.h>
#include <stdint.h>
#include "ofp-actions.h"

struct buf;

struct ofp_bucket {
	uint16_t weight;
	uint32_t watch_port;	/* OFPP_ANY: none */
	uint32_t watch_group;	/* OFPG_ANY: none */
	const struct ofpact *ofpacts;
	size_t ofpacts_len;
};

struct ofp_group_mod {
	uint16_t command;	/* OFPGC_* */
	uint8_t type;		/* OFPGT_* */
	uint32_t group_id;
	const struct ofp_bucket *buckets;
	size_t n_buckets;
};

/* Decodes the bucket list at P (LEN bytes).  BUCKETS receives struct
 * ofp_bucket entries whose ofpacts point into OFPACTS; both bufs are
 * appended to.  *N gets the number of buckets.  Errors:
 * OFPGMFC_BAD_BUCKET (framing), OFPGMFC_WEIGHT_UNSUPPORTED, action
 * errors. */
int ofp_decode_buckets(const void *p, size_t len, uint8_t group_type,
		       struct buf *buckets, struct buf *ofpacts, size_t *n);
int ofp_encode_buckets(struct buf *b, const struct ofp_bucket *buckets,
		       size_t n);

int ofp_decode_group_mod(const void *msg, struct ofp_group_mod *gm,
			 struct buf *buckets, struct buf *ofpacts);
int ofp_encode_group_mod(struct buf *b, uint8_t version, uint32_t xid,
			 const struct ofp_group_mod *gm);

#define OFP_MAX_METER_BANDS 8

struct ofp_meter_band {
	uint16_t type;		/* OFPMBT_DROP or OFPMBT_DSCP_REMARK */
	uint32_t rate;
	uint32_t burst_size;
	uint8_t prec_level;	/* DSCP_REMARK */
};

struct ofp_meter_mod {
	uint16_t command;	/* OFPMC_* */
	uint16_t flags;		/* OFPMF_* */
	uint32_t meter_id;
	size_t n_bands;
	struct ofp_meter_band bands[OFP_MAX_METER_BANDS];
};

int ofp_decode_meter_mod(const void *msg, struct ofp_meter_mod *mm);
int ofp_encode_meter_mod(struct buf *b, uint8_t version, uint32_t xid,
			 const struct ofp_meter_mod *mm);

#endif
