/*
 * xlate: translation of a flow through an ofproto's OpenFlow tables into
 * datapath actions (an OVS_ACTION_ATTR_* stream) and the megaflow mask:
 * every flow bit the result depends on (the classifier's examined bits
 * plus the bits the actions looked at).  Any packet that agrees with the
 * translated flow on the mask's bits gets the same actions, as long as
 * the rules, groups, ports and the MAC table stay as they were.
 *
 * Called with ofproto_mutex held.
 */
#ifndef FSW_XLATE_H
#define FSW_XLATE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "flow.h"

struct ofproto;
struct rule;

/* Userdata of the userspace actions xlate emits (packet-in). */
struct xlate_userdata {
	uint8_t kind;		/* XLATE_UD_PACKET_IN */
	uint8_t reason;		/* OFPR_* */
	uint8_t table_id;
	uint8_t pad;
	uint16_t max_len;	/* bytes of the packet to send, 0xffff all */
	uint16_t pad2;
	uint32_t in_port;	/* OpenFlow in_port of the original packet */
	uint32_t pad3;
	uint64_t cookie;	/* of the rule that sent it */
	uint64_t metadata;
};
#define XLATE_UD_PACKET_IN 1

struct xlate_in {
	struct ofproto *ofproto;
	struct flow flow;	/* dp.in_port is the OpenFlow port */
	bool may_learn;		/* update the MAC table (a real packet) */
	uint32_t upcall_pid;	/* netlink port for userspace actions */
	const struct ofpact *ofpacts;	/* PACKET_OUT: run these instead
					 * of the tables (NULL: tables) */
	size_t ofpacts_len;
	struct buf *trace;	/* text trace for ofproto/trace, or NULL */
};

struct xlate_out {
	struct buf odp_actions;
	struct flow wc;		/* the mask */
	struct rule **rules;	/* rules hit, each referenced */
	size_t n_rules;
	bool has_learned;	/* MAC table changed */
};

void xlate_out_init(struct xlate_out *);
void xlate_out_uninit(struct xlate_out *);	/* unrefs the rules */
/* Translates; always succeeds (problems become drops, logged). */
void xlate(const struct xlate_in *, struct xlate_out *);

#endif
