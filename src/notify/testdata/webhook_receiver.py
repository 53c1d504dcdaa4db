#!/usr/bin/env python3
"""A webhook receiver for leakwatch's delivery tests (Python's http.server, loopback only).

Records every request as one JSON line (path, headers, body, and whether the
X-Leakwatch-Signature verifies with --secret, computed here independently), then answers by
path:
  /ok, /v2/enqueue  200 (202 for /v2/enqueue)      /400  400
  /429  429 Retry-After: 7                          /429-date  429 Retry-After: <now + 120 s>
  /503  503 Retry-After: 3                          /503-none  503 without Retry-After
  /500  500                                         /302  302 to /ok (must not be followed)
  /hang never answers (sleeps 30 s)                 /big  200 with a 1 MiB body
  /hook  as the test sets it at run time (200 at start), by POST /_control with a JSON body
         {"mode": "200" | "500" | "429" | "hang", "retry_after": 7, "times": N}: "429" sends
         Retry-After when given; "hang" keeps the request unanswered until the next POST to
         /_control (at most 120 s) and then closes it; after `times` answers in that mode
         (0: no limit) the mode returns to "200". A POST to /_control is answered 200 and is
         not recorded.

Each record also holds the receipt time ("time", Unix seconds), the Idempotency-Key header
("idempotency_key") and the status it was answered with ("status"; 0 for a request left
unanswered), written before the answer.
"""
import argparse
import hashlib
import hmac
import json
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1 << 20


def verify(secret, header, body):
    """The 5-line check of docs/notifications.md."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    mac = hmac.new(secret.encode(), parts.get("t", "").encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(mac.hexdigest(), parts.get("v1", ""))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = min(int(self.headers.get("Content-Length", "0")), MAX_BODY)
        body = self.rfile.read(length)
        if self.path == "/_control":
            self.control(body)
            return
        sig = self.headers.get("X-Leakwatch-Signature", "")
        record = {
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
            "signature_ok": bool(sig) and verify(self.server.secret, sig, body),
            "time": time.time(),
            "idempotency_key": self.headers.get("Idempotency-Key", ""),
        }
        if self.path == "/hook":
            self.controlled(record)
            return
        with self.server.lock, open(self.server.log, "a") as f:
            f.write(json.dumps(record) + "\n")
        path = self.path
        if path == "/hang":
            time.sleep(30)
            return
        status, headers, payload = 200, {}, b"ok"
        if path == "/v2/enqueue":
            status, payload = 202, b'{"status":"success","message":"Event processed"}'
        elif path == "/400":
            status, payload = 400, b'{"message":"Event object is invalid"}'
        elif path == "/429":
            status, headers = 429, {"Retry-After": "7"}
        elif path == "/429-date":
            status, headers = 429, {"Retry-After": formatdate(time.time() + 120, usegmt=True)}
        elif path == "/503":
            status, headers = 503, {"Retry-After": "3"}
        elif path == "/503-none":
            status = 503
        elif path == "/500":
            status = 500
        elif path == "/302":
            status, headers = 302, {"Location": "/ok"}
        elif path == "/big":
            payload = b"x" * MAX_BODY
        self.answer(status, headers, payload)

    def answer(self, status, headers, payload):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def control(self, body):
        cmd = json.loads(body or b"{}")
        with self.server.mode_changed:
            self.server.mode = {
                "mode": str(cmd.get("mode", "200")),
                "retry_after": cmd.get("retry_after"),
                "left": int(cmd.get("times", 0)),
            }
            self.server.generation += 1
            self.server.mode_changed.notify_all()
        self.answer(200, {}, b"ok")

    def controlled(self, record):
        """Answers /hook as the mode says; the record is written before the answer."""
        with self.server.mode_changed:
            mode, generation = dict(self.server.mode), self.server.generation
            if mode["left"] > 0:
                self.server.mode["left"] -= 1
                if self.server.mode["left"] == 0:
                    self.server.mode = {"mode": "200", "retry_after": None, "left": 0}
            status = {"200": 200, "500": 500, "429": 429}.get(mode["mode"], 0)
            record["status"] = status
            with self.server.lock, open(self.server.log, "a") as f:
                f.write(json.dumps(record) + "\n")
        if status == 0:
            with self.server.mode_changed:
                self.server.mode_changed.wait_for(
                    lambda: self.server.generation != generation, timeout=120)
            self.close_connection = True
            return
        headers = {}
        if status == 429 and mode["retry_after"] is not None:
            headers["Retry-After"] = str(mode["retry_after"])
        self.answer(status, headers, b"ok")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--address", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--secret", default="")
    args = ap.parse_args()
    if not args.address.startswith("127."):
        raise SystemExit("webhook_receiver: loopback addresses only")
    server = ThreadingHTTPServer((args.address, args.port), Handler)
    server.daemon_threads = True
    server.log, server.secret, server.lock = args.log, args.secret, threading.Lock()
    server.mode = {"mode": "200", "retry_after": None, "left": 0}
    server.mode_changed, server.generation = threading.Condition(), 0
    server.serve_forever()


if __name__ == "__main__":
    main()
