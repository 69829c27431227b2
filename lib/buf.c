#include <config.h>
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include "util.h"

void buf_init(struct buf *b, size_t capacity)
{
	b->data = capacity ? xmalloc(capacity) : NULL;
	b->size = 0;
	b->allocated = capacity;
}

void buf_uninit(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->size = b->allocated = 0;
}

void buf_clear(struct buf *b)
{
	b->size = 0;
}

void buf_reserve(struct buf *b, size_t extra)
{
	size_t need = b->size + extra;

	if (need <= b->allocated)
		return;
	b->allocated = b->allocated * 2 > need ? b->allocated * 2 : need + 64;
	b->data = xrealloc(b->data, b->allocated);
}

void *buf_put_uninit(struct buf *b, size_t len)
{
	void *p;

	buf_reserve(b, len);
	p = b->data + b->size;
	b->size += len;
	return p;
}

void *buf_put_zeros(struct buf *b, size_t len)
{
	return memset(buf_put_uninit(b, len), 0, len);
}

void *buf_put(struct buf *b, const void *p, size_t len)
{
	return len ? memcpy(buf_put_uninit(b, len), p, len)
		   : buf_put_uninit(b, 0);
}

/* Returns a pointer to LEN bytes at OFFSET, or NULL if they are not all
 * within the buffer: the one bounds check parsers need. */
void *buf_at(const struct buf *b, size_t offset, size_t len)
{
	if (offset > b->size || len > b->size - offset)
		return NULL;
	return b->data + offset;
}

void buf_copy(struct buf *dst, const struct buf *src)
{
	buf_init(dst, src->size);
	buf_put(dst, src->data, src->size);
}

void nlbuf_put(struct buf *b, uint16_t type, const void *p, size_t len)
{
	struct nlattr *nla;
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);

	nla = buf_put_zeros(b, total);
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((uint8_t *)nla + NLA_HDRLEN, p, len);
}

void nlbuf_put_flag(struct buf *b, uint16_t type)
{
	nlbuf_put(b, type, NULL, 0);
}

void nlbuf_put_u8(struct buf *b, uint16_t type, uint8_t v)
{
	nlbuf_put(b, type, &v, sizeof v);
}

void nlbuf_put_u16(struct buf *b, uint16_t type, uint16_t v)
{
	nlbuf_put(b, type, &v, sizeof v);
}

void nlbuf_put_u32(struct buf *b, uint16_t type, uint32_t v)
{
	nlbuf_put(b, type, &v, sizeof v);
}

void nlbuf_put_u64(struct buf *b, uint16_t type, uint64_t v)
{
	nlbuf_put(b, type, &v, sizeof v);
}

void nlbuf_put_string(struct buf *b, uint16_t type, const char *s)
{
	nlbuf_put(b, type, s, strlen(s) + 1);
}

size_t nlbuf_nest_start(struct buf *b, uint16_t type)
{
	size_t offset = b->size;

	nlbuf_put(b, type, NULL, 0);
	return offset;
}

void nlbuf_nest_end(struct buf *b, size_t offset)
{
	struct nlattr *nla = (struct nlattr *)(b->data + offset);

	nla->nla_len = b->size - offset;
}
