/*
 * dpif.c: provider selection and the argument checks every provider
 * shares, so that bad input gets the same error whatever the datapath.
 */
#include <config.h>
#include "dpif-provider.h"

#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

static const struct dpif_class *const classes[] = {
	&dpif_netlink_class,
	&dpif_userspace_class,
};

static const struct dpif_class *class_lookup(const char *type)
{
	size_t i;

	if (!type || !*type)
		type = "system";
	for (i = 0; i < ARRAY_SIZE(classes); i++)
		if (!strcmp(classes[i]->type, type))
			return classes[i];
	return NULL;
}

void dpif_init_base(struct dpif *dpif, const struct dpif_class *class,
		    const char *name)
{
	dpif->class = class;
	dpif->name = xstrdup(name);
}

void dpif_uninit_base(struct dpif *dpif)
{
	free(dpif->name);
	dpif->name = NULL;
}

static bool name_valid(const char *name)
{
	return name && *name && strlen(name) < IFNAMSIZ && !strchr(name, '/');
}

/* Checks that a buffer is a well-formed stream of netlink attributes
 * (nested ones are the provider's business). */
bool dpif_attrs_valid(const struct buf *b)
{
	size_t off = 0;

	if (!b)
		return true;
	while (off < b->size) {
		const struct nlattr *nla;

		if (b->size - off < NLA_HDRLEN)
			return false;
		nla = (const struct nlattr *)(b->data + off);
		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > b->size - off)
			return false;
		off += NLA_ALIGN(nla->nla_len);
	}
	return true;
}

const struct nlattr *dpif_attr_find(const void *attrs, size_t len,
				    uint16_t type)
{
	const uint8_t *p = attrs;
	size_t off = 0;

	while (len - off >= NLA_HDRLEN) {
		const struct nlattr *nla = (const struct nlattr *)(p + off);

		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > len - off)
			break;
		if ((nla->nla_type & NLA_TYPE_MASK) == type)
			return nla;
		off += NLA_ALIGN(nla->nla_len);
		if (off > len)
			break;
	}
	return NULL;
}

static int do_open(const char *name, const char *type,
		   enum dpif_open_mode mode, struct dpif **dpifp)
{
	const struct dpif_class *class = class_lookup(type);

	*dpifp = NULL;
	if (!class)
		return -EAFNOSUPPORT;
	if (!name_valid(name))
		return -EINVAL;
	return class->open(name, mode, dpifp);
}

int dpif_create(const char *name, const char *type, struct dpif **dpifp)
{
	return do_open(name, type, DPIF_OPEN_CREATE, dpifp);
}

int dpif_open(const char *name, const char *type, struct dpif **dpifp)
{
	return do_open(name, type, DPIF_OPEN_EXISTING, dpifp);
}

int dpif_create_and_open(const char *name, const char *type,
			 struct dpif **dpifp)
{
	return do_open(name, type, DPIF_OPEN_ANY, dpifp);
}

void dpif_close(struct dpif *dpif)
{
	if (dpif)
		dpif->class->close(dpif);
}

int dpif_delete(struct dpif *dpif)
{
	return dpif->class->destroy(dpif);
}

int dpif_enumerate(const char *type, char ***namesp)
{
	const struct dpif_class *class = class_lookup(type);

	*namesp = NULL;
	if (!class)
		return -EAFNOSUPPORT;
	return class->enumerate(namesp);
}

void dpif_names_free(char **names)
{
	char **p;

	for (p = names; p && *p; p++)
		free(*p);
	free(names);
}

const char *dpif_name(const struct dpif *dpif)
{
	return dpif->name;
}

const char *dpif_type(const struct dpif *dpif)
{
	return dpif->class->type;
}

int dpif_get_stats(struct dpif *dpif, struct dpif_dp_stats *stats)
{
	memset(stats, 0, sizeof *stats);
	return dpif->class->get_stats(dpif, stats);
}

uint32_t dpif_user_features(const struct dpif *dpif)
{
	return dpif->class->user_features ? dpif->class->user_features(dpif)
					  : 0;
}

/* Ports. */

static const char *const port_types[] = {
	[OVS_VPORT_TYPE_NETDEV] = "netdev",
	[OVS_VPORT_TYPE_INTERNAL] = "internal",
	[OVS_VPORT_TYPE_GRE] = "gre",
	[OVS_VPORT_TYPE_VXLAN] = "vxlan",
	[OVS_VPORT_TYPE_GENEVE] = "geneve",
};

const char *dpif_port_type_to_string(uint32_t type)
{
	if (type < ARRAY_SIZE(port_types) && port_types[type])
		return port_types[type];
	return "unknown";
}

int dpif_port_type_from_string(const char *s, uint32_t *type)
{
	uint32_t i;

	/* "system" is ovs-dpctl's word for an existing network device. */
	if (!strcmp(s, "system")) {
		*type = OVS_VPORT_TYPE_NETDEV;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(port_types); i++) {
		if (port_types[i] && !strcmp(s, port_types[i])) {
			*type = i;
			return 0;
		}
	}
	return -EINVAL;
}

int dpif_port_add(struct dpif *dpif, const char *name, uint32_t type,
		  uint32_t *port_nop)
{
	if (!name_valid(name))
		return -EINVAL;
	if (type != OVS_VPORT_TYPE_NETDEV && type != OVS_VPORT_TYPE_INTERNAL)
		return -EOPNOTSUPP;
	return dpif->class->port_add(dpif, name, type, port_nop);
}

int dpif_port_del(struct dpif *dpif, uint32_t port_no)
{
	if (port_no == DPIF_PORT_ANY)
		return -EINVAL;
	return dpif->class->port_del(dpif, port_no);
}

int dpif_port_get(struct dpif *dpif, uint32_t port_no,
		  struct dpif_port *port)
{
	memset(port, 0, sizeof *port);
	if (port_no == DPIF_PORT_ANY)
		return -EINVAL;
	return dpif->class->port_get(dpif, port_no, NULL, port);
}

int dpif_port_get_by_name(struct dpif *dpif, const char *name,
			  struct dpif_port *port)
{
	memset(port, 0, sizeof *port);
	if (!name_valid(name))
		return -EINVAL;
	return dpif->class->port_get(dpif, DPIF_PORT_ANY, name, port);
}

void dpif_port_uninit(struct dpif_port *port)
{
	free(port->name);
	free(port->upcall_pids);
	port->name = NULL;
	port->upcall_pids = NULL;
	port->n_upcall_pids = 0;
}

static int port_cmp(const void *a_, const void *b_)
{
	const struct dpif_port *a = a_, *b = b_;

	return a->port_no < b->port_no ? -1 : a->port_no > b->port_no;
}

int dpif_port_list(struct dpif *dpif, struct dpif_port **portsp, size_t *np)
{
	int err;

	*portsp = NULL;
	*np = 0;
	err = dpif->class->port_list(dpif, portsp, np);
	if (!err && *np)
		qsort(*portsp, *np, sizeof **portsp, port_cmp);
	return err;
}

void dpif_port_list_free(struct dpif_port *ports, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dpif_port_uninit(&ports[i]);
	free(ports);
}

int dpif_port_set_upcall_pids(struct dpif *dpif, uint32_t port_no,
			      const uint32_t *pids, size_t n)
{
	if (!n || !pids || n > 4096)
		return -EINVAL;
	return dpif->class->port_set_upcall_pids(dpif, port_no, pids, n);
}

int dpif_port_poll(struct dpif *dpif, struct dpif_port_change *change)
{
	memset(change, 0, sizeof *change);
	if (!dpif->class->port_poll)
		return -EOPNOTSUPP;
	return dpif->class->port_poll(dpif, change);
}

int dpif_port_poll_fd(struct dpif *dpif)
{
	if (!dpif->class->port_poll_fd)
		return -EOPNOTSUPP;
	return dpif->class->port_poll_fd(dpif);
}

/* Flows. */

int dpif_flow_put(struct dpif *dpif, const struct dpif_flow_put *put)
{
	if (!put->key || !put->key->size || !dpif_attrs_valid(put->key) ||
	    !dpif_attrs_valid(put->mask) || !dpif_attrs_valid(put->actions))
		return -EINVAL;
	if (!(put->flags & (DPIF_FP_CREATE | DPIF_FP_MODIFY)))
		return -EINVAL;
	if (put->stats)
		memset(put->stats, 0, sizeof *put->stats);
	return dpif->class->flow_put(dpif, put);
}

static bool flow_id_valid(const struct buf *key, const struct dpif_ufid *ufid)
{
	if (ufid)
		return true;
	return key && key->size && dpif_attrs_valid(key);
}

int dpif_flow_del(struct dpif *dpif, const struct buf *key,
		  const struct dpif_ufid *ufid, struct dpif_flow_stats *stats)
{
	if (!flow_id_valid(key, ufid))
		return -EINVAL;
	if (stats)
		memset(stats, 0, sizeof *stats);
	return dpif->class->flow_del(dpif, key, ufid, stats);
}

int dpif_flow_flush(struct dpif *dpif)
{
	return dpif->class->flow_flush(dpif);
}

void dpif_flow_init(struct dpif_flow *flow)
{
	memset(flow, 0, sizeof *flow);
}

void dpif_flow_uninit(struct dpif_flow *flow)
{
	buf_uninit(&flow->key);
	buf_uninit(&flow->mask);
	buf_uninit(&flow->actions);
}

/* Empties FLOW for reuse, keeping its buffers. */
static void flow_reset(struct dpif_flow *flow)
{
	buf_clear(&flow->key);
	buf_clear(&flow->mask);
	buf_clear(&flow->actions);
	flow->has_ufid = false;
	memset(&flow->ufid, 0, sizeof flow->ufid);
	memset(&flow->stats, 0, sizeof flow->stats);
}

int dpif_flow_get(struct dpif *dpif, const struct buf *key,
		  const struct dpif_ufid *ufid, struct dpif_flow *flow)
{
	if (!flow_id_valid(key, ufid))
		return -EINVAL;
	flow_reset(flow);
	return dpif->class->flow_get(dpif, key, ufid, flow);
}

struct dpif_flow_dump *dpif_flow_dump_start(struct dpif *dpif)
{
	struct dpif_flow_dump *dump = dpif->class->flow_dump_start(dpif);

	dump->dpif = dpif;
	return dump;
}

int dpif_flow_dump_next(struct dpif_flow_dump *dump, struct dpif_flow *flow)
{
	flow_reset(flow);
	return dump->dpif->class->flow_dump_next(dump, flow);
}

int dpif_flow_dump_done(struct dpif_flow_dump *dump)
{
	return dump->dpif->class->flow_dump_done(dump);
}

int dpif_execute(struct dpif *dpif, const void *packet, size_t len,
		 const struct buf *key, const struct buf *actions)
{
	if (!packet || len < 14 || len > 65535 || !key ||
	    !dpif_attrs_valid(key) || !dpif_attrs_valid(actions))
		return -EINVAL;
	return dpif->class->execute(dpif, packet, len, key, actions);
}

/* Upcalls. */

int dpif_handlers_set(struct dpif *dpif, unsigned int n, bool per_cpu)
{
	if (n > 512)
		return -EINVAL;
	return dpif->class->handlers_set(dpif, n, per_cpu);
}

unsigned int dpif_n_handlers(const struct dpif *dpif)
{
	return dpif->class->n_handlers(dpif);
}

uint32_t dpif_handler_pid(const struct dpif *dpif, unsigned int handler)
{
	if (handler >= dpif_n_handlers(dpif))
		return 0;
	return dpif->class->handler_pid(dpif, handler);
}

int dpif_handler_fd(const struct dpif *dpif, unsigned int handler)
{
	if (handler >= dpif_n_handlers(dpif))
		return -EINVAL;
	return dpif->class->handler_fd(dpif, handler);
}

bool dpif_per_cpu_dispatch(const struct dpif *dpif)
{
	return dpif->class->per_cpu_dispatch &&
	       dpif->class->per_cpu_dispatch(dpif);
}

void dpif_upcall_init(struct dpif_upcall *up)
{
	memset(up, 0, sizeof *up);
}

void dpif_upcall_uninit(struct dpif_upcall *up)
{
	buf_uninit(&up->packet);
	buf_uninit(&up->key);
	buf_uninit(&up->userdata);
}

int dpif_recv(struct dpif *dpif, unsigned int handler,
	      struct dpif_upcall *ups, int max)
{
	int i;

	if (handler >= dpif_n_handlers(dpif) || max < 1)
		return -EINVAL;
	for (i = 0; i < max; i++) {
		buf_clear(&ups[i].packet);
		buf_clear(&ups[i].key);
		buf_clear(&ups[i].userdata);
		ups[i].has_userdata = false;
		ups[i].mru = ups[i].hash = ups[i].orig_len = 0;
	}
	return dpif->class->recv(dpif, handler, ups, max);
}

int dpif_run(struct dpif *dpif)
{
	return dpif->class->run ? dpif->class->run(dpif) : 0;
}

int dpif_run_fds(struct dpif *dpif, int *fds, int max)
{
	return dpif->class->run_fds ? dpif->class->run_fds(dpif, fds, max)
				    : 0;
}

int dpif_test_port_add(struct dpif *dpif, const char *name,
		       uint32_t *port_nop)
{
	if (!dpif->class->test_port_add)
		return -EOPNOTSUPP;
	if (!name_valid(name))
		return -EINVAL;
	return dpif->class->test_port_add(dpif, name, port_nop);
}

int dpif_test_port_inject(struct dpif *dpif, uint32_t port_no,
			  const void *packet, size_t len)
{
	if (!dpif->class->test_port_inject)
		return -EOPNOTSUPP;
	if (!packet || len < 14 || len > 65535)
		return -EINVAL;
	return dpif->class->test_port_inject(dpif, port_no, packet, len);
}

int dpif_test_port_capture(struct dpif *dpif, uint32_t port_no,
			   struct buf *packet)
{
	if (!dpif->class->test_port_capture)
		return -EOPNOTSUPP;
	return dpif->class->test_port_capture(dpif, port_no, packet);
}
