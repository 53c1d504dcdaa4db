#!/usr/bin/env python3
"""Sends SYN-ACKs the scanner never asked for, from inside the fleet namespace.

  inject_answers.py forge IFACE DST_MAC COUNT SEED   forged: random acknowledgement numbers
  inject_answers.py replay IFACE DST_MAC PCAP LIMIT  stale: SYN-ACKs captured during an earlier
                                                     scan (another cookie key), sent again
  inject_answers.py flood IFACE DST_MAC COUNT SECONDS  unsolicited traffic as fast as it goes:
                                                     forged SYN-ACKs and RSTs into the source
                                                     port range, and UDP and TCP to other ports,
                                                     until COUNT frames or SECONDS have passed

Frames go from 10.77.x.y (the fleet's /16) port 11211, which is closed in the fleet, to the
scanner's 10.99.0.1 in its source port range. Prints how many frames it sent. Bounded by COUNT
or LIMIT; never addresses anything outside the test's namespaces.
"""
import random
import socket
import struct
import sys
import time

# A veth hands each frame to the receiving CPU's backlog (net.core.netdev_max_backlog, 1000 by
# default), which a burst of thousands overflows: pace the frames.
BURST = 50

SCANNER_IP = bytes([10, 99, 0, 1])
FLEET_PREFIX = (10, 77)


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def syn_ack(src_mac, dst_mac, src_ip, src_port, dst_port, ack):
    tcp = struct.pack("!HHIIBBHHH", src_port, dst_port, 777, ack, 0x50, 0x12, 64240, 0, 0)
    pseudo = src_ip + SCANNER_IP + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, src_ip,
                     SCANNER_IP)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return dst_mac + src_mac + b"\x08\x00" + ip + tcp


def captured_syn_acks(path, limit):
    """Ethernet frames of SYN-ACKs to the scanner in a classic pcap file."""
    with open(path, "rb") as f:
        header = f.read(24)
        endian = "<" if header[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
        frames = []
        while len(frames) < limit:
            record = f.read(16)
            if len(record) < 16:
                break
            _, _, caplen, _ = struct.unpack(endian + "IIII", record)
            frame = f.read(caplen)
            # Answers to the raw SYNs only: the connect engine's own handshakes (ephemeral
            # ports) were answered by SYN-ACKs too.
            if len(frame) >= 54 and frame[12:14] == b"\x08\x00" and frame[30:34] == SCANNER_IP \
                    and frame[23] == 6 and frame[14 + 20 + 13] == 0x12 \
                    and 61000 <= struct.unpack("!H", frame[36:38])[0] < 62024:
                frames.append(frame)
        return frames


def main():
    mode, iface, dst_mac_text = sys.argv[1:4]
    dst_mac = bytes(int(x, 16) for x in dst_mac_text.split(":"))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    src_mac = s.getsockname()[4][:6]
    sent = 0
    if mode == "forge":
        count, seed = int(sys.argv[4]), int(sys.argv[5])
        rng = random.Random(seed)
        for _ in range(count):
            src_ip = bytes([*FLEET_PREFIX, rng.randrange(256), rng.randrange(256)])
            s.send(syn_ack(src_mac, dst_mac, src_ip, 11211, rng.randrange(61000, 62024),
                           rng.randrange(1 << 32)))
            sent += 1
            if sent % BURST == 0:
                time.sleep(0.002)
    elif mode == "flood":
        count, seconds = int(sys.argv[4]), float(sys.argv[5])
        rng = random.Random(7)
        until = time.monotonic() + seconds
        while sent < count and time.monotonic() < until:
            src_ip = bytes([*FLEET_PREFIX, rng.randrange(256), rng.randrange(256)])
            kind = sent % 4
            dst_port = rng.randrange(61000, 62024) if kind < 2 else rng.randrange(1, 61000)
            frame = syn_ack(src_mac, dst_mac, src_ip, 11211, dst_port, rng.randrange(1 << 32))
            if kind == 1:  # a RST: flags byte of the TCP header
                frame = frame[:47] + b"\x04" + frame[48:]
            elif kind == 3:  # UDP: the IP protocol byte; the scanner's filter drops it
                frame = frame[:23] + b"\x11" + frame[24:]
            try:
                s.send(frame)
                sent += 1
            except OSError:  # the veth's queue is full: the flood outruns it, as floods do
                time.sleep(0.0005)
    elif mode == "replay":
        for frame in captured_syn_acks(sys.argv[4], int(sys.argv[5])):
            s.send(dst_mac + src_mac + frame[12:])
            sent += 1
            if sent % BURST == 0:
                time.sleep(0.002)
    else:
        sys.exit("unknown mode " + mode)
    print(sent)


if __name__ == "__main__":
    main()
