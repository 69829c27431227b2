/* Unit tests for lib/ofp-mp.c (multipart / stats). */
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
#include "ofp-mp.h"

static const uint8_t versions[] = { OFP10_VERSION, OFP13_VERSION };

/* Decodes the single multipart message in B. */
static void get_mp(const struct buf *b, bool reply, uint16_t type,
		   struct ofp_multipart *mp)
{
	enum ofptype t;

	assert_int_equal(ofp_decode_type(b->data, b->size, &t), 0);
	assert_int_equal(t, reply ? OFPTYPE_MULTIPART_REPLY
			 : OFPTYPE_MULTIPART_REQUEST);
	assert_int_equal(ofp_decode_multipart(b->data, mp), 0);
	assert_int_equal(mp->type, type);
	assert_int_equal(mp->reply, reply);
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

static void test_desc(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct ofp_desc_stats ds, back;
	struct ofp_multipart mp;
	int i;

	memset(&ds, 0, sizeof ds);
	strcpy(ds.mfr_desc, "Flowswitch project");
	strcpy(ds.hw_desc, "virtual");
	strcpy(ds.sw_desc, "0.1");
	strcpy(ds.serial_num, "None");
	strcpy(ds.dp_desc, "br0");
	for (i = 0; i < 2; i++) {
		buf_clear(&b);
		assert_int_equal(ofp_encode_mp_request(&b, versions[i], 1,
						       OFPMP_DESC), 0);
		get_mp(&b, false, OFPMP_DESC, &mp);
		assert_int_equal(mp.body_len, 0);
		buf_clear(&b);
		assert_int_equal(ofp_encode_desc_reply(&b, versions[i], 1, &ds),
				 0);
		get_mp(&b, true, OFPMP_DESC, &mp);
		assert_int_equal(ofp_decode_desc_reply(&mp, &back), 0);
		assert_memory_equal(&back, &ds, sizeof ds);
	}
	mp.body_len--;
	assert_int_equal(ofp_decode_desc_reply(&mp, &back), E_REQ(BAD_LEN));
	buf_uninit(&b);
}

static void test_flow_stats(void **state)
{
	struct buf b = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct buf back_acts = BUF_INITIALIZER;
	struct ofp_flow_stats_request r, rb;
	struct ofp_flow_stats fs[3], fb;
	struct ofp_aggregate_stats as = { 10, 1000, 3 }, asb;
	struct ofp_multipart mp;
	int i, j;

	ofpact_put_output(&acts, 1, 0);
	for (i = 0; i < 2; i++) {
		ofp_flow_stats_request_init(&r);
		set_u(&r.match, MFF_ETH_TYPE, 0x0800);
		r.out_port = 2;
		r.table_id = i ? 1 : OFPTT_ALL;
		if (i) {
			r.cookie = 5;
			r.cookie_mask = 0xff;
			r.out_group = 3;
		}
		for (j = 0; j < 2; j++) {
			buf_clear(&b);
			assert_int_equal(ofp_encode_flow_stats_request(
				&b, versions[i], 2, j, &r), 0);
			get_mp(&b, false, j ? OFPMP_AGGREGATE : OFPMP_FLOW,
			       &mp);
			assert_int_equal(ofp_decode_flow_stats_request(&mp,
								       &rb), 0);
			assert_memory_equal(&rb, &r, sizeof r);
		}

		memset(fs, 0, sizeof fs);
		for (j = 0; j < 3; j++) {
			set_u(&fs[j].match, MFF_IN_PORT, j + 1);
			fs[j].priority = 100 + j;
			fs[j].duration_sec = j;
			fs[j].idle_timeout = 5;
			fs[j].cookie = j * 7;
			fs[j].packet_count = 10 * j;
			fs[j].byte_count = 100 * j;
			fs[j].ofpacts = (void *)acts.data;
			fs[j].ofpacts_len = acts.size;
			fs[j].flags = i ? OFPFF_SEND_FLOW_REM : 0;
		}
		buf_clear(&b);
		assert_int_equal(ofp_encode_flow_stats_reply(&b, versions[i],
							     3, fs, 3), 0);
		get_mp(&b, true, OFPMP_FLOW, &mp);
		for (j = 0; j < 3; j++) {
			assert_int_equal(ofp_decode_flow_stats_next(&mp, &fb,
								    &back_acts),
					 0);
			assert_true(match_equal(&fb.match, &fs[j].match));
			assert_int_equal(fb.priority, 100 + j);
			assert_int_equal(fb.cookie, j * 7);
			assert_int_equal(fb.byte_count, 100 * j);
			assert_int_equal(fb.flags, fs[j].flags);
			assert_true(ofpacts_equal(fb.ofpacts, fb.ofpacts_len,
						  fs[j].ofpacts,
						  fs[j].ofpacts_len));
		}
		assert_int_equal(ofp_decode_flow_stats_next(&mp, &fb,
							    &back_acts),
				 OFP_MP_EOF);

		buf_clear(&b);
		assert_int_equal(ofp_encode_aggregate_reply(&b, versions[i], 4,
							    &as), 0);
		get_mp(&b, true, OFPMP_AGGREGATE, &mp);
		assert_int_equal(ofp_decode_aggregate_reply(&mp, &asb), 0);
		assert_int_equal(asb.packet_count, 10);
		assert_int_equal(asb.byte_count, 1000);
		assert_int_equal(asb.flow_count, 3);
	}
	/* A flow stats entry whose length overruns the body. */
	buf_clear(&b);
	ofp_encode_flow_stats_reply(&b, OFP13_VERSION, 3, fs, 1);
	((uint8_t *)b.data)[17] += 8;
	get_mp(&b, true, OFPMP_FLOW, &mp);
	assert_int_equal(ofp_decode_flow_stats_next(&mp, &fb, &back_acts),
			 E_REQ(BAD_LEN));
	buf_uninit(&b);
	buf_uninit(&acts);
	buf_uninit(&back_acts);
}

static void test_split(void **state)
{
	struct buf b = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct buf back_acts = BUF_INITIALIZER;
	struct ofp_flow_stats *fs, fb;
	struct ofp_multipart mp;
	size_t n = 2000, i, ofs = 0, got = 0, msgs = 0;

	ofpact_put_output(&acts, 1, 0);
	fs = calloc(n, sizeof *fs);
	for (i = 0; i < n; i++) {
		set_u(&fs[i].match, MFF_IN_PORT, 1 + i);
		fs[i].ofpacts = (void *)acts.data;
		fs[i].ofpacts_len = acts.size;
	}
	assert_int_equal(ofp_encode_flow_stats_reply(&b, OFP13_VERSION, 9, fs,
						     n), 0);
	assert_true(b.size > 65535);
	while (ofs < b.size) {
		size_t len = (b.data[ofs + 2] << 8) | b.data[ofs + 3];
		enum ofptype t;

		assert_int_equal(ofp_decode_type(b.data + ofs, len, &t), 0);
		assert_int_equal(ofp_decode_multipart(b.data + ofs, &mp), 0);
		msgs++;
		while (ofp_decode_flow_stats_next(&mp, &fb, &back_acts) == 0) {
			assert_int_equal(fb.match.flow.dp.in_port, 1 + got);
			got++;
		}
		ofs += len;
		assert_int_equal(mp.flags & OFPMPF_MORE, ofs < b.size);
	}
	assert_int_equal(got, n);
	assert_true(msgs >= 2);
	free(fs);
	buf_uninit(&b);
	buf_uninit(&acts);
	buf_uninit(&back_acts);
}

static void test_table_port_stats(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct ofp_table_stats ts[2], tsb;
	struct ofp_port_stats ps[2], psb;
	struct ofp_multipart mp;
	uint32_t port;
	int i, j;

	memset(ts, 0, sizeof ts);
	memset(ps, 0, sizeof ps);
	for (j = 0; j < 2; j++) {
		ts[j].table_id = j;
		ts[j].active_count = 3 + j;
		ts[j].lookup_count = 100;
		ts[j].matched_count = 50;
		ps[j].port_no = j ? OFPP_LOCAL : 1;
		ps[j].rx_packets = 11;
		ps[j].tx_bytes = 22;
		ps[j].collisions = 33;
	}
	for (i = 0; i < 2; i++) {
		buf_clear(&b);
		for (j = 0; j < 2; j++) {
			memset(ts[j].name, 0, sizeof ts[j].name);
			strcpy(ts[j].name, i ? "" : "classifier");
			ts[j].wildcards = i ? 0 : OFPFW10_ALL;
			ts[j].max_entries = i ? 0 : 1000000;
			ps[j].duration_sec = i ? 9 : 0;
		}
		assert_int_equal(ofp_encode_table_stats_reply(&b, versions[i],
							      1, ts, 2), 0);
		get_mp(&b, true, OFPMP_TABLE, &mp);
		for (j = 0; j < 2; j++) {
			assert_int_equal(ofp_decode_table_stats_next(&mp, &tsb),
					 0);
			assert_memory_equal(&tsb, &ts[j], sizeof tsb);
		}
		assert_int_equal(ofp_decode_table_stats_next(&mp, &tsb),
				 OFP_MP_EOF);

		buf_clear(&b);
		assert_int_equal(ofp_encode_port_stats_request(&b, versions[i],
							       1, OFPP_ANY), 0);
		get_mp(&b, false, OFPMP_PORT_STATS, &mp);
		assert_int_equal(ofp_decode_port_stats_request(&mp, &port), 0);
		assert_int_equal(port, OFPP_ANY);
		buf_clear(&b);
		assert_int_equal(ofp_encode_port_stats_reply(&b, versions[i],
							     1, ps, 2), 0);
		get_mp(&b, true, OFPMP_PORT_STATS, &mp);
		for (j = 0; j < 2; j++) {
			assert_int_equal(ofp_decode_port_stats_next(&mp, &psb),
					 0);
			assert_memory_equal(&psb, &ps[j], sizeof psb);
		}
		assert_int_equal(ofp_decode_port_stats_next(&mp, &psb),
				 OFP_MP_EOF);
	}
	/* A truncated entry. */
	mp.pos = 0;
	mp.body_len -= 8;
	assert_int_equal(ofp_decode_port_stats_next(&mp, &psb), 0);
	assert_int_equal(ofp_decode_port_stats_next(&mp, &psb), E_REQ(BAD_LEN));
	buf_uninit(&b);
}

static void test_port_desc(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct ofp_port_desc pd[2], pdb;
	struct ofp_multipart mp;
	int j;

	memset(pd, 0, sizeof pd);
	pd[0].port_no = 1;
	strcpy(pd[0].name, "eth1");
	pd[0].curr_speed = 10000000;
	pd[1].port_no = OFPP_LOCAL;
	strcpy(pd[1].name, "br0");
	pd[1].state = OFPPS_LIVE;
	assert_int_equal(ofp_encode_mp_request(&b, OFP13_VERSION, 1,
					       OFPMP_PORT_DESC), 0);
	get_mp(&b, false, OFPMP_PORT_DESC, &mp);
	buf_clear(&b);
	assert_int_equal(ofp_encode_mp_request(&b, OFP10_VERSION, 1,
					       OFPMP_PORT_DESC),
			 E_REQ(BAD_MULTIPART));
	assert_int_equal(b.size, 0);
	assert_int_equal(ofp_encode_port_desc_reply(&b, OFP13_VERSION, 1, pd,
						    2), 0);
	get_mp(&b, true, OFPMP_PORT_DESC, &mp);
	for (j = 0; j < 2; j++) {
		assert_int_equal(ofp_decode_port_desc_next(&mp, &pdb), 0);
		assert_memory_equal(&pdb, &pd[j], sizeof pdb);
	}
	assert_int_equal(ofp_decode_port_desc_next(&mp, &pdb), OFP_MP_EOF);
	buf_uninit(&b);
}

static void test_groups(void **state)
{
	struct buf b = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct buf bk = BUF_INITIALIZER, ba = BUF_INITIALIZER;
	struct ofp_bucket_stats bs[2] = { { 1, 2 }, { 3, 4 } };
	struct ofp_group_stats gs, gsb;
	struct ofp_bucket bucket;
	struct ofp_group_desc gd, gdb;
	struct ofp_multipart mp;
	uint32_t gid;

	assert_int_equal(ofp_encode_group_stats_request(&b, OFP13_VERSION, 1,
							OFPG_ALL), 0);
	get_mp(&b, false, OFPMP_GROUP, &mp);
	assert_int_equal(ofp_decode_group_stats_request(&mp, &gid), 0);
	assert_int_equal(gid, OFPG_ALL);

	memset(&gs, 0, sizeof gs);
	gs.group_id = 5;
	gs.ref_count = 2;
	gs.packet_count = 100;
	gs.buckets = bs;
	gs.n_buckets = 2;
	buf_clear(&b);
	assert_int_equal(ofp_encode_group_stats_reply(&b, OFP13_VERSION, 1,
						      &gs, 1), 0);
	get_mp(&b, true, OFPMP_GROUP, &mp);
	assert_int_equal(ofp_decode_group_stats_next(&mp, &gsb, &bk), 0);
	assert_int_equal(gsb.group_id, 5);
	assert_int_equal(gsb.n_buckets, 2);
	assert_int_equal(gsb.buckets[1].byte_count, 4);
	assert_int_equal(ofp_decode_group_stats_next(&mp, &gsb, &bk),
			 OFP_MP_EOF);

	ofpact_put_output(&acts, 3, 0);
	memset(&bucket, 0, sizeof bucket);
	bucket.watch_port = OFPP_ANY;
	bucket.watch_group = OFPG_ANY;
	bucket.ofpacts = (void *)acts.data;
	bucket.ofpacts_len = acts.size;
	gd.type = OFPGT_INDIRECT;
	gd.group_id = 6;
	gd.buckets = &bucket;
	gd.n_buckets = 1;
	buf_clear(&b);
	assert_int_equal(ofp_encode_group_desc_reply(&b, OFP13_VERSION, 1, &gd,
						     1), 0);
	get_mp(&b, true, OFPMP_GROUP_DESC, &mp);
	assert_int_equal(ofp_decode_group_desc_next(&mp, &gdb, &bk, &ba), 0);
	assert_int_equal(gdb.group_id, 6);
	assert_int_equal(gdb.type, OFPGT_INDIRECT);
	assert_int_equal(gdb.n_buckets, 1);
	assert_true(ofpacts_equal(gdb.buckets[0].ofpacts,
				  gdb.buckets[0].ofpacts_len,
				  bucket.ofpacts, bucket.ofpacts_len));
	buf_uninit(&b);
	buf_uninit(&acts);
	buf_uninit(&bk);
	buf_uninit(&ba);
}

static void test_table_features(void **state)
{
	struct buf b = BUF_INITIALIZER;
	static const uint8_t props[16] = { 0, 0, 0, 8, 0, 1, 0, 0,
					   0, 2, 0, 4, 0, 0, 0, 0 };
	struct ofp_table_features tf, tfb;
	struct ofp_multipart mp;

	memset(&tf, 0, sizeof tf);
	tf.table_id = 1;
	strcpy(tf.name, "table1");
	tf.metadata_match = ~0ULL;
	tf.metadata_write = ~0ULL;
	tf.max_entries = 1000;
	tf.props = props;
	tf.props_len = sizeof props;
	assert_int_equal(ofp_encode_table_features(&b, OFP13_VERSION, 1, true,
						   &tf, 1), 0);
	get_mp(&b, true, OFPMP_TABLE_FEATURES, &mp);
	assert_int_equal(ofp_decode_table_features_next(&mp, &tfb), 0);
	assert_string_equal(tfb.name, "table1");
	assert_int_equal(tfb.max_entries, 1000);
	assert_int_equal(tfb.props_len, sizeof props);
	assert_memory_equal(tfb.props, props, sizeof props);
	assert_int_equal(ofp_decode_table_features_next(&mp, &tfb),
			 OFP_MP_EOF);
	/* A property claiming more than there is. */
	b.data[16 + 64 + 3] = 0x40;
	get_mp(&b, true, OFPMP_TABLE_FEATURES, &mp);
	assert_int_equal(ofp_decode_table_features_next(&mp, &tfb),
			 OFPERR(OFPET_TABLE_FEATURES_FAILED, OFPTFFC_BAD_LEN));
	buf_uninit(&b);
}

/* Walks the property list of one table: every one of the eight types
 * OVS requires is there once, each length covers its ids and the
 * padding is to 8 bytes. */
static void check_std_props(const uint8_t *p, size_t len, unsigned int id,
			    unsigned int n_tables)
{
	unsigned int seen = 0;
	size_t ofs = 0;

	while (ofs < len) {
		uint16_t type = (p[ofs] << 8) | p[ofs + 1];
		uint16_t plen = (p[ofs + 2] << 8) | p[ofs + 3];

		assert_true(plen >= 4);
		assert_true(type <= OFPTFPT_APPLY_SETFIELD && !(type & 1));
		assert_false(seen & (1u << type));
		seen |= 1u << type;
		if (type == OFPTFPT_NEXT_TABLES) {
			assert_int_equal(plen - 4, n_tables - id - 1);
			if (plen > 4)
				assert_int_equal(p[ofs + 4], id + 1);
		} else {
			assert_int_equal(plen % 4, 0);
		}
		if (type == OFPTFPT_MATCH)
			assert_int_equal(plen - 4, 4 * MFF_N_OXM);
		ofs += (plen + 7) & ~7u;
	}
	assert_int_equal(ofs, len);
	assert_int_equal(seen, 0x5555);
}

static void test_table_features_props(void **state)
{
	enum { N = 254 };
	struct ofp_table_features *tf = calloc(N, sizeof *tf), tfb;
	struct buf *props = calloc(N, sizeof *props);
	struct buf b = BUF_INITIALIZER;
	struct ofp_multipart mp;
	size_t ofs = 0, msgs = 0, got = 0;
	unsigned int i;

	(void)state;
	for (i = 0; i < N; i++) {
		tf[i].table_id = i;
		ofp_table_features_put_props(&props[i], i, N);
		tf[i].props = props[i].data;
		tf[i].props_len = props[i].size;
		assert_int_equal(props[i].size % 8, 0);
	}
	assert_int_equal(ofp_encode_table_features(&b, OFP13_VERSION, 3, true,
						   tf, N), 0);
	assert_true(b.size > 65535);
	while (ofs < b.size) {
		size_t len = (b.data[ofs + 2] << 8) | b.data[ofs + 3];

		assert_true(len <= 65535);
		assert_int_equal(ofp_decode_multipart(b.data + ofs, &mp), 0);
		while (ofp_decode_table_features_next(&mp, &tfb) == 0) {
			assert_int_equal(tfb.table_id, got);
			check_std_props(tfb.props, tfb.props_len, got, N);
			got++;
		}
		/* No entry straddles two messages. */
		assert_int_equal(mp.pos, mp.body_len);
		ofs += len;
		msgs++;
		assert_int_equal(mp.flags & OFPMPF_MORE, ofs < b.size);
	}
	assert_int_equal(got, N);
	assert_true(msgs >= 2);
	for (i = 0; i < N; i++)
		buf_uninit(&props[i]);
	free(props);
	free(tf);
	buf_uninit(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_desc),
		cmocka_unit_test(test_flow_stats),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_table_port_stats),
		cmocka_unit_test(test_port_desc),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_table_features),
		cmocka_unit_test(test_table_features_props),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
