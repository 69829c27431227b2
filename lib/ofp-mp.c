/* Multipart / stats messages.  See ofp-mp.h. */
#include <config.h>
#include "ofp-mp.h"

#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "ofp-errors.h"
#include "ofp-private.h"
#include "util.h"

static size_t mp_hlen(uint8_t version)
{
	return version == OFP10_VERSION ? sizeof(struct ofp10_stats_header)
					: sizeof(struct ofp13_multipart_header);
}

static bool mp_type_ok(uint8_t version, uint16_t type)
{
	return version == OFP10_VERSION ? type <= OFPMP_QUEUE
					: type <= OFPMP_PORT_DESC;
}

int ofp_decode_multipart(const void *msg, struct ofp_multipart *mp)
{
	const struct ofp10_stats_header *h = msg;
	size_t len = ntohs(h->header.length);

	memset(mp, 0, sizeof *mp);
	mp->version = h->header.version;
	if (len < mp_hlen(mp->version))
		return E_REQ(BAD_LEN);
	mp->reply = h->header.type ==
		    ofptype_to_raw(OFPTYPE_MULTIPART_REPLY, mp->version);
	mp->type = ntohs(h->type);
	mp->flags = ntohs(h->flags);
	if (!mp_type_ok(mp->version, mp->type))
		return E_REQ(BAD_MULTIPART);
	mp->body = (const uint8_t *)msg + mp_hlen(mp->version);
	mp->body_len = len - mp_hlen(mp->version);
	return 0;
}

/* A multipart message under construction; entries that would push it
 * past 64 kB move to a new message. */
struct mpw {
	struct buf *b;
	uint8_t version;
	uint32_t xid;
	uint16_t type;
	bool reply;
	size_t first;		/* where the first message starts */
	size_t ofs;		/* where the current message starts */
};

static void mpw_open(struct mpw *w)
{
	int raw = ofptype_to_raw(w->reply ? OFPTYPE_MULTIPART_REPLY
				 : OFPTYPE_MULTIPART_REQUEST, w->version);

	w->ofs = ofp_start(w->b, w->version, raw, w->xid, mp_hlen(w->version));
	put_be16_at(w->b, w->ofs + 8, w->type);
}

static int mpw_start(struct mpw *w, struct buf *b, uint8_t version,
		     uint32_t xid, bool reply, uint16_t type)
{
	if (!mp_type_ok(version, type))
		return E_REQ(BAD_MULTIPART);
	w->b = b;
	w->version = version;
	w->xid = xid;
	w->reply = reply;
	w->type = type;
	w->first = b->size;
	mpw_open(w);
	return 0;
}

static void mpw_entry_done(struct mpw *w, size_t entry)
{
	struct buf *b = w->b;
	size_t elen = b->size - entry;
	uint8_t *tmp;

	if (b->size - w->ofs <= 0xffff || entry == w->ofs + mp_hlen(w->version))
		return;
	tmp = xmalloc(elen);
	memcpy(tmp, b->data + entry, elen);
	b->size = entry;
	put_be16_at(b, w->ofs + 10, OFPMPF_MORE);
	ofp_finish(b, w->ofs);
	mpw_open(w);
	buf_put(b, tmp, elen);
	free(tmp);
}

static int mpw_finish(struct mpw *w, int err)
{
	if (!err)
		err = ofp_finish(w->b, w->ofs);
	if (err)
		w->b->size = w->first;
	return err;
}

int ofp_encode_mp_request(struct buf *b, uint8_t version, uint32_t xid,
			  uint16_t type)
{
	struct mpw w;
	int err = mpw_start(&w, b, version, xid, false, type);

	return err ? err : mpw_finish(&w, 0);
}

/* Fixed-size reply bodies and entries. */
static const void *mp_next(struct ofp_multipart *mp, size_t size)
{
	const void *p;

	if (mp->body_len - mp->pos < size)
		return NULL;
	p = mp->body + mp->pos;
	mp->pos += size;
	return p;
}

static bool mp_done(const struct ofp_multipart *mp)
{
	return mp->pos >= mp->body_len;
}

static void copy_str(char *dst, const char *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void put_str(char *dst, const char *src, size_t n)
{
	size_t l = strnlen(src, n - 1);

	memcpy(dst, src, l);
	memset(dst + l, 0, n - l);
}

/* ---- Flow / aggregate. ---- */

void ofp_flow_stats_request_init(struct ofp_flow_stats_request *r)
{
	memset(r, 0, sizeof *r);
	r->table_id = OFPTT_ALL;
	r->out_port = OFPP_ANY;
	r->out_group = OFPG_ANY;
}

int ofp_decode_flow_stats_request(const struct ofp_multipart *mp,
				  struct ofp_flow_stats_request *r)
{
	size_t mlen;
	int err;

	ofp_flow_stats_request_init(r);
	if (mp->version == OFP10_VERSION) {
		const struct ofp10_flow_stats_request *o = (const void *)mp->body;

		if (mp->body_len != sizeof *o)
			return E_REQ(BAD_LEN);
		ofp10_match_decode(&o->match, &r->match);
		r->table_id = o->table_id;
		r->out_port = ofp10_port_to_32(ntohs(o->out_port));
		return 0;
	} else {
		const struct ofp13_flow_stats_request *o = (const void *)mp->body;

		if (mp->body_len < sizeof *o)
			return E_REQ(BAD_LEN);
		r->table_id = o->table_id;
		r->out_port = ntohl(o->out_port);
		r->out_group = ntohl(o->out_group);
		r->cookie = ntohll(o->cookie);
		r->cookie_mask = ntohll(o->cookie_mask);
		err = oxm_decode_match(o + 1, mp->body_len - sizeof *o,
				       &r->match, &mlen);
		if (err)
			return err;
		return mlen == mp->body_len - sizeof *o ? 0 : E_REQ(BAD_LEN);
	}
}

int ofp_encode_flow_stats_request(struct buf *b, uint8_t version,
				  uint32_t xid, bool aggregate,
				  const struct ofp_flow_stats_request *r)
{
	struct mpw w;
	int err;

	mpw_start(&w, b, version, xid, false,
		  aggregate ? OFPMP_AGGREGATE : OFPMP_FLOW);
	if (version == OFP10_VERSION) {
		struct ofp10_flow_stats_request *o;
		struct ofp10_match om;
		uint16_t port;

		err = ofp10_match_encode(&r->match, &om);
		if (!err && ofp10_port_from_32(r->out_port, &port))
			err = E_REQ(BAD_PORT);
		if (!err && (r->cookie_mask || r->out_group != OFPG_ANY))
			err = E_REQ(EPERM);
		if (!err) {
			o = buf_put_zeros(b, sizeof *o);
			o->match = om;
			o->table_id = r->table_id;
			o->out_port = htons(port);
		}
	} else {
		struct ofp13_flow_stats_request *o;

		o = buf_put_zeros(b, sizeof *o);
		o->table_id = r->table_id;
		o->out_port = htonl(r->out_port);
		o->out_group = htonl(r->out_group);
		o->cookie = htonll(r->cookie);
		o->cookie_mask = htonll(r->cookie_mask);
		err = oxm_encode_match(b, &r->match);
	}
	return mpw_finish(&w, err);
}

static int decode_flow_stats13(struct ofp_multipart *mp,
			       struct ofp_flow_stats *fs, struct buf *ofpacts)
{
	const struct ofp13_flow_stats *o = (const void *)(mp->body + mp->pos);
	size_t left = mp->body_len - mp->pos, len, mlen;
	int err;

	if (left < sizeof *o || (len = ntohs(o->length)) < sizeof *o ||
	    len > left || len % 8)
		return E_REQ(BAD_LEN);
	fs->table_id = o->table_id;
	fs->duration_sec = ntohl(o->duration_sec);
	fs->duration_nsec = ntohl(o->duration_nsec);
	fs->priority = ntohs(o->priority);
	fs->idle_timeout = ntohs(o->idle_timeout);
	fs->hard_timeout = ntohs(o->hard_timeout);
	fs->flags = ntohs(o->flags);
	fs->cookie = ntohll(o->cookie);
	fs->packet_count = ntohll(o->packet_count);
	fs->byte_count = ntohll(o->byte_count);
	err = oxm_decode_match(o + 1, len - sizeof *o, &fs->match, &mlen);
	if (err)
		return err;
	err = ofpacts_decode_instructions((const uint8_t *)(o + 1) + mlen,
					  len - sizeof *o - mlen, ofpacts);
	if (err)
		return err;
	mp->pos += len;
	return 0;
}

static int decode_flow_stats10(struct ofp_multipart *mp,
			       struct ofp_flow_stats *fs, struct buf *ofpacts)
{
	const struct ofp10_flow_stats *o = (const void *)(mp->body + mp->pos);
	size_t left = mp->body_len - mp->pos, len;
	int err;

	if (left < sizeof *o || (len = ntohs(o->length)) < sizeof *o ||
	    len > left || len % 8)
		return E_REQ(BAD_LEN);
	ofp10_match_decode(&o->match, &fs->match);
	fs->table_id = o->table_id;
	fs->duration_sec = ntohl(o->duration_sec);
	fs->duration_nsec = ntohl(o->duration_nsec);
	fs->priority = ntohs(o->priority);
	fs->idle_timeout = ntohs(o->idle_timeout);
	fs->hard_timeout = ntohs(o->hard_timeout);
	fs->cookie = ntohll(o->cookie);
	fs->packet_count = ntohll(o->packet_count);
	fs->byte_count = ntohll(o->byte_count);
	err = ofpacts_decode_actions(OFP10_VERSION, o + 1, len - sizeof *o,
				     ofpacts);
	if (err)
		return err;
	mp->pos += len;
	return 0;
}

int ofp_decode_flow_stats_next(struct ofp_multipart *mp,
			       struct ofp_flow_stats *fs, struct buf *ofpacts)
{
	int err;

	memset(fs, 0, sizeof *fs);
	buf_clear(ofpacts);
	if (mp_done(mp))
		return OFP_MP_EOF;
	err = mp->version == OFP10_VERSION
	      ? decode_flow_stats10(mp, fs, ofpacts)
	      : decode_flow_stats13(mp, fs, ofpacts);
	if (err)
		return err;
	fs->ofpacts = (const void *)ofpacts->data;
	fs->ofpacts_len = ofpacts->size;
	return 0;
}

static int encode_flow_stats10(struct buf *b, const struct ofp_flow_stats *fs)
{
	size_t ofs = b->size;
	struct ofp10_flow_stats *o;
	struct ofp10_match om;
	int err = ofp10_match_encode(&fs->match, &om);

	if (err)
		return err;
	o = buf_put_zeros(b, sizeof *o);
	o->table_id = fs->table_id;
	o->match = om;
	o->duration_sec = htonl(fs->duration_sec);
	o->duration_nsec = htonl(fs->duration_nsec);
	o->priority = htons(fs->priority);
	o->idle_timeout = htons(fs->idle_timeout);
	o->hard_timeout = htons(fs->hard_timeout);
	o->cookie = htonll(fs->cookie);
	o->packet_count = htonll(fs->packet_count);
	o->byte_count = htonll(fs->byte_count);
	err = ofpacts_encode_actions(OFP10_VERSION, fs->ofpacts,
				     fs->ofpacts_len, b);
	if (!err)
		put_be16_at(b, ofs, b->size - ofs);
	return err;
}

static int encode_flow_stats13(struct buf *b, const struct ofp_flow_stats *fs)
{
	size_t ofs = b->size;
	struct ofp13_flow_stats *o = buf_put_zeros(b, sizeof *o);
	int err;

	o->table_id = fs->table_id;
	o->duration_sec = htonl(fs->duration_sec);
	o->duration_nsec = htonl(fs->duration_nsec);
	o->priority = htons(fs->priority);
	o->idle_timeout = htons(fs->idle_timeout);
	o->hard_timeout = htons(fs->hard_timeout);
	o->flags = htons(fs->flags);
	o->cookie = htonll(fs->cookie);
	o->packet_count = htonll(fs->packet_count);
	o->byte_count = htonll(fs->byte_count);
	err = oxm_encode_match(b, &fs->match);
	if (!err)
		err = ofpacts_encode_instructions(OFP13_VERSION, fs->ofpacts,
						  fs->ofpacts_len, b);
	if (!err)
		put_be16_at(b, ofs, b->size - ofs);
	return err;
}

int ofp_encode_flow_stats_reply(struct buf *b, uint8_t version, uint32_t xid,
				const struct ofp_flow_stats *fs, size_t n)
{
	struct mpw w;
	size_t i;
	int err = 0;

	mpw_start(&w, b, version, xid, true, OFPMP_FLOW);
	for (i = 0; i < n && !err; i++) {
		size_t entry = b->size;

		err = version == OFP10_VERSION ? encode_flow_stats10(b, &fs[i])
					       : encode_flow_stats13(b, &fs[i]);
		if (!err)
			mpw_entry_done(&w, entry);
	}
	return mpw_finish(&w, err);
}

int ofp_decode_aggregate_reply(const struct ofp_multipart *mp,
			       struct ofp_aggregate_stats *as)
{
	const struct ofp_aggregate_stats_reply *o = (const void *)mp->body;

	if (mp->body_len != sizeof *o)
		return E_REQ(BAD_LEN);
	as->packet_count = ntohll(o->packet_count);
	as->byte_count = ntohll(o->byte_count);
	as->flow_count = ntohl(o->flow_count);
	return 0;
}

int ofp_encode_aggregate_reply(struct buf *b, uint8_t version, uint32_t xid,
			       const struct ofp_aggregate_stats *as)
{
	struct ofp_aggregate_stats_reply *o;
	struct mpw w;

	mpw_start(&w, b, version, xid, true, OFPMP_AGGREGATE);
	o = buf_put_zeros(b, sizeof *o);
	o->packet_count = htonll(as->packet_count);
	o->byte_count = htonll(as->byte_count);
	o->flow_count = htonl(as->flow_count);
	return mpw_finish(&w, 0);
}

/* ---- Desc. ---- */

int ofp_decode_desc_reply(const struct ofp_multipart *mp,
			  struct ofp_desc_stats *ds)
{
	const struct ofp_desc *o = (const void *)mp->body;

	if (mp->body_len != sizeof *o)
		return E_REQ(BAD_LEN);
	copy_str(ds->mfr_desc, o->mfr_desc, OFP_DESC_STR_LEN);
	copy_str(ds->hw_desc, o->hw_desc, OFP_DESC_STR_LEN);
	copy_str(ds->sw_desc, o->sw_desc, OFP_DESC_STR_LEN);
	copy_str(ds->serial_num, o->serial_num, OFP_SERIAL_NUM_LEN);
	copy_str(ds->dp_desc, o->dp_desc, OFP_DESC_STR_LEN);
	return 0;
}

int ofp_encode_desc_reply(struct buf *b, uint8_t version, uint32_t xid,
			  const struct ofp_desc_stats *ds)
{
	struct ofp_desc *o;
	struct mpw w;

	mpw_start(&w, b, version, xid, true, OFPMP_DESC);
	o = buf_put_zeros(b, sizeof *o);
	put_str(o->mfr_desc, ds->mfr_desc, OFP_DESC_STR_LEN);
	put_str(o->hw_desc, ds->hw_desc, OFP_DESC_STR_LEN);
	put_str(o->sw_desc, ds->sw_desc, OFP_DESC_STR_LEN);
	put_str(o->serial_num, ds->serial_num, OFP_SERIAL_NUM_LEN);
	put_str(o->dp_desc, ds->dp_desc, OFP_DESC_STR_LEN);
	return mpw_finish(&w, 0);
}

/* ---- Tables. ---- */

int ofp_decode_table_stats_next(struct ofp_multipart *mp,
				struct ofp_table_stats *ts)
{
	memset(ts, 0, sizeof *ts);
	if (mp_done(mp))
		return OFP_MP_EOF;
	if (mp->version == OFP10_VERSION) {
		const struct ofp10_table_stats *o = mp_next(mp, sizeof *o);

		if (!o)
			return E_REQ(BAD_LEN);
		ts->table_id = o->table_id;
		copy_str(ts->name, o->name, OFP_MAX_TABLE_NAME_LEN);
		ts->wildcards = ntohl(o->wildcards);
		ts->max_entries = ntohl(o->max_entries);
		ts->active_count = ntohl(o->active_count);
		ts->lookup_count = ntohll(o->lookup_count);
		ts->matched_count = ntohll(o->matched_count);
	} else {
		const struct ofp13_table_stats *o = mp_next(mp, sizeof *o);

		if (!o)
			return E_REQ(BAD_LEN);
		ts->table_id = o->table_id;
		ts->active_count = ntohl(o->active_count);
		ts->lookup_count = ntohll(o->lookup_count);
		ts->matched_count = ntohll(o->matched_count);
	}
	return 0;
}

int ofp_encode_table_stats_reply(struct buf *b, uint8_t version,
				 uint32_t xid,
				 const struct ofp_table_stats *ts, size_t n)
{
	struct mpw w;
	size_t i;

	mpw_start(&w, b, version, xid, true, OFPMP_TABLE);
	for (i = 0; i < n; i++) {
		size_t entry = b->size;

		if (version == OFP10_VERSION) {
			struct ofp10_table_stats *o = buf_put_zeros(b, sizeof *o);

			o->table_id = ts[i].table_id;
			put_str(o->name, ts[i].name, OFP_MAX_TABLE_NAME_LEN);
			o->wildcards = htonl(ts[i].wildcards);
			o->max_entries = htonl(ts[i].max_entries);
			o->active_count = htonl(ts[i].active_count);
			o->lookup_count = htonll(ts[i].lookup_count);
			o->matched_count = htonll(ts[i].matched_count);
		} else {
			struct ofp13_table_stats *o = buf_put_zeros(b, sizeof *o);

			o->table_id = ts[i].table_id;
			o->active_count = htonl(ts[i].active_count);
			o->lookup_count = htonll(ts[i].lookup_count);
			o->matched_count = htonll(ts[i].matched_count);
		}
		mpw_entry_done(&w, entry);
	}
	return mpw_finish(&w, 0);
}

/* ---- Ports. ---- */

int ofp_decode_port_stats_request(const struct ofp_multipart *mp,
				  uint32_t *port_no)
{
	if (mp->body_len != 8)
		return E_REQ(BAD_LEN);
	if (mp->version == OFP10_VERSION)
		*port_no = ofp10_port_to_32((mp->body[0] << 8) | mp->body[1]);
	else
		*port_no = ((uint32_t)mp->body[0] << 24) |
			   (mp->body[1] << 16) | (mp->body[2] << 8) |
			   mp->body[3];
	return 0;
}

int ofp_encode_port_stats_request(struct buf *b, uint8_t version,
				  uint32_t xid, uint32_t port_no)
{
	struct mpw w;
	uint8_t *p;
	uint16_t p10;

	if (version == OFP10_VERSION && ofp10_port_from_32(port_no, &p10))
		return E_REQ(BAD_PORT);
	mpw_start(&w, b, version, xid, false, OFPMP_PORT_STATS);
	p = buf_put_zeros(b, 8);
	if (version == OFP10_VERSION) {
		p[0] = p10 >> 8;
		p[1] = p10;
	} else {
		p[0] = port_no >> 24;
		p[1] = port_no >> 16;
		p[2] = port_no >> 8;
		p[3] = port_no;
	}
	return mpw_finish(&w, 0);
}

static void counters_decode(const struct ofp_port_counters *c,
			    struct ofp_port_stats *ps)
{
	ps->rx_packets = ntohll(c->rx_packets);
	ps->tx_packets = ntohll(c->tx_packets);
	ps->rx_bytes = ntohll(c->rx_bytes);
	ps->tx_bytes = ntohll(c->tx_bytes);
	ps->rx_dropped = ntohll(c->rx_dropped);
	ps->tx_dropped = ntohll(c->tx_dropped);
	ps->rx_errors = ntohll(c->rx_errors);
	ps->tx_errors = ntohll(c->tx_errors);
	ps->rx_frame_err = ntohll(c->rx_frame_err);
	ps->rx_over_err = ntohll(c->rx_over_err);
	ps->rx_crc_err = ntohll(c->rx_crc_err);
	ps->collisions = ntohll(c->collisions);
}

static void counters_encode(const struct ofp_port_stats *ps,
			    struct ofp_port_counters *c)
{
	c->rx_packets = htonll(ps->rx_packets);
	c->tx_packets = htonll(ps->tx_packets);
	c->rx_bytes = htonll(ps->rx_bytes);
	c->tx_bytes = htonll(ps->tx_bytes);
	c->rx_dropped = htonll(ps->rx_dropped);
	c->tx_dropped = htonll(ps->tx_dropped);
	c->rx_errors = htonll(ps->rx_errors);
	c->tx_errors = htonll(ps->tx_errors);
	c->rx_frame_err = htonll(ps->rx_frame_err);
	c->rx_over_err = htonll(ps->rx_over_err);
	c->rx_crc_err = htonll(ps->rx_crc_err);
	c->collisions = htonll(ps->collisions);
}

int ofp_decode_port_stats_next(struct ofp_multipart *mp,
			       struct ofp_port_stats *ps)
{
	memset(ps, 0, sizeof *ps);
	if (mp_done(mp))
		return OFP_MP_EOF;
	if (mp->version == OFP10_VERSION) {
		const struct ofp10_port_stats *o = mp_next(mp, sizeof *o);

		if (!o)
			return E_REQ(BAD_LEN);
		ps->port_no = ofp10_port_to_32(ntohs(o->port_no));
		counters_decode(&o->c, ps);
	} else {
		const struct ofp13_port_stats *o = mp_next(mp, sizeof *o);

		if (!o)
			return E_REQ(BAD_LEN);
		ps->port_no = ntohl(o->port_no);
		counters_decode(&o->c, ps);
		ps->duration_sec = ntohl(o->duration_sec);
		ps->duration_nsec = ntohl(o->duration_nsec);
	}
	return 0;
}

int ofp_encode_port_stats_reply(struct buf *b, uint8_t version, uint32_t xid,
				const struct ofp_port_stats *ps, size_t n)
{
	struct mpw w;
	size_t i;
	int err = 0;

	mpw_start(&w, b, version, xid, true, OFPMP_PORT_STATS);
	for (i = 0; i < n && !err; i++) {
		size_t entry = b->size;

		if (version == OFP10_VERSION) {
			struct ofp10_port_stats *o;
			uint16_t port;

			if (ofp10_port_from_32(ps[i].port_no, &port)) {
				err = E_REQ(BAD_PORT);
				break;
			}
			o = buf_put_zeros(b, sizeof *o);
			o->port_no = htons(port);
			counters_encode(&ps[i], &o->c);
		} else {
			struct ofp13_port_stats *o = buf_put_zeros(b, sizeof *o);

			o->port_no = htonl(ps[i].port_no);
			counters_encode(&ps[i], &o->c);
			o->duration_sec = htonl(ps[i].duration_sec);
			o->duration_nsec = htonl(ps[i].duration_nsec);
		}
		mpw_entry_done(&w, entry);
	}
	return mpw_finish(&w, err);
}

int ofp_decode_port_desc_next(struct ofp_multipart *mp,
			      struct ofp_port_desc *pd)
{
	const struct ofp13_port *o;

	if (mp_done(mp))
		return OFP_MP_EOF;
	o = mp_next(mp, sizeof *o);
	if (!o)
		return E_REQ(BAD_LEN);
	ofp_port_desc_decode13(o, pd);
	return 0;
}

int ofp_encode_port_desc_reply(struct buf *b, uint8_t version, uint32_t xid,
			       const struct ofp_port_desc *pd, size_t n)
{
	struct mpw w;
	size_t i;
	int err = mpw_start(&w, b, version, xid, true, OFPMP_PORT_DESC);

	if (err)
		return err;
	for (i = 0; i < n; i++) {
		size_t entry = b->size;

		ofp_port_desc_encode13(&pd[i], buf_put_zeros(b, 64));
		mpw_entry_done(&w, entry);
	}
	return mpw_finish(&w, 0);
}

/* ---- Groups. ---- */

int ofp_decode_group_stats_request(const struct ofp_multipart *mp,
				   uint32_t *group_id)
{
	if (mp->body_len != 8)
		return E_REQ(BAD_LEN);
	*group_id = ((uint32_t)mp->body[0] << 24) | (mp->body[1] << 16) |
		    (mp->body[2] << 8) | mp->body[3];
	return 0;
}

int ofp_encode_group_stats_request(struct buf *b, uint8_t version,
				   uint32_t xid, uint32_t group_id)
{
	struct mpw w;
	uint32_t *p;
	int err = mpw_start(&w, b, version, xid, false, OFPMP_GROUP);

	if (err)
		return err;
	p = buf_put_zeros(b, 8);
	*p = htonl(group_id);
	return mpw_finish(&w, 0);
}

int ofp_decode_group_stats_next(struct ofp_multipart *mp,
				struct ofp_group_stats *gs,
				struct buf *buckets)
{
	const struct ofp13_group_stats *o = (const void *)(mp->body + mp->pos);
	size_t left = mp->body_len - mp->pos, len, i;

	memset(gs, 0, sizeof *gs);
	buf_clear(buckets);
	if (mp_done(mp))
		return OFP_MP_EOF;
	if (left < sizeof *o || (len = ntohs(o->length)) < sizeof *o ||
	    len > left || (len - sizeof *o) % 16)
		return E_REQ(BAD_LEN);
	gs->group_id = ntohl(o->group_id);
	gs->ref_count = ntohl(o->ref_count);
	gs->packet_count = ntohll(o->packet_count);
	gs->byte_count = ntohll(o->byte_count);
	gs->duration_sec = ntohl(o->duration_sec);
	gs->duration_nsec = ntohl(o->duration_nsec);
	gs->n_buckets = (len - sizeof *o) / 16;
	for (i = 0; i < gs->n_buckets; i++) {
		const struct ofp13_bucket_counter *c =
			(const void *)((const uint8_t *)(o + 1) + 16 * i);
		struct ofp_bucket_stats *bs = buf_put_zeros(buckets,
							    sizeof *bs);

		bs->packet_count = ntohll(c->packet_count);
		bs->byte_count = ntohll(c->byte_count);
	}
	gs->buckets = (const void *)buckets->data;
	mp->pos += len;
	return 0;
}

int ofp_encode_group_stats_reply(struct buf *b, uint8_t version,
				 uint32_t xid,
				 const struct ofp_group_stats *gs, size_t n)
{
	struct mpw w;
	size_t i, j;
	int err = mpw_start(&w, b, version, xid, true, OFPMP_GROUP);

	if (err)
		return err;
	for (i = 0; i < n; i++) {
		size_t entry = b->size;
		struct ofp13_group_stats *o = buf_put_zeros(b, sizeof *o);

		o->group_id = htonl(gs[i].group_id);
		o->ref_count = htonl(gs[i].ref_count);
		o->packet_count = htonll(gs[i].packet_count);
		o->byte_count = htonll(gs[i].byte_count);
		o->duration_sec = htonl(gs[i].duration_sec);
		o->duration_nsec = htonl(gs[i].duration_nsec);
		for (j = 0; j < gs[i].n_buckets; j++) {
			struct ofp13_bucket_counter *c;

			c = buf_put_zeros(b, sizeof *c);
			c->packet_count = htonll(gs[i].buckets[j].packet_count);
			c->byte_count = htonll(gs[i].buckets[j].byte_count);
		}
		put_be16_at(b, entry, b->size - entry);
		mpw_entry_done(&w, entry);
	}
	return mpw_finish(&w, 0);
}

int ofp_decode_group_desc_next(struct ofp_multipart *mp,
			       struct ofp_group_desc *gd,
			       struct buf *buckets, struct buf *ofpacts)
{
	const struct ofp13_group_desc *o = (const void *)(mp->body + mp->pos);
	size_t left = mp->body_len - mp->pos, len;
	int err;

	memset(gd, 0, sizeof *gd);
	buf_clear(buckets);
	buf_clear(ofpacts);
	if (mp_done(mp))
		return OFP_MP_EOF;
	if (left < sizeof *o || (len = ntohs(o->length)) < sizeof *o ||
	    len > left)
		return E_REQ(BAD_LEN);
	gd->type = o->type;
	gd->group_id = ntohl(o->group_id);
	err = ofp_decode_buckets(o + 1, len - sizeof *o, gd->type, buckets,
				 ofpacts, &gd->n_buckets);
	if (err)
		return err;
	gd->buckets = (const void *)buckets->data;
	mp->pos += len;
	return 0;
}

int ofp_encode_group_desc_reply(struct buf *b, uint8_t version, uint32_t xid,
				const struct ofp_group_desc *gd, size_t n)
{
	struct mpw w;
	size_t i;
	int err = mpw_start(&w, b, version, xid, true, OFPMP_GROUP_DESC);

	if (err)
		return err;
	for (i = 0; i < n && !err; i++) {
		size_t entry = b->size;
		struct ofp13_group_desc *o = buf_put_zeros(b, sizeof *o);

		o->type = gd[i].type;
		o->group_id = htonl(gd[i].group_id);
		err = ofp_encode_buckets(b, gd[i].buckets, gd[i].n_buckets);
		put_be16_at(b, entry, b->size - entry);
		mpw_entry_done(&w, entry);
	}
	return mpw_finish(&w, err);
}

/* ---- Table features. ---- */

#define E_TF(c) OFPERR(OFPET_TABLE_FEATURES_FAILED, c)

static int check_props(const uint8_t *p, size_t len)
{
	struct rd r;

	rd_init(&r, p, len);
	while (r.left) {
		const uint8_t *h = rd_peek(&r, 4);
		size_t plen;

		if (!h)
			return E_TF(OFPTFFC_BAD_LEN);
		plen = (h[2] << 8) | h[3];
		if (plen < 4 || !rd_pull(&r, ROUND_UP8(plen)))
			return E_TF(OFPTFFC_BAD_LEN);
	}
	return 0;
}

int ofp_decode_table_features_next(struct ofp_multipart *mp,
				   struct ofp_table_features *tf)
{
	const struct ofp13_table_features *o =
		(const void *)(mp->body + mp->pos);
	size_t left = mp->body_len - mp->pos, len;
	int err;

	memset(tf, 0, sizeof *tf);
	if (mp_done(mp))
		return OFP_MP_EOF;
	if (left < sizeof *o || (len = ntohs(o->length)) < sizeof *o ||
	    len > left || len % 8)
		return E_TF(OFPTFFC_BAD_LEN);
	tf->table_id = o->table_id;
	copy_str(tf->name, o->name, OFP_MAX_TABLE_NAME_LEN);
	tf->metadata_match = ntohll(o->metadata_match);
	tf->metadata_write = ntohll(o->metadata_write);
	tf->config = ntohl(o->config);
	tf->max_entries = ntohl(o->max_entries);
	tf->props = (const uint8_t *)(o + 1);
	tf->props_len = len - sizeof *o;
	err = check_props(tf->props, tf->props_len);
	if (err)
		return err;
	mp->pos += len;
	return 0;
}

int ofp_encode_table_features(struct buf *b, uint8_t version, uint32_t xid,
			      bool reply, const struct ofp_table_features *tf,
			      size_t n)
{
	struct mpw w;
	size_t i;
	int err = mpw_start(&w, b, version, xid, reply, OFPMP_TABLE_FEATURES);

	if (err)
		return err;
	for (i = 0; i < n && !err; i++) {
		size_t entry = b->size;
		struct ofp13_table_features *o = buf_put_zeros(b, sizeof *o);

		o->table_id = tf[i].table_id;
		put_str(o->name, tf[i].name, OFP_MAX_TABLE_NAME_LEN);
		o->metadata_match = htonll(tf[i].metadata_match);
		o->metadata_write = htonll(tf[i].metadata_write);
		o->config = htonl(tf[i].config);
		o->max_entries = htonl(tf[i].max_entries);
		err = check_props(tf[i].props, tf[i].props_len);
		buf_put(b, tf[i].props, tf[i].props_len);
		put_be16_at(b, entry, b->size - entry);
		mpw_entry_done(&w, entry);
	}
	return mpw_finish(&w, err);
}

/* ---- Table feature properties of a table that takes everything. ---- */

static size_t prop_start(struct buf *b, uint16_t type)
{
	size_t ofs = b->size;

	buf_put_zeros(b, 4);
	put_be16_at(b, ofs, type);
	return ofs;
}

/* Sets the property's length (without padding), then pads it. */
static void prop_end(struct buf *b, size_t ofs)
{
	size_t len = b->size - ofs;

	put_be16_at(b, ofs + 2, len);
	buf_put_zeros(b, ROUND_UP8(len) - len);
}

static void put_be16_pair(struct buf *b, uint16_t type, uint16_t len)
{
	uint8_t *p = buf_put_zeros(b, 4);

	p[0] = type >> 8;
	p[1] = type;
	p[2] = len >> 8;
	p[3] = len;
}

static void put_instructions(struct buf *b, bool last_table)
{
	static const uint16_t its[] = {
		OFPIT_GOTO_TABLE, OFPIT_WRITE_METADATA, OFPIT_WRITE_ACTIONS,
		OFPIT_APPLY_ACTIONS, OFPIT_CLEAR_ACTIONS,
	};
	size_t ofs = prop_start(b, OFPTFPT_INSTRUCTIONS), i;

	for (i = 0; i < ARRAY_SIZE(its); i++)
		if (its[i] != OFPIT_GOTO_TABLE || !last_table)
			put_be16_pair(b, its[i], 4);
	prop_end(b, ofs);
}

static void put_next_tables(struct buf *b, unsigned int table_id,
			    unsigned int n_tables)
{
	size_t ofs = prop_start(b, OFPTFPT_NEXT_TABLES);
	unsigned int t;

	for (t = table_id + 1; t < n_tables; t++) {
		uint8_t id = t;

		buf_put(b, &id, 1);
	}
	prop_end(b, ofs);
}

/* The OF1.3 actions ofpacts_decode_actions() accepts. */
static void put_actions(struct buf *b, uint16_t type)
{
	static const uint16_t ats[] = {
		OFPAT_OUTPUT, OFPAT_COPY_TTL_OUT, OFPAT_COPY_TTL_IN,
		OFPAT_SET_MPLS_TTL, OFPAT_DEC_MPLS_TTL, OFPAT_PUSH_VLAN,
		OFPAT_POP_VLAN, OFPAT_PUSH_MPLS, OFPAT_POP_MPLS,
		OFPAT_SET_QUEUE, OFPAT_GROUP, OFPAT_SET_NW_TTL,
		OFPAT_DEC_NW_TTL, OFPAT_SET_FIELD, OFPAT_PUSH_PBB,
		OFPAT_POP_PBB,
	};
	size_t ofs = prop_start(b, type), i;

	for (i = 0; i < ARRAY_SIZE(ats); i++)
		put_be16_pair(b, ats[i], 4);
	prop_end(b, ofs);
}

/* OXM ids of the basic fields: MASKED marks maskable ones (their
 * length is then that of value and mask, as on the wire); SETTABLE
 * keeps only what set_field may write. */
static void put_oxm_ids(struct buf *b, uint16_t type, bool masked,
			bool settable)
{
	size_t ofs = prop_start(b, type);
	int id;

	for (id = 0; id < MFF_N_OXM; id++) {
		const struct mf_field *f = &mf_fields[id];
		bool hm = masked && f->maskable;
		uint32_t h;

		if (settable && !f->settable)
			continue;
		h = htonl(OXM_HEADER(OFPXMC_OPENFLOW_BASIC, id, hm,
				     f->n_bytes * (hm ? 2 : 1)));
		buf_put(b, &h, 4);
	}
	prop_end(b, ofs);
}

void ofp_table_features_put_props(struct buf *b, unsigned int table_id,
				  unsigned int n_tables)
{
	put_instructions(b, table_id + 1 >= n_tables);
	put_next_tables(b, table_id, n_tables);
	put_actions(b, OFPTFPT_WRITE_ACTIONS);
	put_actions(b, OFPTFPT_APPLY_ACTIONS);
	put_oxm_ids(b, OFPTFPT_MATCH, true, false);
	put_oxm_ids(b, OFPTFPT_WILDCARDS, false, false);
	put_oxm_ids(b, OFPTFPT_WRITE_SETFIELD, false, true);
	put_oxm_ids(b, OFPTFPT_APPLY_SETFIELD, false, true);
}
