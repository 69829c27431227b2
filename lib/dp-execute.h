/*
 * Action validation and execution for the userspace datapath: runs an
 * OVS_ACTION_ATTR_* list (as in <linux/openvswitch.h>) on a packet.
 *
 * Supported: output, trunc, userspace, set and set_masked (ethernet,
 * ipv4 with header and TCP/UDP checksum update, tcp, udp, priority,
 * skb_mark), push_vlan, pop_vlan, sample, clone, recirc, hash.  Any other
 * action is refused by dp_actions_validate() (-EINVAL), as the kernel
 * refuses what it does not know.
 */
#ifndef FSW_DP_EXECUTE_H
#define FSW_DP_EXECUTE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "fsw/flow_key.h"

#define DP_MAX_RECIRC_DEPTH 6

struct dp_exec_upcall {
	uint32_t pid;
	const void *userdata;
	size_t userdata_len;
	bool has_userdata;
	uint32_t orig_len;	/* before trunc; 0 when not truncated */
};

struct dp_exec_ops {
	/* Sends DATA out of PORT_NO. */
	void (*output)(void *aux, uint32_t port_no, const uint8_t *data,
		       size_t len);
	/* An OVS_PACKET_CMD_ACTION upcall of PKT (with key KEY). */
	void (*userspace)(void *aux, const uint8_t *data, size_t len,
			  const struct fsw_key *key,
			  const struct dp_exec_upcall *);
	/* Looks the packet up again with KEY (whose recirc_id is set). */
	void (*recirc)(void *aux, const struct buf *pkt,
		       const struct fsw_key *key, int depth);
};

/* 0 if ACTIONS is a list this executor can run, else -EINVAL. */
int dp_actions_validate(const void *actions, size_t len);

/* Runs ACTIONS on PKT, whose key (metadata included) is KEY; both may be
 * changed.  DEPTH counts recirculations so far. */
void dp_actions_execute(struct buf *pkt, struct fsw_key *key,
			const void *actions, size_t len,
			const struct dp_exec_ops *, void *aux, int depth);

#endif
