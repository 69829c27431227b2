# Helpers shared by the system tests (sourced; runs inside the guest).
KO=$FSW_SRCDIR/datapath/flowswitch.ko
B=$FSW_BUILDDIR

fail()
{
	echo "FAIL: $*"
	exit 1
}

check()
{
	desc=$1
	shift
	if "$@"; then
		echo "ok: $desc"
	else
		fail "$desc (command: $*)"
	fi
}

# check_not DESC CMD...: CMD must fail.
check_not()
{
	desc=$1
	shift
	if "$@"; then
		fail "$desc (unexpectedly succeeded: $*)"
	else
		echo "ok: $desc"
	fi
}

# Load flowswitch.ko (and veth); Linux's openvswitch.ko must not be
# loaded at the same time: both register the same family names.
fsw_load()
{
	modprobe veth || fail "cannot load veth"
	rmmod openvswitch 2>/dev/null
	lsmod | grep -q '^flowswitch ' && return 0
	insmod "$KO" || fail "cannot load $KO"
}

fsw_unload()
{
	rmmod flowswitch || fail "cannot unload flowswitch"
}

# ovs_load: Linux's own openvswitch.ko, for interoperability tests.
ovs_load()
{
	lsmod | grep -q '^flowswitch ' && rmmod flowswitch
	modprobe openvswitch || fail "cannot load openvswitch.ko"
}

# Uses a dump: `genl ctrl get name X` would autoload a module providing X
# (Linux's openvswitch.ko) and so hide a family we failed to register.
genl_family_present()
{
	genl ctrl list 2>/dev/null | grep -q "^Name: $1\$"
}

# two_hosts: namespaces h1 and h2 (10.0.0.1 and 10.0.0.2), each joined
# by a veth pair whose outer end (v1, v2) stays in the root namespace.
two_hosts()
{
	for i in 1 2; do
		ip netns add h$i
		ip link add name v$i type veth peer name e$i
		ip link set e$i netns h$i
		ip -n h$i addr add 10.0.0.$i/24 dev e$i
		ip -n h$i link set e$i address 02:00:00:00:00:0$i
		ip -n h$i link set e$i up
		ip -n h$i link set lo up
		ip link set v$i up
	done
}

two_hosts_cleanup()
{
	for i in 1 2; do
		ip link del v$i 2>/dev/null
		ip netns del h$i 2>/dev/null
	done
}
