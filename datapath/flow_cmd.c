// SPDX-License-Identifier: GPL-2.0
/*
 * The ovs_flow and ovs_packet families.  The flow table does not exist
 * yet: the families are registered (userspace looks them up by name)
 * and refuse every command with EOPNOTSUPP.
 */
#include "datapath.h"

static int fsw_not_yet(struct sk_buff *skb, struct genl_info *info)
{
	return -EOPNOTSUPP;
}

static const struct genl_small_ops fsw_flow_ops[] = {
	{ .cmd = OVS_FLOW_CMD_GET, .doit = fsw_not_yet },
};

struct genl_family fsw_flow_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_FLOW_FAMILY,
	.version = OVS_FLOW_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = fsw_flow_ops,
	.n_small_ops = ARRAY_SIZE(fsw_flow_ops),
	.module = THIS_MODULE,
};

static const struct genl_small_ops fsw_packet_ops[] = {
	{ .cmd = OVS_PACKET_CMD_EXECUTE, .doit = fsw_not_yet },
};

struct genl_family fsw_packet_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_PACKET_FAMILY,
	.version = OVS_PACKET_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = fsw_packet_ops,
	.n_small_ops = ARRAY_SIZE(fsw_packet_ops),
	.module = THIS_MODULE,
};
