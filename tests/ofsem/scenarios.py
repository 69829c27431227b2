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
                   frame_udp, Controller, flow_mod_body, TestFailure, OFError,
                   sh, OFPT_FLOW_MOD, ROLE_MASTER, ROLE_SLAVE, ROLE_EQUAL, run)

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


# ---- Timeouts and FLOW_REMOVED. --------------------------------------------

def rule_present(sw, match):
    return match in sw.dump_flows()


def timeouts():
    sw = switch(2, br_args="set-controller br0 ptcp:6653")
    ctl = Controller(6653)
    # Idle timeout 2 s: kept alive by traffic through the datapath flow
    # (its stats must reach the rule), removed 2 s after it stops.
    sw.add_flow("priority=100,udp,tp_dst=1,idle_timeout=2,cookie=0x11,"
                "send_flow_rem,actions=output:2")
    t0 = time.time()
    sent = 0
    while time.time() - t0 < 4:
        sw.ports[1].send(udp_frame(A, B, dport=1))
        sent += 1
        time.sleep(0.25)
    check(rule_present(sw, "tp_dst=1"),
          "idle_timeout=2: still there after 4 s of traffic (%d packets)"
          % sent)
    check(ctl.flow_removed(0) is None, "no FLOW_REMOVED while in use")
    t1 = time.time()
    fr = ctl.flow_removed(6)
    dt = time.time() - t1
    check(fr is not None, "FLOW_REMOVED after the traffic stops")
    check(1.5 <= dt <= 4, "idle expiry on time (%.1f s after the last "
          "packet)" % dt)
    check(fr["reason"] == 0 and fr["cookie"] == 0x11 and
          fr["idle_timeout"] == 2 and fr["priority"] == 100,
          "reason IDLE_TIMEOUT, cookie, priority, idle_timeout (%s)" % fr)
    check(fr["packet_count"] == sent and fr["byte_count"] == 60 * sent,
          "FLOW_REMOVED counts every packet (%d packets, %d bytes; sent %d)"
          % (fr["packet_count"], fr["byte_count"], sent))
    check(fr["duration_sec"] in (5, 6, 7), "duration %d s" %
          fr["duration_sec"])
    check(not rule_present(sw, "tp_dst=1"), "the rule is gone")
    got = sw.send_recv(1, udp_frame(A, B, dport=1))
    check(not receivers(got), "and the datapath no longer forwards it")

    # Hard timeout 3 s, even with traffic.
    sw.add_flow("priority=100,udp,tp_dst=2,hard_timeout=3,cookie=0x22,"
                "send_flow_rem,actions=output:2")
    t0 = time.time()
    fr = None
    sent = 0
    while time.time() - t0 < 6 and fr is None:
        sw.ports[1].send(udp_frame(A, B, dport=2))
        sent += 1
        fr = ctl.flow_removed(0.2)
    dt = time.time() - t0
    check(fr is not None and 2.5 <= dt <= 4.2,
          "hard_timeout=3 expires under traffic after %.1f s" % dt)
    check(fr["reason"] == 1 and fr["cookie"] == 0x22 and
          fr["hard_timeout"] == 3, "reason HARD_TIMEOUT (%s)" % fr)
    # The last packet may have raced the removal.
    check(sent - 1 <= fr["packet_count"] <= sent,
          "final counters include the datapath's latest packets "
          "(%d of %d sent)" % (fr["packet_count"], sent))

    # No send_flow_rem flag: no message.
    sw.add_flow("priority=100,udp,tp_dst=3,hard_timeout=1,actions=output:2")
    check(wait_until(lambda: not rule_present(sw, "tp_dst=3"), 4),
          "hard_timeout=1 without send_flow_rem: removed")
    check(ctl.flow_removed(0.5) is None, "... and no FLOW_REMOVED sent")
    # A delete sends reason DELETE.
    # A delete sends reason DELETE, with what the datapath flow counted
    # up to then.
    sw.add_flow("priority=100,udp,tp_dst=4,send_flow_rem,actions=output:2")
    for i in range(10):
        sw.ports[1].send(udp_frame(A, B, dport=4))
        time.sleep(0.02)
    sw.ports[2].recv_all(0.2)
    sw.of("del-flows br0 udp,tp_dst=4")
    fr = ctl.flow_removed(2)
    check(fr is not None and fr["reason"] == 2, "del-flows: reason DELETE")
    check(fr["packet_count"] == 10, "with every packet counted (%d of 10)"
          % fr["packet_count"])
    ctl.close()
    return sw


# ---- Controller roles. ----------------------------------------------------

def roles():
    sw = switch(2, br_args="set-controller br0 ptcp:6653")
    a = Controller(6653)
    b = Controller(6653)
    sw.add_flow("priority=0,actions=CONTROLLER:65535")
    sw.ports[1].send(udp_frame(A, B, sport=1))
    check(len(a.packet_ins(1)) == 1 and len(b.packet_ins(0.3)) == 1,
          "two EQUAL controllers: both get the packet-in")
    check(a.role(ROLE_MASTER, 10)[0] == ROLE_MASTER, "A becomes master "
          "(generation 10)")
    check(b.role(ROLE_SLAVE, 10)[0] == ROLE_SLAVE, "B becomes slave")
    sw.ports[1].send(udp_frame(A, B, sport=2))
    check(len(a.packet_ins(1)) == 1, "master A gets the packet-in")
    check(not b.packet_ins(0.5), "slave B gets none (default async config)")
    err = b.expect_error(OFPT_FLOW_MOD, flow_mod_body())
    check(err == (1, 10), "slave FLOW_MOD: OFPET_BAD_REQUEST/OFPBRC_IS_SLAVE "
          "(%s)" % (err,))
    check(a.expect_error(OFPT_FLOW_MOD, flow_mod_body(priority=5)) is None,
          "master FLOW_MOD accepted")
    try:
        b.role(ROLE_MASTER, 9)
        raise TestFailure("stale generation_id 9 accepted")
    except OFError as e:
        check((e.type, e.code) == (11, 0),
              "generation_id 9 < 10: ROLE_REQUEST_FAILED/STALE")
    check(b.role(ROLE_MASTER, 11)[0] == ROLE_MASTER,
          "B becomes master with generation 11")
    check(a.role(0)[0] == ROLE_SLAVE, "the old master A is now a slave")
    err = a.expect_error(OFPT_FLOW_MOD, flow_mod_body())
    check(err == (1, 10), "demoted A's FLOW_MOD: IS_SLAVE")
    sw.ports[1].send(udp_frame(A, B, sport=3))
    nb, na = len(b.packet_ins(1)), len(a.packet_ins(0.5))
    check(nb == 1 and na == 0,
          "packet-ins now go to B only (B %d, A %d)" % (nb, na))
    check(a.role(ROLE_EQUAL)[0] == ROLE_EQUAL, "A back to EQUAL")
    sw.ports[1].send(udp_frame(A, B, sport=4))
    check(len(a.packet_ins(1)) == 1 and len(b.packet_ins(0.3)) == 1,
          "EQUAL and MASTER both get packet-ins")
    check(a.expect_error(OFPT_FLOW_MOD, flow_mod_body(priority=6)) is None,
          "EQUAL may modify flows")
    a.close()
    b.close()
    return sw


# ---- QoS queues. -----------------------------------------------------------

def set_queue():
    sw = switch(3)
    sh("%s set-qos v2 linux-htb queue:5=max-rate=1000000 "
       "queue:7=max-rate=2000000" % sw.vsctl)
    sw.add_flow("priority=100,in_port=1,udp,tp_dst=1,"
                "actions=set_queue:5,output:2")
    sw.add_flow("priority=100,in_port=1,udp,tp_dst=2,actions=enqueue:2:7")
    for dport in (1, 2):
        got = sw.send_recv(1, udp_frame(A, B, dport=dport))
        check(receivers(got) == {2}, "queue flow %d delivers to port 2"
              % dport)
    dp = sw.dp_flows()
    check(re.search(r"udp\(.*dst=1\).*actions:set\(skb_priority\(0x10006\)\),2",
                    dp) is not None,
          "set_queue:5 -> datapath set(skb_priority(0x10006)) before "
          "output 2")
    check(re.search(r"udp\(.*dst=2\).*actions:set\(skb_priority\(0x10008\)\),2",
                    dp) is not None,
          "enqueue:2:7 -> skb_priority 0x10008 then output 2")
    return sw


# ---- VLAN-aware NORMAL. ---------------------------------------------------

def vlans():
    sw = switch(4, fail_mode="standalone",
                port_args={1: "tag=10", 2: "tag=20", 3: "trunks=10,20",
                           4: "tag=10"})
    got = sw.send_recv(1, udp_frame(A, BCAST))
    check(receivers(got) == {3, 4}, "access VLAN 10 broadcast: ports 3, 4")
    check(frame_vlan(got[4][0]) is None and frame_vlan(got[3][0]) == 10,
          "untagged on access port 4, tagged 10 on trunk port 3")
    got = sw.send_recv(3, udp_frame(C, BCAST, vlan=20))
    check(receivers(got) == {2} and frame_vlan(got[2][0]) is None,
          "trunk VLAN 20 broadcast: only access port 2, tag popped")
    got = sw.send_recv(3, udp_frame(C, A, vlan=10))
    check(receivers(got) == {1} and frame_vlan(got[1][0]) is None,
          "unicast to learned A in VLAN 10: port 1 only, untagged")
    got = sw.send_recv(2, udp_frame(B, A))
    check(receivers(got) == {3} and frame_vlan(got[3][0]) == 20,
          "A unknown in VLAN 20: flooded in VLAN 20 only (trunk, tag 20)")
    got = sw.send_recv(1, udp_frame(A, BCAST, vlan=10))
    check(not receivers(got), "tagged frame on an access port: dropped")
    got = sw.send_recv(3, udp_frame(C, BCAST, vlan=30))
    check(not receivers(got), "VLAN 30 not on the trunk: dropped")
    got = sw.send_recv(4, udp_frame(D, A))
    check(receivers(got) == {1}, "port 4 -> A: port 1 only (learned)")

    # mac-aging-time=3 (cuts the 300 s A got): A, silent from now on,
    # ages out, then D -> A floods again.
    sh("%s set bridge br0 other_config:mac-aging-time=3" % sw.vsctl)
    got = sw.send_recv(4, udp_frame(D, A), wait=0.2)
    check(receivers(got) == {1}, "just after: still port 1 only")

    def flooded():
        g = sw.send_recv(4, udp_frame(D, A), wait=0.2)
        return receivers(g) == {1, 3}
    t0 = time.time()
    check(wait_until(flooded, 10, 0.5),
          "A ages out: flooded again after %.1f s" %
          (time.time() - t0))
    check(time.time() - t0 >= 1.5, "... but not before it aged")
    return sw


SCENARIOS = {
    "set-queue": set_queue,
    "vlans": vlans,
    "timeouts": timeouts,
    "roles": roles,
    "groups-all": groups_all,
    "groups-select": groups_select,
    "groups-indirect": groups_indirect,
    "groups-ff": groups_ff,
    "table-miss": table_miss,
    "revalidation": revalidation,
}

if __name__ == "__main__":
    run(SCENARIOS)
