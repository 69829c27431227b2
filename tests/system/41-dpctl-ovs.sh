#!/bin/sh
# fsw-dpctl against Linux's openvswitch.ko (see dpctl-body.sh).
. ./lib.sh
ovs_load
. ./dpctl-body.sh
