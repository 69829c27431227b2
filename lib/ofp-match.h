/*
 * Match fields ("meta-fields") and the match codecs: OF1.3 OXM and the
 * OF1.0 fixed ofp10_match, both to and from struct match (lib/flow.h).
 *
 * Every OXM basic field has an mf_id equal to its OXM field number, so
 * MFF_ETH_SRC == OFPXMT_OFB_ETH_SRC.  A few struct flow fields that OF1.3
 * basic OXM cannot express (nw_ttl, tcp_flags) follow them; they can be
 * used in flow syntax but not encoded to OF1.3 basic OXM.
 *
 * Values (union mf_value) are kept as the OXM wire bytes: big-endian,
 * mf_fields[id].n_bytes long.  mf_set()/mf_get() translate between those
 * bytes and the struct flow bits (e.g. IP_DSCP is bits 7..2 of
 * dp.nw_tos, VLAN_VID is bits 12..0 of dp.vlan.tci, ICMP type is the low
 * byte of dp.tp_src, ARP_OP is dp.nw_proto).
 */
#ifndef FSW_OFP_MATCH_H
#define FSW_OFP_MATCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "flow.h"
#include "openflow.h"

struct buf;

enum mf_id {
	MFF_IN_PORT, MFF_IN_PHY_PORT, MFF_METADATA, MFF_ETH_DST, MFF_ETH_SRC,
	MFF_ETH_TYPE, MFF_VLAN_VID, MFF_VLAN_PCP, MFF_IP_DSCP, MFF_IP_ECN,
	MFF_IP_PROTO, MFF_IPV4_SRC, MFF_IPV4_DST, MFF_TCP_SRC, MFF_TCP_DST,
	MFF_UDP_SRC, MFF_UDP_DST, MFF_SCTP_SRC, MFF_SCTP_DST,
	MFF_ICMPV4_TYPE, MFF_ICMPV4_CODE, MFF_ARP_OP, MFF_ARP_SPA,
	MFF_ARP_TPA, MFF_ARP_SHA, MFF_ARP_THA, MFF_IPV6_SRC, MFF_IPV6_DST,
	MFF_IPV6_LABEL, MFF_ICMPV6_TYPE, MFF_ICMPV6_CODE, MFF_ND_TARGET,
	MFF_ND_SLL, MFF_ND_TLL, MFF_MPLS_LABEL, MFF_MPLS_TC, MFF_MPLS_BOS,
	MFF_PBB_ISID, MFF_TUNNEL_ID, MFF_IPV6_EXTHDR,
	MFF_N_OXM,			/* the rest have no OF1.3 OXM */
	MFF_NW_TTL = MFF_N_OXM,
	MFF_TCP_FLAGS,
	MFF_N_IDS
};

enum mf_prereq {
	MFP_NONE, MFP_IN_PORT, MFP_VLAN, MFP_IP_ANY, MFP_IPV4, MFP_IPV6,
	MFP_ARP, MFP_TCP, MFP_UDP, MFP_SCTP, MFP_ICMPV4, MFP_ICMPV6,
	MFP_ND, MFP_ND_SOLICIT, MFP_ND_ADVERT, MFP_MPLS, MFP_PBB,
};

enum mf_format { MFS_DEC, MFS_HEX, MFS_ETH, MFS_IPV4, MFS_IPV6 };

struct mf_field {
	const char *name;	/* ovs-ofctl / set_field name */
	const char *alias;	/* older name, or NULL */
	uint8_t n_bytes;	/* OXM value length */
	uint8_t n_bits;		/* significant bits of the value */
	bool maskable;		/* OXM allows a mask */
	bool settable;		/* set_field may write it */
	enum mf_prereq prereq;
	enum mf_format format;
};

union mf_value {
	uint8_t b[16];
	__be16 be16;
	__be32 be32;
	__be64 be64;
};

extern const struct mf_field mf_fields[MFF_N_IDS];

/* Field by ovs-ofctl name or alias, or -1. */
int mf_from_name(const char *name);

/* Sets field ID of M to VALUE/MASK (MASK NULL means exact).  Returns 0 or
 * OFPBMC_BAD_VALUE when VALUE does not fit the field. */
int mf_set(enum mf_id id, const union mf_value *value,
	   const union mf_value *mask, struct match *m);
/* Reads field ID of FLOW as wire bytes. */
void mf_get_value(enum mf_id id, const struct flow *flow,
		  union mf_value *value);
void mf_get(enum mf_id id, const struct match *m, union mf_value *value,
	    union mf_value *mask);
/* Sets field ID of FLOW alone (no mask): what set_field does to a packet. */
int mf_set_flow(enum mf_id id, const union mf_value *value,
		struct flow *flow);
/* The all-ones mask for the field (its n_bits low bits). */
void mf_exact_mask(enum mf_id id, union mf_value *mask);
bool mf_is_wild(enum mf_id id, const struct match *m);
bool mf_is_exact(enum mf_id id, const struct match *m);
/* Are the field's prerequisites fixed by M?  (Order-independent.) */
bool mf_prereqs_ok(enum mf_id id, const struct match *m);
/* The same, but only what a packet's flow shows (for set_field checks). */
bool mf_prereqs_ok_flow(enum mf_id id, const struct flow *f,
			const struct flow *known);

/* ---- OF1.3 OXM. ---- */

/* Parses a struct ofp_match (type OXM, with its padding) at P, at most
 * LEN bytes, into M.  *CONSUMED gets the padded length.  Returns 0 or an
 * ofperr (OFPET_BAD_MATCH/... or OFPET_BAD_REQUEST/BAD_LEN). */
int oxm_decode_match(const void *p, size_t len, struct match *m,
		     size_t *consumed);
/* Appends M as a padded struct ofp_match.  Returns 0, or
 * OFPBMC_BAD_FIELD if M uses bits OXM basic cannot express. */
int oxm_encode_match(struct buf *b, const struct match *m);

/* One OXM TLV (set_field's payload): parses the TLV at P (LEN bytes
 * available); *TLV_LEN gets its length.  Returns 0 or OFPBMC_*. */
int oxm_decode_field(const void *p, size_t len, enum mf_id *id,
		     union mf_value *value, union mf_value *mask,
		     bool *has_mask, size_t *tlv_len);
void oxm_encode_field(struct buf *b, enum mf_id id,
		      const union mf_value *value,
		      const union mf_value *mask);

/* ---- OF1.0. ---- */
/* Port numbers: OF1.0 16-bit <-> internal 32-bit (OF1.3 numbering). */
uint32_t ofp10_port_to_32(uint16_t port);
/* Returns 0 and sets *OUT, or -1 if PORT has no OF1.0 number. */
int ofp10_port_from_32(uint32_t port, uint16_t *out);

void ofp10_match_decode(const struct ofp10_match *om, struct match *m);
/* Returns 0 or OFPBMC_BAD_FIELD if M cannot be expressed in OF1.0. */
int ofp10_match_encode(const struct match *m, struct ofp10_match *om);

/* ---- Rule comparisons for flow_mod/flow stats semantics. ---- */
/* Non-strict: does RULE match everything PATTERN requires, i.e. is
 * RULE's match at least as specific as PATTERN and agree with it on
 * PATTERN's bits? */
bool match_covered_by(const struct match *rule, const struct match *pattern);
/* match_normalize() plus one spelling for "no VLAN tag". */
void match_canonicalize(struct match *m);
/* Strict: identical match (after normalization). */
bool match_equal(const struct match *a, const struct match *b);

#endif
