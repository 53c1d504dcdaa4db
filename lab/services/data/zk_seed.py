#!/usr/bin/env python3
"""Seeds a ZooKeeper server with synthetic, obviously fake znodes over the jute wire protocol.

    zk_seed.py IP PORT [--acl-user USER:PASSWORD] [--deployed]

--deployed plants the tree of deployed_data.py zookeeper (about 300 znodes, data three levels
down) instead of the small one below.

With --acl-user the data znodes carry only a digest ACL for that user (world: no rights), so an
anonymous client can list / but not read them. Stdlib only; every read bounded by a timeout.
"""
import base64
import hashlib
import socket
import struct
import sys

NODES = [
    ("/app", b""),
    ("/app/config", b"db_url=postgres://app:lab-password-not-real@db.example.internal/app\n"
                    b"aws_access_key_id=AKIAIOSFODNN7EXAMPLE\n"),
    ("/customers", b""),
    ("/customers/1001", b'{"name":"Test Person","ssn":"078-05-1120","card":"4111 1111 1111 1111"}'),
    ("/memos", b"UNCLASSIFIED//FOUO synthetic lab memo: test data only"),
]


def jstr(s):
    b = s.encode()
    return struct.pack(">i", len(b)) + b


def jbuf(b):
    return struct.pack(">i", len(b)) + b


def frame(b):
    return struct.pack(">i", len(b)) + b


def read_frame(s):
    head = b""
    while len(head) < 4:
        c = s.recv(4 - len(head))
        if not c:
            sys.exit("closed")
        head += c
    (n,) = struct.unpack(">i", head)
    if n < 0 or n > 1 << 20:
        sys.exit("bad frame length")
    body = b""
    while len(body) < n:
        c = s.recv(n - len(body))
        if not c:
            sys.exit("closed")
        body += c
    return body


def main():
    ip, port = sys.argv[1], int(sys.argv[2])
    acl_user = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--acl-user" else None
    nodes = NODES
    if "--deployed" in sys.argv[3:]:
        import json
        import os
        import subprocess
        gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "deployed_data.py")
        out = subprocess.run([sys.executable, gen, "zookeeper"], check=True, timeout=60,
                             capture_output=True).stdout
        nodes = [(p, d.encode()) for p, d in json.loads(out)]
    s = socket.create_connection((ip, port), timeout=10)
    s.sendall(frame(struct.pack(">iqiq", 0, 0, 10000, 0) + jbuf(b"\0" * 16) + b"\0"))
    read_frame(s)
    world = struct.pack(">i", 31) + jstr("world") + jstr("anyone")
    if acl_user:
        user, pw = acl_user.split(":", 1)
        digest = base64.b64encode(hashlib.sha1(("%s:%s" % (user, pw)).encode()).digest()).decode()
        restricted = struct.pack(">i", 31) + jstr("digest") + jstr("%s:%s" % (user, digest))
        # addauth digest user:password (xid -4, AuthPacket), so we may create under our nodes.
        s.sendall(frame(struct.pack(">iii", -4, 100, 0) + jstr("digest") + jbuf(acl_user.encode())))
        auth = read_frame(s)
        if struct.unpack(">i", auth[12:16])[0] != 0:
            sys.exit("addauth failed")
    xid = 1
    for path, data in nodes:
        acl = restricted if acl_user else world
        body = struct.pack(">ii", xid, 1) + jstr(path) + jbuf(data) + struct.pack(">i", 1) + acl
        body += struct.pack(">i", 0)
        s.sendall(frame(body))
        reply = read_frame(s)
        err = struct.unpack(">i", reply[12:16])[0]
        if err not in (0, -110):  # -110 NodeExists: seeding again is fine
            sys.exit("create %s failed: %d" % (path, err))
        xid += 1
    s.sendall(frame(struct.pack(">ii", xid, -11)))
    s.close()


if __name__ == "__main__":
    main()
