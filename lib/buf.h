/*
 * struct buf: a growable byte buffer, used to build and parse OpenFlow
 * messages and netlink attribute streams.
 *
 * Netlink attribute helpers build attribute streams (struct nlattr from
 * <linux/netlink.h>, 4-byte aligned) directly in a buf, so keys, masks
 * and actions can be kept and passed around as plain byte strings.
 * Parsing such streams uses libnl's nla_* functions.
 */
#ifndef FSW_BUF_H
#define FSW_BUF_H 1

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

struct buf {
	uint8_t *data;		/* start of content */
	size_t size;		/* bytes of content */
	size_t allocated;	/* bytes allocated at data */
};

#define BUF_INITIALIZER { NULL, 0, 0 }

void buf_init(struct buf *b, size_t capacity);
void buf_uninit(struct buf *b);
void buf_clear(struct buf *b);
void buf_reserve(struct buf *b, size_t extra);
void *buf_put_uninit(struct buf *b, size_t len);
void *buf_put_zeros(struct buf *b, size_t len);
void *buf_put(struct buf *b, const void *p, size_t len);
void *buf_at(const struct buf *b, size_t offset, size_t len);
void buf_copy(struct buf *dst, const struct buf *src);

/* Netlink attributes. */
void nlbuf_put(struct buf *b, uint16_t type, const void *p, size_t len);
void nlbuf_put_flag(struct buf *b, uint16_t type);
void nlbuf_put_u8(struct buf *b, uint16_t type, uint8_t v);
void nlbuf_put_u16(struct buf *b, uint16_t type, uint16_t v);
void nlbuf_put_u32(struct buf *b, uint16_t type, uint32_t v);
void nlbuf_put_u64(struct buf *b, uint16_t type, uint64_t v);
void nlbuf_put_string(struct buf *b, uint16_t type, const char *s);
/* Nesting: start returns an offset to hand to end. */
size_t nlbuf_nest_start(struct buf *b, uint16_t type);
void nlbuf_nest_end(struct buf *b, size_t offset);

#endif
