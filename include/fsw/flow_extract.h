/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet parser shared by flowswitch.ko and userspace: fills the packet
 * fields of a struct fsw_key (include/fsw/flow_key.h) from an Ethernet
 * frame.  The same source, datapath/flow_extract.c, is compiled into
 * the module and into libfsw.a, so both sides extract identical keys.
 *
 * Metadata fields (recirc_id, dp_hash, in_port, priority, skb_mark) are
 * the caller's and are never touched.  Every packet field is first
 * cleared, then filled as far as the frame allows: a truncated or
 * malformed header leaves its own fields (and everything after it) zero
 * and never causes a read past DATA + LEN.
 *
 * Conventions beyond flow_key.h.  Where packets are malformed they are
 * those of Linux's openvswitch datapath, checked packet by packet by
 * tests/flowkey-kdiff (system test 30), so that keys match whichever
 * kernel module is loaded:
 *  - A header is parsed only when it is complete: TCP needs 20 bytes and
 *    a data offset of at least 5 words within the frame, UDP 8, SCTP
 *    12, ICMP/ICMPv6 8, ARP 28.
 *  - The frame's length bounds everything; the IPv4 total length and
 *    the IPv6 payload length are not used (Linux's datapath ignores
 *    them too).
 *  - IPv4 with IHL < 5 or an IHL beyond the frame: eth_type is kept,
 *    all L3/L4 fields are zero.
 *  - IPv4 later fragments (offset != 0): L3 filled, no L4.  IPv6: any
 *    fragment header, even an atomic one, makes a fragment; later
 *    fragments have nw_proto 44 and no L4.  First fragments parse L4.
 *  - IPv6 extension headers (hop-by-hop, routing, destination options,
 *    fragment, AH) are skipped; nw_proto is the first other header.  An
 *    extension header that does not fit the frame gives nw_proto 59
 *    ("no next header") and no L4.
 *  - ARP/RARP: fields are filled only for Ethernet/IPv4 ARP (htype 1,
 *    ptype 0x0800, hlen 6, plen 4); nw_proto = opcode if it is <= 255.
 *  - 802.3 frames: LLC+SNAP with OUI 0 gives the SNAP type; anything else
 *    gives FSW_ETH_TYPE_NONE.
 *  - ND (ICMPv6 135/136 with code 0): the target, then options while 8
 *    bytes remain: the first SLL and TLL options of length 1 are kept; a
 *    zero-length or overlong option ends the options (keeping what was
 *    read); a second SLL or TLL clears all three ND fields.
 *  - Up to two VLAN tags (TPID 0x8100 or 0x88a8) are parsed into vlan and
 *    cvlan; a third tag is left as eth_type.  A tag without room for
 *    itself and the next type field is not parsed: eth_type holds its
 *    TPID.
 */
#ifndef FSW_FLOW_EXTRACT_H
#define FSW_FLOW_EXTRACT_H 1

#include <linux/types.h>
#include "fsw/flow_key.h"

/* Header offsets found by the parser, for callers that edit packets. */
struct fsw_extract_ofs {
	unsigned int l3;	/* network header, after tags and LLC/SNAP */
	unsigned int l4;	/* transport header, or FSW_OFS_NONE */
	int cut;		/* some read wanted bytes past LEN: parsing
				 * more of the frame could give another key */
};
#define FSW_OFS_NONE (~0U)

/*
 * Extracts the packet fields of KEY from the LEN-byte Ethernet frame at
 * DATA.  Returns 0, or -EINVAL if LEN is shorter than an Ethernet
 * header (the packet fields are then all zero).
 */
int fsw_key_extract(const void *data, unsigned int len, struct fsw_key *key);

/*
 * The same for a frame whose outer VLAN tag was removed by the NIC (an
 * skb with a hardware-accelerated tag): the caller sets key->vlan to
 * that tag first (tpid = the skb's vlan_proto, tci = htons(tci |
 * FSW_VLAN_PRESENT)), and DATA starts at the MAC header without it; a
 * tag still in the frame then becomes key->cvlan.  If key->vlan.tci does
 * not have FSW_VLAN_PRESENT this is plain fsw_key_extract().  OFS may be
 * NULL.
 */
int fsw_key_extract_tagged(const void *data, unsigned int len,
			   struct fsw_key *key, struct fsw_extract_ofs *ofs);

#endif
