#!/usr/bin/env python3
"""Record raw replies from a real server on 127.0.0.0/8 into a LWT1 transcript file.

Usage: record_raw.py HOST PORT OUT.lwt PROVENANCE [--source IP] [--idle SECONDS]
                     LABEL=REQUEST [LABEL=REQUEST ...]
REQUEST uses Python escapes (e.g. 'INFO=*1\\r\\n$4\\r\\nINFO\\r\\n'); an empty REQUEST only reads
(a banner). Each reply is read until the peer is idle for --idle seconds (default 0.5), closes,
or 1 MiB. Loopback only. Stdlib only.
"""
import argparse
import socket
import sys
import time

CAP = 1 << 20


def read_reply(sock, idle, overall=10.0):
    data = b""
    end = "timeout"
    deadline = time.monotonic() + overall
    sock.settimeout(idle)
    while len(data) < CAP and time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            end = "complete" if data else "timeout"
            break
        except ConnectionResetError:
            end = "reset"
            break
        if not chunk:
            end = "closed"
            break
        data += chunk
    return data, end


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("out")
    ap.add_argument("provenance")
    ap.add_argument("--source")
    ap.add_argument("--idle", type=float, default=0.5)
    ap.add_argument("--cap", type=int, default=65536)
    ap.add_argument("steps", nargs="+")
    a = ap.parse_args()
    if not a.host.startswith("127."):
        sys.exit("loopback only")
    s = socket.socket()
    if a.source:
        s.bind((a.source, 0))
    s.settimeout(3)
    s.connect((a.host, a.port))
    out = b"LWT1\n" + b"".join(b"# " + l.encode() + b"\n" for l in a.provenance.splitlines())
    for step in a.steps:
        label, _, req = step.partition("=")
        request = req.encode("latin-1").decode("unicode_escape").encode("latin-1")
        if request:
            s.sendall(request)
        reply, end = read_reply(s, a.idle)
        lab = label.encode()
        out += b"turn %s %d %d %d %d\n" % (end.encode(), len(lab), len(request), len(reply), a.cap)
        out += lab + request + reply + b"\n"
        if end in ("closed", "reset"):
            break
    s.close()
    with open(a.out, "wb") as f:
        f.write(out)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
