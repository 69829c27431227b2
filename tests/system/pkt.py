#!/usr/bin/python3
"""Packets for the action tests (20-29), standard library only.

  pkt.py send IFACE KIND TAG [COUNT] [PAYLEN] [bad] [vlan=TPID/VID]...
      Sends COUNT (1) raw frames h1 -> h2 with exact checksums (or a
      wrong L4 one with "bad"), with the VLAN tags given (outer first),
      out of IFACE.  KIND: udp4 tcp4 sctp4 icmp4
      udp6 tcp6 sctp6 icmp6.  The source port is TAG and the payload
      starts "tag=TAG;", so that one capture can hold many cases.
  pkt.py sock udp4|udp6 TAG [COUNT] [PAYLEN]
      The same through a kernel UDP socket, whose checksum the kernel
      leaves to the device (CHECKSUM_PARTIAL on veth).
  pkt.py tcpsrv PORT BYTES / pkt.py tcpcli ADDR PORT BYTES
      A TCP stream of BYTES pattern bytes; the server checks every one
      and prints "received N ok".
  pkt.py check PCAP
      One line per frame of a tcpdump capture: "tag=T len=N eth=S>D
      [vlan=TPID/VID/PCP]... ip4=S>D tos= ttl= ipsum=ok|bad udp=S>D
      l4sum=ok|bad|none ..." (checksums verified over the whole packet).
"""
import socket
import struct
import sys
import time

MAC1 = bytes.fromhex('020000000001')
MAC2 = bytes.fromhex('020000000002')
IP4 = (socket.inet_aton('10.0.0.1'), socket.inet_aton('10.0.0.2'))
IP6 = (socket.inet_pton(socket.AF_INET6, 'fd00::1'),
       socket.inet_pton(socket.AF_INET6, 'fd00::2'))
DPORT = 2222
PROTO = {'tcp': 6, 'udp': 17, 'sctp': 132, 'icmp': 1}


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def crc32c(data):
    table = crc32c.table
    if not table:
        for i in range(256):
            c = i
            for _ in range(8):
                c = (c >> 1) ^ 0x82f63b78 if c & 1 else c >> 1
            table.append(c)
    c = 0xffffffff
    for b in data:
        c = table[(c ^ b) & 0xff] ^ (c >> 8)
    return c ^ 0xffffffff


crc32c.table = []


def pseudo(src, dst, proto, length):
    if len(src) == 4:
        return src + dst + struct.pack('!BBH', 0, proto, length)
    return src + dst + struct.pack('!IxxxB', length, proto)


def l4(proto, src, dst, sport, payload, bad):
    """The L4 header and payload, checksummed."""
    if proto == 'udp':
        h = struct.pack('!HHHH', sport, DPORT, 8 + len(payload), 0)
    elif proto == 'tcp':
        h = struct.pack('!HHIIBBHHH', sport, DPORT, 1, 0, 5 << 4, 0x18,
                        8192, 0, 0)
    elif proto == 'sctp':
        # Common header and one DATA chunk.
        chunk = struct.pack('!BBHIHHI', 0, 3, 16 + len(payload), 1, 0, 0,
                            0) + payload
        chunk += b'\0' * (-len(chunk) % 4)
        seg = struct.pack('!HHII', sport, DPORT, 0x1234, 0) + chunk
        c = crc32c(seg) ^ bad
        return seg[:8] + struct.pack('<I', c) + seg[12:]
    else:       # icmp echo request; ICMPv6 has a pseudo-header
        h = struct.pack('!BBHHH', 8 if len(src) == 4 else 128, 0, 0, sport,
                        1)
    seg = h + payload
    s = csum(seg) if proto == 'icmp' and len(src) == 4 else \
        csum(pseudo(src, dst, PROTO[proto] if proto != 'icmp' else 58,
                    len(seg)) + seg)
    s = (~s & 0xffff) ^ bad
    if s == 0 and proto == 'udp':
        s = 0xffff
    pos = {'udp': 6, 'tcp': 16, 'icmp': 2}[proto]
    return seg[:pos] + struct.pack('!H', s) + seg[pos + 2:]


def frame(kind, tag, paylen, bad):
    proto, v6 = kind[:-1], kind.endswith('6')
    payload = ('tag=%d;' % tag).encode()
    payload += bytes(i & 0xff for i in range(max(0, paylen - len(payload))))
    src, dst = IP6 if v6 else IP4
    seg = l4(proto, src, dst, tag, payload, 0x5a5a if bad else 0)
    if v6:
        nxt = 58 if proto == 'icmp' else PROTO[proto]
        ip = struct.pack('!IHBB', 6 << 28, len(seg), nxt, 64) + src + dst
        return MAC2 + MAC1 + b'\x86\xdd' + ip + seg
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(seg), 1, 0, 64,
                     PROTO[proto], 0, src, dst)
    ip = ip[:10] + struct.pack('!H', ~csum(ip) & 0xffff) + ip[12:]
    return MAC2 + MAC1 + b'\x08\x00' + ip + seg


def send(argv):
    iface, kind, tag = argv[0], argv[1], int(argv[2])
    count = int(argv[3]) if len(argv) > 3 else 1
    paylen = int(argv[4]) if len(argv) > 4 else 64
    f = frame(kind, tag, paylen, 'bad' in argv[5:])
    tags = b''
    for opt in argv[5:]:
        if opt.startswith('vlan='):
            tpid, vid = opt[5:].split('/')
            tags += struct.pack('!HH', int(tpid, 16), int(vid))
    f = f[:12] + tags + f[12:]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    for i in range(count):
        s.send(f)
        if i % 50 == 49:
            time.sleep(0.01)   # let the receiving backlog drain


def sock(argv):
    kind, tag = argv[0], int(argv[1])
    count = int(argv[2]) if len(argv) > 2 else 1
    paylen = int(argv[3]) if len(argv) > 3 else 64
    v6 = kind == 'udp6'
    fam = socket.AF_INET6 if v6 else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind(('fd00::1' if v6 else '10.0.0.1', tag))
    payload = ('tag=%d;' % tag).encode().ljust(paylen, b'x')
    for _ in range(count):
        s.sendto(payload, ('fd00::2' if v6 else '10.0.0.2', DPORT))


def pattern(n):
    return (bytes(range(251)) * (n // 251 + 1))[:n]


def tcpsrv(argv):
    port, want = int(argv[0]), int(argv[1])
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(('0.0.0.0', port))
    ls.listen(1)
    print('listening', flush=True)
    c, _ = ls.accept()
    got = b''
    while len(got) < want:
        d = c.recv(65536)
        if not d:
            break
        got += d
    ok = got == pattern(want)
    c.sendall(b'ok' if ok else b'no')
    print('received %d %s' % (len(got), 'ok' if ok else 'CORRUPT'))


def tcpcli(argv):
    s = socket.create_connection((argv[0], int(argv[1])), timeout=60)
    s.sendall(pattern(int(argv[2])))
    print('server says', s.recv(2).decode())


def mac(b):
    return ':'.join('%02x' % x for x in b)


def describe_l4(proto, p, src, dst, out):
    """Appends the L4 fields of P (from the IP payload on) to OUT."""
    if proto in (6, 17) and len(p) >= (20 if proto == 6 else 8):
        sport, dport = struct.unpack('!HH', p[:4])
        out.append('%s=%d>%d' % ('tcp' if proto == 6 else 'udp', sport,
                                 dport))
        if proto == 17 and len(src) == 4 and p[6:8] == b'\0\0':
            out.append('l4sum=none')
            return
        ok = csum(pseudo(src, dst, proto, len(p)) + p) == 0xffff
        out.append('l4sum=' + ('ok' if ok else 'bad'))
    elif proto == 132 and len(p) >= 12:
        sport, dport = struct.unpack('!HH', p[:4])
        want = crc32c(p[:8] + b'\0\0\0\0' + p[12:])
        ok = struct.unpack('<I', p[8:12])[0] == want
        out.append('sctp=%d>%d l4sum=%s' % (sport, dport,
                                            'ok' if ok else 'bad'))
    elif proto == 58 and len(p) >= 4:
        ok = csum(pseudo(src, dst, 58, len(p)) + p) == 0xffff
        out.append('icmp6=%d/%d l4sum=%s' % (p[0], p[1],
                                             'ok' if ok else 'bad'))
    elif proto == 1 and len(p) >= 4:
        out.append('icmp=%d/%d l4sum=%s' % (p[0], p[1],
                                            'ok' if csum(p) == 0xffff
                                            else 'bad'))


def describe(f):
    out = ['len=%d' % len(f)]
    tag = f.find(b'tag=')
    if tag >= 0:
        end = f.find(b';', tag)
        out.insert(0, 'tag=' + f[tag + 4:end].decode('ascii', 'replace'))
    else:
        out.insert(0, 'tag=none')
    if len(f) < 14:
        return ' '.join(out)
    out.append('eth=%s>%s' % (mac(f[6:12]), mac(f[0:6])))
    ofs = 12
    etype = struct.unpack('!H', f[ofs:ofs + 2])[0]
    while etype in (0x8100, 0x88a8) and len(f) >= ofs + 6:
        tci = struct.unpack('!H', f[ofs + 2:ofs + 4])[0]
        out.append('vlan=%04x/%d/%d' % (etype, tci & 0xfff, tci >> 13))
        ofs += 4
        etype = struct.unpack('!H', f[ofs:ofs + 2])[0]
    ofs += 2
    out.append('type=%04x' % etype)
    ip = f[ofs:]
    if etype == 0x0800 and len(ip) >= 20:
        ihl = (ip[0] & 15) * 4
        tot = struct.unpack('!H', ip[2:4])[0]
        src, dst = ip[12:16], ip[16:20]
        out.append('ip4=%s>%s tos=0x%02x ttl=%d ipsum=%s' % (
            socket.inet_ntoa(src), socket.inet_ntoa(dst), ip[1], ip[8],
            'ok' if csum(ip[:ihl]) == 0xffff else 'bad'))
        if tot <= len(ip):
            describe_l4(ip[9], ip[ihl:tot], src, dst, out)
        else:
            out.append('short')
    elif etype == 0x86dd and len(ip) >= 40:
        w = struct.unpack('!I', ip[:4])[0]
        plen = struct.unpack('!H', ip[4:6])[0]
        src, dst = ip[8:24], ip[24:40]
        out.append('ip6=%s>%s tc=0x%02x fl=0x%05x hl=%d' % (
            socket.inet_ntop(socket.AF_INET6, src),
            socket.inet_ntop(socket.AF_INET6, dst), w >> 20 & 0xff,
            w & 0xfffff, ip[7]))
        if 40 + plen <= len(ip):
            describe_l4(ip[6], ip[40:40 + plen], src, dst, out)
        else:
            out.append('short')
    return ' '.join(out)


def check(argv):
    data = open(argv[0], 'rb').read()
    magic = struct.unpack('<I', data[:4])[0]
    order = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    ofs = 24
    while ofs + 16 <= len(data):
        incl = struct.unpack(order + 'IIII', data[ofs:ofs + 16])[2]
        print(describe(data[ofs + 16:ofs + 16 + incl]))
        ofs += 16 + incl


def main():
    cmds = {'send': send, 'sock': sock, 'tcpsrv': tcpsrv, 'tcpcli': tcpcli,
            'check': check}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    cmds[sys.argv[1]](sys.argv[2:])


if __name__ == '__main__':
    main()
