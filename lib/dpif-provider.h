/*
 * The interface between lib/dpif.c and the datapath providers.  Each
 * provider embeds struct dpif at the start of its own handle and fills a
 * struct dpif_class; dpif.c checks arguments common to every provider and
 * dispatches.  A NULL member means "not supported" (-EOPNOTSUPP).
 */
#ifndef FSW_DPIF_PROVIDER_H
#define FSW_DPIF_PROVIDER_H 1

#include "dpif.h"

struct dpif {
	const struct dpif_class *class;
	char *name;
};

struct dpif_flow_dump {
	struct dpif *dpif;
};

enum dpif_open_mode {
	DPIF_OPEN_EXISTING,	/* -ENODEV if missing */
	DPIF_OPEN_CREATE,	/* -EEXIST if present */
	DPIF_OPEN_ANY,		/* create when missing */
};

struct dpif_class {
	const char *type;

	int (*enumerate)(char ***namesp);
	int (*open)(const char *name, enum dpif_open_mode,
		    struct dpif **dpifp);
	void (*close)(struct dpif *);
	int (*destroy)(struct dpif *);
	int (*get_stats)(struct dpif *, struct dpif_dp_stats *);
	uint32_t (*user_features)(const struct dpif *);

	int (*port_add)(struct dpif *, const char *name, uint32_t type,
			uint32_t *port_nop);
	int (*port_del)(struct dpif *, uint32_t port_no);
	/* Exactly one of PORT_NO (!= DPIF_PORT_ANY) and NAME is used. */
	int (*port_get)(struct dpif *, uint32_t port_no, const char *name,
			struct dpif_port *);
	int (*port_list)(struct dpif *, struct dpif_port **portsp,
			 size_t *np);
	int (*port_set_upcall_pids)(struct dpif *, uint32_t port_no,
				    const uint32_t *pids, size_t n);
	int (*port_poll)(struct dpif *, struct dpif_port_change *);
	int (*port_poll_fd)(struct dpif *);

	int (*flow_put)(struct dpif *, const struct dpif_flow_put *);
	int (*flow_del)(struct dpif *, const struct buf *key,
			const struct dpif_ufid *, struct dpif_flow_stats *);
	int (*flow_flush)(struct dpif *);
	int (*flow_get)(struct dpif *, const struct buf *key,
			const struct dpif_ufid *, struct dpif_flow *);
	struct dpif_flow_dump *(*flow_dump_start)(struct dpif *);
	int (*flow_dump_next)(struct dpif_flow_dump *, struct dpif_flow *);
	int (*flow_dump_done)(struct dpif_flow_dump *);

	int (*execute)(struct dpif *, const void *packet, size_t len,
		       const struct buf *key, const struct buf *actions);

	int (*handlers_set)(struct dpif *, unsigned int n, bool per_cpu);
	unsigned int (*n_handlers)(const struct dpif *);
	uint32_t (*handler_pid)(const struct dpif *, unsigned int);
	int (*handler_fd)(const struct dpif *, unsigned int);
	bool (*per_cpu_dispatch)(const struct dpif *);
	int (*recv)(struct dpif *, unsigned int handler,
		    struct dpif_upcall *, int max);

	int (*run)(struct dpif *);
	int (*run_fds)(struct dpif *, int *fds, int max);

	int (*test_port_add)(struct dpif *, const char *name,
			     uint32_t *port_nop);
	int (*test_port_inject)(struct dpif *, uint32_t port_no,
				const void *packet, size_t len);
	int (*test_port_capture)(struct dpif *, uint32_t port_no,
				 struct buf *);
};

extern const struct dpif_class dpif_netlink_class;
extern const struct dpif_class dpif_userspace_class;

void dpif_init_base(struct dpif *, const struct dpif_class *,
		    const char *name);
void dpif_uninit_base(struct dpif *);

/* Helpers shared by providers. */
bool dpif_attrs_valid(const struct buf *);
const struct nlattr *dpif_attr_find(const void *attrs, size_t len,
				    uint16_t type);

#endif
