#!/usr/bin/env python3
"""Accepts and closes connections on 0.0.0.0:PORT for SECONDS (the fleet's open ports)."""
import selectors
import socket
import sys
import time

ports = [int(p) for p in sys.argv[1].split(",")]
deadline = time.monotonic() + float(sys.argv[2])
selector = selectors.DefaultSelector()
for port in ports:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(65535)
    s.setblocking(False)
    selector.register(s, selectors.EVENT_READ)
print("ready", flush=True)
while time.monotonic() < deadline:
    for key, _ in selector.select(timeout=0.5):
        for _ in range(256):
            try:
                conn, _ = key.fileobj.accept()
            except BlockingIOError:
                break
            conn.close()
