#!/usr/bin/env python3
"""Reads a classic pcap of the SYNs a fleet received (captured on its side of the veth) and
prints 'COUNT FIRST LAST RATE': how many, the first and last capture times (s) and the achieved
rate (COUNT - 1) / (LAST - FIRST) in SYNs/s, whatever the sending tool says of itself."""
import struct
import sys

count = 0
first = last = None
with open(sys.argv[1], "rb") as f:
    header = f.read(24)
    magic = header[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    while True:
        record = f.read(16)
        if len(record) < 16:
            break
        sec, frac, caplen, _ = struct.unpack(endian + "IIII", record)
        f.seek(caplen, 1)
        t = sec + frac / (1e9 if nano else 1e6)
        first = t if first is None else first
        last = t
        count += 1
if count < 2 or last == first:
    print(count, first or 0, last or 0, 0)
else:
    print(count, f"{first:.6f}", f"{last:.6f}", round((count - 1) / (last - first)))
