/*
 * Linux tc set-up of a port's QoS (type linux-htb), through rtnetlink
 * (libnl-route-3).  A port with QoS gets an htb root qdisc 1:, a root
 * class 1:fffe at the QoS max-rate and class 1:(N+1) for queue N, so
 * that the skb priority set_queue:N gives (TC_H_MAKE(1:, N+1)) selects
 * the queue's class.  Errors are logged and shown as the interface's
 * "qos_error" status; nothing here is fatal.
 *
 *   qos_port_set("v2", cfg->qos);     on every reconfiguration
 *   qos_port_set("v2", NULL);         QoS cleared: the qdisc goes away
 *   qos_port_forget("v2");            port left the bridge (removes too)
 */
#ifndef FSW_VSWITCHD_QOS_H
#define FSW_VSWITCHD_QOS_H 1

#include "fsw-config.h"

/* Makes DEV's tc set-up match QOS (NULL: none).  Does nothing when the
 * last successful set-up already matches, so it is cheap to call on every
 * reconfiguration and again when the device appears. */
void qos_port_set(const char *dev, const struct fsw_qos *qos);
/* Removes what qos_port_set() installed on DEV and forgets DEV. */
void qos_port_forget(const char *dev);

#endif
