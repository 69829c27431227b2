/*
 * Unit tests of sFlow: the sFlow v5 agent (lib/sflow-agent.c), checked
 * byte by byte and through the independent Python decoder
 * (tests/sflow-decode.py), and the sFlow configuration
 * (lib/fsw-config-sflow.c).
 */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "fsw-config.h"
#include "sflow-agent.h"
#include "util.h"

#ifndef SRCDIR
#define SRCDIR "."
#endif
#ifndef BUILDDIR
#define BUILDDIR "."
#endif

/* A UDP socket on 127.0.0.1 that plays the collector. */
struct collector {
	int fd;
	struct sockaddr_in addr;
};

static void collector_open(struct collector *c)
{
	socklen_t len = sizeof c->addr;
	struct timeval tv = { 1, 0 };

	c->fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(c->fd >= 0);
	memset(&c->addr, 0, sizeof c->addr);
	c->addr.sin_family = AF_INET;
	c->addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(c->fd, (struct sockaddr *)&c->addr, len), 0);
	assert_int_equal(getsockname(c->fd, (struct sockaddr *)&c->addr,
				     &len), 0);
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

/* Returns the next datagram's length (0: none waiting). */
static ssize_t collector_recv(struct collector *c, uint8_t *buf, size_t n,
			      bool wait)
{
	ssize_t r = recv(c->fd, buf, n, wait ? 0 : MSG_DONTWAIT);

	return r < 0 ? 0 : r;
}

static uint32_t word(const uint8_t *p, size_t i)
{
	uint32_t v;

	memcpy(&v, p + 4 * i, 4);
	return ntohl(v);
}

static struct sflow_agent *agent_for(struct collector *c, long long now)
{
	struct sockaddr_in agent;
	struct sflow_agent *a;
	char *err = NULL;

	memset(&agent, 0, sizeof agent);
	agent.sin_family = AF_INET;
	inet_pton(AF_INET, "192.0.2.7", &agent.sin_addr);
	a = sflow_agent_create((struct sockaddr *)&c->addr, sizeof c->addr,
			       (struct sockaddr *)&agent, 42, now, &err);
	assert_non_null(a);
	return a;
}

static const uint8_t packet[60] = {
	0x02, 0, 0, 0, 0, 0x02,  0x02, 0, 0, 0, 0, 0x01,  0x08, 0x00,
	0x45, 0, 0, 46, 0, 0, 0, 0, 64, 17, 0, 0,
	10, 0, 0, 1,  10, 0, 0, 2,
	0x30, 0x39, 0x00, 0x35, 0, 26, 0, 0,
};

static void fill_flow(struct sflow_flow_sample *fs, uint32_t seq,
		      uint32_t hlen)
{
	memset(fs, 0, sizeof *fs);
	fs->seq = seq;
	fs->source_ifindex = 7;
	fs->sampling_rate = 10;
	fs->sample_pool = 10 * seq;
	fs->input = 7;
	fs->output = 9;
	fs->header = packet;
	fs->header_len = hlen;
	fs->frame_length = sizeof packet + 4;
	fs->stripped = 4;
}

/* One flow sample, decoded by hand. */
static void test_flow_sample_layout(void **state)
{
	struct collector c;
	struct sflow_agent *a;
	struct sflow_flow_sample fs;
	uint8_t buf[2048];
	ssize_t n;

	collector_open(&c);
	a = agent_for(&c, 1000);
	fill_flow(&fs, 1, 42);	/* 42: padding to 44 */
	sflow_agent_add_flow(a, &fs, 1500);
	assert_int_equal(collector_recv(&c, buf, sizeof buf, false), 0);
	sflow_agent_flush(a, 1500);
	n = collector_recv(&c, buf, sizeof buf, true);
	/* 28 datagram header + 8 + 32 sample + 8 + 16 + 44 record. */
	assert_int_equal(n, 28 + 8 + 32 + 8 + 16 + 44);
	assert_int_equal(word(buf, 0), 5);
	assert_int_equal(word(buf, 1), 1);
	assert_int_equal(word(buf, 2), 0xc0000207);	/* 192.0.2.7 */
	assert_int_equal(word(buf, 3), 42);
	assert_int_equal(word(buf, 4), 1);		/* datagram seq */
	assert_int_equal(word(buf, 5), 500);		/* uptime */
	assert_int_equal(word(buf, 6), 1);		/* samples */
	assert_int_equal(word(buf, 7), 1);		/* flow sample 0:1 */
	assert_int_equal(word(buf, 8), n - 36);
	assert_int_equal(word(buf, 9), 1);		/* sample seq */
	assert_int_equal(word(buf, 10), 7);		/* source */
	assert_int_equal(word(buf, 11), 10);		/* rate */
	assert_int_equal(word(buf, 12), 10);		/* pool */
	assert_int_equal(word(buf, 13), 0);		/* drops */
	assert_int_equal(word(buf, 14), 7);
	assert_int_equal(word(buf, 15), 9);
	assert_int_equal(word(buf, 16), 1);		/* records */
	assert_int_equal(word(buf, 17), 1);		/* raw header 0:1 */
	assert_int_equal(word(buf, 18), 16 + 44);
	assert_int_equal(word(buf, 19), 1);		/* Ethernet */
	assert_int_equal(word(buf, 20), 64);
	assert_int_equal(word(buf, 21), 4);
	assert_int_equal(word(buf, 22), 42);
	assert_memory_equal(buf + 92, packet, 42);
	assert_int_equal(buf[92 + 42], 0);
	assert_int_equal(buf[92 + 43], 0);
	sflow_agent_destroy(a);
	close(c.fd);
}

/* Batching: many samples, datagrams of at most SFLOW_DATAGRAM_MAX
 * bytes, each full enough, none lost; the flush deadline. */
static void test_batching(void **state)
{
	struct collector c;
	struct sflow_agent *a;
	struct sflow_flow_sample fs;
	struct sflow_agent_stats st;
	uint8_t buf[4096];
	uint32_t seq = 0, samples = 0, dgrams = 0;
	ssize_t n;
	int i;

	collector_open(&c);
	a = agent_for(&c, 0);
	for (i = 1; i <= 50; i++) {
		fill_flow(&fs, i, 60);
		sflow_agent_add_flow(a, &fs, 10);
	}
	assert_int_equal(sflow_agent_next_run(a), 10 + SFLOW_FLUSH_MS);
	sflow_agent_run(a, 10 + SFLOW_FLUSH_MS - 1);
	sflow_agent_get_stats(a, &st);
	dgrams = st.datagrams;
	sflow_agent_run(a, 10 + SFLOW_FLUSH_MS);
	sflow_agent_get_stats(a, &st);
	assert_int_equal(st.datagrams, dgrams + 1);
	assert_int_equal(st.samples, 50);
	dgrams = 0;
	while ((n = collector_recv(&c, buf, sizeof buf, false)) > 0) {
		uint32_t k = word(buf, 6);

		assert_true(n <= SFLOW_DATAGRAM_MAX);
		assert_int_equal(word(buf, 4), ++dgrams);
		/* 124 bytes a sample after a 28-byte header: 11 fit. */
		if (samples + k < 50)
			assert_int_equal(k, 11);
		samples += k;
		seq = word(buf, 9);
		(void)seq;
	}
	assert_int_equal(samples, 50);
	assert_int_equal(dgrams, 5);
	assert_int_equal(sflow_agent_next_run(a), LLONG_MAX);
	sflow_agent_destroy(a);
	close(c.fd);
}

/* Flow and counter samples through tests/sflow-decode.py. */
static void test_python_decoder(void **state)
{
	char path[] = "/tmp/test-sflow.XXXXXX";
	struct sflow_if_counters ctr;
	struct sflow_flow_sample fs;
	struct sflow_agent *a;
	struct collector c;
	uint8_t buf[4096];
	json_t *j, *s;
	char *cmd, line[65536];
	FILE *f, *p;
	ssize_t n;
	int fd;

	collector_open(&c);
	a = agent_for(&c, 0);
	fill_flow(&fs, 3, sizeof packet);
	fs.output = SFLOW_IF_MULTIPLE | 2;
	fs.has_switch = true;
	fs.src_vlan = 10;
	fs.dst_vlan = 20;
	sflow_agent_add_flow(a, &fs, 5);
	memset(&ctr, 0, sizeof ctr);
	ctr.seq = 8;
	ctr.ifindex = 7;
	ctr.type = 6;
	ctr.speed = 10000000000ULL;
	ctr.in_octets = 0x123456789ULL;
	ctr.in_ucast = 4000;
	ctr.out_errors = UINT32_MAX;
	sflow_agent_add_counters(a, &ctr, 5);
	sflow_agent_flush(a, 5);
	n = collector_recv(&c, buf, sizeof buf, true);
	assert_true(n > 0);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	fputc(0, f);
	fputc(0, f);
	fputc(n >> 8, f);
	fputc(n & 0xff, f);
	fwrite(buf, 1, n, f);
	fclose(f);
	cmd = xasprintf("python3 %s/tests/sflow-decode.py decode %s", SRCDIR,
			path);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof line, p));
	assert_int_equal(pclose(p), 0);
	unlink(path);
	free(cmd);
	j = json_loads(line, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "agent")),
			    "192.0.2.7");
	assert_int_equal(json_array_size(json_object_get(j, "samples")), 2);
	s = json_array_get(json_object_get(j, "samples"), 0);
	assert_string_equal(json_string_value(json_object_get(s, "type")),
			    "flow");
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(s, "output"), "multiple")), 2);
	s = json_array_get(json_object_get(s, "records"), 0);
	assert_string_equal(json_string_value(json_object_get(s, "ip_src")),
			    "10.0.0.1");
	assert_int_equal(json_integer_value(json_object_get(s, "tp_dst")), 53);
	s = json_array_get(json_object_get(j, "samples"), 1);
	assert_string_equal(json_string_value(json_object_get(s, "type")),
			    "counters");
	s = json_array_get(json_object_get(s, "records"), 0);
	assert_int_equal(json_integer_value(json_object_get(s, "ifInOctets")),
			 0x123456789LL);
	assert_int_equal(json_integer_value(json_object_get(s, "ifSpeed")),
			 10000000000LL);
	assert_int_equal(json_integer_value(json_object_get(s,
			"ifInUcastPkts")), 4000);
	assert_int_equal(json_integer_value(json_object_get(s,
			"ifOutErrors")), UINT32_MAX);
	json_decref(j);
	sflow_agent_destroy(a);
	close(c.fd);
}

/* An IPv6 collector and no agent address given: the agent address is
 * the local one (::1), type 2, 16 bytes. */
static void test_ipv6_auto_agent(void **state)
{
	struct sockaddr_in6 sa;
	socklen_t len = sizeof sa;
	struct sflow_if_counters ctr;
	struct sflow_agent *a;
	struct timeval tv = { 1, 0 };
	uint8_t buf[512];
	char *err = NULL;
	ssize_t n;
	int fd;

	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin6_family = AF_INET6;
	sa.sin6_addr = in6addr_loopback;
	if (bind(fd, (struct sockaddr *)&sa, len)) {
		close(fd);
		skip();		/* no IPv6 on this host */
	}
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	a = sflow_agent_create((struct sockaddr *)&sa, len, NULL, 3, 0, &err);
	assert_non_null(a);
	memset(&ctr, 0, sizeof ctr);
	ctr.seq = 1;
	ctr.ifindex = 1;
	sflow_agent_add_counters(a, &ctr, 0);
	sflow_agent_flush(a, 0);
	n = recv(fd, buf, sizeof buf, 0);
	/* 40 header + 8 + 12 sample + 8 + 88 record */
	assert_int_equal(n, 40 + 8 + 12 + 8 + 88);
	assert_int_equal(word(buf, 1), 2);
	assert_memory_equal(buf + 8, &in6addr_loopback, 16);
	assert_int_equal(word(buf, 6), 3);		/* sub-agent */
	assert_int_equal(word(buf, 9), 1);		/* one sample */
	assert_int_equal(word(buf, 10), 2);		/* counters 0:2 */
	sflow_agent_destroy(a);
	close(fd);
}

/* ---- Configuration. -------------------------------------------------- */

static int tx(struct fsw_config **cfg, const char *text, char **errp)
{
	json_t *ops = json_loads(text, 0, NULL);
	int err;

	assert_non_null(ops);
	*errp = NULL;
	err = fsw_config_transact(cfg, ops, errp);
	json_decref(ops);
	return err;
}

static void tx_fail(struct fsw_config **cfg, const char *text,
		    const char *want)
{
	json_t *before = fsw_config_to_json(*cfg), *after;
	char *e = NULL;

	assert_int_not_equal(tx(cfg, text, &e), 0);
	if (!e || !strstr(e, want))
		fail_msg("error \"%s\" lacks \"%s\"", e ? e : "", want);
	after = fsw_config_to_json(*cfg);
	assert_true(json_equal(before, after));
	json_decref(before);
	json_decref(after);
	free(e);
}

#define SET(X) "[{\"op\": \"set-sflow\", \"bridge\": \"br0\", " \
	"\"sflow\": " X "}]"

static void test_config(void **state)
{
	struct fsw_config *cfg = fsw_config_create(), *copy;
	const struct fsw_sflow *s;
	char *e = NULL;
	json_t *j;

	assert_int_equal(tx(&cfg, "[{\"op\": \"add-br\", \"bridge\": \"br0\"}]",
			    &e), 0);
	assert_int_equal(tx(&cfg, SET("{\"target\": \"192.0.2.9\"}"), &e), 0);
	s = fsw_config_find_bridge(cfg, "br0")->sflow;
	assert_non_null(s);
	assert_int_equal(s->sampling, FSW_SFLOW_DEFAULT_SAMPLING);
	assert_int_equal(s->polling, FSW_SFLOW_DEFAULT_POLLING);
	assert_int_equal(s->header, FSW_SFLOW_DEFAULT_HEADER);
	assert_null(s->agent);
	tx_fail(&cfg, SET("{\"target\": \"192.0.2.300:6343\"}"), "target");
	tx_fail(&cfg, SET("{\"target\": \"192.0.2.9:0\"}"), "target");
	tx_fail(&cfg, SET("{\"target\": \"2001:db8::1\"}"), "target");
	tx_fail(&cfg, SET("{\"target\": \"192.0.2.9\", \"sampling\": 0}"),
		"sampling");
	tx_fail(&cfg, SET("{\"target\": \"192.0.2.9\", \"header\": 9000}"),
		"header");
	tx_fail(&cfg, SET("{\"target\": \"192.0.2.9\", \"polling\": 99999}"),
		"polling");
	tx_fail(&cfg, SET("{\"target\": \"192.0.2.9\", \"agent\": \"eth0\"}"),
		"agent");
	tx_fail(&cfg, SET("{\"target\": \"192.0.2.9\", \"rate\": 5}"),
		"unknown member");
	tx_fail(&cfg, SET("{\"sampling\": 5}"), "target");
	/* All or nothing: a good change followed by a bad one. */
	tx_fail(&cfg, "[{\"op\": \"set-sflow\", \"bridge\": \"br0\", \"sflow\": "
		"{\"target\": \"192.0.2.1\"}}, {\"op\": \"set-sflow\", "
		"\"bridge\": \"br0\", \"sflow\": {\"target\": \"x\"}}]",
		"target");
	assert_int_equal(tx(&cfg, SET("{\"target\": \"[2001:db8::1]:7000\", "
				      "\"sampling\": 1, \"polling\": 0, "
				      "\"header\": 512, \"agent\": "
				      "\"2001:db8::2\"}"), &e), 0);
	/* The JSON round trip keeps everything. */
	j = fsw_config_to_json(cfg);
	assert_int_equal(fsw_config_from_json(j, &copy, &e), 0);
	s = fsw_config_find_bridge(copy, "br0")->sflow;
	assert_string_equal(s->target, "[2001:db8::1]:7000");
	assert_string_equal(s->agent, "2001:db8::2");
	assert_int_equal(s->sampling, 1);
	assert_int_equal(s->polling, 0);
	assert_int_equal(s->header, 512);
	fsw_config_destroy(copy);
	json_decref(j);
	/* del: null; a second del is an error unless if_exists. */
	assert_int_equal(tx(&cfg, SET("null"), &e), 0);
	assert_null(fsw_config_find_bridge(cfg, "br0")->sflow);
	tx_fail(&cfg, SET("null"), "no sFlow");
	assert_int_equal(tx(&cfg, "[{\"op\": \"set-sflow\", \"bridge\": "
			    "\"br0\", \"sflow\": null, \"if_exists\": true}]",
			    &e), 0);
	tx_fail(&cfg, "[{\"op\": \"set-sflow\", \"bridge\": \"nope\", "
		"\"sflow\": null}]", "no bridge");
	fsw_config_destroy(cfg);
}

/* ---- The daemon, host side. ----------------------------------------- */

/* Without a kernel datapath on the host there is no sampling, but
 * fsw-vswitchd still polls its ports' counters: a bridge with port "lo"
 * (every host has it) sends counter samples of ifindex 1 every second,
 * and stops after del-sflow. */
static int sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int rc;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		abort();
	va_end(ap);
	rc = system(cmd);
	free(cmd);
	return rc;
}

static void test_daemon_counters(void **state)
{
	char dir[] = "/tmp/test-sflow-d.XXXXXX";
	struct collector c;
	uint8_t buf[4096];
	uint32_t lo_seq = 0, n_lo = 0;
	char *vsctl;
	ssize_t n;
	int i;

	assert_non_null(mkdtemp(dir));
	collector_open(&c);
	assert_int_equal(sh("%s/vswitchd/fsw-vswitchd --detach --rundir=%s "
			    "--dbdir=%s --log-file=%s/log", BUILDDIR, dir, dir,
			    dir), 0);
	vsctl = xasprintf("%s/utilities/fsw-vsctl --rundir=%s -t 10",
			  BUILDDIR, dir);
	assert_int_equal(sh("%s add-br sfltest0 -- add-port sfltest0 lo",
			    vsctl), 0);
	/* Refused whole, nothing changes. */
	assert_int_not_equal(sh("%s set-sflow sfltest0 target=127.0.0.1 "
				"sampling=0 2>/dev/null", vsctl), 0);
	assert_int_not_equal(sh("%s set-sflow sfltest0 target=localhost "
				"2>/dev/null", vsctl), 0);
	assert_int_equal(sh("test -z \"$(%s get-sflow sfltest0)\"", vsctl),
			 0);
	assert_int_equal(sh("%s set-sflow sfltest0 target=127.0.0.1:%u "
			    "polling=1", vsctl, ntohs(c.addr.sin_port)), 0);
	assert_int_equal(sh("%s show | grep -q 'sFlow: target=127.0.0.1:%u "
			    "sampling=400 polling=1 header=128'", vsctl,
			    ntohs(c.addr.sin_port)), 0);
	/* 3 s: at least two polls. */
	for (i = 0; i < 4 && n_lo < 2; i++) {
		while ((n = collector_recv(&c, buf, sizeof buf, true)) > 0) {
			uint32_t k, j, at = 7;

			assert_int_equal(word(buf, 0), 5);
			assert_int_equal(word(buf, 2), 0x7f000001);
			for (k = word(buf, 6), j = 0; j < k; j++) {
				assert_int_equal(word(buf, at), 2);
				if (word(buf, at + 3) == 1) {	/* lo */
					if (n_lo)
						assert_int_equal(
							word(buf, at + 2),
							lo_seq + 1);
					lo_seq = word(buf, at + 2);
					n_lo++;
					/* if_counters: ifIndex 1, 88 bytes */
					assert_int_equal(word(buf, at + 6), 88);
					assert_int_equal(word(buf, at + 7), 1);
				}
				at += 2 + word(buf, at + 1) / 4;
			}
			assert_int_equal(at * 4, n);
			if (n_lo >= 2)
				break;
		}
	}
	assert_true(n_lo >= 2);
	assert_int_equal(sh("%s del-sflow sfltest0", vsctl), 0);
	while (collector_recv(&c, buf, sizeof buf, false) > 0)
		continue;
	/* Nothing for 2 s (the receive timeout is 1 s). */
	assert_int_equal(collector_recv(&c, buf, sizeof buf, true), 0);
	assert_int_equal(collector_recv(&c, buf, sizeof buf, true), 0);
	sh("kill $(cat %s/fsw-vswitchd.pid); sleep 0.3; rm -rf %s", dir, dir);
	free(vsctl);
	close(c.fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flow_sample_layout),
		cmocka_unit_test(test_batching),
		cmocka_unit_test(test_python_decoder),
		cmocka_unit_test(test_ipv6_auto_agent),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_daemon_counters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
