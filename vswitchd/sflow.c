/*
 * sFlow of a bridge: configuration, the translation and upcall hooks,
 * counter polling.  See sflow.h.
 *
 * Data sources are the bridge's ports, named by their Linux ifindex.
 * Each has its own flow and counter sample sequence numbers.  The
 * datapath does not tell how many packets it skipped between two
 * samples, so the sample pool is estimated as samples * sampling rate
 * (what the collector would compute anyway).
 */
#include <config.h>
#include "sflow.h"

#include <errno.h>
#include <limits.h>
#include <linux/openvswitch.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "dpif.h"
#include "fsw-config.h"
#include "log.h"
#include "ofproto.h"
#include "openflow.h"
#include "pollset.h"
#include "sflow-agent.h"
#include "util.h"
#include "xlate.h"

LOG_MODULE(sflow);

struct sflow_source {
	uint32_t ofp_port;
	uint32_t ifindex;	/* 0: unknown */
	uint32_t flow_seq, counter_seq;
	uint32_t pool;
};

struct sflow {
	struct fsw_sflow cfg;	/* copy of the settings */
	struct sflow_agent *agent;
	size_t n_sources;
	struct sflow_source *sources;
	long long next_poll;	/* ms, LLONG_MAX: no polling */
	long long next_retry;	/* ms: try again to open the socket */
};

#define RETRY_MS 5000

/* ---- Data sources. -------------------------------------------------- */

static struct sflow_source *source_get(struct ofproto *o, uint32_t ofp_port)
{
	struct sflow *s = o->sflow;
	struct sflow_source *src;
	struct ofport *p;
	size_t i;

	for (i = 0; i < s->n_sources; i++)
		if (s->sources[i].ofp_port == ofp_port)
			break;
	if (i == s->n_sources) {
		s->sources = xrealloc(s->sources,
				      (s->n_sources + 1) * sizeof *s->sources);
		src = &s->sources[s->n_sources++];
		memset(src, 0, sizeof *src);
		src->ofp_port = ofp_port;
	}
	src = &s->sources[i];
	if (!src->ifindex) {
		p = ofproto_port_by_ofp(o, ofp_port);
		if (p)
			src->ifindex = if_nametoindex(p->name);
	}
	return src;
}

static uint32_t port_ifindex(struct ofproto *o, uint32_t ofp_port)
{
	return source_get(o, ofp_port)->ifindex;
}

/* ---- sflow/show. ---------------------------------------------------- */

static void cmd_show(struct ctl_reply *r, int argc, const char *argv[],
		     void *aux)
{
	struct sflow_agent_stats st;
	struct ofproto *o;
	struct sflow *s;

	pthread_mutex_lock(&ofproto_mutex);
	o = ofproto_lookup(argv[1]);
	s = o ? o->sflow : NULL;
	if (!o) {
		ctl_reply_error(r, "no bridge named %s", argv[1]);
	} else if (!s) {
		ctl_reply_text(r, "%s: no sFlow\n", o->name);
	} else if (!s->agent) {
		ctl_reply_text(r, "%s: sFlow to %s: no socket (see the log)\n",
			       o->name, s->cfg.target);
	} else {
		sflow_agent_get_stats(s->agent, &st);
		ctl_reply_text(r, "%s: sFlow to %s, 1 in %u packets, counters "
			       "every %u s, header %u bytes\n"
			       "  samples: %llu, datagrams: %llu, send errors: "
			       "%llu\n", o->name, s->cfg.target,
			       s->cfg.sampling, s->cfg.polling, s->cfg.header,
			       (unsigned long long)st.samples,
			       (unsigned long long)st.datagrams,
			       (unsigned long long)st.send_errors);
	}
	pthread_mutex_unlock(&ofproto_mutex);
}

/* ---- Configuration. ------------------------------------------------- */

static void cfg_free(struct fsw_sflow *c)
{
	free(c->target);
	free(c->agent);
	memset(c, 0, sizeof *c);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void sflow_free(struct sflow *s)
{
	if (!s)
		return;
	if (s->agent) {
		sflow_agent_flush(s->agent, time_msec());
		sflow_agent_destroy(s->agent);
	}
	cfg_free(&s->cfg);
	free(s->sources);
	free(s);
}

void sflow_destroy(struct ofproto *o)
{
	sflow_free(o->sflow);
	o->sflow = NULL;
}

static struct sflow_agent *make_agent(struct ofproto *o,
				      const struct fsw_sflow *c)
{
	struct sockaddr_storage coll, agent;
	socklen_t clen, alen;
	struct sflow_agent *a;
	char *err = NULL;

	/* Both were validated with the configuration. */
	if (fsw_sflow_parse_target(c->target, &coll, &clen) ||
	    (c->agent && fsw_sflow_parse_addr(c->agent, &agent, &alen)))
		return NULL;
	/* Sub-agent id: the bridge's own ifindex, so that two bridges
	 * reporting with one agent address keep separate sequences. */
	a = sflow_agent_create((struct sockaddr *)&coll, clen,
			       c->agent ? (struct sockaddr *)&agent : NULL,
			       if_nametoindex(o->name), time_msec(), &err);
	if (!a) {
		LOG_WARN("%s: sFlow to %s: %s", o->name, c->target, err);
		free(err);
	}
	return a;
}

void sflow_reconfigure(struct ofproto *o, const struct fsw_bridge *br)
{
	const struct fsw_sflow *c = br->sflow;
	struct sflow *s = o->sflow;
	static bool registered;

	if (!registered) {
		ctl_register("sflow/show", 1, 1, cmd_show, NULL);
		registered = true;
	}
	if (!c) {
		if (s) {
			LOG_INFO("%s: sFlow off", o->name);
			sflow_destroy(o);
			ofproto_changed(o);
		}
		return;
	}
	if (s && same_str(s->cfg.target, c->target) &&
	    same_str(s->cfg.agent, c->agent) &&
	    s->cfg.sampling == c->sampling && s->cfg.polling == c->polling &&
	    s->cfg.header == c->header)
		return;
	if (s && (!same_str(s->cfg.target, c->target) ||
		  !same_str(s->cfg.agent, c->agent))) {
		sflow_destroy(o);
		s = NULL;
	}
	if (!s) {
		s = o->sflow = xzalloc(sizeof *s);
		s->agent = make_agent(o, c);
		s->next_retry = time_msec() + RETRY_MS;
	}
	cfg_free(&s->cfg);
	s->cfg = *c;
	s->cfg.target = xstrdup(c->target);
	s->cfg.agent = c->agent ? xstrdup(c->agent) : NULL;
	s->next_poll = c->polling ? time_msec() + c->polling * 1000LL
				  : LLONG_MAX;
	LOG_INFO("%s: sFlow to %s, 1 in %u packets, counters %s%u%s",
		 o->name, c->target, c->sampling, c->polling ? "every " : "",
		 c->polling, c->polling ? " s" : " (off)");
	/* Re-translate every datapath flow: the sample action changes. */
	ofproto_changed(o);
}

/* ---- Translation. --------------------------------------------------- */

/* Puts sample(userspace(cookie)) in front of OUT's datapath actions. */
void sflow_xlate(const struct xlate_in *in, struct xlate_out *out)
{
	struct ofproto *o = in->ofproto;
	struct buf acts = BUF_INITIALIZER;
	struct sflow_cookie ck;
	const struct nlattr *a;
	size_t ofs, nest, act, off;

	/* No socket (e.g. no route to the collector yet): no sampling. */
	if (!o->sflow || !o->sflow->agent || !in->upcall_pid || in->ofpacts)
		return;
	memset(&ck, 0, sizeof ck);
	ck.kind = SFLOW_COOKIE_KIND;
	ck.in_port = in->flow.dp.in_port;
	for (off = 0; off + NLA_HDRLEN <= out->odp_actions.size;
	     off += NLA_ALIGN(a->nla_len)) {
		a = (const void *)(out->odp_actions.data + off);
		if (a->nla_len < NLA_HDRLEN)
			break;
		if (a->nla_type == OVS_ACTION_ATTR_OUTPUT &&
		    a->nla_len >= NLA_HDRLEN + 4) {
			uint32_t dp_port;
			struct ofport *p;

			memcpy(&dp_port, (const uint8_t *)a + NLA_HDRLEN, 4);
			p = ofproto_port_by_dp(o, dp_port);
			ck.out_port = p ? p->ofp_port : UINT32_MAX;
			ck.n_outputs++;
		}
	}
	buf_init(&acts, out->odp_actions.size + 64);
	ofs = nlbuf_nest_start(&acts, OVS_ACTION_ATTR_SAMPLE);
	nlbuf_put_u32(&acts, OVS_SAMPLE_ATTR_PROBABILITY,
		      UINT32_MAX / o->sflow->cfg.sampling);
	nest = nlbuf_nest_start(&acts, OVS_SAMPLE_ATTR_ACTIONS);
	act = nlbuf_nest_start(&acts, OVS_ACTION_ATTR_USERSPACE);
	nlbuf_put_u32(&acts, OVS_USERSPACE_ATTR_PID, in->upcall_pid);
	nlbuf_put(&acts, OVS_USERSPACE_ATTR_USERDATA, &ck, sizeof ck);
	nlbuf_nest_end(&acts, act);
	nlbuf_nest_end(&acts, nest);
	nlbuf_nest_end(&acts, ofs);
	buf_put(&acts, out->odp_actions.data, out->odp_actions.size);
	buf_uninit(&out->odp_actions);
	out->odp_actions = acts;
	if (in->trace)
		buf_put(in->trace, "sFlow: sample action added\n", 27);
}

/* ---- Flow samples. -------------------------------------------------- */

static uint32_t output_value(struct ofproto *o, const struct sflow_cookie *c)
{
	if (c->n_outputs == 0)
		return SFLOW_IF_DISCARD;
	if (c->n_outputs > 1)
		return SFLOW_IF_MULTIPLE | (c->n_outputs & 0x3fffffff);
	return c->out_port == UINT32_MAX ? 0 : port_ifindex(o, c->out_port);
}

/* Extended switch data: the VLAN and priority the packet came in on
 * (its 802.1Q tag, or the access port's VLAN) and the VLAN it leaves
 * on (the output port's access VLAN, otherwise unchanged). */
static void switch_data(struct ofproto *o, const struct sflow_cookie *c,
			const struct buf *pkt, struct sflow_flow_sample *fs)
{
	const uint8_t *p = pkt->data;
	struct ofport *in = ofproto_port_by_ofp(o, c->in_port), *out;

	fs->has_switch = true;
	if (pkt->size >= 18 && p[12] == 0x81 && p[13] == 0x00) {
		fs->src_vlan = ((p[14] & 0x0f) << 8) | p[15];
		fs->src_priority = p[14] >> 5;
	} else if (in && in->tag >= 0) {
		fs->src_vlan = in->tag;
	}
	fs->dst_vlan = fs->src_vlan;
	fs->dst_priority = fs->src_priority;
	out = c->n_outputs == 1 ? ofproto_port_by_ofp(o, c->out_port) : NULL;
	if (out && out->tag >= 0)
		fs->dst_vlan = out->tag;
}

bool sflow_upcall(struct ofproto *o, const struct dpif_upcall *up)
{
	struct sflow *s = o->sflow;
	struct sflow_flow_sample fs;
	struct sflow_source *src;
	struct sflow_cookie ck;

	if (!up->has_userdata || up->userdata.size < sizeof ck)
		return false;
	memcpy(&ck, up->userdata.data, sizeof ck);
	if (ck.kind != SFLOW_COOKIE_KIND)
		return false;
	if (!s || !s->agent)
		return true;	/* sFlow was just switched off */
	src = source_get(o, ck.in_port);
	src->flow_seq++;
	src->pool += s->cfg.sampling;
	memset(&fs, 0, sizeof fs);
	fs.seq = src->flow_seq;
	fs.source_ifindex = src->ifindex;
	fs.sampling_rate = s->cfg.sampling;
	fs.sample_pool = src->pool;
	fs.input = src->ifindex;
	fs.output = output_value(o, &ck);
	fs.header = up->packet.data;
	fs.header_len = up->packet.size < s->cfg.header ? up->packet.size
							: s->cfg.header;
	/* The FCS the wire had is not in our copy. */
	fs.frame_length = up->packet.size + 4;
	fs.stripped = 4;
	switch_data(o, &ck, &up->packet, &fs);
	sflow_agent_add_flow(s->agent, &fs, time_msec());
	return true;
}

/* ---- Counter samples. ----------------------------------------------- */

static bool read_u64(const char *dev, const char *attr, uint64_t *v)
{
	char path[128], buf[64];
	FILE *f;
	bool ok;

	snprintf(path, sizeof path, "/sys/class/net/%s/%s", dev, attr);
	f = fopen(path, "re");
	if (!f)
		return false;
	ok = fgets(buf, sizeof buf, f) != NULL;
	fclose(f);
	if (ok) {
		char *end;
		long long n = strtoll(buf, &end, 0);

		ok = end != buf && n >= 0;
		*v = ok ? (uint64_t)n : 0;
	}
	return ok;
}

static uint32_t stat32(const char *dev, const char *name)
{
	char attr[64];
	uint64_t v;

	snprintf(attr, sizeof attr, "statistics/%s", name);
	return read_u64(dev, attr, &v) ? (uint32_t)v : UINT32_MAX;
}

static uint64_t stat64(const char *dev, const char *name)
{
	char attr[64];
	uint64_t v;

	snprintf(attr, sizeof attr, "statistics/%s", name);
	return read_u64(dev, attr, &v) ? v : UINT64_MAX;
}

static void port_counters(struct ofproto *o, struct ofport *p,
			  struct sflow_if_counters *c)
{
	const char *n = p->name;
	uint64_t v, flags = 0, carrier = 0;
	uint32_t rx, mc;

	memset(c, 0, sizeof *c);
	c->type = 6;	/* ethernetCsmacd */
	if (read_u64(n, "speed", &v) && v < UINT64_MAX / 1000000)
		c->speed = v * 1000000;
	c->direction = 1;	/* veths, tap and virtio: full duplex */
	read_u64(n, "flags", &flags);
	if (flags & IFF_UP)
		c->status |= 1;
	/* "flags" has no IFF_RUNNING: the link state is "carrier". */
	if ((flags & IFF_UP) && read_u64(n, "carrier", &carrier) && carrier)
		c->status |= 2;
	c->promisc = (flags & IFF_PROMISC) ? 1 : 2;	/* true(1)/false(2) */
	c->in_octets = stat64(n, "rx_bytes");
	rx = stat32(n, "rx_packets");
	mc = stat32(n, "multicast");
	/* Linux counts multicast (broadcast included) received packets
	 * only; the rest is unicast.  Unknown counters are all ones. */
	c->in_ucast = rx != UINT32_MAX && mc != UINT32_MAX ? rx - mc : rx;
	c->in_mcast = mc;
	c->in_bcast = UINT32_MAX;
	c->in_discards = stat32(n, "rx_dropped");
	c->in_errors = stat32(n, "rx_errors");
	c->in_unknown_protos = UINT32_MAX;
	c->out_octets = stat64(n, "tx_bytes");
	c->out_ucast = stat32(n, "tx_packets");
	c->out_mcast = UINT32_MAX;
	c->out_bcast = UINT32_MAX;
	c->out_discards = stat32(n, "tx_dropped");
	c->out_errors = stat32(n, "tx_errors");
}

static void poll_counters(struct ofproto *o, long long now)
{
	struct sflow *s = o->sflow;
	size_t i;

	for (i = 0; i < o->n_ports; i++) {
		struct ofport *p = o->ports[i];
		struct sflow_source *src = source_get(o, p->ofp_port);
		struct sflow_if_counters c;

		/* A port renamed or recreated gets a new ifindex. */
		src->ifindex = if_nametoindex(p->name);
		if (!src->ifindex)
			continue;
		port_counters(o, p, &c);
		c.seq = ++src->counter_seq;
		c.ifindex = src->ifindex;
		sflow_agent_add_counters(s->agent, &c, now);
	}
}

void sflow_run(struct ofproto *o)
{
	struct sflow *s = o->sflow;
	long long now = time_msec();

	if (s && !s->agent && now >= s->next_retry) {
		s->agent = make_agent(o, &s->cfg);
		s->next_retry = now + RETRY_MS;
		if (s->agent)
			ofproto_changed(o);	/* now add the sampling */
	}
	if (!s || !s->agent)
		return;
	if (now >= s->next_poll) {
		poll_counters(o, now);
		s->next_poll = now + s->cfg.polling * 1000LL;
		/* Counters are sent at once, not a second late. */
		sflow_agent_flush(s->agent, now);
	}
	sflow_agent_run(s->agent, now);
}

void sflow_wait(struct ofproto *o, struct pollset *ps)
{
	struct sflow *s = o->sflow;
	long long now = time_msec(), next;

	if (s && !s->agent)
		pollset_timeout(ps, s->next_retry > now ?
				(int)(s->next_retry - now) : 0);
	if (!s || !s->agent)
		return;
	next = sflow_agent_next_run(s->agent);
	if (s->next_poll < next)
		next = s->next_poll;
	if (next != LLONG_MAX)
		pollset_timeout(ps, next > now ? (int)(next - now) : 0);
}
