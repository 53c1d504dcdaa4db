#!/usr/bin/env python3
"""Writes deployed.json and deployed/*.reply.bin: a mongod laid out as real deployments are (the
lab's `deployed` instance, 127.0.1.33:27017).

    make_deployed.py            (re)writes the files beside this script; output is deterministic

No MongoDB server exists in Debian, so, like open.json, every reply is built by
make_transcripts.py's OP_MSG/BSON encoder in the shapes the MongoDB manual documents (hello,
buildInfo, listDatabases, listCollections with nameOnly, find's cursor.firstBatch). Only the
names and documents are ours:

  - admin, config, local (never listed);
  - shop: products, orders_2026_01..06, carts, sessions; analytics: 20 daily event collections
    and rollups; app_prod: users, settings, audit_log, kyc_records (an unremarkable name: two
    of its five documents hold an SSN, us_ssn), payment_methods (payment_card);
  - READ__ME_TO_RECOVER_YOUR_DATA.README: the ransom note left by the 2017-2020 MongoDB wiping
    campaigns (a demand, a fake bitcoin-like address with a broken checksum, an example.com
    contact).

Every value is synthetic and obviously fake; SSNs and cards come from lab/services/data/
deployed_data.py's generators. Stdlib only.
"""
import json
import os
import random
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "lab", "services", "data"))
import deployed_data  # noqa: E402
from make_transcripts import BUILDINFO, HELLO, cstr, op_msg  # noqa: E402

FAKE_BTC = "1LabTestFakeAddressDoNotUse9xQ"
RANSOM = ("All your data is backed up. You must pay 0.0125 BTC to %s In 48 hours, your data "
          "will be publicly disclosed and deleted. After paying send mail to us: "
          "restore.data@example.com and we will provide a link for you to download your data. "
          "Your DBCODE is: LAB-9C21" % FAKE_BTC)
RANSOM_DB = "READ__ME_TO_RECOVER_YOUR_DATA"


def utf8_element(key, value):
    b = value.encode()
    return b"\x02" + cstr(key) + struct.pack("<i", len(b) + 1) + b + b"\0"


def layout():
    r = random.Random(27017)
    dbs = {"shop": {}, "analytics": {}, "app_prod": {}, RANSOM_DB: {}}
    shop = dbs["shop"]
    shop["products"] = [dict(deployed_data.product(r, i), _id=i) for i in range(5)]
    for m in range(1, 7):
        shop["orders_2026_%02d" % m] = [{"_id": m * 1000 + i, "sku": "SKU-%05d" % r.randint(1, 600),
                                         "qty": r.randint(1, 5)} for i in range(5)]
    shop["carts"] = [{"_id": i, "items": r.randint(1, 9)} for i in range(5)]
    shop["sessions"] = [{"_id": "%016x" % r.getrandbits(64), "ttl": 3600} for _ in range(5)]
    an = dbs["analytics"]
    for day in range(1, 21):
        an["events_2026_11_%02d" % day] = [{"_id": i, "kind": "page_view",
                                            "path": "/catalog/%d" % r.randint(1, 600)}
                                           for i in range(5)]
    an["rollups"] = [{"_id": "2026-11-%02d" % d, "views": r.randint(1000, 9000)}
                     for d in range(1, 6)]
    app = dbs["app_prod"]
    app["users"] = [{"_id": i, "login": "user%d" % i, "plan": "free"} for i in range(5)]
    kyc = [{"_id": 990 + i, "name": "Staff %d" % i, "checked": True} for i in range(5)]
    kyc[1] = {"_id": 1007, "name": "Test Person", "ssn": deployed_data.ssn(r), "checked": True}
    kyc[3] = {"_id": 1012, "name": "Jane Example", "ssn": deployed_data.ssn(r), "checked": True}
    app["kyc_records"] = kyc
    app["settings"] = [{"_id": "theme", "value": "dark"}]
    app["audit_log"] = [{"_id": i, "event": "login ok"} for i in range(5)]
    app["payment_methods"] = [{"_id": i, "holder": h, "card": deployed_data.luhn_card(r),
                               "expires": "12/30"}
                              for i, h in enumerate(["Test Person", "Jane Example"])]
    dbs[RANSOM_DB]["README"] = [{"_id": 1, "content": RANSOM}]
    return dbs


def main():
    dbs = layout()
    out = os.path.join(HERE, "deployed")
    os.makedirs(out, exist_ok=True)
    files = {"listdatabases.reply.bin": {
        "databases": [{"name": "admin", "sizeOnDisk": 40960, "empty": False},
                      {"name": "analytics", "sizeOnDisk": 18612224, "empty": False},
                      {"name": "app_prod", "sizeOnDisk": 1261568, "empty": False},
                      {"name": "config", "sizeOnDisk": 110592, "empty": False},
                      {"name": "local", "sizeOnDisk": 73728, "empty": False},
                      {"name": "shop", "sizeOnDisk": 4423680, "empty": False},
                      {"name": RANSOM_DB, "sizeOnDisk": 40960, "empty": False}],
        "totalSize": 24563712, "totalSizeMb": 23, "ok": 1.0}}
    rules = [
        {"name": "hello", "contains_hex": "1068656c6c6f00", "reply": "hello.reply.bin",
         "copy": [[4, 8, 4]]},
        {"name": "buildInfo", "contains": "buildInfo", "reply": "buildinfo.reply.bin",
         "copy": [[4, 8, 4]]},
        {"name": "listDatabases", "contains": "listDatabases",
         "reply": "deployed/listdatabases.reply.bin", "copy": [[4, 8, 4]]}]
    find_rules, list_rules = [], []
    for db, colls in dbs.items():
        name = "listcollections_%s.reply.bin" % db.lower()
        files[name] = {"cursor": {"id": 0, "ns": db + ".$cmd.listCollections", "firstBatch": [
            {"name": c, "type": "collection"} for c in colls]}, "ok": 1.0}
        # listCollections for this database: the command name and the $db element.
        list_rules.append({"name": "listCollections " + db,
                           "contains_hex": utf8_element("$db", db).hex(),
                           "reply": "deployed/" + name, "copy": [[4, 8, 4]]})
        for coll, docs in colls.items():
            fname = "find_%s.%s.reply.bin" % (db.lower(), coll.lower())
            files[fname] = {"cursor": {"firstBatch": docs, "id": 0, "ns": db + "." + coll},
                            "ok": 1.0}
            find_rules.append({"name": "find %s.%s" % (db, coll),
                               "contains_hex": utf8_element("find", coll).hex(),
                               "reply": "deployed/" + fname, "copy": [[4, 8, 4]]})
    for name, d in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(op_msg(d))
    # find rules first: a find request also carries its database's $db element.
    manifest = {
        "product": "mongodb", "version": "7.0.14",
        "source": "Replies built by make_deployed.py with make_transcripts.py's encoder in the "
                  "shapes of the MongoDB manual's hello, buildInfo, listDatabases, "
                  "listCollections and find pages; names and documents are a synthetic "
                  "deployment. An open mongod (no --auth).",
        "framing": {"type": "length", "offset": 0, "size": 4, "endian": "little", "adjust": 0},
        "rules": rules + find_rules + list_rules, "unmatched": "close"}
    with open(os.path.join(HERE, "deployed.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
