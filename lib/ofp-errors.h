/*
 * OpenFlow errors as plain ints.  Every decoder returns 0 on success or
 * an "ofperr": OFPERR(type, code) with the OF1.3 type and code numbers
 * (openflow.h).  ofperr_encode() maps them to OF1.0 numbers when the
 * reply goes to an OF1.0 peer.
 */
#ifndef FSW_OFP_ERRORS_H
#define FSW_OFP_ERRORS_H 1

#include <stdint.h>
#include "openflow.h"

struct buf;

#define OFPERR_FLAG 0x40000000
#define OFPERR(type, code) (OFPERR_FLAG | ((type) << 16) | (code))
#define OFPERR_IS(e) (((e) & OFPERR_FLAG) != 0)

static inline int ofperr_type(int e) { return (e >> 16) & 0x3fff; }
static inline int ofperr_code(int e) { return e & 0xffff; }

#define E_REQ(c)	OFPERR(OFPET_BAD_REQUEST, OFPBRC_##c)
#define E_ACT(c)	OFPERR(OFPET_BAD_ACTION, OFPBAC_##c)
#define E_INST(c)	OFPERR(OFPET_BAD_INSTRUCTION, OFPBIC_##c)
#define E_MATCH(c)	OFPERR(OFPET_BAD_MATCH, OFPBMC_##c)
#define E_FMOD(c)	OFPERR(OFPET_FLOW_MOD_FAILED, OFPFMFC_##c)
#define E_GMOD(c)	OFPERR(OFPET_GROUP_MOD_FAILED, OFPGMFC_##c)
#define E_MMOD(c)	OFPERR(OFPET_METER_MOD_FAILED, OFPMMFC_##c)

/* "OFPET_BAD_MATCH/OFPBMC_BAD_PREREQ"-style name, for logs and tests. */
const char *ofperr_to_string(int err);

/* Type and code to put on the wire for VERSION. */
void ofperr_encode(int err, uint8_t version, uint16_t *type, uint16_t *code);
/* The inverse: an error as received from a VERSION peer. */
int ofperr_decode(uint8_t version, uint16_t type, uint16_t code);

#endif
