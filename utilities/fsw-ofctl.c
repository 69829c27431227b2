/*
 * fsw-ofctl: talk OpenFlow 1.0/1.3 to a switch (fsw-vswitchd, or any
 * OpenFlow switch such as ovs-vswitchd) with ovs-ofctl's command syntax
 * and output.  The wire work is lib/vconn.h and the OpenFlow codecs; flow
 * text is lib/ofp-parse.h; output formats are ofctl-format.c.
 *
 * Every command that changes the switch sends its messages and then a
 * BARRIER_REQUEST, and waits for the barrier reply, so that any ERROR the
 * switch sends about them is seen and reported (exit status 1).  Input
 * is parsed and encoded completely before anything is sent: a bad flow
 * changes nothing.
 */
#include <config.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "ofctl-format.h"
#include "ofp-errors.h"
#include "ofp-group.h"
#include "ofp-mp.h"
#include "ofp-msgs.h"
#include "ofp-parse.h"
#include "stream-ssl.h"
#include "util.h"
#include "vconn.h"

#define DEFAULT_RUNDIR "/var/run/flowswitch"
#define OVS_DEFAULT_RUNDIR "/var/run/openvswitch"

static uint32_t allowed_versions = VCONN_VERSIONS_SUPPORTED;
static unsigned int timeout_secs;
static bool strict, no_stats;
static struct ssl_config *ssl;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						     noreturn));

static void die(const char *fmt, ...)
{
	va_list args;

	fprintf(stderr, "fsw-ofctl: ");
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

/* ---- Connections. ---- */

struct conn {
	struct vconn *vc;
	char *name;		/* what the user typed, for messages */
	uint8_t version;
	uint32_t next_xid;
	/* Messages received while sending (a switch answering a long batch
	 * with errors stops reading until we read): FIFO. */
	struct buf **inbox;
	size_t n_inbox, inbox_head, inbox_cap;
};

static bool file_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

/* A bridge name means its management socket in the run directory:
 * $FSW_RUNDIR, else $OVS_RUNDIR (as ovs-ofctl), else the flowswitch
 * default, or Open vSwitch's when only that socket exists. */
static char *resolve_target(const char *arg)
{
	const char *dir = getenv("FSW_RUNDIR");
	char *path, *target;

	/* "unix:", "tcp:", "ssl:" (or anything else with a type, for
	 * lib/stream to judge). */
	if (strchr(arg, ':'))
		return xstrdup(arg);
	if (strchr(arg, '/'))
		return xasprintf("unix:%s", arg);
	if (!dir || !*dir)
		dir = getenv("OVS_RUNDIR");
	if (dir && *dir)
		return xasprintf("unix:%s/%s.mgmt", dir, arg);
	path = xasprintf(DEFAULT_RUNDIR "/%s.mgmt", arg);
	if (!file_exists(path)) {
		char *ovs = xasprintf(OVS_DEFAULT_RUNDIR "/%s.mgmt", arg);

		if (file_exists(ovs)) {
			free(path);
			path = ovs;
		} else {
			free(ovs);
		}
	}
	target = xasprintf("unix:%s", path);
	free(path);
	return target;
}

static void wait_for(struct conn *c)
{
	struct pollfd pfd;

	if (vconn_recv_pending(c->vc))
		return;
	vconn_wait(c->vc, &pfd);
	if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
		die("%s: poll failed (%s)", c->name, strerror(errno));
}

static void conn_open(struct conn *c, const char *arg)
{
	char *target = resolve_target(arg), *err = NULL;
	int rc;

	memset(c, 0, sizeof *c);
	c->name = xstrdup(arg);
	c->next_xid = 2;
	if (!strncmp(target, "ssl:", 4)) {
		if (!ssl || ssl_config_check(ssl, &err))
			die("%s: ssl: needs --private-key, --certificate and "
			    "--ca-cert%s%s", arg, err ? ": " : "",
			    err ? err : "");
	}
	rc = vconn_open(target, allowed_versions, ssl, &c->vc, &err);
	if (rc)
		die("%s: cannot connect: %s", arg,
		    err ? err : strerror(-rc));
	while ((rc = vconn_connect(c->vc)) == -EAGAIN)
		wait_for(c);
	if (rc) {
		const char *why = vconn_get_error(c->vc);

		die("%s: failed to connect to %s (%s)", arg, target,
		    why && *why ? why : strerror(-rc));
	}
	c->version = vconn_get_version(c->vc);
	free(target);
}

static void conn_close(struct conn *c)
{
	while (c->inbox_head < c->n_inbox)
		vconn_msg_delete(c->inbox[c->inbox_head++]);
	free(c->inbox);
	vconn_close(c->vc);
	free(c->name);
}

static void need_of13(const struct conn *c, const char *what)
{
	if (c->version != OFP13_VERSION)
		die("%s: %s needs OpenFlow 1.3 but OpenFlow 1.0 was "
		    "negotiated (try -O OpenFlow13)", c->name, what);
}

/* Reads whatever has arrived into the inbox, so that the switch never
 * waits for us to read while we wait for it to read. */
static void conn_drain(struct conn *c)
{
	struct buf *msg;
	int rc;

	while ((rc = vconn_recv(c->vc, &msg)) == 0) {
		if (c->n_inbox == c->inbox_cap) {
			c->inbox_cap = c->inbox_cap ? 2 * c->inbox_cap : 16;
			c->inbox = xrealloc(c->inbox,
					    c->inbox_cap * sizeof *c->inbox);
		}
		c->inbox[c->n_inbox++] = msg;
	}
	if (rc == -ECONNRESET)
		die("%s: connection closed by the switch", c->name);
	if (rc != -EAGAIN)
		die("%s: receive failed (%s)", c->name, strerror(-rc));
}

/* Sends MSG (a malloc'd struct buf holding one message) and flushes. */
static void conn_send(struct conn *c, struct buf *msg)
{
	int rc;

	while ((rc = vconn_send(c->vc, msg)) == -EAGAIN) {
		vconn_run(c->vc);
		wait_for(c);
		conn_drain(c);
	}
	if (rc)
		die("%s: send failed (%s)", c->name, strerror(-rc));
	while (vconn_get_tx_queued(c->vc)) {
		rc = vconn_run(c->vc);
		if (rc)
			die("%s: send failed (%s)", c->name, strerror(-rc));
		if (vconn_get_tx_queued(c->vc)) {
			wait_for(c);
			conn_drain(c);
		}
	}
}

static struct buf *new_msg(void)
{
	struct buf *b = xmalloc(sizeof *b);

	buf_init(b, 128);
	return b;
}

/* Receives the next message the caller may care about: echo requests
 * are answered here.  *TYPE gets its decoded type. */
static struct buf *conn_recv(struct conn *c, enum ofptype *type)
{
	for (;;) {
		struct buf *msg;
		int rc = 0;

		if (c->inbox_head < c->n_inbox) {
			msg = c->inbox[c->inbox_head++];
			if (c->inbox_head == c->n_inbox)
				c->inbox_head = c->n_inbox = 0;
		} else {
			rc = vconn_recv(c->vc, &msg);
		}
		if (rc == -EAGAIN) {
			wait_for(c);
			continue;
		}
		if (rc == -ECONNRESET)
			die("%s: connection closed by the switch", c->name);
		if (rc)
			die("%s: receive failed (%s)", c->name, strerror(-rc));
		rc = ofp_decode_type(msg->data, msg->size, type);
		if (rc) {
			fprintf(stderr, "fsw-ofctl: %s: ignoring a message "
				"the switch sent (%s)\n", c->name,
				ofperr_to_string(rc));
		} else if (*type == OFPTYPE_ECHO_REQUEST) {
			struct buf *reply = new_msg();

			ofp_encode_echo_reply(reply, msg->data);
			conn_send(c, reply);
		} else {
			return msg;
		}
		vconn_msg_delete(msg);
	}
}

/* Prints an ERROR message; WHAT says which request it answers. */
static void report_error(struct conn *c, const struct buf *msg,
			 const char *what)
{
	struct ofp_error e;

	fprintf(stderr, "fsw-ofctl: %s: ", c->name);
	ofctl_print_header(stderr, "OFPT_ERROR", vconn_msg_version(msg),
			   vconn_msg_xid(msg));
	if (ofp_decode_error(msg->data, &e)) {
		fprintf(stderr, " (undecodable)\n");
		return;
	}
	ofctl_print_error(stderr, vconn_msg_version(msg), &e);
	if (what)
		fprintf(stderr, "fsw-ofctl: in reply to: %s\n", what);
}

/* Sends REQUEST and returns the reply with the same xid (expected to be
 * of type WANT).  An ERROR reply is printed and ends the program. */
static struct buf *transact(struct conn *c, struct buf *request,
			    enum ofptype want, const char *what)
{
	uint32_t xid = vconn_msg_xid(request);

	conn_send(c, request);
	for (;;) {
		enum ofptype type;
		struct buf *msg = conn_recv(c, &type);

		if (vconn_msg_xid(msg) == xid && type == OFPTYPE_ERROR) {
			report_error(c, msg, what);
			exit(EXIT_FAILURE);
		}
		if (vconn_msg_xid(msg) == xid && type == want)
			return msg;
		vconn_msg_delete(msg);
	}
}

/* Multipart: sends REQUEST and calls CB on each reply part until the
 * last (no OFPMPF_MORE). */
typedef void mp_cb(struct conn *, struct ofp_multipart *, void *aux);

static void mp_transact(struct conn *c, struct buf *request, mp_cb *cb,
			void *aux, const char *what)
{
	uint32_t xid = vconn_msg_xid(request);
	bool more = true;

	conn_send(c, request);
	while (more) {
		struct ofp_multipart mp;
		enum ofptype type;
		struct buf *msg = conn_recv(c, &type);
		int rc;

		if (vconn_msg_xid(msg) != xid) {
			vconn_msg_delete(msg);
			continue;
		}
		if (type == OFPTYPE_ERROR) {
			report_error(c, msg, what);
			exit(EXIT_FAILURE);
		}
		if (type != OFPTYPE_MULTIPART_REPLY)
			die("%s: unexpected %s in reply to %s", c->name,
			    ofptype_name(type), what);
		rc = ofp_decode_multipart(msg->data, &mp);
		if (rc)
			die("%s: bad reply to %s (%s)", c->name, what,
			    ofperr_to_string(rc));
		more = mp.flags & OFPMPF_MORE;
		cb(c, &mp, aux);
		vconn_msg_delete(msg);
	}
}

/* A batch of modifications, each with a description for error reports;
 * all are encoded before any is sent. */
struct batch {
	struct buf **msgs;
	char **whats;
	size_t n, cap;
};

static void batch_add(struct batch *bt, struct buf *msg, char *what)
{
	if (bt->n == bt->cap) {
		bt->cap = bt->cap ? 2 * bt->cap : 8;
		bt->msgs = xrealloc(bt->msgs, bt->cap * sizeof *bt->msgs);
		bt->whats = xrealloc(bt->whats, bt->cap * sizeof *bt->whats);
	}
	bt->msgs[bt->n] = msg;
	bt->whats[bt->n++] = what;
}

/* Sends the batch and a barrier; reports every ERROR that comes back
 * before the barrier reply.  Returns the number of errors. */
static int batch_run(struct conn *c, struct batch *bt)
{
	uint32_t first = c->next_xid, barrier;
	struct buf *msg;
	int n_errors = 0;
	size_t i;

	/* Messages were encoded with xids first, first + 1, ... */
	for (i = 0; i < bt->n; i++)
		conn_send(c, bt->msgs[i]);
	msg = new_msg();
	barrier = c->next_xid + bt->n;
	ofp_encode_simple(msg, c->version, OFPTYPE_BARRIER_REQUEST, barrier);
	c->next_xid = barrier + 1;
	conn_send(c, msg);
	for (;;) {
		enum ofptype type;
		uint32_t xid;

		msg = conn_recv(c, &type);
		xid = vconn_msg_xid(msg);
		if (type == OFPTYPE_BARRIER_REPLY && xid == barrier) {
			vconn_msg_delete(msg);
			break;
		}
		if (type == OFPTYPE_ERROR) {
			const char *what = NULL;

			if (xid >= first && xid - first < bt->n)
				what = bt->whats[xid - first];
			report_error(c, msg, what);
			n_errors++;
		}
		vconn_msg_delete(msg);
	}
	for (i = 0; i < bt->n; i++)
		free(bt->whats[i]);
	free(bt->msgs);
	free(bt->whats);
	memset(bt, 0, sizeof *bt);
	return n_errors;
}

static uint32_t batch_xid(const struct conn *c, const struct batch *bt)
{
	return c->next_xid + bt->n;
}

/* ---- Flow commands. ---- */

/* Flow mods parsed before connecting (the version is not known yet). */
struct flow_list {
	struct ofp_flow_mod *fms;
	struct buf *acts;
	char **texts;
	size_t n, cap;
};

static char *flow_list_add(const struct ofp_flow_mod *fm, void *list_)
{
	struct flow_list *l = list_;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->fms = xrealloc(l->fms, l->cap * sizeof *l->fms);
		l->acts = xrealloc(l->acts, l->cap * sizeof *l->acts);
		l->texts = xrealloc(l->texts, l->cap * sizeof *l->texts);
	}
	l->fms[l->n] = *fm;
	buf_init(&l->acts[l->n], fm->ofpacts_len + 8);
	buf_put(&l->acts[l->n], fm->ofpacts, fm->ofpacts_len);
	l->texts[l->n] = ofp_flow_mod_to_string(fm);
	l->n++;
	return NULL;
}

static void flow_list_parse(struct flow_list *l, const char *s, int command)
{
	struct buf acts = BUF_INITIALIZER;
	struct ofp_flow_mod fm;
	char *err = ofp_parse_flow_mod(s, command, &fm, &acts);

	if (err)
		die("bad flow \"%s\": %s", s, err);
	flow_list_add(&fm, l);
	/* Errors are easier to place in the user's own words. */
	free(l->texts[l->n - 1]);
	l->texts[l->n - 1] = xstrdup(s);
	buf_uninit(&acts);
}

/* Encodes every flow of L for C's version (dying on the first that the
 * version cannot express), then sends them as one batch. */
static int flow_list_send(struct conn *c, struct flow_list *l)
{
	struct batch bt = { 0 };
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct ofp_flow_mod *fm = &l->fms[i];
		struct buf *msg = new_msg();
		int rc;

		fm->ofpacts = (const void *)l->acts[i].data;
		fm->ofpacts_len = l->acts[i].size;
		rc = ofp_encode_flow_mod(msg, c->version,
					 batch_xid(c, &bt), fm);
		if (rc)
			die("%s: flow \"%s\" cannot be sent in OpenFlow %s "
			    "(%s)", c->name, l->texts[i],
			    c->version == OFP13_VERSION ? "1.3" : "1.0",
			    ofperr_to_string(rc));
		batch_add(&bt, msg, xstrdup(l->texts[i]));
	}
	return batch_run(c, &bt);
}

static void flow_list_free(struct flow_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		buf_uninit(&l->acts[i]);
		free(l->texts[i]);
	}
	free(l->fms);
	free(l->acts);
	free(l->texts);
}

static int run_flow_list(const char *br, struct flow_list *l)
{
	struct conn c;
	int n_errors;

	conn_open(&c, br);
	n_errors = flow_list_send(&c, l);
	conn_close(&c);
	flow_list_free(l);
	return n_errors ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int cmd_add_flow(int argc, char *argv[])
{
	struct flow_list l = { 0 };

	(void)argc;
	flow_list_parse(&l, argv[1], OFPFC_ADD);
	return run_flow_list(argv[0], &l);
}

static int cmd_add_flows(int argc, char *argv[])
{
	struct flow_list l = { 0 };
	bool is_stdin = !strcmp(argv[1], "-");
	FILE *f = is_stdin ? stdin : fopen(argv[1], "r");
	char *err;

	(void)argc;
	if (!f)
		die("%s: cannot open (%s)", argv[1], strerror(errno));
	err = ofp_parse_flow_file(f, OFPFC_ADD, flow_list_add, &l);
	if (err)
		die("%s: %s", is_stdin ? "stdin" : argv[1], err);
	if (!is_stdin)
		fclose(f);
	return run_flow_list(argv[0], &l);
}

static int cmd_mod_flows(int argc, char *argv[])
{
	struct flow_list l = { 0 };

	(void)argc;
	flow_list_parse(&l, argv[1],
			strict ? OFPFC_MODIFY_STRICT : OFPFC_MODIFY);
	return run_flow_list(argv[0], &l);
}

static int cmd_del_flows(int argc, char *argv[])
{
	struct flow_list l = { 0 };

	flow_list_parse(&l, argc > 1 ? argv[1] : "",
			strict ? OFPFC_DELETE_STRICT : OFPFC_DELETE);
	return run_flow_list(argv[0], &l);
}

static void dump_flows_cb(struct conn *c, struct ofp_multipart *mp,
			  void *aux)
{
	struct buf acts = BUF_INITIALIZER;
	struct ofp_flow_stats fs;
	int rc;

	(void)aux;
	while (!(rc = ofp_decode_flow_stats_next(mp, &fs, &acts)))
		ofctl_print_flow(stdout, &fs, no_stats);
	buf_uninit(&acts);
	if (rc != OFP_MP_EOF)
		die("%s: bad flow stats reply (%s)", c->name,
		    ofperr_to_string(rc));
}

static int cmd_dump_flows(int argc, char *argv[])
{
	struct ofp_flow_stats_request r;
	struct buf acts = BUF_INITIALIZER;
	struct ofp_flow_mod fm;
	struct buf *msg;
	struct conn c;
	int rc;

	/* A filter is written like a del-flows spec: match, table=,
	 * cookie=V/MASK, out_port=. */
	ofp_flow_stats_request_init(&r);
	if (argc > 1) {
		char *err = ofp_parse_flow_mod(argv[1], OFPFC_DELETE, &fm,
					       &acts);

		if (err)
			die("bad flow filter \"%s\": %s", argv[1], err);
		r.match = fm.match;
		r.table_id = fm.table_id;
		r.out_port = fm.out_port;
		r.out_group = fm.out_group;
		r.cookie = fm.cookie;
		r.cookie_mask = fm.cookie_mask;
	}
	buf_uninit(&acts);
	conn_open(&c, argv[0]);
	msg = new_msg();
	rc = ofp_encode_flow_stats_request(msg, c.version, c.next_xid++,
					   false, &r);
	if (rc)
		die("%s: filter cannot be sent in this OpenFlow version (%s)",
		    c.name, ofperr_to_string(rc));
	if (!no_stats) {
		ofctl_print_header(stdout, "OFPST_FLOW reply", c.version,
				   vconn_msg_xid(msg));
		putchar('\n');
	}
	mp_transact(&c, msg, dump_flows_cb, NULL, "dump-flows");
	conn_close(&c);
	return EXIT_SUCCESS;
}

/* ---- show. ---- */

static int cmp_ports(const void *a_, const void *b_)
{
	const struct ofp_port_desc *a = a_, *b = b_;

	return a->port_no < b->port_no ? -1 : a->port_no > b->port_no;
}

static void print_ports(struct ofp_port_desc *pds, size_t n)
{
	size_t i;

	qsort(pds, n, sizeof *pds, cmp_ports);
	for (i = 0; i < n; i++)
		ofctl_print_port_desc(stdout, &pds[i]);
}

static void port_desc_cb(struct conn *c, struct ofp_multipart *mp,
			 void *ports_)
{
	struct buf *ports = ports_;
	struct ofp_port_desc pd;
	int rc;

	while (!(rc = ofp_decode_port_desc_next(mp, &pd)))
		buf_put(ports, &pd, sizeof pd);
	if (rc != OFP_MP_EOF)
		die("%s: bad port description (%s)", c->name,
		    ofperr_to_string(rc));
}

static int cmd_show(int argc, char *argv[])
{
	struct buf ports = BUF_INITIALIZER, *msg, *reply;
	struct ofp_switch_config_msg sc;
	struct ofp_features ft;
	struct conn c;
	int rc;

	(void)argc;
	conn_open(&c, argv[0]);
	msg = new_msg();
	ofp_encode_simple(msg, c.version, OFPTYPE_FEATURES_REQUEST,
			  c.next_xid++);
	reply = transact(&c, msg, OFPTYPE_FEATURES_REPLY, "show");
	rc = ofp_decode_features_reply(reply->data, &ft, &ports);
	if (rc)
		die("%s: bad features reply (%s)", c.name,
		    ofperr_to_string(rc));
	ofctl_print_header(stdout, "OFPT_FEATURES_REPLY", c.version,
			   vconn_msg_xid(reply));
	ofctl_print_features(stdout, c.version, &ft);
	vconn_msg_delete(reply);
	if (c.version == OFP13_VERSION) {
		buf_clear(&ports);
		msg = new_msg();
		ofp_encode_mp_request(msg, c.version, c.next_xid++,
				      OFPMP_PORT_DESC);
		ofctl_print_header(stdout, "OFPST_PORT_DESC reply", c.version,
				   vconn_msg_xid(msg));
		putchar('\n');
		mp_transact(&c, msg, port_desc_cb, &ports, "show");
	}
	print_ports((void *)ports.data, ports.size / sizeof ft.ports[0]);
	buf_uninit(&ports);

	msg = new_msg();
	ofp_encode_simple(msg, c.version, OFPTYPE_GET_CONFIG_REQUEST,
			  c.next_xid++);
	reply = transact(&c, msg, OFPTYPE_GET_CONFIG_REPLY, "show");
	if (!ofp_decode_switch_config(reply->data, &sc)) {
		ofctl_print_header(stdout, "OFPT_GET_CONFIG_REPLY", c.version,
				   vconn_msg_xid(reply));
		ofctl_print_switch_config(stdout, &sc);
	}
	vconn_msg_delete(reply);
	conn_close(&c);
	return EXIT_SUCCESS;
}

/* ---- dump-ports, dump-tables. ---- */

static void port_stats_cb(struct conn *c, struct ofp_multipart *mp,
			  void *stats_)
{
	struct buf *stats = stats_;
	struct ofp_port_stats ps;
	int rc;

	while (!(rc = ofp_decode_port_stats_next(mp, &ps)))
		buf_put(stats, &ps, sizeof ps);
	if (rc != OFP_MP_EOF)
		die("%s: bad port stats reply (%s)", c->name,
		    ofperr_to_string(rc));
}

static int cmd_dump_ports(int argc, char *argv[])
{
	struct buf stats = BUF_INITIALIZER, *msg;
	uint32_t port = OFPP_ANY, xid;
	struct ofp_port_stats *ps;
	struct conn c;
	size_t i, n;

	if (argc > 1 && ofp_parse_port(argv[1], &port))
		die("bad port \"%s\" (expected a number or LOCAL)", argv[1]);
	conn_open(&c, argv[0]);
	msg = new_msg();
	xid = c.next_xid++;
	if (ofp_encode_port_stats_request(msg, c.version, xid, port))
		die("%s: port %s cannot be sent in this OpenFlow version",
		    c.name, argv[1]);
	mp_transact(&c, msg, port_stats_cb, &stats, "dump-ports");
	ps = (void *)stats.data;
	n = stats.size / sizeof *ps;
	ofctl_print_header(stdout, "OFPST_PORT reply", c.version, xid);
	printf(" %zu ports\n", n);
	for (i = 0; i < n; i++)
		ofctl_print_port_stats(stdout, c.version, &ps[i]);
	buf_uninit(&stats);
	conn_close(&c);
	return EXIT_SUCCESS;
}

static void table_stats_cb(struct conn *c, struct ofp_multipart *mp,
			   void *stats_)
{
	struct buf *stats = stats_;
	struct ofp_table_stats ts;
	int rc;

	while (!(rc = ofp_decode_table_stats_next(mp, &ts)))
		buf_put(stats, &ts, sizeof ts);
	if (rc != OFP_MP_EOF)
		die("%s: bad table stats reply (%s)", c->name,
		    ofperr_to_string(rc));
}

static int cmd_dump_tables(int argc, char *argv[])
{
	struct buf stats = BUF_INITIALIZER, *msg;
	struct conn c;
	uint32_t xid;

	(void)argc;
	conn_open(&c, argv[0]);
	msg = new_msg();
	xid = c.next_xid++;
	ofp_encode_mp_request(msg, c.version, xid, OFPMP_TABLE);
	mp_transact(&c, msg, table_stats_cb, &stats, "dump-tables");
	ofctl_print_header(stdout, "OFPST_TABLE reply", c.version, xid);
	putchar('\n');
	ofctl_print_tables(stdout, c.version, (void *)stats.data,
			   stats.size / sizeof(struct ofp_table_stats));
	buf_uninit(&stats);
	conn_close(&c);
	return EXIT_SUCCESS;
}

/* ---- Groups (OpenFlow 1.3). ---- */

/* Parses GROUP (add-group/mod-group syntax) and sends it as COMMAND. */
static int group_mod(const char *br, const char *spec, uint16_t command)
{
	struct buf buckets = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct ofp_group_mod gm;
	struct batch bt = { 0 };
	struct buf *msg;
	struct conn c;
	char *err;
	int rc;

	err = ofctl_parse_group(spec, command, &gm, &buckets, &acts);
	if (err)
		die("bad group \"%s\": %s", spec, err);
	conn_open(&c, br);
	need_of13(&c, "groups");
	msg = new_msg();
	rc = ofp_encode_group_mod(msg, c.version, batch_xid(&c, &bt), &gm);
	if (rc)
		die("%s: group \"%s\" cannot be encoded (%s)", c.name, spec,
		    ofperr_to_string(rc));
	batch_add(&bt, msg, xstrdup(spec));
	rc = batch_run(&c, &bt);
	conn_close(&c);
	buf_uninit(&buckets);
	buf_uninit(&acts);
	return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int cmd_add_group(int argc, char *argv[])
{
	(void)argc;
	return group_mod(argv[0], argv[1], OFPGC_ADD);
}

static int cmd_mod_group(int argc, char *argv[])
{
	(void)argc;
	return group_mod(argv[0], argv[1], OFPGC_MODIFY);
}

static int cmd_del_groups(int argc, char *argv[])
{
	return group_mod(argv[0], argc > 1 ? argv[1] : "", OFPGC_DELETE);
}

struct group_dump {
	bool all;
	uint32_t group_id;
};

static void group_desc_cb(struct conn *c, struct ofp_multipart *mp,
			  void *gdump_)
{
	struct buf buckets = BUF_INITIALIZER, acts = BUF_INITIALIZER;
	struct group_dump *gdump = gdump_;
	struct ofp_group_desc gd;
	int rc;

	while (!(rc = ofp_decode_group_desc_next(mp, &gd, &buckets, &acts))) {
		if (gdump->all || gd.group_id == gdump->group_id)
			ofctl_print_group_desc(stdout, &gd);
		buf_clear(&buckets);
		buf_clear(&acts);
	}
	buf_uninit(&buckets);
	buf_uninit(&acts);
	if (rc != OFP_MP_EOF)
		die("%s: bad group description reply (%s)", c->name,
		    ofperr_to_string(rc));
}

static int cmd_dump_groups(int argc, char *argv[])
{
	struct group_dump gdump = { .all = true };
	struct buf *msg;
	struct conn c;
	char *err;

	if (argc > 1) {
		err = ofctl_parse_group_id(argv[1], &gdump.group_id);
		if (err)
			die("bad group \"%s\": %s", argv[1], err);
		gdump.all = gdump.group_id == OFPG_ALL;
	}
	conn_open(&c, argv[0]);
	need_of13(&c, "dump-groups");
	msg = new_msg();
	ofp_encode_mp_request(msg, c.version, c.next_xid++, OFPMP_GROUP_DESC);
	ofctl_print_header(stdout, "OFPST_GROUP_DESC reply", c.version,
			   vconn_msg_xid(msg));
	putchar('\n');
	mp_transact(&c, msg, group_desc_cb, &gdump, "dump-groups");
	conn_close(&c);
	return EXIT_SUCCESS;
}

/* ---- packet-out. ---- */

static void parse_hex_packet(const char *s, struct buf *data)
{
	const char *p;

	for (p = s; *p; ) {
		unsigned int byte;

		if (isspace((unsigned char)*p) || *p == ':' || *p == '.') {
			p++;
			continue;
		}
		if (!isxdigit((unsigned char)p[0]) ||
		    !isxdigit((unsigned char)p[1]) ||
		    sscanf(p, "%2x", &byte) != 1)
			die("bad packet \"%s\": expected hex digit pairs at "
			    "\"%.10s\"", s, p);
		buf_put(data, &(uint8_t){ byte }, 1);
		p += 2;
	}
	if (!data->size)
		die("packet-out: empty packet");
}

/* The 3.1 form "in_port=1 packet=HEX actions=...": splits S in place. */
static void parse_packet_out_spec(char *s, char **in_port, char **packet,
				  char **actions)
{
	char *p;

	*in_port = *packet = *actions = NULL;
	p = strstr(s, "actions=");
	if (!p)
		die("packet-out: \"%s\" lacks actions=", s);
	*actions = p + 8;
	*p = '\0';
	for (p = strtok(s, " ,\t"); p; p = strtok(NULL, " ,\t")) {
		if (!strncmp(p, "in_port=", 8))
			*in_port = p + 8;
		else if (!strncmp(p, "packet=", 7))
			*packet = p + 7;
		else
			die("packet-out: unknown keyword \"%s\" (expected "
			    "in_port=, packet=, actions=)", p);
	}
	if (!*packet)
		die("packet-out: missing packet=HEX");
}

static int cmd_packet_out(int argc, char *argv[])
{
	struct buf acts = BUF_INITIALIZER, data = BUF_INITIALIZER;
	char *in_port_s = NULL, *packet_s, *actions_s, *spec = NULL, *err;
	struct ofp_packet_out po;
	struct batch bt = { 0 };
	struct buf *msg;
	struct conn c;
	int rc;

	if (argc == 2) {
		spec = xstrdup(argv[1]);
		parse_packet_out_spec(spec, &in_port_s, &packet_s, &actions_s);
	} else if (argc == 4) {
		in_port_s = argv[1];
		actions_s = argv[2];
		packet_s = argv[3];
	} else {
		die("packet-out: usage: packet-out SWITCH IN_PORT ACTIONS "
		    "PACKET, or packet-out SWITCH \"in_port=P packet=HEX "
		    "actions=A\"");
	}
	memset(&po, 0, sizeof po);
	po.buffer_id = OFP_NO_BUFFER;
	po.in_port = OFPP_CONTROLLER;
	if (in_port_s && ofp_parse_port(in_port_s, &po.in_port))
		die("packet-out: bad in_port \"%s\"", in_port_s);
	err = ofp_parse_actions(actions_s, &acts);
	if (err)
		die("packet-out: bad actions \"%s\": %s", actions_s, err);
	parse_hex_packet(packet_s, &data);
	po.ofpacts = (const void *)acts.data;
	po.ofpacts_len = acts.size;
	po.data = data.data;
	po.data_len = data.size;

	conn_open(&c, argv[0]);
	msg = new_msg();
	rc = ofp_encode_packet_out(msg, c.version, batch_xid(&c, &bt), &po);
	if (rc)
		die("%s: packet-out cannot be sent in this OpenFlow version "
		    "(%s)", c.name, ofperr_to_string(rc));
	batch_add(&bt, msg, xstrdup("packet-out"));
	rc = batch_run(&c, &bt);
	conn_close(&c);
	buf_uninit(&acts);
	buf_uninit(&data);
	free(spec);
	return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* ---- Main. ---- */

struct command {
	const char *name;
	int min_args, max_args;	/* after the command name */
	int (*run)(int argc, char *argv[]);
};

static const struct command commands[] = {
	{ "show", 1, 1, cmd_show },
	{ "dump-flows", 1, 2, cmd_dump_flows },
	{ "add-flow", 2, 2, cmd_add_flow },
	{ "add-flows", 2, 2, cmd_add_flows },
	{ "mod-flows", 2, 2, cmd_mod_flows },
	{ "del-flows", 1, 2, cmd_del_flows },
	{ "dump-ports", 1, 2, cmd_dump_ports },
	{ "dump-tables", 1, 1, cmd_dump_tables },
	{ "dump-groups", 1, 2, cmd_dump_groups },
	{ "add-group", 2, 2, cmd_add_group },
	{ "mod-group", 2, 2, cmd_mod_group },
	{ "del-groups", 1, 2, cmd_del_groups },
	{ "packet-out", 2, 4, cmd_packet_out },
};

static void usage(void)
{
	printf("fsw-ofctl: OpenFlow switch management utility\n"
	       "usage: fsw-ofctl [OPTIONS] COMMAND [ARG...]\n"
	       "  show SWITCH                   show switch and port information\n"
	       "  dump-flows SWITCH [FLOW]      print flows (matching FLOW)\n"
	       "  add-flow SWITCH FLOW          add a flow\n"
	       "  add-flows SWITCH FILE         add the flows in FILE (- for stdin)\n"
	       "  mod-flows SWITCH FLOW         change the actions of matching flows\n"
	       "  del-flows SWITCH [FLOW]       delete matching (all) flows\n"
	       "  dump-ports SWITCH [PORT]      print port statistics\n"
	       "  dump-tables SWITCH            print table statistics\n"
	       "  dump-groups SWITCH [GROUP]    print groups (OpenFlow 1.3)\n"
	       "  add-group SWITCH GROUP        add a group\n"
	       "  mod-group SWITCH GROUP        change a group\n"
	       "  del-groups SWITCH [GROUP]     delete a group (all groups)\n"
	       "  packet-out SWITCH IN_PORT ACTIONS PACKET\n"
	       "  packet-out SWITCH \"in_port=P packet=HEX actions=A\"\n"
	       "SWITCH is a bridge name (its socket " DEFAULT_RUNDIR
	       "/BRIDGE.mgmt,\nor in $FSW_RUNDIR or $OVS_RUNDIR), "
	       "unix:PATH, tcp:IP[:PORT] or ssl:IP[:PORT].\n"
	       "Options:\n"
	       "  -O, --protocols=LIST          OpenFlow10 and/or OpenFlow13, "
	       "comma-separated\n"
	       "  --strict                      mod-flows/del-flows: exact "
	       "match and priority\n"
	       "  --no-stats                    dump-flows: omit statistics\n"
	       "  -t, --timeout=SECS            give up after SECS seconds\n"
	       "  -p, --private-key=FILE        TLS private key (ssl:)\n"
	       "  -c, --certificate=FILE        TLS certificate (ssl:)\n"
	       "  -C, --ca-cert=FILE            TLS CA certificate (ssl:)\n"
	       "  -v, --verbose                 log connection details\n"
	       "  -h, --help                    display this help message\n");
}

static uint32_t parse_protocols(const char *s)
{
	char *copy = xstrdup(s), *save = NULL, *p;
	uint32_t v = 0;

	for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (!strcasecmp(p, "OpenFlow10"))
			v |= VCONN_VERSION_BIT(VCONN_OF10);
		else if (!strcasecmp(p, "OpenFlow13"))
			v |= VCONN_VERSION_BIT(VCONN_OF13);
		else
			die("unknown protocol \"%s\" (supported: OpenFlow10, "
			    "OpenFlow13)", p);
	}
	free(copy);
	if (!v)
		die("-O: no protocol given");
	return v;
}

static void ssl_option(int opt, const char *path)
{
	char *err = NULL;
	int rc;

	if (!ssl)
		ssl = ssl_config_create();
	if (opt == 'p')
		rc = ssl_config_set_private_key(ssl, path, &err);
	else if (opt == 'c')
		rc = ssl_config_set_certificate(ssl, path, &err);
	else
		rc = ssl_config_set_ca_cert(ssl, path, &err);
	if (rc)
		die("%s", err ? err : strerror(-rc));
}

static void on_alarm(int sig)
{
	static const char msg[] = "fsw-ofctl: timed out\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
		_exit(2);
	_exit(EXIT_FAILURE);
}

enum { OPT_STRICT = 256, OPT_NO_STATS };

static void parse_options(int argc, char *argv[])
{
	static const struct option long_options[] = {
		{ "protocols", required_argument, NULL, 'O' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "no-stats", no_argument, NULL, OPT_NO_STATS },
		{ "timeout", required_argument, NULL, 't' },
		{ "private-key", required_argument, NULL, 'p' },
		{ "certificate", required_argument, NULL, 'c' },
		{ "ca-cert", required_argument, NULL, 'C' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v;
	int opt;

	while ((opt = getopt_long(argc, argv, "O:t:p:c:C:vh", long_options,
				  NULL)) != -1) {
		switch (opt) {
		case 'O':
			allowed_versions = parse_protocols(optarg);
			break;
		case OPT_STRICT:
			strict = true;
			break;
		case OPT_NO_STATS:
			no_stats = true;
			break;
		case 't':
			if (str_to_uint(optarg, 86400, &v) || !v)
				die("--timeout: expected seconds (1-86400), "
				    "not \"%s\"", optarg);
			timeout_secs = v;
			break;
		case 'p':
		case 'c':
		case 'C':
			ssl_option(opt, optarg);
			break;
		case 'v':
			log_set_level(NULL, LL_DBG);
			break;
		case 'h':
			usage();
			exit(EXIT_SUCCESS);
		default:
			fprintf(stderr, "try \"fsw-ofctl --help\"\n");
			exit(EXIT_FAILURE);
		}
	}
}

int main(int argc, char *argv[])
{
	const struct command *cmd = NULL;
	int n_args;
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	/* The library's informational logs would only repeat our errors. */
	log_set_level(NULL, LL_WARN);
	parse_options(argc, argv);
	argc -= optind;
	argv += optind;
	if (argc < 1)
		die("missing command name; use --help for help");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[0], commands[i].name))
			cmd = &commands[i];
	if (!cmd)
		die("unknown command \"%s\"; use --help for help", argv[0]);
	n_args = argc - 1;
	if (n_args < cmd->min_args || n_args > cmd->max_args)
		die("\"%s\" takes %d to %d arguments (got %d); use --help",
		    cmd->name, cmd->min_args, cmd->max_args, n_args);
	if (timeout_secs) {
		signal(SIGALRM, on_alarm);
		alarm(timeout_secs);
	}
	return cmd->run(n_args, argv + 1);
}
