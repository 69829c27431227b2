#!/usr/bin/env python3
"""Strict decoder of sFlow version 5 datagrams, for the tests.

  sflow-decode.py listen [--bind ADDR] PORT SECONDS [OUTFILE]
      receive datagrams on UDP PORT for SECONDS, write one JSON object
      per datagram (a line each) to OUTFILE or stdout
  sflow-decode.py decode FILE
      FILE holds raw datagrams, each preceded by its length as a 4-byte
      big-endian number; writes JSON lines as above

Every length and count inside a datagram is checked; a malformed
datagram is reported as {"error": "..."} (listen) or makes decode exit 1.
Written from the sFlow version 5 specification (sflow.org).
"""
import ipaddress
import json
import socket
import struct
import sys
import time


class Malformed(Exception):
    pass


class Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def u32(self):
        if self.pos + 4 > len(self.data):
            raise Malformed("truncated at byte %d" % self.pos)
        v = struct.unpack_from(">I", self.data, self.pos)[0]
        self.pos += 4
        return v

    def u64(self):
        return (self.u32() << 32) | self.u32()

    def raw(self, n):
        padded = (n + 3) & ~3
        if self.pos + padded > len(self.data):
            raise Malformed("opaque of %d bytes overruns" % n)
        v = self.data[self.pos:self.pos + n]
        if any(self.data[self.pos + n:self.pos + padded]):
            raise Malformed("non-zero XDR padding")
        self.pos += padded
        return v

    def sub(self):
        """A (format, length, data) item: returns (enterprise, format,
        Reader over the data)."""
        fmt = self.u32()
        length = self.u32()
        if length % 4 or self.pos + length > len(self.data):
            raise Malformed("item length %d bad or overruns" % length)
        r = Reader(self.data[self.pos:self.pos + length])
        self.pos += length
        return fmt >> 12, fmt & 0xfff, r

    def done(self, what):
        if self.pos != len(self.data):
            raise Malformed("%s: %d bytes left over" %
                            (what, len(self.data) - self.pos))


def interface(v):
    fmt = v >> 30
    if fmt == 0:
        return {"ifindex": v}
    if fmt == 1:
        return {"discard": v & 0x3fffffff}
    if fmt == 2:
        return {"multiple": v & 0x3fffffff}
    raise Malformed("interface format 3")


def eth_summary(hdr):
    """Addresses of an Ethernet/IPv4 header, for the tests' checks."""
    out = {}
    if len(hdr) < 14:
        return out
    out["eth_dst"] = hdr[0:6].hex(":")
    out["eth_src"] = hdr[6:12].hex(":")
    etype = struct.unpack_from(">H", hdr, 12)[0]
    off = 14
    if etype == 0x8100 and len(hdr) >= 18:
        out["vlan"] = struct.unpack_from(">H", hdr, 14)[0] & 0xfff
        etype = struct.unpack_from(">H", hdr, 16)[0]
        off = 18
    out["eth_type"] = etype
    if etype == 0x0800 and len(hdr) >= off + 20:
        out["ip_proto"] = hdr[off + 9]
        out["ip_src"] = str(ipaddress.IPv4Address(hdr[off + 12:off + 16]))
        out["ip_dst"] = str(ipaddress.IPv4Address(hdr[off + 16:off + 20]))
        ihl = (hdr[off] & 15) * 4
        if hdr[off + 9] in (6, 17) and len(hdr) >= off + ihl + 4:
            out["tp_src"], out["tp_dst"] = struct.unpack_from(
                ">HH", hdr, off + ihl)
    return out


def flow_record(ent, fmt, r):
    if (ent, fmt) == (0, 1):
        rec = {"type": "raw_header", "protocol": r.u32(),
               "frame_length": r.u32(), "stripped": r.u32()}
        n = r.u32()
        hdr = r.raw(n)
        rec["header_length"] = n
        rec["header"] = hdr.hex()
        rec.update(eth_summary(hdr))
    elif (ent, fmt) == (0, 1001):
        rec = {"type": "switch", "src_vlan": r.u32(), "src_priority": r.u32(),
               "dst_vlan": r.u32(), "dst_priority": r.u32()}
    else:
        r.pos = len(r.data)
        rec = {"type": "unknown", "enterprise": ent, "format": fmt}
    r.done("flow record %d:%d" % (ent, fmt))
    return rec


IF_FIELDS = [
    ("ifIndex", 32), ("ifType", 32), ("ifSpeed", 64), ("ifDirection", 32),
    ("ifStatus", 32), ("ifInOctets", 64), ("ifInUcastPkts", 32),
    ("ifInMulticastPkts", 32), ("ifInBroadcastPkts", 32),
    ("ifInDiscards", 32), ("ifInErrors", 32), ("ifInUnknownProtos", 32),
    ("ifOutOctets", 64), ("ifOutUcastPkts", 32), ("ifOutMulticastPkts", 32),
    ("ifOutBroadcastPkts", 32), ("ifOutDiscards", 32), ("ifOutErrors", 32),
    ("ifPromiscuousMode", 32),
]


def counter_record(ent, fmt, r):
    if (ent, fmt) == (0, 1):
        if len(r.data) != 88:
            raise Malformed("if_counters of %d bytes, not 88" % len(r.data))
        rec = {"type": "if_counters"}
        for name, bits in IF_FIELDS:
            rec[name] = r.u64() if bits == 64 else r.u32()
    else:
        r.pos = len(r.data)
        rec = {"type": "unknown", "enterprise": ent, "format": fmt}
    r.done("counter record %d:%d" % (ent, fmt))
    return rec


def sample(ent, fmt, r):
    if (ent, fmt) == (0, 1):
        s = {"type": "flow", "seq": r.u32()}
        src = r.u32()
        s["source_class"] = src >> 24
        s["source_index"] = src & 0xffffff
        s["sampling_rate"] = r.u32()
        s["sample_pool"] = r.u32()
        s["drops"] = r.u32()
        s["input"] = interface(r.u32())
        s["output"] = interface(r.u32())
        s["records"] = [flow_record(*r.sub()) for _ in range(r.u32())]
    elif (ent, fmt) == (0, 2):
        s = {"type": "counters", "seq": r.u32()}
        src = r.u32()
        s["source_class"] = src >> 24
        s["source_index"] = src & 0xffffff
        s["records"] = [counter_record(*r.sub()) for _ in range(r.u32())]
    else:
        r.pos = len(r.data)
        s = {"type": "unknown", "enterprise": ent, "format": fmt}
    r.done("sample %d:%d" % (ent, fmt))
    return s


def datagram(data):
    r = Reader(data)
    d = {"version": r.u32()}
    if d["version"] != 5:
        raise Malformed("version %d" % d["version"])
    atype = r.u32()
    if atype == 1:
        d["agent"] = str(ipaddress.IPv4Address(r.raw(4)))
    elif atype == 2:
        d["agent"] = str(ipaddress.IPv6Address(r.raw(16)))
    else:
        raise Malformed("agent address type %d" % atype)
    d["sub_agent_id"] = r.u32()
    d["seq"] = r.u32()
    d["uptime"] = r.u32()
    d["size"] = len(data)
    d["samples"] = [sample(*r.sub()) for _ in range(r.u32())]
    r.done("datagram")
    return d


def listen(argv):
    bind = "0.0.0.0"
    if argv and argv[0] == "--bind":
        bind = argv[1]
        argv = argv[2:]
    port, secs = int(argv[0]), float(argv[1])
    out = open(argv[2], "w") if len(argv) > 2 else sys.stdout
    fam = socket.AF_INET6 if ":" in bind else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind((bind, port))
    end = time.monotonic() + secs
    while True:
        left = end - time.monotonic()
        if left <= 0:
            break
        s.settimeout(left)
        try:
            data, peer = s.recvfrom(65536)
        except socket.timeout:
            break
        try:
            d = datagram(data)
        except Malformed as e:
            d = {"error": str(e), "hex": data.hex()}
        d["time"] = time.monotonic()
        d["peer"] = peer[0]
        out.write(json.dumps(d) + "\n")
        out.flush()


def decode(path):
    data = open(path, "rb").read()
    pos = 0
    while pos < len(data):
        n = struct.unpack_from(">I", data, pos)[0]
        pos += 4
        try:
            print(json.dumps(datagram(data[pos:pos + n])))
        except Malformed as e:
            print("malformed datagram: %s" % e, file=sys.stderr)
            sys.exit(1)
        pos += n


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "listen":
        listen(sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "decode":
        decode(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
