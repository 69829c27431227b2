/* OpenFlow error names and OF1.0 <-> OF1.3 error numbering. */
#include <config.h>
#include "ofp-errors.h"

#include <stdio.h>

static const char *const type_names[] = {
	"OFPET_HELLO_FAILED", "OFPET_BAD_REQUEST", "OFPET_BAD_ACTION",
	"OFPET_BAD_INSTRUCTION", "OFPET_BAD_MATCH", "OFPET_FLOW_MOD_FAILED",
	"OFPET_GROUP_MOD_FAILED", "OFPET_PORT_MOD_FAILED",
	"OFPET_TABLE_MOD_FAILED", "OFPET_QUEUE_OP_FAILED",
	"OFPET_SWITCH_CONFIG_FAILED", "OFPET_ROLE_REQUEST_FAILED",
	"OFPET_METER_MOD_FAILED", "OFPET_TABLE_FEATURES_FAILED",
};

static const char *const req_codes[] = {
	"BAD_VERSION", "BAD_TYPE", "BAD_MULTIPART", "BAD_EXPERIMENTER",
	"BAD_EXP_TYPE", "EPERM", "BAD_LEN", "BUFFER_EMPTY", "BUFFER_UNKNOWN",
	"BAD_TABLE_ID", "IS_SLAVE", "BAD_PORT", "BAD_PACKET",
	"MULTIPART_BUFFER_OVERFLOW",
};

static const char *const act_codes[] = {
	"BAD_TYPE", "BAD_LEN", "BAD_EXPERIMENTER", "BAD_EXP_TYPE",
	"BAD_OUT_PORT", "BAD_ARGUMENT", "EPERM", "TOO_MANY", "BAD_QUEUE",
	"BAD_OUT_GROUP", "MATCH_INCONSISTENT", "UNSUPPORTED_ORDER", "BAD_TAG",
	"BAD_SET_TYPE", "BAD_SET_LEN", "BAD_SET_ARGUMENT",
};

static const char *const inst_codes[] = {
	"UNKNOWN_INST", "UNSUP_INST", "BAD_TABLE_ID", "UNSUP_METADATA",
	"UNSUP_METADATA_MASK", "BAD_EXPERIMENTER", "BAD_EXP_TYPE", "BAD_LEN",
	"EPERM",
};

static const char *const match_codes[] = {
	"BAD_TYPE", "BAD_LEN", "BAD_TAG", "BAD_DL_ADDR_MASK",
	"BAD_NW_ADDR_MASK", "BAD_WILDCARDS", "BAD_FIELD", "BAD_VALUE",
	"BAD_MASK", "BAD_PREREQ", "DUP_FIELD", "EPERM",
};

static const char *const fmod_codes[] = {
	"UNKNOWN", "TABLE_FULL", "BAD_TABLE_ID", "OVERLAP", "EPERM",
	"BAD_TIMEOUT", "BAD_COMMAND", "BAD_FLAGS",
};

static const char *const hello_codes[] = { "INCOMPATIBLE", "EPERM" };

static const char *const gmod_codes[] = {
	"GROUP_EXISTS", "INVALID_GROUP", "WEIGHT_UNSUPPORTED",
	"OUT_OF_GROUPS", "OUT_OF_BUCKETS", "CHAINING_UNSUPPORTED",
	"WATCH_UNSUPPORTED", "LOOP", "UNKNOWN_GROUP", "CHAINED_GROUP",
	"BAD_TYPE", "BAD_COMMAND", "BAD_BUCKET", "BAD_WATCH", "EPERM",
};

static const char *const pmod_codes[] = {
	"BAD_PORT", "BAD_HW_ADDR", "BAD_CONFIG", "BAD_ADVERTISE", "EPERM",
};

static const char *const tmod_codes[] = { "BAD_TABLE", "BAD_CONFIG",
					  "EPERM" };
static const char *const queue_codes[] = { "BAD_PORT", "BAD_QUEUE",
					   "EPERM" };
static const char *const config_codes[] = { "BAD_FLAGS", "BAD_LEN",
					    "EPERM" };
static const char *const role_codes[] = { "STALE", "UNSUP", "BAD_ROLE" };

static const char *const meter_codes[] = {
	"UNKNOWN", "METER_EXISTS", "INVALID_METER", "UNKNOWN_METER",
	"BAD_COMMAND", "BAD_FLAGS", "BAD_RATE", "BAD_BURST", "BAD_BAND",
	"BAD_BAND_VALUE", "OUT_OF_METERS", "OUT_OF_BANDS",
};

static const char *const tf_codes[] = {
	"BAD_TABLE", "BAD_METADATA", "BAD_TYPE", "BAD_LEN", "BAD_ARGUMENT",
	"EPERM",
};

const char *ofperr_to_string(int err)
{
	static __thread char s[80];
	const char *const *codes = NULL;
	size_t n = 0;
	int t = ofperr_type(err), c = ofperr_code(err);

#define CODES(a) (codes = (a), n = sizeof(a) / sizeof((a)[0]))
	switch (t) {
	case OFPET_BAD_REQUEST: CODES(req_codes); break;
	case OFPET_BAD_ACTION: CODES(act_codes); break;
	case OFPET_BAD_INSTRUCTION: CODES(inst_codes); break;
	case OFPET_BAD_MATCH: CODES(match_codes); break;
	case OFPET_FLOW_MOD_FAILED: CODES(fmod_codes); break;
	case OFPET_HELLO_FAILED: CODES(hello_codes); break;
	case OFPET_GROUP_MOD_FAILED: CODES(gmod_codes); break;
	case OFPET_PORT_MOD_FAILED: CODES(pmod_codes); break;
	case OFPET_TABLE_MOD_FAILED: CODES(tmod_codes); break;
	case OFPET_QUEUE_OP_FAILED: CODES(queue_codes); break;
	case OFPET_SWITCH_CONFIG_FAILED: CODES(config_codes); break;
	case OFPET_ROLE_REQUEST_FAILED: CODES(role_codes); break;
	case OFPET_METER_MOD_FAILED: CODES(meter_codes); break;
	case OFPET_TABLE_FEATURES_FAILED: CODES(tf_codes); break;
	}
#undef CODES
	if (!err)
		return "success";
	if ((size_t)t < sizeof type_names / sizeof type_names[0] && codes &&
	    (size_t)c < n)
		snprintf(s, sizeof s, "%s/%s", type_names[t], codes[c]);
	else if ((size_t)t < sizeof type_names / sizeof type_names[0])
		snprintf(s, sizeof s, "%s/%d", type_names[t], c);
	else
		snprintf(s, sizeof s, "OFPET_%d/%d", t, c);
	return s;
}

/* OF1.0 has no BAD_INSTRUCTION or BAD_MATCH types and fewer codes: map
 * to the nearest OF1.0 error. */
void ofperr_encode(int err, uint8_t version, uint16_t *type, uint16_t *code)
{
	int t = ofperr_type(err), c = ofperr_code(err);

	*type = t;
	*code = c;
	if (version != OFP10_VERSION)
		return;
	switch (t) {
	case OFPET_BAD_REQUEST:
		if (c > OFPBRC_BUFFER_UNKNOWN) {
			*code = OFPBRC_EPERM;
			if (c == OFPBRC_BAD_TABLE_ID || c == OFPBRC_BAD_PORT ||
			    c == OFPBRC_BAD_PACKET)
				*code = OFPBRC_BAD_LEN;
		}
		break;
	case OFPET_BAD_ACTION:
		if (c > OFPBAC_BAD_QUEUE)
			*code = c == OFPBAC_BAD_OUT_GROUP ? OFPBAC_BAD_OUT_PORT
							  : OFPBAC_BAD_ARGUMENT;
		break;
	case OFPET_BAD_INSTRUCTION:
		*type = OFPET_BAD_ACTION;
		*code = OFPBAC_BAD_TYPE;
		break;
	case OFPET_BAD_MATCH:
		*type = OFPET10_FLOW_MOD_FAILED;
		*code = OFPFMFC10_UNSUPPORTED;
		break;
	case OFPET_FLOW_MOD_FAILED:
		*type = OFPET10_FLOW_MOD_FAILED;
		switch (c) {
		case OFPFMFC_TABLE_FULL: *code = OFPFMFC10_ALL_TABLES_FULL; break;
		case OFPFMFC_OVERLAP: *code = OFPFMFC10_OVERLAP; break;
		case OFPFMFC_EPERM: *code = OFPFMFC10_EPERM; break;
		case OFPFMFC_BAD_COMMAND: *code = OFPFMFC10_BAD_COMMAND; break;
		default: *code = OFPFMFC10_UNSUPPORTED; break;
		}
		break;
	case OFPET_PORT_MOD_FAILED:
		*type = OFPET10_PORT_MOD_FAILED;
		if (c > OFPPMFC_BAD_HW_ADDR)
			*code = OFPPMFC_BAD_PORT;
		break;
	case OFPET_QUEUE_OP_FAILED:
		*type = OFPET10_QUEUE_OP_FAILED;
		break;
	case OFPET_HELLO_FAILED:
		break;
	default:
		*type = OFPET_BAD_REQUEST;
		*code = OFPBRC_EPERM;
		break;
	}
}

int ofperr_decode(uint8_t version, uint16_t type, uint16_t code)
{
	if (version == OFP10_VERSION) {
		switch (type) {
		case OFPET10_FLOW_MOD_FAILED: {
			static const uint8_t map[] = {
				OFPFMFC_TABLE_FULL, OFPFMFC_OVERLAP,
				OFPFMFC_EPERM, OFPFMFC_BAD_TIMEOUT,
				OFPFMFC_BAD_COMMAND, OFPFMFC_UNKNOWN,
			};
			return OFPERR(OFPET_FLOW_MOD_FAILED,
				      code < sizeof map ? map[code]
							: OFPFMFC_UNKNOWN);
		}
		case OFPET10_PORT_MOD_FAILED:
			return OFPERR(OFPET_PORT_MOD_FAILED, code);
		case OFPET10_QUEUE_OP_FAILED:
			return OFPERR(OFPET_QUEUE_OP_FAILED, code);
		}
	}
	return OFPERR(type & 0x3fff, code);
}
