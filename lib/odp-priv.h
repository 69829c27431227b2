/* Internals shared by odp.c and odp-text.c. */
#ifndef FSW_ODP_PRIV_H
#define FSW_ODP_PRIV_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include "buf.h"

/* odp_attr_len() results besides a fixed payload size. */
#define ODP_LEN_NESTED	(-2)	/* nested attributes */
#define ODP_LEN_ANY	(-1)	/* variable or unknown */

/* Payload size of OVS_KEY_ATTR_* TYPE, or one of the above. */
int odp_attr_len(unsigned int type);

/* Returns the attribute at *P and steps past it, or NULL at the end of
 * the stream or (setting *ERR to -EINVAL) on bad framing. */
const struct nlattr *odp_nl_next(const uint8_t **p, size_t *left, int *err);

/* Text output into a struct buf kept NUL-terminated (odp-text.c). */
void odpt_sb_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void odpt_sb_hex(struct buf *b, const void *p, size_t n);
char *odpt_sb_finish(struct buf *b);

bool odpt_all_value(const void *p, size_t n, uint8_t v);
const uint8_t *odpt_pl(const struct nlattr *a);
size_t odpt_pl_len(const struct nlattr *a);

/* Prints key attribute TYPE from payload V (LEN bytes) and, unless MP is
 * NULL, its mask payload MP, preceded by SEP. */
void odpt_print_attr_raw(struct buf *b, unsigned int type, const uint8_t *v,
			 size_t len, const uint8_t *mp, const char *sep);

/* Text parsing state: the first error is kept in err, with where. */
struct odpt_parse {
	const char *start;
	const char *p;
	char *err;
};

int odpt_fail(struct odpt_parse *tp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void odpt_skip_space(struct odpt_parse *tp);
bool odpt_match(struct odpt_parse *tp, char c);
int odpt_expect(struct odpt_parse *tp, char c);
size_t odpt_read_name(struct odpt_parse *tp, const char **name);
int odpt_read_token(struct odpt_parse *tp, char *buf, size_t size);
int odpt_parse_uint(struct odpt_parse *tp, const char *s,
		    unsigned long long max, unsigned long long *v);
int odpt_parse_hex_bytes(struct odpt_parse *tp, const char *s, uint8_t *out,
			 size_t len);
/* One key attribute with masks; DEPTH 2 forbids encap(). */
int odpt_parse_key_attr(struct odpt_parse *tp, struct buf *key,
			struct buf *mask, int depth);
/* Checks the whole string was used; hands the error to *ERRP. */
int odpt_finish_parse(struct odpt_parse *tp, int err, char **errp);

#endif
