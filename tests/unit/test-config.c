/* Unit tests for lib/fsw-config*.c: validation, operations, persistence. */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "fsw-config.h"
#include "util.h"

static char *dump(const struct fsw_config *cfg)
{
	json_t *j = fsw_config_to_json(cfg);
	char *s = json_dumps(j, JSON_SORT_KEYS);

	json_decref(j);
	return s;
}

/* Applies the JSON array TEXT as one transaction; returns its result and
 * leaves the error message in *errp (or NULL). */
static int tx(struct fsw_config **cfg, const char *text, char **errp)
{
	json_error_t jerr;
	json_t *ops = json_loads(text, 0, &jerr);
	int err;

	assert_non_null(ops);
	*errp = NULL;
	err = fsw_config_transact(cfg, ops, errp);
	json_decref(ops);
	return err;
}

static void tx_ok(struct fsw_config **cfg, const char *text)
{
	char *e = NULL;

	if (tx(cfg, text, &e))
		fail_msg("transaction %s failed: %s", text, e);
	free(e);
}

/* Asserts that TEXT fails with an error containing WANT and that the
 * configuration did not change. */
static void tx_fail(struct fsw_config **cfg, const char *text,
		    const char *want)
{
	char *before = dump(*cfg);
	char *after, *e = NULL;

	assert_int_not_equal(tx(cfg, text, &e), 0);
	assert_non_null(e);
	if (!strstr(e, want))
		fail_msg("error \"%s\" lacks \"%s\"", e, want);
	after = dump(*cfg);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(e);
}

static void test_ifnames(void **state)
{
	assert_true(fsw_valid_ifname("br0"));
	assert_true(fsw_valid_ifname("a-b_c.d@e"));
	assert_true(fsw_valid_ifname("123456789012345"));
	assert_false(fsw_valid_ifname("1234567890123456"));
	assert_false(fsw_valid_ifname(""));
	assert_false(fsw_valid_ifname("."));
	assert_false(fsw_valid_ifname(".."));
	assert_false(fsw_valid_ifname("a/b"));
	assert_false(fsw_valid_ifname("a:b"));
	assert_false(fsw_valid_ifname("a b"));
	assert_false(fsw_valid_ifname("a\tb"));
	assert_false(fsw_valid_ifname("\xc3\xa9"));
}

static void test_targets(void **state)
{
	static const char *const good[] = {
		"tcp:127.0.0.1", "tcp:192.0.2.1:6653", "ssl:10.0.0.1:6633",
		"tcp:[::1]:6653", "tcp:[2001:db8::1]", "ptcp:", "ptcp:6653",
		"ptcp:6653:127.0.0.1", "ptcp::127.0.0.1", "pssl:6653",
		"ptcp:6653:[::1]", "punix:/run/x.sock", "unix:/tmp/s",
	};
	static const char *const bad[] = {
		"", "tcp:", "tcp:host.example", "tcp:1.2.3.4:", "tcp:1.2.3.4:0",
		"tcp:1.2.3.4:65536", "tcp:1.2.3.4:x", "tcp:[::1", "tcp:::1",
		"ptcp:abc", "ptcp:6653:nothost", "tcp:1.2.3.4:0x10", "ptcp:+1", "ptcp:99999", "punix:",
		"unix:", "udp:1.2.3.4", "tcp:256.1.1.1", "ptcp:-1",
	};
	char *e = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		if (fsw_check_target(good[i], NULL))
			fail_msg("good target %s refused", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (!fsw_check_target(bad[i], NULL))
			fail_msg("bad target \"%s\" accepted", bad[i]);
	assert_int_not_equal(fsw_check_target("udp:1.2.3.4", &e), 0);
	assert_non_null(strstr(e, "tcp:IP[:PORT]"));
	free(e);
}

static void test_bridges_ports(void **state)
{
	struct fsw_config *cfg = fsw_config_create();
	struct fsw_bridge *br;
	struct fsw_port *p;

	tx_ok(&cfg, "[{\"op\":\"add-br\",\"bridge\":\"br0\"},"
	      "{\"op\":\"add-br\",\"bridge\":\"br1\",\"datapath_type\":"
	      "\"netdev\"},"
	      "{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":\"p1\"},"
	      "{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":\"p2\","
	      "\"type\":\"internal\",\"tag\":10},"
	      "{\"op\":\"add-port\",\"bridge\":\"br1\",\"port\":\"p3\"}]");
	assert_int_equal(cfg->n_bridges, 2);
	br = fsw_config_find_bridge(cfg, "br1");
	assert_int_equal(br->datapath_type, FSW_DP_NETDEV);
	p = fsw_config_find_port(cfg, "p2", &br);
	assert_string_equal(br->name, "br0");
	assert_int_equal(p->ofport, 2);
	assert_int_equal(p->tag, 10);
	assert_int_equal(p->type, FSW_PORT_INTERNAL);
	assert_int_equal(fsw_config_find_port(cfg, "p3", NULL)->ofport, 1);

	/* Deleting p1 must not renumber p2; the next port reuses 1. */
	tx_ok(&cfg, "[{\"op\":\"del-port\",\"port\":\"p1\"},"
	      "{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":\"p4\"},"
	      "{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":\"p5\","
	      "\"ofport\":100}]");
	assert_int_equal(fsw_config_find_port(cfg, "p2", NULL)->ofport, 2);
	assert_int_equal(fsw_config_find_port(cfg, "p4", NULL)->ofport, 1);
	assert_int_equal(fsw_config_find_port(cfg, "p5", NULL)->ofport, 100);

	tx_fail(&cfg, "[{\"op\":\"add-br\",\"bridge\":\"br0\"}]",
		"already exists");
	tx_fail(&cfg, "[{\"op\":\"add-port\",\"bridge\":\"br1\",\"port\":"
		"\"p2\"}]", "already on bridge br0");
	tx_fail(&cfg, "[{\"op\":\"add-port\",\"bridge\":\"br1\",\"port\":"
		"\"p2\",\"may_exist\":true}]", "already on bridge br0");
	tx_fail(&cfg, "[{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":"
		"\"br1\"}]", "a bridge has that name");
	tx_fail(&cfg, "[{\"op\":\"add-br\",\"bridge\":\"p2\"}]",
		"a port named p2 exists on bridge br0");
	tx_fail(&cfg, "[{\"op\":\"add-port\",\"bridge\":\"br9\",\"port\":"
		"\"x\"}]", "no bridge named br9");
	tx_fail(&cfg, "[{\"op\":\"add-br\",\"bridge\":\"this-name-is-too-long\"}]",
		"invalid bridge name");
	tx_fail(&cfg, "[{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":"
		"\"x\",\"ofport\":100}]", "already in use");
	tx_fail(&cfg, "[{\"op\":\"del-port\",\"bridge\":\"br1\",\"port\":"
		"\"p2\"}]", "bridge br1 does not have a port p2");
	tx_fail(&cfg, "[{\"op\":\"del-br\",\"bridge\":\"nope\"}]",
		"no bridge named nope");
	tx_fail(&cfg, "[{\"op\":\"frob\"}]", "unknown operation");
	tx_fail(&cfg, "[42]", "must be an object");

	/* may_exist / if_exists */
	tx_ok(&cfg, "[{\"op\":\"add-br\",\"bridge\":\"br0\",\"may_exist\":true},"
	      "{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":\"p2\","
	      "\"may_exist\":true},"
	      "{\"op\":\"del-br\",\"bridge\":\"nope\",\"if_exists\":true},"
	      "{\"op\":\"del-port\",\"port\":\"nope\",\"if_exists\":true}]");

	/* del-br takes its ports with it. */
	tx_ok(&cfg, "[{\"op\":\"del-br\",\"bridge\":\"br1\"}]");
	assert_null(fsw_config_find_port(cfg, "p3", NULL));
	tx_ok(&cfg, "[{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":\"p3\"}]");
	fsw_config_destroy(cfg);
}

static void test_atomic(void **state)
{
	struct fsw_config *cfg = fsw_config_create();

	tx_ok(&cfg, "[{\"op\":\"add-br\",\"bridge\":\"br0\"}]");
	/* The third operation fails: the first two must not stick. */
	tx_fail(&cfg, "[{\"op\":\"add-br\",\"bridge\":\"br1\"},"
		"{\"op\":\"add-port\",\"bridge\":\"br1\",\"port\":\"p1\"},"
		"{\"op\":\"add-port\",\"bridge\":\"brX\",\"port\":\"p2\"}]",
		"no bridge named brX");
	assert_null(fsw_config_find_bridge(cfg, "br1"));
	fsw_config_destroy(cfg);
}

static void test_set_clear(void **state)
{
	struct fsw_config *cfg = fsw_config_create();
	struct fsw_bridge *br;
	struct fsw_port *p;

	tx_ok(&cfg, "[{\"op\":\"add-br\",\"bridge\":\"br0\"},"
	      "{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":\"p1\"},"
	      "{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":\"p2\"},"
	      "{\"op\":\"set\",\"table\":\"bridge\",\"record\":\"br0\","
	      "\"column\":\"datapath_type\",\"value\":\"netdev\"},"
	      "{\"op\":\"set\",\"table\":\"bridge\",\"record\":\"br0\","
	      "\"column\":\"other_config\",\"key\":\"datapath-id\","
	      "\"value\":\"00000000000000ab\"},"
	      "{\"op\":\"set\",\"table\":\"bridge\",\"record\":\"br0\","
	      "\"column\":\"other_config\",\"key\":\"k\",\"value\":\"v\"},"
	      "{\"op\":\"set\",\"table\":\"port\",\"record\":\"p1\","
	      "\"column\":\"trunks\",\"value\":\"[30, 10,20]\"},"
	      "{\"op\":\"set\",\"table\":\"interface\",\"record\":\"p1\","
	      "\"column\":\"type\",\"value\":\"internal\"},"
	      "{\"op\":\"set\",\"table\":\"interface\",\"record\":\"p1\","
	      "\"column\":\"ofport_request\",\"value\":\"7\"},"
	      "{\"op\":\"set-controller\",\"bridge\":\"br0\",\"targets\":"
	      "[\"tcp:127.0.0.1:6653\",\"ptcp:6654\"]},"
	      "{\"op\":\"set-fail-mode\",\"bridge\":\"br0\",\"mode\":"
	      "\"secure\"},"
	      "{\"op\":\"set-manager\",\"targets\":[\"ptcp:6640\"]},"
	      "{\"op\":\"set\",\"table\":\"bridge\",\"record\":\"br0\","
	      "\"column\":\"protocols\",\"value\":\"[OpenFlow13, OpenFlow10]\"},"
	      "{\"op\":\"set\",\"table\":\"port\",\"record\":\"p2\","
	      "\"column\":\"vlan_mode\",\"value\":\"native-untagged\"}]");
	br = fsw_config_find_bridge(cfg, "br0");
	assert_int_equal(br->protocols, FSW_OFP10_BIT | FSW_OFP13_BIT);
	assert_int_equal(fsw_config_find_port(cfg, "p2", NULL)->vlan_mode,
			 FSW_VLAN_MODE_NATIVE_UNTAGGED);
	tx_fail(&cfg, "[{\"op\":\"set\",\"table\":\"bridge\",\"record\":\"br0\","
		"\"column\":\"protocols\",\"value\":\"OpenFlow12\"}]",
		"OpenFlow10 and/or OpenFlow13");
	tx_fail(&cfg, "[{\"op\":\"set\",\"table\":\"port\",\"record\":\"p2\","
		"\"column\":\"vlan_mode\",\"value\":\"x\"}]", "native-tagged");
	assert_int_equal(br->datapath_type, FSW_DP_NETDEV);
	assert_true(br->has_datapath_id);
	assert_int_equal(br->datapath_id, 0xab);
	assert_string_equal(fsw_smap_get(&br->other_config, "k"), "v");
	assert_int_equal(br->n_controllers, 2);
	assert_int_equal(br->fail_mode, FSW_FAIL_SECURE);
	assert_int_equal(cfg->n_managers, 1);
	p = fsw_config_find_port(cfg, "p1", NULL);
	assert_int_equal(p->n_trunks, 3);
	assert_int_equal(p->trunks[0], 10);
	assert_int_equal(p->trunks[2], 30);
	assert_int_equal(p->type, FSW_PORT_INTERNAL);
	assert_int_equal(p->ofport, 7);

	tx_fail(&cfg, "[{\"op\":\"set\",\"table\":\"interface\",\"record\":"
		"\"p2\",\"column\":\"ofport_request\",\"value\":\"7\"}]",
		"already used by p1");
	tx_fail(&cfg, "[{\"op\":\"set\",\"table\":\"port\",\"record\":\"p1\","
		"\"column\":\"tag\",\"value\":\"4096\"}]", "a VLAN 0-4095");
	tx_fail(&cfg, "[{\"op\":\"set\",\"table\":\"port\",\"record\":\"p1\","
		"\"column\":\"trunks\",\"value\":\"1,1\"}]", "distinct");
	tx_fail(&cfg, "[{\"op\":\"set\",\"table\":\"bridge\",\"record\":\"br0\","
		"\"column\":\"datapath_type\",\"value\":\"dpdk\"}]",
		"system or netdev");
	tx_fail(&cfg, "[{\"op\":\"set\",\"table\":\"bridge\",\"record\":\"br0\","
		"\"column\":\"datapath_id\",\"value\":\"12\"}]", "16 hex");
	tx_fail(&cfg, "[{\"op\":\"set\",\"table\":\"bridge\",\"record\":\"br0\","
		"\"column\":\"bogus\",\"value\":\"1\"}]", "no settable column");
	tx_fail(&cfg, "[{\"op\":\"set\",\"table\":\"frob\",\"record\":\"br0\","
		"\"column\":\"x\",\"value\":\"1\"}]", "unknown table");
	tx_fail(&cfg, "[{\"op\":\"set-controller\",\"bridge\":\"br0\","
		"\"targets\":[\"tcp:nowhere\"]}]", "invalid target");
	tx_fail(&cfg, "[{\"op\":\"set-controller\",\"bridge\":\"br0\","
		"\"targets\":[\"ptcp:1\",\"ptcp:1\"]}]", "listed twice");
	tx_fail(&cfg, "[{\"op\":\"set-fail-mode\",\"bridge\":\"br0\","
		"\"mode\":\"open\"}]", "standalone or secure");

	tx_ok(&cfg, "[{\"op\":\"clear\",\"table\":\"port\",\"record\":\"p1\","
	      "\"column\":\"trunks\"},"
	      "{\"op\":\"clear\",\"table\":\"bridge\",\"record\":\"br0\","
	      "\"column\":\"controller\"},"
	      "{\"op\":\"set-fail-mode\",\"bridge\":\"br0\",\"mode\":\"\"}]");
	br = fsw_config_find_bridge(cfg, "br0");
	assert_int_equal(br->n_controllers, 0);
	assert_int_equal(br->fail_mode, FSW_FAIL_UNSET);
	assert_int_equal(fsw_config_find_port(cfg, "p1", NULL)->n_trunks, 0);
	fsw_config_destroy(cfg);
}

static void test_qos(void **state)
{
	struct fsw_config *cfg = fsw_config_create();
	struct fsw_port *p;

	tx_ok(&cfg, "[{\"op\":\"add-br\",\"bridge\":\"br0\"},"
	      "{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":\"p1\"},"
	      "{\"op\":\"set-qos\",\"port\":\"p1\",\"qos\":{\"type\":"
	      "\"linux-htb\",\"max_rate\":1000000,\"queues\":["
	      "{\"id\":0,\"min_rate\":100,\"max_rate\":500,\"priority\":1},"
	      "{\"id\":1,\"min_rate\":200}]}}]");
	p = fsw_config_find_port(cfg, "p1", NULL);
	assert_non_null(p->qos);
	assert_int_equal(p->qos->max_rate, 1000000);
	assert_int_equal(p->qos->n_queues, 2);
	assert_int_equal(p->qos->queues[0].priority, 1);
	assert_int_equal(p->qos->queues[1].priority, -1);
	/* Queues given out of order are kept sorted by id. */
	tx_ok(&cfg, "[{\"op\":\"set-qos\",\"port\":\"p1\",\"qos\":{\"type\":"
	      "\"linux-htb\",\"queues\":[{\"id\":7},{\"id\":2}]}}]");
	p = fsw_config_find_port(cfg, "p1", NULL);
	assert_int_equal(p->qos->queues[0].id, 2);
	assert_int_equal(p->qos->queues[1].id, 7);
	tx_fail(&cfg, "[{\"op\":\"set-qos\",\"port\":\"p1\",\"qos\":{\"type\":"
		"\"linux-hfsc\"}}]", "only linux-htb");
	tx_fail(&cfg, "[{\"op\":\"set-qos\",\"port\":\"p1\",\"qos\":{\"type\":"
		"\"linux-htb\",\"queues\":[{\"id\":0,\"min_rate\":9,"
		"\"max_rate\":1}]}}]", "exceeds max-rate");
	tx_fail(&cfg, "[{\"op\":\"set-qos\",\"port\":\"p1\",\"qos\":{\"type\":"
		"\"linux-htb\",\"queues\":[{\"id\":0},{\"id\":0}]}}]",
		"duplicate QoS queue");
	tx_fail(&cfg, "[{\"op\":\"set-qos\",\"port\":\"nope\",\"qos\":null}]",
		"no port named nope");
	tx_ok(&cfg, "[{\"op\":\"set-qos\",\"port\":\"p1\",\"qos\":null}]");
	assert_null(fsw_config_find_port(cfg, "p1", NULL)->qos);
	fsw_config_destroy(cfg);
}

/* ---- persistence ---- */

static char tmpdir[64];

static int make_tmpdir(void **state)
{
	strcpy(tmpdir, "/tmp/fsw-test-config.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);

	free(cmd);
	return rc;
}

static char *path_in_tmp(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *read_text(const char *path)
{
	char *buf = xzalloc(1 << 16);
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	assert_true(fread(buf, 1, (1 << 16) - 1, f) > 0);
	fclose(f);
	return buf;
}

static struct fsw_config *sample(void)
{
	struct fsw_config *cfg = fsw_config_create();

	tx_ok(&cfg, "[{\"op\":\"add-br\",\"bridge\":\"br0\"},"
	      "{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":\"p1\","
	      "\"tag\":5},"
	      "{\"op\":\"add-port\",\"bridge\":\"br0\",\"port\":\"p2\","
	      "\"ofport\":42},"
	      "{\"op\":\"set-qos\",\"port\":\"p1\",\"qos\":{\"type\":"
	      "\"linux-htb\",\"max_rate\":10,\"queues\":[{\"id\":3}]}},"
	      "{\"op\":\"set-controller\",\"bridge\":\"br0\",\"targets\":"
	      "[\"tcp:127.0.0.1:6653\"]},"
	      "{\"op\":\"set\",\"table\":\"bridge\",\"record\":\"br0\","
	      "\"column\":\"protocols\",\"value\":\"OpenFlow13\"},"
	      "{\"op\":\"set\",\"table\":\"port\",\"record\":\"p1\","
	      "\"column\":\"vlan_mode\",\"value\":\"access\"}]");
	return cfg;
}

static void test_save_load(void **state)
{
	char *path = path_in_tmp("conf.json"), *e = NULL, *a, *b;
	struct fsw_config *cfg = sample(), *back;
	struct stat st;

	/* Missing file: an empty configuration. */
	assert_int_equal(fsw_config_load(path, &back, &e), 0);
	assert_int_equal(back->n_bridges, 0);
	fsw_config_destroy(back);

	assert_int_equal(fsw_config_save(cfg, path, &e), 0);
	assert_int_equal(fsw_config_load(path, &back, &e), 0);
	a = dump(cfg);
	b = dump(back);
	assert_string_equal(a, b);
	assert_int_equal(fsw_config_find_port(back, "p2", NULL)->ofport, 42);
	/* No temporary file left behind. */
	free(a);
	a = path_in_tmp("conf.json.tmp");
	assert_int_not_equal(stat(a, &st), 0);
	free(a);
	free(b);
	fsw_config_destroy(back);
	fsw_config_destroy(cfg);
	free(path);
}

static void test_crash_safety(void **state)
{
	char *path = path_in_tmp("crash.json"), *tmp, *before, *e = NULL;
	struct fsw_config *cfg = sample(), *back;

	assert_int_equal(fsw_config_save(cfg, path, &e), 0);
	before = read_text(path);
	tx_ok(&cfg, "[{\"op\":\"del-br\",\"bridge\":\"br0\"},"
	      "{\"op\":\"add-br\",\"bridge\":\"other\"}]");

	/* Die half-way through writing the temporary file. */
	fsw_config_save_crash_after = 20;
	assert_int_not_equal(fsw_config_save(cfg, path, &e), 0);
	fsw_config_save_crash_after = 0;
	assert_non_null(strstr(e, "simulated crash"));
	free(e);
	e = NULL;
	tmp = xasprintf("%s.tmp", path);
	assert_int_equal(access(tmp, F_OK), 0);	/* the half-written file */

	/* The good file is intact and is what loads. */
	free(before);
	before = read_text(path);
	assert_int_equal(fsw_config_load(path, &back, &e), 0);
	assert_non_null(fsw_config_find_bridge(back, "br0"));
	assert_null(fsw_config_find_bridge(back, "other"));
	fsw_config_destroy(back);

	/* A later good save replaces the stale temporary file. */
	assert_int_equal(fsw_config_save(cfg, path, &e), 0);
	assert_int_not_equal(access(tmp, F_OK), 0);
	assert_int_equal(fsw_config_load(path, &back, &e), 0);
	assert_non_null(fsw_config_find_bridge(back, "other"));
	fsw_config_destroy(back);
	fsw_config_destroy(cfg);
	free(before);
	free(tmp);
	free(path);
}

static void expect_refused(const char *text, const char *want)
{
	char *path = path_in_tmp("bad.json"), *e = NULL, *after;
	struct fsw_config *cfg = (void *)1;

	write_text(path, text);
	assert_int_not_equal(fsw_config_load(path, &cfg, &e), 0);
	assert_null(cfg);
	assert_non_null(e);
	if (!strstr(e, want))
		fail_msg("error \"%s\" lacks \"%s\"", e, want);
	/* Refused, not replaced. */
	after = read_text(path);
	assert_string_equal(after, text);
	free(after);
	free(e);
	free(path);
}

static void test_corrupt_refused(void **state)
{
	expect_refused("{\"version\": 1, \"bridges\": [", "corrupt");
	expect_refused("garbage\n", "not valid JSON");
	expect_refused("{\"version\": 2}", "unsupported version");
	expect_refused("{\"version\": 1, \"bogus\": 1}", "unknown member");
	expect_refused("{\"version\":1,\"bridges\":[{\"name\":\"b\",\"ports\":"
		       "[{\"name\":\"p\",\"ofport\":1}]},{\"name\":\"c\","
		       "\"ports\":[{\"name\":\"p\",\"ofport\":1}]}]}",
		       "more than one bridge");
	expect_refused("{\"version\":1,\"bridges\":[{\"name\":\"b\",\"ports\":"
		       "[{\"name\":\"p\",\"ofport\":1},{\"name\":\"q\","
		       "\"ofport\":1}]}]}", "share OpenFlow port 1");
	expect_refused("{\"version\":1,\"bridges\":[{\"name\":\"b\","
		       "\"controllers\":[\"tcp:x\"]}]}", "invalid target");
	expect_refused("{\"version\":1,\"bridges\":[{\"name\":\"b\"},"
		       "{\"name\":\"b\"}]}", "defined twice");
	expect_refused("{\"version\":1,\"bridges\":[{\"name\":\"b\","
		       "\"ports\":[{\"name\":\"p\"}]}]}", "missing \"ofport\"");
	expect_refused("{\"version\":1,\"version\":1}", "duplicate");
	expect_refused("{\"version\":1,\"bridges\":[{\"name\":\"b\","
		       "\"protocols\":[\"OpenFlow11\"]}]}", "protocols must be");
	expect_refused("{\"version\":1,\"bridges\":[{\"name\":\"b\","
		       "\"ports\":[{\"name\":\"p\",\"ofport\":1,"
		       "\"vlan_mode\":\"\"}]}]}", "unknown vlan_mode");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ifnames),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_bridges_ports),
		cmocka_unit_test(test_atomic),
		cmocka_unit_test(test_set_clear),
		cmocka_unit_test(test_qos),
		cmocka_unit_test(test_save_load),
		cmocka_unit_test(test_crash_safety),
		cmocka_unit_test(test_corrupt_refused),
	};

	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
