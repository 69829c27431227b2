/*
 * libFuzzer target: the OpenFlow message decoders.  Any input must be
 * either rejected with an ofperr or decoded; whatever decodes is encoded
 * again in the same version (encoders must not crash either) and, for
 * flow mods, the re-encoded message must decode to the same flow.
 */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ofp-errors.h"
#include "ofp-group.h"
#include "ofp-mp.h"
#include "ofp-msgs.h"
#include "ofp-parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_flow_mod(const void *msg, uint8_t version)
{
	struct buf a = BUF_INITIALIZER, a2 = BUF_INITIALIZER;
	struct buf out = BUF_INITIALIZER;
	struct ofp_flow_mod fm, fm2;

	if (!ofp_decode_flow_mod(msg, &fm, &a)) {
		char *s = ofp_flow_mod_to_string(&fm);

		free(s);
		if (!ofp_encode_flow_mod(&out, version, 1, &fm)) {
			if (ofp_decode_flow_mod(out.data, &fm2, &a2) ||
			    !match_equal(&fm.match, &fm2.match) ||
			    fm.priority != fm2.priority ||
			    !ofpacts_equal(fm.ofpacts, fm.ofpacts_len,
					   fm2.ofpacts, fm2.ofpacts_len))
				abort();
		}
	}
	buf_uninit(&a);
	buf_uninit(&a2);
	buf_uninit(&out);
}

static void check_multipart(const void *msg)
{
	struct buf a = BUF_INITIALIZER, bk = BUF_INITIALIZER;
	struct ofp_flow_stats_request fsr;
	struct ofp_multipart mp;
	struct ofp_flow_stats fs;
	struct ofp_table_stats ts;
	struct ofp_port_stats ps;
	struct ofp_port_desc pd;
	struct ofp_group_stats gs;
	struct ofp_group_desc gd;
	struct ofp_table_features tf;
	struct ofp_desc_stats ds;
	struct ofp_aggregate_stats as;
	uint32_t u;
	int n = 0;

	if (ofp_decode_multipart(msg, &mp))
		return;
	if (!mp.reply) {
		switch (mp.type) {
		case OFPMP_FLOW:
		case OFPMP_AGGREGATE:
			ofp_decode_flow_stats_request(&mp, &fsr);
			break;
		case OFPMP_PORT_STATS:
			ofp_decode_port_stats_request(&mp, &u);
			break;
		case OFPMP_GROUP:
			ofp_decode_group_stats_request(&mp, &u);
			break;
		case OFPMP_TABLE_FEATURES:
			while (!ofp_decode_table_features_next(&mp, &tf) &&
			       n++ < 1000)
				;
			break;
		}
		return;
	}
	switch (mp.type) {
	case OFPMP_DESC:
		ofp_decode_desc_reply(&mp, &ds);
		break;
	case OFPMP_AGGREGATE:
		ofp_decode_aggregate_reply(&mp, &as);
		break;
	case OFPMP_FLOW:
		while (!ofp_decode_flow_stats_next(&mp, &fs, &a) && n++ < 1000)
			;
		break;
	case OFPMP_TABLE:
		while (!ofp_decode_table_stats_next(&mp, &ts) && n++ < 1000)
			;
		break;
	case OFPMP_PORT_STATS:
		while (!ofp_decode_port_stats_next(&mp, &ps) && n++ < 1000)
			;
		break;
	case OFPMP_PORT_DESC:
		while (!ofp_decode_port_desc_next(&mp, &pd) && n++ < 1000)
			;
		break;
	case OFPMP_GROUP:
		while (!ofp_decode_group_stats_next(&mp, &gs, &bk) &&
		       n++ < 1000)
			;
		break;
	case OFPMP_GROUP_DESC:
		while (!ofp_decode_group_desc_next(&mp, &gd, &bk, &a) &&
		       n++ < 1000)
			;
		break;
	case OFPMP_TABLE_FEATURES:
		while (!ofp_decode_table_features_next(&mp, &tf) && n++ < 1000)
			;
		break;
	}
	buf_uninit(&a);
	buf_uninit(&bk);
}

static void check_other(const void *msg, enum ofptype type, uint8_t version)
{
	struct buf a = BUF_INITIALIZER, b = BUF_INITIALIZER;
	struct buf out = BUF_INITIALIZER;
	union {
		struct ofp_error e;
		struct ofp_features f;
		struct ofp_switch_config_msg c;
		struct ofp_packet_in pin;
		struct ofp_packet_out po;
		struct ofp_flow_removed fr;
		struct ofp_port_status ps;
		struct ofp_port_mod pm;
		struct ofp_table_mod tm;
		struct ofp_role r;
		struct ofp_async_config ac;
		struct ofp_group_mod gm;
		struct ofp_meter_mod mm;
	} u;
	const uint8_t *data;
	uint32_t bm;
	size_t len;

	switch (type) {
	case OFPTYPE_HELLO:
		ofp_decode_hello(msg, &bm);
		break;
	case OFPTYPE_ERROR:
		ofp_decode_error(msg, &u.e);
		break;
	case OFPTYPE_ECHO_REQUEST:
		ofp_decode_echo(msg, &data, &len);
		ofp_encode_echo_reply(&out, msg);
		break;
	case OFPTYPE_FEATURES_REPLY:
		if (!ofp_decode_features_reply(msg, &u.f, &a))
			ofp_encode_features_reply(&out, version, 1, &u.f);
		break;
	case OFPTYPE_GET_CONFIG_REPLY:
	case OFPTYPE_SET_CONFIG:
		ofp_decode_switch_config(msg, &u.c);
		break;
	case OFPTYPE_PACKET_IN:
		if (!ofp_decode_packet_in(msg, &u.pin))
			ofp_encode_packet_in(&out, version, 1, &u.pin);
		break;
	case OFPTYPE_PACKET_OUT:
		if (!ofp_decode_packet_out(msg, &u.po, &a))
			ofp_encode_packet_out(&out, version, 1, &u.po);
		break;
	case OFPTYPE_FLOW_REMOVED:
		if (!ofp_decode_flow_removed(msg, &u.fr))
			ofp_encode_flow_removed(&out, version, 1, &u.fr);
		break;
	case OFPTYPE_PORT_STATUS:
		if (!ofp_decode_port_status(msg, &u.ps))
			ofp_encode_port_status(&out, version, 1, &u.ps);
		break;
	case OFPTYPE_PORT_MOD:
		ofp_decode_port_mod(msg, &u.pm);
		break;
	case OFPTYPE_TABLE_MOD:
		ofp_decode_table_mod(msg, &u.tm);
		break;
	case OFPTYPE_ROLE_REQUEST:
	case OFPTYPE_ROLE_REPLY:
		ofp_decode_role(msg, &u.r);
		break;
	case OFPTYPE_GET_ASYNC_REPLY:
	case OFPTYPE_SET_ASYNC:
		ofp_decode_async_config(msg, &u.ac);
		break;
	case OFPTYPE_GROUP_MOD:
		if (!ofp_decode_group_mod(msg, &u.gm, &b, &a))
			ofp_encode_group_mod(&out, version, 1, &u.gm);
		break;
	case OFPTYPE_QUEUE_GET_CONFIG_REQUEST:
		ofp_decode_queue_get_config_request(msg, &bm);
		break;
	case OFPTYPE_QUEUE_GET_CONFIG_REPLY:
		if (!ofp_decode_queue_get_config_reply(msg, &bm, &a, &len))
			ofp_encode_queue_get_config_reply(&out, version, 1, bm,
				(const void *)a.data, len);
		break;
	case OFPTYPE_METER_MOD:
		if (!ofp_decode_meter_mod(msg, &u.mm))
			ofp_encode_meter_mod(&out, version, 1, &u.mm);
		break;
	default:
		break;
	}
	buf_uninit(&a);
	buf_uninit(&b);
	buf_uninit(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = BUF_INITIALIZER;
	enum ofptype type;
	uint8_t *msg;
	int rc;

	/* A private copy so that reads past SIZE hit ASan's redzone. */
	msg = malloc(size ? size : 1);
	memcpy(msg, data, size);
	free(ofp_msg_to_string(msg, size));
	rc = ofp_decode_type(msg, size, &type);
	if (rc) {
		ofp_encode_error_reply(&err, rc, msg, size);
	} else if (type == OFPTYPE_FLOW_MOD) {
		check_flow_mod(msg, msg[0]);
	} else if (type == OFPTYPE_MULTIPART_REQUEST ||
		   type == OFPTYPE_MULTIPART_REPLY) {
		check_multipart(msg);
	} else {
		check_other(msg, type, msg[0]);
	}
	buf_uninit(&err);
	free(msg);
	return 0;
}
