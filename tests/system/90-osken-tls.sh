#!/bin/sh
# os-ken (simple_switch_13) drives fsw-vswitchd over TLS; hosts ping.
OSKEN_PROTO=ssl
. ./osken-body.sh
