/* Unit tests for lib/ofp-msgs.c and lib/ofp-group.c. */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "buf.h"
#include "ofp-errors.h"
#include "ofp-group.h"
#include "ofp-msgs.h"

static const uint8_t versions[] = { OFP10_VERSION, OFP13_VERSION };

/* Checks that B holds exactly one message of TYPE with XID. */
static void check_msg(const struct buf *b, enum ofptype want, uint32_t xid)
{
	enum ofptype t;

	assert_int_equal(ofp_decode_type(b->data, b->size, &t), 0);
	assert_int_equal(t, want);
	assert_int_equal(ofp_xid(b->data), xid);
}

static void set_u(struct match *m, enum mf_id id, uint64_t v)
{
	union mf_value val;
	int i;

	memset(&val, 0, sizeof val);
	for (i = mf_fields[id].n_bytes - 1; i >= 0; i--, v >>= 8)
		val.b[i] = v;
	assert_int_equal(mf_set(id, &val, NULL, m), 0);
}

static void test_hello(void **state)
{
	struct buf b = BUF_INITIALIZER;
	uint32_t bm;
	uint8_t plain[8] = { 0x05, 0, 0, 8, 0, 0, 0, 1 };
	uint8_t bad[16] = { 0x04, 0, 0, 16, 0, 0, 0, 1, 0, 1, 0, 2 };

	ofp_encode_hello(&b, OFP13_VERSION, 9, OFP_SUPPORTED_VERSIONS);
	check_msg(&b, OFPTYPE_HELLO, 9);
	assert_int_equal(b.size, 16);
	assert_int_equal(ofp_decode_hello(b.data, &bm), 0);
	assert_int_equal(bm, OFP_SUPPORTED_VERSIONS);
	assert_int_equal(ofp_negotiate_version(OFP_SUPPORTED_VERSIONS, bm), 4);
	/* A plain OF1.4 hello: versions 1..5; we pick 4. */
	assert_int_equal(ofp_decode_hello(plain, &bm), 0);
	assert_int_equal(bm, 0x3e);
	assert_int_equal(ofp_negotiate_version(OFP_SUPPORTED_VERSIONS, bm), 4);
	/* Only OF1.1 in common: nothing. */
	assert_int_equal(ofp_negotiate_version(OFP_SUPPORTED_VERSIONS, 1 << 2),
			 -1);
	/* Bitmap element too short. */
	assert_int_equal(ofp_decode_hello(bad, &bm), E_REQ(BAD_LEN));
	buf_uninit(&b);
}

static void test_header_errors(void **state)
{
	uint8_t m[16] = { 0x04, OFPT_FEATURES_REQUEST, 0, 8, 0, 0, 0, 1 };
	enum ofptype t;

	assert_int_equal(ofp_decode_type(m, 8, &t), 0);
	assert_int_equal(t, OFPTYPE_FEATURES_REQUEST);
	assert_int_equal(ofp_decode_type(m, 4, &t), E_REQ(BAD_LEN));
	assert_int_equal(ofp_decode_type(m, 9, &t), E_REQ(BAD_LEN));
	m[3] = 9;	/* header-only message with a body */
	assert_int_equal(ofp_decode_type(m, 9, &t), E_REQ(BAD_LEN));
	m[3] = 8;
	m[0] = 0x03;
	assert_int_equal(ofp_decode_type(m, 8, &t), E_REQ(BAD_VERSION));
	m[0] = 0x04;
	m[1] = 99;
	assert_int_equal(ofp_decode_type(m, 8, &t), E_REQ(BAD_TYPE));
	m[0] = 0x01;
	m[1] = OFPT_ROLE_REQUEST;	/* not in OF1.0 */
	assert_int_equal(ofp_decode_type(m, 8, &t), E_REQ(BAD_TYPE));
	m[1] = OFPT_EXPERIMENTER;
	assert_int_equal(ofp_decode_type(m, 8, &t), E_REQ(BAD_EXPERIMENTER));
	/* Multipart: short, unknown type, OF1.3-only type in OF1.0. */
	m[0] = 0x04;
	m[1] = OFPT_MULTIPART_REQUEST;
	m[3] = 12;
	assert_int_equal(ofp_decode_type(m, 12, &t), E_REQ(BAD_LEN));
	m[3] = 16;
	m[8] = 0;
	m[9] = 77;
	assert_int_equal(ofp_decode_type(m, 16, &t), E_REQ(BAD_MULTIPART));
	m[0] = 0x01;
	m[1] = OFPT10_STATS_REQUEST;
	m[9] = OFPMP_PORT_DESC;
	assert_int_equal(ofp_decode_type(m, 16, &t), E_REQ(BAD_MULTIPART));
}

static void test_error(void **state)
{
	struct buf b = BUF_INITIALIZER;
	uint8_t req[100];
	struct ofp_error e;
	size_t i;

	for (i = 0; i < sizeof req; i++)
		req[i] = i;
	req[0] = OFP13_VERSION;
	req[1] = OFPT_FLOW_MOD;
	req[2] = 0;
	req[3] = sizeof req;
	ofp_encode_error_reply(&b, E_MATCH(BAD_PREREQ), req, sizeof req);
	check_msg(&b, OFPTYPE_ERROR, ofp_xid(req));
	assert_int_equal(b.size, 12 + 64);
	assert_int_equal(ofp_decode_error(b.data, &e), 0);
	assert_int_equal(e.type, OFPET_BAD_MATCH);
	assert_int_equal(e.code, OFPBMC_BAD_PREREQ);
	assert_int_equal(e.err, E_MATCH(BAD_PREREQ));
	assert_int_equal(e.data_len, 64);
	assert_memory_equal(e.data, req, 64);

	/* OF1.0 peers get OF1.0 numbers. */
	buf_clear(&b);
	req[0] = OFP10_VERSION;
	ofp_encode_error_reply(&b, E_FMOD(OVERLAP), req, 20);
	assert_int_equal(ofp_decode_error(b.data, &e), 0);
	assert_int_equal(e.type, OFPET10_FLOW_MOD_FAILED);
	assert_int_equal(e.code, OFPFMFC10_OVERLAP);
	assert_int_equal(e.err, E_FMOD(OVERLAP));
	assert_int_equal(e.data_len, 20);
	buf_clear(&b);
	ofp_encode_error_reply(&b, E_MATCH(BAD_FIELD), req, 20);
	ofp_decode_error(b.data, &e);
	assert_int_equal(e.type, OFPET10_FLOW_MOD_FAILED);
	/* Too short to have a header: OF1.3, xid 0. */
	buf_clear(&b);
	ofp_encode_error_reply(&b, E_REQ(BAD_LEN), req, 3);
	check_msg(&b, OFPTYPE_ERROR, 0);
	buf_uninit(&b);
}

static void test_echo(void **state)
{
	struct buf b = BUF_INITIALIZER, r = BUF_INITIALIZER;
	const uint8_t *data;
	size_t len;
	int i;

	for (i = 0; i < 2; i++) {
		buf_clear(&b);
		buf_clear(&r);
		ofp_encode_echo(&b, versions[i], 77, false, "ping", 4);
		check_msg(&b, OFPTYPE_ECHO_REQUEST, 77);
		ofp_encode_echo_reply(&r, b.data);
		check_msg(&r, OFPTYPE_ECHO_REPLY, 77);
		assert_int_equal(ofp_decode_echo(r.data, &data, &len), 0);
		assert_int_equal(len, 4);
		assert_memory_equal(data, "ping", 4);
		assert_int_equal(((uint8_t *)r.data)[0], versions[i]);
	}
	buf_uninit(&b);
	buf_uninit(&r);
}

static void test_simple(void **state)
{
	struct buf b = BUF_INITIALIZER;

	assert_int_equal(ofp_encode_simple(&b, OFP10_VERSION,
					   OFPTYPE_BARRIER_REQUEST, 5), 0);
	check_msg(&b, OFPTYPE_BARRIER_REQUEST, 5);
	assert_int_equal(((uint8_t *)b.data)[1], OFPT10_BARRIER_REQUEST);
	buf_clear(&b);
	assert_int_equal(ofp_encode_simple(&b, OFP13_VERSION,
					   OFPTYPE_BARRIER_REPLY, 6), 0);
	check_msg(&b, OFPTYPE_BARRIER_REPLY, 6);
	assert_int_equal(((uint8_t *)b.data)[1], OFPT_BARRIER_REPLY);
	buf_clear(&b);
	assert_int_equal(ofp_encode_simple(&b, OFP10_VERSION,
					   OFPTYPE_GET_ASYNC_REQUEST, 6),
			 E_REQ(BAD_TYPE));
	assert_int_equal(b.size, 0);
	buf_uninit(&b);
}

static void fill_port(struct ofp_port_desc *p, uint32_t no)
{
	memset(p, 0, sizeof *p);
	p->port_no = no;
	memcpy(p->hw_addr, "\x02\0\0\0\0\x07", 6);
	strcpy(p->name, "eth-long-name-xy");	/* 16 chars: truncated */
	p->config = OFPPC_NO_FWD;
	p->state = OFPPS_LINK_DOWN;
	p->curr = OFPPF_1GB_FD | OFPPF_COPPER;
	p->supported = OFPPF_10GB_FD;
}

static void test_features(void **state)
{
	struct buf b = BUF_INITIALIZER, ports = BUF_INITIALIZER;
	struct ofp_port_desc pd[2];
	struct ofp_features f, back;
	int i;

	fill_port(&pd[0], 1);
	fill_port(&pd[1], OFPP_LOCAL);
	memset(&f, 0, sizeof f);
	f.datapath_id = 0x0000123456789abcULL;
	f.n_buffers = 256;
	f.n_tables = 254;
	f.capabilities = OFPC_FLOW_STATS | OFPC_PORT_STATS;
	for (i = 0; i < 2; i++) {
		buf_clear(&b);
		f.ports = i == 0 ? pd : NULL;
		f.n_ports = i == 0 ? 2 : 0;
		f.actions = i == 0 ? 0xfff : 0;
		f.auxiliary_id = i == 1 ? 3 : 0;
		assert_int_equal(ofp_encode_features_reply(&b, versions[i], 1,
							   &f), 0);
		check_msg(&b, OFPTYPE_FEATURES_REPLY, 1);
		assert_int_equal(ofp_decode_features_reply(b.data, &back,
							   &ports), 0);
		assert_int_equal(back.datapath_id, f.datapath_id);
		assert_int_equal(back.n_buffers, 256);
		assert_int_equal(back.n_tables, 254);
		assert_int_equal(back.capabilities, f.capabilities);
		assert_int_equal(back.actions, f.actions);
		assert_int_equal(back.auxiliary_id, f.auxiliary_id);
		assert_int_equal(back.n_ports, f.n_ports);
	}
	/* OF1.0 ports: port numbers and feature bits converted back. */
	buf_clear(&b);
	f.ports = pd;
	f.n_ports = 2;
	ofp_encode_features_reply(&b, OFP10_VERSION, 1, &f);
	ofp_decode_features_reply(b.data, &back, &ports);
	assert_int_equal(back.ports[1].port_no, OFPP_LOCAL);
	assert_int_equal(back.ports[0].curr, OFPPF_1GB_FD | OFPPF_COPPER);
	assert_string_equal(back.ports[0].name, "eth-long-name-x");
	/* Bad length: half a port. */
	((uint8_t *)b.data)[3] -= 24;
	assert_int_equal(ofp_decode_features_reply(b.data, &back, &ports),
			 E_REQ(BAD_LEN));
	buf_uninit(&b);
	buf_uninit(&ports);
}

static void test_config(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct ofp_switch_config_msg c = { OFPC_FRAG_DROP, 200 }, back;
	int i;

	for (i = 0; i < 2; i++) {
		buf_clear(&b);
		ofp_encode_switch_config(&b, versions[i], 3, true, &c);
		check_msg(&b, OFPTYPE_SET_CONFIG, 3);
		assert_int_equal(ofp_decode_switch_config(b.data, &back), 0);
		assert_int_equal(back.flags, c.flags);
		assert_int_equal(back.miss_send_len, 200);
		buf_clear(&b);
		ofp_encode_switch_config(&b, versions[i], 3, false, &c);
		check_msg(&b, OFPTYPE_GET_CONFIG_REPLY, 3);
	}
	c.flags = 0x80;
	buf_clear(&b);
	ofp_encode_switch_config(&b, OFP13_VERSION, 3, true, &c);
	assert_int_equal(ofp_decode_switch_config(b.data, &back),
			 OFPERR(OFPET_SWITCH_CONFIG_FAILED, OFPSCFC_BAD_FLAGS));
	buf_uninit(&b);
}

static void test_packet_in(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct ofp_packet_in pin, back;
	static const uint8_t frame[60] = { 1, 2, 3, 4, 5, 6 };
	int i;

	memset(&pin, 0, sizeof pin);
	match_init_catchall(&pin.match);
	set_u(&pin.match, MFF_IN_PORT, 3);
	pin.buffer_id = OFP_NO_BUFFER;
	pin.total_len = 60;
	pin.reason = OFPR_ACTION;
	pin.data = frame;
	pin.data_len = sizeof frame;
	for (i = 0; i < 2; i++) {
		buf_clear(&b);
		pin.table_id = i ? 2 : 0;
		pin.cookie = i ? 0xabcdef : 0;
		assert_int_equal(ofp_encode_packet_in(&b, versions[i], 4, &pin),
				 0);
		check_msg(&b, OFPTYPE_PACKET_IN, 4);
		assert_int_equal(ofp_decode_packet_in(b.data, &back), 0);
		assert_int_equal(back.buffer_id, OFP_NO_BUFFER);
		assert_int_equal(back.total_len, 60);
		assert_int_equal(back.reason, OFPR_ACTION);
		assert_int_equal(back.table_id, pin.table_id);
		assert_int_equal(back.cookie, pin.cookie);
		assert_true(match_equal(&back.match, &pin.match));
		assert_int_equal(back.data_len, sizeof frame);
		assert_memory_equal(back.data, frame, sizeof frame);
	}
	/* OF1.3 with metadata in the match too. */
	buf_clear(&b);
	set_u(&pin.match, MFF_METADATA, 0x55);
	ofp_encode_packet_in(&b, OFP13_VERSION, 4, &pin);
	ofp_decode_packet_in(b.data, &back);
	assert_true(match_equal(&back.match, &pin.match));
	/* Truncated: no room for the 2 pad bytes. */
	buf_clear(&b);
	pin.data_len = 0;
	ofp_encode_packet_in(&b, OFP13_VERSION, 4, &pin);
	b.size -= 2;
	((uint8_t *)b.data)[3] -= 2;
	assert_int_equal(ofp_decode_packet_in(b.data, &back), E_REQ(BAD_LEN));
	buf_uninit(&b);
}

static void test_packet_out(void **state)
{
	struct buf b = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct buf back_acts = BUF_INITIALIZER;
	struct ofp_packet_out po, back;
	static const uint8_t frame[14] = { 0xff, 0xff };
	int i;

	ofpact_put_output(&acts, OFPP_TABLE, 0);
	ofpact_put_output(&acts, 2, 0);
	memset(&po, 0, sizeof po);
	po.buffer_id = OFP_NO_BUFFER;
	po.in_port = OFPP_CONTROLLER;
	po.ofpacts = (void *)acts.data;
	po.ofpacts_len = acts.size;
	po.data = frame;
	po.data_len = sizeof frame;
	for (i = 0; i < 2; i++) {
		buf_clear(&b);
		assert_int_equal(ofp_encode_packet_out(&b, versions[i], 8, &po),
				 0);
		check_msg(&b, OFPTYPE_PACKET_OUT, 8);
		assert_int_equal(ofp_decode_packet_out(b.data, &back,
						       &back_acts), 0);
		assert_int_equal(back.in_port, OFPP_CONTROLLER);
		assert_int_equal(back.buffer_id, OFP_NO_BUFFER);
		assert_true(ofpacts_equal(back.ofpacts, back.ofpacts_len,
					  po.ofpacts, po.ofpacts_len));
		assert_int_equal(back.data_len, sizeof frame);
	}
	/* actions_len past the end. */
	((uint8_t *)b.data)[17] = 0xff;
	assert_int_equal(ofp_decode_packet_out(b.data, &back, &back_acts),
			 E_REQ(BAD_LEN));
	/* Bad in_port. */
	buf_clear(&b);
	po.in_port = OFPP_FLOOD;
	ofp_encode_packet_out(&b, OFP13_VERSION, 8, &po);
	assert_int_equal(ofp_decode_packet_out(b.data, &back, &back_acts),
			 E_REQ(BAD_PORT));
	buf_uninit(&b);
	buf_uninit(&acts);
	buf_uninit(&back_acts);
}

static void test_flow_mod(void **state)
{
	struct buf b = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct buf back_acts = BUF_INITIALIZER;
	struct ofp_flow_mod fm, back;
	int i, c;

	ofpact_put_output(&acts, 2, 0);
	ofpact_put_output(&acts, OFPP_CONTROLLER, 128);
	for (i = 0; i < 2; i++) {
		for (c = OFPFC_ADD; c <= OFPFC_DELETE_STRICT; c++) {
			ofp_flow_mod_init(&fm);
			match_init_catchall(&fm.match);
			set_u(&fm.match, MFF_IN_PORT, 1);
			set_u(&fm.match, MFF_ETH_TYPE, 0x0800);
			set_u(&fm.match, MFF_IP_PROTO, 6);
			set_u(&fm.match, MFF_TCP_DST, 80);
			fm.command = c;
			fm.cookie = 0x1122334455667788ULL;
			fm.cookie_mask = i && c != OFPFC_ADD ? ~0ULL : 0;
			fm.table_id = c >= OFPFC_DELETE ? OFPTT_ALL : 0;
			fm.idle_timeout = 10;
			fm.hard_timeout = 20;
			fm.priority = 100;
			fm.buffer_id = 7;
			fm.out_port = c >= OFPFC_DELETE ? 2 : OFPP_ANY;
			fm.flags = OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP;
			fm.ofpacts = (void *)acts.data;
			fm.ofpacts_len = acts.size;
			buf_clear(&b);
			assert_int_equal(ofp_encode_flow_mod(&b, versions[i],
							     c, &fm), 0);
			check_msg(&b, OFPTYPE_FLOW_MOD, c);
			assert_int_equal(ofp_decode_flow_mod(b.data, &back,
							     &back_acts), 0);
			assert_true(match_equal(&back.match, &fm.match));
			assert_int_equal(back.command, c);
			assert_int_equal(back.cookie, fm.cookie);
			assert_int_equal(back.cookie_mask, fm.cookie_mask);
			assert_int_equal(back.table_id, fm.table_id);
			assert_int_equal(back.idle_timeout, 10);
			assert_int_equal(back.hard_timeout, 20);
			assert_int_equal(back.priority, 100);
			assert_int_equal(back.buffer_id, 7);
			assert_int_equal(back.out_port, fm.out_port);
			assert_int_equal(back.out_group, OFPG_ANY);
			assert_int_equal(back.flags, fm.flags);
			assert_true(ofpacts_equal(back.ofpacts,
						  back.ofpacts_len,
						  fm.ofpacts, fm.ofpacts_len));
		}
	}
	buf_uninit(&b);
	buf_uninit(&acts);
	buf_uninit(&back_acts);
}

static void test_flow_mod_errors(void **state)
{
	struct buf b = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct ofp_flow_mod fm, back;
	uint8_t *m;

	ofp_flow_mod_init(&fm);
	ofp_encode_flow_mod(&b, OFP13_VERSION, 1, &fm);
	m = b.data;
	m[25] = 9;		/* command */
	assert_int_equal(ofp_decode_flow_mod(m, &back, &acts),
			 E_FMOD(BAD_COMMAND));
	m[25] = OFPFC_ADD;
	m[24] = OFPTT_ALL;	/* add to "all tables" */
	assert_int_equal(ofp_decode_flow_mod(m, &back, &acts),
			 E_FMOD(BAD_TABLE_ID));
	m[24] = 0;
	m[45] = 0x80;		/* flags */
	assert_int_equal(ofp_decode_flow_mod(m, &back, &acts),
			 E_FMOD(BAD_FLAGS));
	m[45] = 0;
	m[49] = 0;		/* match type STANDARD */
	assert_int_equal(ofp_decode_flow_mod(m, &back, &acts),
			 E_MATCH(BAD_TYPE));
	m[49] = 1;
	m[3] = 40;		/* shorter than the fixed part */
	assert_int_equal(ofp_decode_flow_mod(m, &back, &acts),
			 E_REQ(BAD_LEN));

	/* set_field tcp_dst on a catch-all match. */
	buf_clear(&b);
	{
		union mf_value v;

		memset(&v, 0, sizeof v);
		v.be16 = htons(80);
		ofpact_put_set_field(&acts, MFF_TCP_DST, &v);
	}
	fm.ofpacts = (void *)acts.data;
	fm.ofpacts_len = acts.size;
	assert_int_equal(ofp_encode_flow_mod(&b, OFP13_VERSION, 1, &fm), 0);
	{
		struct buf a2 = BUF_INITIALIZER;

		assert_int_equal(ofp_decode_flow_mod(b.data, &back, &a2),
				 E_ACT(MATCH_INCONSISTENT));
		buf_uninit(&a2);
	}
	/* OF1.0 cannot carry table 3 or an IPv6 match. */
	buf_clear(&b);
	ofp_flow_mod_init(&fm);
	fm.table_id = 3;
	assert_int_equal(ofp_encode_flow_mod(&b, OFP10_VERSION, 1, &fm),
			 E_FMOD(BAD_TABLE_ID));
	fm.table_id = 0;
	set_u(&fm.match, MFF_ETH_TYPE, 0x86dd);
	set_u(&fm.match, MFF_IPV6_LABEL, 5);
	assert_int_equal(ofp_encode_flow_mod(&b, OFP10_VERSION, 1, &fm),
			 E_MATCH(BAD_FIELD));
	assert_int_equal(b.size, 0);
	buf_uninit(&b);
	buf_uninit(&acts);
}

static void test_flow_mod_selects(void **state)
{
	struct buf acts = BUF_INITIALIZER;
	struct ofp_flow_mod fm;
	struct match rule;

	ofpact_put_output(&acts, 2, 0);
	match_init_catchall(&rule);
	set_u(&rule, MFF_ETH_TYPE, 0x0800);
	set_u(&rule, MFF_IPV4_DST, 0x0a000001);

	ofp_flow_mod_init(&fm);
	fm.command = OFPFC_DELETE;
	assert_true(ofp_flow_mod_selects(&fm, &rule, 5, 0, (void *)acts.data,
					 acts.size));
	fm.command = OFPFC_DELETE_STRICT;
	assert_false(ofp_flow_mod_selects(&fm, &rule, 5, 0, (void *)acts.data,
					  acts.size));
	fm.match = rule;
	fm.priority = 5;
	assert_true(ofp_flow_mod_selects(&fm, &rule, 5, 0, (void *)acts.data,
					 acts.size));
	assert_false(ofp_flow_mod_selects(&fm, &rule, 6, 0, (void *)acts.data,
					  acts.size));
	/* Cookie filter. */
	fm.cookie = 0x10;
	fm.cookie_mask = 0xf0;
	assert_false(ofp_flow_mod_selects(&fm, &rule, 5, 0x20,
					  (void *)acts.data, acts.size));
	assert_true(ofp_flow_mod_selects(&fm, &rule, 5, 0x1f,
					 (void *)acts.data, acts.size));
	/* out_port filter applies to deletes only. */
	fm.out_port = 3;
	assert_false(ofp_flow_mod_selects(&fm, &rule, 5, 0x10,
					  (void *)acts.data, acts.size));
	fm.command = OFPFC_MODIFY_STRICT;
	assert_true(ofp_flow_mod_selects(&fm, &rule, 5, 0x10,
					 (void *)acts.data, acts.size));
	buf_uninit(&acts);
}

static void test_flow_removed(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct ofp_flow_removed fr, back;
	int i;

	memset(&fr, 0, sizeof fr);
	set_u(&fr.match, MFF_ETH_TYPE, 0x0806);
	set_u(&fr.match, MFF_ARP_OP, 1);
	fr.cookie = 5;
	fr.priority = 7;
	fr.reason = OFPRR_IDLE_TIMEOUT;
	fr.duration_sec = 100;
	fr.duration_nsec = 500;
	fr.idle_timeout = 30;
	fr.packet_count = 1000;
	fr.byte_count = 64000;
	for (i = 0; i < 2; i++) {
		buf_clear(&b);
		fr.table_id = i ? 3 : 0;
		fr.hard_timeout = i ? 60 : 0;
		assert_int_equal(ofp_encode_flow_removed(&b, versions[i], 2,
							 &fr), 0);
		check_msg(&b, OFPTYPE_FLOW_REMOVED, 2);
		assert_int_equal(ofp_decode_flow_removed(b.data, &back), 0);
		assert_memory_equal(&back, &fr, sizeof fr);
	}
	buf_uninit(&b);
}

static void test_port_msgs(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct ofp_port_status ps, psb;
	struct ofp_port_mod pm, pmb;
	int i;

	memset(&ps, 0, sizeof ps);
	ps.reason = OFPPR_MODIFY;
	fill_port(&ps.desc, 4);
	memset(ps.desc.name, 0, sizeof ps.desc.name);
	strcpy(ps.desc.name, "p4");
	memset(&pm, 0, sizeof pm);
	pm.port_no = 4;
	memcpy(pm.hw_addr, "\x02\0\0\0\0\x04", 6);
	pm.config = OFPPC_PORT_DOWN;
	pm.mask = OFPPC_PORT_DOWN;
	pm.advertise = OFPPF_1GB_FD;
	for (i = 0; i < 2; i++) {
		buf_clear(&b);
		ps.desc.curr_speed = i ? 1000000 : 0;
		assert_int_equal(ofp_encode_port_status(&b, versions[i], 1,
							&ps), 0);
		check_msg(&b, OFPTYPE_PORT_STATUS, 1);
		assert_int_equal(ofp_decode_port_status(b.data, &psb), 0);
		assert_memory_equal(&psb, &ps, sizeof ps);
		buf_clear(&b);
		assert_int_equal(ofp_encode_port_mod(&b, versions[i], 1, &pm),
				 0);
		check_msg(&b, OFPTYPE_PORT_MOD, 1);
		assert_int_equal(ofp_decode_port_mod(b.data, &pmb), 0);
		assert_memory_equal(&pmb, &pm, sizeof pm);
	}
	buf_clear(&b);
	pm.port_no = OFPP_FLOOD;
	ofp_encode_port_mod(&b, OFP13_VERSION, 1, &pm);
	assert_int_equal(ofp_decode_port_mod(b.data, &pmb),
			 OFPERR(OFPET_PORT_MOD_FAILED, OFPPMFC_BAD_PORT));
	buf_uninit(&b);
}

static void test_table_role_async(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct ofp_table_mod tm = { 3, 0 }, tmb;
	struct ofp_role r = { OFPCR_ROLE_MASTER, 42 }, rb;
	struct ofp_async_config ac = { { 1, 2 }, { 3, 4 }, { 5, 6 } }, acb;

	assert_int_equal(ofp_encode_table_mod(&b, OFP13_VERSION, 1, &tm), 0);
	check_msg(&b, OFPTYPE_TABLE_MOD, 1);
	assert_int_equal(ofp_decode_table_mod(b.data, &tmb), 0);
	assert_int_equal(tmb.table_id, 3);
	buf_clear(&b);
	assert_int_equal(ofp_encode_table_mod(&b, OFP10_VERSION, 1, &tm),
			 E_REQ(BAD_TYPE));

	assert_int_equal(ofp_encode_role(&b, OFP13_VERSION, 2, false, &r), 0);
	check_msg(&b, OFPTYPE_ROLE_REQUEST, 2);
	assert_int_equal(ofp_decode_role(b.data, &rb), 0);
	assert_int_equal(rb.role, OFPCR_ROLE_MASTER);
	assert_int_equal(rb.generation_id, 42);
	buf_clear(&b);
	ofp_encode_role(&b, OFP13_VERSION, 2, true, &r);
	check_msg(&b, OFPTYPE_ROLE_REPLY, 2);
	buf_clear(&b);
	r.role = 7;
	ofp_encode_role(&b, OFP13_VERSION, 2, false, &r);
	assert_int_equal(ofp_decode_role(b.data, &rb),
			 OFPERR(OFPET_ROLE_REQUEST_FAILED, OFPRRFC_BAD_ROLE));

	buf_clear(&b);
	assert_int_equal(ofp_encode_async_config(&b, OFP13_VERSION, 3,
						 OFPTYPE_SET_ASYNC, &ac), 0);
	check_msg(&b, OFPTYPE_SET_ASYNC, 3);
	assert_int_equal(ofp_decode_async_config(b.data, &acb), 0);
	assert_memory_equal(&acb, &ac, sizeof ac);
	buf_clear(&b);
	ofp_encode_async_config(&b, OFP13_VERSION, 3,
				OFPTYPE_GET_ASYNC_REPLY, &ac);
	check_msg(&b, OFPTYPE_GET_ASYNC_REPLY, 3);
	buf_clear(&b);
	ofp_encode_simple(&b, OFP13_VERSION, OFPTYPE_GET_ASYNC_REQUEST, 3);
	check_msg(&b, OFPTYPE_GET_ASYNC_REQUEST, 3);
	buf_uninit(&b);
}

static void test_group_mod(void **state)
{
	struct buf b = BUF_INITIALIZER, a1 = BUF_INITIALIZER;
	struct buf bk = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct ofp_bucket buckets[2];
	struct ofp_group_mod gm, back;
	uint8_t *m;

	ofpact_put_output(&a1, 1, 0);
	ofpact_put_output(&a1, 2, 0);
	memset(buckets, 0, sizeof buckets);
	buckets[0].weight = 1;
	buckets[0].watch_port = OFPP_ANY;
	buckets[0].watch_group = OFPG_ANY;
	buckets[0].ofpacts = (void *)a1.data;
	buckets[0].ofpacts_len = 16;
	buckets[1] = buckets[0];
	buckets[1].weight = 3;
	buckets[1].ofpacts = (void *)(a1.data + 16);
	gm.command = OFPGC_ADD;
	gm.type = OFPGT_SELECT;
	gm.group_id = 9;
	gm.buckets = buckets;
	gm.n_buckets = 2;
	assert_int_equal(ofp_encode_group_mod(&b, OFP13_VERSION, 1, &gm), 0);
	check_msg(&b, OFPTYPE_GROUP_MOD, 1);
	assert_int_equal(ofp_decode_group_mod(b.data, &back, &bk, &acts), 0);
	assert_int_equal(back.n_buckets, 2);
	assert_int_equal(back.group_id, 9);
	assert_int_equal(back.type, OFPGT_SELECT);
	assert_int_equal(back.buckets[1].weight, 3);
	assert_true(ofpacts_equal(back.buckets[1].ofpacts,
				  back.buckets[1].ofpacts_len,
				  buckets[1].ofpacts, 16));
	m = b.data;
	m[10] = OFPGT_ALL;	/* weights only for select groups */
	assert_int_equal(ofp_decode_group_mod(m, &back, &bk, &acts),
			 E_GMOD(WEIGHT_UNSUPPORTED));
	m[10] = 9;
	assert_int_equal(ofp_decode_group_mod(m, &back, &bk, &acts),
			 E_GMOD(BAD_TYPE));
	m[10] = OFPGT_FF;	/* fast failover without a watch */
	m[18] = m[19] = 0;	/* weight 0 */
	assert_int_equal(ofp_decode_group_mod(m, &back, &bk, &acts),
			 E_GMOD(BAD_WATCH));
	m[18] = 0;
	m[19] = 1;
	m[10] = OFPGT_SELECT;
	m[9] = 5;
	assert_int_equal(ofp_decode_group_mod(m, &back, &bk, &acts),
			 E_GMOD(BAD_COMMAND));
	m[9] = OFPGC_ADD;
	m[17] = 99;		/* first bucket's len */
	assert_int_equal(ofp_decode_group_mod(m, &back, &bk, &acts),
			 E_GMOD(BAD_BUCKET));
	buf_clear(&b);
	assert_int_equal(ofp_encode_group_mod(&b, OFP10_VERSION, 1, &gm),
			 E_REQ(BAD_TYPE));
	buf_uninit(&b);
	buf_uninit(&a1);
	buf_uninit(&bk);
	buf_uninit(&acts);
}

static void test_meter_mod(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct ofp_meter_mod mm, back;

	memset(&mm, 0, sizeof mm);
	mm.command = OFPMC_ADD;
	mm.flags = OFPMF_KBPS | OFPMF_BURST;
	mm.meter_id = 1;
	mm.n_bands = 2;
	mm.bands[0] = (struct ofp_meter_band){ OFPMBT_DROP, 1000, 100, 0 };
	mm.bands[1] = (struct ofp_meter_band){ OFPMBT_DSCP_REMARK, 500, 50, 1 };
	assert_int_equal(ofp_encode_meter_mod(&b, OFP13_VERSION, 1, &mm), 0);
	check_msg(&b, OFPTYPE_METER_MOD, 1);
	assert_int_equal(ofp_decode_meter_mod(b.data, &back), 0);
	assert_memory_equal(&back, &mm, sizeof mm);
	((uint8_t *)b.data)[11] = 3;	/* KBPS and PKTPS */
	assert_int_equal(ofp_decode_meter_mod(b.data, &back),
			 E_MMOD(BAD_FLAGS));
	buf_uninit(&b);
}

static void test_queue_config(void **state)
{
	struct buf b = BUF_INITIALIZER, qs = BUF_INITIALIZER;
	struct ofp_queue_desc q[2] = {
		{ 1, 3, 100, OFPQ_RATE_UNCFG }, { 2, 3, OFPQ_RATE_UNCFG, 500 },
	};
	const struct ofp_queue_desc *back;
	uint32_t port;
	size_t n;
	int i;

	for (i = 0; i < 2; i++) {
		buf_clear(&b);
		assert_int_equal(ofp_encode_queue_get_config_request(
			&b, versions[i], 1, 3), 0);
		check_msg(&b, OFPTYPE_QUEUE_GET_CONFIG_REQUEST, 1);
		assert_int_equal(ofp_decode_queue_get_config_request(b.data,
								     &port), 0);
		assert_int_equal(port, 3);
		buf_clear(&b);
		assert_int_equal(ofp_encode_queue_get_config_reply(
			&b, versions[i], 1, 3, q, 2), 0);
		check_msg(&b, OFPTYPE_QUEUE_GET_CONFIG_REPLY, 1);
		assert_int_equal(ofp_decode_queue_get_config_reply(
			b.data, &port, &qs, &n), 0);
		assert_int_equal(port, 3);
		assert_int_equal(n, 2);
		back = (const void *)qs.data;
		assert_int_equal(back[0].queue_id, 1);
		assert_int_equal(back[0].port, 3);
		assert_int_equal(back[0].min_rate, 100);
		assert_int_equal(back[1].min_rate, OFPQ_RATE_UNCFG);
		/* OF1.0 has no max_rate property. */
		assert_int_equal(back[1].max_rate,
				 i ? 500 : OFPQ_RATE_UNCFG);
	}
	/* A queue whose length runs past the message. */
	b.data[16 + 9] = 0xff;
	assert_int_equal(ofp_decode_queue_get_config_reply(b.data, &port, &qs,
							   &n),
			 E_REQ(BAD_LEN));
	buf_clear(&b);
	ofp_encode_queue_get_config_request(&b, OFP13_VERSION, 1, OFPP_FLOOD);
	assert_int_equal(ofp_decode_queue_get_config_request(b.data, &port),
			 OFPERR(OFPET_QUEUE_OP_FAILED, OFPQOFC_BAD_PORT));
	buf_uninit(&b);
	buf_uninit(&qs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hello),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_error),
		cmocka_unit_test(test_echo),
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_packet_in),
		cmocka_unit_test(test_packet_out),
		cmocka_unit_test(test_flow_mod),
		cmocka_unit_test(test_flow_mod_errors),
		cmocka_unit_test(test_flow_mod_selects),
		cmocka_unit_test(test_flow_removed),
		cmocka_unit_test(test_port_msgs),
		cmocka_unit_test(test_table_role_async),
		cmocka_unit_test(test_group_mod),
		cmocka_unit_test(test_meter_mod),
		cmocka_unit_test(test_queue_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
