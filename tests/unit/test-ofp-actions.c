/* Unit tests for lib/ofp-actions.c. */
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
#include "ofp-actions.h"
#include "ofp-errors.h"

static void sf_u(struct buf *b, enum mf_id id, uint64_t v)
{
	union mf_value val;
	int i;

	memset(&val, 0, sizeof val);
	for (i = mf_fields[id].n_bytes - 1; i >= 0; i--, v >>= 8)
		val.b[i] = v;
	ofpact_put_set_field(b, id, &val);
}

static void build13(struct buf *b)
{
	struct ofpact_metadata *md;
	size_t nest;

	ofpact_put_output(b, 2, 0);
	ofpact_put_output(b, OFPP_CONTROLLER, 128);
	ofpact_put_output(b, OFPP_IN_PORT, 0);
	ofpact_put_output(b, OFPP_FLOOD, 0);
	ofpact_put_output(b, OFPP_ALL, 0);
	ofpact_put_output(b, OFPP_NORMAL, 0);
	ofpact_put_output(b, OFPP_LOCAL, 0);
	ofpact_put_output(b, OFPP_TABLE, 0);
	ofpact_put_u32(b, OFPACT_GROUP, 3);
	ofpact_put_u32(b, OFPACT_SET_QUEUE, 7);
	ofpact_put_u32(b, OFPACT_PUSH_VLAN, 0x8100);
	sf_u(b, MFF_VLAN_VID, 10);
	sf_u(b, MFF_VLAN_PCP, 3);
	ofpact_put(b, OFPACT_POP_VLAN, 8);
	ofpact_put_u32(b, OFPACT_PUSH_MPLS, 0x8847);
	ofpact_put_u32(b, OFPACT_SET_MPLS_TTL, 9);
	ofpact_put(b, OFPACT_DEC_MPLS_TTL, 8);
	ofpact_put(b, OFPACT_COPY_TTL_OUT, 8);
	ofpact_put(b, OFPACT_COPY_TTL_IN, 8);
	ofpact_put_u32(b, OFPACT_POP_MPLS, 0x0800);
	ofpact_put_u32(b, OFPACT_PUSH_PBB, 0x88e7);
	ofpact_put(b, OFPACT_POP_PBB, 8);
	sf_u(b, MFF_ETH_SRC, 0x020000000001ULL);
	sf_u(b, MFF_IPV4_DST, 0x0a000001);
	sf_u(b, MFF_TCP_DST, 8080);
	sf_u(b, MFF_IP_DSCP, 46);
	sf_u(b, MFF_TUNNEL_ID, 99);
	ofpact_put_u32(b, OFPACT_SET_NW_TTL, 64);
	ofpact_put(b, OFPACT_DEC_NW_TTL, 8);
	{
		struct ofpact_resubmit *r = ofpact_put(b, OFPACT_RESUBMIT,
						       sizeof *r);

		r->in_port = OFPP_IN_PORT;
		r->table_id = 3;
	}
	ofpact_put_u32(b, OFPACT_METER, 1);
	ofpact_put(b, OFPACT_CLEAR_ACTIONS, 8);
	nest = ofpact_nest_start(b, OFPACT_WRITE_ACTIONS);
	ofpact_put_u32(b, OFPACT_SET_QUEUE, 1);
	ofpact_put_output(b, 5, 0);
	ofpact_nest_end(b, nest);
	md = ofpact_put(b, OFPACT_WRITE_METADATA, sizeof *md);
	md->metadata = 0x1234;
	md->mask = 0xffff;
	ofpact_put_u32(b, OFPACT_GOTO_TABLE, 4);
}

static void test_roundtrip13(void **state)
{
	struct buf a = BUF_INITIALIZER, w = BUF_INITIALIZER;
	struct buf back = BUF_INITIALIZER;

	build13(&a);
	assert_int_equal(ofpacts_verify((void *)a.data, a.size), 0);
	assert_int_equal(ofpacts_encode_instructions(OFP13_VERSION,
		(void *)a.data, a.size, &w), 0);
	assert_int_equal(ofpacts_decode_instructions(w.data, w.size, &back),
			 0);
	assert_true(ofpacts_equal((void *)a.data, a.size,
				  (void *)back.data, back.size));
	assert_true(ofpacts_output_to_port((void *)a.data, a.size, 5));
	assert_true(ofpacts_output_to_port((void *)a.data, a.size, 2));
	assert_false(ofpacts_output_to_port((void *)a.data, a.size, 9));
	assert_true(ofpacts_output_to_group((void *)a.data, a.size, 3));
	assert_false(ofpacts_output_to_group((void *)a.data, a.size, 4));
	/* OF1.0 has no instructions, groups, MPLS... */
	buf_clear(&w);
	assert_int_not_equal(ofpacts_encode_instructions(OFP10_VERSION,
		(void *)a.data, a.size, &w), 0);
	assert_int_equal(w.size, 0);
	buf_uninit(&a);
	buf_uninit(&w);
	buf_uninit(&back);
}

static void test_roundtrip10(void **state)
{
	struct buf a = BUF_INITIALIZER, w = BUF_INITIALIZER;
	struct buf back = BUF_INITIALIZER;
	struct ofpact_enqueue *e;
	struct ofpact_l4_port *l4;

	ofpact_put_output(&a, 1, 0);
	ofpact_put_output(&a, OFPP_CONTROLLER, 65535);
	e = ofpact_put(&a, OFPACT_ENQUEUE, sizeof *e);
	e->port = 3;
	e->queue = 2;
	ofpact_put_u32(&a, OFPACT_SET_VLAN_VID, 10);
	ofpact_put_u32(&a, OFPACT_SET_VLAN_PCP, 2);
	ofpact_put(&a, OFPACT_POP_VLAN, 8);
	sf_u(&a, MFF_ETH_SRC, 0x020000000001ULL);
	sf_u(&a, MFF_ETH_DST, 0x020000000002ULL);
	sf_u(&a, MFF_IPV4_SRC, 0x0a000001);
	sf_u(&a, MFF_IPV4_DST, 0x0a000002);
	sf_u(&a, MFF_IP_DSCP, 8);
	l4 = ofpact_put(&a, OFPACT_SET_L4_SRC, sizeof *l4);
	l4->port = 1000;
	l4 = ofpact_put(&a, OFPACT_SET_L4_DST, sizeof *l4);
	l4->port = 2000;
	{
		struct ofpact_resubmit *r = ofpact_put(&a, OFPACT_RESUBMIT,
						       sizeof *r);

		r->in_port = 5;
		r->table_id = OFPTT_ALL;
	}
	assert_int_equal(ofpacts_encode_actions(OFP10_VERSION, (void *)a.data,
						a.size, &w), 0);
	assert_int_equal(ofpacts_decode_actions(OFP10_VERSION, w.data, w.size,
						&back), 0);
	assert_true(ofpacts_equal((void *)a.data, a.size,
				  (void *)back.data, back.size));
	buf_uninit(&a);
	buf_uninit(&w);
	buf_uninit(&back);
}

static int dec13(const uint8_t *p, size_t n)
{
	struct buf out = BUF_INITIALIZER;
	int err = ofpacts_decode_actions(OFP13_VERSION, p, n, &out);

	buf_uninit(&out);
	return err;
}

static int dec10(const uint8_t *p, size_t n)
{
	struct buf out = BUF_INITIALIZER;
	int err = ofpacts_decode_actions(OFP10_VERSION, p, n, &out);

	buf_uninit(&out);
	return err;
}

static int deci(const uint8_t *p, size_t n)
{
	struct buf out = BUF_INITIALIZER;
	int err = ofpacts_decode_instructions(p, n, &out);

	buf_uninit(&out);
	return err;
}

static void test_action_errors(void **state)
{
	static const uint8_t zero_len[] = { 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t odd_len[] = { 0, 18, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t overrun[] = { 0, 0, 0, 16, 0, 0, 0, 1 };
	static const uint8_t short_hdr[] = { 0, 0 };
	static const uint8_t unknown[] = { 0, 99, 0, 8, 0, 0, 0, 0 };
	static const uint8_t out_short[] = { 0, 0, 0, 8, 0, 0, 0, 1 };
	static const uint8_t out_zero[] = { 0, 0, 0, 16, 0, 0, 0, 0,
					    0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t out_any[] = { 0, 0, 0, 16, 0xff, 0xff, 0xff, 0xff,
					   0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t out_gap[] = { 0, 0, 0, 16, 0xff, 0xff, 0xff, 0x10,
					   0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t push_bad[] = { 0, 17, 0, 8, 0x08, 0x00, 0, 0 };
	static const uint8_t group_bad[] = { 0, 22, 0, 8, 0xff, 0xff, 0xff,
					     0xff };
	static const uint8_t exp[] = { 0xff, 0xff, 0, 8, 0, 0, 0, 1 };
	static const uint8_t nx_short[] = { 0xff, 0xff, 0, 8, 0, 0, 0x23, 0x20 };
	static const uint8_t nx_subtype[] = { 0xff, 0xff, 0, 16, 0, 0, 0x23,
					      0x20, 0, 99, 0, 1, 0, 0, 0, 0 };
	static const uint8_t nx_ok[] = { 0xff, 0xff, 0, 16, 0, 0, 0x23, 0x20,
					 0, 14, 0, 1, 2, 0, 0, 0 };
	static const uint8_t nx_long[] = { 0xff, 0xff, 0, 24, 0, 0, 0x23, 0x20,
					   0, 14, 0, 1, 2, 0, 0, 0,
					   0, 0, 0, 0, 0, 0, 0, 0 };
	/* set_field eth_type with a mask bit set. */
	static const uint8_t sf_mask[] = { 0, 25, 0, 16, 0x80, 0, 0x19, 8,
					   10, 0, 0, 1, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t sf_inport[] = { 0, 25, 0, 16, 0x80, 0, 0, 4,
					     0, 0, 0, 1, 0, 0, 0, 0 };
	static const uint8_t sf_badlen[] = { 0, 25, 0, 16, 0x80, 0, 0x0a, 3,
					     8, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t sf_unknown[] = { 0, 25, 0, 8, 0x80, 0, 0x7e, 0 };
	static const uint8_t sf_pcp[] = { 0, 25, 0, 16, 0x80, 0, 0x0e, 1,
					  9, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t sf_pad[] = { 0, 25, 0, 24, 0x80, 0, 0x0e, 1,
					  1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					  0, 0, 0, 0 };
	static const uint8_t v10_vid[] = { 0, 1, 0, 8, 0x10, 0x00, 0, 0 };
	static const uint8_t v10_tos[] = { 0, 8, 0, 8, 0x03, 0, 0, 0 };
	static const uint8_t v10_out_none[] = { 0, 0, 0, 8, 0xff, 0xff, 0, 0 };
	static const uint8_t v10_dl_short[] = { 0, 4, 0, 8, 1, 2, 3, 4 };
	static const uint8_t v10_vendor[] = { 0xff, 0xff, 0, 8, 0, 0, 0, 1 };

	assert_int_equal(dec13(zero_len, 8), E_ACT(BAD_LEN));
	assert_int_equal(dec13(odd_len, 12), E_ACT(BAD_LEN));
	assert_int_equal(dec13(overrun, 8), E_ACT(BAD_LEN));
	assert_int_equal(dec13(short_hdr, 2), E_ACT(BAD_LEN));
	assert_int_equal(dec13(unknown, 8), E_ACT(BAD_TYPE));
	assert_int_equal(dec13(out_short, 8), E_ACT(BAD_LEN));
	assert_int_equal(dec13(out_zero, 16), E_ACT(BAD_OUT_PORT));
	assert_int_equal(dec13(out_any, 16), E_ACT(BAD_OUT_PORT));
	assert_int_equal(dec13(out_gap, 16), E_ACT(BAD_OUT_PORT));
	assert_int_equal(dec13(push_bad, 8), E_ACT(BAD_ARGUMENT));
	assert_int_equal(dec13(group_bad, 8), E_ACT(BAD_OUT_GROUP));
	assert_int_equal(dec13(exp, 8), E_ACT(BAD_EXPERIMENTER));
	assert_int_equal(dec13(nx_short, 8), E_ACT(BAD_LEN));
	assert_int_equal(dec13(nx_subtype, 16), E_ACT(BAD_EXP_TYPE));
	assert_int_equal(dec13(nx_ok, 16), 0);
	assert_int_equal(dec10(nx_ok, 16), 0);
	assert_int_equal(dec13(nx_long, 24), E_ACT(BAD_LEN));
	assert_int_equal(dec13(sf_mask, 16), E_ACT(BAD_SET_ARGUMENT));
	assert_int_equal(dec13(sf_inport, 16), E_ACT(BAD_SET_TYPE));
	assert_int_equal(dec13(sf_badlen, 16), E_ACT(BAD_SET_LEN));
	assert_int_equal(dec13(sf_unknown, 8), E_ACT(BAD_SET_TYPE));
	assert_int_equal(dec13(sf_pcp, 16), E_ACT(BAD_SET_ARGUMENT));
	assert_int_equal(dec13(sf_pad, 24), E_ACT(BAD_SET_LEN));
	assert_int_equal(dec10(v10_vid, 8), E_ACT(BAD_ARGUMENT));
	assert_int_equal(dec10(v10_tos, 8), E_ACT(BAD_ARGUMENT));
	assert_int_equal(dec10(v10_out_none, 8), E_ACT(BAD_OUT_PORT));
	assert_int_equal(dec10(v10_dl_short, 8), E_ACT(BAD_LEN));
	assert_int_equal(dec10(v10_vendor, 8), E_ACT(BAD_EXPERIMENTER));
	assert_int_equal(dec10(unknown, 8), E_ACT(BAD_TYPE));
}

static void test_instruction_errors(void **state)
{
	static const uint8_t unknown[] = { 0, 9, 0, 8, 0, 0, 0, 0 };
	static const uint8_t goto_len[] = { 0, 1, 0, 16, 1, 0, 0, 0,
					    0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t goto_all[] = { 0, 1, 0, 8, 0xff, 0, 0, 0 };
	static const uint8_t dup[] = { 0, 1, 0, 8, 1, 0, 0, 0,
				       0, 1, 0, 8, 2, 0, 0, 0 };
	static const uint8_t md_len[] = { 0, 2, 0, 8, 0, 0, 0, 0 };
	static const uint8_t short_len[] = { 0, 4, 0, 4 };
	static const uint8_t exp[] = { 0xff, 0xff, 0, 8, 0, 0, 0, 1 };
	/* apply_actions holding a bad action. */
	static const uint8_t apply_bad[] = { 0, 4, 0, 16, 0, 0, 0, 0,
					     0, 99, 0, 8, 0, 0, 0, 0 };
	static const uint8_t clear_extra[] = { 0, 5, 0, 16, 0, 0, 0, 0,
					       0, 18, 0, 8, 0, 0, 0, 0 };

	assert_int_equal(deci(unknown, 8), E_INST(UNKNOWN_INST));
	assert_int_equal(deci(goto_len, 16), E_INST(BAD_LEN));
	assert_int_equal(deci(goto_all, 8), E_INST(BAD_TABLE_ID));
	assert_int_equal(deci(dup, 16), E_INST(UNSUP_INST));
	assert_int_equal(deci(md_len, 8), E_INST(BAD_LEN));
	assert_int_equal(deci(short_len, 4), E_INST(BAD_LEN));
	assert_int_equal(deci(exp, 8), E_INST(BAD_EXPERIMENTER));
	assert_int_equal(deci(apply_bad, 16), E_ACT(BAD_TYPE));
	assert_int_equal(deci(clear_extra, 16), E_INST(BAD_LEN));
}

static void test_check(void **state)
{
	struct buf a = BUF_INITIALIZER;
	struct match m;
	union mf_value v;
	struct ofpact_l4_port *l4;

	match_init_catchall(&m);
	sf_u(&a, MFF_TCP_DST, 80);
	assert_int_equal(ofpacts_check((void *)a.data, a.size, &m, 0),
			 E_ACT(MATCH_INCONSISTENT));
	memset(&v, 0, sizeof v);
	v.be16 = htons(0x0800);
	mf_set(MFF_ETH_TYPE, &v, NULL, &m);
	memset(&v, 0, sizeof v);
	v.b[0] = 6;
	mf_set(MFF_IP_PROTO, &v, NULL, &m);
	assert_int_equal(ofpacts_check((void *)a.data, a.size, &m, 0), 0);

	/* OF1.0 mod_tp_dst learns its protocol from the match. */
	buf_clear(&a);
	l4 = ofpact_put(&a, OFPACT_SET_L4_DST, sizeof *l4);
	l4->port = 99;
	assert_int_equal(ofpacts_check((void *)a.data, a.size, &m, 0), 0);
	assert_int_equal(((struct ofpact_l4_port *)a.data)->ip_proto, 6);

	/* set_field vlan_pcp needs a tag: from the match or a push. */
	buf_clear(&a);
	sf_u(&a, MFF_VLAN_PCP, 1);
	assert_int_equal(ofpacts_check((void *)a.data, a.size, &m, 0),
			 E_ACT(MATCH_INCONSISTENT));
	buf_clear(&a);
	ofpact_put_u32(&a, OFPACT_PUSH_VLAN, 0x8100);
	sf_u(&a, MFF_VLAN_PCP, 1);
	assert_int_equal(ofpacts_check((void *)a.data, a.size, &m, 0), 0);

	buf_clear(&a);
	ofpact_put_u32(&a, OFPACT_GOTO_TABLE, 2);
	assert_int_equal(ofpacts_check((void *)a.data, a.size, &m, 2),
			 E_INST(BAD_TABLE_ID));
	assert_int_equal(ofpacts_check((void *)a.data, a.size, &m, 1), 0);

	/* Instructions out of order, and actions after instructions. */
	buf_clear(&a);
	ofpact_put_u32(&a, OFPACT_GOTO_TABLE, 2);
	ofpact_put(&a, OFPACT_CLEAR_ACTIONS, 8);
	assert_int_equal(ofpacts_verify((void *)a.data, a.size),
			 E_ACT(UNSUPPORTED_ORDER));
	buf_clear(&a);
	ofpact_put(&a, OFPACT_CLEAR_ACTIONS, 8);
	ofpact_put_output(&a, 1, 0);
	assert_int_equal(ofpacts_verify((void *)a.data, a.size),
			 E_ACT(UNSUPPORTED_ORDER));
	buf_uninit(&a);
}

static void test_encode10_limits(void **state)
{
	struct buf a = BUF_INITIALIZER, w = BUF_INITIALIZER;
	uint8_t v6[16] = { 0xfe, 0x80 };
	union mf_value v;

	memcpy(v.b, v6, 16);
	ofpact_put_set_field(&a, MFF_IPV6_SRC, &v);
	assert_int_equal(ofpacts_encode_actions(OFP10_VERSION, (void *)a.data,
						a.size, &w),
			 E_ACT(BAD_SET_TYPE));
	buf_clear(&a);
	ofpact_put_u32(&a, OFPACT_GROUP, 1);
	assert_int_equal(ofpacts_encode_actions(OFP10_VERSION, (void *)a.data,
						a.size, &w), E_ACT(BAD_TYPE));
	buf_clear(&a);
	ofpact_put_output(&a, 0x10000, 0);	/* no 16-bit number */
	assert_int_equal(ofpacts_encode_actions(OFP10_VERSION, (void *)a.data,
						a.size, &w),
			 E_ACT(BAD_OUT_PORT));
	assert_int_equal(w.size, 0);
	buf_uninit(&a);
	buf_uninit(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip13),
		cmocka_unit_test(test_roundtrip10),
		cmocka_unit_test(test_action_errors),
		cmocka_unit_test(test_instruction_errors),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_encode10_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
