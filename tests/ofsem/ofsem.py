"""Behaviour tests of fsw-vswitchd's OpenFlow semantics (issue #8).

Each scenario runs inside private network and mount namespaces (the
caller starts it under `unshare -nm`), so nothing touches the host's real
interfaces.  The switch is fsw-vswitchd on the userspace datapath
(datapath_type=netdev; OFSEM_DP=system: the kernel's): its ports v1..vN are veth devices whose peers
p1..pN are opened here as AF_PACKET sockets, so every test injects real
frames and asserts the frames that come out.  A small OpenFlow 1.3
controller (Controller) speaks the wire protocol directly; flows and
groups are added with fsw-ofctl through the bridge's management socket.
"""
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

BUILD = os.environ.get("FSW_BUILDDIR",
                       os.path.dirname(os.path.dirname(os.path.dirname(
                           os.path.abspath(__file__)))))
ETH_P_ALL = 0x0003
SOL_PACKET, PACKET_AUXDATA, TP_STATUS_VLAN_VALID = 263, 8, 0x10
PACKET_OUTGOING = 4

OFPT_HELLO, OFPT_ERROR, OFPT_ECHO_REQUEST, OFPT_ECHO_REPLY = 0, 1, 2, 3
OFPT_FEATURES_REQUEST, OFPT_FEATURES_REPLY = 5, 6
OFPT_PACKET_IN, OFPT_FLOW_REMOVED, OFPT_FLOW_MOD = 10, 11, 14
OFPT_BARRIER_REQUEST, OFPT_BARRIER_REPLY = 20, 21
OFPT_ROLE_REQUEST, OFPT_ROLE_REPLY = 24, 25
ROLE_NOCHANGE, ROLE_EQUAL, ROLE_MASTER, ROLE_SLAVE = 0, 1, 2, 3


class TestFailure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise TestFailure(what)
    print("ok: " + what, flush=True)


def wait_until(fn, timeout, step=0.1):
    end = time.time() + timeout
    while True:
        v = fn()
        if v or time.time() >= end:
            return v
        time.sleep(step)


def sh(cmd, check_rc=True):
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    if check_rc and r.returncode:
        raise TestFailure("command failed: %s\n%s%s" %
                          (cmd, r.stdout, r.stderr))
    return r.stdout


# ---- Frames. -------------------------------------------------------------

def mac(n):
    """Locally administered test MAC number N."""
    return bytes([0x02, 0, 0, 0, (n >> 8) & 0xff, n & 0xff])


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def ip_csum(h):
    s = sum(struct.unpack("!%dH" % (len(h) // 2), h))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def udp_frame(src, dst, sport=1000, dport=2000, vlan=None, ip_src="10.0.0.1",
              ip_dst="10.0.0.2", payload=b"ofsem-test"):
    """An Ethernet/[802.1Q]/IPv4/UDP frame."""
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17,
                     0, socket.inet_aton(ip_src), socket.inet_aton(ip_dst))
    ip = ip[:10] + struct.pack("!H", ip_csum(ip)) + ip[12:]
    eth = dst + src
    if vlan is not None:
        eth += struct.pack("!HH", 0x8100, vlan)
    frame = eth + struct.pack("!H", 0x0800) + ip + udp
    return frame + bytes(max(0, 60 - len(frame)))


def frame_vlan(f):
    """The frame's 802.1Q VID, or None when untagged."""
    if struct.unpack("!H", f[12:14])[0] == 0x8100:
        return struct.unpack("!H", f[14:16])[0] & 0xfff
    return None


def frame_udp(f):
    """(sport, dport) of an (optionally tagged) IPv4/UDP frame, or None."""
    off = 18 if frame_vlan(f) is not None else 14
    if struct.unpack("!H", f[off - 2:off])[0] != 0x0800 or f[off + 9] != 17:
        return None
    ihl = (f[off] & 0xf) * 4
    return struct.unpack("!HH", f[off + ihl:off + ihl + 4])


class Port:
    """The host side of switch port vN: a raw socket on its veth peer."""

    def __init__(self, n):
        self.n = n
        self.name = "p%d" % n
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                                  socket.htons(ETH_P_ALL))
        self.sock.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        self.sock.bind((self.name, 0))
        self.sock.setblocking(False)

    def send(self, frame):
        try:
            self.sock.send(frame)
        except BlockingIOError:
            time.sleep(0.01)
            self.sock.send(frame)

    def recv_all(self, wait=0.5):
        """Test frames (from 02:00:00:... sources) received within WAIT
        seconds."""
        return recv_ports([self], wait)[self.n]

    def read_ready(self, out):
        while True:
            try:
                data, anc, _, addr = self.sock.recvmsg(65535, 256)
            except OSError:		# nothing more, or link down
                return
            if addr[2] == PACKET_OUTGOING:
                continue
            data = self._retag(data, anc)
            if data[6:10] == b"\x02\x00\x00\x00":
                out.append(data)

    @staticmethod
    def _retag(data, anc):
        """Puts back the 802.1Q tag the kernel moved into metadata."""
        for level, type_, cdata in anc:
            if level != SOL_PACKET or type_ != PACKET_AUXDATA:
                continue
            status, _, _, _, _, tci, tpid = struct.unpack("IIIHHHH",
                                                          cdata[:20])
            if status & TP_STATUS_VLAN_VALID:
                return (data[:12] + struct.pack("!HH", tpid or 0x8100, tci)
                        + data[12:])
        return data

    def drain(self):
        self.recv_all(0.05)


def recv_ports(ports, wait):
    """{port number: [test frames]} received on PORTS within WAIT s."""
    out = {p.n: [] for p in ports}
    end = time.time() + wait
    while True:
        left = end - time.time()
        if left <= 0:
            return out
        r, _, _ = select.select([p.sock for p in ports], [], [], left)
        for p in ports:
            if p.sock in r:
                p.read_ready(out[p.n])


# ---- The switch. -----------------------------------------------------------

class Switch:
    def __init__(self, n_ports, fail_mode="secure", port_args=None,
                 controller=None, br_args=""):
        for d in ("/proc/sys/net/ipv6/conf/default/disable_ipv6",
                  "/proc/sys/net/ipv6/conf/all/disable_ipv6"):
            try:
                open(d, "w").write("1")
            except OSError:
                pass
        sh("mount -t sysfs none /sys")
        sh("ip link set lo up")
        self.tmp = tempfile.mkdtemp(prefix="fsw-ofsem.")
        os.environ["FSW_RUNDIR"] = self.tmp
        os.environ["FSW_DBDIR"] = self.tmp
        self.vsctl = "%s/utilities/fsw-vsctl --rundir=%s -t 10" % (BUILD,
                                                                   self.tmp)
        self.ofctl = "%s/utilities/fsw-ofctl -O OpenFlow13" % BUILD
        self.appctl = "%s/utilities/fsw-appctl --rundir=%s" % (BUILD,
                                                               self.tmp)
        for i in range(1, n_ports + 1):
            sh("ip link add v%d type veth peer name p%d" % (i, i))
            sh("ip link set v%d up && ip link set p%d up" % (i, i))
        sh("%s/vswitchd/fsw-vswitchd --rundir=%s --dbdir=%s --log-file=%s/log"
           " --detach -v ANY:dbg" % (BUILD, self.tmp, self.tmp, self.tmp))
        _last_switch[0] = self
        # OFSEM_DP=system: the kernel datapath (system tests in the VM).
        self.dp_type = os.environ.get("OFSEM_DP", "netdev")
        cmd = "%s add-br br0 -- set bridge br0 datapath_type=%s" % \
            (self.vsctl, self.dp_type)
        if fail_mode:
            cmd += " -- set-fail-mode br0 %s" % fail_mode
        if br_args:
            cmd += " -- " + br_args
        sh(cmd)
        for i in range(1, n_ports + 1):
            extra = (port_args or {}).get(i, "")
            sh("%s add-port br0 v%d %s" % (self.vsctl, i, extra))
        self.ports = {i: Port(i) for i in range(1, n_ports + 1)}
        check(wait_until(lambda: os.path.exists(self.tmp + "/br0.mgmt"), 10),
              "fsw-vswitchd serves br0 with %d ports" % n_ports)
        wait_until(lambda: "v%d" % n_ports in self.show(), 10)
        time.sleep(0.3)

    def show(self):
        return sh("%s bridge/show" % self.appctl, False)

    def of(self, args):
        return sh("%s %s" % (self.ofctl, args))

    def add_flow(self, flow):
        self.of("add-flow br0 '%s'" % flow)

    def dump_flows(self):
        return self.of("dump-flows br0")

    def dp_flows(self):
        return sh("%s dpif/dump-flows br0" % self.appctl)

    def log_tail(self, n=60):
        try:
            return "".join(open(self.tmp + "/log", errors="replace").readlines()[-n:])
        except OSError:
            return ""

    def stop(self):
        try:
            pid = int(open(self.tmp + "/fsw-vswitchd.pid").read())
            os.kill(pid, 15)
            wait_until(lambda: not os.path.exists("/proc/%d" % pid), 5)
        except (OSError, ValueError):
            pass

    def send_recv(self, src, frame, wait=0.4):
        """Sends FRAME on port SRC; returns {port: [frames]} of every other
        port."""
        for p in self.ports.values():
            p.drain()
        self.ports[src].send(frame)
        got = recv_ports([p for n, p in self.ports.items() if n != src],
                         wait)
        got[src] = []
        return got


# ---- A minimal OpenFlow 1.3 controller. ----------------------------------

class Controller:
    def __init__(self, port=6653, host="127.0.0.1", timeout=10):
        end = time.time() + timeout
        while True:
            try:
                self.s = socket.create_connection((host, port), 1)
                break
            except OSError:
                if time.time() > end:
                    raise TestFailure("cannot connect to ptcp:%d" % port)
                time.sleep(0.2)
        self.s.settimeout(None)
        self.xid = 100
        self.pending = []
        self.rx = b""
        self.send(OFPT_HELLO, b"\x00\x01\x00\x08\x00\x00\x00\x10")
        m = self.recv_type({OFPT_HELLO}, 5)
        if m is None or m[0] != 4:
            raise TestFailure("no OpenFlow 1.3 HELLO from the switch")
        self.request(OFPT_FEATURES_REQUEST, b"", OFPT_FEATURES_REPLY)

    def close(self):
        self.s.close()

    def send(self, type_, body, xid=None):
        if xid is None:
            self.xid += 1
            xid = self.xid
        self.s.sendall(struct.pack("!BBHI", 4, type_, 8 + len(body), xid) +
                       body)
        return xid

    def _read(self, timeout):
        """Reads one message (version, type, xid, body) or None."""
        end = time.time() + timeout
        while True:
            if len(self.rx) >= 8:
                ver, t, ln, xid = struct.unpack("!BBHI", self.rx[:8])
                if len(self.rx) >= ln:
                    body = self.rx[8:ln]
                    self.rx = self.rx[ln:]
                    if t == OFPT_ECHO_REQUEST:
                        self.send(OFPT_ECHO_REPLY, body, xid)
                        continue
                    return (ver, t, xid, body)
            left = end - time.time()
            if left <= 0:
                return None
            r, _, _ = select.select([self.s], [], [], left)
            if not r:
                return None
            data = self.s.recv(65536)
            if not data:
                raise TestFailure("switch closed the controller connection")
            self.rx += data

    def recv_type(self, types, timeout):
        for i, m in enumerate(self.pending):
            if m[1] in types:
                return self.pending.pop(i)
        end = time.time() + timeout
        while True:
            m = self._read(max(0, end - time.time()))
            if m is None:
                return None
            if m[1] in types:
                return m
            self.pending.append(m)

    def request(self, type_, body, reply_type, timeout=5):
        """Sends a request; returns the reply's body, or raises with the
        OFPT_ERROR's (type, code) in the exception's args."""
        xid = self.send(type_, body)
        end = time.time() + timeout
        while True:
            m = self._read(max(0, end - time.time()))
            if m is None:
                raise TestFailure("no reply to message type %d" % type_)
            if m[2] == xid and m[1] == reply_type:
                return m[3]
            if m[2] == xid and m[1] == OFPT_ERROR:
                raise OFError(*struct.unpack("!HH", m[3][:4]))
            self.pending.append(m)

    def expect_error(self, type_, body, timeout=3):
        """Sends a message that must fail; returns (type, code), or None
        when a barrier comes back first (no error)."""
        xid = self.send(type_, body)
        bxid = self.send(OFPT_BARRIER_REQUEST, b"")
        end = time.time() + timeout
        while True:
            m = self._read(max(0, end - time.time()))
            if m is None:
                raise TestFailure("no answer to message type %d" % type_)
            if m[2] == xid and m[1] == OFPT_ERROR:
                return struct.unpack("!HH", m[3][:4])
            if m[2] == bxid and m[1] == OFPT_BARRIER_REPLY:
                return None
            self.pending.append(m)

    def role(self, role, gen=0):
        body = self.request(OFPT_ROLE_REQUEST, struct.pack("!I4xQ", role, gen),
                            OFPT_ROLE_REPLY)
        return struct.unpack("!I4xQ", body)

    def packet_ins(self, timeout=1.0):
        """Every PACKET_IN that arrives within TIMEOUT seconds:
        [(reason, table_id, cookie, data)]."""
        out = []
        end = time.time() + timeout
        while True:
            m = self.recv_type({OFPT_PACKET_IN}, max(0, end - time.time()))
            if m is None:
                return out
            out.append(parse_packet_in(m[3]))

    def flow_removed(self, timeout):
        m = self.recv_type({OFPT_FLOW_REMOVED}, timeout)
        return parse_flow_removed(m[3]) if m else None


class OFError(TestFailure):
    def __init__(self, type_, code):
        TestFailure.__init__(self, "OFPT_ERROR type %d code %d" %
                             (type_, code))
        self.type = type_
        self.code = code


def match_len(body, off):
    """Length of the ofp_match at OFF, padded to 8."""
    ln = struct.unpack("!H", body[off + 2:off + 4])[0]
    return (ln + 7) // 8 * 8


def parse_packet_in(body):
    buffer_id, total_len, reason, table_id, cookie = \
        struct.unpack("!IHBBQ", body[:16])
    data = body[16 + match_len(body, 16) + 2:]
    return (reason, table_id, cookie, data)


def parse_flow_removed(body):
    f = struct.unpack("!QHBBIIHHQQ", body[:40])
    keys = ("cookie", "priority", "reason", "table_id", "duration_sec",
            "duration_nsec", "idle_timeout", "hard_timeout", "packet_count",
            "byte_count")
    return dict(zip(keys, f))


def flow_mod_body(command=0, priority=100, table_id=1):
    """An OF1.3 FLOW_MOD body with a catch-all match and no
    instructions (a drop rule), in table 1 by default."""
    return struct.pack("!QQBBHHHIIIH2x", 0, 0, table_id, command, 0, 0,
                       priority, 0xffffffff, 0xffffffff, 0xffffffff, 0) + \
        b"\x00\x01\x00\x04\x00\x00\x00\x00"


# ---- Running scenarios. ----------------------------------------------------

def run(scenarios):
    """Runs the scenario named by argv[1] (in this process: the caller
    gives it fresh namespaces).  Exit 0 pass, 1 fail.  The daemon is
    stopped whatever happens (also on SIGTERM, e.g. from timeout(1)):
    left running it would keep the namespace alive."""
    name = sys.argv[1] if len(sys.argv) > 1 else None
    if name not in scenarios:
        print("usage: %s %s" % (sys.argv[0], "|".join(sorted(scenarios))))
        sys.exit(2)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    try:
        scenarios[name]()
        print("PASS: %s" % name)
    except Exception as e:
        import traceback
        if not isinstance(e, TestFailure):
            traceback.print_exc()
        print("FAIL: %s" % e, flush=True)
        sw = _last_switch[0]
        if sw:
            print("---- fsw-vswitchd log\n" + sw.log_tail(), flush=True)
            print("---- datapath flows\n" + sh("%s dpif/dump-flows br0" %
                                                sw.appctl, False))
        sys.exit(1)
    finally:
        if _last_switch[0]:
            _last_switch[0].stop()
    sys.exit(0)


_last_switch = [None]


def switch(*args, **kwargs):
    return Switch(*args, **kwargs)
