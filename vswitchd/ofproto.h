/*
 * ofproto: one OpenFlow switch per bridge, on top of one datapath.
 *
 * An ofproto owns the datapath handle, the ports (OpenFlow number <->
 * datapath number), the OpenFlow tables (one classifier each), groups,
 * the MAC learning table used by NORMAL, the OpenFlow connections
 * (vswitchd/connmgr.c), the upcall handler threads and the datapath flow
 * cache (vswitchd/upcall.c, vswitchd/revalidator.c).
 *
 * Locking: one mutex, ofproto_mutex, guards every ofproto and everything
 * reachable from it (tables, rules, ports, MAC table, connections, the
 * dpif handle).  The main thread holds it in bridge_run(), in
 * bridge_reconfigure() and in control commands; handler threads hold it
 * while they process a batch of upcalls (they wait for input without
 * it).  One lock is simple to reason about; the classifier's lock-free
 * readers would allow finer locking later.
 */
#ifndef FSW_OFPROTO_H
#define FSW_OFPROTO_H 1

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "classifier.h"
#include "flow.h"
#include "fsw-config.h"
#include "ofp-actions.h"

struct dpif;
struct connmgr;
struct udpif;
struct mac_table;
struct pollset;
struct sflow;

extern pthread_mutex_t ofproto_mutex;

#define OFPROTO_N_TABLES 254	/* 0 .. 253 */
#define OFPROTO_MAX_PORTS 1024

struct ofport {
	struct ofproto *ofproto;
	char *name;
	uint32_t ofp_port;	/* OpenFlow number, OFPP_LOCAL for the
				 * bridge's own port */
	uint32_t dp_port;	/* datapath number, UINT32_MAX = not in
				 * the datapath (missing interface) */
	enum fsw_port_type type;
	uint8_t hw_addr[6];
	uint32_t config;	/* OFPPC_* */
	uint32_t state;		/* OFPPS_* */
	int tag;		/* access VLAN or -1 */
	size_t n_trunks;
	uint16_t *trunks;
	uint32_t *queue_prio;	/* queue id -> skb priority (QoS) */
	size_t n_queues;
	uint32_t *queue_ids;
	bool seen;		/* mark for reconfiguration */
};

struct rule {
	struct cls_rule cr;
	struct ofproto *ofproto;
	uint8_t table_id;
	uint64_t cookie;
	uint16_t idle_timeout, hard_timeout;
	uint16_t flags;		/* OFPFF_* */
	uint16_t importance;
	long long created;	/* ms, monotonic */
	long long modified;
	long long used;		/* last packet, ms */
	uint64_t n_packets, n_bytes;
	struct ofpact *ofpacts;
	size_t ofpacts_len;
	bool removed;
	unsigned int refcnt;	/* held by datapath flows' rule lists */
};

struct bucket {
	uint16_t weight;
	uint32_t watch_port;
	uint32_t watch_group;
	struct ofpact *ofpacts;
	size_t ofpacts_len;
	uint64_t n_packets, n_bytes;
};

struct group {
	uint32_t group_id;
	uint8_t type;		/* OFPGT_* */
	size_t n_buckets;
	struct bucket *buckets;
	uint64_t n_packets, n_bytes;
	long long created;
	unsigned int ref_count;	/* rules referencing it (stats) */
};

struct oftable {
	struct classifier cls;
	uint64_t n_lookups;
	uint64_t n_matched;
};

struct ofproto {
	char *name;
	char *dp_type;		/* dpif type, "system" */
	struct dpif *dpif;	/* NULL until the datapath could be opened */
	uint64_t datapath_id;
	bool has_config_dpid;
	enum fsw_fail_mode fail_mode;
	size_t n_ports;
	struct ofport **ports;
	struct oftable tables[OFPROTO_N_TABLES];
	size_t n_groups;
	struct group **groups;
	struct mac_table *ml;
	struct connmgr *connmgr;
	struct udpif *udpif;
	uint16_t frag_flags;	/* SET_CONFIG flags */
	uint16_t miss_send_len;
	bool default_flow;	/* the standalone NORMAL rule is installed */
	uint64_t rules_seq;	/* bumped on every rule/group/port change */
	long long next_retry;	/* ms: retry missing datapath/ports */
	long long next_expire;	/* ms: next timeout scan */
	struct rule *default_rule;
	struct sflow *sflow;	/* vswitchd/sflow.c, NULL = no sFlow */
};

long long time_msec(void);
long long time_wall_msec(void);

/* Life cycle (main thread, ofproto_mutex held). */
struct ofproto *ofproto_create(const char *name, const char *dp_type);
void ofproto_destroy(struct ofproto *, bool delete_datapath);
void ofproto_reconfigure(struct ofproto *, const struct fsw_bridge *);
void ofproto_run(struct ofproto *);
void ofproto_wait(struct ofproto *, struct pollset *);

/* Ports. */
struct ofport *ofproto_port_by_ofp(const struct ofproto *, uint32_t);
struct ofport *ofproto_port_by_dp(const struct ofproto *, uint32_t);
struct ofport *ofproto_port_by_name(const struct ofproto *, const char *);

/* Rules and flow_mods.  FM is a decoded flow mod (lib/ofp-msgs.h);
 * returns 0 or an ofperr.  Changes bump rules_seq so that the
 * revalidator re-translates the datapath flows. */
struct ofproto_fm {
	struct match match;
	uint64_t cookie, cookie_mask;
	uint8_t table_id;	/* OFPTT_ALL: every table (delete) */
	uint8_t command;	/* OFPFC_* */
	uint16_t idle_timeout, hard_timeout;
	uint16_t priority;
	uint16_t importance;
	uint32_t buffer_id;
	uint32_t out_port;	/* OFPP_ANY: no filter */
	uint32_t out_group;	/* OFPG_ANY: no filter */
	uint16_t flags;		/* OFPFF_* */
	const struct ofpact *ofpacts;
	size_t ofpacts_len;
};
int ofproto_flow_mod(struct ofproto *, const struct ofproto_fm *);
/* The rules FM would select (delete semantics when IS_DELETE: out_port
 * and out_group filter too), each referenced: unref them. */
size_t ofproto_collect_rules(struct ofproto *, const struct ofproto_fm *,
			     bool strict, bool is_delete,
			     struct rule ***rules);
void ofproto_rule_delete(struct ofproto *, struct rule *, uint8_t reason);
void ofproto_rule_unref(struct rule *);
void ofproto_flush_flows(struct ofproto *);
void ofproto_set_default_flow(struct ofproto *, bool want);
void ofproto_rule_stats(struct rule *, uint64_t packets, uint64_t bytes,
			long long used);

/* Groups. */
struct ofproto_bucket_spec {
	uint16_t weight;
	uint32_t watch_port, watch_group;
	const struct ofpact *ofpacts;
	size_t ofpacts_len;
};
int ofproto_group_mod(struct ofproto *, uint16_t command, uint8_t type,
		      uint32_t group_id, const struct ofproto_bucket_spec *,
		      size_t n_buckets);
struct group *ofproto_group_find(const struct ofproto *, uint32_t id);

/* Called when anything the datapath flows depend on changed. */
void ofproto_changed(struct ofproto *);

/* Iteration over every bridge's ofproto (bridge.c). */
struct ofproto *ofproto_lookup(const char *name);
size_t ofproto_all(struct ofproto ***all);

#endif
