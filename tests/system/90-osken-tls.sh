#!/bin/sh
# os-ken (our learning_switch_13 app) drives fsw-vswitchd over TLS; hosts ping.
OSKEN_PROTO=ssl
. ./osken-body.sh
