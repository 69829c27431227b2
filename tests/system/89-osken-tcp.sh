#!/bin/sh
# os-ken (simple_switch_13) drives fsw-vswitchd over TCP; hosts ping.
OSKEN_PROTO=tcp
. ./osken-body.sh
