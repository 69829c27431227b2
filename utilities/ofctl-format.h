/*
 * fsw-ofctl's output: decoded OpenFlow replies printed the way ovs-ofctl
 * prints them, so scripts written for one work with the other.  Pure
 * functions of the decoded structs (lib/ofp-msgs.h, lib/ofp-mp.h), kept
 * apart from the connection code so they can be unit-tested.
 *
 * Match and action text comes from lib/ofp-parse.h's printers.
 */
#ifndef FSW_OFCTL_FORMAT_H
#define FSW_OFCTL_FORMAT_H 1

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ofp-group.h"
#include "ofp-mp.h"
#include "ofp-msgs.h"

/* "OFPST_FLOW reply (OF1.3) (xid=0x2):" style header: NAME, then the
 * version (omitted for OF1.0, as ovs-ofctl does), then the xid. */
void ofctl_print_header(FILE *, const char *name, uint8_t version,
			uint32_t xid);

/* One dump-flows line, with its leading space and trailing newline.
 * NO_STATS drops cookie/table when zero, durations and counters. */
void ofctl_print_flow(FILE *, const struct ofp_flow_stats *, bool no_stats);

/* show: the FEATURES_REPLY body (dpid, tables, capabilities, OF1.0
 * actions); ports are printed separately with ofctl_print_port_desc. */
void ofctl_print_features(FILE *, uint8_t version,
			  const struct ofp_features *);
void ofctl_print_port_desc(FILE *, const struct ofp_port_desc *);
void ofctl_print_switch_config(FILE *, const struct ofp_switch_config_msg *);

/* dump-ports: one port's two (OF1.3: three) lines. */
void ofctl_print_port_stats(FILE *, uint8_t version,
			    const struct ofp_port_stats *);

/* dump-tables: prints the tables, replacing runs of tables whose
 * counters equal the previous one's by "tables A...B: ditto". */
void ofctl_print_tables(FILE *, uint8_t version,
			const struct ofp_table_stats *, size_t n);

/* dump-groups: " group_id=1,type=all,bucket=actions=output:1". */
void ofctl_print_group_desc(FILE *, const struct ofp_group_desc *);
const char *ofctl_group_type_name(uint8_t type);

/* An OFPT_ERROR: "OFPET_BAD_ACTION/OFPBAC_BAD_OUT_PORT" (names from
 * lib/ofp-errors.h, plus group-mod codes), or numbers if unknown. */
void ofctl_print_error(FILE *, uint8_t version, const struct ofp_error *);

/* Group syntax (ofctl-group.c): "group_id=1,type=all,bucket=output:1,
 * bucket=weight:10,watch_port:2,actions=output:2".  COMMAND is an OFPGC_*;
 * deletes take just an optional group_id (default all).  GM's buckets
 * point into BUCKETS and ACTS.  NULL or a malloc'd error message. */
char *ofctl_parse_group(const char *spec, uint16_t command,
			struct ofp_group_mod *gm, struct buf *buckets,
			struct buf *acts);
/* "5", "group_id=5" or "all" (OFPG_ALL). */
char *ofctl_parse_group_id(const char *s, uint32_t *id);

/* Port numbers as ovs-ofctl shows them: "LOCAL", "3". */
void ofctl_port_name(uint32_t port, char *s, size_t n);

#endif
