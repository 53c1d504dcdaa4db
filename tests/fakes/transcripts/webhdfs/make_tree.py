#!/usr/bin/env python3
"""Writes open.json, root_status.http, root_list.http and tree/*.http: the lab's `open` WebHDFS
NameNode (127.0.2.82:9870) laid out as real clusters keep files.

    make_tree.py            (re)writes the files beside this script; output is deterministic

No Hadoop NameNode is in Debian 12 or npm, so every reply is written from the Apache Hadoop
WebHDFS REST API documentation: the GETFILESTATUS and LISTSTATUS responses (the FileStatus JSON
schema), the RemoteException 404, and OPEN's documented answer on a NameNode, a "307 TEMPORARY_
REDIRECT" whose Location names a DataNode (here 127.0.2.82:9864, where nothing listens: a scan
of the NameNode does not follow it). Only the names are ours:

  - /exports/customers_2099.csv and an empty /tmp (the replies kept from the first replay);
  - /user/etl: jobs, staging/2026-10, staging/2026-11 (part files), archive/fin/ holding
    cardholder_batch_0001.csv (a card-holder file, four folders down);
  - /data/warehouse: sales.db/orders, web_logs.db/dt=2026-11-01..10 (Hive-style partitions) and
    hr.db/personnel/staff_export_2023.csv (a personnel export, four folders down).

About 140 files in 29 folders: more folders than the probe lists (its cap), so its record names
what the cap left out. Stdlib only.
"""
import json
import os
import random
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
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


def main():
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
