/*
 * udpif: the datapath side of an ofproto.
 *
 * Handler threads (vswitchd/upcall.c) read upcalls from the datapath:
 * a miss is translated (vswitchd/xlate.c), its packet executed and one
 * masked datapath flow installed; a userspace action becomes a
 * PACKET_IN.  Every installed flow has a "ukey" here: its UFID, key,
 * mask, actions, the flow it was translated from and the rules it hit.
 *
 * The revalidator (vswitchd/revalidator.c, run from the main loop)
 * dumps the datapath's flows, rolls their statistics up into the
 * OpenFlow rules, re-translates them when anything changed and deletes
 * the stale and the idle ones.
 */
#ifndef FSW_UPCALL_H
#define FSW_UPCALL_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "dpif.h"
#include "flow.h"

struct ofproto;
struct pollset;
struct rule;

#define UDPIF_DEFAULT_HANDLERS 2
#define UDPIF_DEFAULT_FLOW_LIMIT 20000
#define UDPIF_IDLE_MS 10000	/* datapath flows idle this long go */

struct ukey {
	struct ukey *next;	/* hash chain */
	struct dpif_ufid ufid;
	struct buf key, mask, actions;	/* as installed */
	struct flow flow;	/* translated from (OpenFlow in_port) */
	struct flow wc;
	struct rule **rules;
	size_t n_rules;
	uint64_t pkts, bytes;	/* datapath stats already pushed */
	long long created;
	long long used;		/* ms: last time packets were seen */
	uint64_t dump_seq;	/* last dump that saw it */
	uint64_t xlate_seq;	/* ofproto rules_seq when translated */
};

struct udpif {
	struct ofproto *ofproto;
	struct dpif *dpif;
	unsigned int n_handlers;
	struct handler_thread *threads;
	int wake_pipe[2];	/* handler threads -> main loop */
	int exit_pipe[2];	/* main loop -> handler threads */
	struct ukey **buckets;
	size_t n_buckets;
	size_t n_ukeys;
	size_t flow_limit;
	uint64_t dump_seq;
	long long next_dump;	/* ms */
	int dump_interval;	/* ms */
	uint64_t n_upcalls, n_flows_added, n_pin_dropped;
	uint64_t n_dup_upcalls;	/* misses of an installed megaflow */
	/* packet-in token bucket */
	long long pin_last;
	double pin_tokens;
};

/* Settings of every bridge, read and written under ofproto_mutex.
 * Megaflows: handlers install masked datapath flows (the default), or,
 * disabled (fsw-appctl upcall/disable-megaflows), exact-match ones: one
 * per microflow, every new one an upcall.  The number of handler
 * threads of a datapath opened from now on (fsw-vswitchd
 * --n-handler-threads). */
extern bool udpif_megaflows;
extern unsigned int udpif_n_handlers;
#define UDPIF_MAX_HANDLERS 64

struct udpif *udpif_create(struct ofproto *, struct dpif *,
			   unsigned int n_handlers);
void udpif_destroy(struct udpif *);
/* Main loop: revalidation when due. */
void udpif_run(struct udpif *);
void udpif_wait(struct udpif *, struct pollset *);
/* Runs a revalidation pass at once. */
void udpif_revalidate(struct udpif *);
/* Deletes every datapath flow. */
void udpif_flush(struct udpif *);
/* Text dump of the datapath flows (dpif/dump-flows). */
void udpif_dump_flows(struct udpif *, struct buf *out);

/* Kernel key <-> struct flow (port numbers mapped). 0 or -errno. */
int udpif_key_to_flow(struct ofproto *, const struct buf *key,
		      struct flow *);

/* Ukeys (revalidator.c and upcall.c). */
struct ukey *ukey_find(struct udpif *, const struct dpif_ufid *);
void ukey_insert(struct udpif *, struct ukey *);
void ukey_remove(struct udpif *, struct ukey *);
void ukey_free(struct ukey *);
void ukey_push_stats(struct udpif *, struct ukey *,
		     const struct dpif_flow_stats *);

#endif
