// SPDX-License-Identifier: GPL-2.0
/*
 * Flowswitch kernel datapath: module entry and generic netlink families.
 *
 * The families carry the names, versions and attribute numbers of the
 * Linux openvswitch uapi (<linux/openvswitch.h>) so that existing
 * userspace can drive this module.  This file is the skeleton the rest
 * of the datapath hangs off.
 */
#include <linux/module.h>
#include <linux/openvswitch.h>
#include <net/genetlink.h>

static int fsw_not_yet(struct sk_buff *skb, struct genl_info *info)
{
	return -EOPNOTSUPP;
}

#define FSW_FAMILY(var, fname, ver, max)				\
static const struct genl_small_ops var##_ops[] = {			\
	{ .cmd = 1, .doit = fsw_not_yet },				\
};									\
static struct genl_family var = {					\
	.hdrsize = sizeof(struct ovs_header),				\
	.name = fname,							\
	.version = ver,							\
	.maxattr = 0, /* no attributes parsed yet */	\
	.netnsok = true,						\
	.parallel_ops = true,						\
	.small_ops = var##_ops,						\
	.n_small_ops = ARRAY_SIZE(var##_ops),				\
	.module = THIS_MODULE,						\
}

FSW_FAMILY(fsw_dp_family, OVS_DATAPATH_FAMILY, OVS_DATAPATH_VERSION,
	   OVS_DP_ATTR_MAX);
FSW_FAMILY(fsw_vport_family, OVS_VPORT_FAMILY, OVS_VPORT_VERSION,
	   OVS_VPORT_ATTR_MAX);
FSW_FAMILY(fsw_flow_family, OVS_FLOW_FAMILY, OVS_FLOW_VERSION,
	   OVS_FLOW_ATTR_MAX);
FSW_FAMILY(fsw_packet_family, OVS_PACKET_FAMILY, OVS_PACKET_VERSION,
	   OVS_PACKET_ATTR_MAX);

static struct genl_family *fsw_families[] = {
	&fsw_dp_family, &fsw_vport_family, &fsw_flow_family,
	&fsw_packet_family,
};

static void fsw_unregister_families(int n)
{
	while (n-- > 0)
		genl_unregister_family(fsw_families[n]);
}

static int __init fsw_init(void)
{
	int i, err;

	for (i = 0; i < ARRAY_SIZE(fsw_families); i++) {
		err = genl_register_family(fsw_families[i]);
		if (err) {
			fsw_unregister_families(i);
			return err;
		}
	}
	pr_info("flowswitch: datapath loaded\n");
	return 0;
}

static void __exit fsw_exit(void)
{
	fsw_unregister_families(ARRAY_SIZE(fsw_families));
}

module_init(fsw_init);
module_exit(fsw_exit);
MODULE_DESCRIPTION("Flowswitch kernel datapath");
MODULE_LICENSE("GPL");
MODULE_ALIAS_GENL_FAMILY(OVS_DATAPATH_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_VPORT_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_FLOW_FAMILY);
MODULE_ALIAS_GENL_FAMILY(OVS_PACKET_FAMILY);
