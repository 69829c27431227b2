// SPDX-License-Identifier: GPL-2.0
/*
 * netdev ports: an existing Ethernet device handed to the datapath.  Its
 * received frames are taken with an rx_handler (so a device can belong
 * to one bridge, bond or datapath at a time) and frames output to the
 * port are transmitted on it.
 *
 * We do not set IFF_OVS_DATAPATH on the device: Linux's openvswitch.ko
 * takes any device with that flag for one of its own ports, and when it
 * is loaded while we are (ovs-dpctl and ovs-ctl load it), its failing
 * init walks every device and oopses on ours.  Our rx_handler is what
 * marks a device as ours.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "datapath.h"
#include "vport.h"

static rx_handler_result_t fsw_netdev_frame_hook(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct vport *vport;

	/* Our own transmissions looped back by AF_PACKET taps. */
	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;
	vport = rcu_dereference(skb->dev->rx_handler_data);
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return RX_HANDLER_CONSUMED;
	/* The stack has pulled the Ethernet header: give it back. */
	skb_push_rcsum(skb, skb->data - skb_mac_header(skb));
	fsw_vport_receive(vport, skb);
	return RX_HANDLER_CONSUMED;
}

/* The vport of a device attached as a netdev port, or NULL (RTNL/RCU). */
struct vport *fsw_netdev_get_vport(struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != fsw_netdev_frame_hook)
		return NULL;
	return rcu_dereference_rtnl(dev->rx_handler_data);
}

static int fsw_netdev_check(struct net_device *dev, struct datapath *dp)
{
	struct vport *other = fsw_netdev_get_vport(dev);

	/* Already ours: the same datapath is a duplicate (EEXIST, as Linux's
	 * openvswitch answers), another datapath holds the device (EBUSY). */
	if (other)
		return other->dp == dp ? -EEXIST : -EBUSY;
	if (dev->flags & IFF_LOOPBACK)
		return -EINVAL;
	/* Only Ethernet: the flow key starts with MAC addresses. */
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN)
		return -EINVAL;
	/* One of our internal ports: a datapath would feed itself. */
	if (fsw_is_internal_dev(dev))
		return -ELOOP;
	/* Bridge/bond/team ports and other datapaths' ports. */
	if (netdev_master_upper_dev_get(dev) || netif_is_ovs_port(dev))
		return -EBUSY;
	return 0;
}

static struct vport *fsw_netdev_create(const struct vport_parms *parms)
{
	struct net *net = fsw_dp_net(parms->dp);
	struct net_device *dev;
	struct vport *vport;
	int err;

	if (parms->ifindex)
		return ERR_PTR(-EOPNOTSUPP);
	vport = fsw_vport_alloc(&fsw_netdev_vport_ops, parms);
	if (IS_ERR(vport))
		return vport;
	rtnl_lock();
	dev = __dev_get_by_name(net, parms->name);
	err = -ENODEV;
	if (!dev)
		goto err_unlock;
	err = fsw_netdev_check(dev, parms->dp);
	if (err)
		goto err_unlock;
	vport->dev = dev;
	err = netdev_rx_handler_register(dev, fsw_netdev_frame_hook, vport);
	if (err)
		goto err_unlock;
	dev_hold(dev);
	dev_set_promiscuity(dev, 1);
	rtnl_unlock();
	return vport;

err_unlock:
	rtnl_unlock();
	fsw_vport_free(vport);
	return ERR_PTR(err);
}

/*
 * Let go of the device (RTNL held).  Called when the port is deleted and
 * from the notifier when the device goes away under us; the port itself
 * stays until fsw_netdev_destroy().
 */
void fsw_netdev_detach(struct vport *vport)
{
	struct net_device *dev = vport->dev;

	ASSERT_RTNL();
	if (fsw_netdev_get_vport(dev) != vport)
		return;		/* already detached */
	netdev_rx_handler_unregister(dev);
	dev_set_promiscuity(dev, -1);
}

static void fsw_netdev_free_cb(struct rcu_head *rcu)
{
	struct vport *vport = container_of(rcu, struct vport, rcu);

	dev_put(vport->dev);
	fsw_vport_free(vport);
}

static void fsw_netdev_destroy(struct vport *vport)
{
	rtnl_lock();
	fsw_netdev_detach(vport);
	rtnl_unlock();
	/* The device reference goes with the last reader of the port. */
	call_rcu(&vport->rcu, fsw_netdev_free_cb);
}

static void fsw_netdev_send(struct vport *vport, struct sk_buff *skb)
{
	skb->dev = vport->dev;
	dev_queue_xmit(skb);
}

static void fsw_netdev_stats(struct vport *vport, struct ovs_vport_stats *st)
{
	struct rtnl_link_stats64 s;

	dev_get_stats(vport->dev, &s);
	st->rx_packets = s.rx_packets;
	st->rx_bytes = s.rx_bytes;
	st->rx_errors = s.rx_errors;
	st->rx_dropped = s.rx_dropped;
	st->tx_packets = s.tx_packets;
	st->tx_bytes = s.tx_bytes;
	st->tx_errors = s.tx_errors;
	st->tx_dropped = s.tx_dropped;
}

const struct vport_ops fsw_netdev_vport_ops = {
	.type = OVS_VPORT_TYPE_NETDEV,
	.create = fsw_netdev_create,
	.destroy = fsw_netdev_destroy,
	.send = fsw_netdev_send,
	.get_stats = fsw_netdev_stats,
};
