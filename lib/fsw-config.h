/*
 * The persistent switch configuration: bridges, their ports, QoS and the
 * global manager targets.
 *
 * The in-memory model is plain C structs (arrays, not hash tables: a
 * hypervisor has tens of bridges and hundreds of ports, and every lookup
 * happens on a configuration change, never per packet).  Ports live inside
 * their bridge, so "a port is on one bridge only" holds by construction;
 * port names are still unique across all bridges, and no port may have a
 * bridge's name (the bridge's own internal port carries that name).
 *
 * Changes go through operations (fsw_config_apply(), lib/fsw-config-ops.c):
 * JSON objects such as {"op": "add-br", "bridge": "br0"}, so that the
 * same code checks a change in fsw-vsctl before sending it and applies it
 * in fsw-vswitchd.  fsw_config_transact() applies a list of operations to
 * a copy and only replaces the configuration when every one succeeded and
 * the result validates: all or nothing.
 *
 * On disk the configuration is DBDIR/conf.json, written crash-safely
 * (temporary file, fsync, rename, fsync of the directory).  A file that
 * does not parse or does not validate is refused, never replaced.
 *
 * Errors are returned as a negative errno and, through ERRP, as one
 * malloc'd line of text meant for the user (caller frees).
 */
#ifndef FSW_CONFIG_H
#define FSW_CONFIG_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include <sys/socket.h>

#define FSW_CONFIG_VERSION 1
#define FSW_CONFIG_FILE "conf.json"

/* OpenFlow port numbers we hand out: 1 .. OFPP_MAX (0xff00). */
#define FSW_OFPORT_MAX 0xff00
#define FSW_VLAN_MAX 4095

/* "system": the kernel datapath (flowswitch.ko or openvswitch.ko);
 * "netdev": the userspace datapath.  Same names as Open vSwitch. */
enum fsw_dp_type { FSW_DP_SYSTEM, FSW_DP_NETDEV };

/* UNSET behaves as standalone but is shown as empty, like Open vSwitch,
 * so that del-fail-mode can be told apart from set-fail-mode standalone. */
enum fsw_fail_mode { FSW_FAIL_UNSET, FSW_FAIL_STANDALONE, FSW_FAIL_SECURE };

/* "system": an existing Linux network device; "internal": a device the
 * datapath creates (like the bridge's own port). */
enum fsw_port_type { FSW_PORT_SYSTEM, FSW_PORT_INTERNAL };

/* OpenFlow versions a bridge accepts: bit (1 << wire version), the same
 * layout as the HELLO version bitmap.  0 means the default (all we
 * implement: 1.0 and 1.3). */
#define FSW_OFP10_BIT (1u << 0x01)
#define FSW_OFP13_BIT (1u << 0x04)
#define FSW_OFP_ALL_BITS (FSW_OFP10_BIT | FSW_OFP13_BIT)

/* How a port treats VLANs (as in Open vSwitch); UNSET: access when it has
 * a tag, trunk otherwise. */
enum fsw_vlan_mode {
	FSW_VLAN_MODE_UNSET, FSW_VLAN_MODE_ACCESS, FSW_VLAN_MODE_TRUNK,
	FSW_VLAN_MODE_NATIVE_TAGGED, FSW_VLAN_MODE_NATIVE_UNTAGGED
};

/* String to string map, insertion ordered ("other_config"). */
struct fsw_smap {
	size_t n;
	char **keys;
	char **values;
};

struct fsw_queue {
	unsigned int id;	/* queue number, 0 .. 0xfffffffe */
	uint64_t min_rate;	/* bit/s, 0 = unset */
	uint64_t max_rate;	/* bit/s, 0 = unset */
	int priority;		/* -1 = unset */
};

struct fsw_qos {
	char *type;		/* only "linux-htb" for now */
	uint64_t max_rate;	/* bit/s, 0 = unset (link speed) */
	size_t n_queues;
	struct fsw_queue *queues;	/* sorted by id */
};

struct fsw_port {
	char *name;		/* = the interface name (one interface/port) */
	enum fsw_port_type type;
	uint16_t ofport;	/* OpenFlow port number, stable, never 0 */
	int tag;		/* access VLAN, -1 = none (trunk all) */
	enum fsw_vlan_mode vlan_mode;
	size_t n_trunks;
	uint16_t *trunks;	/* VLANs a trunk port carries, sorted */
	struct fsw_qos *qos;	/* NULL = no QoS */
	struct fsw_smap other_config;
};

/* sFlow export of a bridge (lib/fsw-config-sflow.c). */
#define FSW_SFLOW_DEFAULT_SAMPLING 400	/* one packet in N */
#define FSW_SFLOW_DEFAULT_POLLING 30	/* seconds between counter samples */
#define FSW_SFLOW_DEFAULT_HEADER 128	/* bytes of each sampled packet */
#define FSW_SFLOW_DEFAULT_PORT 6343
#define FSW_SFLOW_MAX_POLLING 3600
#define FSW_SFLOW_MIN_HEADER 14
#define FSW_SFLOW_MAX_HEADER 512

struct fsw_sflow {
	char *target;		/* collector "IPv4[:PORT]" or "[IPv6][:PORT]" */
	uint32_t sampling;	/* >= 1 */
	uint32_t polling;	/* seconds, 0 = no counter samples */
	uint32_t header;	/* bytes */
	char *agent;		/* agent IP address, NULL = automatic */
};

struct fsw_bridge {
	char *name;
	enum fsw_dp_type datapath_type;
	enum fsw_fail_mode fail_mode;
	size_t n_controllers;
	char **controllers;	/* targets, e.g. "tcp:192.0.2.1:6653" */
	uint32_t protocols;	/* FSW_OFP*_BIT, 0 = default */
	bool has_datapath_id;
	uint64_t datapath_id;	/* only when has_datapath_id */
	struct fsw_smap other_config;
	size_t n_ports;
	struct fsw_port *ports;	/* in the order they were added */
	struct fsw_sflow *sflow;	/* NULL = no sFlow */
};

/* TLS settings for every ssl: and pssl: target (fsw-vsctl set-ssl):
 * absolute paths of PEM files.  Only the paths live here; fsw-vswitchd
 * loads the files and refuses settings it cannot use. */
struct fsw_ssl {
	char *private_key;
	char *certificate;
	char *ca_cert;
};

struct fsw_config {
	char *uuid;		/* random id of this installation */
	size_t n_managers;
	char **managers;	/* management listeners/targets */
	struct fsw_ssl *ssl;	/* NULL: not configured */
	size_t n_bridges;
	struct fsw_bridge *bridges;
};

/* Lifecycle. */
struct fsw_config *fsw_config_create(void);
void fsw_config_destroy(struct fsw_config *);
struct fsw_config *fsw_config_clone(const struct fsw_config *);

/* JSON (the file format and the "get-config" reply). */
json_t *fsw_config_to_json(const struct fsw_config *);
int fsw_config_from_json(const json_t *, struct fsw_config **, char **errp);

/* Persistence.  load: a missing file yields an empty configuration;
 * anything unreadable, unparsable or invalid is an error. */
int fsw_config_load(const char *path, struct fsw_config **, char **errp);
int fsw_config_save(const struct fsw_config *, const char *path,
		    char **errp);
/* Test seam: when non-zero, fsw_config_save() writes only this many bytes
 * of the temporary file and fails as if the process died there. */
extern size_t fsw_config_save_crash_after;

/* Whole-configuration checks (also run by load and transact). */
int fsw_config_validate(const struct fsw_config *, char **errp);

/* Lookups. */
struct fsw_bridge *fsw_config_find_bridge(const struct fsw_config *,
					  const char *name);
struct fsw_port *fsw_config_find_port(const struct fsw_config *,
				      const char *name,
				      struct fsw_bridge **brp);

/* Syntax checks, usable on their own (fsw-vsctl). */
bool fsw_valid_ifname(const char *);
int fsw_check_ifname(const char *what, const char *name, char **errp);
int fsw_check_target(const char *target, char **errp);
/* Datapath id: exactly 16 hex digits. */
int fsw_parse_dpid(const char *, uint64_t *);
const char *fsw_dp_type_to_string(enum fsw_dp_type);
int fsw_dp_type_from_string(const char *, enum fsw_dp_type *);
const char *fsw_fail_mode_to_string(enum fsw_fail_mode);
int fsw_fail_mode_from_string(const char *, enum fsw_fail_mode *);
/* "OpenFlow10,OpenFlow13", "[OpenFlow13]", "" (= default). */
int fsw_protocols_from_string(const char *, uint32_t *);
json_t *fsw_protocols_to_json(uint32_t);
const char *fsw_vlan_mode_to_string(enum fsw_vlan_mode);
int fsw_vlan_mode_from_string(const char *, enum fsw_vlan_mode *);
const char *fsw_port_type_to_string(enum fsw_port_type);
int fsw_port_type_from_string(const char *, enum fsw_port_type *);

/* Operations (lib/fsw-config-ops.c).  OP is a JSON object; see the comment
 * at the top of fsw-config-ops.c for the list.  apply: changes CFG in place,
 * possibly partly on error (use transact for all-or-nothing). */
int fsw_config_apply(struct fsw_config *, const json_t *op, char **errp);
/* Applies every operation of the array OPS to a copy of *CFGP; on success
 * the copy is validated and replaces *CFGP (old one freed).  On error
 * *CFGP is untouched and ERRP names the first failing operation. */
int fsw_config_transact(struct fsw_config **cfgp, const json_t *ops,
			char **errp);

/* sFlow settings (lib/fsw-config-sflow.c). */
struct fsw_sflow *fsw_sflow_create(void);	/* with the defaults */
void fsw_sflow_destroy(struct fsw_sflow *);
int fsw_sflow_validate(const char *brname, const struct fsw_sflow *,
		       char **errp);
json_t *fsw_sflow_to_json(const struct fsw_sflow *);
int fsw_sflow_from_json(const json_t *, struct fsw_sflow **,
			const char *ctx, char **errp);
/* "IPv4[:PORT]", "[IPv6][:PORT]" (port 6343 by default); "IP". */
int fsw_sflow_parse_target(const char *, struct sockaddr_storage *,
			   socklen_t *lenp);
int fsw_sflow_parse_addr(const char *, struct sockaddr_storage *,
			 socklen_t *lenp);

/* TLS settings (lib/fsw-config-ssl.c).  NULL is "not configured". */
void fsw_ssl_destroy(struct fsw_ssl *);
bool fsw_ssl_equal(const struct fsw_ssl *, const struct fsw_ssl *);

/* smap helpers. */
const char *fsw_smap_get(const struct fsw_smap *, const char *key);
void fsw_smap_set(struct fsw_smap *, const char *key, const char *value);
bool fsw_smap_remove(struct fsw_smap *, const char *key);
void fsw_smap_clear(struct fsw_smap *);

/* Frees a port's or bridge's contents (not the struct itself). */
void fsw_port_uninit(struct fsw_port *);
void fsw_bridge_uninit(struct fsw_bridge *);

#endif
