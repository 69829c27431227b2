/*
 * genl-fuzz: what the engine (genl-fuzz.c) and the message generator
 * (genl-fuzz-gen.c) share.  See genl-fuzz.c for what the program does.
 */
#ifndef GENL_FUZZ_H
#define GENL_FUZZ_H 1

#include <stddef.h>
#include <stdint.h>

#define N_FAM 4
#define MAX_KIDS 24
enum { F_DP, F_VPORT, F_FLOW, F_PACKET };

/*
 * A message body is a tree of attributes.  Mutations work on the tree;
 * serialising it can then lie about lengths (len_delta).
 */
struct attr {
	uint16_t type;		/* with NLA_F_* bits */
	int nested;
	int n;			/* children, when nested */
	struct attr *kids;
	uint8_t *data;		/* payload, when not nested */
	int len;
	int len_delta;		/* added to nla_len when serialised */
};

struct msg {
	int fam;
	uint8_t cmd;
	uint16_t flags;
	int32_t dp_ifindex;
	struct attr root;	/* nested: the top-level attributes */
};

extern uint32_t up_pid;		/* port id of the upcall socket */
extern int main_ifindex;	/* fz0's ifindex */
extern char main_dp[];	/* our datapath: fz0, fz1 for job 1, ... */
extern const char *veth;	/* an fz* device for netdev ports, or NULL */

uint32_t rnd(void);
uint32_t below(uint32_t n);
int chance(int percent);
void rnd_bytes(uint8_t *d, int len);
void *alloc(size_t n);
struct attr *kids_of(struct attr *a);
struct attr *add(struct attr *parent, uint16_t type);
struct attr *add_bytes(struct attr *p, uint16_t type, const void *d, int len);
struct attr *add_u32(struct attr *p, uint16_t type, uint32_t v);
struct attr *add_u16(struct attr *p, uint16_t type, uint16_t v);
struct attr *add_str(struct attr *p, uint16_t type, const char *s);
struct attr *add_nest(struct attr *p, uint16_t type);
void msg_init(struct msg *m, int fam, uint8_t cmd, int32_t ifindex);

/* genl-fuzz-gen.c: the next message for family @fam; *trunc > 0 asks
 * for the message to be cut that many bytes into its attributes. */
void gen_message(struct msg *m, int fam, int *trunc);

#endif
