/* SPDX-License-Identifier: GPL-2.0 */
/* Flow keys, masks and actions in netlink form. */
#ifndef FSW_FLOW_NETLINK_H
#define FSW_FLOW_NETLINK_H 1

#include <net/netlink.h>
#include "flow.h"

struct datapath;

int fsw_nla_to_match(const struct nlattr *nla_key,
		     const struct nlattr *nla_mask,
		     struct fsw_key *key, struct fsw_key *mask);
int fsw_nla_to_key(const struct nlattr *nla_key, struct fsw_key *key);
void fsw_exact_mask(const struct fsw_key *key, u64 seen, struct fsw_key *m);
int fsw_nla_put_key(struct sk_buff *skb, int attrtype, const struct fsw_key *v,
		    const struct fsw_key *shape, bool is_mask);

/* actions.c */
struct fsw_actions *fsw_actions_from_nl(const struct nlattr *attr,
					const struct fsw_key *key,
					const struct fsw_key *mask);
int fsw_execute_actions(struct datapath *dp, struct sk_buff *skb,
			struct fsw_key *key, const struct fsw_actions *acts);

#endif
