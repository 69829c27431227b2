/* Unit tests for lib/ofp-match.c: OXM and OF1.0 match codecs. */
#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "buf.h"
#include "ofp-errors.h"
#include "ofp-match.h"

static void set_u(struct match *m, enum mf_id id, uint64_t v)
{
	union mf_value val;
	int i, n = mf_fields[id].n_bytes;

	memset(&val, 0, sizeof val);
	for (i = n - 1; i >= 0; i--, v >>= 8)
		val.b[i] = v;
	assert_int_equal(mf_set(id, &val, NULL, m), 0);
}

static void set_um(struct match *m, enum mf_id id, uint64_t v, uint64_t k)
{
	union mf_value val, mask;
	int i, n = mf_fields[id].n_bytes;

	memset(&val, 0, sizeof val);
	memset(&mask, 0, sizeof mask);
	for (i = n - 1; i >= 0; i--, v >>= 8, k >>= 8) {
		val.b[i] = v;
		mask.b[i] = k;
	}
	assert_int_equal(mf_set(id, &val, &mask, m), 0);
}

static void roundtrip_oxm(const struct match *m)
{
	struct buf b = BUF_INITIALIZER;
	struct match back;
	size_t used;

	assert_int_equal(oxm_encode_match(&b, m), 0);
	assert_int_equal(b.size % 8, 0);
	assert_int_equal(oxm_decode_match(b.data, b.size, &back, &used), 0);
	assert_int_equal(used, b.size);
	assert_true(match_equal(&back, m));
	buf_uninit(&b);
}

static void test_oxm_roundtrip(void **state)
{
	struct match m;
	uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	union mf_value v;

	match_init_catchall(&m);
	roundtrip_oxm(&m);

	set_u(&m, MFF_IN_PORT, 7);
	set_um(&m, MFF_METADATA, 0x1234, 0xffff);
	set_um(&m, MFF_ETH_DST, 0x010000000000ULL, 0x010000000000ULL);
	set_u(&m, MFF_ETH_SRC, 0x0a0b0c0d0e0fULL);
	set_u(&m, MFF_ETH_TYPE, 0x0800);
	set_u(&m, MFF_VLAN_VID, OFPVID_PRESENT | 10);
	set_u(&m, MFF_VLAN_PCP, 5);
	set_u(&m, MFF_IP_DSCP, 46);
	set_u(&m, MFF_IP_ECN, 1);
	set_u(&m, MFF_IP_PROTO, 6);
	set_um(&m, MFF_IPV4_SRC, 0x0a000000, 0xffffff00);
	set_u(&m, MFF_IPV4_DST, 0xc0a80101);
	set_u(&m, MFF_TCP_SRC, 1234);
	set_u(&m, MFF_TCP_DST, 80);
	set_um(&m, MFF_TUNNEL_ID, 5, 0xff);
	roundtrip_oxm(&m);
	/* Field mapping onto struct flow. */
	assert_int_equal(m.flow.dp.nw_tos, (46 << 2) | 1);
	assert_int_equal(ntohs(m.flow.dp.vlan.tci), 0x1000 | (5 << 13) | 10);
	assert_int_equal(m.flow.dp.in_port, 7);

	match_init_catchall(&m);
	set_u(&m, MFF_ETH_TYPE, 0x86dd);
	memcpy(v.b, v6, 16);
	assert_int_equal(mf_set(MFF_IPV6_SRC, &v, NULL, &m), 0);
	set_um(&m, MFF_IPV6_LABEL, 0x12345, 0xfffff);
	set_u(&m, MFF_IP_PROTO, 58);
	set_u(&m, MFF_ICMPV6_TYPE, 135);
	set_u(&m, MFF_ICMPV6_CODE, 0);
	assert_int_equal(mf_set(MFF_ND_TARGET, &v, NULL, &m), 0);
	set_u(&m, MFF_ND_SLL, 0x020000000001ULL);
	set_um(&m, MFF_IPV6_EXTHDR, OFPIEH_FRAG, OFPIEH_FRAG);
	roundtrip_oxm(&m);
	assert_int_equal(ntohs(m.flow.dp.tp_src), 135);

	match_init_catchall(&m);
	set_u(&m, MFF_ETH_TYPE, 0x0806);
	set_u(&m, MFF_ARP_OP, 2);
	set_um(&m, MFF_ARP_SPA, 0x0a000001, 0xffffffff);
	set_u(&m, MFF_ARP_TPA, 0x0a000002);
	set_u(&m, MFF_ARP_SHA, 0x020000000002ULL);
	set_u(&m, MFF_ARP_THA, 0x020000000003ULL);
	roundtrip_oxm(&m);
	assert_int_equal(m.flow.dp.nw_proto, 2);

	match_init_catchall(&m);
	set_u(&m, MFF_ETH_TYPE, 0x8847);
	set_u(&m, MFF_MPLS_LABEL, 0xfffff);
	set_u(&m, MFF_MPLS_TC, 3);
	set_u(&m, MFF_MPLS_BOS, 1);
	roundtrip_oxm(&m);
	assert_int_equal(ntohl(m.flow.mpls_lse), 0xfffff000 | (3 << 9) | 0x100);

	match_init_catchall(&m);
	set_u(&m, MFF_ETH_TYPE, 0x88e7);
	set_um(&m, MFF_PBB_ISID, 0x123456, 0xffff00);
	roundtrip_oxm(&m);

	match_init_catchall(&m);
	set_u(&m, MFF_ETH_TYPE, 0x0800);
	set_u(&m, MFF_IP_PROTO, 1);
	set_u(&m, MFF_ICMPV4_TYPE, 8);
	set_u(&m, MFF_ICMPV4_CODE, 0);
	roundtrip_oxm(&m);
	set_u(&m, MFF_IP_PROTO, 17);	/* now tp_src means UDP */
	match_init_catchall(&m);
	set_u(&m, MFF_ETH_TYPE, 0x0800);
	set_u(&m, MFF_IP_PROTO, 132);
	set_u(&m, MFF_SCTP_DST, 9);
	roundtrip_oxm(&m);

	/* No VLAN tag, and "any tag". */
	match_init_catchall(&m);
	set_u(&m, MFF_VLAN_VID, OFPVID_NONE);
	roundtrip_oxm(&m);
	match_init_catchall(&m);
	set_um(&m, MFF_VLAN_VID, OFPVID_PRESENT, OFPVID_PRESENT);
	roundtrip_oxm(&m);
}

/* Builds "struct ofp_match" from raw OXM TLV bytes. */
static size_t mk_match(uint8_t *out, const uint8_t *tlvs, size_t n)
{
	size_t len = 4 + n;

	memset(out, 0, 256);
	out[1] = OFPMT_OXM;
	out[2] = len >> 8;
	out[3] = len;
	memcpy(out + 4, tlvs, n);
	return (len + 7) & ~7;
}

static int decode_tlvs(const uint8_t *tlvs, size_t n)
{
	uint8_t buf[256];
	struct match m;
	size_t used, len = mk_match(buf, tlvs, n);

	return oxm_decode_match(buf, len, &m, &used);
}

#define OXM(f, hm, l) 0x80, 0x00, ((f) << 1) | (hm), (l)

static void test_oxm_errors(void **state)
{
	/* TCP_DST without ETH_TYPE/IP_PROTO. */
	static const uint8_t prereq[] = { OXM(14, 0, 2), 0, 80 };
	/* IP_PROTO with ETH_TYPE ARP: wrong prerequisite value. */
	static const uint8_t prereq2[] = { OXM(5, 0, 2), 0x08, 0x06,
					   OXM(10, 0, 1), 6 };
	static const uint8_t dup[] = { OXM(5, 0, 2), 0x08, 0x00,
				       OXM(5, 0, 2), 0x08, 0x00 };
	static const uint8_t badlen[] = { OXM(5, 0, 3), 0x08, 0x00, 0 };
	static const uint8_t overrun[] = { OXM(3, 0, 6), 1, 2 };
	static const uint8_t badfield[] = { OXM(45, 0, 2), 0, 0 };
	static const uint8_t badclass[] = { 0x00, 0x01, 0x02, 0x04, 0, 0, 0, 1 };
	static const uint8_t badmask[] = { OXM(5, 1, 4), 8, 0, 0xff, 0xff };
	static const uint8_t badpcp[] = { OXM(6, 0, 2), 0x10, 0x01,
					  OXM(7, 0, 1), 8 };
	static const uint8_t baddscp[] = { OXM(5, 0, 2), 0x08, 0x00,
					   OXM(8, 0, 1), 64 };
	static const uint8_t badvid[] = { OXM(6, 0, 2), 0x20, 0x00 };
	static const uint8_t wild[] = { OXM(12, 1, 8), 10, 0, 0, 1,
					0xff, 0xff, 0xff, 0 };
	static const uint8_t badport[] = { OXM(0, 0, 4), 0, 0, 0, 0 };
	static const uint8_t phy_no_port[] = { OXM(1, 0, 4), 0, 0, 0, 1 };
	static const uint8_t pcp_no_vlan[] = { OXM(7, 0, 1), 1 };
	static const uint8_t nd_wrong_type[] = {
		OXM(5, 0, 2), 0x86, 0xdd, OXM(10, 0, 1), 58,
		OXM(29, 0, 1), 128, OXM(32, 0, 6), 1, 2, 3, 4, 5, 6 };
	uint8_t raw[16] = { 0, 0, 0, 4 };	/* OFPMT_STANDARD */
	struct match m;
	size_t used;

	assert_int_equal(decode_tlvs(prereq, sizeof prereq),
			 E_MATCH(BAD_PREREQ));
	assert_int_equal(decode_tlvs(prereq2, sizeof prereq2),
			 E_MATCH(BAD_PREREQ));
	assert_int_equal(decode_tlvs(dup, sizeof dup), E_MATCH(DUP_FIELD));
	assert_int_equal(decode_tlvs(badlen, sizeof badlen), E_MATCH(BAD_LEN));
	assert_int_equal(decode_tlvs(overrun, sizeof overrun),
			 E_MATCH(BAD_LEN));
	assert_int_equal(decode_tlvs(badfield, sizeof badfield),
			 E_MATCH(BAD_FIELD));
	assert_int_equal(decode_tlvs(badclass, sizeof badclass),
			 E_MATCH(BAD_FIELD));
	assert_int_equal(decode_tlvs(badmask, sizeof badmask),
			 E_MATCH(BAD_MASK));
	assert_int_equal(decode_tlvs(badpcp, sizeof badpcp),
			 E_MATCH(BAD_VALUE));
	assert_int_equal(decode_tlvs(baddscp, sizeof baddscp),
			 E_MATCH(BAD_VALUE));
	assert_int_equal(decode_tlvs(badvid, sizeof badvid),
			 E_MATCH(BAD_VALUE));
	assert_int_equal(decode_tlvs(wild, sizeof wild),
			 E_MATCH(BAD_WILDCARDS));
	assert_int_equal(decode_tlvs(badport, sizeof badport),
			 E_MATCH(BAD_VALUE));
	assert_int_equal(decode_tlvs(phy_no_port, sizeof phy_no_port),
			 E_MATCH(BAD_PREREQ));
	assert_int_equal(decode_tlvs(pcp_no_vlan, sizeof pcp_no_vlan),
			 E_MATCH(BAD_PREREQ));
	assert_int_equal(decode_tlvs(nd_wrong_type, sizeof nd_wrong_type),
			 E_MATCH(BAD_PREREQ));
	assert_int_equal(oxm_decode_match(raw, 8, &m, &used),
			 E_MATCH(BAD_TYPE));
	raw[1] = 1;
	raw[3] = 2;	/* length below the header */
	assert_int_equal(oxm_decode_match(raw, 8, &m, &used),
			 E_MATCH(BAD_LEN));
	raw[3] = 12;	/* padded length beyond the buffer */
	assert_int_equal(oxm_decode_match(raw, 8, &m, &used),
			 E_MATCH(BAD_LEN));
	assert_int_equal(oxm_decode_match(raw, 2, &m, &used),
			 E_MATCH(BAD_LEN));
}

static void test_oxm_unencodable(void **state)
{
	struct buf b = BUF_INITIALIZER;
	struct match m;

	/* nw_ttl has no OF1.3 basic OXM. */
	match_init_catchall(&m);
	set_u(&m, MFF_ETH_TYPE, 0x0800);
	set_u(&m, MFF_NW_TTL, 64);
	assert_int_equal(oxm_encode_match(&b, &m), E_MATCH(BAD_FIELD));
	assert_int_equal(b.size, 0);
	/* tp_src without a protocol cannot be named. */
	match_init_catchall(&m);
	m.flow.dp.tp_src = htons(80);
	m.mask.dp.tp_src = 0xffff;
	assert_int_equal(oxm_encode_match(&b, &m), E_MATCH(BAD_FIELD));
	buf_uninit(&b);
}

static void roundtrip10(const struct match *m)
{
	struct ofp10_match om;
	struct match back;

	assert_int_equal(ofp10_match_encode(m, &om), 0);
	ofp10_match_decode(&om, &back);
	assert_true(match_equal(&back, m));
}

static void test_ofp10_match(void **state)
{
	struct ofp10_match om;
	struct match m;
	uint8_t v6[16] = { 1 };
	union mf_value v;

	match_init_catchall(&m);
	roundtrip10(&m);
	ofp10_match_encode(&m, &om);
	assert_int_equal(ntohl(om.wildcards) | OFPFW10_NW_SRC_MASK |
			 OFPFW10_NW_DST_MASK, OFPFW10_ALL);
	assert_true(((ntohl(om.wildcards) & OFPFW10_NW_SRC_MASK) >>
		     OFPFW10_NW_SRC_SHIFT) >= 32);

	set_u(&m, MFF_IN_PORT, OFPP_LOCAL);
	set_u(&m, MFF_ETH_TYPE, 0x0800);
	set_u(&m, MFF_VLAN_VID, OFPVID_PRESENT | 100);
	set_u(&m, MFF_VLAN_PCP, 3);
	set_u(&m, MFF_ETH_SRC, 0x0a0b0c0d0e0fULL);
	set_u(&m, MFF_IP_DSCP, 10);
	set_u(&m, MFF_IP_PROTO, 17);
	set_um(&m, MFF_IPV4_SRC, 0x0a000000, 0xff000000);
	set_u(&m, MFF_IPV4_DST, 0x0a000001);
	set_u(&m, MFF_UDP_DST, 53);
	roundtrip10(&m);
	ofp10_match_encode(&m, &om);
	assert_int_equal(ntohs(om.in_port), 0xfffe);
	assert_int_equal(ntohs(om.dl_vlan), 100);
	assert_int_equal(om.nw_tos, 40);
	assert_int_equal((ntohl(om.wildcards) & OFPFW10_NW_SRC_MASK) >>
			 OFPFW10_NW_SRC_SHIFT, 24);

	match_init_catchall(&m);
	set_u(&m, MFF_VLAN_VID, OFPVID_NONE);
	roundtrip10(&m);
	ofp10_match_encode(&m, &om);
	assert_int_equal(ntohs(om.dl_vlan), OFP10_VLAN_NONE);

	/* Not expressible in OF1.0. */
	match_init_catchall(&m);
	set_u(&m, MFF_ETH_TYPE, 0x86dd);
	memcpy(v.b, v6, 16);
	mf_set(MFF_IPV6_SRC, &v, NULL, &m);
	assert_int_equal(ofp10_match_encode(&m, &om), E_MATCH(BAD_FIELD));
	match_init_catchall(&m);
	set_um(&m, MFF_ETH_DST, 0x010000000000ULL, 0x010000000000ULL);
	assert_int_equal(ofp10_match_encode(&m, &om), E_MATCH(BAD_FIELD));
	match_init_catchall(&m);
	set_u(&m, MFF_ETH_TYPE, 0x0800);
	set_um(&m, MFF_IPV4_SRC, 0x0a000001, 0xff00ff00);
	assert_int_equal(ofp10_match_encode(&m, &om), E_MATCH(BAD_FIELD));

	/* OF1.0 ignores L3 fields of non-IP packets. */
	memset(&om, 0, sizeof om);
	om.wildcards = htonl(OFPFW10_ALL & ~(OFPFW10_DL_TYPE |
					     OFPFW10_NW_PROTO));
	om.dl_type = htons(0x88cc);
	om.nw_proto = 6;
	ofp10_match_decode(&om, &m);
	assert_int_equal(m.mask.dp.nw_proto, 0);
	assert_int_equal(m.mask.dp.eth_type, 0xffff);
}

static void test_covered(void **state)
{
	struct match rule, pat;

	match_init_catchall(&pat);
	match_init_catchall(&rule);
	set_u(&rule, MFF_ETH_TYPE, 0x0800);
	set_u(&rule, MFF_IPV4_DST, 0x0a000005);
	assert_true(match_covered_by(&rule, &pat));
	set_u(&pat, MFF_ETH_TYPE, 0x0800);
	set_um(&pat, MFF_IPV4_DST, 0x0a000000, 0xffffff00);
	assert_true(match_covered_by(&rule, &pat));
	assert_false(match_covered_by(&pat, &rule));
	set_um(&pat, MFF_IPV4_DST, 0x0b000000, 0xffffff00);
	assert_false(match_covered_by(&rule, &pat));
	assert_true(match_equal(&rule, &rule));
	assert_false(match_equal(&rule, &pat));
}

static void test_names(void **state)
{
	assert_int_equal(mf_from_name("dl_src"), MFF_ETH_SRC);
	assert_int_equal(mf_from_name("eth_src"), MFF_ETH_SRC);
	assert_int_equal(mf_from_name("nw_dst"), MFF_IPV4_DST);
	assert_int_equal(mf_from_name("tun_id"), MFF_TUNNEL_ID);
	assert_int_equal(mf_from_name("bogus"), -1);
	assert_string_equal(ofperr_to_string(E_MATCH(BAD_PREREQ)),
			    "OFPET_BAD_MATCH/BAD_PREREQ");
	assert_string_equal(ofperr_to_string(E_GMOD(BAD_WATCH)),
			    "OFPET_GROUP_MOD_FAILED/BAD_WATCH");
	assert_string_equal(ofperr_to_string(OFPERR(OFPET_HELLO_FAILED,
						    OFPHFC_INCOMPATIBLE)),
			    "OFPET_HELLO_FAILED/INCOMPATIBLE");
	assert_string_equal(ofperr_to_string(OFPERR(OFPET_METER_MOD_FAILED,
						    99)),
			    "OFPET_METER_MOD_FAILED/99");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oxm_roundtrip),
		cmocka_unit_test(test_oxm_errors),
		cmocka_unit_test(test_oxm_unencodable),
		cmocka_unit_test(test_ofp10_match),
		cmocka_unit_test(test_covered),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
