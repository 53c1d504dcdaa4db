#!/usr/bin/env python3
"""Object stores and file trees laid out as real deployments keep them: a thousand ordinary files
in folders two and three levels down, a few sensitive ones in their own folders, under names
that vary (the file-tree sibling of deployed_data.py).

    deployed_files.py s3 URL         PUT the objects into an S3-compatible store at URL
                                     (bucket "app-assets": 600 ordinary objects; bucket
                                     "corp-data": 1,150 ordinary objects and the planted ones)
    deployed_files.py list s3        print bucket/key<TAB>bytes per object (no upload)
    deployed_files.py categories s3  the planted categories (classifier detector ids)
    deployed_files.py tree DIR       write the file-server tree (FTP, rsync) under DIR: about
                                     1,000 ordinary files in pub/releases/2024/.., pub/mirror/..,
                                     docs/.., and the planted ones in their own folders
    deployed_files.py list tree      print path<TAB>bytes per file (nothing written)
    deployed_files.py categories tree

Every value is synthetic and obviously fake ("Test Person", example.com), generated from a fixed
seed: the same objects on every run. SSNs and card numbers are generated to pass the
classifier's validators (see deployed_data.py) because a scan must find them; they belong to
nobody. Stdlib only; uploads over one keep-alive connection, loopback addresses only.
"""
import http.client
import json
import os
import random
import sys
import urllib.parse

from deployed_data import SF86, WORDS, luhn_card, ssn

PLANTED = {
    "s3": ["us_ssn", "payment_card", "sf86_heading"],
    "tree": ["us_ssn", "payment_card", "sf86_heading"],
}


def s3_objects():
    """(bucket, key, content type, body) in upload order."""
    r = random.Random(9000)
    out = []
    for i in range(300):
        out.append(("app-assets", "static/i18n/%s/strings-%03d.json" % (r.choice(["en", "de", "fr"]), i),
                    "application/json",
                    json.dumps({"greeting": "%s %s" % (r.choice(WORDS), r.choice(WORDS))})))
    for i in range(300):
        out.append(("app-assets", "logs/2026/11/%02d/web-%04d.log" % (i % 28 + 1, i), "text/plain",
                    "GET /catalog/%d 200 %dms\n" % (r.randint(1, 999), r.randint(1, 300))))
    for i in range(700):
        out.append(("corp-data", "exports/2026-%02d/orders-%05d.csv" % (i % 11 + 1, i), "text/csv",
                    "order_id,sku,qty\n%d,SKU-%05d,%d\n" % (i, r.randint(1, 2000), r.randint(1, 5))))
    for i in range(450):
        out.append(("corp-data", "reports/weekly/%s-%03d.txt" % (r.choice(WORDS), i), "text/plain",
                    "Weekly %s report: %d units shipped.\n" % (r.choice(WORDS), r.randint(10, 999))))
    # The planted ones: three folders down, a minority among 1,750 objects, names that vary.
    out.insert(401, ("corp-data", "archive/2024/hr/personnel/emp-1007.json", "application/json",
                     json.dumps({"name": "Test Person", "ssn": ssn(r), "title": "Synthetic Analyst"})))
    out.insert(902, ("corp-data", "archive/2024/fin/cardholder/batch_0001.csv", "text/csv",
                     "holder,card,exp\nTest Person,%s,12/30\nJane Example,%s,01/31\n"
                     % (luhn_card(r), luhn_card(r))))
    out.insert(1333, ("corp-data", "misc/scan_0419.txt", "text/plain", SF86 + "\n"))
    return out


def tree_files():
    """(relative path, body) of the file-server tree, in write order."""
    r = random.Random(9100)
    out = []
    for i in range(360):  # release notes and checksums: pub/releases/2024/MM/
        month = i % 12 + 1
        name = "%s-%d.%d.%d" % (r.choice(WORDS), r.randint(1, 4), r.randint(0, 9), i)
        ext = r.choice(["tar.gz.sha256", "txt", "tar.gz.asc"])
        out.append(("pub/releases/2024/%02d/%s.%s" % (month, name, ext),
                    "%s %s release %d: %d fixes.\n" % (r.choice(WORDS), ext, i, r.randint(1, 90))))
    for i in range(420):  # a package mirror: pub/mirror/<dist>/pool/<letter>/
        dist = r.choice(["bookworm", "trixie"])
        word = r.choice(WORDS)
        out.append(("pub/mirror/%s/pool/%s/%s_%d.%d.dsc" % (dist, word[0], word, i, r.randint(0, 9)),
                    "Format: 3.0 (quilt)\nSource: %s\nVersion: %d.%d\n" % (word, i, r.randint(0, 9))))
    for i in range(180):  # manuals: docs/<product>/<version>/
        out.append(("docs/%s/v%d/page-%03d.txt" % (r.choice(WORDS), r.randint(1, 3), i),
                    "Chapter %d: configuring the %s service.\n" % (i, r.choice(WORDS))))
    for i in range(40):  # a drop folder: incoming/
        out.append(("incoming/upload-%04d.bin" % i, "%s\n" % r.choice(WORDS)))
    # The planted ones, each in its own folder, under names that vary.
    out.insert(211, ("hr/personnel/2023/staff_export.csv",
                     "name,ssn,title\nTest Person,%s,Synthetic Analyst\nJane Example,%s,Clerk\n"
                     % (ssn(r), ssn(r))))
    out.insert(517, ("finance/archive/cards_q3.txt",
                     "holder card exp\nTest Person %s 12/30\nJane Example %s 01/31\n"
                     % (luhn_card(r), luhn_card(r))))
    out.insert(803, ("incoming/scan/old/doc_0419.txt", SF86 + "\n"))
    return out


def write_tree(root):
    for path, body in tree_files():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(body)
    return 0


def upload(url, objects):
    u = urllib.parse.urlsplit(url)
    if not (u.hostname or "").startswith("127."):
        print("deployed_files: loopback addresses only", file=sys.stderr)
        return 2
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=10)
    for bucket, key, ctype, body in objects:
        data = body.encode()
        conn.request("PUT", "/%s/%s" % (bucket, urllib.parse.quote(key)), body=data,
                     headers={"Content-Type": ctype, "Content-Length": str(len(data))})
        resp = conn.getresponse()
        resp.read()
        if resp.status not in (200, 201, 204):
            print("deployed_files: PUT %s/%s: HTTP %d" % (bucket, key, resp.status), file=sys.stderr)
            return 1
    conn.close()
    return 0


def main():
    a = sys.argv[1:]
    if len(a) == 2 and a[0] == "categories" and a[1] in PLANTED:
        print(",".join(PLANTED[a[1]]))
        return 0
    if a == ["list", "s3"]:
        for bucket, key, _, body in s3_objects():
            print("%s/%s\t%d" % (bucket, key, len(body.encode())))
        return 0
    if a == ["list", "tree"]:
        for path, body in tree_files():
            print("%s\t%d" % (path, len(body.encode())))
        return 0
    if len(a) == 2 and a[0] == "tree":
        return write_tree(a[1])
    if len(a) == 2 and a[0] == "s3":
        return upload(a[1], s3_objects())
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
