#!/usr/bin/env python3
"""Writes open.json, root_status.http, root_list.http and tree/*.http: the lab's `open` WebHDFS
NameNode (127.0.2.82:9870) laid out as real clusters keep files; and datanode.json with
tree/dn_*.http: its DataNode (127.0.2.82:9864), which serves the files OPEN redirects to.

    make_tree.py            (re)writes the files beside this script; output is deterministic
    make_tree.py categories the planted categories (classifier detector ids), for the lab truth

No Hadoop NameNode is in Debian 12 or npm, so every reply is written from the Apache Hadoop
WebHDFS REST API documentation: the GETFILESTATUS and LISTSTATUS responses (the FileStatus JSON
schema), the RemoteException 404, and OPEN's documented answer on a NameNode, a "307 TEMPORARY_
REDIRECT" whose Location names a DataNode (here 127.0.2.82:9864, the same single-node host),
and the DataNode's answer to that OPEN: "200 OK", Content-Type application/octet-stream,
`Connection: close`, the file's first `length` bytes. Only the names and contents are ours:

  - /exports/customers_2099.csv and an empty /tmp (the replies kept from the first replay);
  - /user/etl: jobs, staging/2026-10, staging/2026-11 (part files), archive/fin/ holding
    cardholder_batch_0001.csv (a card-holder file, four folders down) and archive/scan_0419.txt
    (SF-86 questionnaire text under an ordinary name);
  - /data/warehouse: sales.db/orders, web_logs.db/dt=2026-11-01..10 (Hive-style partitions) and
    hr.db/personnel/staff_export_2023.csv (a personnel export, four folders down).

About 100 files in 29 folders: more folders than the probe lists (its cap), so its record names
what the cap left out. File contents (the DataNode's replies) are synthetic and obviously fake,
from lab/services/data/deployed_data.py's generators (SSNs and card numbers that pass the
classifier's validators and belong to nobody); the planted categories: PLANTED below. Binary
formats (parquet, orc, gz) get their magic bytes and 256 bytes of filler, not `length` bytes, to
keep the replay small. Stdlib only.
"""
import json
import os
import random
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "lab", "services", "data"))
from deployed_data import SF86, WORDS, luhn_card, ssn  # noqa: E402

PLANTED = ["payment_card", "sf86_heading", "us_ssn"]
READ_BYTES = 16384  # the probe's OPEN length
HEAD = ("HTTP/1.1 200 OK\r\nCache-Control: no-cache\r\nExpires: Mon, 01 Jan 2099 00:00:00 GMT\r\n"
        "Pragma: no-cache\r\nX-Content-Type-Options: nosniff\r\nX-FRAME-OPTIONS: SAMEORIGIN\r\n"
        "X-XSS-Protection: 1; mode=block\r\nContent-Type: application/json\r\n")
TIME = 4102444800000
DATANODE = "127.0.2.82:9864"


def tree():
    """{folder: [(name, length or None for a folder)]}, parents before children."""
    r = random.Random(9200)
    t = {}

    def add(folder, name, length=None):
        t.setdefault(folder, []).append((name, length))
        if length is None:
            t.setdefault(folder.rstrip("/") + "/" + name if folder != "/" else "/" + name, [])

    for name in ["data", "exports", "tmp", "user"]:
        add("/", name)
    add("/exports", "customers_2099.csv", 24930)
    add("/user", "etl")
    add("/user", "hive")
    for name in ["archive", "jobs", "staging"]:
        add("/user/etl", name)
    add("/user/hive", "hive-site.xml.bak", 4120)
    for i in range(8):
        add("/user/etl/jobs", "job_%02d_%s.py" % (i, r.choice(["load", "dedupe", "export"])),
            r.randint(900, 9000))
    for month in ["2026-10", "2026-11"]:
        add("/user/etl/staging", month)
        for i in range(15):
            add("/user/etl/staging/" + month, "part-%05d.parquet" % i, r.randint(10**6, 10**8))
    add("/user/etl/archive", "fin")
    add("/user/etl/archive", "scan_0419.txt", len(SF86) + 1)
    add("/user/etl/archive/fin", "cardholder_batch_0001.csv", 2318)
    add("/data", "warehouse")
    for db in ["hr.db", "sales.db", "web_logs.db"]:
        add("/data/warehouse", db)
    add("/data/warehouse/sales.db", "orders")
    for i in range(30):
        add("/data/warehouse/sales.db/orders", "part-%05d.orc" % i, r.randint(10**6, 10**8))
    for day in range(1, 11):
        d = "dt=2026-11-%02d" % day
        add("/data/warehouse/web_logs.db", d)
        for i in range(6):
            add("/data/warehouse/web_logs.db/" + d, "part-%05d.gz" % i, r.randint(10**5, 10**7))
    add("/data/warehouse/hr.db", "personnel")
    add("/data/warehouse/hr.db/personnel", "staff_export_2023.csv", 41772)
    return t


def status(name, length, file_id):
    directory = length is None
    return {"accessTime": 0 if directory else TIME, "blockSize": 0 if directory else 134217728,
            "childrenNum": 0, "fileId": file_id, "group": "supergroup",
            "length": 0 if directory else length, "modificationTime": TIME,
            "owner": "hdfs" if directory else "etl", "pathSuffix": name,
            "permission": "755" if directory else "644", "replication": 0 if directory else 3,
            "storagePolicy": 0, "type": "DIRECTORY" if directory else "FILE"}


def encoded(path):
    """The path as a client sends it: each component percent-encoded ("dt=1" -> "dt%3D1")."""
    return "/".join(urllib.parse.quote(c, safe="") for c in path.split("/"))


def http(body, head=HEAD):
    return "%sContent-Length: %d\r\n\r\n%s" % (head, len(body.encode()), body)


def write(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def content(path, length, r):
    """The file's first min(length, READ_BYTES) bytes (binary formats: a short stand-in)."""
    want = min(length, READ_BYTES)
    name = path.rsplit("/", 1)[-1]
    if name == "staff_export_2023.csv":
        text = "emp_id,name,ssn,title\n"
        i = 0
        while len(text) < want:
            text += "%d,Test Person %d,%s,Synthetic Analyst\n" % (1000 + i, i, ssn(r))
            i += 1
    elif name == "cardholder_batch_0001.csv":
        text = "holder,card,exp\n"
        while len(text) < want:
            text += "Test Person,%s,12/30\n" % luhn_card(r)
    elif name == "scan_0419.txt":
        text = SF86 + "\n"
    elif name.endswith((".parquet", ".orc", ".gz")):
        magic = {"parquet": b"PAR1", "orc": b"ORC", "gz": b"\x1f\x8b\x08\x00"}[name.rsplit(".", 1)[1]]
        return magic + bytes(r.randrange(256) for _ in range(256))
    else:
        text = ""
        while len(text) < want:
            text += "%s,%s,%d\n" % (r.choice(WORDS), r.choice(WORDS), r.randint(1, 9999))
    return text[:want].encode()


def write_bytes(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def datanode(files):
    """datanode.json and tree/dn_*.http: the DataNode's answer to each redirected OPEN."""
    r = random.Random(9300)
    rules = []
    for path, length in sorted(files.items()):
        body = content(path, length, r)
        head = ("HTTP/1.1 200 OK\r\nAccess-Control-Allow-Methods: GET\r\n"
                "Access-Control-Allow-Origin: *\r\nContent-Type: application/octet-stream\r\n"
                "Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body)).encode()
        reply = "tree/dn" + path.replace("/", "_") + ".http"
        write_bytes(reply, head + body)
        rules.append({"name": "open " + path, "prefix": "GET /webhdfs/v1%s?op=OPEN&" % encoded(path),
                      "reply": reply, "close": True})
    manifest = {
        "product": "webhdfs", "version": "",
        "source": "Apache Hadoop WebHDFS REST API (https://hadoop.apache.org/docs/stable/"
                  "hadoop-project-dist/hadoop-hdfs/WebHDFS.html): OPEN as a DataNode answers the "
                  "NameNode's redirect (200, application/octet-stream, the file's bytes; the "
                  "DataNode closes the connection after it). Contents synthetic (make_tree.py).",
        "framing": {"type": "idle", "ms": 50}, "rules": rules, "unmatched": "close"}
    write("datanode.json", json.dumps(manifest, indent=2) + "\n")


def main():
    if sys.argv[1:] == ["categories"]:
        print(",".join(PLANTED))
        return 0
    t = tree()
    os.makedirs(os.path.join(HERE, "tree"), exist_ok=True)
    file_id = 16386
    rules = []
    children = {}
    for folder, entries in t.items():
        children[folder] = len(entries)
    files = {}
    for folder, entries in t.items():
        listing = []
        for name, length in entries:
            path = (folder if folder != "/" else "") + "/" + name
            s = status(name, length, file_id)
            if length is None:
                s["childrenNum"] = children.get(path, 0)
            else:
                files[path] = length
            file_id += 1
            listing.append(s)
        body = json.dumps({"FileStatuses": {"FileStatus": listing}}, sort_keys=True)
        if folder == "/":
            reply = "root_list.http"
        elif folder == "/exports":
            reply = "exports_list.http"  # kept: written before this script
        elif folder == "/tmp":
            reply = "tmp_list.http"
        else:
            reply = "tree/list" + folder.replace("/", "_") + ".http"
        if reply.startswith("tree/") or folder == "/":
            write(reply, http(body))
        target = "/webhdfs/v1" + (encoded(folder) if folder != "/" else "/")
        rules.append({"name": "list " + folder, "prefix": "GET %s?op=LISTSTATUS " % target,
                      "reply": reply, "close": False})
    root = status("", None, 16385)
    root["childrenNum"] = children["/"]
    write("root_status.http", http(json.dumps({"FileStatus": root}, sort_keys=True)))
    for path, length in sorted(files.items()):
        # OPEN on a NameNode: the documented redirect to the DataNode that holds the block.
        location = ("http://%s/webhdfs/v1%s?op=OPEN&namenoderpcaddress=localhost:8020"
                    "&length=16384&offset=0" % (DATANODE, path))
        head = "HTTP/1.1 307 TEMPORARY_REDIRECT\r\nCache-Control: no-cache\r\n" \
               "Expires: Mon, 01 Jan 2099 00:00:00 GMT\r\nPragma: no-cache\r\n" \
               "Content-Type: application/octet-stream\r\nLocation: %s\r\n" % location
        reply = "tree/open" + path.replace("/", "_") + ".http"
        write(reply, http("", head))
        rules.append({"name": "open " + path, "prefix": "GET /webhdfs/v1%s?op=OPEN&" % encoded(path),
                      "reply": reply, "close": False})
    rules.insert(0, {"name": "root status", "prefix": "GET /webhdfs/v1/?op=GETFILESTATUS ",
                     "reply": "root_status.http", "close": False})
    rules.append({"name": "anything else", "prefix": "", "reply": "not_found.http",
                  "close": False})
    manifest = {
        "product": "webhdfs", "version": "",
        "source": "Apache Hadoop WebHDFS REST API (https://hadoop.apache.org/docs/stable/"
                  "hadoop-project-dist/hadoop-hdfs/WebHDFS.html): GETFILESTATUS, LISTSTATUS and "
                  "OPEN (307 TEMPORARY_REDIRECT to a DataNode) example responses, the FileStatus "
                  "JSON schema, and the RemoteException error responses. No Hadoop NameNode is in "
                  "Debian 12 or npm. Variant: simple auth with anonymous allowed (the default). "
                  "Written by make_tree.py.",
        "framing": {"type": "idle", "ms": 50}, "rules": rules, "unmatched": "close"}
    write("open.json", json.dumps(manifest, indent=2) + "\n")
    datanode(files)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
