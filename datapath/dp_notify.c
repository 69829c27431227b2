// SPDX-License-Identifier: GPL-2.0
/*
 * Devices that go away under a datapath.  The netdevice notifier runs
 * under RTNL, which nests inside fsw_mutex, so it only lets go of the
 * device there (the unregistration can then finish) and leaves removing
 * the port and telling userspace to a work item.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "datapath.h"
#include "vport.h"

/* A netdev port whose device the notifier has already let go of. */
static bool fsw_port_orphaned(struct vport *vport)
{
	bool orphaned;

	if (vport->ops != &fsw_netdev_vport_ops)
		return false;
	rcu_read_lock();
	orphaned = fsw_netdev_get_vport(vport->dev) != vport;
	rcu_read_unlock();
	return orphaned;
}

static void fsw_dp_reap_ports(struct datapath *dp)
{
	struct net *net = fsw_dp_net(dp);
	struct hlist_node *next;
	struct vport *vport;
	struct sk_buff *msg;
	int i;

	for (i = 0; i < FSW_PORT_HASH_BUCKETS; i++) {
		hlist_for_each_entry_safe(vport, next, &dp->ports[i], dp_node) {
			if (!fsw_port_orphaned(vport))
				continue;
			msg = fsw_vport_notify_msg(vport, 0, 0,
						   OVS_VPORT_CMD_DEL,
						   GFP_KERNEL);
			fsw_dp_detach_port(vport);
			if (!IS_ERR(msg))
				genlmsg_multicast_netns(&fsw_vport_family, net,
							msg, 0, 0, GFP_KERNEL);
		}
	}
}

void fsw_dp_notify_work(struct work_struct *work)
{
	struct fsw_net *fn = container_of(work, struct fsw_net, notify_work);
	struct datapath *dp;

	fsw_lock();
	list_for_each_entry(dp, &fn->dps, node)
		fsw_dp_reap_ports(dp);
	fsw_unlock();
}

static int fsw_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vport *vport;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	vport = fsw_netdev_get_vport(dev);
	if (!vport)
		return NOTIFY_DONE;
	fsw_netdev_detach(vport);
	queue_work(system_wq, &fsw_pernet(dev_net(dev))->notify_work);
	return NOTIFY_DONE;
}

struct notifier_block fsw_netdev_notifier = {
	.notifier_call = fsw_netdev_event,
};
