#!/usr/bin/env python3
"""Builds the MongoDB replay transcripts (run once; the .bin files are kept in the repository).

Sources (the shapes and field names of every reply):
  - OP_MSG framing: https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/
    (MsgHeader: messageLength, requestID, responseTo, opCode 2013; flagBits; section kind 0)
  - BSON encoding: https://bsonspec.org/spec.html
  - hello reply: https://www.mongodb.com/docs/manual/reference/command/hello/ (output fields)
  - buildInfo reply: https://www.mongodb.com/docs/manual/reference/command/buildInfo/
  - listDatabases reply: https://www.mongodb.com/docs/manual/reference/command/listDatabases/
    (example output: databases [{name, sizeOnDisk, empty}], totalSize, totalSizeMb, ok)
  - listCollections / find replies: cursor {id, ns, firstBatch}, ok
    (https://www.mongodb.com/docs/manual/reference/command/listCollections/,
     https://www.mongodb.com/docs/manual/reference/command/find/)
  - Unauthorized: error code 13 "Unauthorized"
    (https://www.mongodb.com/docs/manual/reference/error-codes/), errmsg as mongod words it:
    "command listDatabases requires authentication".
Field values are the lab's synthetic, obviously fake records.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def cstr(s):
    return s.encode() + b"\0"


def element(k, v):
    if isinstance(v, bool):
        return b"\x08" + cstr(k) + (b"\x01" if v else b"\x00")
    if isinstance(v, float):
        return b"\x01" + cstr(k) + struct.pack("<d", v)
    if isinstance(v, int):
        if -2**31 <= v < 2**31:
            return b"\x10" + cstr(k) + struct.pack("<i", v)
        return b"\x12" + cstr(k) + struct.pack("<q", v)
    if isinstance(v, str):
        b = v.encode()
        return b"\x02" + cstr(k) + struct.pack("<i", len(b) + 1) + b + b"\0"
    if isinstance(v, dict):
        return b"\x03" + cstr(k) + doc(v)
    if isinstance(v, list):
        return b"\x04" + cstr(k) + doc({str(i): x for i, x in enumerate(v)})
    raise TypeError(v)


def doc(d):
    body = b"".join(element(k, v) for k, v in d.items())
    return struct.pack("<i", len(body) + 5) + body + b"\0"


def op_msg(d, response_to=0, request_id=1000):
    body = struct.pack("<I", 0) + b"\x00" + doc(d)
    return struct.pack("<iiii", 16 + len(body), request_id, response_to, 2013) + body


HELLO = {
    "helloOk": True, "isWritablePrimary": True, "topologyVersion": {"counter": 0},
    "maxBsonObjectSize": 16777216, "maxMessageSizeBytes": 48000000,
    "maxWriteBatchSize": 100000, "localTime": 0, "logicalSessionTimeoutMinutes": 30,
    "connectionId": 7, "minWireVersion": 0, "maxWireVersion": 21, "readOnly": False,
    "ok": 1.0,
}
BUILDINFO = {
    "version": "7.0.14", "gitVersion": "ce59cfc6a3c5e5c067dca0d30697edd68d4f5188",
    "modules": [], "allocator": "tcmalloc", "javascriptEngine": "mozjs",
    "sysInfo": "deprecated", "versionArray": [7, 0, 14, 0], "bits": 64, "debug": False,
    "maxBsonObjectSize": 16777216, "ok": 1.0,
}
LISTDB = {
    "databases": [
        {"name": "admin", "sizeOnDisk": 40960, "empty": False},
        {"name": "config", "sizeOnDisk": 61440, "empty": False},
        {"name": "crm", "sizeOnDisk": 73728, "empty": False},
        {"name": "local", "sizeOnDisk": 73728, "empty": False},
    ],
    "totalSize": 249856, "totalSizeMb": 0, "ok": 1.0,
}
LISTCOLL = {
    "cursor": {"id": 0, "ns": "crm.$cmd.listCollections",
               "firstBatch": [{"name": "customers", "type": "collection"},
                              {"name": "memos", "type": "collection"}]},
    "ok": 1.0,
}
FIND_CUSTOMERS = {
    "cursor": {"firstBatch": [
        {"_id": 1, "name": "Test Person", "email": "test.person@example.com",
         "ssn": "078-05-1120", "card": "4111 1111 1111 1111"},
        {"_id": 2, "name": "Jane Example", "email": "jane.example@example.org",
         "ssn": "219-09-9999"},
    ], "id": 0, "ns": "crm.customers"},
    "ok": 1.0,
}
FIND_MEMOS = {
    "cursor": {"firstBatch": [
        {"_id": 1, "marking": "UNCLASSIFIED//FOUO",
         "body": "Synthetic lab memo: test data only. aws_access_key_id=AKIAIOSFODNN7EXAMPLE"},
    ], "id": 0, "ns": "crm.memos"},
    "ok": 1.0,
}
UNAUTHORIZED = {
    "ok": 0.0, "errmsg": "command listDatabases requires authentication", "code": 13,
    "codeName": "Unauthorized",
}

FILES = {
    "hello.reply.bin": HELLO, "buildinfo.reply.bin": BUILDINFO,
    "listdatabases.reply.bin": LISTDB, "listcollections.reply.bin": LISTCOLL,
    "find_customers.reply.bin": FIND_CUSTOMERS, "find_memos.reply.bin": FIND_MEMOS,
    "unauthorized.reply.bin": UNAUTHORIZED,
}

if __name__ == "__main__":
    for name, d in FILES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(op_msg(d))
    print("wrote", len(FILES), "replies")
