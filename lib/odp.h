/*
 * The datapath flow codec: struct fsw_key (and masks) to and from the
 * OVS_KEY_ATTR_* netlink attribute streams of <linux/openvswitch.h>,
 * and the ovs-dpctl text forms of keys, masks and OVS_ACTION_ATTR_*
 * action lists.
 *
 * Streams are plain attribute sequences (no enclosing attribute): what
 * goes inside OVS_FLOW_ATTR_KEY / OVS_FLOW_ATTR_MASK / OVS_FLOW_ATTR_ACTIONS
 * / OVS_PACKET_ATTR_KEY.  Builders append to a struct buf, so a caller
 * can wrap them with nlbuf_nest_start()/nlbuf_nest_end().
 *
 * Wire conventions (those of Linux's openvswitch module):
 *  - VLAN: ETHERTYPE holds the TPID, VLAN the TCI with 0x1000 meaning
 *    "tag present", and ENCAP nests the rest (inner tag or ETHERTYPE and
 *    L3/L4).  A key with a VLAN TPID as eth_type but no tag (the tag was
 *    truncated) is ETHERTYPE(tpid), VLAN(0), empty ENCAP; Linux reports
 *    such keys with ETHERTYPE(0), which reads back as 802.1Q.
 *  - 802.2 frames (eth_type FSW_ETH_TYPE_NONE): no ETHERTYPE in the key;
 *    ETHERTYPE 0xffff in the mask when eth_type is matched.
 *  - Fragments: ipv4_frag/ipv6_frag is OVS_FRAG_TYPE_NONE/FIRST/LATER
 *    in keys (nw_frag 0 / ANY / ANY|LATER); in masks bit 0 is the
 *    FSW_FRAG_ANY mask, bit 1 the FSW_FRAG_LATER mask, and the other
 *    bits are set (0xff = exact).
 *  - ARP: arp_op = htons(nw_proto); a mask of nw_proto 0xff is op
 *    0xffff.  ICMP/ICMPv6 type and code are the low bytes of tp_src and
 *    tp_dst.
 *  - L3 attributes only for IPv4, IPv6, ARP and RARP; L4 only for TCP
 *    (plus TCP_FLAGS), UDP, SCTP, ICMP (IPv4), ICMPv6 (IPv6), never for
 *    later fragments; ND for ICMPv6 types 135 and 136.  Metadata:
 *    RECIRC_ID, PRIORITY, IN_PORT, SKB_MARK always, DP_HASH when
 *    nonzero.
 */
#ifndef FSW_ODP_H
#define FSW_ODP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "fsw/flow_key.h"

/* How well a key (or mask) stream from a datapath fits struct fsw_key. */
enum odp_fit {
	ODP_FIT_PERFECT,	/* every attribute understood */
	ODP_FIT_EXTRA,		/* attributes or values fsw_key cannot hold:
				 * a flow built from the key would match
				 * more packets than the datapath's key */
	ODP_FIT_MISSING,	/* attributes the key's contents call for are
				 * absent: fields were left zero */
	ODP_FIT_ERROR,		/* malformed stream; nothing is valid */
};

/* Optional detail for logs: OVS_KEY_ATTR_* bits (1ULL << type; bit 63
 * stands for any type >= 63) that were extra or missing. */
struct odp_fit_info {
	uint64_t extra;
	uint64_t missing;
};

const char *odp_fit_to_string(enum odp_fit);

/* Appends KEY as an exact key stream to OUT. */
void odp_key_from_fsw(struct buf *out, const struct fsw_key *key);

/*
 * Appends MASK, for flows with key KEY, as a mask stream to OUT.  The
 * stream follows KEY's structure, so it is only what the kernel accepts:
 * a field whose prerequisite is wildcarded in MASK (L3 fields without an
 * exact eth_type, L4 without an exact nw_proto, ND without an exact
 * ICMPv6 type) makes that prerequisite exact instead of being dropped,
 * and a tagged KEY gets an exact TPID and tag-present bit.  The flow
 * described is never broader than MASK asked for.  Attributes whose
 * mask is zero are left out (the kernel reads absence as wildcard).
 */
void odp_mask_from_fsw(struct buf *out, const struct fsw_key *mask,
		       const struct fsw_key *key);

/*
 * Parses the LEN-byte key stream at ATTRS into KEY (every field set;
 * absent metadata is 0).  INFO may be NULL.  On ODP_FIT_ERROR, KEY is
 * unspecified.  Callers must not install a wildcarded flow from a key
 * that is not ODP_FIT_PERFECT.
 */
enum odp_fit odp_key_to_fsw(const void *attrs, size_t len,
			    struct fsw_key *key, struct odp_fit_info *info);

/*
 * Parses the mask stream at ATTRS for a flow whose key is KEY (as
 * parsed by odp_key_to_fsw) into MASK; absent attributes are wildcards.
 * A flow without any mask attribute is an exact match: callers then
 * memset the mask to 0xff themselves instead of calling this.
 */
enum odp_fit odp_mask_to_fsw(const void *attrs, size_t len,
			     const struct fsw_key *key, struct fsw_key *mask,
			     struct odp_fit_info *info);

/*
 * Text forms, as ovs-dpctl prints them, e.g.
 *   recirc_id(0),in_port(1),eth(src=02:00:00:00:00:01,dst=...),
 *   eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=1,tos=0,
 *   ttl=64,frag=no),icmp(type=8,code=0)
 * With a mask, fields whose mask is zero (and attributes whose mask is
 * all zero) are left out, partial masks print as value/mask, exact ones
 * as the bare value.  Attributes without a name print as keyN(hex).
 *
 * The to_string functions return a malloc'd string.  MASK may be NULL
 * (an exact key: every field printed).
 */
char *odp_key_to_string(const void *key, size_t key_len,
			const void *mask, size_t mask_len);

/*
 * Parses text in the form above into a key stream and a mask stream
 * (fields not named are zero in both; a named field without /mask is
 * exact).  Returns 0, or -EINVAL with *ERRP set to a malloc'd message
 * (if ERRP is not NULL); on error KEY and MASK are unchanged.
 */
int odp_key_from_string(const char *s, struct buf *key, struct buf *mask,
			char **errp);

/*
 * Actions: "drop" for an empty list, else a comma-separated list of
 *   N (output), trunc(N), push_vlan([tpid=0x88a8,]vid=N,pcp=N[,cfi=0]),
 *   pop_vlan, set(KEYATTR), set(KEYATTR-with-masks) (set_masked),
 *   userspace(pid=N[,userdata(HEX)][,tunnel_out_port=N][,actions]),
 *   sample(sample=P%,actions(LIST)), recirc(0xN), hash(l4(N)),
 *   clone(LIST), push_mpls(label=N,tc=N,ttl=N,bos=N,eth_type=0xN),
 *   pop_mpls(eth_type=0xN), ct_clear, pop_eth, meter(N), and actionN(HEX)
 *   for anything else.  A set(...) whose fields are all given exactly
 *   is OVS_ACTION_ATTR_SET; any omitted or partially masked field makes
 *   it OVS_ACTION_ATTR_SET_MASKED.
 */
char *odp_actions_to_string(const void *actions, size_t len);
int odp_actions_from_string(const char *s, struct buf *actions, char **errp);

#endif
