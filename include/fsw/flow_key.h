/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The datapath flow key: every header field flowswitch.ko (and the
 * userspace datapath) extracts from a packet.  Shared verbatim by the
 * kernel module and userspace, so it uses only <linux/types.h> types and
 * has no padding and a size that is a multiple of 8: keys are hashed, compared and masked as plain
 * byte arrays (FSW_KEY_WORDS u64 words).
 *
 * Byte order: metadata in host order; packet fields in network order,
 * exactly as they sit in the packet, so masking needs no conversion.
 */
#ifndef FSW_FLOW_KEY_H
#define FSW_FLOW_KEY_H 1

#include <linux/types.h>

#define FSW_ETH_ALEN 6

/* fsw_key.nw_frag bits (the uapi's OVS_FRAG_TYPE_* is derived from them). */
#define FSW_FRAG_ANY	0x01	/* any fragment: MF set or offset != 0 */
#define FSW_FRAG_LATER	0x02	/* not the first fragment: offset != 0 */

/* fsw_vlan.tci: a tag is present iff FSW_VLAN_PRESENT is set (the wire
 * CFI/DEI bit is not kept; as in the uapi, 0x1000 means "tag present"). */
#define FSW_VLAN_PRESENT 0x1000

/* An Ethernet frame with no Ethernet II type (802.2 LLC without SNAP). */
#define FSW_ETH_TYPE_NONE 0x05ff

struct fsw_vlan {
	__be16 tpid;		/* 0x8100 or 0x88a8; 0 when no tag */
	__be16 tci;		/* network order, FSW_VLAN_PRESENT set */
};

struct fsw_key {
	/* Metadata: where and how the packet arrived (host order). */
	__u32 recirc_id;
	__u32 dp_hash;
	__u32 in_port;		/* datapath port number */
	__u32 priority;		/* skb->priority */
	__u32 skb_mark;

	/* L2. */
	__u8 eth_src[FSW_ETH_ALEN];
	__u8 eth_dst[FSW_ETH_ALEN];
	struct fsw_vlan vlan;	/* outer tag */
	struct fsw_vlan cvlan;	/* inner tag (QinQ) */
	__be16 eth_type;	/* after all VLAN tags */

	/* L3.  For ARP: nw_proto holds the opcode's low byte and
	 * ipv4_src/ipv4_dst the sender/target protocol addresses. */
	__u8 nw_proto;
	__u8 nw_tos;		/* DSCP and ECN */
	__be32 ipv4_src;
	__be32 ipv4_dst;
	__be32 ipv6_label;	/* low 20 bits */
	__u8 ipv6_src[16];
	__u8 ipv6_dst[16];
	__u8 nw_ttl;		/* TTL or hop limit */
	__u8 nw_frag;		/* FSW_FRAG_* */
	__u8 arp_sha[FSW_ETH_ALEN];
	__u8 arp_tha[FSW_ETH_ALEN];

	/* L4.  ICMP/ICMPv6 type and code sit in the low byte of tp_src and
	 * tp_dst (network order, i.e. htons(type)). */
	__be16 tp_src;
	__be16 tp_dst;
	__be16 tcp_flags;	/* low 12 bits of the TCP header's flags */
	__u8 nd_sll[FSW_ETH_ALEN];
	__u8 nd_tll[FSW_ETH_ALEN];
	__u8 nd_target[16];
};

#define FSW_KEY_WORDS (sizeof(struct fsw_key) / sizeof(__u64))

#endif
