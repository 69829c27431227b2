/* OpenFlow actions and instructions: wire <-> ofpacts. */
#include <config.h>
#include "ofp-actions.h"

#include <string.h>
#include "buf.h"
#include "ofp-errors.h"
#include "ofp-private.h"

void *ofpact_put(struct buf *b, enum ofpact_type type, size_t size)
{
	struct ofpact *a;

	size = OFPACT_ALIGN(size);
	a = buf_put_zeros(b, size);
	a->type = type;
	a->len = size;
	return a;
}

void ofpact_put_output(struct buf *b, uint32_t port, uint16_t max_len)
{
	struct ofpact_output *o = ofpact_put(b, OFPACT_OUTPUT, sizeof *o);

	o->port = port;
	o->max_len = max_len;
}

void ofpact_put_u32(struct buf *b, enum ofpact_type type, uint32_t v)
{
	struct ofpact_u32 *u = ofpact_put(b, type, sizeof *u);

	u->value = v;
}

void ofpact_put_set_field(struct buf *b, enum mf_id id,
			  const union mf_value *value)
{
	struct ofpact_set_field *sf;

	sf = ofpact_put(b, OFPACT_SET_FIELD, sizeof *sf);
	sf->field = id;
	sf->value = *value;
	if (id == MFF_VLAN_VID)
		sf->value.be16 |= htons(OFPVID_PRESENT);
}

size_t ofpact_nest_start(struct buf *b, enum ofpact_type type)
{
	size_t ofs = b->size;

	ofpact_put(b, type, sizeof(struct ofpact_nest));
	return ofs;
}

void ofpact_nest_end(struct buf *b, size_t ofs)
{
	struct ofpact *a = buf_ofs(b, ofs);

	a->len = b->size - ofs;
}

static const char *const type_names[OFPACT_N_TYPES] = {
	[OFPACT_OUTPUT] = "output", [OFPACT_ENQUEUE] = "enqueue",
	[OFPACT_GROUP] = "group", [OFPACT_SET_QUEUE] = "set_queue",
	[OFPACT_SET_VLAN_VID] = "mod_vlan_vid",
	[OFPACT_SET_VLAN_PCP] = "mod_vlan_pcp",
	[OFPACT_POP_VLAN] = "pop_vlan", [OFPACT_PUSH_VLAN] = "push_vlan",
	[OFPACT_PUSH_MPLS] = "push_mpls", [OFPACT_POP_MPLS] = "pop_mpls",
	[OFPACT_PUSH_PBB] = "push_pbb", [OFPACT_POP_PBB] = "pop_pbb",
	[OFPACT_SET_FIELD] = "set_field", [OFPACT_SET_L4_SRC] = "mod_tp_src",
	[OFPACT_SET_L4_DST] = "mod_tp_dst", [OFPACT_SET_NW_TTL] = "mod_nw_ttl",
	[OFPACT_DEC_NW_TTL] = "dec_ttl", [OFPACT_SET_MPLS_TTL] = "set_mpls_ttl",
	[OFPACT_DEC_MPLS_TTL] = "dec_mpls_ttl",
	[OFPACT_COPY_TTL_OUT] = "copy_ttl_out",
	[OFPACT_COPY_TTL_IN] = "copy_ttl_in", [OFPACT_METER] = "meter",
	[OFPACT_RESUBMIT] = "resubmit",
	[OFPACT_CLEAR_ACTIONS] = "clear_actions",
	[OFPACT_WRITE_ACTIONS] = "write_actions",
	[OFPACT_WRITE_METADATA] = "write_metadata",
	[OFPACT_GOTO_TABLE] = "goto_table",
};

const char *ofpact_type_name(enum ofpact_type type)
{
	return type < OFPACT_N_TYPES ? type_names[type] : "?";
}

/* ---- Decoding. ---- */

/* Valid output ports: physical ports and the reserved ports except
 * ANY (OF1.0 NONE). */
static bool output_port_ok(uint32_t port)
{
	return port != 0 && port != OFPP_ANY &&
	       (port < OFPP_MAX || port >= OFPP_IN_PORT);
}

/* Maps set_field's OXM errors onto the BAD_ACTION codes for set_field. */
static int set_field_error(int err)
{
	switch (ofperr_code(err)) {
	case OFPBMC_BAD_LEN: return E_ACT(BAD_SET_LEN);
	case OFPBMC_BAD_FIELD: return E_ACT(BAD_SET_TYPE);
	default: return E_ACT(BAD_SET_ARGUMENT);
	}
}

static int decode_set_field(const uint8_t *p, size_t len, struct buf *out)
{
	union mf_value v, k;
	struct flow scratch;
	enum mf_id id;
	bool has_mask;
	size_t tlv;
	int err;

	err = oxm_decode_field(p + 4, len - 4, &id, &v, &k, &has_mask, &tlv);
	if (err)
		return set_field_error(err);
	if (OFPACT_ALIGN(4 + tlv) != len)
		return E_ACT(BAD_SET_LEN);
	if (has_mask)
		return E_ACT(BAD_SET_ARGUMENT);
	if (!mf_fields[id].settable)
		return E_ACT(BAD_SET_TYPE);
	if (id == MFF_VLAN_VID)
		v.be16 |= htons(OFPVID_PRESENT);
	memset(&scratch, 0, sizeof scratch);
	if (mf_set_flow(id, &v, &scratch))
		return E_ACT(BAD_SET_ARGUMENT);
	ofpact_put_set_field(out, id, &v);
	return 0;
}

/* A vendor/experimenter action: only Nicira resubmit is known. */
static int decode_vendor(const uint8_t *p, size_t len, struct buf *out)
{
	const struct nx_action_resubmit *nx = (const void *)p;
	struct ofpact_resubmit *r;
	uint16_t subtype;
	uint32_t port;

	/* Every action has at least 8 bytes: the vendor id is there. */
	if (ntohl(nx->vendor) != NX_VENDOR_ID)
		return E_ACT(BAD_EXPERIMENTER);
	if (len < 16)
		return E_ACT(BAD_LEN);
	subtype = ntohs(nx->subtype);
	if (subtype != NXAST_RESUBMIT && subtype != NXAST_RESUBMIT_TABLE)
		return E_ACT(BAD_EXP_TYPE);
	if (len != sizeof *nx)
		return E_ACT(BAD_LEN);
	port = ofp10_port_to_32(ntohs(nx->in_port));
	if (port == 0 || port == OFPP_ANY)
		return E_ACT(BAD_OUT_PORT);
	r = ofpact_put(out, OFPACT_RESUBMIT, sizeof *r);
	r->in_port = port;
	r->table_id = subtype == NXAST_RESUBMIT ? OFPTT_ALL : nx->table;
	return 0;
}

static void encode_vendor(const struct ofpact_resubmit *r, uint16_t port,
			  struct buf *b)
{
	struct nx_action_resubmit *nx = buf_put_zeros(b, sizeof *nx);

	nx->type = htons(0xffff);
	nx->len = htons(sizeof *nx);
	nx->vendor = htonl(NX_VENDOR_ID);
	nx->subtype = htons(r->table_id == OFPTT_ALL ? NXAST_RESUBMIT
			    : NXAST_RESUBMIT_TABLE);
	nx->in_port = htons(port);
	nx->table = r->table_id;
}

static int encode_resubmit(const struct ofpact *a, struct buf *b)
{
	const struct ofpact_resubmit *r = (const void *)a;
	uint16_t port;

	if (ofp10_port_from_32(r->in_port, &port))
		return E_ACT(BAD_OUT_PORT);
	encode_vendor(r, port, b);
	return 0;
}

static int decode_action13(uint16_t type, const uint8_t *p, size_t len,
			   struct buf *out)
{
	const struct ofp13_action_arg *arg = (const void *)p;
	const struct ofp13_action_output *o = (const void *)p;
	uint16_t eth = ntohs(arg->be16);

	switch (type) {
	case OFPAT_OUTPUT:
		if (len != sizeof *o)
			return E_ACT(BAD_LEN);
		if (!output_port_ok(ntohl(o->port)))
			return E_ACT(BAD_OUT_PORT);
		ofpact_put_output(out, ntohl(o->port), ntohs(o->max_len));
		return 0;
	case OFPAT_SET_FIELD:
		return decode_set_field(p, len, out);
	case OFPAT_EXPERIMENTER:
		return decode_vendor(p, len, out);
	}
	if (len != 8)
		return E_ACT(BAD_LEN);
	switch (type) {
	case OFPAT_COPY_TTL_OUT: ofpact_put(out, OFPACT_COPY_TTL_OUT, 8); break;
	case OFPAT_COPY_TTL_IN: ofpact_put(out, OFPACT_COPY_TTL_IN, 8); break;
	case OFPAT_DEC_MPLS_TTL: ofpact_put(out, OFPACT_DEC_MPLS_TTL, 8); break;
	case OFPAT_DEC_NW_TTL: ofpact_put(out, OFPACT_DEC_NW_TTL, 8); break;
	case OFPAT_POP_VLAN: ofpact_put(out, OFPACT_POP_VLAN, 8); break;
	case OFPAT_POP_PBB: ofpact_put(out, OFPACT_POP_PBB, 8); break;
	case OFPAT_SET_MPLS_TTL:
		ofpact_put_u32(out, OFPACT_SET_MPLS_TTL, arg->u8);
		break;
	case OFPAT_SET_NW_TTL:
		ofpact_put_u32(out, OFPACT_SET_NW_TTL, arg->u8);
		break;
	case OFPAT_PUSH_VLAN:
		if (eth != 0x8100 && eth != 0x88a8)
			return E_ACT(BAD_ARGUMENT);
		ofpact_put_u32(out, OFPACT_PUSH_VLAN, eth);
		break;
	case OFPAT_PUSH_MPLS:
		if (eth != 0x8847 && eth != 0x8848)
			return E_ACT(BAD_ARGUMENT);
		ofpact_put_u32(out, OFPACT_PUSH_MPLS, eth);
		break;
	case OFPAT_PUSH_PBB:
		if (eth != 0x88e7)
			return E_ACT(BAD_ARGUMENT);
		ofpact_put_u32(out, OFPACT_PUSH_PBB, eth);
		break;
	case OFPAT_POP_MPLS:
		ofpact_put_u32(out, OFPACT_POP_MPLS, eth);
		break;
	case OFPAT_SET_QUEUE:
		ofpact_put_u32(out, OFPACT_SET_QUEUE, ntohl(arg->be32));
		break;
	case OFPAT_GROUP:
		if (ntohl(arg->be32) > OFPG_MAX)
			return E_ACT(BAD_OUT_GROUP);
		ofpact_put_u32(out, OFPACT_GROUP, ntohl(arg->be32));
		break;
	default:
		return E_ACT(BAD_TYPE);
	}
	return 0;
}

static void put_sf_uint(struct buf *out, enum mf_id id, uint64_t x)
{
	union mf_value v;
	int i;

	memset(&v, 0, sizeof v);
	for (i = mf_fields[id].n_bytes - 1; i >= 0; i--, x >>= 8)
		v.b[i] = x;
	ofpact_put_set_field(out, id, &v);
}

static int decode_action10(uint16_t type, const uint8_t *p, size_t len,
			   struct buf *out)
{
	const struct ofp10_action_arg *arg = (const void *)p;
	const struct ofp10_action_output *o = (const void *)p;
	const struct ofp10_action_dl_addr *dl = (const void *)p;
	const struct ofp10_action_enqueue *eq = (const void *)p;
	struct ofpact_l4_port *l4;
	struct ofpact_enqueue *e;
	union mf_value v;
	size_t want;

	switch (type) {
	case OFPAT10_SET_DL_SRC:
	case OFPAT10_SET_DL_DST:
	case OFPAT10_ENQUEUE:
		want = 16;
		break;
	case OFPAT10_VENDOR:
		return decode_vendor(p, len, out);
	default:
		want = 8;
	}
	if (type <= OFPAT10_ENQUEUE && len != want)
		return E_ACT(BAD_LEN);
	switch (type) {
	case OFPAT10_OUTPUT: {
		uint32_t port = ofp10_port_to_32(ntohs(o->port));

		if (!output_port_ok(port))
			return E_ACT(BAD_OUT_PORT);
		ofpact_put_output(out, port, ntohs(o->max_len));
		break;
	}
	case OFPAT10_SET_VLAN_VID:
		if (ntohs(arg->be16) > 0xfff)
			return E_ACT(BAD_ARGUMENT);
		ofpact_put_u32(out, OFPACT_SET_VLAN_VID, ntohs(arg->be16));
		break;
	case OFPAT10_SET_VLAN_PCP:
		if (arg->u8 > 7)
			return E_ACT(BAD_ARGUMENT);
		ofpact_put_u32(out, OFPACT_SET_VLAN_PCP, arg->u8);
		break;
	case OFPAT10_STRIP_VLAN:
		ofpact_put(out, OFPACT_POP_VLAN, 8);
		break;
	case OFPAT10_SET_DL_SRC:
	case OFPAT10_SET_DL_DST:
		memset(&v, 0, sizeof v);
		memcpy(v.b, dl->dl_addr, 6);
		ofpact_put_set_field(out, type == OFPAT10_SET_DL_SRC ?
				     MFF_ETH_SRC : MFF_ETH_DST, &v);
		break;
	case OFPAT10_SET_NW_SRC:
	case OFPAT10_SET_NW_DST:
		put_sf_uint(out, type == OFPAT10_SET_NW_SRC ? MFF_IPV4_SRC
			    : MFF_IPV4_DST, ntohl(arg->be32));
		break;
	case OFPAT10_SET_NW_TOS:
		if (arg->u8 & 3)
			return E_ACT(BAD_ARGUMENT);
		put_sf_uint(out, MFF_IP_DSCP, arg->u8 >> 2);
		break;
	case OFPAT10_SET_TP_SRC:
	case OFPAT10_SET_TP_DST:
		l4 = ofpact_put(out, type == OFPAT10_SET_TP_SRC ?
				OFPACT_SET_L4_SRC : OFPACT_SET_L4_DST,
				sizeof *l4);
		l4->port = ntohs(arg->be16);
		break;
	case OFPAT10_ENQUEUE: {
		uint32_t port = ofp10_port_to_32(ntohs(eq->port));

		if (port != OFPP_IN_PORT && (port == 0 || port >= OFPP_MAX))
			return E_ACT(BAD_OUT_PORT);
		e = ofpact_put(out, OFPACT_ENQUEUE, sizeof *e);
		e->port = port;
		e->queue = ntohl(eq->queue_id);
		break;
	}
	default:
		return E_ACT(BAD_TYPE);
	}
	return 0;
}

int ofpacts_decode_actions(uint8_t version, const void *p, size_t len,
			   struct buf *out)
{
	struct rd r;
	size_t start = out->size;

	rd_init(&r, p, len);
	while (r.left) {
		const uint8_t *a = rd_peek(&r, 4);
		uint16_t type, alen;
		int err;

		if (!a) {
			out->size = start;
			return E_ACT(BAD_LEN);
		}
		type = (a[0] << 8) | a[1];
		alen = (a[2] << 8) | a[3];
		if (alen < 8 || alen % 8 || !rd_pull(&r, alen)) {
			out->size = start;
			return E_ACT(BAD_LEN);
		}
		err = version == OFP10_VERSION
		      ? decode_action10(type, a, alen, out)
		      : decode_action13(type, a, alen, out);
		if (err) {
			out->size = start;
			return err;
		}
	}
	return 0;
}

static const uint8_t inst_order[] = {
	OFPIT_APPLY_ACTIONS, OFPIT_METER, OFPIT_CLEAR_ACTIONS,
	OFPIT_WRITE_ACTIONS, OFPIT_WRITE_METADATA, OFPIT_GOTO_TABLE,
};

static int check_instruction(const uint8_t *p, uint16_t type, size_t len)
{
	const struct ofp13_instruction *in = (const void *)p;

	switch (type) {
	case OFPIT_GOTO_TABLE:
		if (len != 8)
			return E_INST(BAD_LEN);
		if (in->table_id > OFPTT_MAX)
			return E_INST(BAD_TABLE_ID);
		return 0;
	case OFPIT_METER:
		return len == 8 ? 0 : E_INST(BAD_LEN);
	case OFPIT_WRITE_METADATA:
		return len == 24 ? 0 : E_INST(BAD_LEN);
	case OFPIT_CLEAR_ACTIONS:
		return len == 8 ? 0 : E_INST(BAD_LEN);
	case OFPIT_WRITE_ACTIONS:
	case OFPIT_APPLY_ACTIONS:
		return 0;
	case OFPIT_EXPERIMENTER:
		return E_INST(BAD_EXPERIMENTER);
	default:
		return E_INST(UNKNOWN_INST);
	}
}

static int decode_instruction(const uint8_t *p, uint16_t type, size_t len,
			      struct buf *out)
{
	const struct ofp13_instruction *in = (const void *)p;
	const struct ofp13_instruction_write_metadata *wm = (const void *)p;
	struct ofpact_metadata *md;
	size_t ofs;
	int err;

	switch (type) {
	case OFPIT_GOTO_TABLE:
		ofpact_put_u32(out, OFPACT_GOTO_TABLE, in->table_id);
		break;
	case OFPIT_METER:
		ofpact_put_u32(out, OFPACT_METER, ntohl(in->meter_id));
		break;
	case OFPIT_WRITE_METADATA:
		md = ofpact_put(out, OFPACT_WRITE_METADATA, sizeof *md);
		md->metadata = ntohll(wm->metadata);
		md->mask = ntohll(wm->metadata_mask);
		break;
	case OFPIT_CLEAR_ACTIONS:
		ofpact_put(out, OFPACT_CLEAR_ACTIONS, 8);
		break;
	case OFPIT_APPLY_ACTIONS:
		return ofpacts_decode_actions(OFP13_VERSION, p + 8, len - 8,
					      out);
	case OFPIT_WRITE_ACTIONS:
		ofs = ofpact_nest_start(out, OFPACT_WRITE_ACTIONS);
		err = ofpacts_decode_actions(OFP13_VERSION, p + 8, len - 8,
					     out);
		if (err)
			return err;
		ofpact_nest_end(out, ofs);
		break;
	}
	return 0;
}

int ofpacts_decode_instructions(const void *p, size_t len, struct buf *out)
{
	const uint8_t *where[OFPIT_METER + 1] = { NULL };
	uint16_t lens[OFPIT_METER + 1] = { 0 };
	size_t start = out->size, i;
	struct rd r;
	int err;

	rd_init(&r, p, len);
	while (r.left) {
		const uint8_t *a = rd_peek(&r, 4);
		uint16_t type, ilen;

		if (!a)
			return E_INST(BAD_LEN);
		type = (a[0] << 8) | a[1];
		ilen = (a[2] << 8) | a[3];
		if (ilen < 8 || ilen % 8 || !rd_pull(&r, ilen))
			return E_INST(BAD_LEN);
		err = check_instruction(a, type, ilen);
		if (err)
			return err;
		/* OF1.3 allows each instruction type once per flow. */
		if (where[type])
			return E_INST(UNSUP_INST);
		where[type] = a;
		lens[type] = ilen;
	}
	for (i = 0; i < sizeof inst_order; i++) {
		uint8_t t = inst_order[i];

		if (!where[t])
			continue;
		err = decode_instruction(where[t], t, lens[t], out);
		if (err) {
			out->size = start;
			return err;
		}
	}
	return 0;
}

/* ---- Encoding. ---- */

static void put_arg13(struct buf *b, uint16_t type, int kind, uint32_t v)
{
	struct ofp13_action_arg *a = buf_put_zeros(b, sizeof *a);

	a->type = htons(type);
	a->len = htons(8);
	if (kind == 1)
		a->u8 = v;
	else if (kind == 2)
		a->be16 = htons(v);
	else if (kind == 4)
		a->be32 = htonl(v);
}

static void put_output13(struct buf *b, uint32_t port, uint16_t max_len)
{
	struct ofp13_action_output *o = buf_put_zeros(b, sizeof *o);

	o->type = htons(OFPAT_OUTPUT);
	o->len = htons(sizeof *o);
	o->port = htonl(port);
	o->max_len = htons(max_len);
}

static void put_set_field13(struct buf *b, enum mf_id id,
			    const union mf_value *v)
{
	size_t start = b->size;

	put_arg13(b, OFPAT_SET_FIELD, 0, 0);
	b->size = start + 4;
	oxm_encode_field(b, id, v, NULL);
	buf_pad8(b, start);
	put_be16_at(b, start + 2, b->size - start);
}

static int l4_field(const struct ofpact_l4_port *l4, enum mf_id *id)
{
	bool src = l4->a.type == OFPACT_SET_L4_SRC;

	switch (l4->ip_proto) {
	case 6: *id = src ? MFF_TCP_SRC : MFF_TCP_DST; return 0;
	case 17: *id = src ? MFF_UDP_SRC : MFF_UDP_DST; return 0;
	case 132: *id = src ? MFF_SCTP_SRC : MFF_SCTP_DST; return 0;
	}
	return E_ACT(MATCH_INCONSISTENT);
}

static int encode_action13(const struct ofpact *a, struct buf *b)
{
	const struct ofpact_u32 *u = (const void *)a;
	const struct ofpact_output *o = (const void *)a;
	const struct ofpact_enqueue *e = (const void *)a;
	const struct ofpact_set_field *sf = (const void *)a;
	const struct ofpact_l4_port *l4 = (const void *)a;
	union mf_value v;
	enum mf_id id;
	int err;

	switch ((enum ofpact_type)a->type) {
	case OFPACT_OUTPUT: put_output13(b, o->port, o->max_len); break;
	case OFPACT_ENQUEUE:
		put_arg13(b, OFPAT_SET_QUEUE, 4, e->queue);
		put_output13(b, e->port, 0);
		break;
	case OFPACT_GROUP: put_arg13(b, OFPAT_GROUP, 4, u->value); break;
	case OFPACT_SET_QUEUE: put_arg13(b, OFPAT_SET_QUEUE, 4, u->value); break;
	case OFPACT_SET_VLAN_VID:
		memset(&v, 0, sizeof v);
		v.be16 = htons(OFPVID_PRESENT | u->value);
		put_set_field13(b, MFF_VLAN_VID, &v);
		break;
	case OFPACT_SET_VLAN_PCP:
		memset(&v, 0, sizeof v);
		v.b[0] = u->value;
		put_set_field13(b, MFF_VLAN_PCP, &v);
		break;
	case OFPACT_POP_VLAN: put_arg13(b, OFPAT_POP_VLAN, 0, 0); break;
	case OFPACT_PUSH_VLAN: put_arg13(b, OFPAT_PUSH_VLAN, 2, u->value); break;
	case OFPACT_PUSH_MPLS: put_arg13(b, OFPAT_PUSH_MPLS, 2, u->value); break;
	case OFPACT_POP_MPLS: put_arg13(b, OFPAT_POP_MPLS, 2, u->value); break;
	case OFPACT_PUSH_PBB: put_arg13(b, OFPAT_PUSH_PBB, 2, u->value); break;
	case OFPACT_POP_PBB: put_arg13(b, OFPAT_POP_PBB, 0, 0); break;
	case OFPACT_SET_FIELD: put_set_field13(b, sf->field, &sf->value); break;
	case OFPACT_SET_L4_SRC:
	case OFPACT_SET_L4_DST:
		err = l4_field(l4, &id);
		if (err)
			return err;
		memset(&v, 0, sizeof v);
		v.be16 = htons(l4->port);
		put_set_field13(b, id, &v);
		break;
	case OFPACT_SET_NW_TTL: put_arg13(b, OFPAT_SET_NW_TTL, 1, u->value); break;
	case OFPACT_DEC_NW_TTL: put_arg13(b, OFPAT_DEC_NW_TTL, 0, 0); break;
	case OFPACT_SET_MPLS_TTL:
		put_arg13(b, OFPAT_SET_MPLS_TTL, 1, u->value);
		break;
	case OFPACT_DEC_MPLS_TTL: put_arg13(b, OFPAT_DEC_MPLS_TTL, 0, 0); break;
	case OFPACT_COPY_TTL_OUT: put_arg13(b, OFPAT_COPY_TTL_OUT, 0, 0); break;
	case OFPACT_COPY_TTL_IN: put_arg13(b, OFPAT_COPY_TTL_IN, 0, 0); break;
	case OFPACT_RESUBMIT: return encode_resubmit(a, b);
	default:
		return E_INST(UNSUP_INST);
	}
	return 0;
}

static void put_arg10(struct buf *b, uint16_t type, int kind, uint32_t v)
{
	struct ofp10_action_arg *a = buf_put_zeros(b, sizeof *a);

	a->type = htons(type);
	a->len = htons(8);
	if (kind == 1)
		a->u8 = v;
	else if (kind == 2)
		a->be16 = htons(v);
	else if (kind == 4)
		a->be32 = htonl(v);
}

static void put_dl10(struct buf *b, uint16_t type, const uint8_t *mac)
{
	struct ofp10_action_dl_addr *a = buf_put_zeros(b, sizeof *a);

	a->type = htons(type);
	a->len = htons(sizeof *a);
	memcpy(a->dl_addr, mac, 6);
}

static int encode_set_field10(const struct ofpact_set_field *sf,
			      struct buf *b)
{
	const union mf_value *v = &sf->value;

	switch (sf->field) {
	case MFF_ETH_SRC: put_dl10(b, OFPAT10_SET_DL_SRC, v->b); break;
	case MFF_ETH_DST: put_dl10(b, OFPAT10_SET_DL_DST, v->b); break;
	case MFF_IPV4_SRC:
		put_arg10(b, OFPAT10_SET_NW_SRC, 4, ntohl(v->be32));
		break;
	case MFF_IPV4_DST:
		put_arg10(b, OFPAT10_SET_NW_DST, 4, ntohl(v->be32));
		break;
	case MFF_IP_DSCP: put_arg10(b, OFPAT10_SET_NW_TOS, 1, v->b[0] << 2); break;
	case MFF_VLAN_VID:
		put_arg10(b, OFPAT10_SET_VLAN_VID, 2, ntohs(v->be16) & 0xfff);
		break;
	case MFF_VLAN_PCP: put_arg10(b, OFPAT10_SET_VLAN_PCP, 1, v->b[0]); break;
	case MFF_TCP_SRC: case MFF_UDP_SRC: case MFF_SCTP_SRC:
		put_arg10(b, OFPAT10_SET_TP_SRC, 2, ntohs(v->be16));
		break;
	case MFF_TCP_DST: case MFF_UDP_DST: case MFF_SCTP_DST:
		put_arg10(b, OFPAT10_SET_TP_DST, 2, ntohs(v->be16));
		break;
	default:
		return E_ACT(BAD_SET_TYPE);
	}
	return 0;
}

static int encode_action10(const struct ofpact *a, struct buf *b)
{
	const struct ofpact_u32 *u = (const void *)a;
	const struct ofpact_output *o = (const void *)a;
	const struct ofpact_enqueue *e = (const void *)a;
	const struct ofpact_l4_port *l4 = (const void *)a;
	struct ofp10_action_output *oo;
	struct ofp10_action_enqueue *oe;
	uint16_t port;

	switch ((enum ofpact_type)a->type) {
	case OFPACT_OUTPUT:
		if (ofp10_port_from_32(o->port, &port))
			return E_ACT(BAD_OUT_PORT);
		oo = buf_put_zeros(b, sizeof *oo);
		oo->type = htons(OFPAT10_OUTPUT);
		oo->len = htons(sizeof *oo);
		oo->port = htons(port);
		oo->max_len = htons(o->max_len);
		break;
	case OFPACT_ENQUEUE:
		if (ofp10_port_from_32(e->port, &port))
			return E_ACT(BAD_OUT_PORT);
		oe = buf_put_zeros(b, sizeof *oe);
		oe->type = htons(OFPAT10_ENQUEUE);
		oe->len = htons(sizeof *oe);
		oe->port = htons(port);
		oe->queue_id = htonl(e->queue);
		break;
	case OFPACT_SET_VLAN_VID:
		put_arg10(b, OFPAT10_SET_VLAN_VID, 2, u->value);
		break;
	case OFPACT_SET_VLAN_PCP:
		put_arg10(b, OFPAT10_SET_VLAN_PCP, 1, u->value);
		break;
	case OFPACT_POP_VLAN: put_arg10(b, OFPAT10_STRIP_VLAN, 0, 0); break;
	case OFPACT_SET_FIELD:
		return encode_set_field10((const void *)a, b);
	case OFPACT_SET_L4_SRC:
		put_arg10(b, OFPAT10_SET_TP_SRC, 2, l4->port);
		break;
	case OFPACT_SET_L4_DST:
		put_arg10(b, OFPAT10_SET_TP_DST, 2, l4->port);
		break;
	case OFPACT_RESUBMIT:
		return encode_resubmit(a, b);
	default:
		return ofpact_is_instruction(a->type) ? E_INST(UNSUP_INST)
						      : E_ACT(BAD_TYPE);
	}
	return 0;
}

int ofpacts_encode_actions(uint8_t version, const struct ofpact *ofpacts,
			   size_t len, struct buf *out)
{
	const struct ofpact *a;
	size_t start = out->size;

	OFPACT_FOR_EACH(a, ofpacts, len) {
		int err = version == OFP10_VERSION ? encode_action10(a, out)
						   : encode_action13(a, out);
		if (err) {
			out->size = start;
			return err;
		}
	}
	return 0;
}

static size_t inst_start(struct buf *b, uint16_t type)
{
	size_t ofs = b->size;
	struct ofp13_instruction *in = buf_put_zeros(b, sizeof *in);

	in->type = htons(type);
	in->len = htons(8);
	return ofs;
}

static void inst_end(struct buf *b, size_t ofs)
{
	put_be16_at(b, ofs + 2, b->size - ofs);
}

static int encode_instructions13(const struct ofpact *ofpacts, size_t len,
				 struct buf *out)
{
	const struct ofpact *a, *end = ofpact_end(ofpacts, len);
	const struct ofpact_u32 *u;
	const struct ofpact_metadata *md;
	struct ofp13_instruction_write_metadata *wm;
	size_t ofs, nlen;
	int err;

	/* The leading plain actions form one apply_actions. */
	for (a = ofpacts; a < end && !ofpact_is_instruction(a->type);)
		a = ofpact_next(a);
	if (a != ofpacts) {
		ofs = inst_start(out, OFPIT_APPLY_ACTIONS);
		err = ofpacts_encode_actions(OFP13_VERSION, ofpacts,
					     (const uint8_t *)a -
					     (const uint8_t *)ofpacts, out);
		if (err)
			return err;
		inst_end(out, ofs);
	}
	for (; a < end; a = ofpact_next(a)) {
		u = (const void *)a;
		switch (a->type) {
		case OFPACT_METER:
			ofs = inst_start(out, OFPIT_METER);
			((struct ofp13_instruction *)buf_ofs(out, ofs))->meter_id
				= htonl(u->value);
			break;
		case OFPACT_CLEAR_ACTIONS:
			inst_start(out, OFPIT_CLEAR_ACTIONS);
			break;
		case OFPACT_WRITE_ACTIONS: {
			const struct ofpact *n;

			n = ofpact_nest_actions((const void *)a, &nlen);
			ofs = inst_start(out, OFPIT_WRITE_ACTIONS);
			err = ofpacts_encode_actions(OFP13_VERSION, n, nlen,
						     out);
			if (err)
				return err;
			inst_end(out, ofs);
			break;
		}
		case OFPACT_WRITE_METADATA:
			md = (const void *)a;
			wm = buf_put_zeros(out, sizeof *wm);
			wm->type = htons(OFPIT_WRITE_METADATA);
			wm->len = htons(sizeof *wm);
			wm->metadata = htonll(md->metadata);
			wm->metadata_mask = htonll(md->mask);
			break;
		case OFPACT_GOTO_TABLE:
			ofs = inst_start(out, OFPIT_GOTO_TABLE);
			((struct ofp13_instruction *)buf_ofs(out, ofs))->table_id
				= u->value;
			break;
		default:
			return E_ACT(UNSUPPORTED_ORDER);
		}
	}
	return 0;
}

int ofpacts_encode_instructions(uint8_t version,
				const struct ofpact *ofpacts, size_t len,
				struct buf *out)
{
	size_t start = out->size;
	int err;

	if (version == OFP10_VERSION)
		return ofpacts_encode_actions(version, ofpacts, len, out);
	err = encode_instructions13(ofpacts, len, out);
	if (err)
		out->size = start;
	return err;
}

/* ---- Checks. ---- */

int ofpacts_verify(const struct ofpact *ofpacts, size_t len)
{
	const struct ofpact *a;
	int last = -1;

	OFPACT_FOR_EACH(a, ofpacts, len) {
		if (a->len < sizeof *a || a->len % 8 ||
		    (const uint8_t *)a + a->len > (const uint8_t *)ofpacts + len)
			return E_ACT(BAD_LEN);
		if (a->type >= OFPACT_N_TYPES)
			return E_ACT(BAD_TYPE);
		if (!ofpact_is_instruction(a->type)) {
			if (last >= 0)
				return E_ACT(UNSUPPORTED_ORDER);
			continue;
		}
		if (a->type <= last)
			return E_ACT(UNSUPPORTED_ORDER);
		last = a->type;
		if (a->type == OFPACT_WRITE_ACTIONS) {
			size_t nlen;
			const struct ofpact *n;
			const struct ofpact *i;

			n = ofpact_nest_actions((const void *)a, &nlen);
			OFPACT_FOR_EACH(i, n, nlen)
				if (ofpact_is_instruction(i->type))
					return E_ACT(UNSUPPORTED_ORDER);
		}
	}
	return 0;
}

static int check_one(struct ofpact *a, struct match *known,
		     uint8_t table_id)
{
	struct ofpact_u32 *u = (void *)a;
	struct ofpact_set_field *sf = (void *)a;
	struct ofpact_l4_port *l4 = (void *)a;
	union mf_value v;

	switch (a->type) {
	case OFPACT_SET_FIELD:
		if (!mf_prereqs_ok(sf->field, known))
			return E_ACT(MATCH_INCONSISTENT);
		mf_set(sf->field, &sf->value, NULL, known);
		break;
	case OFPACT_SET_L4_SRC:
	case OFPACT_SET_L4_DST:
		if (!mf_prereqs_ok(MFF_IP_PROTO, known) ||
		    !mf_is_exact(MFF_IP_PROTO, known))
			return E_ACT(MATCH_INCONSISTENT);
		l4->ip_proto = known->flow.dp.nw_proto;
		if (l4->ip_proto != 6 && l4->ip_proto != 17 &&
		    l4->ip_proto != 132)
			return E_ACT(MATCH_INCONSISTENT);
		break;
	case OFPACT_PUSH_VLAN:
	case OFPACT_SET_VLAN_VID:
	case OFPACT_SET_VLAN_PCP:
		memset(&v, 0, sizeof v);
		v.be16 = htons(OFPVID_PRESENT);
		mf_set(MFF_VLAN_VID, &v, &v, known);
		break;
	case OFPACT_POP_VLAN:
		known->mask.dp.vlan.tci = 0;
		known->flow.dp.vlan.tci = 0;
		break;
	case OFPACT_PUSH_MPLS:
	case OFPACT_POP_MPLS:
		known->flow.dp.eth_type = htons(u->value);
		known->mask.dp.eth_type = 0xffff;
		break;
	case OFPACT_GOTO_TABLE:
		if (u->value <= table_id || u->value > OFPTT_MAX)
			return E_INST(BAD_TABLE_ID);
		break;
	}
	return 0;
}

int ofpacts_check(struct ofpact *ofpacts, size_t len,
		  const struct match *match, uint8_t table_id)
{
	struct ofpact *a;
	struct match known = *match;
	int err = ofpacts_verify(ofpacts, len);

	if (err || !len)
		return err;
	for (a = ofpacts; (uint8_t *)a < (uint8_t *)ofpacts + len;
	     a = (struct ofpact *)((uint8_t *)a + a->len)) {
		if (a->type == OFPACT_WRITE_ACTIONS) {
			struct match inner = known;
			struct ofpact *n = (void *)(a + 1);
			size_t nlen = a->len - sizeof *a;
			struct ofpact *i;

			for (i = n; (uint8_t *)i < (uint8_t *)n + nlen;
			     i = (struct ofpact *)((uint8_t *)i + i->len)) {
				err = check_one(i, &inner, table_id);
				if (err)
					return err;
			}
			continue;
		}
		err = check_one(a, &known, table_id);
		if (err)
			return err;
	}
	return 0;
}

bool ofpacts_equal(const struct ofpact *a, size_t alen,
		   const struct ofpact *b, size_t blen)
{
	return alen == blen && (!alen || !memcmp(a, b, alen));
}

static bool output_to(const struct ofpact *ofpacts, size_t len,
		      uint32_t port, uint32_t group)
{
	const struct ofpact *a;

	OFPACT_FOR_EACH(a, ofpacts, len) {
		size_t nlen;
		const struct ofpact *n;

		switch (a->type) {
		case OFPACT_OUTPUT:
			if (((const struct ofpact_output *)a)->port == port)
				return true;
			break;
		case OFPACT_ENQUEUE:
			if (((const struct ofpact_enqueue *)a)->port == port)
				return true;
			break;
		case OFPACT_GROUP:
			if (((const struct ofpact_u32 *)a)->value == group)
				return true;
			break;
		case OFPACT_WRITE_ACTIONS:
			n = ofpact_nest_actions((const void *)a, &nlen);
			if (output_to(n, nlen, port, group))
				return true;
			break;
		}
	}
	return false;
}

bool ofpacts_output_to_port(const struct ofpact *ofpacts, size_t len,
			    uint32_t port)
{
	return port == OFPP_ANY || output_to(ofpacts, len, port, ~0u - 1);
}

bool ofpacts_output_to_group(const struct ofpact *ofpacts, size_t len,
			     uint32_t group)
{
	return group == OFPG_ANY || output_to(ofpacts, len, 0, group);
}
