#!/usr/bin/env python3
"""Writes a mixed synthetic corpus for the throughput bench: logs, JSON lines, CSV and e-mail
text, with a sensitive value on about one line in 25. usage: gen_corpus.py OUT SIZE_MIB [prose]
("prose": e-mail body text only, few digits).
A 64 MiB unique block is generated and repeated up to SIZE_MIB (fast; the bench measures speed,
not accuracy)."""
import random, string, sys

R = random.Random(7)
out, size_mib = sys.argv[1], int(sys.argv[2])
prose = len(sys.argv) > 3 and sys.argv[3] == "prose"


def d(n):
    return "".join(R.choice(string.digits) for _ in range(n))


def luhn(body):
    t = 0
    for i, c in enumerate(reversed(body)):
        x = int(c)
        if i % 2 == 0:
            x *= 2
            x -= 9 if x > 9 else 0
        t += x
    return body + str((10 - t % 10) % 10)


def sensitive():
    return R.choice([
        "ssn %03d-%02d-%04d" % (R.randint(1, 665), R.randint(1, 99), R.randint(1, 9999)),
        "card " + luhn("4" + d(14)),
        "mail %s@example.com" % "".join(R.choice(string.ascii_lowercase) for _ in range(8)),
        "AKIA" + "".join(R.choice(string.ascii_uppercase + "234567") for _ in range(16)),
        "call (202) 555-01%02d" % R.randint(0, 99),
        "postgres://app:%s@db/app" % d(10),
        "SECRET//NOFORN",
    ])


def log_line():
    s = "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ %s svc=%s req=%s latency=%dms status=%d path=/api/v1/items/%s" % (
        2024, R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59),
        R.randint(0, 999), R.choice(["INFO", "WARN", "DEBUG"]), R.choice(["api", "auth", "billing"]),
        "".join(R.choice("0123456789abcdef") for _ in range(16)), R.randint(1, 900), R.choice([200, 201, 404, 500]), d(6))
    return s


def json_line():
    return '{"id":"%s","user":"user%s","amount":%d.%02d,"items":[%s],"note":"%s"}' % (
        d(12), d(4), R.randint(1, 999), R.randint(0, 99), ",".join(d(5) for _ in range(4)),
        " ".join(R.choice(["order", "shipped", "pending", "gift", "express"]) for _ in range(6)))


def csv_line():
    return "%s,%s,%s,%d,%s" % (d(8), R.choice(["alpha", "beta", "gamma"]), "2024-%02d-%02d" % (R.randint(1, 12), R.randint(1, 28)), R.randint(0, 9999), R.choice(["ok", "late", "void"]))


def mail_line():
    return R.choice(["Hi team, please find the quarterly numbers attached.", "Subject: Re: meeting notes",
                     "From: Build Bot <bot@ci.example.org>", "Thanks, and see you tomorrow at the standup.",
                     "> quoted text from an earlier message in the thread"])


PROSE = ["Hi team, please find the quarterly numbers attached.", "Thanks, and see you tomorrow at the standup.",
         "The migration finished overnight and the dashboards look healthy again.", "Could you review the draft before Friday?",
         "We moved the retrospective to room 4 on the second floor.", "> quoted text from an earlier message in the thread"]

block = []
size = 0
while size < 64 << 20:
    kind = R.random()
    if prose:  # body text: no header lines (each "From:" line would be an e-mail finding)
        line = " ".join(R.choice(PROSE) for _ in range(3))
    else:
        line = log_line() if kind < 0.4 else json_line() if kind < 0.65 else csv_line() if kind < 0.85 else mail_line()
    if R.random() < 0.04:
        line += " " + sensitive()
    block.append(line)
    size += len(line) + 1
data = ("\n".join(block) + "\n").encode()
with open(out, "wb") as f:
    written = 0
    while written < size_mib << 20:
        chunk = data[: (size_mib << 20) - written]
        f.write(chunk)
        written += len(chunk)
