/*
 * dpif: one interface to any datapath.
 *
 * The daemon and the tools drive a datapath only through this API.  Two
 * providers implement it:
 *
 *   "system"     a kernel datapath over generic netlink: Linux's
 *                openvswitch.ko or our flowswitch.ko (lib/dpif-netlink.c)
 *   "userspace"  a datapath inside the calling process
 *                (lib/dpif-userspace.c)
 *
 * Keys, masks and actions cross this API as netlink attribute streams in
 * a struct buf: OVS_KEY_ATTR_* and OVS_ACTION_ATTR_* exactly as the
 * kernel takes them in <linux/openvswitch.h>, so the netlink provider
 * passes them through untouched.  lib/odp.h converts them to and from
 * struct fsw_key and text.
 *
 * Errors: every int-returning function returns 0 (or a count) on success
 * and a negative errno on failure, with the kernel's own codes: -ENODEV
 * for a missing datapath or port, -EEXIST for a duplicate, -ENOENT for a
 * missing flow, -EINVAL for malformed input, -EAGAIN when nothing is
 * ready.  A failed call changes nothing.
 *
 * Threads: a struct dpif is not thread-safe, except that dpif_recv() on
 * distinct handlers may run concurrently with each other and with any
 * other call but dpif_handlers_set() (each handler has its own channel
 * and receive buffer).
 */
#ifndef FSW_DPIF_H
#define FSW_DPIF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/openvswitch.h>
#include "buf.h"

struct dpif;

/* Datapaths. */

/* Creates datapath NAME of TYPE ("system" or "userspace"; NULL means
 * "system") and opens it.  -EEXIST if it already exists. */
int dpif_create(const char *name, const char *type, struct dpif **dpifp);
/* Opens existing datapath NAME.  -ENODEV if there is none. */
int dpif_open(const char *name, const char *type, struct dpif **dpifp);
/* Opens NAME, creating it first if needed. */
int dpif_create_and_open(const char *name, const char *type,
			 struct dpif **dpifp);
/* Closes the handle; the datapath itself stays (NULL is fine). */
void dpif_close(struct dpif *);
/* Destroys the datapath and all its ports and flows; the handle must
 * still be closed afterwards. */
int dpif_delete(struct dpif *);

/* Names of all datapaths of TYPE, as a NULL-terminated array that the
 * caller frees with dpif_names_free().  Returns the count. */
int dpif_enumerate(const char *type, char ***namesp);
void dpif_names_free(char **names);

const char *dpif_name(const struct dpif *);
const char *dpif_type(const struct dpif *);

struct dpif_dp_stats {
	uint64_t n_hit;		/* packets that matched a flow */
	uint64_t n_missed;	/* packets sent to userspace */
	uint64_t n_lost;	/* misses that could not be queued */
	uint64_t n_flows;	/* flows in the table */
	uint64_t n_masks;	/* distinct masks (megaflow masks) */
	uint64_t n_mask_hit;	/* mask lookups for the packets that hit */
};
int dpif_get_stats(struct dpif *, struct dpif_dp_stats *);

/* OVS_DP_F_* user features the datapath accepted for this handle. */
uint32_t dpif_user_features(const struct dpif *);

/* Ports. */

#define DPIF_PORT_ANY UINT32_MAX	/* "pick a number" for port_add */

struct dpif_port {
	char *name;
	uint32_t type;		/* OVS_VPORT_TYPE_* */
	uint32_t port_no;
	uint32_t *upcall_pids;	/* netlink port ids (handler PIDs) */
	size_t n_upcall_pids;
	struct ovs_vport_stats stats;
};

/* Adds network device NAME as a port of TYPE (OVS_VPORT_TYPE_NETDEV: an
 * existing device; OVS_VPORT_TYPE_INTERNAL: a new device).  *PORT_NOP is
 * the wanted number or DPIF_PORT_ANY; on success it holds the number
 * given.  The port's upcall PIDs come from the handlers (dpif_handlers_set),
 * or are 0 (no upcalls) when there are none. */
int dpif_port_add(struct dpif *, const char *name, uint32_t type,
		  uint32_t *port_nop);
int dpif_port_del(struct dpif *, uint32_t port_no);
/* Fills PORT (free with dpif_port_uninit()).  -ENODEV if not found. */
int dpif_port_get(struct dpif *, uint32_t port_no, struct dpif_port *);
int dpif_port_get_by_name(struct dpif *, const char *name,
			  struct dpif_port *);
void dpif_port_uninit(struct dpif_port *);
/* All ports, sorted by number; free with dpif_port_list_free(). */
int dpif_port_list(struct dpif *, struct dpif_port **portsp, size_t *np);
void dpif_port_list_free(struct dpif_port *, size_t n);
/* Replaces a port's upcall PID array (N >= 1; {0} = no upcalls).  Linux's
 * openvswitch.ko refuses arrays longer than 1 here (-EINVAL). */
int dpif_port_set_upcall_pids(struct dpif *, uint32_t port_no,
			      const uint32_t *pids, size_t n);
const char *dpif_port_type_to_string(uint32_t type);
int dpif_port_type_from_string(const char *, uint32_t *type);

/* Port change notifications (ovs_vport multicast group for "system").
 * dpif_port_poll() returns 0 and fills *CHANGE, -EAGAIN when nothing
 * happened, -ENOBUFS when notifications were lost (re-read the port
 * list).  dpif_port_poll_fd() gives an fd to poll() for input. */
enum dpif_port_event { DPIF_PORT_NEW, DPIF_PORT_DEL, DPIF_PORT_SET };
struct dpif_port_change {
	enum dpif_port_event event;
	struct dpif_port port;	/* uninit with dpif_port_uninit() */
};
int dpif_port_poll(struct dpif *, struct dpif_port_change *);
int dpif_port_poll_fd(struct dpif *);

/* Flows. */

struct dpif_ufid {
	uint8_t b[16];
};

struct dpif_flow_stats {
	uint64_t n_packets;
	uint64_t n_bytes;
	uint64_t used;		/* ms of monotonic time, 0 = never */
	uint8_t tcp_flags;	/* OR of the TCP flags seen */
};

enum dpif_flow_put_flags {
	DPIF_FP_CREATE = 1 << 0,	/* may create a new flow */
	DPIF_FP_MODIFY = 1 << 1,	/* may change an existing flow */
	DPIF_FP_ZERO_STATS = 1 << 2,	/* clear stats of a modified flow */
	DPIF_FP_PROBE = 1 << 3,		/* feature probe: don't log failure */
};

struct dpif_flow_put {
	unsigned int flags;		/* DPIF_FP_* */
	const struct buf *key;		/* OVS_KEY_ATTR_* */
	const struct buf *mask;		/* NULL: exact match */
	const struct buf *actions;	/* OVS_ACTION_ATTR_*; NULL = drop */
	const struct dpif_ufid *ufid;	/* NULL: none */
	struct dpif_flow_stats *stats;	/* out, optional: stats of the
					 * flow before a modify */
};
/* -EEXIST if the flow exists and MODIFY is not set, -ENOENT if it does
 * not and CREATE is not set. */
int dpif_flow_put(struct dpif *, const struct dpif_flow_put *);

/* Deletes the flow with KEY or, if UFID is nonnull, with that UFID;
 * its final stats go to *STATS if nonnull.  -ENOENT if not found. */
int dpif_flow_del(struct dpif *, const struct buf *key,
		  const struct dpif_ufid *ufid, struct dpif_flow_stats *stats);
int dpif_flow_flush(struct dpif *);

struct dpif_flow {
	struct buf key;
	struct buf mask;	/* empty when the datapath gave none */
	struct buf actions;
	bool has_ufid;
	struct dpif_ufid ufid;
	struct dpif_flow_stats stats;
};
void dpif_flow_init(struct dpif_flow *);
void dpif_flow_uninit(struct dpif_flow *);
/* Looks a flow up by KEY or UFID (as for dpif_flow_del); fills FLOW,
 * which must have been dpif_flow_init()ed. */
int dpif_flow_get(struct dpif *, const struct buf *key,
		  const struct dpif_ufid *ufid, struct dpif_flow *flow);

/* Flow dump:
 *	struct dpif_flow_dump *d = dpif_flow_dump_start(dpif);
 *	struct dpif_flow f;
 *	dpif_flow_init(&f);
 *	while (dpif_flow_dump_next(d, &f) > 0)
 *		...;
 *	dpif_flow_uninit(&f);
 *	err = dpif_flow_dump_done(d);
 * dump_next returns 1 with a flow, 0 at the end, or a negative errno
 * (which dump_done returns again). */
struct dpif_flow_dump;
struct dpif_flow_dump *dpif_flow_dump_start(struct dpif *);
int dpif_flow_dump_next(struct dpif_flow_dump *, struct dpif_flow *);
int dpif_flow_dump_done(struct dpif_flow_dump *);

/* Execute: runs ACTIONS on PACKET as if it had arrived with the metadata
 * in KEY (in_port, priority, skb_mark, recirc_id...). */
int dpif_execute(struct dpif *, const void *packet, size_t len,
		 const struct buf *key, const struct buf *actions);

/* Upcalls.
 *
 * A dpif has N handlers, each a channel on which upcalls arrive (for
 * "system": one netlink socket each, whose PID is the address the kernel
 * sends to).  dpif_handlers_set() replaces them with N new ones and gives
 * each port one handler's PID, round-robin in port order (ports added
 * later continue the round).  With PER_CPU, if the datapath offers
 * OVS_DP_F_DISPATCH_UPCALL_PER_CPU, misses are instead dispatched by the
 * CPU they arrived on (CPU i -> handler i % N) and ports get PID 0.
 * N = 0 turns upcalls off.  Each handler is meant to be read by one
 * thread. */
int dpif_handlers_set(struct dpif *, unsigned int n, bool per_cpu);
unsigned int dpif_n_handlers(const struct dpif *);
uint32_t dpif_handler_pid(const struct dpif *, unsigned int handler);
int dpif_handler_fd(const struct dpif *, unsigned int handler);
/* Whether misses are dispatched by CPU rather than by port. */
bool dpif_per_cpu_dispatch(const struct dpif *);

enum dpif_upcall_type {
	DPIF_UC_MISS = OVS_PACKET_CMD_MISS,	/* no flow matched */
	DPIF_UC_ACTION = OVS_PACKET_CMD_ACTION,	/* OVS_ACTION_ATTR_USERSPACE */
};

struct dpif_upcall {
	enum dpif_upcall_type type;
	struct buf packet;
	struct buf key;		/* the datapath's OVS_KEY_ATTR_* */
	struct buf userdata;	/* the action's OVS_USERSPACE_ATTR_USERDATA
				 * payload; valid if has_userdata */
	bool has_userdata;
	uint32_t mru;		/* 0 if none */
	uint32_t hash;		/* 0 if none */
	uint32_t orig_len;	/* before truncation; 0 if not truncated */
};
void dpif_upcall_init(struct dpif_upcall *);
void dpif_upcall_uninit(struct dpif_upcall *);
/* Receives up to MAX upcalls on HANDLER without blocking into UPS
 * (each dpif_upcall_init()ed).  Returns how many (>= 1), or -EAGAIN. */
int dpif_recv(struct dpif *, unsigned int handler,
	      struct dpif_upcall *ups, int max);

/* Main loop hooks.  The "system" datapath needs none.  The "userspace"
 * datapath does its packet processing in dpif_run(): the daemon calls it
 * whenever one of the fds from dpif_run_fds() is readable (or after
 * injecting test packets).  See lib/dpif-userspace.c. */
int dpif_run(struct dpif *);
/* Stores up to MAX fds to wait on for dpif_run(); returns the count. */
int dpif_run_fds(struct dpif *, int *fds, int max);

/* Test ports (userspace provider only; -EOPNOTSUPP otherwise): an
 * in-memory port whose packets the caller injects and captures.  Its
 * type is OVS_VPORT_TYPE_NETDEV. */
int dpif_test_port_add(struct dpif *, const char *name, uint32_t *port_nop);
int dpif_test_port_inject(struct dpif *, uint32_t port_no,
			  const void *packet, size_t len);
/* Pops the oldest packet the datapath sent out of the test port into
 * PACKET (replacing its content).  -EAGAIN if none. */
int dpif_test_port_capture(struct dpif *, uint32_t port_no,
			   struct buf *packet);

#endif
