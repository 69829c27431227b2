/* One-line summaries of OpenFlow messages, for logs and tools. */
#include <config.h>
#include "ofp-parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "ofp-errors.h"
#include "ofp-group.h"
#include "ofp-mp.h"
#include "util.h"

static void pf(struct buf *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void pf(struct buf *s, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	buf_reserve(s, n + 1);
	va_start(args, fmt);
	vsnprintf((char *)s->data + s->size, n + 1, fmt, args);
	va_end(args);
	s->size += n;
}

static void put_owned(struct buf *s, char *str)
{
	pf(s, "%s", str);
	free(str);
}

static const char *const commands[] = {
	"ADD", "MODIFY", "MODIFY_STRICT", "DELETE", "DELETE_STRICT",
};

static void print_flow_mod(struct buf *s, const void *msg)
{
	struct buf acts = BUF_INITIALIZER;
	struct ofp_flow_mod fm;
	int err = ofp_decode_flow_mod(msg, &fm, &acts);

	if (err) {
		pf(s, " (invalid: %s)", ofperr_to_string(err));
	} else {
		pf(s, " %s ", commands[fm.command]);
		put_owned(s, ofp_flow_mod_to_string(&fm));
	}
	buf_uninit(&acts);
}

static void print_packet_in(struct buf *s, const void *msg)
{
	static const char *const reasons[] = { "no_match", "action",
					       "invalid_ttl" };
	struct ofp_packet_in pin;
	int err = ofp_decode_packet_in(msg, &pin);

	if (err) {
		pf(s, " (invalid: %s)", ofperr_to_string(err));
		return;
	}
	pf(s, " total_len=%u ", pin.total_len);
	put_owned(s, ofp_match_to_string(&pin.match, 0x8000));
	pf(s, " (via %s) data_len=%zu", pin.reason < 3 ? reasons[pin.reason]
	   : "?", pin.data_len);
	if (pin.table_id || pin.cookie)
		pf(s, " table_id=%u cookie=0x%llx", pin.table_id,
		   (unsigned long long)pin.cookie);
	if (pin.buffer_id != OFP_NO_BUFFER)
		pf(s, " buffer=0x%08x", pin.buffer_id);
}

static void print_packet_out(struct buf *s, const void *msg)
{
	struct buf acts = BUF_INITIALIZER;
	struct ofp_packet_out po;
	char port[16];
	int err = ofp_decode_packet_out(msg, &po, &acts);

	if (err) {
		pf(s, " (invalid: %s)", ofperr_to_string(err));
	} else {
		ofp_port_to_string(po.in_port, port, sizeof port);
		pf(s, " in_port=%s actions=", port);
		put_owned(s, ofpacts_to_string(po.ofpacts, po.ofpacts_len));
		pf(s, " data_len=%zu", po.data_len);
	}
	buf_uninit(&acts);
}

static void print_error(struct buf *s, const void *msg)
{
	struct ofp_error e;

	if (!ofp_decode_error(msg, &e))
		pf(s, " %s (type %u code %u) data_len=%zu",
		   ofperr_to_string(e.err), e.type, e.code, e.data_len);
}

static void print_port_status(struct buf *s, const void *msg)
{
	static const char *const reasons[] = { "ADD", "DELETE", "MODIFY" };
	struct ofp_port_status ps;
	char port[16];

	if (ofp_decode_port_status(msg, &ps))
		return;
	ofp_port_to_string(ps.desc.port_no, port, sizeof port);
	pf(s, " %s %s(%s) config=0x%x state=0x%x",
	   ps.reason < 3 ? reasons[ps.reason] : "?", port, ps.desc.name,
	   ps.desc.config, ps.desc.state);
}

static void print_multipart(struct buf *s, const void *msg)
{
	static const char *const names[] = {
		"desc", "flow", "aggregate", "table", "port_stats", "queue",
		"group", "group_desc", "group_features", "meter",
		"meter_config", "meter_features", "table_features",
		"port_desc",
	};
	struct ofp_multipart mp;

	if (ofp_decode_multipart(msg, &mp))
		return;
	pf(s, " %s%s body_len=%zu", mp.type < ARRAY_SIZE(names)
	   ? names[mp.type] : "?", mp.flags & OFPMPF_MORE ? " (more)" : "",
	   mp.body_len);
}

char *ofp_msg_to_string(const void *msg, size_t len)
{
	const struct ofp_header *oh = msg;
	struct buf s = BUF_INITIALIZER;
	enum ofptype type;
	uint32_t bm;
	int err;

	pf(&s, "%s", "");
	err = ofp_decode_type(msg, len, &type);
	if (err) {
		pf(&s, "invalid message (%s)", ofperr_to_string(err));
		goto out;
	}
	pf(&s, "%s (OF%s) xid=0x%x:", ofptype_name(type),
	   oh->version == OFP10_VERSION ? "1.0" : oh->version ==
	   OFP13_VERSION ? "1.3" : "?", ofp_xid(msg));
	switch (type) {
	case OFPTYPE_HELLO:
		if (!ofp_decode_hello(msg, &bm))
			pf(&s, " versions=0x%x", bm);
		break;
	case OFPTYPE_ERROR:
		print_error(&s, msg);
		break;
	case OFPTYPE_FLOW_MOD:
		print_flow_mod(&s, msg);
		break;
	case OFPTYPE_PACKET_IN:
		print_packet_in(&s, msg);
		break;
	case OFPTYPE_PACKET_OUT:
		print_packet_out(&s, msg);
		break;
	case OFPTYPE_PORT_STATUS:
		print_port_status(&s, msg);
		break;
	case OFPTYPE_MULTIPART_REQUEST:
	case OFPTYPE_MULTIPART_REPLY:
		print_multipart(&s, msg);
		break;
	default:
		break;
	}
out:
	buf_put(&s, "", 1);
	return (char *)s.data;
}

char *ofp_port_desc_to_string(const struct ofp_port_desc *pd)
{
	static const struct { uint32_t bit; const char *name; } cfg[] = {
		{ OFPPC_PORT_DOWN, "PORT_DOWN" }, { OFPPC_NO_RECV, "NO_RECV" },
		{ OFPPC_NO_FWD, "NO_FWD" },
		{ OFPPC_NO_PACKET_IN, "NO_PACKET_IN" },
	}, st[] = {
		{ OFPPS_LINK_DOWN, "LINK_DOWN" }, { OFPPS_BLOCKED, "BLOCKED" },
		{ OFPPS_LIVE, "LIVE" },
	};
	struct buf s = BUF_INITIALIZER;
	char port[16];
	size_t i;

	ofp_port_to_string(pd->port_no, port, sizeof port);
	pf(&s, " %s(%s): addr:%02x:%02x:%02x:%02x:%02x:%02x config:", port,
	   pd->name, pd->hw_addr[0], pd->hw_addr[1], pd->hw_addr[2],
	   pd->hw_addr[3], pd->hw_addr[4], pd->hw_addr[5]);
	for (i = 0; i < ARRAY_SIZE(cfg); i++)
		if (pd->config & cfg[i].bit)
			pf(&s, " %s", cfg[i].name);
	if (!(pd->config & (OFPPC_PORT_DOWN | OFPPC_NO_RECV | OFPPC_NO_FWD |
			    OFPPC_NO_PACKET_IN)))
		pf(&s, " 0");
	pf(&s, " state:");
	for (i = 0; i < ARRAY_SIZE(st); i++)
		if (pd->state & st[i].bit)
			pf(&s, " %s", st[i].name);
	if (!(pd->state & (OFPPS_LINK_DOWN | OFPPS_BLOCKED | OFPPS_LIVE)))
		pf(&s, " 0");
	pf(&s, " speed: %u Mbps now, %u Mbps max", pd->curr_speed / 1000,
	   pd->max_speed / 1000);
	buf_put(&s, "", 1);
	return (char *)s.data;
}
