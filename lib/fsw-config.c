/*
 * The persistent configuration: model, JSON form, validation, crash-safe
 * storage.  Operations that change it are in fsw-config-ops.c.
 */
#include <config.h>
#include "fsw-config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "fsw-config-priv.h"
#include "log.h"
#include "util.h"

LOG_MODULE(config);

size_t fsw_config_save_crash_after;

int cfg_fail(char **errp, int err, const char *fmt, ...)
{
	va_list args;

	if (errp) {
		va_start(args, fmt);
		if (vasprintf(errp, fmt, args) < 0)
			*errp = NULL;
		va_end(args);
	}
	return err;
}

/* ---- small helpers ---------------------------------------------------- */

const char *fsw_smap_get(const struct fsw_smap *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->keys[i], key))
			return m->values[i];
	return NULL;
}

void fsw_smap_set(struct fsw_smap *m, const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (!strcmp(m->keys[i], key)) {
			free(m->values[i]);
			m->values[i] = xstrdup(value);
			return;
		}
	}
	m->keys = xrealloc(m->keys, (m->n + 1) * sizeof *m->keys);
	m->values = xrealloc(m->values, (m->n + 1) * sizeof *m->values);
	m->keys[m->n] = xstrdup(key);
	m->values[m->n] = xstrdup(value);
	m->n++;
}

bool fsw_smap_remove(struct fsw_smap *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (!strcmp(m->keys[i], key)) {
			free(m->keys[i]);
			free(m->values[i]);
			m->n--;
			memmove(&m->keys[i], &m->keys[i + 1],
				(m->n - i) * sizeof *m->keys);
			memmove(&m->values[i], &m->values[i + 1],
				(m->n - i) * sizeof *m->values);
			return true;
		}
	}
	return false;
}

void fsw_smap_clear(struct fsw_smap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->keys[i]);
		free(m->values[i]);
	}
	free(m->keys);
	free(m->values);
	memset(m, 0, sizeof *m);
}

void cfg_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void fsw_qos_destroy(struct fsw_qos *q)
{
	if (q) {
		free(q->type);
		free(q->queues);
		free(q);
	}
}

void fsw_port_uninit(struct fsw_port *p)
{
	free(p->name);
	free(p->trunks);
	fsw_qos_destroy(p->qos);
	fsw_smap_clear(&p->other_config);
}

void fsw_bridge_uninit(struct fsw_bridge *br)
{
	size_t i;

	free(br->name);
	cfg_strv_free(br->controllers, br->n_controllers);
	fsw_smap_clear(&br->other_config);
	for (i = 0; i < br->n_ports; i++)
		fsw_port_uninit(&br->ports[i]);
	free(br->ports);
	fsw_sflow_destroy(br->sflow);
}

static char *make_uuid(void)
{
	uint8_t b[16];
	ssize_t n = getrandom(b, sizeof b, 0);
	size_t i;

	/* Not security relevant: only an identifier shown by "show". */
	for (i = n < 0 ? 0 : (size_t)n; i < sizeof b; i++)
		b[i] = (uint8_t)rand();
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	return xasprintf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
			 "%02x%02x%02x%02x%02x%02x",
			 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8],
			 b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

struct fsw_config *fsw_config_create(void)
{
	struct fsw_config *cfg = xzalloc(sizeof *cfg);

	cfg->uuid = make_uuid();
	return cfg;
}

void fsw_config_destroy(struct fsw_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	free(cfg->uuid);
	cfg_strv_free(cfg->managers, cfg->n_managers);
	fsw_ssl_destroy(cfg->ssl);
	for (i = 0; i < cfg->n_bridges; i++)
		fsw_bridge_uninit(&cfg->bridges[i]);
	free(cfg->bridges);
	free(cfg);
}

struct fsw_config *fsw_config_clone(const struct fsw_config *cfg)
{
	json_t *j = fsw_config_to_json(cfg);
	struct fsw_config *copy = NULL;
	char *err = NULL;

	/* The JSON round trip is exact for valid configurations, and keeps
	 * a single place that knows every field. */
	if (fsw_config_from_json(j, &copy, &err)) {
		fprintf(stderr, "fsw_config_clone: %s\n", err);
		abort();
	}
	json_decref(j);
	return copy;
}

struct fsw_bridge *fsw_config_find_bridge(const struct fsw_config *cfg,
					  const char *name)
{
	size_t i;

	for (i = 0; i < cfg->n_bridges; i++)
		if (!strcmp(cfg->bridges[i].name, name))
			return &cfg->bridges[i];
	return NULL;
}

struct fsw_port *fsw_config_find_port(const struct fsw_config *cfg,
				      const char *name,
				      struct fsw_bridge **brp)
{
	size_t i, j;

	for (i = 0; i < cfg->n_bridges; i++) {
		struct fsw_bridge *br = &cfg->bridges[i];

		for (j = 0; j < br->n_ports; j++) {
			if (!strcmp(br->ports[j].name, name)) {
				if (brp)
					*brp = br;
				return &br->ports[j];
			}
		}
	}
	return NULL;
}

/* ---- enums ------------------------------------------------------------ */

const char *fsw_dp_type_to_string(enum fsw_dp_type t)
{
	return t == FSW_DP_NETDEV ? "netdev" : "system";
}

int fsw_dp_type_from_string(const char *s, enum fsw_dp_type *t)
{
	/* "kernel"/"userspace" are accepted as plain-language aliases. */
	if (!strcmp(s, "system") || !strcmp(s, "kernel") || !*s)
		*t = FSW_DP_SYSTEM;
	else if (!strcmp(s, "netdev") || !strcmp(s, "userspace"))
		*t = FSW_DP_NETDEV;
	else
		return -EINVAL;
	return 0;
}

const char *fsw_fail_mode_to_string(enum fsw_fail_mode m)
{
	return m == FSW_FAIL_SECURE ? "secure"
		: m == FSW_FAIL_STANDALONE ? "standalone" : "";
}

int fsw_fail_mode_from_string(const char *s, enum fsw_fail_mode *m)
{
	if (!strcmp(s, "standalone"))
		*m = FSW_FAIL_STANDALONE;
	else if (!strcmp(s, "secure"))
		*m = FSW_FAIL_SECURE;
	else if (!*s)
		*m = FSW_FAIL_UNSET;
	else
		return -EINVAL;
	return 0;
}

const char *fsw_port_type_to_string(enum fsw_port_type t)
{
	return t == FSW_PORT_INTERNAL ? "internal" : "system";
}

int fsw_port_type_from_string(const char *s, enum fsw_port_type *t)
{
	if (!strcmp(s, "system") || !*s)
		*t = FSW_PORT_SYSTEM;
	else if (!strcmp(s, "internal"))
		*t = FSW_PORT_INTERNAL;
	else
		return -EINVAL;
	return 0;
}

static const struct {
	const char *name;
	uint32_t bit;
} protocol_names[] = {
	{ "OpenFlow10", FSW_OFP10_BIT },
	{ "OpenFlow13", FSW_OFP13_BIT },
};

int fsw_protocols_from_string(const char *s, uint32_t *bits)
{
	char *copy = xstrdup(s), *p = copy, *tok, *save;
	size_t len = strlen(p), i;
	int err = 0;

	*bits = 0;
	if (len >= 2 && p[0] == '[' && p[len - 1] == ']') {
		p[len - 1] = '\0';
		p++;
	}
	for (tok = strtok_r(p, ", ", &save); tok && !err;
	     tok = strtok_r(NULL, ", ", &save)) {
		for (i = 0; i < ARRAY_SIZE(protocol_names); i++)
			if (!strcmp(tok, protocol_names[i].name))
				break;
		if (i == ARRAY_SIZE(protocol_names))
			err = -EINVAL;
		else
			*bits |= protocol_names[i].bit;
	}
	free(copy);
	return err;
}

json_t *fsw_protocols_to_json(uint32_t bits)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protocol_names); i++)
		if (bits & protocol_names[i].bit)
			json_array_append_new(a,
					json_string(protocol_names[i].name));
	return a;
}

static const char *const vlan_mode_names[] = {
	"", "access", "trunk", "native-tagged", "native-untagged"
};

const char *fsw_vlan_mode_to_string(enum fsw_vlan_mode m)
{
	return m < ARRAY_SIZE(vlan_mode_names) ? vlan_mode_names[m] : "";
}

int fsw_vlan_mode_from_string(const char *s, enum fsw_vlan_mode *m)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vlan_mode_names); i++) {
		if (!strcmp(s, vlan_mode_names[i])) {
			*m = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* ---- syntax ----------------------------------------------------------- */

/* The rules Linux applies to a network device name: 1..15 bytes, not "."
 * or "..", no '/', ':' or white space.  We also refuse non-printable and
 * non-ASCII bytes, which Linux allows but no tool displays sanely. */
bool fsw_valid_ifname(const char *s)
{
	size_t len = strlen(s);
	const char *p;

	if (len == 0 || len > 15 || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (p = s; *p; p++) {
		unsigned char c = *p;

		if (c <= ' ' || c >= 0x7f || c == '/' || c == ':')
			return false;
	}
	return true;
}

int fsw_check_ifname(const char *what, const char *name, char **errp)
{
	if (fsw_valid_ifname(name))
		return 0;
	return cfg_fail(errp, -EINVAL,
			"invalid %s name \"%s\": must be 1 to 15 printable "
			"characters without '/', ':' or spaces", what, name);
}

static bool valid_port(const char *s, bool empty_ok)
{
	unsigned long long v;
	const char *p;

	if (!*s)
		return empty_ok;
	for (p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return !str_to_uint(s, 65535, &v) && v > 0;
}

/* IP is "a.b.c.d" or "[v6]"; LEN bytes of S. */
static bool valid_ip(const char *s, size_t len)
{
	char buf[INET6_ADDRSTRLEN + 2];
	struct in6_addr a6;
	struct in_addr a4;

	if (len == 0 || len >= sizeof buf)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (buf[0] == '[') {
		if (len < 3 || buf[len - 1] != ']')
			return false;
		buf[len - 1] = '\0';
		return inet_pton(AF_INET6, buf + 1, &a6) == 1;
	}
	return inet_pton(AF_INET, buf, &a4) == 1;
}

/* Length of the IP at the start of S: up to ':' for IPv4, up to and
 * including ']' for IPv6. */
static size_t ip_len(const char *s)
{
	const char *end;

	if (*s == '[') {
		end = strchr(s, ']');
		return end ? (size_t)(end - s + 1) : strlen(s);
	}
	end = strchr(s, ':');
	return end ? (size_t)(end - s) : strlen(s);
}

/* "IP[:PORT]" */
static bool valid_active(const char *s)
{
	size_t n = ip_len(s);

	if (!valid_ip(s, n))
		return false;
	if (!s[n])
		return true;
	return s[n] == ':' && valid_port(s + n + 1, false);
}

/* "[PORT][:IP]" */
static bool valid_passive(const char *s)
{
	const char *colon = strchr(s, ':');
	char port[8];
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	if (n >= sizeof port)
		return false;
	memcpy(port, s, n);
	port[n] = '\0';
	if (!valid_port(port, true))
		return false;
	return !colon || valid_ip(colon + 1, strlen(colon + 1));
}

static bool valid_path(const char *s)
{
	return *s && strlen(s) < sizeof(((struct sockaddr_un *)0)->sun_path);
}

int fsw_check_target(const char *t, char **errp)
{
	bool ok;

	if (!strncmp(t, "tcp:", 4) || !strncmp(t, "ssl:", 4))
		ok = valid_active(t + 4);
	else if (!strncmp(t, "ptcp:", 5) || !strncmp(t, "pssl:", 5))
		ok = valid_passive(t + 5);
	else if (!strncmp(t, "unix:", 5))
		ok = valid_path(t + 5);
	else if (!strncmp(t, "punix:", 6))
		ok = valid_path(t + 6);
	else
		return cfg_fail(errp, -EINVAL, "invalid target \"%s\": expected "
				"tcp:IP[:PORT], ssl:IP[:PORT], ptcp:[PORT][:IP], "
				"pssl:[PORT][:IP], unix:PATH or punix:PATH", t);
	if (!ok)
		return cfg_fail(errp, -EINVAL, "invalid target \"%s\": bad "
				"address, port (1-65535) or path", t);
	return 0;
}

/* ---- validation ------------------------------------------------------- */

int fsw_qos_validate(const struct fsw_port *p, char **errp)
{
	const struct fsw_qos *q = p->qos;
	size_t i;

	if (strcmp(q->type, "linux-htb"))
		return cfg_fail(errp, -EINVAL, "port %s: unsupported QoS type "
				"\"%s\" (only linux-htb)", p->name, q->type);
	for (i = 0; i < q->n_queues; i++) {
		const struct fsw_queue *qu = &q->queues[i];

		if (i && q->queues[i - 1].id >= qu->id)
			return cfg_fail(errp, -EINVAL, "port %s: duplicate "
					"QoS queue %u", p->name, qu->id);
		if (qu->id > 0xfffffffeU)
			return cfg_fail(errp, -EINVAL, "port %s: queue id %u "
					"out of range", p->name, qu->id);
		if (qu->min_rate && qu->max_rate && qu->min_rate > qu->max_rate)
			return cfg_fail(errp, -EINVAL, "port %s: queue %u: "
					"min-rate %" PRIu64 " exceeds max-rate "
					"%" PRIu64, p->name, qu->id,
					qu->min_rate, qu->max_rate);
		if (qu->priority < -1)
			return cfg_fail(errp, -EINVAL, "port %s: queue %u: "
					"bad priority", p->name, qu->id);
	}
	return 0;
}

static int validate_port(const struct fsw_config *cfg,
			 const struct fsw_bridge *br, size_t idx, char **errp)
{
	const struct fsw_port *p = &br->ports[idx];
	struct fsw_bridge *other;
	size_t i;
	int err;

	err = fsw_check_ifname("port", p->name, errp);
	if (err)
		return err;
	if (fsw_config_find_bridge(cfg, p->name))
		return cfg_fail(errp, -EEXIST, "port %s: a bridge has that "
				"name", p->name);
	if (fsw_config_find_port(cfg, p->name, &other) != p)
		return cfg_fail(errp, -EEXIST, "port %s is on more than one "
				"bridge or twice on %s", p->name, other->name);
	if (p->ofport == 0 || p->ofport > FSW_OFPORT_MAX)
		return cfg_fail(errp, -EINVAL, "port %s: OpenFlow port %u out "
				"of range 1-%u", p->name, p->ofport,
				FSW_OFPORT_MAX);
	for (i = 0; i < idx; i++)
		if (br->ports[i].ofport == p->ofport)
			return cfg_fail(errp, -EEXIST, "bridge %s: ports %s "
					"and %s share OpenFlow port %u",
					br->name, br->ports[i].name, p->name,
					p->ofport);
	if (p->tag < -1 || p->tag > FSW_VLAN_MAX)
		return cfg_fail(errp, -EINVAL, "port %s: tag %d out of range "
				"0-4095", p->name, p->tag);
	for (i = 0; i < p->n_trunks; i++) {
		if (p->trunks[i] > FSW_VLAN_MAX ||
		    (i && p->trunks[i - 1] >= p->trunks[i]))
			return cfg_fail(errp, -EINVAL, "port %s: trunks must "
					"be distinct VLANs 0-4095", p->name);
	}
	return p->qos ? fsw_qos_validate(p, errp) : 0;
}

static int validate_targets(const char *what, char **v, size_t n,
			    char **errp)
{
	char *e = NULL;
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (fsw_check_target(v[i], &e)) {
			cfg_fail(errp, -EINVAL, "%s: %s", what, e);
			free(e);
			return -EINVAL;
		}
		for (j = 0; j < i; j++)
			if (!strcmp(v[i], v[j]))
				return cfg_fail(errp, -EEXIST, "%s: target "
						"\"%s\" listed twice", what,
						v[i]);
	}
	return 0;
}

int fsw_config_validate(const struct fsw_config *cfg, char **errp)
{
	size_t i, j;
	int err;

	err = validate_targets("manager", cfg->managers, cfg->n_managers,
			       errp);
	if (!err && cfg->ssl)
		err = fsw_ssl_validate(cfg->ssl, errp);
	if (err)
		return err;
	for (i = 0; i < cfg->n_bridges; i++) {
		const struct fsw_bridge *br = &cfg->bridges[i];
		char *what;

		err = fsw_check_ifname("bridge", br->name, errp);
		if (err)
			return err;
		if (fsw_config_find_bridge(cfg, br->name) != br)
			return cfg_fail(errp, -EEXIST, "bridge %s defined "
					"twice", br->name);
		what = xasprintf("bridge %s controller", br->name);
		err = validate_targets(what, br->controllers,
				       br->n_controllers, errp);
		free(what);
		if (err)
			return err;
		for (j = 0; j < br->n_ports; j++) {
			err = validate_port(cfg, br, j, errp);
			if (err)
				return err;
		}
		if (br->sflow && (err = fsw_sflow_validate(br->name, br->sflow,
							   errp)))
			return err;
	}
	return 0;
}

/* ---- persistence ------------------------------------------------------ */

static int read_file(const char *path, char **datap, size_t *lenp,
		     char **errp)
{
	size_t len = 0, cap = 4096;
	char *data;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	data = xmalloc(cap);
	for (;;) {
		if (len == cap) {
			if (cap >= 64 << 20) {
				free(data);
				close(fd);
				return cfg_fail(errp, -EFBIG, "%s: larger than "
						"64 MiB, refusing it", path);
			}
			cap *= 2;
			data = xrealloc(data, cap);
		}
		n = read(fd, data + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;

			free(data);
			close(fd);
			return cfg_fail(errp, err, "%s: read failed: %s", path,
					strerror(-err));
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	*datap = data;
	*lenp = len;
	return 0;
}

int fsw_config_load(const char *path, struct fsw_config **cfgp, char **errp)
{
	json_error_t jerr;
	char *data = NULL, *e = NULL;
	size_t len = 0;
	json_t *j;
	int err;

	*cfgp = NULL;
	if (errp)
		*errp = NULL;
	err = read_file(path, &data, &len, errp);
	if (err == -ENOENT) {
		*cfgp = fsw_config_create();
		return 0;
	}
	if (err && errp && *errp)
		return err;
	if (err)
		return cfg_fail(errp, err, "%s: cannot open: %s", path,
				strerror(-err));
	j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	free(data);
	if (!j)
		return cfg_fail(errp, -EINVAL, "%s: corrupt configuration, "
				"not valid JSON (line %d, column %d: %s)",
				path, jerr.line, jerr.column, jerr.text);
	err = fsw_config_from_json(j, cfgp, &e);
	json_decref(j);
	if (err) {
		cfg_fail(errp, err, "%s: invalid configuration: %s", path, e);
		free(e);
	}
	return err;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= n;
	}
	return 0;
}

static int fsync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd, err = 0;

	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd))
		err = -errno;
	if (fd >= 0)
		close(fd);
	free(copy);
	errno = -err;
	return err;
}

/* Write PATH.tmp, make it durable, then atomically rename it over PATH and
 * make the rename durable: a crash at any point leaves either the old or
 * the new complete file at PATH, never a mix. */
int fsw_config_save(const struct fsw_config *cfg, const char *path,
		    char **errp)
{
	char *tmp = xasprintf("%s.tmp", path);
	json_t *j = fsw_config_to_json(cfg);
	char *text = json_dumps(j, JSON_INDENT(2));
	const char *step = "open";
	size_t len;
	int fd, err = 0;

	json_decref(j);
	if (!text) {
		free(tmp);
		return cfg_fail(errp, -ENOMEM, "out of memory");
	}
	len = strlen(text);
	text[len++] = '\n';	/* json_dumps leaves room: replaces NUL */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	if (fsw_config_save_crash_after && fsw_config_save_crash_after < len) {
		write_all(fd, text, fsw_config_save_crash_after);
		close(fd);
		err = -EIO;
		step = "write (simulated crash)";
		goto out;
	}
	step = "write";
	err = write_all(fd, text, len);
	if (!err) {
		step = "fsync";
		if (fsync(fd))
			err = -errno;
	}
	if (close(fd) && !err) {
		step = "close";
		err = -errno;
	}
	if (!err) {
		step = "rename";
		if (rename(tmp, path))
			err = -errno;
	}
	if (!err && fsync_dir(path)) {
		/* The new file is in place already: failing now would leave
		 * the caller believing nothing changed.  Without the
		 * directory fsync a power cut may bring the old file back,
		 * which is still a complete configuration. */
		LOG_WARN("%s: fsync of its directory failed: %s", path,
			 strerror(errno));
	}
out:
	if (err)
		cfg_fail(errp, err, "saving configuration: %s %s failed: %s",
			 step, tmp, strerror(-err));
	free(text);
	free(tmp);
	return err;
}
