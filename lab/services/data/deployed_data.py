#!/usr/bin/env python3
"""Lab data laid out as real deployments keep it: many ordinary records, a few sensitive ones in
a non-default database, a second schema or a deep folder, under names that vary.

    deployed_data.py redis        RESP for `redis-cli --pipe` (db 0 ordinary, db 3 sensitive)
    deployed_data.py memcached    key<TAB>value lines (about 1,100 ordinary, 2 sensitive)
    deployed_data.py postgresql   SQL for database `appdb` (run with psql -d appdb)
    deployed_data.py zookeeper    JSON list of [path, data] (parents first)
    deployed_data.py couchdb      JSON object {database: [documents]} (about 1,200 documents in
                                  17 databases; SSNs in `staff_directory`, cards in `payments`)

Every value is synthetic and obviously fake ("Test Person", example.com), generated from a fixed
seed, so the output is the same on every run. SSNs and card numbers are generated to pass the
classifier's validators (SSN area 100-665, never the published examples; cards Luhn-valid, printed
in fours) because a scan must find them; they belong to nobody. The planted categories (the
classifier's detector ids) are in PLANTED and go into the lab truth.

Stdlib only.
"""
import json
import random
import sys

PLANTED = {
    "redis": ["us_ssn", "payment_card", "sf86_heading"],
    "memcached": ["us_ssn", "payment_card"],
    "postgresql": ["us_ssn", "payment_card"],
    "zookeeper": ["us_ssn", "payment_card"],
    # Replayed (tests/fakes/transcripts/elasticsearch/make_deployed.py uses ssn/luhn_card below).
    # "compromised": the index `read_me` holds a ransom note (scripts/compare-truth).
    "elasticsearch": ["us_ssn", "payment_card", "compromised"],
    "couchdb": ["us_ssn", "payment_card"],
    # Replayed (tests/fakes/transcripts/mongodb/make_deployed.py).
    # "compromised": READ__ME_TO_RECOVER_YOUR_DATA.README holds a ransom note.
    "mongodb": ["us_ssn", "payment_card", "compromised"],
}

SF86 = ("STANDARD FORM 86 - Questionnaire for National Security Positions (SYNTHETIC LAB TEST "
        "DATA, NOT A REAL FORM). Applicant: Test Person. Section 13A - Employment Activities: "
        "Example Corp, 2019-2024. Section 20A - Foreign Contacts: none. Section 22 - Police "
        "Record: none.")


def ssn(r):
    return "%03d-%02d-%04d" % (r.randint(100, 665), r.randint(10, 99), r.randint(1000, 9999))


def luhn_card(r, prefix="4000"):
    digits = [int(c) for c in prefix] + [r.randint(0, 9) for _ in range(15 - len(prefix))]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    digits.append((10 - total % 10) % 10)
    s = "".join(map(str, digits))
    return " ".join(s[i:i + 4] for i in range(0, 16, 4))


WORDS = ["alpha", "harbor", "maple", "orbit", "pixel", "quartz", "river", "summit", "tundra",
         "violet", "willow", "zephyr", "cobalt", "ember", "fable", "garnet"]


def product(r, i):
    return {"sku": "SKU-%05d" % i, "name": "%s %s" % (r.choice(WORDS).title(), r.choice(WORDS)),
            "price_cents": r.randint(100, 99999), "stock": r.randint(0, 500)}


def resp(*args):
    out = "*%d\r\n" % len(args)
    for a in args:
        b = str(a).encode()
        out += "$%d\r\n%s\r\n" % (len(b), b.decode())
    return out


def redis():
    r = random.Random(8601)
    out = [resp("SELECT", 0)]
    for i in range(600):
        out.append(resp("HSET", "product:%d" % i, *sum(([k, v] for k, v in product(r, i).items()), [])))
    for i in range(400):
        out.append(resp("SET", "cache:page:/catalog/%d" % i,
                        "<div class=item>%s %s</div>" % (r.choice(WORDS), r.choice(WORDS))))
    for i in range(150):
        out.append(resp("SET", "rate:%08x" % r.getrandbits(32), r.randint(0, 100)))
    for i in range(60):
        out.append(resp("RPUSH", "queue:jobs:%d" % i, "resize-image %d" % r.randint(1, 9999)))
    out.append(resp("SELECT", 3))
    for i in range(40):
        out.append(resp("SET", "audit:2026-11-%02d:%d" % (i % 28 + 1, i), "login ok from kiosk %d" % i))
    out.append(resp("HSET", "hr:personnel:1007", "name", "Test Person", "ssn", ssn(r),
                    "title", "Synthetic Analyst"))
    out.append(resp("HSET", "hr:personnel:1012", "name", "Jane Example", "ssn", ssn(r),
                    "title", "Synthetic Engineer"))
    out.append(resp("SET", "pay:cards:batch-0001",
                    "card %s exp 12/30 Test Person; card %s exp 01/31 Jane Example"
                    % (luhn_card(r), luhn_card(r))))
    out.append(resp("SET", "q:draft:77", SF86))
    out.append(resp("SELECT", 0))
    sys.stdout.write("".join(out))


def memcached():
    r = random.Random(1211)
    lines = []
    for i in range(800):
        lines.append(("product:%d" % i, json.dumps(product(r, i), separators=(",", ":"))))
    for i in range(300):
        lines.append(("page:/catalog/%d" % i, "<li>%s %s</li>" % (r.choice(WORDS), r.choice(WORDS))))
    # Two sensitive values among them, one with an unremarkable name.
    lines.insert(517, ("emp_rec:5531", json.dumps({"name": "Test Person", "ssn": ssn(r)})))
    lines.insert(903, ("chk:9f2c", "checkout card %s exp 12/30 Test Person" % luhn_card(r)))
    for k, v in lines:
        print("%s\t%s" % (k, v))


def postgresql():
    r = random.Random(5432)
    sql = ["-- Generated by deployed_data.py postgresql: synthetic, obviously fake.",
           "CREATE SCHEMA IF NOT EXISTS hr;",
           "CREATE SCHEMA IF NOT EXISTS billing;",
           "DROP TABLE IF EXISTS public.events, public.orders, public.products, hr.personnel, "
           "hr.departments, billing.payment_methods;",
           "CREATE TABLE public.products (id int PRIMARY KEY, sku text, name text, price_cents int);",
           "CREATE TABLE public.orders (id int PRIMARY KEY, product_id int, qty int, placed date);",
           "CREATE TABLE public.events (id bigint PRIMARY KEY, kind text, detail text);",
           "CREATE TABLE hr.departments (id int PRIMARY KEY, name text);",
           "CREATE TABLE hr.personnel (id int PRIMARY KEY, full_name text, ssn text, title text);",
           "CREATE TABLE billing.payment_methods (id int PRIMARY KEY, holder text, "
           "card_number text, expires text);"]
    sql.append("INSERT INTO public.products SELECT g, 'SKU-' || lpad(g::text, 5, '0'), "
               "'item ' || g, (g * 37) % 10000 FROM generate_series(1, 2000) g;")
    sql.append("INSERT INTO public.orders SELECT g, 1 + g % 2000, 1 + g % 5, "
               "date '2026-01-01' + (g % 300) FROM generate_series(1, 5000) g;")
    sql.append("INSERT INTO public.events SELECT g, 'page_view', '/catalog/' || (g % 700) "
               "FROM generate_series(1, 20000) g;")
    sql.append("INSERT INTO hr.departments VALUES (1, 'Synthetic Ops'), (2, 'Synthetic Eng');")
    sql.append("INSERT INTO hr.personnel VALUES (1007, 'Test Person', '%s', 'Synthetic Analyst'), "
               "(1012, 'Jane Example', '%s', 'Synthetic Engineer');" % (ssn(r), ssn(r)))
    sql.append("INSERT INTO billing.payment_methods VALUES (1, 'Test Person', '%s', '12/30');"
               % luhn_card(r))
    sql.append("ANALYZE;")
    print("\n".join(sql))


def zookeeper():
    r = random.Random(2181)
    nodes = [["/services", ""]]
    for s in range(60):
        base = "/services/svc-%02d" % s
        nodes.append([base, ""])
        nodes.append([base + "/config", "replicas=%d\nimage=registry.example/%s:1.%d\n"
                      % (r.randint(1, 5), r.choice(WORDS), r.randint(0, 40))])
        for i in range(3):
            nodes.append([base + "/instance-%d" % i, "host=10.0.%d.%d port=8080"
                          % (s, i + 10)])
    # Data two and three levels down, under names that vary.
    nodes += [["/payroll", ""], ["/payroll/prod", ""],
              ["/payroll/prod/emp-1007",
               json.dumps({"name": "Test Person", "ssn": ssn(r), "dept": "Synthetic Ops"})],
              ["/shop", ""], ["/shop/state", ""],
              ["/shop/state/chk-4471", "checkout card %s exp 12/30" % luhn_card(r)]]
    print(json.dumps(nodes))


def couchdb():
    r = random.Random(5984)
    dbs = {"catalog": [dict(product(r, i), _id="sku-%05d" % i) for i in range(600)]}
    for month in range(1, 13):
        dbs["orders_2026_%02d" % month] = [
            {"_id": "ord-%02d-%04d" % (month, i), "sku": "SKU-%05d" % r.randint(1, 600),
             "qty": r.randint(1, 5)} for i in range(40)]
    dbs["sessions"] = [{"_id": "%016x" % r.getrandbits(64), "ttl": 3600} for _ in range(100)]
    dbs["analytics-events"] = [{"_id": "ev-%05d" % i, "kind": "page_view",
                                "path": "/catalog/%d" % r.randint(1, 600)} for i in range(50)]
    # The sensitive kinds: a handful of documents each, in databases of their own, one under an
    # unremarkable name.
    dbs["staff_directory"] = [
        {"_id": "emp-0990", "name": "Staff Member", "desk": 12},
        {"_id": "emp-1007", "name": "Test Person", "ssn": ssn(r), "dept": "Synthetic Ops"},
        {"_id": "emp-1012", "name": "Jane Example", "ssn": ssn(r), "dept": "Synthetic Eng"},
        {"_id": "emp-1100", "name": "Other Staff", "desk": 40}]
    dbs["payments"] = [
        {"_id": "pm-1", "holder": "Test Person", "card": luhn_card(r), "expires": "12/30"},
        {"_id": "pm-2", "holder": "Jane Example", "card": luhn_card(r), "expires": "01/31"}]
    print(json.dumps(dbs))


def main():
    kinds = {"redis": redis, "memcached": memcached, "postgresql": postgresql,
             "zookeeper": zookeeper, "couchdb": couchdb}
    if len(sys.argv) == 3 and sys.argv[1] == "categories" and sys.argv[2] in PLANTED:
        print(",".join(PLANTED[sys.argv[2]]))
        return 0
    if len(sys.argv) != 2 or sys.argv[1] not in kinds:
        print(__doc__, file=sys.stderr)
        return 2
    kinds[sys.argv[1]]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
