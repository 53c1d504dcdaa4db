#!/usr/bin/env python3
"""Seeds a lab RabbitMQ through its management HTTP API with synthetic, obviously fake messages.

    rabbitmq_seed.py IP PORT

Logs in as the stock guest/guest account (the lab's node runs on loopback, where RabbitMQ
allows it), creates the vhost "lab", gives guest rights on it, declares three durable queues and
publishes messages to them. Setup only: the probe itself never declares, publishes or consumes.
Stdlib only; every request bounded by a timeout, the readiness retry bounded in count.
"""
import base64
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

AUTH = "Basic " + base64.b64encode(b"guest:guest").decode()
VHOST = "lab"
QUEUES = {
    "crm.customers": [
        '{"name":"Test Person","ssn":"078-05-1120","card":"4111 1111 1111 1111"}',
        '{"name":"Test Person","email":"test.person@example.com"}',
    ],
    "ops.memos": ["UNCLASSIFIED//FOUO synthetic lab memo: test data only"],
    "ops.config": ["aws_access_key_id=AKIAIOSFODNN7EXAMPLE"],
}


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", AUTH)
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=15) as r:
        return r.status, r.read(1 << 20)


def main():
    if len(sys.argv) != 3 or not sys.argv[1].startswith("127."):
        print("usage: rabbitmq_seed.py 127.x.y.z PORT", file=sys.stderr)
        return 2
    base = "http://%s:%d" % (sys.argv[1], int(sys.argv[2]))
    vh = urllib.parse.quote(VHOST, safe="")
    for attempt in range(60):  # the plugin may still be starting: at most ~60 s
        try:
            call(base, "GET", "/api/overview")
            break
        except (urllib.error.URLError, OSError) as e:
            if attempt == 59:
                print("rabbitmq_seed: management API not ready: %s" % e, file=sys.stderr)
                return 1
            time.sleep(1)
    call(base, "PUT", "/api/vhosts/" + vh)
    call(base, "PUT", "/api/permissions/%s/guest" % vh,
         {"configure": ".*", "write": ".*", "read": ".*"})
    for queue, messages in QUEUES.items():
        q = urllib.parse.quote(queue, safe="")
        call(base, "PUT", "/api/queues/%s/%s" % (vh, q), {"durable": True})
        # Re-running up must not pile up messages: seed only an empty queue.
        _, raw = call(base, "GET", "/api/queues/%s/%s" % (vh, q))
        info = json.loads(raw)
        if isinstance(info, dict) and info.get("messages", 0):
            continue
        for m in messages:
            _, raw = call(base, "POST", "/api/exchanges/%s/amq.default/publish" % vh,
                          {"properties": {"delivery_mode": 2}, "routing_key": queue,
                           "payload": m, "payload_encoding": "string"})
            if not json.loads(raw).get("routed"):
                print("rabbitmq_seed: message to %s not routed" % queue, file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
