/*
 * Classifier benchmark: inserts N rules (default 100000) of a mixed,
 * firewall-like shape (about 20 distinct masks), then measures lookups
 * per second from 1..T threads, the average megaflow mask width, and
 * removal time.
 *
 *   cls-bench [-n RULES] [-l LOOKUPS] [-t THREADS] [-s]
 *
 * Priorities are random (0..999) by default, so nearly every subtable
 * must be searched; -s makes them "specific first" (priority = number of
 * mask bits, as in longest-prefix routing), which lets lookups stop
 * early.
 */
#include <config.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "classifier.h"
#include "epoch.h"
#include "util.h"

struct brule {
	struct cls_rule cr;
	int id;
};

static uint64_t rng = 88172645463325252ULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int mask_bits(const struct match *m)
{
	const uint64_t *w = (const uint64_t *)&m->mask;
	size_t i;
	int n = 0;

	for (i = 0; i < FLOW_WORDS; i++)
		n += __builtin_popcountll(w[i]);
	return n;
}

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of the whole process: on a shared, loaded machine this is a
 * fairer measure of the work than wall time. */
static double cpu_now(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static void put32(void *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

static void put16(void *p, uint16_t v)
{
	v = htons(v);
	memcpy(p, &v, 2);
}

static uint32_t plen_mask(unsigned int plen)
{
	return plen ? ~0u << (32 - plen) : 0;
}

/* Addresses come from 10.0.0.0/12 so that rules and packets meet. */
static uint32_t rnd_addr(void)
{
	return 0x0a000000 | (uint32_t)(rnd() & 0x000fffff);
}

static void make_match(struct match *m)
{
	static const unsigned int plens[] = { 16, 20, 24, 28, 32 };
	unsigned int kind = rnd() % 10;

	match_init_catchall(m);
	put16(&m->flow.dp.eth_type, 0x0800);
	put16(&m->mask.dp.eth_type, 0xffff);
	if (kind < 6) {
		/* dst prefix + proto + port */
		unsigned int pl = plens[rnd() % 5];

		put32(&m->flow.dp.ipv4_dst, rnd_addr() & plen_mask(pl));
		put32(&m->mask.dp.ipv4_dst, plen_mask(pl));
		m->flow.dp.nw_proto = rnd() % 2 ? 6 : 17;
		m->mask.dp.nw_proto = 0xff;
		put16(&m->flow.dp.tp_dst, (uint16_t)(rnd() % 1024));
		put16(&m->mask.dp.tp_dst, 0xffff);
	} else if (kind < 8) {
		/* in_port + src MAC */
		m->flow.dp.in_port = rnd() % 64;
		m->mask.dp.in_port = ~0u;
		memcpy(m->flow.dp.eth_src, (uint8_t[]){ 0, 0x16, 0x3e, 0,
			(uint8_t)rnd(), (uint8_t)rnd() }, 6);
		memset(m->mask.dp.eth_src, 0xff, 6);
	} else {
		/* src prefix + dst prefix */
		unsigned int a = plens[rnd() % 5], b = plens[rnd() % 5];

		put32(&m->flow.dp.ipv4_src, rnd_addr() & plen_mask(a));
		put32(&m->mask.dp.ipv4_src, plen_mask(a));
		put32(&m->flow.dp.ipv4_dst, rnd_addr() & plen_mask(b));
		put32(&m->mask.dp.ipv4_dst, plen_mask(b));
	}
}

static void make_packet(struct flow *f)
{
	memset(f, 0, sizeof *f);
	f->dp.in_port = rnd() % 64;
	memcpy(f->dp.eth_src, (uint8_t[]){ 0, 0x16, 0x3e, 0, (uint8_t)rnd(),
		(uint8_t)rnd() }, 6);
	put16(&f->dp.eth_type, 0x0800);
	put32(&f->dp.ipv4_src, rnd_addr());
	put32(&f->dp.ipv4_dst, rnd_addr());
	f->dp.nw_proto = rnd() % 2 ? 6 : 17;
	put16(&f->dp.tp_src, (uint16_t)rnd());
	put16(&f->dp.tp_dst, (uint16_t)(rnd() % 1024));
}

static struct classifier cls;
static struct flow *packets;
static size_t n_packets;
static long lookups_per_thread;

static void *lookup_thread(void *arg)
{
	size_t i = (uintptr_t)arg * 7919;
	long n, hits = 0;

	for (n = 0; n < lookups_per_thread; n++) {
		struct flow wc;

		memset(&wc, 0, sizeof wc);
		if (cls_lookup(&cls, &packets[i++ % n_packets], &wc))
			hits++;
	}
	return (void *)hits;
}

static void run_lookups(int threads)
{
	double t0 = now(), c0 = cpu_now(), n;
	pthread_t th[64];
	int i;

	for (i = 0; i < threads; i++)
		pthread_create(&th[i], NULL, lookup_thread,
			       (void *)(uintptr_t)i);
	for (i = 0; i < threads; i++)
		pthread_join(th[i], NULL);
	n = (double)threads * lookups_per_thread;
	printf("lookup: %d thread(s): %.0f lookups/s wall, %.0f per "
	       "CPU-second\n", threads, n / (now() - t0),
	       n / (cpu_now() - c0));
}

int main(int argc, char **argv)
{
	size_t n_rules = 100000, i, hits = 0, bits = 0, dups = 0;
	int threads = 2, opt, t;
	bool specific = false;
	struct brule *rules;
	double t0, dt;

	lookups_per_thread = 1000000;
	while ((opt = getopt(argc, argv, "n:l:t:s")) != -1) {
		switch (opt) {
		case 's': specific = true; break;
		case 'n': n_rules = strtoul(optarg, NULL, 0); break;
		case 'l': lookups_per_thread = strtol(optarg, NULL, 0); break;
		case 't': threads = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-n RULES] [-l LOOKUPS] "
				"[-t THREADS] [-s]\n", argv[0]);
			return 2;
		}
	}
	if (threads < 1 || threads > 64 || !n_rules ||
	    lookups_per_thread < 1) {
		fprintf(stderr, "cls-bench: bad arguments\n");
		return 2;
	}

	cls_init(&cls);
	rules = xzalloc(n_rules * sizeof *rules);
	t0 = now();
	for (i = 0; i < n_rules; i++) {
		struct match m;

		make_match(&m);
		cls_rule_init(&rules[i].cr, &m, specific ? mask_bits(&m)
			      : (int)(rnd() % 1000));
		rules[i].id = (int)i;
		if (cls_insert(&cls, &rules[i].cr))
			dups++;
	}
	dt = now() - t0;
	printf("priorities: %s\n", specific ? "specific first"
	       : "random");
	printf("insert: %zu rules (%zu duplicates skipped) in %.3f s, "
	       "%.2f us/rule\n", n_rules, dups, dt, dt * 1e6 / n_rules);

	n_packets = 1 << 16;
	packets = xmalloc(n_packets * sizeof *packets);
	for (i = 0; i < n_packets; i++)
		make_packet(&packets[i]);
	for (i = 0; i < n_packets; i++) {
		struct flow wc;
		const uint64_t *w = (const uint64_t *)&wc;
		size_t k;

		memset(&wc, 0, sizeof wc);
		if (cls_lookup(&cls, &packets[i], &wc))
			hits++;
		for (k = 0; k < FLOW_WORDS; k++)
			bits += __builtin_popcountll(w[k]);
	}
	printf("packets: %.1f%% hit a rule, megaflow mask %.1f bits on "
	       "average\n", 100.0 * hits / n_packets,
	       (double)bits / n_packets);

	for (t = 1; t <= threads; t *= 2)
		run_lookups(t);

	t0 = now();
	for (i = 0; i < n_rules; i++)
		if (cls_rule_is_inserted(&rules[i].cr))
			cls_remove(&cls, &rules[i].cr);
	dt = now() - t0;
	printf("remove: %zu rules in %.3f s, %.2f us/rule\n",
	       n_rules - dups, dt, dt * 1e6 / n_rules);
	epoch_synchronize();
	cls_destroy(&cls);
	free(rules);
	free(packets);
	return 0;
}
