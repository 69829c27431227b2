/* Helpers shared by the lib/ofp-*.c codecs only. */
#ifndef FSW_OFP_PRIVATE_H
#define FSW_OFP_PRIVATE_H 1

#include <endian.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include "buf.h"

#define ROUND_UP8(x) (((x) + 7) & ~(size_t)7)

/* A bounds-checked cursor over received bytes. */
struct rd {
	const uint8_t *p;
	size_t left;
};

static inline void rd_init(struct rd *r, const void *p, size_t len)
{
	r->p = p;
	r->left = len;
}

/* Returns a pointer to the next N bytes and moves past them, or NULL
 * (moving nowhere) if fewer remain. */
static inline const void *rd_pull(struct rd *r, size_t n)
{
	const void *p = r->p;

	if (n > r->left)
		return NULL;
	r->p += n;
	r->left -= n;
	return p;
}

static inline const void *rd_peek(const struct rd *r, size_t n)
{
	return n > r->left ? NULL : r->p;
}

/* Offsets, not pointers, survive buf reallocation while building. */
static inline void *buf_ofs(struct buf *b, size_t ofs)
{
	return b->data + ofs;
}

static inline void buf_pad8(struct buf *b, size_t start)
{
	size_t len = b->size - start;

	buf_put_zeros(b, ROUND_UP8(len) - len);
}

static inline void put_be16_at(struct buf *b, size_t ofs, uint16_t v)
{
	v = htons(v);
	memcpy(b->data + ofs, &v, 2);
}

static inline uint64_t ntohll(uint64_t v) { return be64toh(v); }
static inline uint64_t htonll(uint64_t v) { return htobe64(v); }

#endif
