#!/usr/bin/env python3
"""Counts the frames of a classic pcap file: prints 'SYNS OUTSIDE' where SYNS is the number of
TCP SYNs (no ACK) and OUTSIDE the number of frames that are neither ARP nor IPv4 to NETWORK/16
or to HOST (argv: file network host, e.g. out.pcap 10.77.0.0 10.99.0.2). Bounded by the file."""
import ipaddress
import struct
import sys

path, network, host = sys.argv[1], ipaddress.ip_network(sys.argv[2] + "/16"), sys.argv[3]
host_bytes = ipaddress.ip_address(host).packed
syns = outside = 0
with open(path, "rb") as f:
    magic = f.read(24)[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    while True:
        record = f.read(16)
        if len(record) < 16:
            break
        caplen = struct.unpack(endian + "IIII", record)[2]
        frame = f.read(caplen)
        kind = frame[12:14]
        if kind == b"\x08\x06":
            continue
        if kind != b"\x08\x00" or len(frame) < 34:
            outside += 1
            continue
        dst = frame[30:34]
        if ipaddress.ip_address(dst) not in network and dst != host_bytes:
            outside += 1
        ihl = (frame[14] & 0x0F) * 4
        if frame[23] == 6 and len(frame) > 14 + ihl + 13 and frame[14 + ihl + 13] & 0x12 == 0x02:
            syns += 1
print(syns, outside)
