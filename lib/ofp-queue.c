/* OpenFlow queue configuration requests and replies.  See ofp-msgs.h. */
#include <config.h>
#include "ofp-msgs.h"

#include <string.h>
#include "buf.h"
#include "ofp-errors.h"
#include "ofp-private.h"

#define E_QOP(c) OFPERR(OFPET_QUEUE_OP_FAILED, c)

static bool queue_port_ok(uint32_t port)
{
	return (port && port < OFPP_MAX) || port == OFPP_ANY;
}

int ofp_decode_queue_get_config_request(const void *msg, uint32_t *port)
{
	const struct ofp_header *oh = msg;
	size_t len = ntohs(oh->length);

	if (oh->version == OFP10_VERSION) {
		const struct ofp10_queue_get_config_request *r = msg;

		if (len != sizeof *r)
			return E_REQ(BAD_LEN);
		*port = ofp10_port_to_32(ntohs(r->port));
	} else {
		const struct ofp13_queue_get_config_request *r = msg;

		if (len != sizeof *r)
			return E_REQ(BAD_LEN);
		*port = ntohl(r->port);
	}
	return queue_port_ok(*port) ? 0 : E_QOP(OFPQOFC_BAD_PORT);
}

int ofp_encode_queue_get_config_request(struct buf *b, uint8_t version,
					uint32_t xid, uint32_t port)
{
	int raw = ofptype_to_raw(OFPTYPE_QUEUE_GET_CONFIG_REQUEST, version);
	size_t ofs;

	if (version == OFP10_VERSION) {
		struct ofp10_queue_get_config_request *r;
		uint16_t p10;

		if (ofp10_port_from_32(port, &p10))
			return E_QOP(OFPQOFC_BAD_PORT);
		ofs = ofp_start(b, version, raw, xid, sizeof *r);
		r = buf_ofs(b, ofs);
		r->port = htons(p10);
	} else {
		struct ofp13_queue_get_config_request *r;

		ofs = ofp_start(b, version, raw, xid, sizeof *r);
		r = buf_ofs(b, ofs);
		r->port = htonl(port);
	}
	return 0;
}

static int decode_props(const uint8_t *p, size_t len,
			struct ofp_queue_desc *q)
{
	struct rd r;

	rd_init(&r, p, len);
	while (r.left) {
		const struct ofp_queue_prop_rate *pr = rd_peek(&r, 8);
		uint16_t type, plen;

		if (!pr)
			return E_REQ(BAD_LEN);
		type = ntohs(pr->property);
		plen = ntohs(pr->len);
		if (plen < 8 || plen % 8 || !rd_pull(&r, plen))
			return E_REQ(BAD_LEN);
		if (type == OFPQT_MIN_RATE || type == OFPQT_MAX_RATE) {
			if (plen != sizeof *pr)
				return E_REQ(BAD_LEN);
			if (type == OFPQT_MIN_RATE)
				q->min_rate = ntohs(pr->rate);
			else
				q->max_rate = ntohs(pr->rate);
		}
	}
	return 0;
}

int ofp_decode_queue_get_config_reply(const void *msg, uint32_t *port,
				      struct buf *queues, size_t *n)
{
	const struct ofp_header *oh = msg;
	const uint8_t *p = msg;
	size_t len = ntohs(oh->length);
	bool v10 = oh->version == OFP10_VERSION;
	size_t hlen = v10 ? sizeof(struct ofp10_packet_queue)
			  : sizeof(struct ofp13_packet_queue);
	struct rd r;
	int err;

	*n = 0;
	buf_clear(queues);
	if (len < 16)
		return E_REQ(BAD_LEN);
	*port = v10 ? ofp10_port_to_32((p[8] << 8) | p[9])
		    : ((uint32_t)p[8] << 24) | (p[9] << 16) | (p[10] << 8) |
		      p[11];
	rd_init(&r, p + 16, len - 16);
	while (r.left) {
		const uint8_t *qh = rd_peek(&r, hlen);
		struct ofp_queue_desc *q;
		size_t qlen;

		if (!qh)
			return E_REQ(BAD_LEN);
		qlen = v10 ? ntohs(((const struct ofp10_packet_queue *)
				    (const void *)qh)->len)
			   : ntohs(((const struct ofp13_packet_queue *)
				    (const void *)qh)->len);
		if (qlen < hlen || !rd_pull(&r, qlen))
			return E_REQ(BAD_LEN);
		q = buf_put_zeros(queues, sizeof *q);
		q->queue_id = ((uint32_t)qh[0] << 24) | (qh[1] << 16) |
			      (qh[2] << 8) | qh[3];
		q->port = v10 ? *port
			      : ((uint32_t)qh[4] << 24) | (qh[5] << 16) |
				(qh[6] << 8) | qh[7];
		q->min_rate = q->max_rate = OFPQ_RATE_UNCFG;
		err = decode_props(qh + hlen, qlen - hlen, q);
		if (err)
			return err;
		(*n)++;
	}
	return 0;
}

static void put_rate(struct buf *b, uint16_t type, uint16_t rate)
{
	struct ofp_queue_prop_rate *pr = buf_put_zeros(b, sizeof *pr);

	pr->property = htons(type);
	pr->len = htons(sizeof *pr);
	pr->rate = htons(rate);
}

int ofp_encode_queue_get_config_reply(struct buf *b, uint8_t version,
				      uint32_t xid, uint32_t port,
				      const struct ofp_queue_desc *q,
				      size_t n)
{
	int raw = ofptype_to_raw(OFPTYPE_QUEUE_GET_CONFIG_REPLY, version);
	bool v10 = version == OFP10_VERSION;
	size_t ofs, i;
	uint16_t p10 = 0;
	uint8_t *h;

	if (v10 && ofp10_port_from_32(port, &p10))
		return E_QOP(OFPQOFC_BAD_PORT);
	ofs = ofp_start(b, version, raw, xid, 16);
	h = buf_ofs(b, ofs);
	if (v10) {
		h[8] = p10 >> 8;
		h[9] = p10;
	} else {
		h[8] = port >> 24;
		h[9] = port >> 16;
		h[10] = port >> 8;
		h[11] = port;
	}
	for (i = 0; i < n; i++) {
		size_t qofs = b->size;

		if (v10) {
			struct ofp10_packet_queue *pq;

			pq = buf_put_zeros(b, sizeof *pq);
			pq->queue_id = htonl(q[i].queue_id);
		} else {
			struct ofp13_packet_queue *pq;

			pq = buf_put_zeros(b, sizeof *pq);
			pq->queue_id = htonl(q[i].queue_id);
			pq->port = htonl(q[i].port);
		}
		if (q[i].min_rate != OFPQ_RATE_UNCFG)
			put_rate(b, OFPQT_MIN_RATE, q[i].min_rate);
		if (!v10 && q[i].max_rate != OFPQ_RATE_UNCFG)
			put_rate(b, OFPQT_MAX_RATE, q[i].max_rate);
		put_be16_at(b, qofs + (v10 ? 4 : 8), b->size - qofs);
	}
	return ofp_finish(b, ofs);
}
