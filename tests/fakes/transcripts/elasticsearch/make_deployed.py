#!/usr/bin/env python3
"""Writes deployed.json and deployed/*.http: an Elasticsearch 8 cluster laid out as real
deployments are (the lab's `deployed` instance, 127.0.2.84:9200).

    make_deployed.py            (re)writes the files beside this script; output is deterministic

No Elasticsearch server exists in Debian or npm, so, like open.json, every reply is written from
Elastic's documentation: the Root API example (root.http), the cat indices API rendered with
?format=json&bytes=b (every value a string), and the Search API response shape (took, timed_out,
_shards, hits.total, hits.hits[]._index/_id/_score/_source), each wrapped in the HTTP head
Elasticsearch 8 sends (X-elastic-product). Only the index names and documents are ours:

  - 3 system indices (.kibana_8.15.1_001, .security-7, .tasks): never read;
  - 30 daily log indices logs-nginx-2026.11.01..30, metrics-host-2026.11, products, orders-2026,
    sessions-v1 (ordinary), one empty index (tmp-reindex-0001);
  - emp-dir-v2: an unremarkable name; two of its five documents hold an SSN (us_ssn);
  - billing-cards: payment card numbers (payment_card);
  - read_me: a ransom note (a demand, a fake bitcoin-like address with an invalid checksum and a
    contact e-mail at example.com), as left on wiped clusters by the "meow"/"READ_ME" campaigns.

Every value is synthetic and obviously fake; SSNs and cards come from lab/services/data/
deployed_data.py's generators (validator-passing, belonging to nobody). Stdlib only.
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "lab", "services", "data"))
import deployed_data  # noqa: E402

HEAD = "HTTP/1.1 200 OK\r\nX-elastic-product: Elasticsearch\r\ncontent-type: application/json\r\n"
# A Base58-looking bitcoin address with a deliberately broken checksum: unusable for real.
FAKE_BTC = "1LabTestFakeAddressDoNotUse9xQ"
RANSOM = ("All your data is backed up. You must pay 0.0125 BTC to %s In 48 hours, your data "
          "will be publicly disclosed and deleted. (more information: go to "
          "https://example.com/restore) After paying send mail to us: restore.data@example.com "
          "and we will provide a link for you to download your data. Your DBCODE is: LAB-7F3A"
          % FAKE_BTC)


def http(body):
    b = body.encode()
    return (HEAD + "Content-Length: %d\r\n\r\n" % len(b)).encode() + b


def cat_row(name, docs, size, health="green"):
    return {"health": health, "status": "open", "index": name,
            "uuid": uuid(name),
            "pri": "1", "rep": "0", "docs.count": str(docs), "docs.deleted": "0",
            "store.size": str(size), "pri.store.size": str(size)}


def uuid(name):
    r = random.Random(name)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return "".join(r.choice(alphabet) for _ in range(22))


def search(index, docs, total):
    hits = [{"_index": index, "_id": doc_id, "_score": 1.0, "_source": src}
            for doc_id, src in docs]
    body = {"took": 3, "timed_out": False,
            "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
            "hits": {"total": {"value": min(total, 10000),
                               "relation": "eq" if total < 10000 else "gte"},
                     "max_score": 1.0, "hits": hits}}
    return json.dumps(body, separators=(",", ":"))


def main():
    r = random.Random(9200)
    indices = []  # (name, docs, bytes, [(id, source)])
    for day in range(1, 31):
        name = "logs-nginx-2026.11.%02d" % day
        docs = [("%s-%d" % (uuid(name)[:10], i),
                 {"@timestamp": "2026-11-%02dT%02d:%02d:00Z" % (day, i, 7 * i % 60),
                  "http": {"request": {"method": "get"}, "response": {"status_code": 200}},
                  "url": {"path": "/catalog/%d" % r.randint(1, 700)},
                  "message": "GET /catalog HTTP/1.1 200"}) for i in range(5)]
        indices.append((name, 40000 + day * 37, 21000000 + day * 4099, docs))
    indices.append(("metrics-host-2026.11", 86400, 9800000,
                    [(str(i), {"host": "web-%02d" % i, "cpu": r.randint(1, 99)})
                     for i in range(5)]))
    indices.append(("products", 2000, 640000,
                    [(str(i), deployed_data.product(r, i)) for i in range(5)]))
    indices.append(("orders-2026", 5000, 910000,
                    [(str(i), {"order": 7000 + i, "sku": "SKU-%05d" % r.randint(1, 2000),
                               "qty": r.randint(1, 5)}) for i in range(5)]))
    indices.append(("sessions-v1", 300, 52000,
                    [("s%d" % i, {"sid": "%016x" % r.getrandbits(64), "ttl": 3600})
                     for i in range(5)]))
    staff = [(str(1000 + i), {"name": "Staff %d" % i, "dept": "Synthetic Ops", "desk": i})
             for i in range(5)]
    staff[1] = ("1007", {"name": "Test Person", "ssn": deployed_data.ssn(r), "dept": "Ops"})
    staff[3] = ("1012", {"name": "Jane Example", "ssn": deployed_data.ssn(r), "dept": "Eng"})
    indices.append(("emp-dir-v2", 1000, 240000, staff))
    indices.append(("billing-cards", 3, 9100,
                    [(str(i), {"holder": holder, "card": deployed_data.luhn_card(r),
                               "expires": "12/30"})
                     for i, holder in enumerate(["Test Person", "Jane Example", "Lab User"])]))
    indices.append(("read_me", 1, 5400, [("1", {"message": RANSOM})]))
    system = [(".kibana_8.15.1_001", 48, 2310000), (".security-7", 7, 990000),
              (".tasks", 2, 14000)]
    empty = ("tmp-reindex-0001", 0, 225)

    rows = [cat_row(n, d, s) for n, d, s in system]
    rows += [cat_row(n, d, s, "yellow" if n.startswith("logs") else "green")
             for n, d, s, _ in indices]
    rows.append(cat_row(*empty))
    rows.sort(key=lambda row: row["index"])  # _cat/indices answers in no set order

    out = os.path.join(HERE, "deployed")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "cat_indices.http"), "wb") as f:
        f.write(http(json.dumps(rows, separators=(",", ":"))))
    rules = [{"name": "root", "prefix": "GET / HTTP/1.1", "reply": "root.http", "close": False},
             {"name": "cat indices", "prefix": "GET /_cat/indices",
              "reply": "deployed/cat_indices.http", "close": False}]
    for name, total, _, docs in indices:
        file = "search_%s.http" % name
        with open(os.path.join(out, file), "wb") as f:
            f.write(http(search(name, docs, total)))
        rules.append({"name": "search " + name, "prefix": "GET /%s/_search" % name,
                      "reply": "deployed/" + file, "close": False})
    rules.append({"name": "anything else", "prefix": "GET ", "reply": "not_found.http",
                  "close": False})
    manifest = {
        "product": "elasticsearch", "version": "8.15.1",
        "source": "Elasticsearch reference: Root API example response, cat indices API "
                  "(?format=json&bytes=b), Search API response shape; index names and "
                  "documents are a synthetic deployment written by make_deployed.py. No "
                  "Elasticsearch server exists in Debian or npm.",
        "framing": {"type": "idle", "ms": 50}, "rules": rules, "unmatched": "close"}
    with open(os.path.join(HERE, "deployed.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
