/* Unit tests for fsw-ofctl's output formats and group syntax
 * (utilities/ofctl-format.c, utilities/ofctl-group.c). */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "ofctl-format.h"
#include "ofp-errors.h"
#include "ofp-parse.h"
#include "util.h"

/* Runs the printing code and returns what it wrote. */
struct out {
	char *s;
	size_t len;
	FILE *f;
};

static FILE *out_open(struct out *o)
{
	o->s = NULL;
	o->f = open_memstream(&o->s, &o->len);
	assert_non_null(o->f);
	return o->f;
}

static char *out_close(struct out *o)
{
	fclose(o->f);
	return o->s;
}

static void flow_from_text(const char *text, struct ofp_flow_stats *fs,
			   struct buf *acts)
{
	struct ofp_flow_mod fm;
	char *err = ofp_parse_flow_mod(text, OFPFC_ADD, &fm, acts);

	assert_null(err);
	memset(fs, 0, sizeof *fs);
	fs->match = fm.match;
	fs->priority = fm.priority;
	fs->table_id = fm.table_id;
	fs->cookie = fm.cookie;
	fs->idle_timeout = fm.idle_timeout;
	fs->ofpacts = fm.ofpacts;
	fs->ofpacts_len = fm.ofpacts_len;
}

static void test_flow_line(void **state)
{
	struct buf acts = BUF_INITIALIZER;
	struct ofp_flow_stats fs;
	struct out o;

	(void)state;
	flow_from_text("priority=100,ip,nw_dst=10.0.0.0/24,actions=output:2",
		       &fs, &acts);
	fs.duration_sec = 1;
	fs.duration_nsec = 234567890;
	fs.packet_count = 3;
	fs.byte_count = 180;
	ofctl_print_flow(out_open(&o), &fs, false);
	assert_string_equal(out_close(&o),
		" cookie=0x0, duration=1.234s, table=0, n_packets=3, "
		"n_bytes=180, priority=100,ip,nw_dst=10.0.0.0/24 "
		"actions=output:2\n");
	free(o.s);

	ofctl_print_flow(out_open(&o), &fs, true);
	assert_string_equal(out_close(&o),
		" priority=100,ip,nw_dst=10.0.0.0/24 actions=output:2\n");
	free(o.s);
	buf_uninit(&acts);
}

static void test_flow_line_settings(void **state)
{
	struct buf acts = BUF_INITIALIZER;
	struct ofp_flow_stats fs;
	struct out o;

	(void)state;
	flow_from_text("table=1,cookie=0x5,idle_timeout=30,tcp,tp_dst=80,"
		       "actions=drop", &fs, &acts);
	fs.flags = OFPFF_SEND_FLOW_REM;
	ofctl_print_flow(out_open(&o), &fs, true);
	assert_string_equal(out_close(&o),
		" cookie=0x5, table=1, idle_timeout=30, send_flow_rem "
		"tcp,tp_dst=80 actions=drop\n");
	free(o.s);

	/* A catch-all at the default priority has no match text. */
	flow_from_text("actions=NORMAL", &fs, &acts);
	ofctl_print_flow(out_open(&o), &fs, true);
	assert_string_equal(out_close(&o), " actions=NORMAL\n");
	free(o.s);
	buf_uninit(&acts);
}

static void test_header(void **state)
{
	struct out o;

	(void)state;
	ofctl_print_header(out_open(&o), "OFPST_FLOW reply", OFP13_VERSION,
			   2);
	assert_string_equal(out_close(&o), "OFPST_FLOW reply (OF1.3) "
			    "(xid=0x2):");
	free(o.s);
	ofctl_print_header(out_open(&o), "OFPST_FLOW reply", OFP10_VERSION,
			   0x1f);
	assert_string_equal(out_close(&o), "OFPST_FLOW reply (xid=0x1f):");
	free(o.s);
}

static void test_port_stats(void **state)
{
	struct ofp_port_stats ps;
	struct out o;

	(void)state;
	memset(&ps, 0, sizeof ps);
	ps.port_no = 1;
	ps.rx_packets = 5;
	ps.rx_bytes = 300;
	ps.rx_crc_err = UINT64_MAX;	/* not kept by the switch */
	ps.duration_sec = 2;
	ps.duration_nsec = 5000000;
	ofctl_print_port_stats(out_open(&o), OFP13_VERSION, &ps);
	assert_string_equal(out_close(&o),
		"  port  1: rx pkts=5, bytes=300, drop=0, errs=0, frame=0, "
		"over=0, crc=?\n"
		"           tx pkts=0, bytes=0, drop=0, errs=0, coll=0\n"
		"           duration=2.005s\n");
	free(o.s);

	ps.port_no = OFPP_LOCAL;
	ofctl_print_port_stats(out_open(&o), OFP10_VERSION, &ps);
	assert_non_null(strstr(out_close(&o), "  port LOCAL: rx pkts=5"));
	assert_null(strstr(o.s, "duration"));
	free(o.s);
}

static void test_tables_ditto(void **state)
{
	struct ofp_table_stats t[5];
	struct out o;
	int i;

	(void)state;
	memset(t, 0, sizeof t);
	for (i = 0; i < 5; i++)
		t[i].table_id = i;
	t[0].active_count = 2;
	t[0].lookup_count = 10;
	t[0].matched_count = 7;
	ofctl_print_tables(out_open(&o), OFP13_VERSION, t, 5);
	assert_string_equal(out_close(&o),
		"  table 0:\n    active=2, lookup=10, matched=7\n\n"
		"  table 1:\n    active=0, lookup=0, matched=0\n\n"
		"  tables 2...4: ditto\n");
	free(o.s);

	/* Two equal tables are both printed. */
	ofctl_print_tables(out_open(&o), OFP13_VERSION, t + 2, 2);
	assert_string_equal(out_close(&o),
		"  table 2:\n    active=0, lookup=0, matched=0\n\n"
		"  table 3:\n    active=0, lookup=0, matched=0\n");
	free(o.s);
}

static void test_port_desc(void **state)
{
	struct ofp_port_desc pd;
	struct out o;

	(void)state;
	memset(&pd, 0, sizeof pd);
	pd.port_no = 2;
	strcpy(pd.name, "p2");
	memcpy(pd.hw_addr, "\x02\x00\x00\x00\x00\x02", 6);
	pd.config = OFPPC_PORT_DOWN;
	pd.state = OFPPS_LIVE;
	pd.curr = (1 << 6) | (1 << 11);
	pd.curr_speed = 10000000;
	ofctl_print_port_desc(out_open(&o), &pd);
	assert_string_equal(out_close(&o),
		" 2(p2): addr:02:00:00:00:00:02\n"
		"     config:     PORT_DOWN\n"
		"     state:      LIVE\n"
		"     current:    10GB-FD COPPER\n"
		"     speed: 10000 Mbps now, 0 Mbps max\n");
	free(o.s);
}

static void test_group_round_trip(void **state)
{
	static const char *const specs[] = {
		"group_id=1,type=all,bucket=actions=output:1,"
		"bucket=actions=output:2",
		"group_id=2,type=select,bucket=weight:10,actions=output:1,"
		"bucket=weight:20,watch_port:2,actions=output:2",
		"group_id=7,type=ff,bucket=watch_port:3,"
		"watch_group:4,actions=output:3",
	};
	struct buf buckets = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct ofp_group_mod gm;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof specs / sizeof specs[0]; i++) {
		struct ofp_group_desc gd;
		struct out o;
		char *want;

		assert_null(ofctl_parse_group(specs[i], OFPGC_ADD, &gm,
					      &buckets, &acts));
		gd.type = gm.type;
		gd.group_id = gm.group_id;
		gd.buckets = gm.buckets;
		gd.n_buckets = gm.n_buckets;
		ofctl_print_group_desc(out_open(&o), &gd);
		want = xasprintf(" %s\n", specs[i]);
		assert_string_equal(out_close(&o), want);
		free(want);
		free(o.s);
	}
	/* ovs-ofctl's other spellings. */
	assert_null(ofctl_parse_group("group_id=3 type=select "
				      "bucket=weight=5,watch_port=LOCAL,"
				      "output:1", OFPGC_ADD, &gm, &buckets,
				      &acts));
	assert_int_equal(gm.n_buckets, 1);
	assert_int_equal(gm.buckets[0].weight, 5);
	assert_int_equal(gm.buckets[0].watch_port, OFPP_LOCAL);
	buf_uninit(&buckets);
	buf_uninit(&acts);
}

static void expect_group_error(const char *spec, uint16_t command,
			       const char *needle)
{
	struct buf buckets = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct ofp_group_mod gm;
	char *err = ofctl_parse_group(spec, command, &gm, &buckets, &acts);

	assert_non_null(err);
	if (!strstr(err, needle))
		fail_msg("error \"%s\" lacks \"%s\"", err, needle);
	free(err);
	buf_uninit(&buckets);
	buf_uninit(&acts);
}

static void test_group_errors(void **state)
{
	struct buf buckets = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct ofp_group_mod gm;
	uint32_t id;
	char *e;

	(void)state;
	expect_group_error("type=all,bucket=output:1", OFPGC_ADD, "group_id");
	expect_group_error("group_id=1,bucket=output:1", OFPGC_ADD, "type=");
	expect_group_error("group_id=1,type=bogus", OFPGC_ADD, "bogus");
	expect_group_error("group_id=1,type=all,colour=red", OFPGC_ADD,
			   "colour");
	expect_group_error("group_id=x,type=all", OFPGC_ADD, "\"x\"");
	expect_group_error("group_id=1,type=all,bucket=outpt:1", OFPGC_ADD,
			   "outpt");
	expect_group_error("group_id=1,type=all,bucket=weight:x,output:1",
			   OFPGC_ADD, "weight");
	expect_group_error("group_id=all,type=all", OFPGC_ADD, "deleting");
	expect_group_error("group_id=1,bucket=output:1", OFPGC_DELETE,
			   "buckets");

	/* Deletes: everything by default, or one group. */
	assert_null(ofctl_parse_group("", OFPGC_DELETE, &gm, &buckets,
				      &acts));
	assert_int_equal(gm.group_id, OFPG_ALL);
	assert_int_equal(gm.n_buckets, 0);
	assert_null(ofctl_parse_group("group_id=9", OFPGC_DELETE, &gm,
				      &buckets, &acts));
	assert_int_equal(gm.group_id, 9);
	assert_null(ofctl_parse_group_id("12", &id));
	assert_int_equal(id, 12);
	e = ofctl_parse_group_id("group_id=-1", &id);
	assert_non_null(e);
	free(e);
	buf_uninit(&buckets);
	buf_uninit(&acts);
}

static void test_error_names(void **state)
{
	struct ofp_error e;
	struct out o;

	(void)state;
	memset(&e, 0, sizeof e);
	e.err = OFPERR(OFPET_GROUP_MOD_FAILED, 0);
	e.type = OFPET_GROUP_MOD_FAILED;
	ofctl_print_error(out_open(&o), OFP13_VERSION, &e);
	assert_string_equal(out_close(&o), " OFPET_GROUP_MOD_FAILED/"
			    "OFPGMFC_GROUP_EXISTS (type=6, code=0)\n");
	free(o.s);

	e.err = E_ACT(BAD_OUT_PORT);
	e.type = OFPET_BAD_ACTION;
	e.code = OFPBAC_BAD_OUT_PORT;
	ofctl_print_error(out_open(&o), OFP13_VERSION, &e);
	assert_non_null(strstr(out_close(&o), "OFPET_BAD_ACTION/"));
	assert_non_null(strstr(o.s, "BAD_OUT_PORT (type=2, code=4)"));
	free(o.s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flow_line),
		cmocka_unit_test(test_flow_line_settings),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_port_stats),
		cmocka_unit_test(test_tables_ditto),
		cmocka_unit_test(test_port_desc),
		cmocka_unit_test(test_group_round_trip),
		cmocka_unit_test(test_group_errors),
		cmocka_unit_test(test_error_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
