/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ports of a datapath.  Every port is backed by a net_device: either an
 * existing one we attach to (netdev) or one we create (internal).
 */
#ifndef FSW_VPORT_H
#define FSW_VPORT_H 1

#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>

struct datapath;
struct fsw_key;

/* Netlink port ids that receive this port's upcalls. */
struct fsw_upcall_pids {
	struct rcu_head rcu;
	u32 n;
	u32 pids[];
};

struct vport {
	struct net_device *dev;
	struct datapath *dp;
	u32 port_no;
	const struct vport_ops *ops;
	struct fsw_upcall_pids __rcu *upcall_pids;
	struct hlist_node dp_node;	/* in datapath.ports */
	struct rcu_head rcu;
};

struct vport_parms {
	const char *name;
	enum ovs_vport_type type;
	struct datapath *dp;
	u32 port_no;
	int ifindex;			/* requested, internal only; 0 = any */
	const struct nlattr *upcall_pids;
};

struct vport_ops {
	enum ovs_vport_type type;
	/* Called with fsw_mutex held, takes RTNL itself. */
	struct vport *(*create)(const struct vport_parms *parms);
	void (*destroy)(struct vport *vport);
	/* Consumes the skb; skb->data is the Ethernet header. */
	void (*send)(struct vport *vport, struct sk_buff *skb);
	/* Counters seen from the switch: rx = into the datapath. */
	void (*get_stats)(struct vport *vport, struct ovs_vport_stats *st);
};

extern const struct vport_ops fsw_netdev_vport_ops;
extern const struct vport_ops fsw_internal_vport_ops;

struct vport *fsw_vport_alloc(const struct vport_ops *ops,
			      const struct vport_parms *parms);
void fsw_vport_free(struct vport *vport);
void fsw_vport_free_rcu(struct vport *vport);
struct vport *fsw_vport_add(const struct vport_parms *parms);
void fsw_vport_del(struct vport *vport);
void fsw_vport_get_stats(struct vport *vport, struct ovs_vport_stats *st);
int fsw_vport_set_upcall_pids(struct vport *vport, const struct nlattr *ids);
int fsw_vport_put_upcall_pids(struct vport *vport, struct sk_buff *skb);
u32 fsw_vport_upcall_pid(const struct vport *vport, struct sk_buff *skb);
int fsw_vport_receive(struct vport *vport, struct sk_buff *skb);
void fsw_vport_send(struct vport *vport, struct sk_buff *skb);

/* vport-netdev.c */
struct vport *fsw_netdev_get_vport(struct net_device *dev);
void fsw_netdev_detach(struct vport *vport);

/* vport-internal.c */
bool fsw_is_internal_dev(const struct net_device *dev);
struct vport *fsw_internal_dev_vport(struct net_device *dev);

#endif
