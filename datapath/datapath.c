// SPDX-License-Identifier: GPL-2.0
/*
 * Flowswitch kernel datapath: datapaths, their ports, the ovs_datapath
 * and ovs_vport generic netlink families and the module's life cycle.
 *
 * The families carry the names, versions and attribute numbers of the
 * Linux openvswitch uapi (<linux/openvswitch.h>) so that existing
 * userspace (ovs-dpctl, ovs-vswitchd) can drive this module.  Attributes
 * are validated strictly against the policies below: an attribute the
 * family does not know is refused, not ignored.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "datapath.h"
#include "flow_netlink.h"
#include "vport.h"

unsigned int fsw_net_id __read_mostly;
DEFINE_MUTEX(fsw_mutex);

/* ---- datapaths and their ports ---- */

static struct hlist_head *fsw_port_bucket(const struct datapath *dp,
					  u32 port_no)
{
	return &dp->ports[port_no % FSW_PORT_HASH_BUCKETS];
}

/* Under RCU or fsw_mutex. */
struct vport *fsw_dp_port(const struct datapath *dp, u32 port_no)
{
	struct vport *vport;

	hlist_for_each_entry_rcu(vport, fsw_port_bucket(dp, port_no), dp_node,
				 fsw_locked())
		if (vport->port_no == port_no)
			return vport;
	return NULL;
}

const char *fsw_dp_name(const struct datapath *dp)
{
	return fsw_dp_port(dp, OVSP_LOCAL)->dev->name;
}

/*
 * fsw_dp_destroy() unhashes the local port before its device stops
 * transmitting: a packet still in flight (RCU) may find no local port.
 */
int fsw_dp_ifindex(const struct datapath *dp)
{
	struct vport *local = fsw_dp_port(dp, OVSP_LOCAL);

	return local ? local->dev->ifindex : 0;
}

/* A datapath by the ifindex of its local port (RCU or fsw_mutex). */
struct datapath *fsw_dp_lookup(struct net *net, int ifindex)
{
	struct datapath *dp;

	list_for_each_entry_rcu(dp, &fsw_pernet(net)->dps, node,
				fsw_locked())
		if (fsw_dp_ifindex(dp) == ifindex)
			return dp;
	return NULL;
}

static struct datapath *fsw_dp_lookup_name(struct net *net, const char *name)
{
	struct datapath *dp;

	list_for_each_entry(dp, &fsw_pernet(net)->dps, node)
		if (!strcmp(fsw_dp_name(dp), name))
			return dp;
	return NULL;
}

/* The datapath a request names: OVS_DP_ATTR_NAME, else the header. */
static struct datapath *fsw_dp_from_req(struct net *net,
					const struct ovs_header *hdr,
					struct nlattr **a)
{
	if (a && a[OVS_DP_ATTR_NAME])
		return fsw_dp_lookup_name(net, nla_data(a[OVS_DP_ATTR_NAME]));
	return fsw_dp_lookup(net, hdr->dp_ifindex);
}

/* fsw_mutex held.  Unhashes the port and destroys it. */
void fsw_dp_detach_port(struct vport *vport)
{
	hlist_del_rcu(&vport->dp_node);
	fsw_vport_del(vport);
}

static void fsw_dp_free_rcu(struct rcu_head *rcu)
{
	struct datapath *dp = container_of(rcu, struct datapath, rcu);

	kfree(rcu_dereference_raw(dp->cpu_pids));
	fsw_table_free(&dp->table);
	free_percpu(dp->stats);
	kfree(dp->ports);
	kfree(dp);
}

/* fsw_mutex held: remove every port, the local one last, and the dp. */
static void fsw_dp_destroy(struct datapath *dp)
{
	struct hlist_node *next;
	struct vport *vport;
	int i;

	list_del_rcu(&dp->node);
	fsw_table_stop(&dp->table);
	for (i = 0; i < FSW_PORT_HASH_BUCKETS; i++)
		hlist_for_each_entry_safe(vport, next, &dp->ports[i], dp_node)
			if (vport->port_no != OVSP_LOCAL)
				fsw_dp_detach_port(vport);
	fsw_dp_detach_port(fsw_dp_port(dp, OVSP_LOCAL));
	call_rcu(&dp->rcu, fsw_dp_free_rcu);
}

static void fsw_dp_get_stats(struct datapath *dp, struct ovs_dp_stats *st,
			     struct ovs_dp_megaflow_stats *mst)
{
	int cpu;

	memset(st, 0, sizeof(*st));
	memset(mst, 0, sizeof(*mst));
	for_each_possible_cpu(cpu) {
		const struct fsw_dp_stats *s = per_cpu_ptr(dp->stats, cpu);
		struct fsw_dp_stats c;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			c = *s;
		} while (u64_stats_fetch_retry(&s->syncp, start));
		st->n_hit += c.n_hit;
		st->n_missed += c.n_missed;
		st->n_lost += c.n_lost;
		mst->n_mask_hit += c.n_mask_hit;
		mst->n_cache_hit += c.n_cache_hit;
	}
	st->n_flows = dp->table.count;
	mst->n_masks = fsw_table_n_masks(&dp->table);
}

/* Room for a key in netlink form, generously. */
#define FSW_KEY_NL_SIZE 512

static size_t fsw_upcall_size(const struct fsw_upcall *up, unsigned int len)
{
	return NLMSG_ALIGN(sizeof(struct ovs_header)) +
	       nla_total_size(FSW_KEY_NL_SIZE) + nla_total_size(len) +
	       nla_total_size(sizeof(u32)) + nla_total_size(sizeof(u64)) +
	       (up->userdata ? nla_total_size(nla_len(up->userdata)) : 0) +
	       (up->acts ? nla_total_size(up->acts_len) : 0);
}

static int fsw_upcall_put_hash(struct sk_buff *msg, struct sk_buff *skb)
{
	u64 hash = skb_get_hash_raw(skb);

	if (!hash)
		return 0;
	if (skb->sw_hash)
		hash |= FSW_HASH_SW;
	if (skb->l4_hash)
		hash |= FSW_HASH_L4;
	/* No pad attribute in this family: userspace copes with any
	 * alignment (OVS_DP_F_UNALIGNED is a given). */
	return nla_put(msg, OVS_PACKET_ATTR_HASH, sizeof(hash), &hash);
}

/* The message for @copy (the frame as on the wire), or an ERR_PTR. */
static struct sk_buff *fsw_upcall_msg(struct datapath *dp,
				      struct sk_buff *copy,
				      const struct fsw_key *key,
				      const struct fsw_upcall *up)
{
	unsigned int len = copy->len;
	struct ovs_header *hdr;
	struct sk_buff *msg;
	struct nlattr *nla;

	if (up->cutlen && len > up->cutlen)
		len = up->cutlen;
	msg = genlmsg_new(fsw_upcall_size(up, len), GFP_ATOMIC);
	if (!msg)
		return ERR_PTR(-ENOMEM);
	hdr = genlmsg_put(msg, 0, 0, &fsw_packet_family, 0, up->cmd);
	if (!hdr)
		goto nospace;
	hdr->dp_ifindex = fsw_dp_ifindex(dp);
	if (fsw_nla_put_key(msg, OVS_PACKET_ATTR_KEY, key, key, false) ||
	    (up->userdata && nla_put(msg, OVS_PACKET_ATTR_USERDATA,
				     nla_len(up->userdata),
				     nla_data(up->userdata))) ||
	    (up->acts && nla_put(msg, OVS_PACKET_ATTR_ACTIONS, up->acts_len,
				 up->acts)) ||
	    (len < copy->len &&
	     nla_put_u32(msg, OVS_PACKET_ATTR_LEN, copy->len)) ||
	    fsw_upcall_put_hash(msg, copy))
		goto nospace;
	nla = __nla_reserve(msg, OVS_PACKET_ATTR_PACKET, len);
	if (skb_copy_bits(copy, 0, nla_data(nla), len))
		goto nospace;
	genlmsg_end(msg, hdr);
	return msg;
nospace:
	kfree_skb(msg);
	return ERR_PTR(-EMSGSIZE);
}

/* One frame, not GSO (not consumed, not changed). */
static int fsw_upcall_one(struct datapath *dp, struct sk_buff *skb,
			  const struct fsw_key *key,
			  const struct fsw_upcall *up)
{
	struct sk_buff *copy, *msg;
	int err = -ENOMEM;

	/* Userspace wants the frame as on the wire, checksums done. */
	copy = skb_clone(skb, GFP_ATOMIC);
	if (copy && skb_vlan_tag_present(copy))
		copy = __vlan_hwaccel_push_inside(copy);
	if (!copy)
		return -ENOMEM;
	if (copy->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(copy))
		goto out;
	msg = fsw_upcall_msg(dp, copy, key, up);
	err = PTR_ERR_OR_ZERO(msg);
	if (!err)	/* EAGAIN or ENOBUFS when the reader lags */
		err = genlmsg_unicast(fsw_dp_net(dp), msg, up->portid);
out:
	kfree_skb(copy);
	return err;
}

/*
 * A GSO packet goes up as the frames the wire would carry: userspace
 * must never get a 64 kB blob bigger than the MTU.  Every segment has
 * the key of the whole packet.
 */
static int fsw_upcall_gso(struct datapath *dp, struct sk_buff *skb,
			  const struct fsw_key *key,
			  const struct fsw_upcall *up)
{
	struct sk_buff *copy, *segs, *seg, *next;
	int err = 0;

	copy = skb_clone(skb, GFP_ATOMIC);
	if (!copy)
		return -ENOMEM;
	segs = __skb_gso_segment(copy, NETIF_F_SG, false);
	kfree_skb(copy);
	if (IS_ERR_OR_NULL(segs))
		return segs ? PTR_ERR(segs) : -EINVAL;
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		if (!err)
			err = fsw_upcall_one(dp, seg, key, up);
		consume_skb(seg);
	}
	return err;
}

/*
 * Sends @skb (not consumed; its data not changed) to userspace as
 * described by @up.  Any context.  Non-zero: it did not get there
 * (whole or in part), for the caller to count as lost.
 */
int fsw_dp_upcall(struct datapath *dp, struct sk_buff *skb,
		  const struct fsw_key *key, const struct fsw_upcall *up)
{
	if (!up->portid)
		return -ENOTCONN;
	if (skb_is_gso(skb))
		return fsw_upcall_gso(dp, skb, key, up);
	return fsw_upcall_one(dp, skb, key, up);
}

void fsw_dp_count_lost(struct datapath *dp)
{
	struct fsw_dp_stats *s = this_cpu_ptr(dp->stats);

	u64_stats_update_begin(&s->syncp);
	s->n_lost++;
	u64_stats_update_end(&s->syncp);
}

/*
 * The userspace action @attr: OVS_PACKET_CMD_ACTION to the PID it names,
 * with its userdata and, if it asks, @acts (@len bytes): the action
 * list it is part of.
 */
void fsw_dp_userspace(struct datapath *dp, struct sk_buff *skb,
		      const struct fsw_key *key, const struct nlattr *attr,
		      const struct nlattr *acts, int len, u32 cutlen)
{
	struct fsw_upcall up = { .cmd = OVS_PACKET_CMD_ACTION,
				 .cutlen = cutlen };
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		switch (nla_type(a)) {
		case OVS_USERSPACE_ATTR_PID:
			up.portid = nla_get_u32(a);
			break;
		case OVS_USERSPACE_ATTR_USERDATA:
			up.userdata = a;
			break;
		case OVS_USERSPACE_ATTR_ACTIONS:
			up.acts = acts;
			up.acts_len = len;
			break;
		}
	}
	if (fsw_dp_upcall(dp, skb, key, &up))
		fsw_dp_count_lost(dp);
}

/* Where a miss goes: the CPU's PID or one of the port's. */
static u32 fsw_miss_pid(struct datapath *dp, struct vport *vport,
			struct sk_buff *skb)
{
	struct fsw_cpu_pids *cp;

	if (READ_ONCE(dp->user_features) & OVS_DP_F_DISPATCH_UPCALL_PER_CPU) {
		cp = rcu_dereference(dp->cpu_pids);
		if (!cp || !cp->n)
			return 0;
		return cp->pids[smp_processor_id() % cp->n];
	}
	return fsw_vport_upcall_pid(vport, skb);
}

/*
 * A packet entered the datapath (RCU, BHs off or softirq): run the
 * actions of its flow, or tell userspace about the miss.
 */
void fsw_dp_process_packet(struct sk_buff *skb, struct fsw_key *key)
{
	struct vport *vport = FSW_CB(skb)->input_vport;
	struct datapath *dp = vport->dp;
	struct fsw_dp_stats *s = this_cpu_ptr(dp->stats);
	struct fsw_actions *acts;
	struct fsw_flow *flow;
	bool cache_hit, lost = false;
	u32 n_mask_hit;

	flow = fsw_table_lookup(&dp->table, key, &n_mask_hit, &cache_hit);
	if (flow) {
		fsw_flow_stats_update(flow, key->tcp_flags, skb);
		acts = rcu_dereference(flow->acts);
		fsw_execute_actions(dp, skb, key, acts);
	} else {
		struct fsw_upcall up = { .cmd = OVS_PACKET_CMD_MISS };

		up.portid = fsw_miss_pid(dp, vport, skb);
		lost = fsw_dp_upcall(dp, skb, key, &up) != 0;
		consume_skb(skb);
	}
	u64_stats_update_begin(&s->syncp);
	if (flow) {
		s->n_hit++;
		if (cache_hit)
			s->n_cache_hit++;
	} else {
		s->n_missed++;
		s->n_lost += lost;
	}
	s->n_mask_hit += n_mask_hit;
	u64_stats_update_end(&s->syncp);
}

/* ---- generic netlink ---- */

/*
 * The core parsed the request of an FSW_NESTED_FLAG_OK op liberally:
 * check it strictly here, except for NLA_F_NESTED on our nested
 * attributes (typed NLA_BINARY, see FSW_RESV_START_OP).
 */
int fsw_genl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
		      struct genl_info *info)
{
	int hdrlen = GENL_HDRLEN + sizeof(struct ovs_header);

	if (!(ops->validate & FSW_NESTED_FLAG_OK))
		return 0;
	return __nla_validate(nlmsg_attrdata(info->nlhdr, hdrlen),
			      nlmsg_attrlen(info->nlhdr, hdrlen), ops->maxattr,
			      ops->policy,
			      NL_VALIDATE_STRICT & ~NL_VALIDATE_NESTED,
			      info->extack);
}

/* ---- the ovs_datapath family ---- */

static const struct genl_multicast_group fsw_dp_mcgrp = {
	.name = OVS_DATAPATH_MCGROUP,
};

static const struct nla_policy fsw_dp_policy[OVS_DP_ATTR_MAX + 1] = {
	[OVS_DP_ATTR_NAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OVS_DP_ATTR_UPCALL_PID] = { .type = NLA_U32 },
	[OVS_DP_ATTR_USER_FEATURES] = { .type = NLA_U32 },
	[OVS_DP_ATTR_PER_CPU_PIDS] = NLA_POLICY_MIN_LEN(sizeof(u32)),
	[OVS_DP_ATTR_IFINDEX] = { .type = NLA_U32 },
};

static int fsw_dp_fill(struct datapath *dp, struct sk_buff *skb, u32 portid,
		       u32 seq, u32 flags, u8 cmd)
{
	struct ovs_dp_megaflow_stats mst;
	struct ovs_dp_stats st;
	struct ovs_header *hdr;

	hdr = genlmsg_put(skb, portid, seq, &fsw_dp_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	hdr->dp_ifindex = fsw_dp_ifindex(dp);
	fsw_dp_get_stats(dp, &st, &mst);
	if (nla_put_string(skb, OVS_DP_ATTR_NAME, fsw_dp_name(dp)) ||
	    nla_put_64bit(skb, OVS_DP_ATTR_STATS, sizeof(st), &st,
			  OVS_DP_ATTR_PAD) ||
	    nla_put_64bit(skb, OVS_DP_ATTR_MEGAFLOW_STATS, sizeof(mst), &mst,
			  OVS_DP_ATTR_PAD) ||
	    nla_put_u32(skb, OVS_DP_ATTR_USER_FEATURES, dp->user_features)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static struct sk_buff *fsw_dp_msg(struct datapath *dp, struct genl_info *info,
				  u8 cmd)
{
	struct sk_buff *skb;
	int err;

	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);
	err = fsw_dp_fill(dp, skb, info->snd_portid, info->snd_seq, 0, cmd);
	if (err) {
		kfree_skb(skb);
		return ERR_PTR(err);
	}
	return skb;
}

/*
 * Checks user features and per-CPU PIDs of a NEW or SET request against
 * @features, the features the datapath will have.
 */
static int fsw_dp_check_features(u32 features, struct nlattr **a)
{
	const struct nlattr *pids = a[OVS_DP_ATTR_PER_CPU_PIDS];

	if (features & ~FSW_DP_F_KNOWN)
		return -EOPNOTSUPP;
	if (!pids)
		return 0;
	if (!(features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU) ||
	    nla_len(pids) % sizeof(u32))
		return -EINVAL;
	/* Userspace sends one per CPU; allow for CPUs coming online. */
	if (nla_len(pids) > nr_cpu_ids * 16 * sizeof(u32))
		return -E2BIG;
	return 0;
}

/* Installs the per-CPU PIDs of a checked request, if any. */
static int fsw_dp_set_cpu_pids(struct datapath *dp, struct nlattr **a)
{
	const struct nlattr *attr = a[OVS_DP_ATTR_PER_CPU_PIDS];
	struct fsw_cpu_pids *new, *old;
	u32 n;

	if (!attr)
		return 0;
	n = nla_len(attr) / sizeof(u32);
	new = kmalloc(struct_size(new, pids, n), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->n = n;
	nla_memcpy(new->pids, attr, n * sizeof(u32));
	old = fsw_deref(dp->cpu_pids);
	rcu_assign_pointer(dp->cpu_pids, new);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static struct datapath *fsw_dp_alloc(struct net *net, u32 features)
{
	struct datapath *dp;
	int i;

	dp = kzalloc(sizeof(*dp), GFP_KERNEL);
	if (!dp)
		return NULL;
	dp->ports = kcalloc(FSW_PORT_HASH_BUCKETS, sizeof(*dp->ports),
			    GFP_KERNEL);
	dp->stats = netdev_alloc_pcpu_stats(struct fsw_dp_stats);
	if (!dp->ports || !dp->stats) {
		kfree(dp->ports);
		free_percpu(dp->stats);
		kfree(dp);
		return NULL;
	}
	if (fsw_table_init(&dp->table)) {
		kfree(dp->ports);
		free_percpu(dp->stats);
		kfree(dp);
		return NULL;
	}
	for (i = 0; i < FSW_PORT_HASH_BUCKETS; i++)
		INIT_HLIST_HEAD(&dp->ports[i]);
	write_pnet(&dp->net, net);
	dp->user_features = features;
	return dp;
}

static int fsw_dp_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = sock_net(skb->sk);
	struct nlattr **a = info->attrs;
	struct vport_parms parms = {};
	struct datapath *dp;
	struct sk_buff *reply;
	struct vport *vport;
	u32 features = 0;
	int err;

	if (!a[OVS_DP_ATTR_NAME] || !a[OVS_DP_ATTR_UPCALL_PID])
		return -EINVAL;
	if (a[OVS_DP_ATTR_USER_FEATURES])
		features = nla_get_u32(a[OVS_DP_ATTR_USER_FEATURES]);
	err = fsw_dp_check_features(features, a);
	if (err)
		return err;
	if (a[OVS_DP_ATTR_IFINDEX] &&
	    nla_get_u32(a[OVS_DP_ATTR_IFINDEX]) > INT_MAX)
		return -EINVAL;

	dp = fsw_dp_alloc(net, features);
	if (!dp)
		return -ENOMEM;
	err = fsw_dp_set_cpu_pids(dp, a);
	if (err)
		goto err_free;

	parms.name = nla_data(a[OVS_DP_ATTR_NAME]);
	parms.type = OVS_VPORT_TYPE_INTERNAL;
	parms.dp = dp;
	parms.port_no = OVSP_LOCAL;
	parms.upcall_pids = a[OVS_DP_ATTR_UPCALL_PID];
	if (a[OVS_DP_ATTR_IFINDEX])
		parms.ifindex = nla_get_u32(a[OVS_DP_ATTR_IFINDEX]);

	fsw_lock();
	vport = fsw_vport_add(&parms);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		/* A taken name or ifindex: a duplicate for userspace. */
		if (err == -EBUSY)
			err = -EEXIST;
		fsw_unlock();
		goto err_free;
	}
	hlist_add_head_rcu(&vport->dp_node, fsw_port_bucket(dp, 0));
	list_add_tail_rcu(&dp->node, &fsw_pernet(net)->dps);
	reply = fsw_dp_msg(dp, info, OVS_DP_CMD_NEW);
	fsw_unlock();
	if (!IS_ERR(reply))
		genl_notify(&fsw_dp_family, reply, info, 0, GFP_KERNEL);
	return 0;

err_free:
	cancel_delayed_work_sync(&dp->table.sort_work);
	fsw_dp_free_rcu(&dp->rcu);
	return err;
}

static int fsw_dp_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct datapath *dp;
	struct sk_buff *reply;

	fsw_lock();
	dp = fsw_dp_from_req(sock_net(skb->sk), info->userhdr, info->attrs);
	if (!dp) {
		fsw_unlock();
		return -ENODEV;
	}
	reply = fsw_dp_msg(dp, info, OVS_DP_CMD_DEL);
	if (IS_ERR(reply)) {
		fsw_unlock();
		return PTR_ERR(reply);
	}
	fsw_dp_destroy(dp);
	fsw_unlock();
	genl_notify(&fsw_dp_family, reply, info, 0, GFP_KERNEL);
	return 0;
}

static int fsw_dp_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct sk_buff *reply;
	struct datapath *dp;
	u32 features;
	int err;

	if (a[OVS_DP_ATTR_IFINDEX])
		return -EINVAL;	/* only meaningful when creating */
	fsw_lock();
	dp = fsw_dp_from_req(sock_net(skb->sk), info->userhdr, a);
	err = -ENODEV;
	if (!dp)
		goto out;
	features = dp->user_features;
	if (a[OVS_DP_ATTR_USER_FEATURES])
		features = nla_get_u32(a[OVS_DP_ATTR_USER_FEATURES]);
	err = fsw_dp_check_features(features, a);
	if (err)
		goto out;
	err = fsw_dp_set_cpu_pids(dp, a);
	if (err)
		goto out;
	/* ovs-vswitchd repeats the PID it created the datapath with. */
	if (a[OVS_DP_ATTR_UPCALL_PID]) {
		err = fsw_vport_set_upcall_pids(fsw_dp_port(dp, OVSP_LOCAL),
						a[OVS_DP_ATTR_UPCALL_PID]);
		if (err)
			goto out;
	}
	WRITE_ONCE(dp->user_features, features);
	reply = fsw_dp_msg(dp, info, OVS_DP_CMD_SET);
	fsw_unlock();
	if (!IS_ERR(reply))
		genl_notify(&fsw_dp_family, reply, info, 0, GFP_KERNEL);
	return 0;
out:
	fsw_unlock();
	return err;
}

static int fsw_dp_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct sk_buff *reply;
	struct datapath *dp;

	/*
	 * Only the name selects; ovs-vswitchd sends its NEW attributes
	 * (upcall PID, features) with GET too, and they change nothing.
	 */
	fsw_lock();
	dp = fsw_dp_from_req(sock_net(skb->sk), info->userhdr, a);
	reply = dp ? fsw_dp_msg(dp, info, OVS_DP_CMD_GET) : ERR_PTR(-ENODEV);
	fsw_unlock();
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	return genlmsg_reply(reply, info);
}

static int fsw_dp_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct fsw_net *fn = fsw_pernet(sock_net(skb->sk));
	long skip = cb->args[0], i = 0;
	struct datapath *dp;

	fsw_lock();
	list_for_each_entry(dp, &fn->dps, node) {
		if (i >= skip &&
		    fsw_dp_fill(dp, skb, NETLINK_CB(cb->skb).portid,
				cb->nlh->nlmsg_seq, NLM_F_MULTI,
				OVS_DP_CMD_GET) < 0)
			break;
		i++;
	}
	fsw_unlock();
	cb->args[0] = i;
	return skb->len;
}

static const struct genl_small_ops fsw_dp_ops[] = {
	{ .cmd = OVS_DP_CMD_NEW, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fsw_dp_cmd_new },
	{ .cmd = OVS_DP_CMD_DEL, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fsw_dp_cmd_del },
	{ .cmd = OVS_DP_CMD_GET, .doit = fsw_dp_cmd_get,
	  .dumpit = fsw_dp_cmd_dump },
	{ .cmd = OVS_DP_CMD_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fsw_dp_cmd_set },
};

struct genl_family fsw_dp_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_DATAPATH_FAMILY,
	.resv_start_op = FSW_RESV_START_OP,
	.version = OVS_DATAPATH_VERSION,
	.maxattr = OVS_DP_ATTR_MAX,
	.policy = fsw_dp_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = fsw_dp_ops,
	.n_small_ops = ARRAY_SIZE(fsw_dp_ops),
	.mcgrps = &fsw_dp_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};

/* ---- the ovs_vport family ---- */

static const struct genl_multicast_group fsw_vport_mcgrp = {
	.name = OVS_VPORT_MCGROUP,
};

static const struct nla_policy fsw_vport_policy[OVS_VPORT_ATTR_MAX + 1] = {
	[OVS_VPORT_ATTR_PORT_NO] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_TYPE] = { .type = NLA_U32 },
	[OVS_VPORT_ATTR_NAME] = { .type = NLA_NUL_STRING,
				  .len = IFNAMSIZ - 1 },
	/* Nested, but userspace does not flag it NLA_F_NESTED. */
	[OVS_VPORT_ATTR_OPTIONS] = { .type = NLA_BINARY },
	[OVS_VPORT_ATTR_UPCALL_PID] = NLA_POLICY_MIN_LEN(sizeof(u32)),
	[OVS_VPORT_ATTR_IFINDEX] = { .type = NLA_U32 },
};

static int fsw_vport_fill(struct vport *vport, struct sk_buff *skb,
			  struct net *net, u32 portid, u32 seq, u32 flags,
			  u8 cmd)
{
	struct ovs_vport_stats st;
	struct ovs_header *hdr;
	int id;

	hdr = genlmsg_put(skb, portid, seq, &fsw_vport_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	hdr->dp_ifindex = fsw_dp_ifindex(vport->dp);
	fsw_vport_get_stats(vport, &st);
	if (nla_put_u32(skb, OVS_VPORT_ATTR_PORT_NO, vport->port_no) ||
	    nla_put_u32(skb, OVS_VPORT_ATTR_TYPE, vport->ops->type) ||
	    nla_put_string(skb, OVS_VPORT_ATTR_NAME, vport->dev->name) ||
	    nla_put_u32(skb, OVS_VPORT_ATTR_IFINDEX, vport->dev->ifindex) ||
	    nla_put_64bit(skb, OVS_VPORT_ATTR_STATS, sizeof(st), &st,
			  OVS_VPORT_ATTR_PAD) ||
	    fsw_vport_put_upcall_pids(vport, skb))
		goto nospace;
	/* Readers in another namespace learn where the device lives. */
	if (net && !net_eq(net, dev_net(vport->dev))) {
		id = peernet2id_alloc(net, dev_net(vport->dev), GFP_KERNEL);
		if (nla_put_s32(skb, OVS_VPORT_ATTR_NETNSID, id))
			goto nospace;
	}
	genlmsg_end(skb, hdr);
	return 0;
nospace:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static size_t fsw_vport_msg_size(struct vport *vport)
{
	struct fsw_upcall_pids *ids = fsw_deref(vport->upcall_pids);

	return NLMSG_DEFAULT_SIZE + ids->n * sizeof(u32);
}

/* A message about @vport (fsw_mutex held), or an ERR_PTR. */
struct sk_buff *fsw_vport_notify_msg(struct vport *vport, u32 portid,
				     u32 seq, u8 cmd, gfp_t gfp)
{
	struct sk_buff *skb;
	int err;

	skb = nlmsg_new(fsw_vport_msg_size(vport), gfp);
	if (!skb)
		return ERR_PTR(-ENOMEM);
	err = fsw_vport_fill(vport, skb, NULL, portid, seq, 0, cmd);
	if (err) {
		kfree_skb(skb);
		return ERR_PTR(err);
	}
	return skb;
}

static struct sk_buff *fsw_vport_msg(struct vport *vport,
				     struct genl_info *info, u8 cmd)
{
	return fsw_vport_notify_msg(vport, info->snd_portid, info->snd_seq,
				    cmd, GFP_KERNEL);
}

/* A port of ours by device name: netdev ports and internal ports. */
static struct vport *fsw_vport_by_name(struct net *net, const char *name)
{
	struct net_device *dev;
	struct vport *vport = NULL;

	rcu_read_lock();
	dev = dev_get_by_name_rcu(net, name);
	if (dev) {
		vport = fsw_internal_dev_vport(dev);
		if (!vport)
			vport = fsw_netdev_get_vport(dev);
	}
	rcu_read_unlock();
	return vport;
}

/* The port a request names (fsw_mutex held), or an ERR_PTR. */
static struct vport *fsw_vport_from_req(struct net *net,
					const struct ovs_header *hdr,
					struct nlattr **a)
{
	struct datapath *dp;
	struct vport *vport;
	u32 port_no;

	if (a[OVS_VPORT_ATTR_NAME]) {
		vport = fsw_vport_by_name(net, nla_data(a[OVS_VPORT_ATTR_NAME]));
		if (!vport)
			return ERR_PTR(-ENODEV);
		if (hdr->dp_ifindex &&
		    hdr->dp_ifindex != fsw_dp_ifindex(vport->dp))
			return ERR_PTR(-ENODEV);
		/* A port number beside the name is ignored: ovs-vswitchd
		 * sends 0 with its queries by name. */
		return vport;
	}
	if (!a[OVS_VPORT_ATTR_PORT_NO])
		return ERR_PTR(-EINVAL);
	port_no = nla_get_u32(a[OVS_VPORT_ATTR_PORT_NO]);
	if (port_no >= FSW_MAX_PORTS)
		return ERR_PTR(-EFBIG);
	dp = fsw_dp_lookup(net, hdr->dp_ifindex);
	if (!dp)
		return ERR_PTR(-ENODEV);
	vport = fsw_dp_port(dp, port_no);
	return vport ? vport : ERR_PTR(-ENODEV);
}

/* Options configure tunnels; our port types have none. */
static int fsw_vport_check_options(const struct nlattr *opts)
{
	return opts && nla_len(opts) ? -EINVAL : 0;
}

static int fsw_vport_check_pids(const struct nlattr *ids)
{
	return ids && nla_len(ids) % sizeof(u32) ? -EINVAL : 0;
}

/* A free port number, or the requested one if free. */
static int fsw_vport_pick_no(struct datapath *dp, struct nlattr **a,
			     u32 *port_no)
{
	u32 n;

	if (a[OVS_VPORT_ATTR_PORT_NO]) {
		n = nla_get_u32(a[OVS_VPORT_ATTR_PORT_NO]);
		if (n >= FSW_MAX_PORTS)
			return -EFBIG;
		if (fsw_dp_port(dp, n))
			return -EBUSY;
		*port_no = n;
		return 0;
	}
	for (n = 1; n < FSW_MAX_PORTS; n++) {
		if (!fsw_dp_port(dp, n)) {
			*port_no = n;
			return 0;
		}
	}
	return -EFBIG;
}

static int fsw_vport_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = sock_net(skb->sk);
	struct ovs_header *hdr = info->userhdr;
	struct nlattr **a = info->attrs;
	struct vport_parms parms = {};
	struct sk_buff *reply;
	struct datapath *dp;
	struct vport *vport;
	int err;

	if (!a[OVS_VPORT_ATTR_NAME] || !a[OVS_VPORT_ATTR_TYPE] ||
	    !a[OVS_VPORT_ATTR_UPCALL_PID])
		return -EINVAL;
	err = fsw_vport_check_pids(a[OVS_VPORT_ATTR_UPCALL_PID]);
	if (err)
		return err;
	parms.name = nla_data(a[OVS_VPORT_ATTR_NAME]);
	parms.type = nla_get_u32(a[OVS_VPORT_ATTR_TYPE]);
	parms.upcall_pids = a[OVS_VPORT_ATTR_UPCALL_PID];
	if (a[OVS_VPORT_ATTR_IFINDEX]) {
		if (nla_get_u32(a[OVS_VPORT_ATTR_IFINDEX]) > INT_MAX)
			return -EINVAL;
		parms.ifindex = nla_get_u32(a[OVS_VPORT_ATTR_IFINDEX]);
	}

	fsw_lock();
	dp = fsw_dp_lookup(net, hdr->dp_ifindex);
	err = -ENODEV;
	if (!dp)
		goto out;
	err = fsw_vport_pick_no(dp, a, &parms.port_no);
	if (err)
		goto out;
	if (parms.type == OVS_VPORT_TYPE_NETDEV ||
	    parms.type == OVS_VPORT_TYPE_INTERNAL) {
		err = fsw_vport_check_options(a[OVS_VPORT_ATTR_OPTIONS]);
		if (err)
			goto out;
	}
	parms.dp = dp;
	vport = fsw_vport_add(&parms);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto out;
	}
	hlist_add_head_rcu(&vport->dp_node, fsw_port_bucket(dp, vport->port_no));
	reply = fsw_vport_msg(vport, info, OVS_VPORT_CMD_NEW);
	fsw_unlock();
	if (!IS_ERR(reply))
		genl_notify(&fsw_vport_family, reply, info, 0, GFP_KERNEL);
	return 0;
out:
	fsw_unlock();
	return err;
}

static int fsw_vport_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply;
	struct vport *vport;
	int err;

	fsw_lock();
	vport = fsw_vport_from_req(sock_net(skb->sk), info->userhdr,
				   info->attrs);
	err = PTR_ERR_OR_ZERO(vport);
	if (err)
		goto out;
	err = -EINVAL;	/* the local port goes with its datapath */
	if (vport->port_no == OVSP_LOCAL)
		goto out;
	reply = fsw_vport_msg(vport, info, OVS_VPORT_CMD_DEL);
	err = PTR_ERR_OR_ZERO(reply);
	if (err)
		goto out;
	fsw_dp_detach_port(vport);
	fsw_unlock();
	genl_notify(&fsw_vport_family, reply, info, 0, GFP_KERNEL);
	return 0;
out:
	fsw_unlock();
	return err;
}

static int fsw_vport_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct sk_buff *reply;
	struct vport *vport;
	int err;

	err = fsw_vport_check_pids(a[OVS_VPORT_ATTR_UPCALL_PID]);
	if (err || a[OVS_VPORT_ATTR_IFINDEX])
		return err ? err : -EINVAL;
	fsw_lock();
	vport = fsw_vport_from_req(sock_net(skb->sk), info->userhdr, a);
	err = PTR_ERR_OR_ZERO(vport);
	if (err)
		goto out;
	err = -EINVAL;
	if (a[OVS_VPORT_ATTR_TYPE] &&
	    nla_get_u32(a[OVS_VPORT_ATTR_TYPE]) != vport->ops->type)
		goto out;
	err = fsw_vport_check_options(a[OVS_VPORT_ATTR_OPTIONS]);
	if (err)
		goto out;
	if (a[OVS_VPORT_ATTR_UPCALL_PID]) {
		err = fsw_vport_set_upcall_pids(vport,
						a[OVS_VPORT_ATTR_UPCALL_PID]);
		if (err)
			goto out;
	}
	reply = fsw_vport_msg(vport, info, OVS_VPORT_CMD_SET);
	fsw_unlock();
	if (!IS_ERR(reply))
		genl_notify(&fsw_vport_family, reply, info, 0, GFP_KERNEL);
	return 0;
out:
	fsw_unlock();
	return err;
}

static int fsw_vport_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct sk_buff *reply;
	struct vport *vport;

	if (a[OVS_VPORT_ATTR_UPCALL_PID] || a[OVS_VPORT_ATTR_OPTIONS] ||
	    a[OVS_VPORT_ATTR_IFINDEX])
		return -EINVAL;
	fsw_lock();
	vport = fsw_vport_from_req(sock_net(skb->sk), info->userhdr, a);
	reply = IS_ERR(vport) ? ERR_CAST(vport) :
		fsw_vport_msg(vport, info, OVS_VPORT_CMD_GET);
	fsw_unlock();
	if (IS_ERR(reply))
		return PTR_ERR(reply);
	return genlmsg_reply(reply, info);
}

static int fsw_vport_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ovs_header *hdr = genlmsg_data(nlmsg_data(cb->nlh));
	long bucket = cb->args[0], skip = cb->args[1], i;
	struct datapath *dp;
	struct vport *vport;
	long j = 0;

	fsw_lock();
	dp = fsw_dp_lookup(sock_net(skb->sk), hdr->dp_ifindex);
	if (!dp) {
		fsw_unlock();
		return -ENODEV;
	}
	for (i = bucket; i < FSW_PORT_HASH_BUCKETS; i++, skip = 0) {
		j = 0;
		hlist_for_each_entry(vport, &dp->ports[i], dp_node) {
			if (j >= skip &&
			    fsw_vport_fill(vport, skb, sock_net(skb->sk),
					   NETLINK_CB(cb->skb).portid,
					   cb->nlh->nlmsg_seq, NLM_F_MULTI,
					   OVS_VPORT_CMD_GET) < 0)
				goto out;
			j++;
		}
	}
	j = 0;
out:
	fsw_unlock();
	cb->args[0] = i;
	cb->args[1] = j;
	return skb->len;
}

static const struct genl_small_ops fsw_vport_ops[] = {
	{ .cmd = OVS_VPORT_CMD_NEW, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fsw_vport_cmd_new },
	{ .cmd = OVS_VPORT_CMD_DEL, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fsw_vport_cmd_del },
	{ .cmd = OVS_VPORT_CMD_GET, .doit = fsw_vport_cmd_get,
	  .dumpit = fsw_vport_cmd_dump },
	{ .cmd = OVS_VPORT_CMD_SET, .flags = GENL_UNS_ADMIN_PERM,
	  .doit = fsw_vport_cmd_set },
};

struct genl_family fsw_vport_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_VPORT_FAMILY,
	.resv_start_op = FSW_RESV_START_OP,
	.version = OVS_VPORT_VERSION,
	.maxattr = OVS_VPORT_ATTR_MAX,
	.policy = fsw_vport_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = fsw_vport_ops,
	.n_small_ops = ARRAY_SIZE(fsw_vport_ops),
	.mcgrps = &fsw_vport_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};

/* ---- namespaces and the module ---- */

static int __net_init fsw_net_init(struct net *net)
{
	struct fsw_net *fn = fsw_pernet(net);

	INIT_LIST_HEAD(&fn->dps);
	INIT_WORK(&fn->notify_work, fsw_dp_notify_work);
	fn->net = net;
	return 0;
}

/* A datapath lives and dies with the namespace that created it. */
static void __net_exit fsw_net_exit(struct net *net)
{
	struct fsw_net *fn = fsw_pernet(net);
	struct datapath *dp, *next;

	fsw_lock();
	list_for_each_entry_safe(dp, next, &fn->dps, node)
		fsw_dp_destroy(dp);
	fsw_unlock();
	cancel_work_sync(&fn->notify_work);
}

static struct pernet_operations fsw_net_ops = {
	.init = fsw_net_init,
	.exit = fsw_net_exit,
	.id = &fsw_net_id,
	.size = sizeof(struct fsw_net),
};

static struct genl_family *fsw_families[] = {
	&fsw_dp_family, &fsw_vport_family, &fsw_flow_family,
	&fsw_packet_family, &fsw_meter_family, &fsw_ct_limit_family,
};

static void fsw_unregister_families(int n)
{
	while (n-- > 0)
		genl_unregister_family(fsw_families[n]);
}

static int fsw_register_families(void)
{
	int i, err;

	for (i = 0; i < ARRAY_SIZE(fsw_families); i++) {
		err = genl_register_family(fsw_families[i]);
		if (err) {
			fsw_unregister_families(i);
			return err;
		}
	}
	return 0;
}

static int __init fsw_init(void)
{
	int err;

	err = register_pernet_device(&fsw_net_ops);
	if (err)
		return err;
	err = register_netdevice_notifier(&fsw_netdev_notifier);
	if (err)
		goto err_pernet;
	err = fsw_register_families();
	if (err)
		goto err_notifier;
	pr_info("flowswitch: datapath loaded\n");
	return 0;

err_notifier:
	unregister_netdevice_notifier(&fsw_netdev_notifier);
err_pernet:
	unregister_pernet_device(&fsw_net_ops);
	return err;
}

static void __exit fsw_exit(void)
{
	/* No new requests, then no datapaths, then no device events. */
	fsw_unregister_families(ARRAY_SIZE(fsw_families));
	unregister_pernet_device(&fsw_net_ops);
	unregister_netdevice_notifier(&fsw_netdev_notifier);
	rcu_barrier();
}

module_init(fsw_init);
module_exit(fsw_exit);
MODULE_DESCRIPTION("Flowswitch kernel datapath");
MODULE_LICENSE("GPL");
MODULE_ALIAS_GENL_FAMILY(OVS_DATAPATH_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_VPORT_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_FLOW_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_PACKET_FAMILY);
