/*
 * ovs-ofctl flow syntax: parsing (ofp-parse.c) and printing
 * (ofp-print.c) of flow specs such as
 *
 *     table=0,priority=100,ip,nw_dst=10.0.0.0/24,actions=output:2
 *
 * Fields are separated by commas or white space; "actions=" takes the
 * rest of the line.  What ofp_flow_mod_to_string() prints parses back
 * to the same flow mod.
 *
 * Parsers return NULL on success or a malloc'd message naming the bad
 * token (the caller frees it); on error the outputs are unspecified.
 */
#ifndef FSW_OFP_PARSE_H
#define FSW_OFP_PARSE_H 1

#include <stdint.h>
#include <stdio.h>
#include "flow.h"
#include "ofp-msgs.h"

struct buf;

/* Parses a flow spec for COMMAND (OFPFC_ADD, OFPFC_MODIFY[_STRICT],
 * OFPFC_DELETE[_STRICT]) into FM; actions go to OFPACTS (cleared first)
 * and fm->ofpacts points there.  Adds and modifies need "actions=";
 * deletes must not have them.  The actions are checked against the
 * match (ofpacts_check()). */
char *ofp_parse_flow_mod(const char *s, int command, struct ofp_flow_mod *fm,
			 struct buf *ofpacts);

/* Parses just a match (with optional priority=, for dump filters). */
char *ofp_parse_match(const char *s, struct match *m, uint16_t *priority);

/* Parses a dump-flows filter ("table=1,cookie=0x5/-1,out_port=2,tcp")
 * into a flow stats (or aggregate) request. */
struct ofp_flow_stats_request;
char *ofp_parse_flow_stats_request(const char *s,
				   struct ofp_flow_stats_request *r);

/* Parses an action list ("output:1,mod_vlan_vid:5" or "drop"). */
char *ofp_parse_actions(const char *s, struct buf *ofpacts);

/* Parses a port: a number or LOCAL, CONTROLLER, IN_PORT, NORMAL, FLOOD,
 * ALL, TABLE, ANY/NONE (any case).  Returns 0 or -1. */
int ofp_parse_port(const char *s, uint32_t *port);

/* Reads flows like "ovs-ofctl add-flows FILE": one per line, blank lines
 * and '#' comments skipped.  Calls CB for each; a non-NULL return from
 * CB stops the loop and is returned.  Errors name the line number. */
typedef char *ofp_flow_cb(const struct ofp_flow_mod *fm, void *aux);
char *ofp_parse_flow_file(FILE *f, int command, ofp_flow_cb *cb, void *aux);

/* ---- Printing (ofp-print.c).  Results are malloc'd strings. ---- */

/* "priority=100,tcp,nw_dst=10.0.0.0/24,tp_dst=80" ("" for catch-all at
 * the default priority).  PRIORITY 0x8000 is not printed. */
char *ofp_match_to_string(const struct match *m, uint16_t priority);
/* "output:2,mod_vlan_vid:5,goto_table:1" or "drop". */
char *ofpacts_to_string(const struct ofpact *ofpacts, size_t len);
/* A whole flow in add-flow syntax: "table=1, cookie=0x5, ...,
 * priority=5,ip actions=drop" (no actions for deletes). */
char *ofp_flow_mod_to_string(const struct ofp_flow_mod *fm);
/* One dump-flows line: " cookie=0x0, duration=1.500s, table=0,
 * n_packets=3, n_bytes=180, priority=5,ip actions=drop".  It parses back
 * (as an add) to the same flow: the counters are ignored. */
struct ofp_flow_stats;
char *ofp_flow_stats_to_string(const struct ofp_flow_stats *fs);
/* A one-line summary of the LEN-byte message MSG, for logs:
 * "FLOW_MOD (OF1.3) xid=0x5: ADD priority=5,ip actions=drop".
 * (lib/ofp-msg-print.c; never fails, invalid input is described.) */
char *ofp_msg_to_string(const void *msg, size_t len);
/* " 1(eth0): addr:02:00:00:00:00:01 config: 0 state: LIVE speed: 10000
 * Mbps now, 10000 Mbps max" (lib/ofp-msg-print.c). */
char *ofp_port_desc_to_string(const struct ofp_port_desc *pd);
/* A port number as ofp_parse_port() reads it ("LOCAL", "3"). */
void ofp_port_to_string(uint32_t port, char *s, size_t n);

#endif
