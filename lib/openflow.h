/*
 * OpenFlow 1.0 (wire version 0x01) and 1.3 (wire version 0x04) wire
 * formats, written from the public OpenFlow switch specifications.
 *
 * All multi-byte fields are big-endian.  Structures are packed (alignment
 * 1) so that decoders may overlay them on any byte of a received message
 * without alignment faults; their sizes are checked against the spec
 * below.  Names of OF1.0-only definitions carry a "10" suffix where the
 * two versions differ.
 */
#ifndef FSW_OPENFLOW_H
#define FSW_OPENFLOW_H 1

#include <linux/types.h>

#define OFP_PACKED __attribute__((packed))
#define OFP_ASSERT(s, n) _Static_assert(sizeof(s) == (n), #s " size")

#define OFP10_VERSION 0x01
#define OFP13_VERSION 0x04
#define OFP_TCP_PORT 6653
#define OFP_MAX_PORT_NAME_LEN 16
#define OFP_MAX_TABLE_NAME_LEN 32
#define OFP_DESC_STR_LEN 256
#define OFP_SERIAL_NUM_LEN 32
#define OFP_NO_BUFFER 0xffffffffu
#define OFP_DEFAULT_MISS_SEND_LEN 128

/* ---- Common header. ---- */
struct ofp_header {
	__u8 version;
	__u8 type;
	__be16 length;		/* including this header */
	__be32 xid;
} OFP_PACKED;
OFP_ASSERT(struct ofp_header, 8);

/* Message types, OF1.3. */
enum ofp13_type {
	OFPT_HELLO = 0,
	OFPT_ERROR = 1,
	OFPT_ECHO_REQUEST = 2,
	OFPT_ECHO_REPLY = 3,
	OFPT_EXPERIMENTER = 4,
	OFPT_FEATURES_REQUEST = 5,
	OFPT_FEATURES_REPLY = 6,
	OFPT_GET_CONFIG_REQUEST = 7,
	OFPT_GET_CONFIG_REPLY = 8,
	OFPT_SET_CONFIG = 9,
	OFPT_PACKET_IN = 10,
	OFPT_FLOW_REMOVED = 11,
	OFPT_PORT_STATUS = 12,
	OFPT_PACKET_OUT = 13,
	OFPT_FLOW_MOD = 14,
	OFPT_GROUP_MOD = 15,
	OFPT_PORT_MOD = 16,
	OFPT_TABLE_MOD = 17,
	OFPT_MULTIPART_REQUEST = 18,
	OFPT_MULTIPART_REPLY = 19,
	OFPT_BARRIER_REQUEST = 20,
	OFPT_BARRIER_REPLY = 21,
	OFPT_QUEUE_GET_CONFIG_REQUEST = 22,
	OFPT_QUEUE_GET_CONFIG_REPLY = 23,
	OFPT_ROLE_REQUEST = 24,
	OFPT_ROLE_REPLY = 25,
	OFPT_GET_ASYNC_REQUEST = 26,
	OFPT_GET_ASYNC_REPLY = 27,
	OFPT_SET_ASYNC = 28,
	OFPT_METER_MOD = 29,
};

/* Message types, OF1.0 (0..14 equal OF1.3's). */
enum ofp10_type {
	OFPT10_VENDOR = 4,
	OFPT10_PORT_MOD = 15,
	OFPT10_STATS_REQUEST = 16,
	OFPT10_STATS_REPLY = 17,
	OFPT10_BARRIER_REQUEST = 18,
	OFPT10_BARRIER_REPLY = 19,
	OFPT10_QUEUE_GET_CONFIG_REQUEST = 20,
	OFPT10_QUEUE_GET_CONFIG_REPLY = 21,
};

/* ---- Ports. ---- */
/* OF1.3 port numbers (32 bits). */
#define OFPP_MAX	0xffffff00u
#define OFPP_IN_PORT	0xfffffff8u
#define OFPP_TABLE	0xfffffff9u
#define OFPP_NORMAL	0xfffffffau
#define OFPP_FLOOD	0xfffffffbu
#define OFPP_ALL	0xfffffffcu
#define OFPP_CONTROLLER	0xfffffffdu
#define OFPP_LOCAL	0xfffffffeu
#define OFPP_ANY	0xffffffffu
/* OF1.0 port numbers (16 bits): the same reserved values, minus
 * 0xffff0000; OFPP10_NONE corresponds to OFPP_ANY. */
#define OFPP10_MAX	0xff00
#define OFPP10_NONE	0xffff

#define OFPCML_NO_BUFFER 0xffff		/* controller max_len: whole packet */

/* Port config, state, features bits (same values in both versions
 * for the bits both have). */
#define OFPPC_PORT_DOWN		(1 << 0)
#define OFPPC10_NO_STP		(1 << 1)
#define OFPPC_NO_RECV		(1 << 2)
#define OFPPC10_NO_RECV_STP	(1 << 3)
#define OFPPC10_NO_FLOOD	(1 << 4)
#define OFPPC_NO_FWD		(1 << 5)
#define OFPPC_NO_PACKET_IN	(1 << 6)
#define OFPPS_LINK_DOWN		(1 << 0)
#define OFPPS_BLOCKED		(1 << 1)
#define OFPPS_LIVE		(1 << 2)

#define OFPPF_10MB_HD	(1 << 0)
#define OFPPF_10MB_FD	(1 << 1)
#define OFPPF_100MB_HD	(1 << 2)
#define OFPPF_100MB_FD	(1 << 3)
#define OFPPF_1GB_HD	(1 << 4)
#define OFPPF_1GB_FD	(1 << 5)
#define OFPPF_10GB_FD	(1 << 6)
#define OFPPF_40GB_FD	(1 << 7)	/* OF1.3; OF1.0 bit 7 is COPPER */
#define OFPPF_COPPER	(1 << 11)	/* OF1.3 numbering */

struct ofp13_port {
	__be32 port_no;
	__u8 pad[4];
	__u8 hw_addr[6];
	__u8 pad2[2];
	char name[OFP_MAX_PORT_NAME_LEN];
	__be32 config;
	__be32 state;
	__be32 curr;
	__be32 advertised;
	__be32 supported;
	__be32 peer;
	__be32 curr_speed;	/* kbps */
	__be32 max_speed;
} OFP_PACKED;
OFP_ASSERT(struct ofp13_port, 64);

struct ofp10_phy_port {
	__be16 port_no;
	__u8 hw_addr[6];
	char name[OFP_MAX_PORT_NAME_LEN];
	__be32 config;
	__be32 state;
	__be32 curr;
	__be32 advertised;
	__be32 supported;
	__be32 peer;
} OFP_PACKED;
OFP_ASSERT(struct ofp10_phy_port, 48);

enum ofp_port_reason { OFPPR_ADD, OFPPR_DELETE, OFPPR_MODIFY };

struct ofp_port_status_head {
	struct ofp_header header;
	__u8 reason;
	__u8 pad[7];
	/* struct ofp13_port or struct ofp10_phy_port follows. */
} OFP_PACKED;
OFP_ASSERT(struct ofp_port_status_head, 16);

struct ofp13_port_mod {
	struct ofp_header header;
	__be32 port_no;
	__u8 pad[4];
	__u8 hw_addr[6];
	__u8 pad2[2];
	__be32 config;
	__be32 mask;
	__be32 advertise;
	__u8 pad3[4];
} OFP_PACKED;
OFP_ASSERT(struct ofp13_port_mod, 40);

struct ofp10_port_mod {
	struct ofp_header header;
	__be16 port_no;
	__u8 hw_addr[6];
	__be32 config;
	__be32 mask;
	__be32 advertise;
	__u8 pad[4];
} OFP_PACKED;
OFP_ASSERT(struct ofp10_port_mod, 32);

/* ---- Hello, error, echo, features, config. ---- */
#define OFPHET_VERSIONBITMAP 1
struct ofp_hello_elem_header {
	__be16 type;
	__be16 length;		/* excluding padding to 8 */
} OFP_PACKED;

struct ofp_error_msg {
	struct ofp_header header;
	__be16 type;
	__be16 code;
	/* data follows */
} OFP_PACKED;
OFP_ASSERT(struct ofp_error_msg, 12);

struct ofp13_switch_features {
	struct ofp_header header;
	__be64 datapath_id;
	__be32 n_buffers;
	__u8 n_tables;
	__u8 auxiliary_id;
	__u8 pad[2];
	__be32 capabilities;
	__be32 reserved;
} OFP_PACKED;
OFP_ASSERT(struct ofp13_switch_features, 32);

struct ofp10_switch_features {
	struct ofp_header header;
	__be64 datapath_id;
	__be32 n_buffers;
	__u8 n_tables;
	__u8 pad[3];
	__be32 capabilities;
	__be32 actions;
	/* struct ofp10_phy_port ports[] follows. */
} OFP_PACKED;
OFP_ASSERT(struct ofp10_switch_features, 32);

#define OFPC_FLOW_STATS		(1 << 0)
#define OFPC_TABLE_STATS	(1 << 1)
#define OFPC_PORT_STATS		(1 << 2)
#define OFPC_GROUP_STATS	(1 << 3)	/* OF1.3 */
#define OFPC_IP_REASM		(1 << 5)
#define OFPC_QUEUE_STATS	(1 << 6)
#define OFPC_ARP_MATCH_IP	(1 << 7)	/* OF1.0 */
#define OFPC_PORT_BLOCKED	(1 << 8)	/* OF1.3 */

struct ofp_switch_config {
	struct ofp_header header;
	__be16 flags;
	__be16 miss_send_len;
} OFP_PACKED;
OFP_ASSERT(struct ofp_switch_config, 12);

#define OFPC_FRAG_NORMAL 0
#define OFPC_FRAG_DROP	1
#define OFPC_FRAG_REASM	2
#define OFPC_FRAG_MASK	3

struct ofp13_table_mod {
	struct ofp_header header;
	__u8 table_id;
	__u8 pad[3];
	__be32 config;
} OFP_PACKED;
OFP_ASSERT(struct ofp13_table_mod, 16);

#define OFPTT_MAX 0xfe
#define OFPTT_ALL 0xff

/* ---- Matches. ---- */
/* OF1.3: struct ofp_match header, then OXM TLVs, padded to 8 bytes. */
#define OFPMT_STANDARD 0
#define OFPMT_OXM 1
struct ofp13_match_header {
	__be16 type;
	__be16 length;		/* header + OXMs, excluding padding */
} OFP_PACKED;

#define OFPXMC_NXM_0 0x0000
#define OFPXMC_NXM_1 0x0001
#define OFPXMC_OPENFLOW_BASIC 0x8000
#define OFPXMC_EXPERIMENTER 0xffff

/* An OXM header: class:16, field:7, hasmask:1, length:8. */
#define OXM_HEADER(class, field, hasmask, len) \
	(((__u32)(class) << 16) | ((field) << 9) | ((hasmask) << 8) | (len))
#define OXM_CLASS(h)	((h) >> 16)
#define OXM_FIELD(h)	(((h) >> 9) & 0x7f)
#define OXM_HASMASK(h)	(((h) >> 8) & 1)
#define OXM_LENGTH(h)	((h) & 0xff)

enum oxm_ofb_field {
	OFPXMT_OFB_IN_PORT = 0,
	OFPXMT_OFB_IN_PHY_PORT = 1,
	OFPXMT_OFB_METADATA = 2,
	OFPXMT_OFB_ETH_DST = 3,
	OFPXMT_OFB_ETH_SRC = 4,
	OFPXMT_OFB_ETH_TYPE = 5,
	OFPXMT_OFB_VLAN_VID = 6,
	OFPXMT_OFB_VLAN_PCP = 7,
	OFPXMT_OFB_IP_DSCP = 8,
	OFPXMT_OFB_IP_ECN = 9,
	OFPXMT_OFB_IP_PROTO = 10,
	OFPXMT_OFB_IPV4_SRC = 11,
	OFPXMT_OFB_IPV4_DST = 12,
	OFPXMT_OFB_TCP_SRC = 13,
	OFPXMT_OFB_TCP_DST = 14,
	OFPXMT_OFB_UDP_SRC = 15,
	OFPXMT_OFB_UDP_DST = 16,
	OFPXMT_OFB_SCTP_SRC = 17,
	OFPXMT_OFB_SCTP_DST = 18,
	OFPXMT_OFB_ICMPV4_TYPE = 19,
	OFPXMT_OFB_ICMPV4_CODE = 20,
	OFPXMT_OFB_ARP_OP = 21,
	OFPXMT_OFB_ARP_SPA = 22,
	OFPXMT_OFB_ARP_TPA = 23,
	OFPXMT_OFB_ARP_SHA = 24,
	OFPXMT_OFB_ARP_THA = 25,
	OFPXMT_OFB_IPV6_SRC = 26,
	OFPXMT_OFB_IPV6_DST = 27,
	OFPXMT_OFB_IPV6_FLABEL = 28,
	OFPXMT_OFB_ICMPV6_TYPE = 29,
	OFPXMT_OFB_ICMPV6_CODE = 30,
	OFPXMT_OFB_IPV6_ND_TARGET = 31,
	OFPXMT_OFB_IPV6_ND_SLL = 32,
	OFPXMT_OFB_IPV6_ND_TLL = 33,
	OFPXMT_OFB_MPLS_LABEL = 34,
	OFPXMT_OFB_MPLS_TC = 35,
	OFPXMT_OFB_MPLS_BOS = 36,
	OFPXMT_OFB_PBB_ISID = 37,
	OFPXMT_OFB_TUNNEL_ID = 38,
	OFPXMT_OFB_IPV6_EXTHDR = 39,
	OFPXMT_OFB_N_FIELDS
};

#define OFPVID_PRESENT 0x1000
#define OFPVID_NONE 0x0000

/* IPV6_EXTHDR pseudo-field bits. */
#define OFPIEH_NONEXT	(1 << 0)
#define OFPIEH_ESP	(1 << 1)
#define OFPIEH_AUTH	(1 << 2)
#define OFPIEH_DEST	(1 << 3)
#define OFPIEH_FRAG	(1 << 4)
#define OFPIEH_ROUTER	(1 << 5)
#define OFPIEH_HOP	(1 << 6)
#define OFPIEH_UNREP	(1 << 7)
#define OFPIEH_UNSEQ	(1 << 8)

/* OF1.0 fixed match. */
struct ofp10_match {
	__be32 wildcards;
	__be16 in_port;
	__u8 dl_src[6];
	__u8 dl_dst[6];
	__be16 dl_vlan;
	__u8 dl_vlan_pcp;
	__u8 pad1[1];
	__be16 dl_type;
	__u8 nw_tos;
	__u8 nw_proto;
	__u8 pad2[2];
	__be32 nw_src;
	__be32 nw_dst;
	__be16 tp_src;
	__be16 tp_dst;
} OFP_PACKED;
OFP_ASSERT(struct ofp10_match, 40);

#define OFPFW10_IN_PORT		(1 << 0)
#define OFPFW10_DL_VLAN		(1 << 1)
#define OFPFW10_DL_SRC		(1 << 2)
#define OFPFW10_DL_DST		(1 << 3)
#define OFPFW10_DL_TYPE		(1 << 4)
#define OFPFW10_NW_PROTO	(1 << 5)
#define OFPFW10_TP_SRC		(1 << 6)
#define OFPFW10_TP_DST		(1 << 7)
#define OFPFW10_NW_SRC_SHIFT	8
#define OFPFW10_NW_SRC_MASK	(0x3f << OFPFW10_NW_SRC_SHIFT)
#define OFPFW10_NW_DST_SHIFT	14
#define OFPFW10_NW_DST_MASK	(0x3f << OFPFW10_NW_DST_SHIFT)
#define OFPFW10_DL_VLAN_PCP	(1 << 20)
#define OFPFW10_NW_TOS		(1 << 21)
#define OFPFW10_ALL		((1 << 22) - 1)
#define OFP10_VLAN_NONE		0xffff

/* ---- Actions. ---- */
enum ofp13_action_type {
	OFPAT_OUTPUT = 0,
	OFPAT_COPY_TTL_OUT = 11,
	OFPAT_COPY_TTL_IN = 12,
	OFPAT_SET_MPLS_TTL = 15,
	OFPAT_DEC_MPLS_TTL = 16,
	OFPAT_PUSH_VLAN = 17,
	OFPAT_POP_VLAN = 18,
	OFPAT_PUSH_MPLS = 19,
	OFPAT_POP_MPLS = 20,
	OFPAT_SET_QUEUE = 21,
	OFPAT_GROUP = 22,
	OFPAT_SET_NW_TTL = 23,
	OFPAT_DEC_NW_TTL = 24,
	OFPAT_SET_FIELD = 25,
	OFPAT_PUSH_PBB = 26,
	OFPAT_POP_PBB = 27,
	OFPAT_EXPERIMENTER = 0xffff,
};

enum ofp10_action_type {
	OFPAT10_OUTPUT = 0,
	OFPAT10_SET_VLAN_VID = 1,
	OFPAT10_SET_VLAN_PCP = 2,
	OFPAT10_STRIP_VLAN = 3,
	OFPAT10_SET_DL_SRC = 4,
	OFPAT10_SET_DL_DST = 5,
	OFPAT10_SET_NW_SRC = 6,
	OFPAT10_SET_NW_DST = 7,
	OFPAT10_SET_NW_TOS = 8,
	OFPAT10_SET_TP_SRC = 9,
	OFPAT10_SET_TP_DST = 10,
	OFPAT10_ENQUEUE = 11,
	OFPAT10_VENDOR = 0xffff,
};

/* Every action starts with type and length (a multiple of 8). */
struct ofp_action_header {
	__be16 type;
	__be16 len;
	__u8 pad[4];
} OFP_PACKED;
OFP_ASSERT(struct ofp_action_header, 8);

struct ofp13_action_output {
	__be16 type;
	__be16 len;
	__be32 port;
	__be16 max_len;
	__u8 pad[6];
} OFP_PACKED;
OFP_ASSERT(struct ofp13_action_output, 16);

/* OF1.3 actions with one 8-, 16- or 32-bit argument share this shape. */
struct ofp13_action_arg {
	__be16 type;
	__be16 len;
	union {
		__u8 u8;	/* set_mpls_ttl, set_nw_ttl */
		__be16 be16;	/* push_*, pop_mpls: ethertype */
		__be32 be32;	/* set_queue, group */
	};
} OFP_PACKED;
OFP_ASSERT(struct ofp13_action_arg, 8);

struct ofp13_action_set_field {
	__be16 type;
	__be16 len;
	/* One OXM TLV follows, then zero padding to a multiple of 8. */
} OFP_PACKED;

struct ofp10_action_output {
	__be16 type;
	__be16 len;
	__be16 port;
	__be16 max_len;
} OFP_PACKED;
OFP_ASSERT(struct ofp10_action_output, 8);

/* OF1.0 actions with a small argument. */
struct ofp10_action_arg {
	__be16 type;
	__be16 len;
	union {
		__u8 u8;	/* set_vlan_pcp, set_nw_tos */
		__be16 be16;	/* set_vlan_vid, set_tp_* */
		__be32 be32;	/* set_nw_* */
	};
} OFP_PACKED;
OFP_ASSERT(struct ofp10_action_arg, 8);

struct ofp10_action_dl_addr {
	__be16 type;
	__be16 len;
	__u8 dl_addr[6];
	__u8 pad[6];
} OFP_PACKED;
OFP_ASSERT(struct ofp10_action_dl_addr, 16);

struct ofp10_action_enqueue {
	__be16 type;
	__be16 len;
	__be16 port;
	__u8 pad[6];
	__be32 queue_id;
} OFP_PACKED;
OFP_ASSERT(struct ofp10_action_enqueue, 16);

/* The one vendor (experimenter) action understood here: Nicira's
 * resubmit, as Open vSwitch defines it (the same bytes in both
 * versions; in_port uses OF1.0 numbering). */
#define NX_VENDOR_ID 0x00002320
#define NXAST_RESUBMIT 1
#define NXAST_RESUBMIT_TABLE 14

struct nx_action_resubmit {
	__be16 type;		/* 0xffff */
	__be16 len;		/* 16 */
	__be32 vendor;		/* NX_VENDOR_ID */
	__be16 subtype;		/* NXAST_RESUBMIT or NXAST_RESUBMIT_TABLE */
	__be16 in_port;
	__u8 table;		/* 0xff: the current table */
	__u8 pad[3];
} OFP_PACKED;
OFP_ASSERT(struct nx_action_resubmit, 16);

/* ---- Instructions (OF1.3). ---- */
enum ofp13_instruction_type {
	OFPIT_GOTO_TABLE = 1,
	OFPIT_WRITE_METADATA = 2,
	OFPIT_WRITE_ACTIONS = 3,
	OFPIT_APPLY_ACTIONS = 4,
	OFPIT_CLEAR_ACTIONS = 5,
	OFPIT_METER = 6,
	OFPIT_EXPERIMENTER = 0xffff,
};

struct ofp13_instruction {
	__be16 type;
	__be16 len;
	union {
		__u8 table_id;		/* goto_table (then 3 pad bytes) */
		__be32 meter_id;	/* meter */
		__u8 pad[4];		/* *_actions: actions follow */
	};
} OFP_PACKED;
OFP_ASSERT(struct ofp13_instruction, 8);

struct ofp13_instruction_write_metadata {
	__be16 type;
	__be16 len;
	__u8 pad[4];
	__be64 metadata;
	__be64 metadata_mask;
} OFP_PACKED;
OFP_ASSERT(struct ofp13_instruction_write_metadata, 24);

/* ---- Flow mod / removed / packet in / out. ---- */
enum ofp_flow_mod_command {
	OFPFC_ADD = 0,
	OFPFC_MODIFY = 1,
	OFPFC_MODIFY_STRICT = 2,
	OFPFC_DELETE = 3,
	OFPFC_DELETE_STRICT = 4,
};

#define OFPFF_SEND_FLOW_REM	(1 << 0)
#define OFPFF_CHECK_OVERLAP	(1 << 1)
#define OFPFF10_EMERG		(1 << 2)
#define OFPFF_RESET_COUNTS	(1 << 2)	/* OF1.3 */
#define OFPFF_NO_PKT_COUNTS	(1 << 3)
#define OFPFF_NO_BYT_COUNTS	(1 << 4)

struct ofp13_flow_mod {
	struct ofp_header header;
	__be64 cookie;
	__be64 cookie_mask;
	__u8 table_id;
	__u8 command;
	__be16 idle_timeout;
	__be16 hard_timeout;
	__be16 priority;
	__be32 buffer_id;
	__be32 out_port;
	__be32 out_group;
	__be16 flags;
	__u8 pad[2];
	/* struct ofp13 match, then instructions. */
} OFP_PACKED;
OFP_ASSERT(struct ofp13_flow_mod, 48);

struct ofp10_flow_mod {
	struct ofp_header header;
	struct ofp10_match match;
	__be64 cookie;
	__be16 command;
	__be16 idle_timeout;
	__be16 hard_timeout;
	__be16 priority;
	__be32 buffer_id;
	__be16 out_port;
	__be16 flags;
	/* actions follow */
} OFP_PACKED;
OFP_ASSERT(struct ofp10_flow_mod, 72);

#define OFPG_MAX 0xffffff00u
#define OFPG_ALL 0xfffffffcu
#define OFPG_ANY 0xffffffffu

enum ofp_flow_removed_reason {
	OFPRR_IDLE_TIMEOUT = 0,
	OFPRR_HARD_TIMEOUT = 1,
	OFPRR_DELETE = 2,
	OFPRR_GROUP_DELETE = 3,
};

struct ofp13_flow_removed {
	struct ofp_header header;
	__be64 cookie;
	__be16 priority;
	__u8 reason;
	__u8 table_id;
	__be32 duration_sec;
	__be32 duration_nsec;
	__be16 idle_timeout;
	__be16 hard_timeout;
	__be64 packet_count;
	__be64 byte_count;
	/* struct ofp13 match follows */
} OFP_PACKED;
OFP_ASSERT(struct ofp13_flow_removed, 48);

struct ofp10_flow_removed {
	struct ofp_header header;
	struct ofp10_match match;
	__be64 cookie;
	__be16 priority;
	__u8 reason;
	__u8 pad[1];
	__be32 duration_sec;
	__be32 duration_nsec;
	__be16 idle_timeout;
	__u8 pad2[2];
	__be64 packet_count;
	__be64 byte_count;
} OFP_PACKED;
OFP_ASSERT(struct ofp10_flow_removed, 88);

enum ofp_packet_in_reason {
	OFPR_NO_MATCH = 0,
	OFPR_ACTION = 1,
	OFPR_INVALID_TTL = 2,
};

struct ofp13_packet_in {
	struct ofp_header header;
	__be32 buffer_id;
	__be16 total_len;
	__u8 reason;
	__u8 table_id;
	__be64 cookie;
	/* match, 2 pad bytes, then the frame */
} OFP_PACKED;
OFP_ASSERT(struct ofp13_packet_in, 24);

struct ofp10_packet_in {
	struct ofp_header header;
	__be32 buffer_id;
	__be16 total_len;
	__be16 in_port;
	__u8 reason;
	__u8 pad;
	/* frame follows */
} OFP_PACKED;
OFP_ASSERT(struct ofp10_packet_in, 18);

struct ofp13_packet_out {
	struct ofp_header header;
	__be32 buffer_id;
	__be32 in_port;
	__be16 actions_len;
	__u8 pad[6];
} OFP_PACKED;
OFP_ASSERT(struct ofp13_packet_out, 24);

struct ofp10_packet_out {
	struct ofp_header header;
	__be32 buffer_id;
	__be16 in_port;
	__be16 actions_len;
} OFP_PACKED;
OFP_ASSERT(struct ofp10_packet_out, 16);

/* ---- Groups. ---- */
enum ofp_group_mod_command { OFPGC_ADD, OFPGC_MODIFY, OFPGC_DELETE };
enum ofp_group_type { OFPGT_ALL, OFPGT_SELECT, OFPGT_INDIRECT, OFPGT_FF };

struct ofp13_group_mod {
	struct ofp_header header;
	__be16 command;
	__u8 type;
	__u8 pad;
	__be32 group_id;
} OFP_PACKED;
OFP_ASSERT(struct ofp13_group_mod, 16);

struct ofp13_bucket {
	__be16 len;
	__be16 weight;
	__be32 watch_port;
	__be32 watch_group;
	__u8 pad[4];
} OFP_PACKED;
OFP_ASSERT(struct ofp13_bucket, 16);

/* ---- Meters. ---- */
enum ofp_meter_mod_command { OFPMC_ADD, OFPMC_MODIFY, OFPMC_DELETE };
#define OFPMF_KBPS	(1 << 0)
#define OFPMF_PKTPS	(1 << 1)
#define OFPMF_BURST	(1 << 2)
#define OFPMF_STATS	(1 << 3)
#define OFPMBT_DROP		1
#define OFPMBT_DSCP_REMARK	2
#define OFPM_MAX 0xffff0000u

struct ofp13_meter_mod {
	struct ofp_header header;
	__be16 command;
	__be16 flags;
	__be32 meter_id;
} OFP_PACKED;
OFP_ASSERT(struct ofp13_meter_mod, 16);

struct ofp13_meter_band {
	__be16 type;
	__be16 len;
	__be32 rate;
	__be32 burst_size;
	__u8 prec_level;	/* dscp_remark only */
	__u8 pad[3];
} OFP_PACKED;
OFP_ASSERT(struct ofp13_meter_band, 16);

/* ---- Multipart (OF1.3) / stats (OF1.0). ---- */
enum ofp_multipart_type {
	OFPMP_DESC = 0,
	OFPMP_FLOW = 1,
	OFPMP_AGGREGATE = 2,
	OFPMP_TABLE = 3,
	OFPMP_PORT_STATS = 4,
	OFPMP_QUEUE = 5,
	OFPMP_GROUP = 6,
	OFPMP_GROUP_DESC = 7,
	OFPMP_GROUP_FEATURES = 8,
	OFPMP_METER = 9,
	OFPMP_METER_CONFIG = 10,
	OFPMP_METER_FEATURES = 11,
	OFPMP_TABLE_FEATURES = 12,
	OFPMP_PORT_DESC = 13,
	OFPMP_EXPERIMENTER = 0xffff,
};

#define OFPMPF_MORE 1	/* request and reply flag */

struct ofp13_multipart_header {
	struct ofp_header header;
	__be16 type;
	__be16 flags;
	__u8 pad[4];
} OFP_PACKED;
OFP_ASSERT(struct ofp13_multipart_header, 16);

struct ofp10_stats_header {
	struct ofp_header header;
	__be16 type;
	__be16 flags;
} OFP_PACKED;
OFP_ASSERT(struct ofp10_stats_header, 12);

struct ofp_desc {
	char mfr_desc[OFP_DESC_STR_LEN];
	char hw_desc[OFP_DESC_STR_LEN];
	char sw_desc[OFP_DESC_STR_LEN];
	char serial_num[OFP_SERIAL_NUM_LEN];
	char dp_desc[OFP_DESC_STR_LEN];
} OFP_PACKED;
OFP_ASSERT(struct ofp_desc, 1056);

struct ofp13_flow_stats_request {
	__u8 table_id;
	__u8 pad[3];
	__be32 out_port;
	__be32 out_group;
	__u8 pad2[4];
	__be64 cookie;
	__be64 cookie_mask;
	/* match follows */
} OFP_PACKED;
OFP_ASSERT(struct ofp13_flow_stats_request, 32);

struct ofp10_flow_stats_request {
	struct ofp10_match match;
	__u8 table_id;
	__u8 pad;
	__be16 out_port;
} OFP_PACKED;
OFP_ASSERT(struct ofp10_flow_stats_request, 44);

struct ofp13_flow_stats {
	__be16 length;
	__u8 table_id;
	__u8 pad;
	__be32 duration_sec;
	__be32 duration_nsec;
	__be16 priority;
	__be16 idle_timeout;
	__be16 hard_timeout;
	__be16 flags;
	__u8 pad2[4];
	__be64 cookie;
	__be64 packet_count;
	__be64 byte_count;
	/* match, then instructions */
} OFP_PACKED;
OFP_ASSERT(struct ofp13_flow_stats, 48);

struct ofp10_flow_stats {
	__be16 length;
	__u8 table_id;
	__u8 pad;
	struct ofp10_match match;
	__be32 duration_sec;
	__be32 duration_nsec;
	__be16 priority;
	__be16 idle_timeout;
	__be16 hard_timeout;
	__u8 pad2[6];
	__be64 cookie;
	__be64 packet_count;
	__be64 byte_count;
	/* actions follow */
} OFP_PACKED;
OFP_ASSERT(struct ofp10_flow_stats, 88);

struct ofp_aggregate_stats_reply {
	__be64 packet_count;
	__be64 byte_count;
	__be32 flow_count;
	__u8 pad[4];
} OFP_PACKED;
OFP_ASSERT(struct ofp_aggregate_stats_reply, 24);

struct ofp13_table_stats {
	__u8 table_id;
	__u8 pad[3];
	__be32 active_count;
	__be64 lookup_count;
	__be64 matched_count;
} OFP_PACKED;
OFP_ASSERT(struct ofp13_table_stats, 24);

struct ofp10_table_stats {
	__u8 table_id;
	__u8 pad[3];
	char name[OFP_MAX_TABLE_NAME_LEN];
	__be32 wildcards;
	__be32 max_entries;
	__be32 active_count;
	__be64 lookup_count;
	__be64 matched_count;
} OFP_PACKED;
OFP_ASSERT(struct ofp10_table_stats, 64);

/* Port stats request: OF1.3 port_no is 32 bits, OF1.0 16 bits. */
struct ofp13_port_stats_request {
	__be32 port_no;
	__u8 pad[4];
} OFP_PACKED;
struct ofp10_port_stats_request {
	__be16 port_no;
	__u8 pad[6];
} OFP_PACKED;

struct ofp_port_counters {
	__be64 rx_packets;
	__be64 tx_packets;
	__be64 rx_bytes;
	__be64 tx_bytes;
	__be64 rx_dropped;
	__be64 tx_dropped;
	__be64 rx_errors;
	__be64 tx_errors;
	__be64 rx_frame_err;
	__be64 rx_over_err;
	__be64 rx_crc_err;
	__be64 collisions;
} OFP_PACKED;
OFP_ASSERT(struct ofp_port_counters, 96);

struct ofp13_port_stats {
	__be32 port_no;
	__u8 pad[4];
	struct ofp_port_counters c;
	__be32 duration_sec;
	__be32 duration_nsec;
} OFP_PACKED;
OFP_ASSERT(struct ofp13_port_stats, 112);

struct ofp10_port_stats {
	__be16 port_no;
	__u8 pad[6];
	struct ofp_port_counters c;
} OFP_PACKED;
OFP_ASSERT(struct ofp10_port_stats, 104);

struct ofp13_group_stats_request {
	__be32 group_id;
	__u8 pad[4];
} OFP_PACKED;

struct ofp13_group_stats {
	__be16 length;
	__u8 pad[2];
	__be32 group_id;
	__be32 ref_count;
	__u8 pad2[4];
	__be64 packet_count;
	__be64 byte_count;
	__be32 duration_sec;
	__be32 duration_nsec;
	/* struct ofp13_bucket_counter[] follows */
} OFP_PACKED;
OFP_ASSERT(struct ofp13_group_stats, 40);

struct ofp13_bucket_counter {
	__be64 packet_count;
	__be64 byte_count;
} OFP_PACKED;

struct ofp13_group_desc {
	__be16 length;
	__u8 type;
	__u8 pad;
	__be32 group_id;
	/* buckets follow */
} OFP_PACKED;
OFP_ASSERT(struct ofp13_group_desc, 8);

struct ofp13_table_features {
	__be16 length;
	__u8 table_id;
	__u8 pad[5];
	char name[OFP_MAX_TABLE_NAME_LEN];
	__be64 metadata_match;
	__be64 metadata_write;
	__be32 config;
	__be32 max_entries;
	/* properties follow */
} OFP_PACKED;
OFP_ASSERT(struct ofp13_table_features, 64);

/* Table feature property types (each a TLV padded to 8 bytes).  The
 * _MISS variants are optional: absent, they equal the plain ones. */
enum ofp13_table_feature_prop_type {
	OFPTFPT_INSTRUCTIONS = 0,
	OFPTFPT_INSTRUCTIONS_MISS = 1,
	OFPTFPT_NEXT_TABLES = 2,
	OFPTFPT_NEXT_TABLES_MISS = 3,
	OFPTFPT_WRITE_ACTIONS = 4,
	OFPTFPT_WRITE_ACTIONS_MISS = 5,
	OFPTFPT_APPLY_ACTIONS = 6,
	OFPTFPT_APPLY_ACTIONS_MISS = 7,
	OFPTFPT_MATCH = 8,
	OFPTFPT_WILDCARDS = 10,
	OFPTFPT_WRITE_SETFIELD = 12,
	OFPTFPT_WRITE_SETFIELD_MISS = 13,
	OFPTFPT_APPLY_SETFIELD = 14,
	OFPTFPT_APPLY_SETFIELD_MISS = 15,
	OFPTFPT_EXPERIMENTER = 0xfffe,
	OFPTFPT_EXPERIMENTER_MISS = 0xffff,
};

/* ---- Queue configuration. ---- */
#define OFPQ_ALL 0xffffffffu
#define OFPQT_MIN_RATE 1
#define OFPQT_MAX_RATE 2	/* OF1.3 */
#define OFPQ_RATE_UNCFG 0xffff	/* our marker: rate property absent */

struct ofp13_queue_get_config_request {
	struct ofp_header header;
	__be32 port;
	__u8 pad[4];
} OFP_PACKED;
OFP_ASSERT(struct ofp13_queue_get_config_request, 16);

struct ofp10_queue_get_config_request {
	struct ofp_header header;
	__be16 port;
	__u8 pad[2];
} OFP_PACKED;
OFP_ASSERT(struct ofp10_queue_get_config_request, 12);

/* Both reply heads are 16 bytes: header, port (32 or 16 bits), pad. */
struct ofp13_packet_queue {
	__be32 queue_id;
	__be32 port;
	__be16 len;
	__u8 pad[6];
	/* properties follow */
} OFP_PACKED;
OFP_ASSERT(struct ofp13_packet_queue, 16);

struct ofp10_packet_queue {
	__be32 queue_id;
	__be16 len;
	__u8 pad[2];
} OFP_PACKED;
OFP_ASSERT(struct ofp10_packet_queue, 8);

struct ofp_queue_prop_rate {
	__be16 property;
	__be16 len;
	__u8 pad[4];
	__be16 rate;		/* in 1/10 of a percent; >1000: disabled */
	__u8 pad2[6];
} OFP_PACKED;
OFP_ASSERT(struct ofp_queue_prop_rate, 16);

enum { OFPQOFC_BAD_PORT, OFPQOFC_BAD_QUEUE, OFPQOFC_EPERM };

/* ---- Role and async config. ---- */
enum ofp_controller_role {
	OFPCR_ROLE_NOCHANGE = 0,
	OFPCR_ROLE_EQUAL = 1,
	OFPCR_ROLE_MASTER = 2,
	OFPCR_ROLE_SLAVE = 3,
};

struct ofp13_role_request {
	struct ofp_header header;
	__be32 role;
	__u8 pad[4];
	__be64 generation_id;
} OFP_PACKED;
OFP_ASSERT(struct ofp13_role_request, 24);

struct ofp13_async_config {
	struct ofp_header header;
	__be32 packet_in_mask[2];	/* [0] master/equal, [1] slave */
	__be32 port_status_mask[2];
	__be32 flow_removed_mask[2];
} OFP_PACKED;
OFP_ASSERT(struct ofp13_async_config, 32);

/* ---- Error types and codes (OF1.3 numbering). ---- */
enum ofp_error_type {
	OFPET_HELLO_FAILED = 0,
	OFPET_BAD_REQUEST = 1,
	OFPET_BAD_ACTION = 2,
	OFPET_BAD_INSTRUCTION = 3,
	OFPET_BAD_MATCH = 4,
	OFPET_FLOW_MOD_FAILED = 5,
	OFPET_GROUP_MOD_FAILED = 6,
	OFPET_PORT_MOD_FAILED = 7,
	OFPET_TABLE_MOD_FAILED = 8,
	OFPET_QUEUE_OP_FAILED = 9,
	OFPET_SWITCH_CONFIG_FAILED = 10,
	OFPET_ROLE_REQUEST_FAILED = 11,
	OFPET_METER_MOD_FAILED = 12,
	OFPET_TABLE_FEATURES_FAILED = 13,
	OFPET_EXPERIMENTER = 0xffff,
};

/* OF1.0 error types that differ. */
#define OFPET10_FLOW_MOD_FAILED 3
#define OFPET10_PORT_MOD_FAILED 4
#define OFPET10_QUEUE_OP_FAILED 5

enum { OFPHFC_INCOMPATIBLE = 0, OFPHFC_EPERM = 1 };

enum ofp_bad_request_code {
	OFPBRC_BAD_VERSION = 0,
	OFPBRC_BAD_TYPE = 1,
	OFPBRC_BAD_MULTIPART = 2,
	OFPBRC_BAD_EXPERIMENTER = 3,
	OFPBRC_BAD_EXP_TYPE = 4,
	OFPBRC_EPERM = 5,
	OFPBRC_BAD_LEN = 6,
	OFPBRC_BUFFER_EMPTY = 7,
	OFPBRC_BUFFER_UNKNOWN = 8,
	OFPBRC_BAD_TABLE_ID = 9,
	OFPBRC_IS_SLAVE = 10,
	OFPBRC_BAD_PORT = 11,
	OFPBRC_BAD_PACKET = 12,
	OFPBRC_MULTIPART_BUFFER_OVERFLOW = 13,
};

enum ofp_bad_action_code {
	OFPBAC_BAD_TYPE = 0,
	OFPBAC_BAD_LEN = 1,
	OFPBAC_BAD_EXPERIMENTER = 2,
	OFPBAC_BAD_EXP_TYPE = 3,
	OFPBAC_BAD_OUT_PORT = 4,
	OFPBAC_BAD_ARGUMENT = 5,
	OFPBAC_EPERM = 6,
	OFPBAC_TOO_MANY = 7,
	OFPBAC_BAD_QUEUE = 8,
	OFPBAC_BAD_OUT_GROUP = 9,
	OFPBAC_MATCH_INCONSISTENT = 10,
	OFPBAC_UNSUPPORTED_ORDER = 11,
	OFPBAC_BAD_TAG = 12,
	OFPBAC_BAD_SET_TYPE = 13,
	OFPBAC_BAD_SET_LEN = 14,
	OFPBAC_BAD_SET_ARGUMENT = 15,
};

enum ofp_bad_instruction_code {
	OFPBIC_UNKNOWN_INST = 0,
	OFPBIC_UNSUP_INST = 1,
	OFPBIC_BAD_TABLE_ID = 2,
	OFPBIC_UNSUP_METADATA = 3,
	OFPBIC_UNSUP_METADATA_MASK = 4,
	OFPBIC_BAD_EXPERIMENTER = 5,
	OFPBIC_BAD_EXP_TYPE = 6,
	OFPBIC_BAD_LEN = 7,
	OFPBIC_EPERM = 8,
};

enum ofp_bad_match_code {
	OFPBMC_BAD_TYPE = 0,
	OFPBMC_BAD_LEN = 1,
	OFPBMC_BAD_TAG = 2,
	OFPBMC_BAD_DL_ADDR_MASK = 3,
	OFPBMC_BAD_NW_ADDR_MASK = 4,
	OFPBMC_BAD_WILDCARDS = 5,
	OFPBMC_BAD_FIELD = 6,
	OFPBMC_BAD_VALUE = 7,
	OFPBMC_BAD_MASK = 8,
	OFPBMC_BAD_PREREQ = 9,
	OFPBMC_DUP_FIELD = 10,
	OFPBMC_EPERM = 11,
};

enum ofp_flow_mod_failed_code {
	OFPFMFC_UNKNOWN = 0,
	OFPFMFC_TABLE_FULL = 1,
	OFPFMFC_BAD_TABLE_ID = 2,
	OFPFMFC_OVERLAP = 3,
	OFPFMFC_EPERM = 4,
	OFPFMFC_BAD_TIMEOUT = 5,
	OFPFMFC_BAD_COMMAND = 6,
	OFPFMFC_BAD_FLAGS = 7,
};

/* OF1.0 flow mod failed codes. */
enum {
	OFPFMFC10_ALL_TABLES_FULL = 0,
	OFPFMFC10_OVERLAP = 1,
	OFPFMFC10_EPERM = 2,
	OFPFMFC10_BAD_EMERG_TIMEOUT = 3,
	OFPFMFC10_BAD_COMMAND = 4,
	OFPFMFC10_UNSUPPORTED = 5,
};

enum ofp_group_mod_failed_code {
	OFPGMFC_GROUP_EXISTS = 0,
	OFPGMFC_INVALID_GROUP = 1,
	OFPGMFC_WEIGHT_UNSUPPORTED = 2,
	OFPGMFC_OUT_OF_GROUPS = 3,
	OFPGMFC_OUT_OF_BUCKETS = 4,
	OFPGMFC_CHAINING_UNSUPPORTED = 5,
	OFPGMFC_WATCH_UNSUPPORTED = 6,
	OFPGMFC_LOOP = 7,
	OFPGMFC_UNKNOWN_GROUP = 8,
	OFPGMFC_CHAINED_GROUP = 9,
	OFPGMFC_BAD_TYPE = 10,
	OFPGMFC_BAD_COMMAND = 11,
	OFPGMFC_BAD_BUCKET = 12,
	OFPGMFC_BAD_WATCH = 13,
	OFPGMFC_EPERM = 14,
};

enum { OFPPMFC_BAD_PORT, OFPPMFC_BAD_HW_ADDR, OFPPMFC_BAD_CONFIG,
       OFPPMFC_BAD_ADVERTISE, OFPPMFC_EPERM };
enum { OFPTMFC_BAD_TABLE, OFPTMFC_BAD_CONFIG, OFPTMFC_EPERM };
enum { OFPSCFC_BAD_FLAGS, OFPSCFC_BAD_LEN, OFPSCFC_EPERM };
enum { OFPRRFC_STALE, OFPRRFC_UNSUP, OFPRRFC_BAD_ROLE };
enum {
	OFPMMFC_UNKNOWN, OFPMMFC_METER_EXISTS, OFPMMFC_INVALID_METER,
	OFPMMFC_UNKNOWN_METER, OFPMMFC_BAD_COMMAND, OFPMMFC_BAD_FLAGS,
	OFPMMFC_BAD_RATE, OFPMMFC_BAD_BURST, OFPMMFC_BAD_BAND,
	OFPMMFC_BAD_BAND_VALUE, OFPMMFC_OUT_OF_METERS, OFPMMFC_OUT_OF_BANDS,
};
enum { OFPTFFC_BAD_TABLE, OFPTFFC_BAD_METADATA, OFPTFFC_BAD_TYPE,
       OFPTFFC_BAD_LEN, OFPTFFC_BAD_ARGUMENT, OFPTFFC_EPERM };

#endif
