/*
 * Version-independent OpenFlow actions and instructions ("ofpacts").
 *
 * An ofpact list is a packed byte string (usually in a struct buf) of
 * variable-size elements, each starting with struct ofpact and padded to
 * a multiple of 8 bytes.  Plain actions come first: they are the OF1.3
 * "apply_actions" instruction, or the whole OF1.0 action list.  The
 * instruction pseudo-actions follow, at most one of each, in this order:
 * METER, CLEAR_ACTIONS, WRITE_ACTIONS (its actions nested inside it),
 * WRITE_METADATA, GOTO_TABLE.
 *
 * Decoders produce that canonical form from either wire version; encoders
 * turn it back into either version, failing (with an ofperr) on what the
 * version cannot express.  Port numbers are 32-bit (OF1.3 numbering).
 */
#ifndef FSW_OFP_ACTIONS_H
#define FSW_OFP_ACTIONS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofp-match.h"

struct buf;

enum ofpact_type {
	/* Actions. */
	OFPACT_OUTPUT,		/* ofpact_output */
	OFPACT_ENQUEUE,		/* ofpact_enqueue (OF1.0) */
	OFPACT_GROUP,		/* ofpact_u32: group id */
	OFPACT_SET_QUEUE,	/* ofpact_u32: queue id */
	OFPACT_SET_VLAN_VID,	/* ofpact_u32: vid; pushes a tag if none */
	OFPACT_SET_VLAN_PCP,	/* ofpact_u32: pcp; pushes a tag if none */
	OFPACT_POP_VLAN,	/* ofpact (OF1.0 strip_vlan) */
	OFPACT_PUSH_VLAN,	/* ofpact_u32: ethertype */
	OFPACT_PUSH_MPLS,	/* ofpact_u32: ethertype */
	OFPACT_POP_MPLS,	/* ofpact_u32: ethertype of the payload */
	OFPACT_PUSH_PBB,	/* ofpact_u32: ethertype */
	OFPACT_POP_PBB,		/* ofpact */
	OFPACT_SET_FIELD,	/* ofpact_set_field */
	OFPACT_SET_L4_SRC,	/* ofpact_l4_port (OF1.0 set_tp_src) */
	OFPACT_SET_L4_DST,	/* ofpact_l4_port (OF1.0 set_tp_dst) */
	OFPACT_SET_NW_TTL,	/* ofpact_u32: ttl */
	OFPACT_DEC_NW_TTL,	/* ofpact */
	OFPACT_SET_MPLS_TTL,	/* ofpact_u32: ttl */
	OFPACT_DEC_MPLS_TTL,	/* ofpact */
	OFPACT_COPY_TTL_OUT,	/* ofpact */
	OFPACT_COPY_TTL_IN,	/* ofpact */
	OFPACT_RESUBMIT,	/* ofpact_resubmit (Nicira extension) */
	/* Instructions, in their required order. */
	OFPACT_METER,		/* ofpact_u32: meter id */
	OFPACT_CLEAR_ACTIONS,	/* ofpact */
	OFPACT_WRITE_ACTIONS,	/* ofpact_nest */
	OFPACT_WRITE_METADATA,	/* ofpact_metadata */
	OFPACT_GOTO_TABLE,	/* ofpact_u32: table id */
	OFPACT_N_TYPES
};

static inline bool ofpact_is_instruction(int type)
{
	return type >= OFPACT_METER;
}

struct ofpact {
	uint16_t type;		/* enum ofpact_type */
	uint16_t len;		/* whole element, a multiple of 8 */
	uint32_t pad;
};

struct ofpact_output {
	struct ofpact a;
	uint32_t port;		/* OFPP_* for reserved ports */
	uint16_t max_len;	/* for OFPP_CONTROLLER */
};

struct ofpact_enqueue {
	struct ofpact a;
	uint32_t port;
	uint32_t queue;
};

struct ofpact_u32 {
	struct ofpact a;
	uint32_t value;
};

struct ofpact_l4_port {
	struct ofpact a;
	uint16_t port;
	uint8_t ip_proto;	/* set by ofpacts_check() from the match */
};

struct ofpact_resubmit {
	struct ofpact a;
	uint32_t in_port;	/* OFPP_IN_PORT: the packet's own */
	uint8_t table_id;	/* OFPTT_ALL (0xff): the current table */
};

struct ofpact_set_field {
	struct ofpact a;
	uint32_t field;		/* enum mf_id, settable */
	uint32_t pad;
	union mf_value value;	/* wire bytes; VLAN_VID has OFPVID_PRESENT */
};

struct ofpact_metadata {
	struct ofpact a;
	uint64_t metadata;	/* host order */
	uint64_t mask;
};

struct ofpact_nest {
	struct ofpact a;
	/* Nested ofpacts follow, up to a.len. */
};

#define OFPACT_ALIGN(n) (((n) + 7) & ~(size_t)7)

static inline const struct ofpact *ofpact_next(const struct ofpact *a)
{
	return (const struct ofpact *)((const uint8_t *)a + a->len);
}

static inline const struct ofpact *ofpact_end(const struct ofpact *a,
					      size_t len)
{
	/* No arithmetic on a NULL (empty) list. */
	return len ? (const struct ofpact *)((const uint8_t *)a + len) : a;
}

#define OFPACT_FOR_EACH(A, OFPACTS, LEN) \
	for ((A) = (OFPACTS); (A) < ofpact_end(OFPACTS, LEN); \
	     (A) = ofpact_next(A))

static inline const struct ofpact *ofpact_nest_actions(
	const struct ofpact_nest *n, size_t *len)
{
	*len = n->a.len - sizeof *n;
	return (const struct ofpact *)(n + 1);
}

/* Appends a zeroed element of SIZE bytes (rounded up to 8) and returns
 * it.  The pointer is valid only until the next append. */
void *ofpact_put(struct buf *b, enum ofpact_type type, size_t size);
/* Convenience constructors. */
void ofpact_put_output(struct buf *b, uint32_t port, uint16_t max_len);
void ofpact_put_u32(struct buf *b, enum ofpact_type type, uint32_t v);
void ofpact_put_set_field(struct buf *b, enum mf_id id,
			  const union mf_value *value);
/* Nesting (write_actions): start returns an offset for nest_end. */
size_t ofpact_nest_start(struct buf *b, enum ofpact_type type);
void ofpact_nest_end(struct buf *b, size_t ofs);

const char *ofpact_type_name(enum ofpact_type type);

/* Decoding.  Each returns 0 or an ofperr and appends to OUT.  VERSION is
 * OFP10_VERSION or OFP13_VERSION. */
int ofpacts_decode_actions(uint8_t version, const void *p, size_t len,
			   struct buf *out);
int ofpacts_decode_instructions(const void *p, size_t len, struct buf *out);

/* Encoding.  ofpacts_encode_actions() accepts plain actions only;
 * ofpacts_encode_instructions() emits OF1.3 instructions, or for OF1.0 a
 * plain action list (failing on any instruction). */
int ofpacts_encode_actions(uint8_t version, const struct ofpact *ofpacts,
			   size_t len, struct buf *out);
int ofpacts_encode_instructions(uint8_t version,
				const struct ofpact *ofpacts, size_t len,
				struct buf *out);

/* Checks the list against the flow's match and table: set_field and L4
 * prerequisites (OFPBAC_MATCH_INCONSISTENT), goto_table going forward
 * (OFPBIC_BAD_TABLE_ID), instruction order (OFPBAC_UNSUPPORTED_ORDER).
 * Fills ofpact_l4_port.ip_proto, hence non-const. */
int ofpacts_check(struct ofpact *ofpacts, size_t len,
		  const struct match *match, uint8_t table_id);
/* Instruction order and uniqueness only. */
int ofpacts_verify(const struct ofpact *ofpacts, size_t len);

bool ofpacts_equal(const struct ofpact *a, size_t alen,
		   const struct ofpact *b, size_t blen);
/* Does the list output to PORT / GROUP (for out_port/out_group)? */
bool ofpacts_output_to_port(const struct ofpact *ofpacts, size_t len,
			    uint32_t port);
bool ofpacts_output_to_group(const struct ofpact *ofpacts, size_t len,
			     uint32_t group);

#endif
