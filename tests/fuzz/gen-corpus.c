/*
 * Writes the seed corpus for fuzz-ofp-msg into DIR: one valid message of
 * each kind in OF1.0 and OF1.3, built with the library's own encoders.
 * Not part of the build: "make fuzz-corpus" regenerates the seeds.
 */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "buf.h"
#include "ofp-errors.h"
#include "ofp-group.h"
#include "ofp-mp.h"
#include "ofp-msgs.h"
#include "ofp-parse.h"

static const char *dir;
static int n;

static void save(struct buf *b, const char *what, uint8_t v)
{
	char path[512];
	FILE *f;

	if (!b->size)
		return;
	snprintf(path, sizeof path, "%s/%02d-%s-of%d", dir, n++, what,
		 v == OFP10_VERSION ? 10 : 13);
	f = fopen(path, "wb");
	if (!f || fwrite(b->data, 1, b->size, f) != b->size)
		exit(1);
	fclose(f);
	buf_clear(b);
}

int main(int argc, char *argv[])
{
	static const char *const flows[] = {
		"priority=100,tcp,nw_dst=10.0.0.0/24,tp_dst=80,"
			"actions=mod_nw_dst:10.0.0.9,output:2",
		"in_port=1,dl_vlan=10,dl_src=02:00:00:00:00:01,"
			"actions=strip_vlan,controller:128",
		"arp,arp_op=1,actions=flood",
		"ipv6,ipv6_src=2001:db8::/32,actions=push_vlan:0x8100,"
			"set_field:5->vlan_vid,group:1,write_metadata:0x5/0xff,"
			"goto_table:1",
		"icmp6,icmp_type=135,nd_target=fe80::1,actions=clear_actions,"
			"write_actions(set_queue:1,output:3)",
	};
	static const uint8_t versions[] = { OFP10_VERSION, OFP13_VERSION };
	struct buf b = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct ofp_flow_mod fm;
	size_t i, j;

	if (argc != 2)
		return 2;
	dir = argv[1];
	for (j = 0; j < 2; j++) {
		uint8_t v = versions[j];
		struct ofp_switch_config_msg sc = { 0, 128 };
		struct ofp_port_desc pd = { .port_no = 1, .name = "eth0" };
		struct ofp_features f = { .datapath_id = 1, .n_tables = 254,
					  .ports = &pd, .n_ports = 1 };
		struct ofp_packet_in pin = { .buffer_id = OFP_NO_BUFFER,
					     .data = (const uint8_t *)"frame",
					     .data_len = 5 };
		struct ofp_packet_out po = { .buffer_id = OFP_NO_BUFFER,
					     .in_port = OFPP_CONTROLLER,
					     .data = (const uint8_t *)"frame",
					     .data_len = 5 };
		struct ofp_flow_removed fr = { .priority = 1 };
		struct ofp_port_status ps = { .reason = 0, .desc = pd };
		struct ofp_port_mod pm = { .port_no = 1 };
		struct ofp_flow_stats_request fsr;
		struct ofp_flow_stats fs;
		struct ofp_desc_stats ds = { .mfr_desc = "x" };
		struct ofp_port_stats pst = { .port_no = 1 };
		struct ofp_table_stats ts = { .table_id = 0 };

		ofp_encode_hello(&b, v, 1, OFP_SUPPORTED_VERSIONS);
		save(&b, "hello", v);
		ofp_encode_echo(&b, v, 2, false, "abc", 3);
		save(&b, "echo", v);
		ofp_encode_error(&b, v, 3, OFPERR(1, 6), "xxxxxxxx", 8);
		save(&b, "error", v);
		ofp_encode_simple(&b, v, OFPTYPE_FEATURES_REQUEST, 4);
		save(&b, "featreq", v);
		ofp_encode_features_reply(&b, v, 4, &f);
		save(&b, "features", v);
		ofp_encode_switch_config(&b, v, 5, true, &sc);
		save(&b, "setconfig", v);
		match_init_catchall(&pin.match);
		pin.match.flow.dp.in_port = 3;
		pin.match.mask.dp.in_port = ~0u;
		ofp_encode_packet_in(&b, v, 6, &pin);
		save(&b, "packetin", v);
		ofpact_put_output(&acts, 2, 0);
		po.ofpacts = (const void *)acts.data;
		po.ofpacts_len = acts.size;
		ofp_encode_packet_out(&b, v, 7, &po);
		save(&b, "packetout", v);
		ofp_encode_flow_removed(&b, v, 8, &fr);
		save(&b, "flowrem", v);
		ofp_encode_port_status(&b, v, 9, &ps);
		save(&b, "portstatus", v);
		ofp_encode_port_mod(&b, v, 9, &pm);
		save(&b, "portmod", v);
		ofp_encode_simple(&b, v, OFPTYPE_BARRIER_REQUEST, 10);
		save(&b, "barrier", v);
		for (i = 0; i < sizeof flows / sizeof flows[0]; i++) {
			if (ofp_parse_flow_mod(flows[i], OFPFC_ADD, &fm, &acts))
				return 1;
			ofp_encode_flow_mod(&b, v, 11, &fm);
			save(&b, "flowmod", v);
			fm.command = OFPFC_DELETE_STRICT;
			fm.table_id = OFPTT_ALL;
			ofp_encode_flow_mod(&b, v, 11, &fm);
			save(&b, "flowdel", v);
		}
		ofp_flow_stats_request_init(&fsr);
		ofp_encode_flow_stats_request(&b, v, 12, false, &fsr);
		save(&b, "flowstatsreq", v);
		memset(&fs, 0, sizeof fs);
		fs.ofpacts = fm.ofpacts;
		fs.ofpacts_len = fm.ofpacts_len;
		ofp_encode_flow_stats_reply(&b, v, 12, &fs, 1);
		save(&b, "flowstats", v);
		ofp_encode_mp_request(&b, v, 13, OFPMP_DESC);
		save(&b, "descreq", v);
		ofp_encode_desc_reply(&b, v, 13, &ds);
		save(&b, "desc", v);
		ofp_encode_port_stats_reply(&b, v, 14, &pst, 1);
		save(&b, "portstats", v);
		ofp_encode_table_stats_reply(&b, v, 15, &ts, 1);
		save(&b, "tablestats", v);
		{
			struct ofp_queue_desc q = { 1, 1, 100, 200 };

			ofp_encode_queue_get_config_request(&b, v, 22, 1);
			save(&b, "queuereq", v);
			ofp_encode_queue_get_config_reply(&b, v, 22, 1, &q, 1);
			save(&b, "queuereply", v);
		}
		if (v == OFP13_VERSION) {
			struct ofp_role r = { 2, 1 };
			struct ofp_async_config ac = { { 1, 1 }, { 1, 1 },
						       { 1, 1 } };
			struct ofp_bucket bk = { 0, OFPP_ANY, OFPG_ANY,
						 po.ofpacts, po.ofpacts_len };
			struct ofp_group_mod gm = { OFPGC_ADD, OFPGT_ALL, 1,
						    &bk, 1 };
			struct ofp_meter_mod mm = { .command = 0, .flags = 1,
				.meter_id = 1, .n_bands = 1,
				.bands = { { OFPMBT_DROP, 100, 10, 0 } } };
			struct ofp_group_desc gd = { OFPGT_ALL, 1, &bk, 1 };

			ofp_encode_role(&b, v, 16, false, &r);
			save(&b, "role", v);
			ofp_encode_async_config(&b, v, 17, OFPTYPE_SET_ASYNC,
						&ac);
			save(&b, "async", v);
			ofp_encode_group_mod(&b, v, 18, &gm);
			save(&b, "groupmod", v);
			ofp_encode_meter_mod(&b, v, 19, &mm);
			save(&b, "metermod", v);
			ofp_encode_port_desc_reply(&b, v, 20, &pd, 1);
			save(&b, "portdesc", v);
			ofp_encode_group_desc_reply(&b, v, 21, &gd, 1);
			save(&b, "groupdesc", v);
		}
	}
	buf_uninit(&b);
	buf_uninit(&acts);
	return 0;
}
