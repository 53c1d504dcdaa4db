#!/usr/bin/env python3
"""Builds the Cassandra replay transcripts (run once; the .bin files are kept in the repository).

Source: the CQL binary protocol v4 specification, doc/native_protocol_v4.spec in the Apache
Cassandra repository (section 2 frame header: version 0x84 for responses, flags, stream, opcode,
length; 4.2.1 READY; 4.2.2 AUTHENTICATE with the authenticator class; 4.2.5 RESULT; 4.2.5.2 Rows
with Global_tables_spec metadata; 6 error codes). Column types from section 6 (varchar 0x000D,
int 0x0009). Values are the lab's synthetic, obviously fake records; release_version 4.1.5.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def frame(opcode, body, stream=0):
    return struct.pack(">BBhBi", 0x84, 0, stream, opcode, len(body)) + body


def string(s):
    b = s.encode()
    return struct.pack(">H", len(b)) + b


def cell(v):
    if v is None:
        return struct.pack(">i", -1)
    if isinstance(v, int):
        b = struct.pack(">i", v)
    else:
        b = v.encode()
    return struct.pack(">i", len(b)) + b


def rows(keyspace, table, columns, data):
    meta = struct.pack(">ii", 0x0001, len(columns)) + string(keyspace) + string(table)
    for name, typ in columns:
        meta += string(name) + struct.pack(">H", typ)
    body = struct.pack(">i", 0x0002) + meta + struct.pack(">i", len(data))
    for row in data:
        body += b"".join(cell(v) for v in row)
    return frame(0x08, body)


VARCHAR, INT = 0x000D, 0x0009
FILES = {
    "ready.bin": frame(0x02, b""),
    "authenticate.bin": frame(0x03, string("org.apache.cassandra.auth.PasswordAuthenticator")),
    "local.bin": rows("system", "local", [("release_version", VARCHAR), ("cluster_name", VARCHAR)],
                      [("4.1.5", "Lab Cluster")]),
    "tables.bin": rows("system_schema", "tables",
                       [("keyspace_name", VARCHAR), ("table_name", VARCHAR)],
                       [("crm", "customers"), ("system", "local"), ("system_auth", "roles")]),
    "customers.bin": rows("crm", "customers",
                          [("id", INT), ("name", VARCHAR), ("ssn", VARCHAR), ("card", VARCHAR)],
                          [(1, "Test Person", "078-05-1120", "4111 1111 1111 1111"),
                           (2, "Jane Example", "219-09-9999", None)]),
}

if __name__ == "__main__":
    for name, data in FILES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
    print("wrote", len(FILES), "frames")
