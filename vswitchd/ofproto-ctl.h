/* Control commands of the bridge layer (see ofproto-ctl.c). */
#ifndef FSW_OFPROTO_CTL_H
#define FSW_OFPROTO_CTL_H 1

void ofproto_ctl_register(void);

#endif
