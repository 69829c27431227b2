/*
 * The packet parser shared with flowswitch.ko, compiled for userspace.
 * The source lives in datapath/ so that Kbuild can build it too; this
 * wrapper gives the userspace object its own name, so the module's
 * datapath/flow_extract.o and libfsw's object never collide.
 */
#include <config.h>
#include "../datapath/flow_extract.c"
