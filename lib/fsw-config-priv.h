/* Internals shared by the lib/fsw-config*.c files. */
#ifndef FSW_CONFIG_PRIV_H
#define FSW_CONFIG_PRIV_H 1

#include "fsw-config.h"

/* Sets *ERRP (when ERRP is non-null) to a formatted message; returns ERR. */
int cfg_fail(char **errp, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cfg_strv_free(char **v, size_t n);
void fsw_qos_destroy(struct fsw_qos *);
int fsw_qos_from_json(const json_t *, struct fsw_qos **, char **errp);
int fsw_qos_validate(const struct fsw_port *, char **errp);
int fsw_config_op_set(struct fsw_config *, const json_t *op, char **errp);
int fsw_config_op_set_sflow(struct fsw_config *, const json_t *op,
			    char **errp);
int fsw_config_op_clear(struct fsw_config *, const json_t *op, char **errp);
json_t *fsw_ssl_to_json(const struct fsw_ssl *);
int fsw_ssl_from_json(const json_t *, struct fsw_ssl **, char **errp);
int fsw_ssl_validate(const struct fsw_ssl *, char **errp);
int fsw_config_op_set_ssl(struct fsw_config *, const json_t *op,
			  char **errp);
int fsw_config_op_del_ssl(struct fsw_config *, const json_t *op,
			  char **errp);

#endif
