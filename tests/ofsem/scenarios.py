#!/usr/bin/env python3
"""fsw-vswitchd OpenFlow behaviour scenarios; see ofsem.py.

Run one under fresh namespaces:  unshare -nm python3 scenarios.py NAME
"""
import os
import re
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ofsem import (check, wait_until, switch, udp_frame, mac, frame_vlan,  # noqa
                   frame_udp, Controller, flow_mod_body, TestFailure,
                   OFPT_FLOW_MOD, ROLE_MASTER, ROLE_SLAVE, ROLE_EQUAL, run)

A, B, C, D = mac(1), mac(2), mac(3), mac(4)
BCAST = b"\xff" * 6


def receivers(got):
    return {n for n, fr in got.items() if fr}


# ---- Groups. -------------------------------------------------------------

def groups_all():
    sw = switch(4)
    sw.of("add-group br0 group_id=1,type=all,bucket=output:2,"
          "bucket=output:3,bucket=output:4")
    sw.add_flow("in_port=1,actions=group:1")
    for i in range(3):	# the upcall, then the datapath flow
        got = sw.send_recv(1, udp_frame(A, B, sport=100 + i))
        check(all(len(got[n]) == 1 for n in (2, 3, 4)),
              "all group: one copy on each of ports 2, 3, 4 (packet %d: %s)"
              % (i, {n: len(f) for n, f in got.items()}))
    check("group:1" in sw.dp_flows() or "actions:2,3,4" in sw.dp_flows(),
          "datapath flow outputs to every bucket")
    return sw


def groups_select():
    sw = switch(3)
    sw.of("add-group br0 group_id=2,type=select,bucket=output:2,"
          "bucket=output:3")
    sw.add_flow("in_port=1,udp,actions=group:2")
    where = {}
    for sport in range(1000, 1032):
        seen = set()
        for i in range(3):
            got = sw.send_recv(1, udp_frame(A, B, sport=sport), wait=0.15)
            seen |= receivers(got)
            if sum(len(f) for f in got.values()) != 1:
                raise TestFailure("select group: flow %d packet %d went to "
                                  "%s" % (sport, i, got))
        if len(seen) != 1:
            raise TestFailure("flow %d moved between buckets: %s" %
                              (sport, seen))
        where[sport] = seen.pop()
    check(True, "each of 32 flows sticks to one bucket (3 packets each)")
    n2 = sum(1 for p in where.values() if p == 2)
    check(4 <= n2 <= 28, "flows spread over both buckets (%d on port 2, "
          "%d on port 3)" % (n2, 32 - n2))
    return sw


def groups_indirect():
    sw = switch(3)
    sw.of("add-group br0 group_id=3,type=indirect,bucket=output:3")
    sw.add_flow("in_port=1,actions=group:3")
    got = sw.send_recv(1, udp_frame(A, B))
    check(receivers(got) == {3} and len(got[3]) == 1,
          "indirect group: port 3 only")
    sw.of("mod-group br0 group_id=3,type=indirect,bucket=output:2")
    time.sleep(0.3)
    got = sw.send_recv(1, udp_frame(A, B))
    check(receivers(got) == {2},
          "after mod-group the installed flow follows the new bucket")
    return sw


def groups_ff():
    sw = switch(3)
    sw.of("add-group br0 group_id=4,type=ff,"
          "bucket=watch_port:2,actions=output:2,"
          "bucket=watch_port:3,actions=output:3")
    sw.add_flow("in_port=1,actions=group:4")
    got = sw.send_recv(1, udp_frame(A, B))
    check(receivers(got) == {2}, "fast failover: first live bucket (port 2)")
    os.system("ip link set p2 down")

    def moved():
        return receivers(sw.send_recv(1, udp_frame(A, B), wait=0.2)) == {3}
    check(wait_until(moved, 8, 0.3),
          "watch port 2 down: traffic fails over to port 3")
    os.system("ip link set p2 up")

    def back():
        return receivers(sw.send_recv(1, udp_frame(A, B), wait=0.2)) == {2}
    check(wait_until(back, 8, 0.3), "port 2 up again: back on bucket 1")
    return sw


# ---- Table miss and packet-in. ---------------------------------------------

def table_miss():
    sw = switch(2, br_args="set-controller br0 ptcp:6653")
    ctl = Controller(6653)
    got = sw.send_recv(1, udp_frame(A, B))
    check(not receivers(got), "no rules: the packet is dropped")
    check(not ctl.packet_ins(0.5), "no rules: no packet-in either")
    sw.add_flow("priority=0,actions=CONTROLLER:65535")
    sw.send_recv(1, udp_frame(A, B, sport=7))
    pins = ctl.packet_ins(1.0)
    check(len(pins) == 1, "table-miss rule: one packet-in (%d)" % len(pins))
    reason, table_id, cookie, data = pins[0]
    check(reason == 0, "packet-in reason is OFPR_NO_MATCH (%d)" % reason)
    check(frame_udp(data) == (7, 2000), "packet-in carries the packet")
    # A flow that explicitly sends to the controller: OFPR_ACTION.
    sw.add_flow("priority=10,udp,tp_dst=3000,actions=CONTROLLER:65535")
    sw.send_recv(1, udp_frame(A, B, dport=3000))
    pins = ctl.packet_ins(1.0)
    check(len(pins) == 1 and pins[0][0] == 1,
          "output:CONTROLLER from a normal rule: OFPR_ACTION")
    # A flood of 3000 packets to the controller is rate limited.
    frames = [udp_frame(A, B, sport=5000 + (i % 50)) for i in range(3000)]
    t0 = time.time()
    for f in frames:
        sw.ports[1].send(f)
    pins = ctl.packet_ins(2.0)
    dt = time.time() - t0
    check(20 <= len(pins) <= 100 + 1000 * dt + 50,
          "packet-in rate limited: %d of 3000 in %.1fs" % (len(pins), dt))
    ctl.close()
    return sw


# ---- Revalidation and statistics. ------------------------------------------

def n_packets(sw, match):
    for line in sw.dump_flows().splitlines():
        if match in line:
            m = re.search(r"n_packets=(\d+)", line)
            return int(m.group(1))
    return None


def revalidation():
    sw = switch(3)
    sw.add_flow("priority=100,in_port=1,actions=output:2")
    got = sw.send_recv(1, udp_frame(A, B))
    check(receivers(got) == {2}, "rule output:2")
    check(wait_until(lambda: "actions:2" in sw.dp_flows(), 3),
          "datapath flow installed with actions:2")
    for i in range(20):
        sw.ports[1].send(udp_frame(A, B, sport=1))
    time.sleep(0.3)
    check(wait_until(lambda: n_packets(sw, "in_port=1") == 21, 3),
          "datapath stats roll up into the rule: n_packets=21 (%s)" %
          n_packets(sw, "in_port=1"))
    sw.of("mod-flows br0 'priority=100,in_port=1,actions=output:3'")
    check(wait_until(lambda: "actions:3" in sw.dp_flows() and
                     "actions:2" not in sw.dp_flows(), 3),
          "mod-flows: the installed datapath flow now outputs to 3")
    got = sw.send_recv(1, udp_frame(A, B))
    check(receivers(got) == {3}, "traffic follows the modified rule")
    sw.add_flow("priority=200,in_port=1,udp,tp_src=1,actions=drop")
    got = sw.send_recv(1, udp_frame(A, B, sport=1))
    check(not receivers(got), "a new higher-priority rule takes over")
    sw.of("del-flows br0")
    check(wait_until(lambda: "actions:3" not in sw.dp_flows(), 3),
          "del-flows: no datapath flow forwards any more")
    got = sw.send_recv(1, udp_frame(A, B, sport=9))
    check(not receivers(got), "no rules: dropped")
    return sw


SCENARIOS = {
    "groups-all": groups_all,
    "groups-select": groups_select,
    "groups-indirect": groups_indirect,
    "groups-ff": groups_ff,
    "table-miss": table_miss,
    "revalidation": revalidation,
}

if __name__ == "__main__":
    run(SCENARIOS)
