/*
 * Network devices for the userspace datapath's ports: TAP devices for
 * internal ports, AF_PACKET sockets on existing devices for netdev ports.
 * Every fd is non-blocking; errors are negative errno.
 */
#ifndef FSW_DP_NETDEV_H
#define FSW_DP_NETDEV_H 1

#include "buf.h"

/* Creates TAP device NAME; returns its fd. */
int dp_tap_open(const char *name);
/* Opens a packet socket on existing device NAME (-ENODEV if none). */
int dp_raw_open(const char *name);
/* Read one frame into PKT: 0, -EAGAIN when none is waiting, or -EIO
 * for a frame to ignore (on a packet socket, one the host sent). */
int dp_tap_recv(int fd, struct buf *pkt);
int dp_raw_recv(int fd, struct buf *pkt);

#endif
