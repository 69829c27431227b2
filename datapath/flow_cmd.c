// SPDX-License-Identifier: GPL-2.0
/*
 * The ovs_flow family (flows in a datapath's table) and the ovs_packet
 * family (EXECUTE: run actions on a packet userspace hands us).
 *
 * A flow is named by its UFID when it has one, else by its key exactly
 * as it was installed.  NEW with NLM_F_EXCL refuses an existing flow
 * (EEXIST); without it, NEW replaces the actions.  DEL without key or
 * UFID empties the table.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "datapath.h"
#include "flow_netlink.h"
#include "vport.h"

static const struct genl_multicast_group fsw_flow_mcgrp = {
	.name = OVS_FLOW_MCGROUP,
};

static const struct nla_policy fsw_flow_policy[OVS_FLOW_ATTR_MAX + 1] = {
	/* Nested, but userspace does not flag them NLA_F_NESTED. */
	[OVS_FLOW_ATTR_KEY] = { .type = NLA_BINARY },
	[OVS_FLOW_ATTR_MASK] = { .type = NLA_BINARY },
	[OVS_FLOW_ATTR_ACTIONS] = { .type = NLA_BINARY },
	[OVS_FLOW_ATTR_CLEAR] = { .type = NLA_FLAG },
	[OVS_FLOW_ATTR_PROBE] = { .type = NLA_FLAG },
	[OVS_FLOW_ATTR_UFID] = NLA_POLICY_RANGE(NLA_BINARY, 1,
						FSW_MAX_UFID_LEN),
	[OVS_FLOW_ATTR_UFID_FLAGS] = { .type = NLA_U32 },
};

#define FSW_UFID_F_ALL (OVS_UFID_F_OMIT_KEY | OVS_UFID_F_OMIT_MASK | \
			OVS_UFID_F_OMIT_ACTIONS)

static u32 fsw_ufid_flags(struct nlattr **a)
{
	return a[OVS_FLOW_ATTR_UFID_FLAGS] ?
	       nla_get_u32(a[OVS_FLOW_ATTR_UFID_FLAGS]) : 0;
}

static int fsw_flow_fill(struct datapath *dp, struct fsw_flow *flow,
			 struct sk_buff *skb, u32 portid, u32 seq, u32 flags,
			 u8 cmd, u32 ufid_flags)
{
	struct fsw_actions *acts = fsw_deref(flow->acts);
	struct ovs_flow_stats st;
	unsigned long used;
	struct ovs_header *hdr;
	__be16 tcp_flags;

	/* Without a UFID the key is the flow's only name. */
	if (!flow->ufid_len)
		ufid_flags &= ~OVS_UFID_F_OMIT_KEY;
	hdr = genlmsg_put(skb, portid, seq, &fsw_flow_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	hdr->dp_ifindex = fsw_dp_ifindex(dp);
	fsw_flow_stats_get(flow, &st.n_packets, &st.n_bytes, &used,
			   &tcp_flags);
	if (flow->ufid_len &&
	    nla_put(skb, OVS_FLOW_ATTR_UFID, flow->ufid_len, flow->ufid))
		goto nospace;
	/* The masked key, as openvswitch.ko reports it. */
	if (!(ufid_flags & OVS_UFID_F_OMIT_KEY) &&
	    fsw_nla_put_key(skb, OVS_FLOW_ATTR_KEY, &flow->key,
			    &flow->unmasked, false))
		goto nospace;
	if (!(ufid_flags & OVS_UFID_F_OMIT_MASK) &&
	    fsw_nla_put_key(skb, OVS_FLOW_ATTR_MASK, &flow->mask->key,
			    &flow->unmasked, true))
		goto nospace;
	if (st.n_packets &&
	    nla_put_64bit(skb, OVS_FLOW_ATTR_STATS, sizeof(st), &st,
			  OVS_FLOW_ATTR_PAD))
		goto nospace;
	if (used && nla_put_u64_64bit(skb, OVS_FLOW_ATTR_USED,
				      fsw_flow_used_msecs(used),
				      OVS_FLOW_ATTR_PAD))
		goto nospace;
	if (tcp_flags && nla_put_u8(skb, OVS_FLOW_ATTR_TCP_FLAGS,
				    ntohs(tcp_flags) & 0xff))
		goto nospace;
	if (!(ufid_flags & OVS_UFID_F_OMIT_ACTIONS) &&
	    nla_put(skb, OVS_FLOW_ATTR_ACTIONS, acts->len, acts->attrs))
		goto nospace;
	genlmsg_end(skb, hdr);
	return 0;
nospace:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Room enough for any message about @flow (as fsw_flow_msg() makes). */
static u32 fsw_flow_msg_size(struct fsw_flow *flow)
{
	return nlmsg_total_size(NLMSG_DEFAULT_SIZE + fsw_deref(flow->acts)->len);
}

static struct sk_buff *fsw_flow_msg(struct datapath *dp, struct fsw_flow *flow,
				    struct genl_info *info, u8 cmd,
				    u32 ufid_flags)
{
	struct sk_buff *skb;
	int err;

	skb = alloc_skb(fsw_flow_msg_size(flow), GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);
	err = fsw_flow_fill(dp, flow, skb, info->snd_portid, info->snd_seq, 0,
			    cmd, ufid_flags);
	if (err) {
		kfree_skb(skb);
		return ERR_PTR(err);
	}
	return skb;
}

static void fsw_flow_notify(struct sk_buff *reply, struct genl_info *info)
{
	if (!IS_ERR_OR_NULL(reply))
		genl_notify(&fsw_flow_family, reply, info, 0, GFP_KERNEL);
}

/* The flow a request names by UFID or by key (fsw_mutex held). */
static struct fsw_flow *fsw_flow_from_req(struct datapath *dp,
					  struct nlattr **a,
					  const struct fsw_key *key)
{
	const struct nlattr *ufid = a[OVS_FLOW_ATTR_UFID];

	if (ufid)
		return fsw_table_find_ufid(&dp->table, nla_data(ufid),
					   nla_len(ufid));
	return fsw_table_find(&dp->table, key, NULL);
}

/*
 * An installed flow that a packet with KEY would hit, whatever its mask
 * or name.  A second flow covering the same packets would shadow it or be
 * shadowed; refusing it is how racing upcalls for one megaflow end up
 * installing it once.  Called under fsw_lock(); the lookup expects the
 * receive path's context.
 */
static struct fsw_flow *fsw_flow_overlap(struct datapath *dp,
					 const struct fsw_key *key)
{
	struct fsw_flow *flow;
	bool cache_hit;
	u32 n_hit;

	rcu_read_lock();
	local_bh_disable();
	flow = fsw_table_lookup(&dp->table, key, &n_hit, &cache_hit);
	local_bh_enable();
	rcu_read_unlock();
	return flow;
}

/* A NEW, SET, DEL or GET request, once fsw_flow_req_begin() took it. */
struct fsw_flow_req {
	struct fsw_key key, mask;	/* mask: NEW only */
	struct fsw_actions *acts;	/* NEW only */
	struct datapath *dp;
	u32 ufid_flags;
};

/*
 * What the four commands start with: the UFID flags checked, the key
 * parsed (NEW: with its mask and actions; the others may name the flow by
 * UFID alone, and DEL by nothing at all), then the datapath found with
 * fsw_mutex taken.  On success the caller unlocks, and for NEW owns
 * req->acts; on failure nothing is held.
 */
static int fsw_flow_req_begin(struct sk_buff *skb, struct genl_info *info,
			      u8 cmd, struct fsw_flow_req *req)
{
	struct nlattr **a = info->attrs;
	int err = 0;

	req->ufid_flags = fsw_ufid_flags(a);
	req->acts = NULL;
	if (req->ufid_flags & ~FSW_UFID_F_ALL)
		return -EINVAL;
	if (cmd == OVS_FLOW_CMD_NEW) {
		if (!a[OVS_FLOW_ATTR_KEY] || !a[OVS_FLOW_ATTR_ACTIONS])
			return -EINVAL;
		err = fsw_nla_to_match(a[OVS_FLOW_ATTR_KEY],
				       a[OVS_FLOW_ATTR_MASK], &req->key,
				       &req->mask);
		if (err)
			return err;
		req->acts = fsw_actions_from_nl(a[OVS_FLOW_ATTR_ACTIONS],
						&req->key, &req->mask);
		if (IS_ERR(req->acts))
			return PTR_ERR(req->acts);
	} else if (!a[OVS_FLOW_ATTR_UFID] && a[OVS_FLOW_ATTR_KEY]) {
		err = fsw_nla_to_key(a[OVS_FLOW_ATTR_KEY], &req->key);
	} else if (!a[OVS_FLOW_ATTR_UFID] && cmd != OVS_FLOW_CMD_DEL) {
		err = -EINVAL;
	}
	if (err)
		return err;
	fsw_lock();
	req->dp = fsw_dp_lookup(sock_net(skb->sk),
			       ((struct ovs_header *)info->userhdr)->dp_ifindex);
	if (req->dp)
		return 0;
	fsw_unlock();
	kfree(req->acts);
	return -ENODEV;
}

static int fsw_flow_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct fsw_flow_req req;
	struct fsw_actions *old;
	struct sk_buff *reply;
	struct fsw_flow *flow;
	int err;

	err = fsw_flow_req_begin(skb, info, OVS_FLOW_CMD_NEW, &req);
	if (err)
		return err;
	flow = fsw_flow_from_req(req.dp, a, &req.key);
	if (!flow)
		flow = fsw_flow_overlap(req.dp, &req.key);
	if (flow) {
		/* NLM_F_CREATE too, as openvswitch.ko: userspace asks for
		 * "create only" with it (NLM_F_EXCL alone looks like a dump
		 * request to generic netlink). */
		err = -EEXIST;
		if (info->nlhdr->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL))
			goto err_unlock;
		/* Another flow that merely overlaps: nothing to modify. */
		err = -ENOENT;
		if (!fsw_flow_from_req(req.dp, a, &req.key))
			goto err_unlock;
		/* Same name, other key: not the same flow. */
		err = -EINVAL;
		if (memcmp(&flow->unmasked, &req.key, sizeof(req.key)) &&
		    memcmp(&flow->key, &req.key, sizeof(req.key)))
			goto err_unlock;
		old = fsw_deref(flow->acts);
		rcu_assign_pointer(flow->acts, req.acts);
		fsw_actions_free_rcu(old);
		reply = fsw_flow_msg(req.dp, flow, info, OVS_FLOW_CMD_NEW,
				     req.ufid_flags);
		fsw_unlock();
		fsw_flow_notify(reply, info);
		return 0;
	}
	err = -ENOMEM;
	flow = fsw_flow_alloc();
	if (!flow)
		goto err_unlock;
	flow->unmasked = req.key;
	if (a[OVS_FLOW_ATTR_UFID]) {
		flow->ufid_len = nla_len(a[OVS_FLOW_ATTR_UFID]);
		memcpy(flow->ufid, nla_data(a[OVS_FLOW_ATTR_UFID]),
		       flow->ufid_len);
	}
	RCU_INIT_POINTER(flow->acts, req.acts);
	err = fsw_table_insert(&req.dp->table, flow, &req.mask);
	if (err) {
		fsw_flow_free(flow);
		fsw_unlock();
		return err;
	}
	reply = fsw_flow_msg(req.dp, flow, info, OVS_FLOW_CMD_NEW,
			     req.ufid_flags);
	fsw_unlock();
	fsw_flow_notify(reply, info);
	return 0;

err_unlock:
	fsw_unlock();
	kfree(req.acts);
	return err;
}

static int fsw_flow_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct fsw_actions *acts, *old;
	struct fsw_flow_req req;
	struct sk_buff *reply;
	struct fsw_flow *flow;
	int err;

	err = fsw_flow_req_begin(skb, info, OVS_FLOW_CMD_SET, &req);
	if (err)
		return err;
	flow = fsw_flow_from_req(req.dp, a, &req.key);
	err = -ENOENT;
	if (!flow)
		goto out;
	if (a[OVS_FLOW_ATTR_ACTIONS]) {
		acts = fsw_actions_from_nl(a[OVS_FLOW_ATTR_ACTIONS],
					   &flow->unmasked, &flow->mask->key);
		err = PTR_ERR_OR_ZERO(acts);
		if (err)
			goto out;
		old = fsw_deref(flow->acts);
		rcu_assign_pointer(flow->acts, acts);
		fsw_actions_free_rcu(old);
	}
	reply = fsw_flow_msg(req.dp, flow, info, OVS_FLOW_CMD_SET,
			     req.ufid_flags);
	/* The reply carries the stats from before they were cleared. */
	if (a[OVS_FLOW_ATTR_CLEAR])
		fsw_flow_stats_clear(flow);
	fsw_unlock();
	fsw_flow_notify(reply, info);
	return 0;
out:
	fsw_unlock();
	return err;
}

static int fsw_flow_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct fsw_flow_req req;
	struct sk_buff *reply;
	struct fsw_flow *flow;
	int err;

	err = fsw_flow_req_begin(skb, info, OVS_FLOW_CMD_DEL, &req);
	if (err)
		return err;
	if (!a[OVS_FLOW_ATTR_KEY] && !a[OVS_FLOW_ATTR_UFID]) {
		fsw_table_flush(&req.dp->table);
		fsw_unlock();
		return 0;
	}
	flow = fsw_flow_from_req(req.dp, a, &req.key);
	if (!flow) {
		fsw_unlock();
		return -ENOENT;
	}
	reply = fsw_flow_msg(req.dp, flow, info, OVS_FLOW_CMD_DEL,
			     req.ufid_flags);
	fsw_table_remove(&req.dp->table, flow);
	fsw_unlock();
	fsw_flow_notify(reply, info);
	return 0;
}

static int fsw_flow_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct fsw_flow_req req;
	struct sk_buff *reply;
	struct fsw_flow *flow;
	int err;

	err = fsw_flow_req_begin(skb, info, OVS_FLOW_CMD_GET, &req);
	if (err)
		return err;
	flow = fsw_flow_from_req(req.dp, info->attrs, &req.key);
	reply = flow ? fsw_flow_msg(req.dp, flow, info, OVS_FLOW_CMD_GET,
				    req.ufid_flags) : ERR_PTR(-ENOENT);
	fsw_unlock();
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	return genlmsg_reply(reply, info);
}

/*
 * A flow that does not fit an empty dump message would end the dump, and
 * silently drop itself and the flows after it: have every message big
 * enough for the biggest flow.
 */
static int fsw_flow_dump_start(struct netlink_callback *cb)
{
	struct ovs_header *hdr = genlmsg_data(nlmsg_data(cb->nlh));
	long bucket = 0, idx = 0;
	struct fsw_flow *flow;
	struct datapath *dp;

	fsw_lock();
	dp = fsw_dp_lookup(sock_net(cb->skb->sk), hdr->dp_ifindex);
	while (dp && (flow = fsw_table_dump_next(&dp->table, &bucket, &idx)))
		cb->min_dump_alloc = max(cb->min_dump_alloc,
					 fsw_flow_msg_size(flow));
	fsw_unlock();
	return 0;
}

static int fsw_flow_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ovs_header *hdr = genlmsg_data(nlmsg_data(cb->nlh));
	struct nlattr **a = genl_dumpit_info(cb)->attrs;
	long bucket = cb->args[0], idx = cb->args[1];
	u32 ufid_flags = a ? fsw_ufid_flags(a) : 0;
	struct fsw_flow *flow;
	struct datapath *dp;

	fsw_lock();
	dp = fsw_dp_lookup(sock_net(skb->sk), hdr->dp_ifindex);
	if (!dp) {
		fsw_unlock();
		return -ENODEV;
	}
	for (;;) {
		long b = bucket, i = idx;

		flow = fsw_table_dump_next(&dp->table, &bucket, &idx);
		if (!flow)
			break;
		if (fsw_flow_fill(dp, flow, skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  OVS_FLOW_CMD_GET, ufid_flags) < 0) {
			/* It goes first in the next message, made big enough
			 * for it (it grew since the dump started). */
			cb->min_dump_alloc = max(cb->min_dump_alloc,
						 fsw_flow_msg_size(flow));
			bucket = b;
			idx = i;
			break;
		}
	}
	fsw_unlock();
	cb->args[0] = bucket;
	cb->args[1] = idx;
	/* Nothing fitted an empty message: say so rather than stop. */
	return flow && !skb->len ? -EMSGSIZE : skb->len;
}

static const struct genl_small_ops fsw_flow_ops[] = {
	{ .cmd = OVS_FLOW_CMD_NEW, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = FSW_NESTED_FLAG_OK,
	  .doit = fsw_flow_cmd_new },
	{ .cmd = OVS_FLOW_CMD_DEL, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = FSW_NESTED_FLAG_OK,
	  .doit = fsw_flow_cmd_del },
	{ .cmd = OVS_FLOW_CMD_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = FSW_NESTED_FLAG_OK,
	  .doit = fsw_flow_cmd_set },
};

/* A full op for GET: its dump needs a start. */
static const struct genl_ops fsw_flow_get_op[] = {
	{ .cmd = OVS_FLOW_CMD_GET, .validate = FSW_NESTED_FLAG_OK,
	  .doit = fsw_flow_cmd_get, .start = fsw_flow_dump_start,
	  .dumpit = fsw_flow_cmd_dump },
};

struct genl_family fsw_flow_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_FLOW_FAMILY,
	.resv_start_op = FSW_RESV_START_OP,
	.version = OVS_FLOW_VERSION,
	.maxattr = OVS_FLOW_ATTR_MAX,
	.policy = fsw_flow_policy,
	.pre_doit = fsw_genl_pre_doit,
	.netnsok = true,
	.parallel_ops = true,
	.ops = fsw_flow_get_op,
	.n_ops = ARRAY_SIZE(fsw_flow_get_op),
	.small_ops = fsw_flow_ops,
	.n_small_ops = ARRAY_SIZE(fsw_flow_ops),
	.mcgrps = &fsw_flow_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};

/* ---- ovs_packet: EXECUTE ---- */

static const struct nla_policy fsw_packet_policy[OVS_PACKET_ATTR_MAX + 1] = {
	[OVS_PACKET_ATTR_PACKET] = NLA_POLICY_MIN_LEN(ETH_HLEN),
	[OVS_PACKET_ATTR_KEY] = { .type = NLA_BINARY },
	[OVS_PACKET_ATTR_ACTIONS] = { .type = NLA_BINARY },
	[OVS_PACKET_ATTR_PROBE] = { .type = NLA_FLAG },
	[OVS_PACKET_ATTR_MRU] = { .type = NLA_U16 },
	[OVS_PACKET_ATTR_HASH] = { .type = NLA_U64 },
};

static int fsw_packet_cmd_execute(struct sk_buff *skb, struct genl_info *info)
{
	struct ovs_header *hdr = info->userhdr;
	struct nlattr **a = info->attrs;
	struct fsw_actions *acts;
	struct sk_buff *packet;
	struct datapath *dp;
	struct vport *vport;
	struct fsw_key key;
	int len, err;

	if (!a[OVS_PACKET_ATTR_PACKET] || !a[OVS_PACKET_ATTR_KEY] ||
	    !a[OVS_PACKET_ATTR_ACTIONS])
		return -EINVAL;
	/* The metadata comes from the request, the rest from the packet. */
	err = fsw_nla_to_key(a[OVS_PACKET_ATTR_KEY], &key);
	if (err)
		return err;
	len = nla_len(a[OVS_PACKET_ATTR_PACKET]);
	packet = __dev_alloc_skb(NET_IP_ALIGN + len, GFP_KERNEL);
	if (!packet)
		return -ENOMEM;
	skb_reserve(packet, NET_IP_ALIGN);
	nla_memcpy(__skb_put(packet, len), a[OVS_PACKET_ATTR_PACKET], len);
	err = fsw_flow_key_extract(packet, &key);
	if (err)
		goto err_packet;
	packet->priority = key.priority;
	packet->mark = key.skb_mark;
	packet->protocol = key.vlan.tci ? key.vlan.tpid : key.eth_type;
	if (a[OVS_PACKET_ATTR_HASH]) {
		u64 hash = nla_get_u64(a[OVS_PACKET_ATTR_HASH]);

		__skb_set_hash(packet, (u32)hash, hash & FSW_HASH_SW,
			       hash & FSW_HASH_L4);
	}
	acts = fsw_actions_from_nl(a[OVS_PACKET_ATTR_ACTIONS], &key, NULL);
	err = PTR_ERR_OR_ZERO(acts);
	if (err)
		goto err_packet;

	rcu_read_lock();
	dp = fsw_dp_lookup(sock_net(skb->sk), hdr->dp_ifindex);
	err = -ENODEV;
	if (!dp)
		goto err_unlock;
	vport = fsw_dp_port(dp, key.in_port);
	if (!vport)
		vport = fsw_dp_port(dp, OVSP_LOCAL);
	if (!vport)	/* the datapath is being destroyed */
		goto err_unlock;
	memset(FSW_CB(packet), 0, sizeof(struct fsw_cb));
	FSW_CB(packet)->input_vport = vport;
	packet->dev = vport->dev;
	local_bh_disable();
	err = fsw_execute_actions(dp, packet, &key, acts);
	local_bh_enable();
	rcu_read_unlock();
	kfree(acts);
	return err;

err_unlock:
	rcu_read_unlock();
	kfree(acts);
err_packet:
	kfree_skb(packet);
	return err;
}

static const struct genl_small_ops fsw_packet_ops[] = {
	{ .cmd = OVS_PACKET_CMD_EXECUTE, .flags = GENL_UNS_ADMIN_PERM,
	  .validate = FSW_NESTED_FLAG_OK,
	  .doit = fsw_packet_cmd_execute },
};

struct genl_family fsw_packet_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_PACKET_FAMILY,
	.resv_start_op = FSW_RESV_START_OP,
	.version = OVS_PACKET_VERSION,
	.maxattr = OVS_PACKET_ATTR_MAX,
	.policy = fsw_packet_policy,
	.pre_doit = fsw_genl_pre_doit,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = fsw_packet_ops,
	.n_small_ops = ARRAY_SIZE(fsw_packet_ops),
	.module = THIS_MODULE,
};
