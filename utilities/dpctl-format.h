/* Text forms of flow keys and actions for fsw-dpctl. */
#ifndef DPCTL_FORMAT_H
#define DPCTL_FORMAT_H 1

#include "buf.h"

/* Return malloc'd strings.  MASK may be empty (an exact key). */
char *dpctl_format_key(const struct buf *key, const struct buf *mask);
char *dpctl_format_actions(const struct buf *actions);

#endif
