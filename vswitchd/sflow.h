/*
 * sFlow for a bridge (its ofproto).
 *
 * Sampling happens in the datapath: translation puts
 *   sample(probability = UINT32_MAX / N,
 *          actions(userspace(pid, userdata = struct sflow_cookie)))
 * in front of the actions of every datapath flow of the bridge, so the
 * datapath (kernel or userspace provider) picks one packet in N and
 * sends a copy to a handler thread as an OVS_PACKET_CMD_ACTION upcall.
 * The handler recognises the cookie and hands the packet to the bridge's
 * sFlow agent (lib/sflow-agent.h), which sends flow samples, and from
 * the main loop counter samples every polling interval.
 *
 * Every function runs with ofproto_mutex held.
 */
#ifndef FSW_SFLOW_H
#define FSW_SFLOW_H 1

#include <stdbool.h>
#include <stdint.h>

struct dpif_upcall;
struct fsw_bridge;
struct ofproto;
struct pollset;
struct xlate_in;
struct xlate_out;

/* Userdata of the sample's userspace action.  "kind" is the first byte,
 * as in struct xlate_userdata, with a value of its own. */
struct sflow_cookie {
	uint8_t kind;		/* SFLOW_COOKIE_KIND */
	uint8_t pad[3];
	uint32_t in_port;	/* OpenFlow input port */
	uint32_t out_port;	/* OpenFlow output port if n_outputs == 1 */
	uint32_t n_outputs;	/* 0: dropped */
};
#define SFLOW_COOKIE_KIND 0x53	/* 'S' */

/* Applies BR's sFlow settings (none: off) to O. */
void sflow_reconfigure(struct ofproto *, const struct fsw_bridge *);
void sflow_destroy(struct ofproto *);
void sflow_run(struct ofproto *);
void sflow_wait(struct ofproto *, struct pollset *);

/* Translation hook: puts the sample action in front of OUT's actions
 * when the bridge has sFlow. */
void sflow_xlate(const struct xlate_in *, struct xlate_out *);

/* Handler hook: true when UP is an sFlow sample (consumed). */
bool sflow_upcall(struct ofproto *, const struct dpif_upcall *);

#endif
