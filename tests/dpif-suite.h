/*
 * The provider-agnostic dpif test suite (tests/dpif-suite.c) and the
 * harness each program provides: ports the suite can send packets into
 * and capture packets from.  tests/dpif-harness-netlink.c uses veth
 * pairs (port "dpsN", peer "dpsN-p" read with AF_PACKET);
 * tests/dpif-harness-userspace.c uses in-memory test ports.
 */
#ifndef DPIF_SUITE_H
#define DPIF_SUITE_H 1

#include <stddef.h>
#include <stdint.h>
#include "buf.h"

struct dpif;

#define HARNESS_PORTS 2

extern const char *harness_dp_type;
/* Whether internal ports can be created here (they need privileges for
 * the userspace datapath's TAP devices). */
extern int harness_internal_ports;

int harness_init(void);
void harness_fini(void);
/* Adds harness port IDX to DP; its name is harness_port_name(IDX). */
int harness_port_add(struct dpif *, int idx, uint32_t *port_no);
const char *harness_port_name(int idx);
/* Sends a packet into the datapath through port IDX. */
int harness_inject(struct dpif *, int idx, const void *pkt, size_t len);
/* Waits up to TIMEOUT_MS for a packet the datapath sent out of port IDX;
 * 0 with the packet in PKT, -EAGAIN on timeout. */
int harness_capture(struct dpif *, int idx, struct buf *pkt, int timeout_ms);

int dpif_suite_run(void);

#endif
