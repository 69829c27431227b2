# Body of tests 86 and 87: our fsw-vswitchd, configured with fsw-vsctl,
# bridges two hosts on the kernel datapath chosen by INTEROP_KMOD (ovs:
# Linux's openvswitch.ko, fsw: our flowswitch.ko).  Standalone bridge
# (NORMAL learning through upcalls), then megaflows in the kernel.
. ./lib.sh
. ./ofctllib.sh
. ./interoplib.sh
kmod_load
diag()
{
	show_log $FSWRUN/fsw-vswitchd.log 60
	ovs-dpctl show 2>&1
	ovs-dpctl dump-flows 2>&1 | head -20
	dmesg | tail -20
}
cleanup()
{
	[ $? = 0 ] || diag
	fsw_stop
	switch_teardown
}
trap cleanup EXIT
fsw_start
two_hosts
check "add-br" $FV add-br br0
check "add-port v1, v2" $FV add-port br0 v1 -- add-port br0 v2
wait_until 20 sh -c "ovs-dpctl show | grep -q ': v2$'" ||
	fail "v2 never reached the kernel datapath"
ovs-dpctl show
check "both ports in the datapath" sh -c "ovs-dpctl show | grep -q ': v1$'"
ping_hosts 30
ovs-dpctl dump-flows >/tmp/dpflows
cat /tmp/dpflows
check "megaflows installed in the kernel" grep -q "actions:" /tmp/dpflows
check "kernel flows hit" grep -q "packets:[1-9]" /tmp/dpflows
check "fsw-vsctl del-port v2" $FV del-port br0 v2
wait_until 20 sh -c "! ip netns exec h1 ping -c 1 -W 1 10.0.0.2" ||
	fail "h1 still reaches h2 with v2 off the bridge"
echo "ok: no path once v2 left the bridge"
check "fsw-vsctl del-br" $FV del-br br0
wait_until 20 sh -c "! ovs-dpctl show | grep -q ': v1$'" ||
	fail "v1 still in a datapath after del-br"
echo "ok: datapath emptied"
