#!/bin/sh
# Inside the benchmark VM (started by benchmarks/run-bench.sh): measures a
# bare veth pair, Open vSwitch 3.1 (Debian's openvswitch.ko + ovs-vswitchd)
# and Flowswitch (flowswitch.ko + fsw-vswitchd) on the same topology and
# appends raw figures to $RAW, one per line:
#   RESULT BENCH SWITCH VALUE      one run's figure
#   NA BENCH SWITCH REASON...      the switch could not be measured
#   INFO SWITCH TEXT...            context (flow counts, handler threads...)
# Summaries, ratios, JSON and the chart are made on the host afterwards.
B=${FSW_BUILDDIR:?}
S=${FSW_SRCDIR:?}
RAW=${BENCH_RAW:-/fsw-results/raw.txt}
RUNS=${BENCH_RUNS:-3}
SECS=${BENCH_SECS:-3}
P3_SECS=${BENCH_P3_SECS:-4}
NRULES=${BENCH_RULES:-100000}
P4_TIMEOUT=${BENCH_P4_TIMEOUT:-300}
PKT=$B/benchmarks/pktbench
KO=$S/datapath/flowswitch.ko
FLOWS=/tmp/bench-flows.txt
: >"$RAW"

rec() { echo "$*" >>"$RAW"; echo "$*"; }
now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{ printf "%.3f", $2 - $1 }'; }

# Sender and sink on different vCPUs when there are two.
if [ "$(nproc)" -ge 2 ]; then
	TX="taskset -c 0"
	RX="taskset -c 1"
else
	TX=
	RX=
fi

rec "INFO machine $(nproc) vCPUs, $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) MiB, kernel $(uname -r), runs=$RUNS secs=$SECS rules=$NRULES"

# --- topology ------------------------------------------------------------
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
modprobe veth

hosts_up()
{
	for i in 1 2; do
		ip netns exec h$i sysctl -qw net.ipv6.conf.all.disable_ipv6=1
		ip -n h$i link set lo up
		ip -n h$i addr add 10.0.0.$i/24 dev e$i
		ip -n h$i link set e$i up
	done
}

# h1/e1 <-> h2/e2 directly: the ceiling.
topo_veth()
{
	ip netns add h1 && ip netns add h2
	ip link add e1 netns h1 type veth peer name e2 netns h2
	hosts_up
}

# h1/e1 -- v1 [switch] v2 -- e2/h2.
topo_switch()
{
	ip netns add h1 && ip netns add h2
	for i in 1 2; do
		ip link add v$i type veth peer name e$i netns h$i
		ip link set v$i up
	done
	hosts_up
}

topo_clean()
{
	ip link del v1 2>/dev/null
	ip link del v2 2>/dev/null
	ip netns del h1 2>/dev/null
	ip netns del h2 2>/dev/null
}

# --- packet runs -----------------------------------------------------------
# pkt_run IDLE SENDER-ARGS...: runs the sink in h2 and the sender in h1;
# leaves the sink's KEY=VALUE line in $RXOUT and the sender's in $TXOUT.
pkt_run()
{
	idle=$1
	shift
	rm -f /tmp/rx.out /tmp/rx.err
	ip netns exec h2 $RX "$PKT" recv -i e2 -t $((SECS + P3_SECS + 30)) \
		-q "$idle" >/tmp/rx.out 2>/tmp/rx.err &
	rpid=$!
	n=0
	while ! grep -q receiving /tmp/rx.err 2>/dev/null && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	TXOUT=$(ip netns exec h1 $TX "$PKT" send -i e1 "$@" 2>&1)
	wait $rpid
	RXOUT=$(cat /tmp/rx.out)
	[ -s /tmp/rx.out ] || RXOUT="sink failed: $(cat /tmp/rx.err)"
}

kv() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1; }

# bench_fwd SWITCH: P1 (one flow) and P2 (10k microflows), $RUNS each.
bench_fwd()
{
	sw=$1
	for b in P1 P2; do
		if [ $b = P1 ]; then args="-f 1"; else args="-f 10000"; fi
		r=1
		while [ $r -le "$RUNS" ]; do
			pkt_run 1 -t "$SECS" $args
			pps=$(kv pps "$RXOUT")
			rec "INFO $sw $b run $r: tx: $TXOUT rx: $RXOUT"
			if [ -n "$pps" ] && [ "$(kv count "$RXOUT")" -gt 1 ]; then
				rec "RESULT $b $sw $pps"
			else
				rec "INFO $sw $b run $r received nothing"
			fi
			r=$((r + 1))
		done
		[ -n "$DPFLOWS" ] && rec "INFO $sw $b datapath flows after: $($DPFLOWS)"
		[ -n "$DPSAMPLE" ] && rec "INFO $sw $b sample datapath flows: $($DPSAMPLE 2>&1 | head -3 | tr '\n' ' ' | cut -c1-900)"
	done
}

# bench_setup SWITCH FLUSH-CMD: P3, every frame a new 5-tuple.  The figure
# is distinct flows delivered per second; the datapath's miss counter
# shows whether each one really went through an upcall.
bench_setup()
{
	sw=$1
	flush=$2
	r=1
	while [ $r -le "$RUNS" ]; do
		$flush >/dev/null 2>&1
		m0=$(dp_missed)
		pkt_run 2 -t "$P3_SECS" -u -o $((r * 10000000))
		m1=$(dp_missed)
		d=$(kv distinct "$RXOUT")
		w=$(kv window "$RXOUT")
		rec "INFO $sw P3 run $r: tx: $TXOUT rx: $RXOUT dp-misses: $((m1 - m0)) dp-flows: $($DPFLOWS)"
		if [ -n "$d" ] && [ "$d" -gt 1 ]; then
			rec "RESULT P3 $sw $(echo "$d $w" | awk '{ printf "%.0f", $1 / $2 }')"
			[ $((m1 - m0)) -lt $((d / 2)) ] &&
				rec "INFO $sw P3 run $r WARNING: only $((m1 - m0)) misses for $d flows: masked flows covered the new tuples"
		else
			rec "INFO $sw P3 run $r delivered nothing"
		fi
		r=$((r + 1))
	done
}

# Datapath miss counter from `ovs-dpctl show` (speaks the same netlink
# families to either module).
dp_missed()
{
	ovs-dpctl show 2>/dev/null |
		sed -n 's/.*lookups: hit:[0-9]* missed:\([0-9]*\).*/\1/p' |
		head -1 | grep . || echo 0
}

# Threads whose name says "handler" in process PID.
handlers() { cat /proc/"$1"/task/*/comm 2>/dev/null | grep -c handler; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' /proc/"$1"/status; }

gen_flows()
{
	awk -v n="$NRULES" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "priority=%d,ip,nw_dst=10.%d.%d.%d,actions=output:2\n",
				i % 65000 + 1, 100 + int(i / 65536),
				int(i / 256) % 256, i % 256
	}' >"$FLOWS"
}

# Rules in all tables, from dump-tables' "active=N" (dump-flows of 100k
# rules is slow to print and parse under TCG).
n_rules()
{
	timeout 60 $1 dump-tables br0 2>/dev/null |
		sed -n 's/.*active=\([0-9]*\).*/\1/p' | awk '{ s += $1 } END { print s + 0 }'
}

# bench_rules SWITCH OFCTL RESTART: P4 (add-flows time) and P6 (RSS with
# the rules loaded).  Each run starts from a freshly started daemon
# (RESTART kills the old one with SIGKILL and starts a new one, printing
# its pid): the same for both switches, and it avoids timing a teardown
# of 100k rules between runs.  The datapath's flows are flushed first so
# that no revalidation of earlier traffic's flows is timed.
bench_rules()
{
	sw=$1
	ofctl=$2
	restart=$3
	r=1
	while [ $r -le "$RUNS" ]; do
		if ! pid=$($restart); then
			rec "NA P4 $sw daemon restart failed: $pid"
			rec "NA P6 $sw daemon restart failed"
			return
		fi
		ovs-dpctl del-flows 2>/dev/null
		base=$(n_rules "$ofctl")
		rss0=$(rss_kb "$pid")
		t0=$(now)
		if ! out=$(timeout "$P4_TIMEOUT" $ofctl add-flows br0 "$FLOWS" 2>&1); then
			rec "NA P4 $sw add-flows failed or took over ${P4_TIMEOUT}s: $(echo "$out" | head -2 | tr '\n' ' ')"
			rec "NA P6 $sw add-flows did not complete"
			return
		fi
		t1=$(now)
		sleep 1
		cnt=$(n_rules "$ofctl")
		rss=$(rss_kb "$pid")
		rec "INFO $sw P4 run $r: $(elapsed "$t0" "$t1") s, rules $base -> $cnt, RSS $rss0 -> $rss kB"
		if [ "$cnt" -ge $((base + NRULES)) ]; then
			rec "RESULT P4 $sw $(elapsed "$t0" "$t1")"
			rec "RESULT P6 $sw $rss"
		else
			rec "NA P4 $sw only $((cnt - base)) of $NRULES rules were installed"
			rec "NA P6 $sw rules not all installed"
			return
		fi
		r=$((r + 1))
	done
}

# --- the veth ceiling ------------------------------------------------------
# BENCH_ONLY=flowswitch (or ovs, veth) measures just that one.
ONLY=${BENCH_ONLY:-all}
DPFLOWS=
DPSAMPLE=
if [ "$ONLY" = all ] || [ "$ONLY" = veth ]; then
	topo_veth
	bench_fwd veth
	topo_clean
fi
gen_flows

# --- Open vSwitch --------------------------------------------------------------
ovs_restart()
{
	kill -9 "$(cat $O/ovs-vswitchd.pid)" 2>/dev/null
	sleep 1
	ovs-vswitchd --detach --pidfile=$O/ovs-vswitchd.pid \
		--log-file=$O/ovs-vswitchd.log unix:$O/db.sock \
		>/dev/null 2>/tmp/restart.err || { cat /tmp/restart.err; return 1; }
	ovs-vsctl wait-until bridge br0 >/dev/null 2>&1
	sleep 1
	cat $O/ovs-vswitchd.pid
}

run_ovs()
{
	O=/tmp/ovs
	mkdir -p $O
	export OVS_RUNDIR=$O OVS_DBDIR=$O OVS_LOGDIR=$O OVS_SYSCONFDIR=$O
	rmmod flowswitch 2>/dev/null
	if ! modprobe openvswitch; then
		for b in P1 P2 P3 P4 P6; do rec "NA $b ovs cannot load openvswitch.ko"; done
		return
	fi
	ovsdb-tool create $O/conf.db /usr/share/openvswitch/vswitch.ovsschema &&
	ovsdb-server $O/conf.db --remote=punix:$O/db.sock --detach \
		--pidfile=$O/ovsdb-server.pid --log-file=$O/ovsdb-server.log &&
	ovs-vsctl --no-wait init &&
	ovs-vswitchd --detach --pidfile=$O/ovs-vswitchd.pid \
		--log-file=$O/ovs-vswitchd.log unix:$O/db.sock || {
		for b in P1 P2 P3 P4 P6; do rec "NA $b ovs daemons did not start"; done
		return
	}
	pid=$(cat $O/ovs-vswitchd.pid)
	topo_switch
	ovs-vsctl set Open_vSwitch . other_config:n-handler-threads=1 \
		other_config:n-revalidator-threads=1 -- \
		add-br br0 -- set-fail-mode br0 secure -- \
		add-port br0 v1 -- set Interface v1 ofport_request=1 -- \
		add-port br0 v2 -- set Interface v2 ofport_request=2
	ovs-ofctl del-flows br0
	ovs-ofctl add-flow br0 in_port=1,actions=output:2
	rec "INFO ovs $(ovs-vswitchd --version | head -1)"
	DPFLOWS="eval ovs-appctl dpctl/dump-flows | wc -l"
	bench_fwd ovs
	# One handler thread asked for; OVS 3.1 with per-CPU upcall dispatch
	# may still run one per CPU: the count is recorded.
	ovs-appctl upcall/disable-megaflows >/dev/null
	rec "INFO ovs P3: megaflows disabled (every new 5-tuple is an upcall), handler threads: $(handlers "$pid")"
	bench_setup ovs "ovs-appctl dpctl/del-flows"
	ovs-appctl upcall/enable-megaflows >/dev/null
	bench_rules ovs ovs-ofctl ovs_restart
	pid=$(cat $O/ovs-vswitchd.pid)
	kill -9 "$pid"
	ovs-appctl -t ovsdb-server exit
	sleep 1
	topo_clean
	ovs-dpctl del-dp ovs-system 2>/dev/null
	rmmod openvswitch || rec "INFO ovs openvswitch.ko did not unload"
	unset OVS_RUNDIR OVS_DBDIR OVS_LOGDIR OVS_SYSCONFDIR
}
[ "$ONLY" = all ] || [ "$ONLY" = ovs ] && run_ovs

# --- Flowswitch ----------------------------------------------------------------
# fsw_na REASON [BENCH...]: none of the BENCHes (all by default) can run.
fsw_na()
{
	why=$1
	shift
	[ $# -eq 0 ] && set -- P1 P2 P3 P4 P6
	for b in "$@"; do rec "NA $b flowswitch $why"; done
}

run_fsw()
{
	F=/tmp/fsw
	mkdir -p $F
	export FSW_RUNDIR=$F FSW_DBDIR=$F
	VSD=$B/vswitchd/fsw-vswitchd
	VSCTL="$B/utilities/fsw-vsctl --rundir=$F"
	OFCTL=$B/utilities/fsw-ofctl
	APPCTL=$B/utilities/fsw-appctl
	[ -f "$KO" ] || { fsw_na "datapath/flowswitch.ko not built (make modules)"; return; }
	[ -x "$VSD" ] || { fsw_na "fsw-vswitchd not built"; return; }
	lsmod | grep -q '^openvswitch ' && rmmod openvswitch
	if ! out=$(insmod "$KO" 2>&1); then
		fsw_na "insmod flowswitch.ko failed: $out"
		return
	fi
	# One handler thread, as asked of OVS: P3 compares like with like.
	if ! out=$("$VSD" --rundir=$F --dbdir=$F --detach --n-handler-threads=1 \
			--log-file=$F/fsw-vswitchd.log 2>&1); then
		fsw_na "fsw-vswitchd did not start: $out"
		rmmod flowswitch
		return
	fi
	pid=$(cat $F/fsw-vswitchd.pid)
	topo_switch
	if ! out=$($VSCTL add-br br0 -- set-fail-mode br0 secure -- \
			add-port br0 v1 ofport_request=1 -- \
			add-port br0 v2 ofport_request=2 2>&1) &&
	   ! out=$($VSCTL add-br br0 -- set-fail-mode br0 secure -- \
			add-port br0 v1 -- set Interface v1 ofport_request=1 -- \
			add-port br0 v2 -- set Interface v2 ofport_request=2 2>&1); then
		fsw_na "fsw-vsctl add-br/add-port failed: $out"
	else
		fsw_measure "$pid"
	fi
	# SIGKILL: a clean exit with 100k rules loaded takes minutes today.
	kill -9 "$(cat $F/fsw-vswitchd.pid)" 2>/dev/null
	sleep 1
	topo_clean
	ovs-dpctl del-dp br0 2>/dev/null
	rmmod flowswitch || rec "INFO flowswitch flowswitch.ko did not unload"
}

fsw_restart()
{
	kill -9 "$(cat $F/fsw-vswitchd.pid)" 2>/dev/null
	sleep 1
	"$VSD" --rundir=$F --dbdir=$F --detach --n-handler-threads=1 \
		--log-file=$F/fsw-vswitchd.log \
		>/dev/null 2>/tmp/restart.err || { cat /tmp/restart.err; return 1; }
	n=0
	while [ ! -S $F/br0.mgmt ] && [ $n -lt 50 ]; do
		sleep 0.2
		n=$((n + 1))
	done
	sleep 1
	cat $F/fsw-vswitchd.pid
}

# After the bridge is configured: check each piece, then measure.
fsw_measure()
{
	pid=$1
	sleep 1
	dp=$(ovs-dpctl show 2>&1)
	rec "INFO flowswitch datapaths: $(echo "$dp" | tr '\n' ' ' | cut -c1-300)"
	fwd_ok=1
	if ! echo "$dp" | grep -q 'port.*v1' || ! echo "$dp" | grep -q 'port.*v2'; then
		fwd_ok=0
		fwd_why="fsw-vswitchd created no datapath with ports v1/v2 for br0 (ovs-dpctl show: $(echo "$dp" | head -1))"
	fi
	if [ ! -x "$OFCTL" ]; then
		fsw_na "fsw-ofctl not built"
		return
	fi
	if ! out=$($OFCTL del-flows br0 2>&1 && $OFCTL add-flow br0 in_port=1,actions=output:2 2>&1); then
		fsw_na "fsw-ofctl add-flow failed: $(echo "$out" | head -1)"
		return
	fi
	if [ $fwd_ok = 1 ]; then
		# A short probe: does anything get through at all?
		pkt_run 1 -t 1 -f 1
		if [ "$(kv count "$RXOUT")" -lt 1 ] 2>/dev/null || [ -z "$(kv count "$RXOUT")" ]; then
			fwd_ok=0
			fwd_why="no packet forwarded from v1 to v2 in a 1 s probe"
			fam=$(genl ctrl list 2>/dev/null | sed -n 's/^Name: \(ovs_[a-z]*\)$/\1/p' | tr '\n' ' ')
			case " $fam" in
			*" ovs_flow "*) ;;
			*) fwd_why="$fwd_why (flowswitch.ko registers only: ${fam:-no family}; no ovs_flow family yet)" ;;
			esac
			fwd_why="$fwd_why; datapath$(ovs-dpctl show 2>&1 | grep lookups | tr -s ' ')"
			rec "INFO flowswitch probe failed: $(ovs-dpctl show 2>&1 | grep lookups | tr -s ' ') dp flows: $(ovs-dpctl dump-flows 2>&1 | head -3 | tr '\n' ' ')"
			rec "INFO flowswitch daemon log: $(grep -v -i 'info' $F/fsw-vswitchd.log | tail -5 | tr '\n' ' ' | cut -c1-600)"
		fi
	fi
	if [ $fwd_ok = 1 ]; then
		DPFLOWS="eval ovs-dpctl dump-flows | wc -l"
		DPSAMPLE="ovs-dpctl dump-flows"
		bench_fwd flowswitch
		rec "INFO flowswitch after P1/P2: $($APPCTL --rundir=$F upcall/show 2>&1 | tr '\n' ' ') log: $(grep -v -i 'info' $F/fsw-vswitchd.log | tail -4 | tr '\n' ' ' | cut -c1-600)"
		if $APPCTL --rundir=$F upcall/disable-megaflows >/dev/null 2>&1; then
			rec "INFO flowswitch P3: megaflows disabled"
		else
			rec "INFO flowswitch P3: no upcall/disable-megaflows command: megaflows stay on"
		fi
		rec "INFO flowswitch P3: handler threads: $(handlers "$pid") (threads: $(ls /proc/"$pid"/task | wc -l)); $($APPCTL --rundir=$F upcall/show 2>&1 | tr '\n' ' ')"
		bench_setup flowswitch "ovs-dpctl del-flows br0"
		$APPCTL --rundir=$F upcall/enable-megaflows >/dev/null 2>&1
	else
		fsw_na "$fwd_why" P1 P2 P3
	fi
	bench_rules flowswitch "$OFCTL" fsw_restart
}
[ "$ONLY" = all ] || [ "$ONLY" = flowswitch ] && run_fsw
rec "INFO done"
exit 0
