/*
 * genl-fuzz: the messages.  A small corpus of valid requests for each
 * family (built fresh, with random but consistent contents: flow keys
 * with matching masks, nested actions that fit the key, packets for
 * EXECUTE), mutations of them, and attribute soup.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/openvswitch.h>

#include "genl-fuzz.h"

/* ---- the corpus: valid requests, built fresh each time ---- */

#define N_UFIDS 8

/* What a flow key says about the packet, for actions that depend on it. */
struct shape {
	uint16_t eth_type;	/* host order; 0: none */
	uint8_t proto;
	uint8_t frag;		/* OVS_FRAG_TYPE_* */
	int vlan;		/* tags */
	int recirc;
};

static void put_ufid(struct attr *p, int valid)
{
	uint8_t u[17];
	int i, k = below(N_UFIDS), len = 16;

	for (i = 0; i < 17; i++)
		u[i] = (uint8_t)(k * 37 + i);
	if (!valid)
		len = chance(50) ? 17 : 1 + below(16);
	add_bytes(p, OVS_FLOW_ATTR_UFID, u, len);
}

static uint32_t some_port(void)
{
	static const uint32_t ports[] = { 0, 1, 2, 3, 7, 65534, 65535, 70000 };

	return chance(80) ? below(3) : ports[below(8)];
}

static void put_eth(struct attr *k)
{
	struct ovs_key_ethernet e = {
		.eth_src = { 2, 0, 0, 0, 0, 1 },
		.eth_dst = { 2, 0, 0, 0, 0, 2 },
	};

	if (chance(20))
		rnd_bytes((uint8_t *)&e, sizeof(e));
	add_bytes(k, OVS_KEY_ATTR_ETHERNET, &e, sizeof(e));
}

/* L3 and L4 attributes of a key (@mask: the matching mask). */
static void put_l3(struct attr *k, const struct shape *s, int mask)
{
	switch (s->eth_type) {
	case 0x0800: {
		struct ovs_key_ipv4 ip = {
			.ipv4_src = htonl(0x0a000001), .ipv4_dst = htonl(0x0a000002),
			.ipv4_proto = s->proto, .ipv4_tos = 0, .ipv4_ttl = 64,
			.ipv4_frag = s->frag,
		};

		if (mask) {
			memset(&ip, 0, sizeof(ip));
			ip.ipv4_dst = chance(50) ? 0xffffffffu : htonl(0xffffff00);
			ip.ipv4_proto = 0xff;
			ip.ipv4_frag = chance(50) ? 0xff : 0;
			ip.ipv4_ttl = chance(20) ? 0xff : 0;
		}
		add_bytes(k, OVS_KEY_ATTR_IPV4, &ip, sizeof(ip));
		break;
	}
	case 0x86dd: {
		struct ovs_key_ipv6 ip = {
			.ipv6_proto = s->proto, .ipv6_hlimit = 255,
			.ipv6_frag = s->frag,
		};

		ip.ipv6_src[0] = htonl(0xfe800000);
		ip.ipv6_dst[3] = htonl(2);
		if (mask) {
			memset(&ip, 0, sizeof(ip));
			memset(ip.ipv6_dst, 0xff, 16);
			ip.ipv6_proto = 0xff;
			ip.ipv6_label = chance(50) ? htonl(0xfffff) : 0;
		}
		add_bytes(k, OVS_KEY_ATTR_IPV6, &ip, sizeof(ip));
		break;
	}
	case 0x0806: {
		struct ovs_key_arp arp = {
			.arp_sip = htonl(0x0a000001), .arp_tip = htonl(0x0a000002),
			.arp_op = htons(1),
		};

		if (mask)
			memset(&arp, 0xff, sizeof(arp));
		add_bytes(k, OVS_KEY_ATTR_ARP, &arp, sizeof(arp));
		return;
	}
	default:
		return;
	}
	if (s->frag == OVS_FRAG_TYPE_LATER && !mask)
		return;
	switch (s->proto) {
	case IPPROTO_TCP: {
		struct ovs_key_tcp t = { htons(1234), htons(80) };

		if (mask)
			t.tcp_src = 0, t.tcp_dst = 0xffff;
		add_bytes(k, OVS_KEY_ATTR_TCP, &t, sizeof(t));
		if (chance(50))
			add_u16(k, OVS_KEY_ATTR_TCP_FLAGS,
				mask ? htons(0x0fff) : htons(0x002));
		break;
	}
	case IPPROTO_UDP: {
		struct ovs_key_udp u = { htons(53), htons(5353) };

		if (mask)
			memset(&u, 0xff, sizeof(u));
		add_bytes(k, OVS_KEY_ATTR_UDP, &u, sizeof(u));
		break;
	}
	case IPPROTO_ICMP: {
		struct ovs_key_icmp ic = { 8, 0 };

		if (mask)
			memset(&ic, 0xff, sizeof(ic));
		add_bytes(k, OVS_KEY_ATTR_ICMP, &ic, sizeof(ic));
		break;
	}
	case IPPROTO_ICMPV6: {
		struct ovs_key_icmpv6 ic = { 135, 0 };
		struct ovs_key_nd nd = { .nd_sll = { 2, 0, 0, 0, 0, 1 } };

		if (mask) {
			memset(&ic, 0xff, sizeof(ic));
			memset(&nd, 0xff, sizeof(nd));
		}
		add_bytes(k, OVS_KEY_ATTR_ICMPV6, &ic, sizeof(ic));
		if (chance(70))
			add_bytes(k, OVS_KEY_ATTR_ND, &nd, sizeof(nd));
		break;
	}
	case IPPROTO_SCTP: {
		struct ovs_key_sctp sc = { htons(1), htons(2) };

		if (mask)
			memset(&sc, 0xff, sizeof(sc));
		add_bytes(k, OVS_KEY_ATTR_SCTP, &sc, sizeof(sc));
		break;
	}
	}
}

static void pick_shape(struct shape *s)
{
	static const uint8_t v4[] = { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP,
				      IPPROTO_SCTP, 47 };
	static const uint8_t v6[] = { IPPROTO_ICMPV6, IPPROTO_TCP,
				      IPPROTO_UDP };

	memset(s, 0, sizeof(*s));
	switch (below(6)) {
	case 0:
		s->eth_type = 0x0806;
		break;
	case 1: case 2: case 3:
		s->eth_type = 0x0800;
		s->proto = v4[below(sizeof(v4))];
		break;
	case 4:
		s->eth_type = 0x86dd;
		s->proto = v6[below(sizeof(v6))];
		break;
	default:
		s->eth_type = chance(50) ? 0x88cc : 0;
	}
	if (chance(10))
		s->frag = 1 + below(2);
	if (chance(15))
		s->vlan = 1 + below(2);
	s->recirc = chance(15) ? 1 + below(3) : 0;
}

/* Key (or mask) attributes for @s into @k. */
static void put_key(struct attr *k, const struct shape *s, int mask,
		    uint32_t in_port)
{
	struct attr *inner = k;
	int t;

	if (chance(30))
		add_u32(k, OVS_KEY_ATTR_PRIORITY, mask ? 0xffffffff : below(8));
	add_u32(k, OVS_KEY_ATTR_IN_PORT, mask ? 0xffffffff : in_port);
	if (s->recirc)
		add_u32(k, OVS_KEY_ATTR_RECIRC_ID, mask ? 0xffffffffu : (uint32_t)s->recirc);
	if (chance(20))
		add_u32(k, OVS_KEY_ATTR_SKB_MARK, mask ? 0xff : below(4));
	if (chance(10))
		add_u32(k, OVS_KEY_ATTR_DP_HASH, mask ? 0xf : below(16));
	if (chance(90))
		put_eth(k);
	for (t = 0; t < s->vlan; t++) {
		add_u16(inner, OVS_KEY_ATTR_ETHERTYPE, mask ? 0xffff :
			htons(t == 0 && s->vlan == 2 ? 0x88a8 : 0x8100));
		add_u16(inner, OVS_KEY_ATTR_VLAN, mask ? htons(0xffff) :
			htons(0x1000 | (10 + t)));
		inner = add_nest(inner, OVS_KEY_ATTR_ENCAP);
	}
	if (s->eth_type)
		add_u16(inner, OVS_KEY_ATTR_ETHERTYPE,
			mask ? 0xffff : htons(s->eth_type));
	put_l3(inner, s, mask);
	if (chance(5))	/* zero conntrack fields are accepted */
		add_u32(k, OVS_KEY_ATTR_CT_STATE, 0);
}

static void put_actions(struct attr *acts, const struct shape *s, int depth);

static void put_set(struct attr *acts, const struct shape *s, int masked)
{
	struct attr *set = add_nest(acts, masked ? OVS_ACTION_ATTR_SET_MASKED :
				    OVS_ACTION_ATTR_SET);
	uint8_t buf[2 * sizeof(struct ovs_key_ipv6)];
	int n = 0, type;

	memset(buf, 0, sizeof(buf));
	switch (below(5)) {
	case 0:
		type = OVS_KEY_ATTR_ETHERNET;
		n = sizeof(struct ovs_key_ethernet);
		rnd_bytes(buf, 2 * n);
		break;
	case 1:
		if (s->eth_type == 0x0800) {
			struct ovs_key_ipv4 *ip = (void *)buf;

			type = OVS_KEY_ATTR_IPV4;
			n = sizeof(*ip);
			ip[0].ipv4_src = htonl(0x0a000009);
			ip[0].ipv4_dst = htonl(0x0a000002);
			ip[0].ipv4_ttl = 33;
			ip[0].ipv4_tos = 4;
			ip[0].ipv4_proto = s->proto;
			ip[0].ipv4_frag = s->frag;
			memset(&ip[1], 0xff, sizeof(*ip));
			ip[1].ipv4_proto = ip[1].ipv4_frag = 0;
			break;
		} else if (s->eth_type == 0x86dd) {
			struct ovs_key_ipv6 *ip = (void *)buf;

			type = OVS_KEY_ATTR_IPV6;
			n = sizeof(*ip);
			rnd_bytes(buf, 2 * n);
			ip[0].ipv6_label &= htonl(0xfffff);
			ip[0].ipv6_proto = s->proto;
			ip[1].ipv6_label &= htonl(0xfffff);
			ip[1].ipv6_proto = ip[1].ipv6_frag = 0;
			break;
		}
		/* fall through */
	case 2:
		if (s->proto == IPPROTO_TCP || s->proto == IPPROTO_UDP) {
			type = s->proto == IPPROTO_TCP ? OVS_KEY_ATTR_TCP :
			       OVS_KEY_ATTR_UDP;
			n = 4;
			rnd_bytes(buf, 8);
			break;
		}
		/* fall through */
	case 3:
		type = OVS_KEY_ATTR_SKB_MARK;
		n = 4;
		rnd_bytes(buf, 8);
		break;
	default:
		type = OVS_KEY_ATTR_PRIORITY;
		n = 4;
		rnd_bytes(buf, 8);
	}
	add_bytes(set, type, buf, masked ? 2 * n : n);
}

static void put_action(struct attr *acts, const struct shape *s, int depth)
{
	switch (below(depth < 4 ? 15 : 11)) {
	case 0: case 1: case 2:
		add_u32(acts, OVS_ACTION_ATTR_OUTPUT, some_port());
		break;
	case 3: {
		struct attr *u = add_nest(acts, OVS_ACTION_ATTR_USERSPACE);
		uint8_t cookie[24];

		add_u32(u, OVS_USERSPACE_ATTR_PID, chance(80) ? up_pid : rnd());
		if (chance(60)) {
			rnd_bytes(cookie, sizeof(cookie));
			add_bytes(u, OVS_USERSPACE_ATTR_USERDATA, cookie,
				  below(sizeof(cookie) + 1));
		}
		if (chance(20))
			add_bytes(u, OVS_USERSPACE_ATTR_ACTIONS, NULL, 0);
		if (chance(10))
			add_u32(u, OVS_USERSPACE_ATTR_EGRESS_TUN_PORT, 1);
		break;
	}
	case 4:
		put_set(acts, s, 0);
		break;
	case 5:
		put_set(acts, s, 1);
		break;
	case 6: {
		struct ovs_action_push_vlan v = {
			htons(chance(70) ? 0x8100 : 0x88a8),
			htons(0x1000 | below(4096)),
		};

		add_bytes(acts, OVS_ACTION_ATTR_PUSH_VLAN, &v, sizeof(v));
		break;
	}
	case 7:
		add_bytes(acts, OVS_ACTION_ATTR_POP_VLAN, NULL, 0);
		break;
	case 8: {
		struct ovs_action_trunc t = { 14 + below(100) };

		add_bytes(acts, OVS_ACTION_ATTR_TRUNC, &t, sizeof(t));
		break;
	}
	case 9: {
		struct ovs_action_hash h = { OVS_HASH_ALG_L4, rnd() };

		if (chance(50))
			add_bytes(acts, OVS_ACTION_ATTR_HASH, &h, sizeof(h));
		else
			add_bytes(acts, OVS_ACTION_ATTR_CT_CLEAR, NULL, 0);
		break;
	}
	case 10:
		add_u32(acts, OVS_ACTION_ATTR_RECIRC, 1 + below(3));
		break;
	case 11: case 12: {
		struct attr *smp = add_nest(acts, OVS_ACTION_ATTR_SAMPLE);

		add_u32(smp, OVS_SAMPLE_ATTR_PROBABILITY,
			chance(50) ? 0xffffffff : rnd());
		put_actions(add_nest(smp, OVS_SAMPLE_ATTR_ACTIONS), s,
			    depth + 1);
		break;
	}
	default:
		put_actions(add_nest(acts, OVS_ACTION_ATTR_CLONE), s,
			    depth + 1);
	}
}

static void put_actions(struct attr *acts, const struct shape *s, int depth)
{
	int i, n = 1 + below(4);

	for (i = 0; i < n; i++)
		put_action(acts, s, depth);
}

/* An Ethernet frame of @s (EXECUTE's packet). */
static int build_packet(uint8_t *p, const struct shape *s)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
	int len = 12, l3, i;

	if (chance(8)) {	/* any bytes at all */
		len = 14 + below(200);
		rnd_bytes(p, len);
		return len;
	}
	memcpy(p, macs, 12);
	for (i = 0; i < s->vlan; i++) {
		p[len++] = i == 0 && s->vlan == 2 ? 0x88 : 0x81;
		p[len++] = i == 0 && s->vlan == 2 ? 0xa8 : 0x00;
		p[len++] = 0;
		p[len++] = 10 + i;
	}
	p[len++] = s->eth_type >> 8;
	p[len++] = s->eth_type & 0xff;
	l3 = len;
	switch (s->eth_type) {
	case 0x0800:
		memset(p + len, 0, 20);
		p[len] = 0x45;
		p[len + 3] = 48;
		p[len + 6] = s->frag == 2 ? 0x00 : s->frag ? 0x20 : 0;
		p[len + 7] = s->frag == 2 ? 0x10 : 0;
		p[len + 8] = 64;
		p[len + 9] = s->proto;
		p[len + 12] = 10, p[len + 15] = 1;
		p[len + 16] = 10, p[len + 19] = 2;
		len += 20;
		break;
	case 0x86dd:
		memset(p + len, 0, 40);
		p[len] = 0x60;
		p[len + 5] = 28;
		p[len + 6] = s->frag ? 44 : s->proto;
		p[len + 7] = 255;
		p[len + 8] = 0xfe, p[len + 9] = 0x80;
		p[len + 39] = 2;
		len += 40;
		if (s->frag) {
			memset(p + len, 0, 8);
			p[len] = s->proto;
			p[len + 3] = s->frag == 2 ? 0x08 : 1;
			len += 8;
		}
		break;
	case 0x0806:
		memcpy(p + len, "\x00\x01\x08\x00\x06\x04\x00\x01", 8);
		memcpy(p + len + 8, macs + 6, 6);
		memcpy(p + len + 14, "\x0a\x00\x00\x01", 4);
		memset(p + len + 18, 0, 6);
		memcpy(p + len + 24, "\x0a\x00\x00\x02", 4);
		return len + 28;
	default:
		rnd_bytes(p + len, 30);
		return len + 30;
	}
	/* 28 bytes of L4: enough for any header we parse, ND included. */
	rnd_bytes(p + len, 28);
	switch (s->proto) {
	case IPPROTO_TCP:
		p[len + 12] = 0x50;
		break;
	case IPPROTO_ICMPV6:
		p[len] = 135;
		p[len + 1] = 0;
		p[len + 24] = 1;	/* source link-layer option */
		p[len + 25] = chance(80) ? 1 : below(4);
		break;
	case IPPROTO_ICMP:
		p[len] = 8;
		p[len + 1] = 0;
		break;
	}
	len += 28;
	if (chance(10))
		len = l3 + below(len - l3);	/* truncated headers */
	return len;
}

static int32_t pick_ifindex(void)
{
	if (chance(90))
		return main_ifindex;
	return chance(50) ? 0 : 1000000 + below(1000);
}

static void gen_dp(struct msg *m)
{
	char name[IFNAMSIZ];
	int cmd = 1 + below(4);

	msg_init(m, F_DP, cmd, pick_ifindex());
	snprintf(name, sizeof(name), "fzd%u", below(4));
	switch (cmd) {
	case OVS_DP_CMD_NEW:
		m->dp_ifindex = 0;
		add_str(&m->root, OVS_DP_ATTR_NAME, name);
		add_u32(&m->root, OVS_DP_ATTR_UPCALL_PID, up_pid);
		if (chance(50))
			add_u32(&m->root, OVS_DP_ATTR_USER_FEATURES,
				below(16));
		if (chance(20)) {
			uint32_t pids[4] = { up_pid, up_pid, 0, rnd() };

			add_bytes(&m->root, OVS_DP_ATTR_PER_CPU_PIDS, pids,
				  4 * (1 + below(4)));
		}
		if (chance(10))
			add_u32(&m->root, OVS_DP_ATTR_IFINDEX,
				5000 + below(10));
		break;
	case OVS_DP_CMD_DEL:
		if (chance(80)) {
			m->dp_ifindex = 0;
			add_str(&m->root, OVS_DP_ATTR_NAME, name);
		}
		break;
	case OVS_DP_CMD_GET:
		if (chance(30))
			m->flags |= NLM_F_DUMP;
		else if (chance(50))
			add_str(&m->root, OVS_DP_ATTR_NAME,
				chance(50) ? main_dp : name);
		break;
	case OVS_DP_CMD_SET:
		if (chance(60))
			add_u32(&m->root, OVS_DP_ATTR_USER_FEATURES,
				chance(80) ? below(16) : rnd());
		if (chance(40))
			add_u32(&m->root, OVS_DP_ATTR_UPCALL_PID, up_pid);
		if (chance(30)) {
			uint32_t pids[4] = { up_pid, up_pid, up_pid, up_pid };

			add_bytes(&m->root, OVS_DP_ATTR_PER_CPU_PIDS, pids,
				  4 * (1 + below(4)));
		}
		break;
	}
}

static void gen_vport(struct msg *m)
{
	char name[IFNAMSIZ];
	int cmd = 1 + below(4);
	uint32_t pids[4] = { up_pid, up_pid, 0, up_pid };

	msg_init(m, F_VPORT, cmd, pick_ifindex());
	snprintf(name, sizeof(name), "fzi%u", below(6));
	switch (cmd) {
	case OVS_VPORT_CMD_NEW:
		if (veth && chance(25)) {
			add_str(&m->root, OVS_VPORT_ATTR_NAME, veth);
			add_u32(&m->root, OVS_VPORT_ATTR_TYPE,
				OVS_VPORT_TYPE_NETDEV);
		} else {
			add_str(&m->root, OVS_VPORT_ATTR_NAME, name);
			add_u32(&m->root, OVS_VPORT_ATTR_TYPE, chance(90) ?
				OVS_VPORT_TYPE_INTERNAL : below(7));
		}
		add_bytes(&m->root, OVS_VPORT_ATTR_UPCALL_PID, pids,
			  4 * (1 + below(4)));
		if (chance(40))
			add_u32(&m->root, OVS_VPORT_ATTR_PORT_NO, 2 + below(6));
		if (chance(10))
			add_bytes(&m->root, OVS_VPORT_ATTR_OPTIONS, NULL, 0);
		break;
	case OVS_VPORT_CMD_DEL:
	case OVS_VPORT_CMD_SET:
	case OVS_VPORT_CMD_GET:
		if (cmd == OVS_VPORT_CMD_GET && chance(30)) {
			m->flags |= NLM_F_DUMP;
			break;
		}
		if (chance(50))
			add_str(&m->root, OVS_VPORT_ATTR_NAME,
				chance(30) && veth ? veth : name);
		else
			add_u32(&m->root, OVS_VPORT_ATTR_PORT_NO,
				cmd == OVS_VPORT_CMD_DEL ? 2 + below(6) :
				below(8));
		if (cmd == OVS_VPORT_CMD_SET) {
			if (chance(70))
				add_bytes(&m->root, OVS_VPORT_ATTR_UPCALL_PID,
					  pids, 4 * (1 + below(4)));
			if (chance(30))
				add_u32(&m->root, OVS_VPORT_ATTR_TYPE,
					OVS_VPORT_TYPE_INTERNAL);
		}
		break;
	}
}

static void gen_flow(struct msg *m)
{
	struct shape s;
	int cmd = below(10);
	uint32_t in_port = some_port() % 4;

	pick_shape(&s);
	/* NEW most often: the other commands need flows to find. */
	cmd = cmd < 5 ? OVS_FLOW_CMD_NEW : cmd < 6 ? OVS_FLOW_CMD_SET :
	      cmd < 8 ? OVS_FLOW_CMD_GET : OVS_FLOW_CMD_DEL;
	msg_init(m, F_FLOW, cmd, pick_ifindex());
	if (cmd == OVS_FLOW_CMD_GET && chance(30)) {
		m->flags |= NLM_F_DUMP;
		if (chance(50))
			add_u32(&m->root, OVS_FLOW_ATTR_UFID_FLAGS, below(8));
		return;
	}
	if (cmd == OVS_FLOW_CMD_DEL && chance(15))
		return;		/* flush */
	if (cmd == OVS_FLOW_CMD_NEW || chance(60))
		put_key(add_nest(&m->root, OVS_FLOW_ATTR_KEY), &s, 0, in_port);
	if (cmd == OVS_FLOW_CMD_NEW && chance(70))
		put_key(add_nest(&m->root, OVS_FLOW_ATTR_MASK), &s, 1, in_port);
	if (cmd == OVS_FLOW_CMD_NEW || (cmd == OVS_FLOW_CMD_SET && chance(70)))
		put_actions(add_nest(&m->root, OVS_FLOW_ATTR_ACTIONS), &s, 0);
	if (chance(60) || m->root.n == 0)
		put_ufid(&m->root, chance(95));
	if (chance(30))
		add_u32(&m->root, OVS_FLOW_ATTR_UFID_FLAGS, below(8));
	if (cmd == OVS_FLOW_CMD_SET && chance(40))
		add_bytes(&m->root, OVS_FLOW_ATTR_CLEAR, NULL, 0);
	if (chance(10))
		add_bytes(&m->root, OVS_FLOW_ATTR_PROBE, NULL, 0);
	if (cmd == OVS_FLOW_CMD_NEW && chance(20))
		m->flags |= NLM_F_CREATE | (chance(50) ? NLM_F_EXCL : 0);
}

static void gen_packet(struct msg *m)
{
	static uint8_t pkt[512];
	struct shape s;
	struct attr *k;
	int len;

	pick_shape(&s);
	s.recirc = 0;
	msg_init(m, F_PACKET, OVS_PACKET_CMD_EXECUTE, pick_ifindex());
	len = build_packet(pkt, &s);
	add_bytes(&m->root, OVS_PACKET_ATTR_PACKET, pkt, len);
	k = add_nest(&m->root, OVS_PACKET_ATTR_KEY);
	add_u32(k, OVS_KEY_ATTR_IN_PORT, some_port() % 4);
	if (chance(30))
		add_u32(k, OVS_KEY_ATTR_PRIORITY, below(8));
	if (chance(30))
		add_u32(k, OVS_KEY_ATTR_SKB_MARK, below(8));
	if (chance(20))
		add_u32(k, OVS_KEY_ATTR_RECIRC_ID, below(3));
	put_actions(add_nest(&m->root, OVS_PACKET_ATTR_ACTIONS), &s, 0);
	if (chance(20))
		add_u16(&m->root, OVS_PACKET_ATTR_MRU, 1500);
	if (chance(20)) {
		uint64_t h = rnd();

		add_bytes(&m->root, OVS_PACKET_ATTR_HASH, &h, 8);
	}
	if (chance(10))
		add_bytes(&m->root, OVS_PACKET_ATTR_PROBE, NULL, 0);
}

static void gen_valid(struct msg *m, int fam)
{
	switch (fam) {
	case F_DP: gen_dp(m); break;
	case F_VPORT: gen_vport(m); break;
	case F_FLOW: gen_flow(m); break;
	default: gen_packet(m); break;
	}
}

/* ---- hostile content ---- */

static const uint32_t interesting[] = {
	0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
	0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 14, 1500, 65535,
};

static void soup(struct attr *p, int max_type, int depth)
{
	int i, n = below(6);

	for (i = 0; i < n; i++) {
		uint16_t type = below(max_type + 4);
		struct attr *a;

		if (chance(10))
			type |= chance(50) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
		if (depth < 4 && chance(25)) {
			a = add_nest(p, type);
			soup(a, 40, depth + 1);
		} else if (chance(40)) {
			uint32_t v = interesting[below(sizeof(interesting) /
						       sizeof(interesting[0]))];

			add_bytes(p, type, &v, chance(70) ? 4 : below(5));
		} else {
			a = add_bytes(p, type, NULL, below(48));
			rnd_bytes(a->data, a->len);
		}
	}
}

/* A random node of the tree (possibly the root itself). */
static struct attr *pick(struct attr *root)
{
	struct attr *a = root;

	while (a->nested && a->n && (a == root || chance(55)))
		a = &a->kids[below(a->n)];
	return a;
}

/* A random nested node that has children. */
static struct attr *pick_parent(struct attr *root)
{
	struct attr *a = root, *best = root->n ? root : NULL;

	while (a->nested && a->n) {
		best = a;
		if (!chance(50))
			break;
		a = &a->kids[below(a->n)];
	}
	return best;
}

static void mutate_leaf(struct attr *a)
{
	int i, n;

	if (a->nested || !a->len)
		return;
	switch (below(4)) {
	case 0:
		for (n = 1 + below(3), i = 0; i < n; i++)
			a->data[below(a->len)] ^= 1 << below(8);
		break;
	case 1:
		a->data[below(a->len)] = (uint8_t)rnd();
		break;
	case 2: {
		uint32_t v = interesting[below(sizeof(interesting) /
					       sizeof(interesting[0]))];
		int at = below(a->len);
		int w = a->len - at >= 4 && chance(60) ? 4 :
			a->len - at >= 2 ? 2 : 1;

		if (chance(50))
			v = w == 4 ? htonl(v) : w == 2 ? htons(v) : v;
		memcpy(a->data + at, &v, w);
		break;
	}
	default:
		rnd_bytes(a->data, a->len);
	}
}

static void resize_leaf(struct attr *a)
{
	int len = chance(50) ? below(a->len + 1) : a->len + 1 + below(64);
	uint8_t *d = alloc(len ? len : 1);

	if (!d)
		return;
	rnd_bytes(d, len);
	memcpy(d, a->data, len < a->len ? len : a->len);
	a->data = d;
	a->len = len;
}

static void mutate(struct msg *m, int *trunc)
{
	struct attr *a, *p;
	int i;

	switch (below(14)) {
	case 0: case 1: case 2:
		a = pick(&m->root);
		if (a->nested) {
			if (a->n)
				mutate_leaf(pick(a));
		} else {
			mutate_leaf(a);
		}
		break;
	case 3:		/* another type */
		a = pick(&m->root);
		if (a == &m->root)
			break;
		a->type = chance(50) ? (uint16_t)(a->type + (chance(50) ? 1 : -1)) :
			  (uint16_t)below(40);
		if (chance(15))
			a->type ^= NLA_F_NESTED;
		break;
	case 4:		/* lie about a length */
		a = pick(&m->root);
		if (a == &m->root)
			break;
		a->len_delta = chance(70) ? (int)below(17) - 8 :
			       chance(50) ? 1000 : -(int)below(8);
		break;
	case 5:		/* drop an attribute */
		p = pick_parent(&m->root);
		if (!p)
			break;
		i = below(p->n);
		memmove(&p->kids[i], &p->kids[i + 1],
			(p->n - i - 1) * sizeof(*p->kids));
		p->n--;
		break;
	case 6:		/* repeat one */
		p = pick_parent(&m->root);
		if (p && p->n < MAX_KIDS) {
			p->kids[p->n] = p->kids[below(p->n)];
			p->n++;
		}
		break;
	case 7:		/* add soup */
		a = pick(&m->root);
		if (a->nested)
			soup(a, 32, 2);
		break;
	case 8:
		a = pick(&m->root);
		if (!a->nested)
			resize_leaf(a);
		break;
	case 9:		/* leaf <-> nest */
		a = pick(&m->root);
		if (a == &m->root)
			break;
		if (a->nested) {
			a->nested = 0;
			a->len = below(24);
			a->data = alloc(a->len + 1);
			if (!a->data)
				a->len = 0;
			else
				rnd_bytes(a->data, a->len);
		} else {
			a->nested = 1;
			a->n = 0;
			a->kids = NULL;
			soup(a, 32, 2);
		}
		break;
	case 10: {	/* wrap the children of a nest in clone()s */
		struct attr saved;
		int depth = 1 + below(8);

		a = pick(&m->root);
		if (!a->nested || a == &m->root)
			break;
		for (i = 0; i < depth; i++) {
			saved = *a;
			a->n = 0;
			a->kids = NULL;
			p = add_nest(a, chance(70) ? OVS_ACTION_ATTR_CLONE :
				     OVS_ACTION_ATTR_SAMPLE);
			p->n = saved.n;
			p->kids = saved.kids;
		}
		break;
	}
	case 11:	/* swap two */
		p = pick_parent(&m->root);
		if (p && p->n > 1) {
			struct attr t;
			int x = below(p->n), y = below(p->n);

			t = p->kids[x];
			p->kids[x] = p->kids[y];
			p->kids[y] = t;
		}
		break;
	case 12: {	/* graft a piece of another valid message */
		struct msg other;

		gen_valid(&other, m->fam);
		a = pick(&other.root);
		p = pick(&m->root);
		if (a != &other.root && p->nested && p->n < MAX_KIDS &&
		    kids_of(p))
			p->kids[p->n++] = *a;
		break;
	}
	default:	/* cut the message short */
		*trunc = 1 + below(200);
	}
}

/* The next message for family @fam. */
void gen_message(struct msg *m, int fam, int *trunc)
{
	static const int max_attr[N_FAM] = {
		OVS_DP_ATTR_MAX, OVS_VPORT_ATTR_MAX, OVS_FLOW_ATTR_MAX,
		OVS_PACKET_ATTR_MAX,
	};
	int r = below(100), i, n;

	*trunc = 0;
	if (r < 25) {		/* valid as built */
		gen_valid(m, fam);
	} else if (r < 80) {	/* mutated */
		gen_valid(m, fam);
		for (n = 1 + below(4), i = 0; i < n; i++)
			mutate(m, trunc);
	} else {		/* attribute soup */
		msg_init(m, fam, chance(90) ? 1 + below(4) : below(256),
			 pick_ifindex());
		soup(&m->root, max_attr[fam], 0);
	}
	if (chance(5))
		m->cmd = below(10);
	if (chance(5))
		m->flags |= chance(50) ? NLM_F_ECHO : NLM_F_DUMP;
	if (chance(3))
		m->flags |= NLM_F_EXCL | NLM_F_CREATE | NLM_F_REPLACE;
}

