/* fsw-ofctl output formats.  See ofctl-format.h. */
#include <config.h>
#include "ofctl-format.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ofp-errors.h"
#include "ofp-parse.h"
#include "openflow.h"
#include "util.h"

void ofctl_port_name(uint32_t port, char *s, size_t n)
{
	ofp_port_to_string(port, s, n);
}

void ofctl_print_header(FILE *f, const char *name, uint8_t version,
			uint32_t xid)
{
	fprintf(f, "%s", name);
	if (version == OFP13_VERSION)
		fprintf(f, " (OF1.3)");
	else if (version != OFP10_VERSION)
		fprintf(f, " (OF 0x%02x)", version);
	fprintf(f, " (xid=0x%" PRIx32 "):", xid);
}

static void print_flow_flags(FILE *f, uint16_t flags)
{
	static const struct { uint16_t bit; const char *name; } names[] = {
		{ OFPFF_SEND_FLOW_REM, "send_flow_rem" },
		{ OFPFF_CHECK_OVERLAP, "check_overlap" },
		{ OFPFF_RESET_COUNTS, "reset_counts" },
		{ OFPFF_NO_PKT_COUNTS, "no_packet_counts" },
		{ OFPFF_NO_BYT_COUNTS, "no_byte_counts" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (flags & names[i].bit)
			fprintf(f, "%s ", names[i].name);
}

void ofctl_print_flow(FILE *f, const struct ofp_flow_stats *fs,
		      bool no_stats)
{
	char *match = ofp_match_to_string(&fs->match, fs->priority);
	char *acts = ofpacts_to_string(fs->ofpacts, fs->ofpacts_len);

	fputc(' ', f);
	if (!no_stats || fs->cookie)
		fprintf(f, "cookie=0x%" PRIx64 ", ", fs->cookie);
	if (!no_stats)
		fprintf(f, "duration=%" PRIu32 ".%03" PRIu32 "s, ",
			fs->duration_sec, fs->duration_nsec / 1000000);
	if (!no_stats || fs->table_id)
		fprintf(f, "table=%u, ", fs->table_id);
	if (!no_stats)
		fprintf(f, "n_packets=%" PRIu64 ", n_bytes=%" PRIu64 ", ",
			fs->packet_count, fs->byte_count);
	if (fs->idle_timeout)
		fprintf(f, "idle_timeout=%u, ", fs->idle_timeout);
	if (fs->hard_timeout)
		fprintf(f, "hard_timeout=%u, ", fs->hard_timeout);
	print_flow_flags(f, fs->flags);
	if (*match)
		fprintf(f, "%s ", match);
	fprintf(f, "actions=%s\n", acts);
	free(match);
	free(acts);
}

struct bit_name {
	uint32_t bit;
	const char *name;
};

/* Prints the names of the bits set in X, or "0" if none is. */
static void print_bits(FILE *f, uint32_t x, const struct bit_name *names,
		       size_t n)
{
	bool any = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (x & names[i].bit) {
			fprintf(f, "%s%s", any ? " " : "", names[i].name);
			x &= ~names[i].bit;
			any = true;
		}
	}
	if (x)
		fprintf(f, "%s0x%" PRIx32, any ? " " : "", x);
	else if (!any)
		fprintf(f, "0");
}

void ofctl_print_features(FILE *f, uint8_t version,
			  const struct ofp_features *ft)
{
	static const struct bit_name caps10[] = {
		{ OFPC_FLOW_STATS, "FLOW_STATS" },
		{ OFPC_TABLE_STATS, "TABLE_STATS" },
		{ OFPC_PORT_STATS, "PORT_STATS" },
		{ 1 << 3, "STP" },
		{ OFPC_IP_REASM, "IP_REASM" },
		{ OFPC_QUEUE_STATS, "QUEUE_STATS" },
		{ OFPC_ARP_MATCH_IP, "ARP_MATCH_IP" },
	};
	static const struct bit_name caps13[] = {
		{ OFPC_FLOW_STATS, "FLOW_STATS" },
		{ OFPC_TABLE_STATS, "TABLE_STATS" },
		{ OFPC_PORT_STATS, "PORT_STATS" },
		{ OFPC_GROUP_STATS, "GROUP_STATS" },
		{ OFPC_IP_REASM, "IP_REASM" },
		{ OFPC_QUEUE_STATS, "QUEUE_STATS" },
		{ OFPC_PORT_BLOCKED, "PORT_BLOCKED" },
	};
	/* OF1.0 action bits are the OFPAT10_* numbers; ovs-ofctl lists
	 * enqueue right after output. */
	static const struct bit_name acts10[] = {
		{ 1 << OFPAT10_OUTPUT, "output" },
		{ 1 << OFPAT10_ENQUEUE, "enqueue" },
		{ 1 << OFPAT10_SET_VLAN_VID, "set_vlan_vid" },
		{ 1 << OFPAT10_SET_VLAN_PCP, "set_vlan_pcp" },
		{ 1 << OFPAT10_STRIP_VLAN, "strip_vlan" },
		{ 1 << OFPAT10_SET_DL_SRC, "mod_dl_src" },
		{ 1 << OFPAT10_SET_DL_DST, "mod_dl_dst" },
		{ 1 << OFPAT10_SET_NW_SRC, "mod_nw_src" },
		{ 1 << OFPAT10_SET_NW_DST, "mod_nw_dst" },
		{ 1 << OFPAT10_SET_NW_TOS, "mod_nw_tos" },
		{ 1 << OFPAT10_SET_TP_SRC, "mod_tp_src" },
		{ 1 << OFPAT10_SET_TP_DST, "mod_tp_dst" },
	};

	fprintf(f, " dpid:%016" PRIx64 "\n", ft->datapath_id);
	fprintf(f, "n_tables:%u, n_buffers:%" PRIu32 "\n", ft->n_tables,
		ft->n_buffers);
	if (version == OFP13_VERSION && ft->auxiliary_id)
		fprintf(f, "auxiliary_id:%u\n", ft->auxiliary_id);
	fprintf(f, "capabilities: ");
	if (version == OFP10_VERSION)
		print_bits(f, ft->capabilities, caps10, ARRAY_SIZE(caps10));
	else
		print_bits(f, ft->capabilities, caps13, ARRAY_SIZE(caps13));
	fputc('\n', f);
	if (version == OFP10_VERSION) {
		fprintf(f, "actions: ");
		print_bits(f, ft->actions, acts10, ARRAY_SIZE(acts10));
		fputc('\n', f);
	}
}

static const struct bit_name port_features[] = {
	{ 1 << 0, "10MB-HD" }, { 1 << 1, "10MB-FD" },
	{ 1 << 2, "100MB-HD" }, { 1 << 3, "100MB-FD" },
	{ 1 << 4, "1GB-HD" }, { 1 << 5, "1GB-FD" },
	{ 1 << 6, "10GB-FD" }, { 1 << 7, "40GB-FD" },
	{ 1 << 8, "100GB-FD" }, { 1 << 9, "1TB-FD" },
	{ 1 << 10, "OTHER" }, { 1 << 11, "COPPER" },
	{ 1 << 12, "FIBER" }, { 1 << 13, "AUTO_NEG" },
	{ 1 << 14, "AUTO_PAUSE" }, { 1 << 15, "AUTO_PAUSE_ASYM" },
};

static void print_port_features(FILE *f, const char *label, uint32_t x)
{
	if (!x)
		return;
	fprintf(f, "     %-12s", label);
	print_bits(f, x, port_features, ARRAY_SIZE(port_features));
	fputc('\n', f);
}

void ofctl_print_port_desc(FILE *f, const struct ofp_port_desc *pd)
{
	static const struct bit_name config[] = {
		{ OFPPC_PORT_DOWN, "PORT_DOWN" },
		{ OFPPC10_NO_STP, "NO_STP" },
		{ OFPPC_NO_RECV, "NO_RECV" },
		{ OFPPC10_NO_RECV_STP, "NO_RECV_STP" },
		{ OFPPC10_NO_FLOOD, "NO_FLOOD" },
		{ OFPPC_NO_FWD, "NO_FWD" },
		{ OFPPC_NO_PACKET_IN, "NO_PACKET_IN" },
	};
	static const struct bit_name state[] = {
		{ OFPPS_LINK_DOWN, "LINK_DOWN" },
		{ OFPPS_BLOCKED, "BLOCKED" },
		{ OFPPS_LIVE, "LIVE" },
	};
	const uint8_t *a = pd->hw_addr;
	char port[16];

	ofctl_port_name(pd->port_no, port, sizeof port);
	fprintf(f, " %s(%s): addr:%02x:%02x:%02x:%02x:%02x:%02x\n", port,
		pd->name, a[0], a[1], a[2], a[3], a[4], a[5]);
	fprintf(f, "     %-12s", "config:");
	print_bits(f, pd->config, config, ARRAY_SIZE(config));
	fprintf(f, "\n     %-12s", "state:");
	print_bits(f, pd->state, state, ARRAY_SIZE(state));
	fputc('\n', f);
	print_port_features(f, "current:", pd->curr);
	print_port_features(f, "advertised:", pd->advertised);
	print_port_features(f, "supported:", pd->supported);
	print_port_features(f, "peer:", pd->peer);
	if (pd->curr_speed || pd->max_speed)
		fprintf(f, "     speed: %" PRIu32 " Mbps now, %" PRIu32
			" Mbps max\n", pd->curr_speed / 1000,
			pd->max_speed / 1000);
}

void ofctl_print_switch_config(FILE *f, const struct ofp_switch_config_msg *c)
{
	static const char *const frags[] = {
		"normal", "drop", "reassemble", "nx-match"
	};

	fprintf(f, " frags=%s miss_send_len=%u\n",
		frags[c->flags & OFPC_FRAG_MASK], c->miss_send_len);
}

/* ovs-ofctl shows a counter the switch does not keep (all ones) as "?". */
static void print_counter(FILE *f, const char *name, uint64_t v, bool last)
{
	if (v == UINT64_MAX)
		fprintf(f, "%s=?", name);
	else
		fprintf(f, "%s=%" PRIu64, name, v);
	fprintf(f, last ? "\n" : ", ");
}

void ofctl_print_port_stats(FILE *f, uint8_t version,
			    const struct ofp_port_stats *ps)
{
	char port[16];

	if (ps->port_no < OFPP_MAX)
		snprintf(port, sizeof port, "%2" PRIu32, ps->port_no);
	else
		ofctl_port_name(ps->port_no, port, sizeof port);
	fprintf(f, "  port %s: rx ", port);
	print_counter(f, "pkts", ps->rx_packets, false);
	print_counter(f, "bytes", ps->rx_bytes, false);
	print_counter(f, "drop", ps->rx_dropped, false);
	print_counter(f, "errs", ps->rx_errors, false);
	print_counter(f, "frame", ps->rx_frame_err, false);
	print_counter(f, "over", ps->rx_over_err, false);
	print_counter(f, "crc", ps->rx_crc_err, true);
	fprintf(f, "           tx ");
	print_counter(f, "pkts", ps->tx_packets, false);
	print_counter(f, "bytes", ps->tx_bytes, false);
	print_counter(f, "drop", ps->tx_dropped, false);
	print_counter(f, "errs", ps->tx_errors, false);
	print_counter(f, "coll", ps->collisions, true);
	if (version == OFP13_VERSION && ps->duration_sec != UINT32_MAX)
		fprintf(f, "           duration=%" PRIu32 ".%03" PRIu32 "s\n",
			ps->duration_sec, ps->duration_nsec / 1000000);
}

static bool same_table_stats(const struct ofp_table_stats *a,
			     const struct ofp_table_stats *b)
{
	return a->active_count == b->active_count &&
	       a->lookup_count == b->lookup_count &&
	       a->matched_count == b->matched_count &&
	       a->max_entries == b->max_entries;
}

static void print_table(FILE *f, uint8_t version,
			const struct ofp_table_stats *t)
{
	/* Like ovs-ofctl, no OF1.0 table name: "table0", "classifier"... */
	fprintf(f, "  table %u:\n    active=%" PRIu32 ", lookup=%" PRIu64
		", matched=%" PRIu64 "\n", t->table_id, t->active_count,
		t->lookup_count,
		t->matched_count);
	if (version == OFP10_VERSION)
		fprintf(f, "    max_entries=%" PRIu32 "\n", t->max_entries);
}

void ofctl_print_tables(FILE *f, uint8_t version,
			const struct ofp_table_stats *t, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i + 1;

		if (i)
			fputc('\n', f);
		print_table(f, version, &t[i]);
		/* A run of tables with T[i]'s counters (names are not
		 * shown) collapses into one "ditto" line. */
		while (j < n && same_table_stats(&t[j], &t[i]))
			j++;
		if (j - i > 2) {
			fprintf(f, "\n  tables %u...%u: ditto\n",
				t[i + 1].table_id, t[j - 1].table_id);
			i = j;
		} else {
			i++;
		}
	}
}

const char *ofctl_group_type_name(uint8_t type)
{
	static const char *const names[] = {
		"all", "select", "indirect", "ff"
	};

	return type < ARRAY_SIZE(names) ? names[type] : "unknown";
}

void ofctl_print_group_desc(FILE *f, const struct ofp_group_desc *gd)
{
	size_t i;

	fprintf(f, " group_id=%" PRIu32 ",type=%s", gd->group_id,
		ofctl_group_type_name(gd->type));
	for (i = 0; i < gd->n_buckets; i++) {
		const struct ofp_bucket *b = &gd->buckets[i];
		char *acts = ofpacts_to_string(b->ofpacts, b->ofpacts_len);
		char port[16];

		fprintf(f, ",bucket=");
		if (gd->type == OFPGT_SELECT)
			fprintf(f, "weight:%u,", b->weight);
		if (b->watch_port != OFPP_ANY) {
			ofctl_port_name(b->watch_port, port, sizeof port);
			fprintf(f, "watch_port:%s,", port);
		}
		if (b->watch_group != OFPG_ANY)
			fprintf(f, "watch_group:%" PRIu32 ",", b->watch_group);
		fprintf(f, "actions=%s", acts);
		free(acts);
	}
	fputc('\n', f);
}

/* lib/ofp-errors.c names the codes of the flow-related error types;
 * groups are ours to name (OpenFlow 1.3.x, section A.4.4). */
static const char *group_mod_code(int code)
{
	static const char *const names[] = {
		"OFPGMFC_GROUP_EXISTS", "OFPGMFC_INVALID_GROUP",
		"OFPGMFC_WEIGHT_UNSUPPORTED", "OFPGMFC_OUT_OF_GROUPS",
		"OFPGMFC_OUT_OF_BUCKETS", "OFPGMFC_CHAINING_UNSUPPORTED",
		"OFPGMFC_WATCH_UNSUPPORTED", "OFPGMFC_LOOP",
		"OFPGMFC_UNKNOWN_GROUP", "OFPGMFC_CHAINED_GROUP",
		"OFPGMFC_BAD_TYPE", "OFPGMFC_BAD_COMMAND",
		"OFPGMFC_BAD_BUCKET", "OFPGMFC_BAD_WATCH", "OFPGMFC_EPERM",
	};

	return code >= 0 && (size_t)code < ARRAY_SIZE(names) ? names[code]
							      : NULL;
}

void ofctl_print_error(FILE *f, uint8_t version, const struct ofp_error *e)
{
	int err = e->err ? e->err : ofperr_decode(version, e->type, e->code);
	const char *code = NULL;

	if (ofperr_type(err) == OFPET_GROUP_MOD_FAILED)
		code = group_mod_code(ofperr_code(err));
	if (code)
		fprintf(f, " OFPET_GROUP_MOD_FAILED/%s", code);
	else
		fprintf(f, " %s", ofperr_to_string(err));
	fprintf(f, " (type=%u, code=%u)\n", e->type, e->code);
}
