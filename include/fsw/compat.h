/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few library facilities that code shared by flowswitch.ko and
 * userspace needs (byte order, memset/memcpy, offsetof, errno values),
 * spelled the same way on both sides.  Shared .c files include this one
 * header instead of kernel or libc headers.
 */
#ifndef FSW_COMPAT_H
#define FSW_COMPAT_H 1

#include <linux/types.h>

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <asm/byteorder.h>

#define fsw_htons(x) cpu_to_be16(x)
#define fsw_ntohs(x) be16_to_cpu(x)
#define fsw_htonl(x) cpu_to_be32(x)
#define fsw_ntohl(x) be32_to_cpu(x)
#else
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <endian.h>

#define fsw_htons(x) ((__be16)htobe16(x))
#define fsw_ntohs(x) be16toh(x)
#define fsw_htonl(x) ((__be32)htobe32(x))
#define fsw_ntohl(x) be32toh(x)
#endif

#endif
