#!/usr/bin/env python3
"""A generic replay server for products with no Debian/npm server (see lab/README.md).

    replay_server.py --listen 127.0.1.30:27017 --manifest tests/fakes/transcripts/mongodb/open.json

Answers each framed request with the byte-exact reply of the first rule that matches it. The
replies come from the product's own documentation or protocol specification (each manifest says
which). Python 3 stdlib only. Loopback only. Bounded: concurrent and total connections, request
size, requests per connection, connection lifetime and idle time, and (optionally) the server's
own lifetime.
"""
import argparse
import json
import os
import signal
import socket
import sys
import threading
import time

MAX_CONCURRENT = 64
MAX_TOTAL_CONNECTIONS = 100_000
MAX_REQUEST = 1 << 20
MAX_REQUESTS_PER_CONNECTION = 1000
CONNECTION_LIFETIME = 60.0
IDLE_TIMEOUT = 15.0


class Manifest:
    def __init__(self, path):
        base = os.path.dirname(os.path.abspath(path))
        with open(path, encoding="utf-8") as f:
            m = json.load(f)
        self.product = m.get("product", "")
        self.framing = m.get("framing", {"type": "idle", "ms": 50})
        self.greeting = self._bytes(base, m.get("greeting"), m.get("greeting_hex"))
        self.unmatched = m.get("unmatched", "close")
        self.rules = []
        for r in m.get("rules", []):
            rule = {
                "name": r.get("name", "?"),
                "prefix": self._pattern(r, "prefix"),
                "contains": self._pattern(r, "contains"),
                "reply": self._bytes(base, r.get("reply"), r.get("reply_hex")) or b"",
                "copy": [tuple(c) for c in r.get("copy", [])],
                "close": bool(r.get("close", False)),
            }
            self.rules.append(rule)

    @staticmethod
    def _pattern(rule, key):
        if key in rule:
            return rule[key].encode("latin-1")
        if key + "_hex" in rule:
            return bytes.fromhex(rule[key + "_hex"])
        return None

    @staticmethod
    def _bytes(base, file, hexstr):
        if file:
            with open(os.path.join(base, file), "rb") as f:
                return f.read()
        if hexstr:
            return bytes.fromhex(hexstr)
        return None

    def match(self, request):
        for r in self.rules:
            if r["prefix"] is not None and not request.startswith(r["prefix"]):
                continue
            if r["contains"] is not None and r["contains"] not in request:
                continue
            reply = bytearray(r["reply"])
            for src, dst, n in r["copy"]:
                if src + n <= len(request) and dst + n <= len(reply):
                    reply[dst:dst + n] = request[src:src + n]
            return r, bytes(reply)
        return None, None


def next_request(buf, framing):
    """Returns (request, rest) when buf holds a whole request, else (None, buf)."""
    kind = framing.get("type", "idle")
    if kind == "length":
        off, size = framing.get("offset", 0), framing.get("size", 4)
        if len(buf) < off + size:
            return None, buf
        value = int.from_bytes(buf[off:off + size], framing.get("endian", "little"))
        total = value + framing.get("adjust", 0)
        if total <= 0 or total > MAX_REQUEST:
            raise ValueError("request length %d out of bounds" % total)
        if len(buf) < total:
            return None, buf
        return buf[:total], buf[total:]
    if kind == "line":
        i = buf.find(b"\n")
        if i < 0:
            return None, buf
        return buf[:i + 1], buf[i + 1:]
    return None, buf  # idle framing is handled by the reader


class Server:
    def __init__(self, manifest, listen, max_seconds, log):
        self.m = manifest
        host, port = listen.rsplit(":", 1)
        if not host.startswith("127."):
            sys.exit("replay_server: loopback addresses only (127.0.0.0/8)")
        self.addr = (host, int(port))
        self.max_seconds = max_seconds
        self.slots = threading.BoundedSemaphore(MAX_CONCURRENT)
        self.total = 0
        self.log = log
        self.stopping = threading.Event()

    def say(self, *args):
        if self.log:
            print(*args, file=sys.stderr, flush=True)

    def serve(self):
        ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind(self.addr)
        ls.listen(64)
        ls.settimeout(0.5)
        self.say("replay_server: %s on %s:%d" % (self.m.product, *self.addr))
        start = time.monotonic()
        while not self.stopping.is_set():
            if self.max_seconds and time.monotonic() - start > self.max_seconds:
                break
            try:
                conn, peer = ls.accept()
            except socket.timeout:
                continue
            except OSError:
                break
            self.total += 1
            if self.total > MAX_TOTAL_CONNECTIONS or not self.slots.acquire(blocking=False):
                conn.close()
                continue
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()
        ls.close()

    def handle(self, conn):
        try:
            self._handle(conn)
        except (OSError, ValueError) as e:
            self.say("replay_server: connection ended:", e)
        finally:
            conn.close()
            self.slots.release()

    def _read_idle(self, conn, buf, deadline):
        ms = self.m.framing.get("ms", 50) / 1000.0
        while True:
            conn.settimeout(IDLE_TIMEOUT if not buf else ms)
            try:
                chunk = conn.recv(65536)
            except socket.timeout:
                if buf:
                    return buf, True
                return buf, False
            if not chunk:
                return buf, False
            buf += chunk
            if len(buf) > MAX_REQUEST or time.monotonic() > deadline:
                return buf, True

    def _handle(self, conn):
        deadline = time.monotonic() + CONNECTION_LIFETIME
        if self.m.greeting:
            conn.sendall(self.m.greeting)
        buf = b""
        for _ in range(MAX_REQUESTS_PER_CONNECTION):
            if time.monotonic() > deadline:
                return
            if self.m.framing.get("type", "idle") == "idle":
                request, ok = self._read_idle(conn, b"", deadline)
                if not ok:
                    return
            else:
                request, buf = next_request(buf, self.m.framing)
                while request is None:
                    if len(buf) > MAX_REQUEST or time.monotonic() > deadline:
                        return
                    conn.settimeout(IDLE_TIMEOUT)
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                    request, buf = next_request(buf, self.m.framing)
            rule, reply = self.m.match(request)
            if rule is None:
                self.say("replay_server: unmatched request", request[:64])
                if self.m.unmatched == "silence":
                    continue
                return
            self.say("replay_server: %s" % rule["name"])
            if reply:
                conn.sendall(reply)
            if rule["close"]:
                return


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listen", required=True, help="127.x.y.z:port")
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--max-seconds", type=float, default=0, help="exit after this long (0 = never)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    server = Server(Manifest(a.manifest), a.listen, a.max_seconds, not a.quiet)
    signal.signal(signal.SIGTERM, lambda *_: server.stopping.set())
    signal.signal(signal.SIGINT, lambda *_: server.stopping.set())
    server.serve()


if __name__ == "__main__":
    main()
