/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flowswitch kernel datapath: the datapath object and what the pieces of
 * the module share.
 *
 * Locking: fsw_mutex serialises every change to datapaths, ports and
 * flows (all generic netlink requests take it).  RTNL is taken inside it
 * where net devices change, never the other way round: the netdevice
 * notifier runs under RTNL and so only detaches devices there and leaves
 * the rest to a work item that takes fsw_mutex.  The packet path reads
 * everything under RCU.
 */
#ifndef FSW_DATAPATH_H
#define FSW_DATAPATH_H 1

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <fsw/flow_key.h>

#include "flow_table.h"

#define FSW_PORT_HASH_BUCKETS	256
/* Port numbers are 16 bits wide in OpenFlow: keep to them. */
#define FSW_MAX_PORTS		USHRT_MAX

#define FSW_DP_F_KNOWN (OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS |	\
			OVS_DP_F_TC_RECIRC_SHARING |			\
			OVS_DP_F_DISPATCH_UPCALL_PER_CPU)

struct fsw_dp_stats {
	u64 n_hit;
	u64 n_missed;
	u64 n_lost;
	u64 n_mask_hit;
	u64 n_cache_hit;
	struct u64_stats_sync syncp;
};

/* Per-CPU upcall PIDs (OVS_DP_F_DISPATCH_UPCALL_PER_CPU). */
struct fsw_cpu_pids {
	struct rcu_head rcu;
	u32 n;
	u32 pids[];
};

struct datapath {
	struct list_head node;		/* in fsw_net.dps, fsw_mutex + RCU */
	struct hlist_head *ports;	/* by port number, fsw_mutex + RCU */
	struct fsw_dp_stats __percpu *stats;
	possible_net_t net;
	u32 user_features;
	struct fsw_cpu_pids __rcu *cpu_pids;
	struct fsw_flow_table table;
	struct rcu_head rcu;
};

/* Per network namespace state. */
struct fsw_net {
	struct list_head dps;
	struct work_struct notify_work;	/* dp_notify.c */
	struct net *net;
};

/* What travels with a packet through the datapath. */
struct fsw_cb {
	struct vport *input_vport;
	u16 mru;
	u32 cutlen;
};
#define FSW_CB(skb) ((struct fsw_cb *)(skb)->cb)

/*
 * Every command of our families is "old" for generic netlink: userspace
 * sends NLM_F_CREATE/NLM_F_EXCL with them, which newer commands may not
 * carry.  The policies still apply, strictly.  Ops whose nested
 * attributes (keys, actions) may come with or without NLA_F_NESTED, as
 * openvswitch.ko takes them (libnl sets it, ovs-vswitchd does not), set
 * .validate = FSW_NESTED_FLAG_OK and have their family's pre_doit be
 * fsw_genl_pre_doit(): strict validation but for that flag.
 */
#define FSW_RESV_START_OP 16
#define FSW_NESTED_FLAG_OK GENL_DONT_VALIDATE_STRICT
int fsw_genl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
		      struct genl_info *info);

extern unsigned int fsw_net_id;
extern struct mutex fsw_mutex;
extern struct genl_family fsw_dp_family;
extern struct genl_family fsw_vport_family;

static inline void fsw_lock(void) { mutex_lock(&fsw_mutex); }
static inline void fsw_unlock(void) { mutex_unlock(&fsw_mutex); }
#define fsw_locked() lockdep_is_held(&fsw_mutex)
#define fsw_deref(p) rcu_dereference_check(p, fsw_locked())

static inline struct net *fsw_dp_net(const struct datapath *dp)
{
	return read_pnet(&dp->net);
}

static inline struct fsw_net *fsw_pernet(struct net *net)
{
	return net_generic(net, fsw_net_id);
}

struct vport *fsw_dp_port(const struct datapath *dp, u32 port_no);
const char *fsw_dp_name(const struct datapath *dp);
int fsw_dp_ifindex(const struct datapath *dp);
struct datapath *fsw_dp_lookup(struct net *net, int ifindex);
void fsw_dp_detach_port(struct vport *vport);
void fsw_dp_process_packet(struct sk_buff *skb, struct fsw_key *key);
/* OVS_PACKET_ATTR_HASH: the hash in the low 32 bits, then its kind. */
#define FSW_HASH_SW BIT_ULL(32)
#define FSW_HASH_L4 BIT_ULL(33)

/* What an upcall carries beside the packet and its key. */
struct fsw_upcall {
	u8 cmd;				/* OVS_PACKET_CMD_MISS or _ACTION */
	u32 portid;			/* netlink port: 0 = none */
	const struct nlattr *userdata;	/* OVS_USERSPACE_ATTR_USERDATA */
	const struct nlattr *acts;	/* OVS_PACKET_ATTR_ACTIONS body */
	int acts_len;
	u32 cutlen;			/* truncate to this, 0 = no */
};
int fsw_dp_upcall(struct datapath *dp, struct sk_buff *skb,
		  const struct fsw_key *key, const struct fsw_upcall *up);
void fsw_dp_userspace(struct datapath *dp, struct sk_buff *skb,
		      const struct fsw_key *key, const struct nlattr *attr,
		      const struct nlattr *acts, int len, u32 cutlen);
void fsw_dp_count_lost(struct datapath *dp);

struct sk_buff *fsw_vport_notify_msg(struct vport *vport, u32 portid,
				     u32 seq, u8 cmd, gfp_t gfp);

/* dp_notify.c */
extern struct notifier_block fsw_netdev_notifier;
void fsw_dp_notify_work(struct work_struct *work);

/* The ovs_flow and ovs_packet families (flow_cmd.c). */
extern struct genl_family fsw_flow_family;
extern struct genl_family fsw_packet_family;
/* dp_absent.c */
extern struct genl_family fsw_meter_family;
extern struct genl_family fsw_ct_limit_family;

#endif
