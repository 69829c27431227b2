/*
 * Tiny packet builder for the unit tests: appends headers to a byte
 * array, in network order, and patches length fields afterwards.
 */
#ifndef FSW_TEST_PKT_BUILD_H
#define FSW_TEST_PKT_BUILD_H 1

#include <stdint.h>
#include <string.h>

struct pkt {
	uint8_t b[1600];
	size_t n;
};

static const uint8_t pkt_mac_dst[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t pkt_mac_src[6] = { 0x02, 0, 0, 0, 0, 0x01 };

static inline void pkt_put(struct pkt *p, const void *d, size_t n)
{
	memcpy(p->b + p->n, d, n);
	p->n += n;
}

static inline void pkt_u8(struct pkt *p, uint8_t v)
{
	p->b[p->n++] = v;
}

static inline void pkt_u16(struct pkt *p, uint16_t v)
{
	pkt_u8(p, v >> 8);
	pkt_u8(p, v & 0xff);
}

static inline void pkt_u32(struct pkt *p, uint32_t v)
{
	pkt_u16(p, v >> 16);
	pkt_u16(p, v & 0xffff);
}

static inline void pkt_zeros(struct pkt *p, size_t n)
{
	memset(p->b + p->n, 0, n);
	p->n += n;
}

static inline void pkt_set16(struct pkt *p, size_t ofs, uint16_t v)
{
	p->b[ofs] = v >> 8;
	p->b[ofs + 1] = v & 0xff;
}

/* Ethernet addresses only; the caller adds tags and the type. */
static inline void pkt_eth_addrs(struct pkt *p)
{
	p->n = 0;
	pkt_put(p, pkt_mac_dst, 6);
	pkt_put(p, pkt_mac_src, 6);
}

static inline void pkt_eth(struct pkt *p, uint16_t type)
{
	pkt_eth_addrs(p);
	pkt_u16(p, type);
}

/* IPv4 header with IHL words (options zero-filled); returns its offset
 * for pkt_ipv4_end(). */
static inline size_t pkt_ipv4(struct pkt *p, uint8_t proto, uint16_t frag,
			      unsigned int ihl)
{
	size_t ofs = p->n;

	pkt_u8(p, 0x40 | ihl);
	pkt_u8(p, 0xb9);		/* DSCP 46, ECN 1 */
	pkt_u16(p, 0);			/* total length: patched */
	pkt_u16(p, 0x1234);		/* id */
	pkt_u16(p, frag);
	pkt_u8(p, 64);
	pkt_u8(p, proto);
	pkt_u16(p, 0);
	pkt_u32(p, 0x0a000001);
	pkt_u32(p, 0x0a000002);
	pkt_zeros(p, ihl * 4 - 20);
	return ofs;
}

static inline void pkt_ipv4_end(struct pkt *p, size_t ofs)
{
	pkt_set16(p, ofs + 2, p->n - ofs);
}

static inline size_t pkt_ipv6(struct pkt *p, uint8_t next)
{
	static const uint8_t src[16] = { 0xfe, 0x80, [15] = 1 };
	static const uint8_t dst[16] = { 0xfe, 0x80, [15] = 2 };
	size_t ofs = p->n;

	pkt_u32(p, 0x6a712345);		/* tc 0xa7, label 0x12345 */
	pkt_u16(p, 0);			/* payload length: patched */
	pkt_u8(p, next);
	pkt_u8(p, 255);
	pkt_put(p, src, 16);
	pkt_put(p, dst, 16);
	return ofs;
}

static inline void pkt_ipv6_end(struct pkt *p, size_t ofs)
{
	pkt_set16(p, ofs + 4, p->n - ofs - 40);
}

static inline void pkt_tcp(struct pkt *p, uint16_t sport, uint16_t dport,
			   uint16_t flags)
{
	pkt_u16(p, sport);
	pkt_u16(p, dport);
	pkt_u32(p, 1000);
	pkt_u32(p, 0);
	pkt_u16(p, 0x5000 | flags);
	pkt_u16(p, 65535);
	pkt_u32(p, 0);
}

static inline void pkt_udp(struct pkt *p, uint16_t sport, uint16_t dport)
{
	pkt_u16(p, sport);
	pkt_u16(p, dport);
	pkt_u16(p, 8);
	pkt_u16(p, 0);
}

#endif
