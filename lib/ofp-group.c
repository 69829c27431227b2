/* OF1.3 group and meter modifications. */
#include <config.h>
#include "ofp-group.h"

#include <string.h>
#include "buf.h"
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "ofp-private.h"

/* Bucket ofpacts are recorded as offsets while OFPACTS may still move,
 * then turned into pointers. */
int ofp_decode_buckets(const void *p, size_t len, uint8_t group_type,
		       struct buf *buckets, struct buf *ofpacts, size_t *n)
{
	size_t first = buckets->size / sizeof(struct ofp_bucket), i;
	struct rd r;
	int err = 0;

	*n = 0;
	rd_init(&r, p, len);
	while (r.left) {
		const struct ofp13_bucket *ob = rd_peek(&r, sizeof *ob);
		struct ofp_bucket *bk;
		size_t blen, start = ofpacts->size;

		if (!ob || (blen = ntohs(ob->len)) < sizeof *ob || blen % 8 ||
		    !rd_pull(&r, blen)) {
			err = E_GMOD(BAD_BUCKET);
			break;
		}
		if (group_type != OFPGT_SELECT && ob->weight) {
			err = E_GMOD(WEIGHT_UNSUPPORTED);
			break;
		}
		/* Fast failover buckets need something to watch. */
		if (group_type == OFPGT_FF && ob->watch_port == htonl(OFPP_ANY)
		    && ob->watch_group == htonl(OFPG_ANY)) {
			err = E_GMOD(BAD_WATCH);
			break;
		}
		err = ofpacts_decode_actions(OFP13_VERSION, ob + 1,
					     blen - sizeof *ob, ofpacts);
		if (err)
			break;
		bk = buf_put_zeros(buckets, sizeof *bk);
		bk->weight = ntohs(ob->weight);
		bk->watch_port = ntohl(ob->watch_port);
		bk->watch_group = ntohl(ob->watch_group);
		/* Temporarily: offset in ofpacts. */
		bk->ofpacts = (const void *)(uintptr_t)start;
		bk->ofpacts_len = ofpacts->size - start;
		(*n)++;
	}
	for (i = 0; i < *n; i++) {
		struct ofp_bucket *bk = (struct ofp_bucket *)buckets->data +
					first + i;

		bk->ofpacts = !ofpacts->data ? NULL
			      : (const void *)(ofpacts->data +
					       (uintptr_t)bk->ofpacts);
	}
	return err;
}

int ofp_encode_buckets(struct buf *b, const struct ofp_bucket *buckets,
		       size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t ofs = b->size;
		struct ofp13_bucket *ob = buf_put_zeros(b, sizeof *ob);
		int err;

		ob->weight = htons(buckets[i].weight);
		ob->watch_port = htonl(buckets[i].watch_port);
		ob->watch_group = htonl(buckets[i].watch_group);
		err = ofpacts_encode_actions(OFP13_VERSION, buckets[i].ofpacts,
					     buckets[i].ofpacts_len, b);
		if (err)
			return err;
		put_be16_at(b, ofs, b->size - ofs);
	}
	return 0;
}

int ofp_decode_group_mod(const void *msg, struct ofp_group_mod *gm,
			 struct buf *buckets, struct buf *ofpacts)
{
	const struct ofp13_group_mod *o = msg;
	size_t len = ntohs(o->header.length);
	int err;

	memset(gm, 0, sizeof *gm);
	buf_clear(buckets);
	buf_clear(ofpacts);
	if (len < sizeof *o)
		return E_REQ(BAD_LEN);
	gm->command = ntohs(o->command);
	gm->type = o->type;
	gm->group_id = ntohl(o->group_id);
	if (gm->command > OFPGC_DELETE)
		return E_GMOD(BAD_COMMAND);
	if (gm->type > OFPGT_FF)
		return E_GMOD(BAD_TYPE);
	if (gm->group_id > OFPG_MAX &&
	    !(gm->command == OFPGC_DELETE && gm->group_id == OFPG_ALL))
		return E_GMOD(INVALID_GROUP);
	err = ofp_decode_buckets(o + 1, len - sizeof *o, gm->type, buckets,
				 ofpacts, &gm->n_buckets);
	if (err)
		return err;
	if (gm->type == OFPGT_INDIRECT && gm->command != OFPGC_DELETE &&
	    gm->n_buckets != 1)
		return E_GMOD(INVALID_GROUP);
	gm->buckets = (const void *)buckets->data;
	return 0;
}

int ofp_encode_group_mod(struct buf *b, uint8_t version, uint32_t xid,
			 const struct ofp_group_mod *gm)
{
	struct ofp13_group_mod *o;
	size_t ofs;
	int err;

	if (version == OFP10_VERSION)
		return E_REQ(BAD_TYPE);
	ofs = ofp_start(b, version, OFPT_GROUP_MOD, xid, sizeof *o);
	o = buf_ofs(b, ofs);
	o->command = htons(gm->command);
	o->type = gm->type;
	o->group_id = htonl(gm->group_id);
	err = ofp_encode_buckets(b, gm->buckets, gm->n_buckets);
	if (!err)
		err = ofp_finish(b, ofs);
	if (err)
		b->size = ofs;
	return err;
}

int ofp_decode_meter_mod(const void *msg, struct ofp_meter_mod *mm)
{
	const struct ofp13_meter_mod *o = msg;
	size_t len = ntohs(o->header.length);
	struct rd r;

	memset(mm, 0, sizeof *mm);
	if (len < sizeof *o)
		return E_REQ(BAD_LEN);
	mm->command = ntohs(o->command);
	mm->flags = ntohs(o->flags);
	mm->meter_id = ntohl(o->meter_id);
	if (mm->command > OFPMC_DELETE)
		return E_MMOD(BAD_COMMAND);
	if (mm->flags & ~0xfu ||
	    ((mm->flags & OFPMF_KBPS) && (mm->flags & OFPMF_PKTPS)))
		return E_MMOD(BAD_FLAGS);
	if (!mm->meter_id || mm->meter_id > OFPM_MAX)
		return E_MMOD(INVALID_METER);
	rd_init(&r, o + 1, len - sizeof *o);
	while (r.left) {
		const struct ofp13_meter_band *ob = rd_peek(&r, 4);
		struct ofp_meter_band *mb;

		if (!ob || ntohs(ob->len) != sizeof *ob ||
		    !rd_pull(&r, sizeof *ob))
			return E_MMOD(BAD_BAND);
		if (mm->n_bands == OFP_MAX_METER_BANDS)
			return E_MMOD(OUT_OF_BANDS);
		mb = &mm->bands[mm->n_bands++];
		mb->type = ntohs(ob->type);
		mb->rate = ntohl(ob->rate);
		mb->burst_size = ntohl(ob->burst_size);
		mb->prec_level = ob->prec_level;
		if (mb->type != OFPMBT_DROP && mb->type != OFPMBT_DSCP_REMARK)
			return E_MMOD(BAD_BAND);
		if (!mb->rate)
			return E_MMOD(BAD_RATE);
	}
	return 0;
}

int ofp_encode_meter_mod(struct buf *b, uint8_t version, uint32_t xid,
			 const struct ofp_meter_mod *mm)
{
	struct ofp13_meter_mod *o;
	size_t ofs, i;

	if (version == OFP10_VERSION || mm->n_bands > OFP_MAX_METER_BANDS)
		return E_REQ(BAD_TYPE);
	ofs = ofp_start(b, version, OFPT_METER_MOD, xid, sizeof *o);
	o = buf_ofs(b, ofs);
	o->command = htons(mm->command);
	o->flags = htons(mm->flags);
	o->meter_id = htonl(mm->meter_id);
	for (i = 0; i < mm->n_bands; i++) {
		struct ofp13_meter_band *ob = buf_put_zeros(b, sizeof *ob);

		ob->type = htons(mm->bands[i].type);
		ob->len = htons(sizeof *ob);
		ob->rate = htonl(mm->bands[i].rate);
		ob->burst_size = htonl(mm->bands[i].burst_size);
		ob->prec_level = mm->bands[i].prec_level;
	}
	return ofp_finish(b, ofs);
}
