// SPDX-License-Identifier: GPL-2.0
/*
 * Port core: allocation, upcall PIDs, statistics and the two directions
 * packets take (into the datapath, out of a port).
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/reciprocal_div.h>
#include <linux/slab.h>

#include "datapath.h"
#include "vport.h"

static const struct vport_ops *fsw_vport_types[] = {
	&fsw_netdev_vport_ops,
	&fsw_internal_vport_ops,
};

struct vport *fsw_vport_alloc(const struct vport_ops *ops,
			      const struct vport_parms *parms)
{
	struct vport *vport;
	int err;

	vport = kzalloc(sizeof(*vport), GFP_KERNEL);
	if (!vport)
		return ERR_PTR(-ENOMEM);
	vport->ops = ops;
	vport->dp = parms->dp;
	vport->port_no = parms->port_no;
	INIT_HLIST_NODE(&vport->dp_node);
	err = fsw_vport_set_upcall_pids(vport, parms->upcall_pids);
	if (err) {
		kfree(vport);
		return ERR_PTR(err);
	}
	return vport;
}

void fsw_vport_free(struct vport *vport)
{
	kfree(rcu_dereference_raw(vport->upcall_pids));
	kfree(vport);
}

static void fsw_vport_free_cb(struct rcu_head *rcu)
{
	fsw_vport_free(container_of(rcu, struct vport, rcu));
}

/* Packets in flight may still hold the port: free it after them. */
void fsw_vport_free_rcu(struct vport *vport)
{
	call_rcu(&vport->rcu, fsw_vport_free_cb);
}

struct vport *fsw_vport_add(const struct vport_parms *parms)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(fsw_vport_types); i++)
		if (fsw_vport_types[i]->type == parms->type)
			return fsw_vport_types[i]->create(parms);
	/* Tunnels and anything newer: ovs-vswitchd probes for this. */
	return ERR_PTR(-EAFNOSUPPORT);
}

/* The caller holds fsw_mutex and has unhashed the port. */
void fsw_vport_del(struct vport *vport)
{
	vport->ops->destroy(vport);
}

void fsw_vport_get_stats(struct vport *vport, struct ovs_vport_stats *st)
{
	memset(st, 0, sizeof(*st));
	vport->ops->get_stats(vport, st);
}

static void fsw_upcall_pids_free(struct fsw_upcall_pids *old)
{
	if (old)
		kfree_rcu(old, rcu);
}

/*
 * @ids: an OVS_VPORT_ATTR_UPCALL_PID attribute, a non-empty array of
 * u32.  The caller has checked its length.
 */
int fsw_vport_set_upcall_pids(struct vport *vport, const struct nlattr *ids)
{
	struct fsw_upcall_pids *new, *old;
	int n;

	if (!ids)
		return -EINVAL;
	n = nla_len(ids) / sizeof(u32);
	if (!n || nla_len(ids) % sizeof(u32))
		return -EINVAL;
	new = kmalloc(struct_size(new, pids, n), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->n = n;
	nla_memcpy(new->pids, ids, n * sizeof(u32));
	old = rcu_dereference_protected(vport->upcall_pids, true);
	rcu_assign_pointer(vport->upcall_pids, new);
	fsw_upcall_pids_free(old);
	return 0;
}

/* Userspace that did not ask for OVS_DP_F_VPORT_PIDS sees one PID. */
int fsw_vport_put_upcall_pids(struct vport *vport, struct sk_buff *skb)
{
	struct fsw_upcall_pids *ids = fsw_deref(vport->upcall_pids);

	if (vport->dp->user_features & OVS_DP_F_VPORT_PIDS)
		return nla_put(skb, OVS_VPORT_ATTR_UPCALL_PID,
			       ids->n * sizeof(u32), ids->pids);
	return nla_put_u32(skb, OVS_VPORT_ATTR_UPCALL_PID, ids->pids[0]);
}

/* Spread flows of one port over its PIDs by the packet's hash. */
u32 fsw_vport_upcall_pid(const struct vport *vport, struct sk_buff *skb)
{
	struct fsw_upcall_pids *ids = rcu_dereference(vport->upcall_pids);

	if (ids->n == 1)
		return ids->pids[0];
	return ids->pids[reciprocal_scale(skb_get_hash(skb), ids->n)];
}

/*
 * A packet arrived on @vport (under RCU, any context): hand it to the
 * datapath.  skb->data points at the Ethernet header.
 */
int fsw_vport_receive(struct vport *vport, struct sk_buff *skb)
{
	struct fsw_key key;

	memset(FSW_CB(skb), 0, sizeof(struct fsw_cb));
	FSW_CB(skb)->input_vport = vport;
	memset(&key, 0, sizeof(key));
	key.in_port = vport->port_no;
	key.priority = skb->priority;
	key.skb_mark = skb->mark;
	if (unlikely(fsw_flow_key_extract(skb, &key))) {
		kfree_skb(skb);
		return -ENOMEM;
	}
	fsw_dp_process_packet(skb, &key);
	return 0;
}

/* The length a device's MTU limits: the L3 payload. */
static unsigned int fsw_l3_len(const struct sk_buff *skb)
{
	unsigned int len = skb->len - ETH_HLEN;

	if (skb_vlan_tagged(skb) && !skb_vlan_tag_present(skb))
		len -= VLAN_HLEN;
	return len;
}

void fsw_vport_send(struct vport *vport, struct sk_buff *skb)
{
	struct net_device *dev = vport->dev;

	if (unlikely(!(dev->flags & IFF_UP) ||
		     (fsw_l3_len(skb) > dev->mtu && !skb_is_gso(skb)))) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		return;
	}
	vport->ops->send(vport, skb);
}
