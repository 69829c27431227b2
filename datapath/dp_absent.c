// SPDX-License-Identifier: GPL-2.0
/*
 * Families for features this datapath does not have (meters, conntrack
 * limits).  They exist so that looking them up does not make the kernel
 * autoload Linux's openvswitch.ko (which declares them) on every
 * ovs-dpctl run; every command is refused with EOPNOTSUPP, which
 * userspace takes as "not supported".
 */
#include "datapath.h"

static int fsw_absent(struct sk_buff *skb, struct genl_info *info)
{
	return -EOPNOTSUPP;
}

static const struct genl_small_ops fsw_meter_ops[] = {
	{ .cmd = OVS_METER_CMD_FEATURES, .doit = fsw_absent },
};

struct genl_family fsw_meter_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_METER_FAMILY,
	.version = OVS_METER_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = fsw_meter_ops,
	.n_small_ops = ARRAY_SIZE(fsw_meter_ops),
	.module = THIS_MODULE,
};

static const struct genl_small_ops fsw_ct_limit_ops[] = {
	{ .cmd = OVS_CT_LIMIT_CMD_GET, .doit = fsw_absent },
};

struct genl_family fsw_ct_limit_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_CT_LIMIT_FAMILY,
	.version = OVS_CT_LIMIT_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = fsw_ct_limit_ops,
	.n_small_ops = ARRAY_SIZE(fsw_ct_limit_ops),
	.module = THIS_MODULE,
};
