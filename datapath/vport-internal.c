// SPDX-License-Identifier: GPL-2.0
/*
 * internal ports: a net_device the datapath creates.  What the host
 * transmits on it enters the datapath as received on the port; what the
 * datapath outputs to the port is received by the host.  Port 0 of every
 * datapath is one of these, named like the datapath.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/dst.h>

#include "datapath.h"
#include "vport.h"

struct fsw_internal {
	struct vport __rcu *vport;
};

static netdev_tx_t fsw_internal_xmit(struct sk_buff *skb,
				     struct net_device *dev)
{
	struct fsw_internal *priv = netdev_priv(dev);
	unsigned int len = skb->len;
	struct vport *vport;

	rcu_read_lock();
	vport = rcu_dereference(priv->vport);
	if (unlikely(!vport || len < ETH_HLEN)) {
		rcu_read_unlock();
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	dev_sw_netstats_tx_add(dev, 1, len);
	skb_reset_mac_header(skb);
	fsw_vport_receive(vport, skb);
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

static int fsw_internal_open(struct net_device *dev)
{
	netif_start_queue(dev);
	return 0;
}

static int fsw_internal_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
	return 0;
}

static const struct net_device_ops fsw_internal_netdev_ops = {
	.ndo_open = fsw_internal_open,
	.ndo_stop = fsw_internal_stop,
	.ndo_start_xmit = fsw_internal_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_get_stats64 = dev_get_tstats64,
};

bool fsw_is_internal_dev(const struct net_device *dev)
{
	return dev->netdev_ops == &fsw_internal_netdev_ops;
}

struct vport *fsw_internal_dev_vport(struct net_device *dev)
{
	struct fsw_internal *priv = netdev_priv(dev);

	if (!fsw_is_internal_dev(dev))
		return NULL;
	return rcu_dereference_check(priv->vport,
				     fsw_locked() || lockdep_rtnl_is_held());
}

/* Also run by register_netdevice() when some of its failures happen. */
static void fsw_internal_destructor(struct net_device *dev)
{
	free_percpu(dev->tstats);
	dev->tstats = NULL;
}

static void fsw_internal_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &fsw_internal_netdev_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = fsw_internal_destructor;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_OPENVSWITCH |
			   IFF_NO_QUEUE;
	dev->max_mtu = ETH_MAX_MTU;
	/* A port belongs to its datapath's namespace. */
	dev->features = NETIF_F_LLTX | NETIF_F_SG | NETIF_F_FRAGLIST |
			NETIF_F_HIGHDMA | NETIF_F_HW_CSUM |
			NETIF_F_NETNS_LOCAL;
	dev->hw_features = dev->features & ~NETIF_F_LLTX;
	dev->vlan_features = dev->features;
	eth_hw_addr_random(dev);
}

static struct vport *fsw_internal_create(const struct vport_parms *parms)
{
	struct fsw_internal *priv;
	struct net_device *dev;
	struct vport *vport;
	int err;

	vport = fsw_vport_alloc(&fsw_internal_vport_ops, parms);
	if (IS_ERR(vport))
		return vport;
	err = -ENOMEM;
	dev = alloc_netdev(sizeof(*priv), parms->name, NET_NAME_USER,
			   fsw_internal_setup);
	if (!dev)
		goto err_vport;
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats) {
		free_netdev(dev);
		goto err_vport;
	}
	dev_net_set(dev, fsw_dp_net(parms->dp));
	dev->ifindex = parms->ifindex;
	priv = netdev_priv(dev);
	RCU_INIT_POINTER(priv->vport, vport);
	vport->dev = dev;

	rtnl_lock();
	err = register_netdevice(dev);
	rtnl_unlock();
	if (err) {
		/* needs_free_netdev only applies once registered. */
		fsw_internal_destructor(dev);
		free_netdev(dev);
		goto err_vport;
	}
	return vport;

err_vport:
	fsw_vport_free(vport);
	return ERR_PTR(err);
}

static void fsw_internal_destroy(struct vport *vport)
{
	struct fsw_internal *priv = netdev_priv(vport->dev);

	rtnl_lock();
	RCU_INIT_POINTER(priv->vport, NULL);
	/* Waits for packets in flight; the device frees itself. */
	unregister_netdevice(vport->dev);
	rtnl_unlock();
	fsw_vport_free_rcu(vport);
}

/* Output to the port: the host receives the frame. */
static void fsw_internal_send(struct vport *vport, struct sk_buff *skb)
{
	struct net_device *dev = vport->dev;
	unsigned int len = skb->len;

	if (unlikely(len < ETH_HLEN)) {
		kfree_skb(skb);
		return;
	}
	skb_dst_drop(skb);
	nf_reset_ct(skb);
	skb->dev = dev;
	skb->protocol = eth_type_trans(skb, dev);
	skb_postpull_rcsum(skb, eth_hdr(skb), ETH_HLEN);
	dev_sw_netstats_rx_add(dev, len);
	netif_rx(skb);
}

/* The device counts from the host's side: swap directions. */
static void fsw_internal_stats(struct vport *vport,
			       struct ovs_vport_stats *st)
{
	struct rtnl_link_stats64 s;

	dev_get_stats(vport->dev, &s);
	st->rx_packets = s.tx_packets;
	st->rx_bytes = s.tx_bytes;
	st->rx_errors = s.tx_errors;
	st->rx_dropped = s.tx_dropped;
	st->tx_packets = s.rx_packets;
	st->tx_bytes = s.rx_bytes;
	st->tx_errors = s.rx_errors;
	st->tx_dropped = s.rx_dropped;
}

const struct vport_ops fsw_internal_vport_ops = {
	.type = OVS_VPORT_TYPE_INTERNAL,
	.create = fsw_internal_create,
	.destroy = fsw_internal_destroy,
	.send = fsw_internal_send,
	.get_stats = fsw_internal_stats,
};
