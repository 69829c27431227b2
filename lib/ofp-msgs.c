/* OpenFlow messages: header classification and the non-multipart
 * messages.  See ofp-msgs.h. */
#include <config.h>
#include "ofp-msgs.h"

#include <string.h>
#include "buf.h"
#include "ofp-errors.h"
#include "ofp-private.h"

/* OF1.0 wire type of each ofptype (-1: none).  OF1.3 wire types equal
 * the ofptype values. */
static const int8_t raw10[OFPTYPE_N] = {
	[OFPTYPE_HELLO] = 0, [OFPTYPE_ERROR] = 1, [OFPTYPE_ECHO_REQUEST] = 2,
	[OFPTYPE_ECHO_REPLY] = 3, [OFPTYPE_EXPERIMENTER] = 4,
	[OFPTYPE_FEATURES_REQUEST] = 5, [OFPTYPE_FEATURES_REPLY] = 6,
	[OFPTYPE_GET_CONFIG_REQUEST] = 7, [OFPTYPE_GET_CONFIG_REPLY] = 8,
	[OFPTYPE_SET_CONFIG] = 9, [OFPTYPE_PACKET_IN] = 10,
	[OFPTYPE_FLOW_REMOVED] = 11, [OFPTYPE_PORT_STATUS] = 12,
	[OFPTYPE_PACKET_OUT] = 13, [OFPTYPE_FLOW_MOD] = 14,
	[OFPTYPE_GROUP_MOD] = -1, [OFPTYPE_PORT_MOD] = 15,
	[OFPTYPE_TABLE_MOD] = -1, [OFPTYPE_MULTIPART_REQUEST] = 16,
	[OFPTYPE_MULTIPART_REPLY] = 17, [OFPTYPE_BARRIER_REQUEST] = 18,
	[OFPTYPE_BARRIER_REPLY] = 19,
	[OFPTYPE_QUEUE_GET_CONFIG_REQUEST] = 20,
	[OFPTYPE_QUEUE_GET_CONFIG_REPLY] = 21,
	[OFPTYPE_ROLE_REQUEST] = -1, [OFPTYPE_ROLE_REPLY] = -1,
	[OFPTYPE_GET_ASYNC_REQUEST] = -1, [OFPTYPE_GET_ASYNC_REPLY] = -1,
	[OFPTYPE_SET_ASYNC] = -1, [OFPTYPE_METER_MOD] = -1,
};

static const char *const type_names[OFPTYPE_N] = {
	"HELLO", "ERROR", "ECHO_REQUEST", "ECHO_REPLY", "EXPERIMENTER",
	"FEATURES_REQUEST", "FEATURES_REPLY", "GET_CONFIG_REQUEST",
	"GET_CONFIG_REPLY", "SET_CONFIG", "PACKET_IN", "FLOW_REMOVED",
	"PORT_STATUS", "PACKET_OUT", "FLOW_MOD", "GROUP_MOD", "PORT_MOD",
	"TABLE_MOD", "MULTIPART_REQUEST", "MULTIPART_REPLY",
	"BARRIER_REQUEST", "BARRIER_REPLY", "QUEUE_GET_CONFIG_REQUEST",
	"QUEUE_GET_CONFIG_REPLY", "ROLE_REQUEST", "ROLE_REPLY",
	"GET_ASYNC_REQUEST", "GET_ASYNC_REPLY", "SET_ASYNC", "METER_MOD",
};

const char *ofptype_name(enum ofptype type)
{
	return type < OFPTYPE_N ? type_names[type] : "UNKNOWN";
}

int ofptype_to_raw(enum ofptype type, uint8_t version)
{
	if (type >= OFPTYPE_N)
		return -1;
	if (version == OFP10_VERSION)
		return raw10[type];
	return version == OFP13_VERSION ? (int)type : -1;
}

static bool header_only(enum ofptype t)
{
	return t == OFPTYPE_FEATURES_REQUEST ||
	       t == OFPTYPE_GET_CONFIG_REQUEST ||
	       t == OFPTYPE_BARRIER_REQUEST || t == OFPTYPE_BARRIER_REPLY ||
	       t == OFPTYPE_GET_ASYNC_REQUEST;
}

static int check_multipart(const uint8_t *p, size_t len, uint8_t version)
{
	size_t hlen = version == OFP10_VERSION
		      ? sizeof(struct ofp10_stats_header)
		      : sizeof(struct ofp13_multipart_header);
	uint16_t mp;

	if (len < hlen)
		return E_REQ(BAD_LEN);
	mp = (p[8] << 8) | p[9];
	if (mp == OFPMP_EXPERIMENTER)
		return E_REQ(BAD_EXPERIMENTER);
	if (version == OFP10_VERSION ? mp > OFPMP_QUEUE : mp > OFPMP_PORT_DESC)
		return E_REQ(BAD_MULTIPART);
	return 0;
}

int ofp_decode_type(const void *p, size_t len, enum ofptype *type)
{
	const struct ofp_header *oh = p;
	int t;

	if (len < sizeof *oh || ntohs(oh->length) != len)
		return E_REQ(BAD_LEN);
	if (oh->type == OFPT_HELLO) {
		*type = OFPTYPE_HELLO;
		return 0;
	}
	if (oh->version != OFP10_VERSION && oh->version != OFP13_VERSION)
		return E_REQ(BAD_VERSION);
	for (t = 0; t < OFPTYPE_N; t++)
		if (ofptype_to_raw(t, oh->version) == oh->type)
			break;
	if (t == OFPTYPE_N)
		return E_REQ(BAD_TYPE);
	if (t == OFPTYPE_EXPERIMENTER)
		return E_REQ(BAD_EXPERIMENTER);
	if (header_only(t) && len != sizeof *oh)
		return E_REQ(BAD_LEN);
	if (t == OFPTYPE_MULTIPART_REQUEST || t == OFPTYPE_MULTIPART_REPLY) {
		int err = check_multipart(p, len, oh->version);

		if (err)
			return err;
	}
	*type = t;
	return 0;
}

size_t ofp_start(struct buf *b, uint8_t version, uint8_t raw_type,
		 uint32_t xid, size_t size)
{
	size_t ofs = b->size;
	struct ofp_header *oh = buf_put_zeros(b, size);

	oh->version = version;
	oh->type = raw_type;
	oh->length = htons(size);
	oh->xid = htonl(xid);
	return ofs;
}

int ofp_finish(struct buf *b, size_t ofs)
{
	size_t len = b->size - ofs;

	if (len > 0xffff) {
		b->size = ofs;
		return E_REQ(BAD_LEN);
	}
	put_be16_at(b, ofs + 2, len);
	return 0;
}

static size_t start_type(struct buf *b, uint8_t version, enum ofptype type,
			 uint32_t xid, size_t size)
{
	return ofp_start(b, version, ofptype_to_raw(type, version), xid, size);
}

int ofp_encode_simple(struct buf *b, uint8_t version, enum ofptype type,
		      uint32_t xid)
{
	if (ofptype_to_raw(type, version) < 0)
		return E_REQ(BAD_TYPE);
	start_type(b, version, type, xid, sizeof(struct ofp_header));
	return 0;
}

static size_t msg_len(const void *msg)
{
	return ntohs(((const struct ofp_header *)msg)->length);
}

static uint8_t msg_version(const void *msg)
{
	return ((const struct ofp_header *)msg)->version;
}

/* ---- Hello. ---- */

void ofp_encode_hello(struct buf *b, uint8_t version, uint32_t xid,
		      uint32_t bitmap)
{
	size_t ofs = ofp_start(b, version, OFPT_HELLO, xid, 8);

	if (bitmap) {
		struct ofp_hello_elem_header *eh = buf_put_zeros(b, 8);
		uint32_t v = htonl(bitmap);

		eh->type = htons(OFPHET_VERSIONBITMAP);
		eh->length = htons(8);
		memcpy(eh + 1, &v, 4);
	}
	ofp_finish(b, ofs);
}

int ofp_decode_hello(const void *msg, uint32_t *bitmap)
{
	const struct ofp_header *oh = msg;
	struct rd r;

	/* Without a bitmap the peer supports every version up to its own. */
	*bitmap = oh->version >= 31 ? ~0u : (2u << oh->version) - 2;
	rd_init(&r, (const uint8_t *)msg + 8, msg_len(msg) - 8);
	while (r.left >= 4) {
		const struct ofp_hello_elem_header *eh = rd_peek(&r, 4);
		uint16_t type = ntohs(eh->type), elen = ntohs(eh->length);
		const uint8_t *body;
		uint32_t bm;

		if (elen < 4 || !(body = rd_pull(&r, ROUND_UP8(elen))))
			/* A final element need not carry its padding. */
			if (elen < 4 || !(body = rd_pull(&r, elen)))
				return E_REQ(BAD_LEN);
		if (type == OFPHET_VERSIONBITMAP) {
			if (elen < 8)
				return E_REQ(BAD_LEN);
			memcpy(&bm, body + 4, 4);
			*bitmap = ntohl(bm) & ~1u;
		}
	}
	return 0;
}

int ofp_negotiate_version(uint32_t ours, uint32_t theirs)
{
	uint32_t both = ours & theirs;
	int v;

	for (v = 31; v > 0; v--)
		if (both & (1u << v))
			return v;
	return -1;
}

/* ---- Error. ---- */

int ofp_decode_error(const void *msg, struct ofp_error *e)
{
	const struct ofp_error_msg *em = msg;
	size_t len = msg_len(msg);

	if (len < sizeof *em)
		return E_REQ(BAD_LEN);
	e->type = ntohs(em->type);
	e->code = ntohs(em->code);
	e->err = ofperr_decode(msg_version(msg), e->type, e->code);
	e->data = (const uint8_t *)msg + sizeof *em;
	e->data_len = len - sizeof *em;
	return 0;
}

void ofp_encode_error(struct buf *b, uint8_t version, uint32_t xid, int err,
		      const void *data, size_t len)
{
	size_t ofs = ofp_start(b, version, OFPT_ERROR, xid,
			       sizeof(struct ofp_error_msg));
	struct ofp_error_msg *em = buf_ofs(b, ofs);
	uint16_t type, code;

	ofperr_encode(err, version, &type, &code);
	em->type = htons(type);
	em->code = htons(code);
	buf_put(b, data, len > 0xff00 ? 0xff00 : len);
	ofp_finish(b, ofs);
}

void ofp_encode_error_reply(struct buf *b, int err, const void *request,
			    size_t len)
{
	const struct ofp_header *oh = request;
	uint8_t version = OFP13_VERSION;
	uint32_t xid = 0;

	if (len >= sizeof *oh) {
		xid = ntohl(oh->xid);
		if (oh->version == OFP10_VERSION)
			version = OFP10_VERSION;
	}
	ofp_encode_error(b, version, xid, err, request, len > 64 ? 64 : len);
}

/* ---- Echo. ---- */

void ofp_encode_echo(struct buf *b, uint8_t version, uint32_t xid,
		     bool reply, const void *data, size_t len)
{
	size_t ofs = ofp_start(b, version, reply ? OFPT_ECHO_REPLY
				: OFPT_ECHO_REQUEST, xid, 8);

	buf_put(b, data, len > 0xfff0 ? 0xfff0 : len);
	ofp_finish(b, ofs);
}

void ofp_encode_echo_reply(struct buf *b, const void *request)
{
	const uint8_t *data;
	size_t len;

	ofp_decode_echo(request, &data, &len);
	ofp_encode_echo(b, msg_version(request), ofp_xid(request), true,
			data, len);
}

int ofp_decode_echo(const void *msg, const uint8_t **data, size_t *len)
{
	*data = (const uint8_t *)msg + 8;
	*len = msg_len(msg) - 8;
	return 0;
}

/* ---- Ports. ---- */

/* OF1.0 feature bits 7..11 (copper..pause_asym) are OF1.3's 11..15. */
static uint32_t pf10_to_13(uint32_t f)
{
	return (f & 0x7f) | (((f >> 7) & 0x1f) << 11);
}

static uint32_t pf13_to_10(uint32_t f)
{
	return (f & 0x7f) | (((f >> 11) & 0x1f) << 7);
}

/* The wire name is NUL-padded and NUL-terminated. */
static void copy_name(char *dst, const char *src)
{
	size_t n = strnlen(src, OFP_MAX_PORT_NAME_LEN - 1);

	memcpy(dst, src, n);
	memset(dst + n, 0, OFP_MAX_PORT_NAME_LEN - n);
}

void ofp_port_desc_decode13(const struct ofp13_port *op,
			    struct ofp_port_desc *pd)
{
	memset(pd, 0, sizeof *pd);
	pd->port_no = ntohl(op->port_no);
	memcpy(pd->hw_addr, op->hw_addr, 6);
	memcpy(pd->name, op->name, OFP_MAX_PORT_NAME_LEN);
	pd->config = ntohl(op->config);
	pd->state = ntohl(op->state);
	pd->curr = ntohl(op->curr);
	pd->advertised = ntohl(op->advertised);
	pd->supported = ntohl(op->supported);
	pd->peer = ntohl(op->peer);
	pd->curr_speed = ntohl(op->curr_speed);
	pd->max_speed = ntohl(op->max_speed);
}

void ofp_port_desc_encode13(const struct ofp_port_desc *pd,
			    struct ofp13_port *op)
{
	memset(op, 0, sizeof *op);
	op->port_no = htonl(pd->port_no);
	memcpy(op->hw_addr, pd->hw_addr, 6);
	copy_name(op->name, pd->name);
	op->config = htonl(pd->config);
	op->state = htonl(pd->state);
	op->curr = htonl(pd->curr);
	op->advertised = htonl(pd->advertised);
	op->supported = htonl(pd->supported);
	op->peer = htonl(pd->peer);
	op->curr_speed = htonl(pd->curr_speed);
	op->max_speed = htonl(pd->max_speed);
}

void ofp_port_desc_decode10(const struct ofp10_phy_port *op,
			    struct ofp_port_desc *pd)
{
	memset(pd, 0, sizeof *pd);
	pd->port_no = ofp10_port_to_32(ntohs(op->port_no));
	memcpy(pd->hw_addr, op->hw_addr, 6);
	memcpy(pd->name, op->name, OFP_MAX_PORT_NAME_LEN);
	pd->config = ntohl(op->config);
	pd->state = ntohl(op->state);
	pd->curr = pf10_to_13(ntohl(op->curr));
	pd->advertised = pf10_to_13(ntohl(op->advertised));
	pd->supported = pf10_to_13(ntohl(op->supported));
	pd->peer = pf10_to_13(ntohl(op->peer));
}

int ofp_port_desc_encode10(const struct ofp_port_desc *pd,
			   struct ofp10_phy_port *op)
{
	uint16_t port;

	if (ofp10_port_from_32(pd->port_no, &port))
		return E_REQ(BAD_PORT);
	memset(op, 0, sizeof *op);
	op->port_no = htons(port);
	memcpy(op->hw_addr, pd->hw_addr, 6);
	copy_name(op->name, pd->name);
	op->config = htonl(pd->config);
	op->state = htonl(pd->state);
	op->curr = htonl(pf13_to_10(pd->curr));
	op->advertised = htonl(pf13_to_10(pd->advertised));
	op->supported = htonl(pf13_to_10(pd->supported));
	op->peer = htonl(pf13_to_10(pd->peer));
	return 0;
}

/* ---- Features. ---- */

int ofp_decode_features_reply(const void *msg, struct ofp_features *f,
			      struct buf *ports)
{
	const struct ofp13_switch_features *of13 = msg;
	const struct ofp10_switch_features *of10 = msg;
	size_t len = msg_len(msg), i, n;

	memset(f, 0, sizeof *f);
	if (len < 32)
		return E_REQ(BAD_LEN);
	f->datapath_id = ntohll(of13->datapath_id);
	f->n_buffers = ntohl(of13->n_buffers);
	f->n_tables = of13->n_tables;
	f->capabilities = ntohl(of13->capabilities);
	if (msg_version(msg) != OFP10_VERSION) {
		f->auxiliary_id = of13->auxiliary_id;
		return len == 32 ? 0 : E_REQ(BAD_LEN);
	}
	f->actions = ntohl(of10->actions);
	if ((len - 32) % sizeof(struct ofp10_phy_port))
		return E_REQ(BAD_LEN);
	n = (len - 32) / sizeof(struct ofp10_phy_port);
	buf_clear(ports);
	for (i = 0; i < n; i++) {
		struct ofp_port_desc *pd = buf_put_zeros(ports, sizeof *pd);

		ofp_port_desc_decode10((const struct ofp10_phy_port *)
				       (of10 + 1) + i, pd);
	}
	f->ports = (const void *)ports->data;
	f->n_ports = n;
	return 0;
}

int ofp_encode_features_reply(struct buf *b, uint8_t version, uint32_t xid,
			      const struct ofp_features *f)
{
	size_t ofs = ofp_start(b, version, OFPT_FEATURES_REPLY, xid, 32);
	struct ofp13_switch_features *of13 = buf_ofs(b, ofs);
	size_t i;

	of13->datapath_id = htonll(f->datapath_id);
	of13->n_buffers = htonl(f->n_buffers);
	of13->n_tables = f->n_tables;
	of13->capabilities = htonl(f->capabilities);
	if (version != OFP10_VERSION) {
		of13->auxiliary_id = f->auxiliary_id;
		return ofp_finish(b, ofs);
	}
	((struct ofp10_switch_features *)of13)->actions = htonl(f->actions);
	for (i = 0; i < f->n_ports; i++) {
		struct ofp10_phy_port pp;

		if (ofp_port_desc_encode10(&f->ports[i], &pp)) {
			b->size = ofs;
			return E_REQ(BAD_PORT);
		}
		buf_put(b, &pp, sizeof pp);
	}
	return ofp_finish(b, ofs);
}

/* ---- Switch config. ---- */

int ofp_decode_switch_config(const void *msg, struct ofp_switch_config_msg *c)
{
	const struct ofp_switch_config *sc = msg;

	if (msg_len(msg) != sizeof *sc)
		return E_REQ(BAD_LEN);
	c->flags = ntohs(sc->flags);
	c->miss_send_len = ntohs(sc->miss_send_len);
	if (c->flags & ~OFPC_FRAG_MASK)
		return OFPERR(OFPET_SWITCH_CONFIG_FAILED, OFPSCFC_BAD_FLAGS);
	return 0;
}

void ofp_encode_switch_config(struct buf *b, uint8_t version, uint32_t xid,
			      bool set, const struct ofp_switch_config_msg *c)
{
	size_t ofs = ofp_start(b, version, set ? OFPT_SET_CONFIG
			       : OFPT_GET_CONFIG_REPLY, xid,
			       sizeof(struct ofp_switch_config));
	struct ofp_switch_config *sc = buf_ofs(b, ofs);

	sc->flags = htons(c->flags);
	sc->miss_send_len = htons(c->miss_send_len);
}

/* ---- Packet in. ---- */

int ofp_decode_packet_in(const void *msg, struct ofp_packet_in *pin)
{
	size_t len = msg_len(msg), mlen;
	const uint8_t *p = msg;
	int err;

	memset(pin, 0, sizeof *pin);
	if (msg_version(msg) == OFP10_VERSION) {
		const struct ofp10_packet_in *pi = msg;

		if (len < sizeof *pi)
			return E_REQ(BAD_LEN);
		pin->buffer_id = ntohl(pi->buffer_id);
		pin->total_len = ntohs(pi->total_len);
		pin->reason = pi->reason;
		match_init_catchall(&pin->match);
		pin->match.flow.dp.in_port = ofp10_port_to_32(ntohs(pi->in_port));
		pin->match.mask.dp.in_port = 0xffffffff;
		pin->data = p + sizeof *pi;
		pin->data_len = len - sizeof *pi;
	} else {
		const struct ofp13_packet_in *pi = msg;

		if (len < sizeof *pi)
			return E_REQ(BAD_LEN);
		pin->buffer_id = ntohl(pi->buffer_id);
		pin->total_len = ntohs(pi->total_len);
		pin->reason = pi->reason;
		pin->table_id = pi->table_id;
		pin->cookie = ntohll(pi->cookie);
		err = oxm_decode_match(p + sizeof *pi, len - sizeof *pi,
				       &pin->match, &mlen);
		if (err)
			return err;
		if (len - sizeof *pi - mlen < 2)
			return E_REQ(BAD_LEN);
		pin->data = p + sizeof *pi + mlen + 2;
		pin->data_len = len - sizeof *pi - mlen - 2;
	}
	return 0;
}

int ofp_encode_packet_in(struct buf *b, uint8_t version, uint32_t xid,
			 const struct ofp_packet_in *pin)
{
	size_t ofs;
	int err;

	if (version == OFP10_VERSION) {
		struct ofp10_packet_in *pi;
		uint16_t port = OFPP10_NONE;

		if (pin->match.mask.dp.in_port &&
		    ofp10_port_from_32(pin->match.flow.dp.in_port, &port))
			return E_REQ(BAD_PORT);
		ofs = ofp_start(b, version, OFPT_PACKET_IN, xid, sizeof *pi);
		pi = buf_ofs(b, ofs);
		pi->buffer_id = htonl(pin->buffer_id);
		pi->total_len = htons(pin->total_len);
		pi->in_port = htons(port);
		pi->reason = pin->reason;
	} else {
		struct ofp13_packet_in *pi;

		ofs = ofp_start(b, version, OFPT_PACKET_IN, xid, sizeof *pi);
		pi = buf_ofs(b, ofs);
		pi->buffer_id = htonl(pin->buffer_id);
		pi->total_len = htons(pin->total_len);
		pi->reason = pin->reason;
		pi->table_id = pin->table_id;
		pi->cookie = htonll(pin->cookie);
		err = oxm_encode_match(b, &pin->match);
		if (err) {
			b->size = ofs;
			return err;
		}
		buf_put_zeros(b, 2);
	}
	buf_put(b, pin->data, pin->data_len);
	return ofp_finish(b, ofs);
}

/* ---- Packet out. ---- */

static bool packet_out_port_ok(uint32_t port)
{
	return (port && port < OFPP_MAX) || port == OFPP_CONTROLLER ||
	       port == OFPP_LOCAL || port == OFPP_ANY;
}

int ofp_decode_packet_out(const void *msg, struct ofp_packet_out *po,
			  struct buf *ofpacts)
{
	size_t len = msg_len(msg), hlen, alen;
	const uint8_t *p = msg;
	int err;

	memset(po, 0, sizeof *po);
	buf_clear(ofpacts);
	if (msg_version(msg) == OFP10_VERSION) {
		const struct ofp10_packet_out *o = msg;

		hlen = sizeof *o;
		if (len < hlen)
			return E_REQ(BAD_LEN);
		po->buffer_id = ntohl(o->buffer_id);
		po->in_port = ofp10_port_to_32(ntohs(o->in_port));
		alen = ntohs(o->actions_len);
	} else {
		const struct ofp13_packet_out *o = msg;

		hlen = sizeof *o;
		if (len < hlen)
			return E_REQ(BAD_LEN);
		po->buffer_id = ntohl(o->buffer_id);
		po->in_port = ntohl(o->in_port);
		alen = ntohs(o->actions_len);
	}
	if (alen > len - hlen)
		return E_REQ(BAD_LEN);
	if (!packet_out_port_ok(po->in_port))
		return E_REQ(BAD_PORT);
	err = ofpacts_decode_actions(msg_version(msg), p + hlen, alen, ofpacts);
	if (err)
		return err;
	po->ofpacts = (const void *)ofpacts->data;
	po->ofpacts_len = ofpacts->size;
	po->data = p + hlen + alen;
	po->data_len = len - hlen - alen;
	return 0;
}

int ofp_encode_packet_out(struct buf *b, uint8_t version, uint32_t xid,
			  const struct ofp_packet_out *po)
{
	size_t ofs, hlen, alen;
	uint16_t port;
	int err;

	if (version == OFP10_VERSION) {
		struct ofp10_packet_out *o;

		if (ofp10_port_from_32(po->in_port, &port))
			return E_REQ(BAD_PORT);
		hlen = sizeof *o;
		ofs = ofp_start(b, version, OFPT_PACKET_OUT, xid, hlen);
		o = buf_ofs(b, ofs);
		o->buffer_id = htonl(po->buffer_id);
		o->in_port = htons(port);
	} else {
		struct ofp13_packet_out *o;

		hlen = sizeof *o;
		ofs = ofp_start(b, version, OFPT_PACKET_OUT, xid, hlen);
		o = buf_ofs(b, ofs);
		o->buffer_id = htonl(po->buffer_id);
		o->in_port = htonl(po->in_port);
	}
	err = ofpacts_encode_actions(version, po->ofpacts, po->ofpacts_len, b);
	if (err) {
		b->size = ofs;
		return err;
	}
	alen = b->size - ofs - hlen;
	/* actions_len sits right after in_port in both versions. */
	put_be16_at(b, ofs + hlen - (version == OFP10_VERSION ? 2 : 8), alen);
	buf_put(b, po->data, po->data_len);
	return ofp_finish(b, ofs);
}

/* ---- Flow mod. ---- */

void ofp_flow_mod_init(struct ofp_flow_mod *fm)
{
	memset(fm, 0, sizeof *fm);
	fm->priority = 0x8000;
	fm->buffer_id = OFP_NO_BUFFER;
	fm->out_port = OFPP_ANY;
	fm->out_group = OFPG_ANY;
	fm->command = OFPFC_ADD;
}

static bool is_delete(uint8_t command)
{
	return command == OFPFC_DELETE || command == OFPFC_DELETE_STRICT;
}

static int decode_flow_mod10(const void *msg, struct ofp_flow_mod *fm,
			     struct buf *ofpacts)
{
	const struct ofp10_flow_mod *o = msg;
	size_t len = msg_len(msg);
	uint16_t command, flags;

	if (len < sizeof *o)
		return E_REQ(BAD_LEN);
	ofp10_match_decode(&o->match, &fm->match);
	command = ntohs(o->command);
	if (command > OFPFC_DELETE_STRICT)
		return E_FMOD(BAD_COMMAND);
	fm->command = command;
	fm->cookie = ntohll(o->cookie);
	fm->idle_timeout = ntohs(o->idle_timeout);
	fm->hard_timeout = ntohs(o->hard_timeout);
	fm->priority = ntohs(o->priority);
	fm->buffer_id = ntohl(o->buffer_id);
	fm->out_port = ofp10_port_to_32(ntohs(o->out_port));
	flags = ntohs(o->flags);
	/* No emergency flow cache here. */
	if (flags & OFPFF10_EMERG)
		return E_FMOD(UNKNOWN);
	if (flags & ~(OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP))
		return E_FMOD(BAD_FLAGS);
	fm->flags = flags;
	fm->table_id = is_delete(command) ? OFPTT_ALL : 0;
	return ofpacts_decode_actions(OFP10_VERSION, o + 1, len - sizeof *o,
				      ofpacts);
}

static int decode_flow_mod13(const void *msg, struct ofp_flow_mod *fm,
			     struct buf *ofpacts)
{
	const struct ofp13_flow_mod *o = msg;
	size_t len = msg_len(msg), mlen;
	int err;

	if (len < sizeof *o)
		return E_REQ(BAD_LEN);
	fm->cookie = ntohll(o->cookie);
	fm->cookie_mask = ntohll(o->cookie_mask);
	fm->table_id = o->table_id;
	fm->command = o->command;
	fm->idle_timeout = ntohs(o->idle_timeout);
	fm->hard_timeout = ntohs(o->hard_timeout);
	fm->priority = ntohs(o->priority);
	fm->buffer_id = ntohl(o->buffer_id);
	fm->out_port = ntohl(o->out_port);
	fm->out_group = ntohl(o->out_group);
	fm->flags = ntohs(o->flags);
	if (fm->command > OFPFC_DELETE_STRICT)
		return E_FMOD(BAD_COMMAND);
	if (fm->flags & ~0x1f)
		return E_FMOD(BAD_FLAGS);
	if (fm->table_id == OFPTT_ALL && !is_delete(fm->command))
		return E_FMOD(BAD_TABLE_ID);
	err = oxm_decode_match(o + 1, len - sizeof *o, &fm->match, &mlen);
	if (err)
		return err;
	return ofpacts_decode_instructions((const uint8_t *)(o + 1) + mlen,
					   len - sizeof *o - mlen, ofpacts);
}

int ofp_decode_flow_mod(const void *msg, struct ofp_flow_mod *fm,
			struct buf *ofpacts)
{
	int err;

	ofp_flow_mod_init(fm);
	buf_clear(ofpacts);
	err = msg_version(msg) == OFP10_VERSION
	      ? decode_flow_mod10(msg, fm, ofpacts)
	      : decode_flow_mod13(msg, fm, ofpacts);
	if (err)
		return err;
	if (!is_delete(fm->command)) {
		err = ofpacts_check((struct ofpact *)ofpacts->data,
				    ofpacts->size, &fm->match, fm->table_id);
		if (err)
			return err;
	}
	fm->ofpacts = (const void *)ofpacts->data;
	fm->ofpacts_len = ofpacts->size;
	return 0;
}

static int encode_flow_mod10(struct buf *b, uint32_t xid,
			     const struct ofp_flow_mod *fm)
{
	struct ofp10_flow_mod *o;
	struct ofp10_match om;
	uint16_t port;
	size_t ofs;
	int err;

	if (fm->table_id != 0 && fm->table_id != OFPTT_ALL)
		return E_FMOD(BAD_TABLE_ID);
	if (fm->flags & ~(OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP))
		return E_FMOD(BAD_FLAGS);
	/* OF1.0 cannot filter by cookie or group. */
	if ((fm->cookie_mask && fm->command != OFPFC_ADD) ||
	    fm->out_group != OFPG_ANY)
		return E_FMOD(UNKNOWN);
	if (ofp10_port_from_32(fm->out_port, &port))
		return E_ACT(BAD_OUT_PORT);
	err = ofp10_match_encode(&fm->match, &om);
	if (err)
		return err;
	ofs = ofp_start(b, OFP10_VERSION, OFPT_FLOW_MOD, xid, sizeof *o);
	o = buf_ofs(b, ofs);
	o->match = om;
	o->cookie = htonll(fm->cookie);
	o->command = htons(fm->command);
	o->idle_timeout = htons(fm->idle_timeout);
	o->hard_timeout = htons(fm->hard_timeout);
	o->priority = htons(fm->priority);
	o->buffer_id = htonl(fm->buffer_id);
	o->out_port = htons(port);
	o->flags = htons(fm->flags);
	err = ofpacts_encode_actions(OFP10_VERSION, fm->ofpacts,
				     fm->ofpacts_len, b);
	if (err) {
		b->size = ofs;
		return err;
	}
	return ofp_finish(b, ofs);
}

static int encode_flow_mod13(struct buf *b, uint32_t xid,
			     const struct ofp_flow_mod *fm)
{
	struct ofp13_flow_mod *o;
	size_t ofs = ofp_start(b, OFP13_VERSION, OFPT_FLOW_MOD, xid,
			       sizeof *o);
	int err;

	o = buf_ofs(b, ofs);
	o->cookie = htonll(fm->cookie);
	o->cookie_mask = htonll(fm->cookie_mask);
	o->table_id = fm->table_id;
	o->command = fm->command;
	o->idle_timeout = htons(fm->idle_timeout);
	o->hard_timeout = htons(fm->hard_timeout);
	o->priority = htons(fm->priority);
	o->buffer_id = htonl(fm->buffer_id);
	o->out_port = htonl(fm->out_port);
	o->out_group = htonl(fm->out_group);
	o->flags = htons(fm->flags);
	err = oxm_encode_match(b, &fm->match);
	if (!err)
		err = ofpacts_encode_instructions(OFP13_VERSION, fm->ofpacts,
						  fm->ofpacts_len, b);
	if (err) {
		b->size = ofs;
		return err;
	}
	return ofp_finish(b, ofs);
}

int ofp_encode_flow_mod(struct buf *b, uint8_t version, uint32_t xid,
			const struct ofp_flow_mod *fm)
{
	return version == OFP10_VERSION ? encode_flow_mod10(b, xid, fm)
					: encode_flow_mod13(b, xid, fm);
}

bool ofp_flow_mod_selects(const struct ofp_flow_mod *fm,
			  const struct match *rule, uint16_t priority,
			  uint64_t cookie, const struct ofpact *ofpacts,
			  size_t ofpacts_len)
{
	bool strict = fm->command == OFPFC_MODIFY_STRICT ||
		      fm->command == OFPFC_DELETE_STRICT;

	if ((cookie ^ fm->cookie) & fm->cookie_mask)
		return false;
	if (strict ? priority != fm->priority ||
		     !match_equal(rule, &fm->match)
		   : !match_covered_by(rule, &fm->match))
		return false;
	if (is_delete(fm->command) &&
	    (!ofpacts_output_to_port(ofpacts, ofpacts_len, fm->out_port) ||
	     !ofpacts_output_to_group(ofpacts, ofpacts_len, fm->out_group)))
		return false;
	return true;
}

/* ---- Flow removed. ---- */

int ofp_decode_flow_removed(const void *msg, struct ofp_flow_removed *fr)
{
	size_t len = msg_len(msg), mlen;

	memset(fr, 0, sizeof *fr);
	if (msg_version(msg) == OFP10_VERSION) {
		const struct ofp10_flow_removed *o = msg;

		if (len != sizeof *o)
			return E_REQ(BAD_LEN);
		ofp10_match_decode(&o->match, &fr->match);
		fr->cookie = ntohll(o->cookie);
		fr->priority = ntohs(o->priority);
		fr->reason = o->reason;
		fr->duration_sec = ntohl(o->duration_sec);
		fr->duration_nsec = ntohl(o->duration_nsec);
		fr->idle_timeout = ntohs(o->idle_timeout);
		fr->packet_count = ntohll(o->packet_count);
		fr->byte_count = ntohll(o->byte_count);
		return 0;
	} else {
		const struct ofp13_flow_removed *o = msg;
		int err;

		if (len < sizeof *o)
			return E_REQ(BAD_LEN);
		fr->cookie = ntohll(o->cookie);
		fr->priority = ntohs(o->priority);
		fr->reason = o->reason;
		fr->table_id = o->table_id;
		fr->duration_sec = ntohl(o->duration_sec);
		fr->duration_nsec = ntohl(o->duration_nsec);
		fr->idle_timeout = ntohs(o->idle_timeout);
		fr->hard_timeout = ntohs(o->hard_timeout);
		fr->packet_count = ntohll(o->packet_count);
		fr->byte_count = ntohll(o->byte_count);
		err = oxm_decode_match(o + 1, len - sizeof *o, &fr->match,
				       &mlen);
		if (err)
			return err;
		return mlen == len - sizeof *o ? 0 : E_REQ(BAD_LEN);
	}
}

int ofp_encode_flow_removed(struct buf *b, uint8_t version, uint32_t xid,
			    const struct ofp_flow_removed *fr)
{
	size_t ofs;
	int err;

	if (version == OFP10_VERSION) {
		struct ofp10_flow_removed *o;
		struct ofp10_match om;

		err = ofp10_match_encode(&fr->match, &om);
		if (err)
			return err;
		ofs = ofp_start(b, version, OFPT_FLOW_REMOVED, xid, sizeof *o);
		o = buf_ofs(b, ofs);
		o->match = om;
		o->cookie = htonll(fr->cookie);
		o->priority = htons(fr->priority);
		o->reason = fr->reason;
		o->duration_sec = htonl(fr->duration_sec);
		o->duration_nsec = htonl(fr->duration_nsec);
		o->idle_timeout = htons(fr->idle_timeout);
		o->packet_count = htonll(fr->packet_count);
		o->byte_count = htonll(fr->byte_count);
	} else {
		struct ofp13_flow_removed *o;

		ofs = ofp_start(b, version, OFPT_FLOW_REMOVED, xid, sizeof *o);
		o = buf_ofs(b, ofs);
		o->cookie = htonll(fr->cookie);
		o->priority = htons(fr->priority);
		o->reason = fr->reason;
		o->table_id = fr->table_id;
		o->duration_sec = htonl(fr->duration_sec);
		o->duration_nsec = htonl(fr->duration_nsec);
		o->idle_timeout = htons(fr->idle_timeout);
		o->hard_timeout = htons(fr->hard_timeout);
		o->packet_count = htonll(fr->packet_count);
		o->byte_count = htonll(fr->byte_count);
		err = oxm_encode_match(b, &fr->match);
		if (err) {
			b->size = ofs;
			return err;
		}
	}
	return ofp_finish(b, ofs);
}

/* ---- Port status, port mod, table mod. ---- */

int ofp_decode_port_status(const void *msg, struct ofp_port_status *ps)
{
	const struct ofp_port_status_head *h = msg;
	bool v10 = msg_version(msg) == OFP10_VERSION;
	size_t want = sizeof *h + (v10 ? sizeof(struct ofp10_phy_port)
				   : sizeof(struct ofp13_port));

	if (msg_len(msg) != want)
		return E_REQ(BAD_LEN);
	ps->reason = h->reason;
	if (v10)
		ofp_port_desc_decode10((const void *)(h + 1), &ps->desc);
	else
		ofp_port_desc_decode13((const void *)(h + 1), &ps->desc);
	return 0;
}

int ofp_encode_port_status(struct buf *b, uint8_t version, uint32_t xid,
			   const struct ofp_port_status *ps)
{
	size_t ofs = b->size;
	struct ofp_port_status_head *h;

	if (version == OFP10_VERSION) {
		struct ofp10_phy_port pp;

		if (ofp_port_desc_encode10(&ps->desc, &pp))
			return E_REQ(BAD_PORT);
		ofp_start(b, version, OFPT_PORT_STATUS, xid, sizeof *h);
		buf_put(b, &pp, sizeof pp);
	} else {
		struct ofp13_port pp;

		ofp_port_desc_encode13(&ps->desc, &pp);
		ofp_start(b, version, OFPT_PORT_STATUS, xid, sizeof *h);
		buf_put(b, &pp, sizeof pp);
	}
	h = buf_ofs(b, ofs);
	h->reason = ps->reason;
	return ofp_finish(b, ofs);
}

static bool port_mod_port_ok(uint32_t port)
{
	return (port && port < OFPP_MAX) || port == OFPP_LOCAL;
}

int ofp_decode_port_mod(const void *msg, struct ofp_port_mod *pm)
{
	if (msg_version(msg) == OFP10_VERSION) {
		const struct ofp10_port_mod *o = msg;

		if (msg_len(msg) != sizeof *o)
			return E_REQ(BAD_LEN);
		pm->port_no = ofp10_port_to_32(ntohs(o->port_no));
		memcpy(pm->hw_addr, o->hw_addr, 6);
		pm->config = ntohl(o->config);
		pm->mask = ntohl(o->mask);
		pm->advertise = pf10_to_13(ntohl(o->advertise));
	} else {
		const struct ofp13_port_mod *o = msg;

		if (msg_len(msg) != sizeof *o)
			return E_REQ(BAD_LEN);
		pm->port_no = ntohl(o->port_no);
		memcpy(pm->hw_addr, o->hw_addr, 6);
		pm->config = ntohl(o->config);
		pm->mask = ntohl(o->mask);
		pm->advertise = ntohl(o->advertise);
	}
	if (!port_mod_port_ok(pm->port_no))
		return OFPERR(OFPET_PORT_MOD_FAILED, OFPPMFC_BAD_PORT);
	return 0;
}

int ofp_encode_port_mod(struct buf *b, uint8_t version, uint32_t xid,
			const struct ofp_port_mod *pm)
{
	size_t ofs;

	if (version == OFP10_VERSION) {
		struct ofp10_port_mod *o;
		uint16_t port;

		if (ofp10_port_from_32(pm->port_no, &port))
			return OFPERR(OFPET_PORT_MOD_FAILED, OFPPMFC_BAD_PORT);
		ofs = ofp_start(b, version, OFPT10_PORT_MOD, xid, sizeof *o);
		o = buf_ofs(b, ofs);
		o->port_no = htons(port);
		memcpy(o->hw_addr, pm->hw_addr, 6);
		o->config = htonl(pm->config);
		o->mask = htonl(pm->mask);
		o->advertise = htonl(pf13_to_10(pm->advertise));
	} else {
		struct ofp13_port_mod *o;

		ofs = ofp_start(b, version, OFPT_PORT_MOD, xid, sizeof *o);
		o = buf_ofs(b, ofs);
		o->port_no = htonl(pm->port_no);
		memcpy(o->hw_addr, pm->hw_addr, 6);
		o->config = htonl(pm->config);
		o->mask = htonl(pm->mask);
		o->advertise = htonl(pm->advertise);
	}
	return 0;
}

int ofp_decode_table_mod(const void *msg, struct ofp_table_mod *tm)
{
	const struct ofp13_table_mod *o = msg;

	if (msg_len(msg) != sizeof *o)
		return E_REQ(BAD_LEN);
	tm->table_id = o->table_id;
	tm->config = ntohl(o->config);
	/* OF1.3 defines no table config bits except the deprecated 3. */
	if (tm->config & ~3u)
		return OFPERR(OFPET_TABLE_MOD_FAILED, OFPTMFC_BAD_CONFIG);
	return 0;
}

int ofp_encode_table_mod(struct buf *b, uint8_t version, uint32_t xid,
			 const struct ofp_table_mod *tm)
{
	struct ofp13_table_mod *o;
	size_t ofs;

	if (version == OFP10_VERSION)
		return E_REQ(BAD_TYPE);
	ofs = ofp_start(b, version, OFPT_TABLE_MOD, xid, sizeof *o);
	o = buf_ofs(b, ofs);
	o->table_id = tm->table_id;
	o->config = htonl(tm->config);
	return 0;
}

/* ---- Role and async. ---- */

int ofp_decode_role(const void *msg, struct ofp_role *r)
{
	const struct ofp13_role_request *o = msg;

	if (msg_len(msg) != sizeof *o)
		return E_REQ(BAD_LEN);
	r->role = ntohl(o->role);
	r->generation_id = ntohll(o->generation_id);
	if (r->role > OFPCR_ROLE_SLAVE)
		return OFPERR(OFPET_ROLE_REQUEST_FAILED, OFPRRFC_BAD_ROLE);
	return 0;
}

int ofp_encode_role(struct buf *b, uint8_t version, uint32_t xid,
		    bool reply, const struct ofp_role *r)
{
	struct ofp13_role_request *o;
	size_t ofs;

	if (version == OFP10_VERSION)
		return E_REQ(BAD_TYPE);
	ofs = ofp_start(b, version, reply ? OFPT_ROLE_REPLY
			: OFPT_ROLE_REQUEST, xid, sizeof *o);
	o = buf_ofs(b, ofs);
	o->role = htonl(r->role);
	o->generation_id = htonll(r->generation_id);
	return 0;
}

int ofp_decode_async_config(const void *msg, struct ofp_async_config *ac)
{
	const struct ofp13_async_config *o = msg;
	int i;

	if (msg_len(msg) != sizeof *o)
		return E_REQ(BAD_LEN);
	for (i = 0; i < 2; i++) {
		ac->packet_in_mask[i] = ntohl(o->packet_in_mask[i]);
		ac->port_status_mask[i] = ntohl(o->port_status_mask[i]);
		ac->flow_removed_mask[i] = ntohl(o->flow_removed_mask[i]);
	}
	return 0;
}

int ofp_encode_async_config(struct buf *b, uint8_t version, uint32_t xid,
			    enum ofptype type,
			    const struct ofp_async_config *ac)
{
	struct ofp13_async_config *o;
	size_t ofs;
	int i;

	if (version == OFP10_VERSION ||
	    (type != OFPTYPE_GET_ASYNC_REPLY && type != OFPTYPE_SET_ASYNC))
		return E_REQ(BAD_TYPE);
	ofs = ofp_start(b, version, type, xid, sizeof *o);
	o = buf_ofs(b, ofs);
	for (i = 0; i < 2; i++) {
		o->packet_in_mask[i] = htonl(ac->packet_in_mask[i]);
		o->port_status_mask[i] = htonl(ac->port_status_mask[i]);
		o->flow_removed_mask[i] = htonl(ac->flow_removed_mask[i]);
	}
	return 0;
}
