#!/bin/sh
# os-ken (our learning_switch_13 app) drives fsw-vswitchd over TCP; hosts ping.
OSKEN_PROTO=tcp
. ./osken-body.sh
