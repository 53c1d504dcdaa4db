#!/usr/bin/env python3
"""Mail laid out as a real server keeps it: several folders of ordinary messages (newsletters,
meeting notes, order confirmations) and a few sensitive ones, mostly outside INBOX.

    deployed_mail.py maildir DIR [--small]
                                     writes DIR/Maildir (Maildir++: INBOX, Sent, Archive/2023, HR,
                                     Projects/Q3); prints the counts
    deployed_mail.py public DIR [--small]
                                     writes DIR/Maildir: a shared folder of ordinary team mail
                                     (served as the public namespace "Public/")
    --small: the same layout and sensitive messages with 1/30 of the ordinary ones (recorded
    test dialogues, integration tests); the lab uses the full size.
    deployed_mail.py categories imap|pop3
                                     the planted categories (the classifier's detector ids)

The sensitive messages, a small minority among about 1,200:
  * HR: "Updated roster" with a base64 MIME attachment personnel.csv holding SSNs (us_ssn);
  * Archive/2023: SF-86 questionnaire text under the banner UNCLASSIFIED//FOUO and
    CONTROLLED UNCLASSIFIED INFORMATION (sf86_heading, classification_banner, cui_marking);
  * INBOX: a card list sent to 14 recipients (payment_card): POP3 sees INBOX only.

Every value is synthetic and obviously fake ("Test Person", example.com), generated from a fixed
seed; SSNs (area 100-665) and card numbers (Luhn) are generated to pass the classifier's
validators because a scan must find them; they belong to nobody. Stdlib only.
"""
import base64
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deployed_data import SF86, WORDS, luhn_card, ssn  # noqa: E402

PLANTED = {
    "imap": ["classification_banner", "cui_marking", "payment_card", "sf86_heading", "us_ssn"],
    "pop3": ["payment_card"],
}

# Maildir++ folder directory per IMAP name ("" = INBOX) and the ordinary messages it holds.
FOLDERS = [("", 420), (".Sent", 220), (".Archive", 0), (".Archive.2023", 330), (".HR", 25),
           (".Projects", 0), (".Projects.Q3", 90)]
PUBLIC_MESSAGES = 140
BASE_TIME = 1672531200  # 2023-01-01


def header(r, n, subject, sender, to, cc=(), extra=""):
    t = BASE_TIME + n * 3607
    date = "Sun, %02d %s 2023 %02d:%02d:00 +0000" % (
        1 + n % 28, ["Jan", "Feb", "Mar", "Apr", "May", "Jun"][n % 6], n % 24, n % 60)
    lines = ["From: %s" % sender, "To: %s" % ", ".join(to)]
    if cc:
        lines.append("Cc: %s" % ", ".join(cc))
    lines += ["Subject: %s" % subject, "Date: %s" % date,
              "Message-ID: <lab-%d-%08x@example.com>" % (n, r.getrandbits(32)),
              "MIME-Version: 1.0"]
    return t, "\n".join(lines) + ("\n" + extra if extra else "") + "\n"


def ordinary(r, n, folder):
    kind = r.randrange(3)
    w1, w2 = r.choice(WORDS), r.choice(WORDS)
    if kind == 0:
        subject = "%s Weekly: news from the %s team" % (w1.title(), w2)
        sender = "Newsletter <news@example.com>"
        body = "This week: the %s project shipped, the %s office moved.\n" % (w1, w2)
    elif kind == 1:
        subject = "Meeting notes: %s sync %d" % (w1, n % 50)
        sender = "Test Person <test.person@example.com>"
        body = "Attendees: the %s team. Actions: review %s, plan %s.\n" % (w1, w2, w1)
    else:
        subject = "Your order #%06d has shipped" % r.randrange(10 ** 6)
        sender = "Shop <orders@example.com>"
        body = "Items: %s %s x%d. Thank you for shopping.\n" % (w1, w2, r.randint(1, 5))
    if folder == ".Sent":
        sender = "Lab User <lab.user@example.com>"
    t, h = header(r, n, subject, sender, ["lab.user@example.com"],
                  extra="Content-Type: text/plain; charset=us-ascii")
    return t, h + "\n" + body * r.randint(1, 4)


def ssn_csv_message(r, n):
    rows = ["employee_id,name,ssn,department"]
    for i in range(6):
        rows.append("%d,Test Person %d,%s,Synthetic Ops" % (1000 + i, i, ssn(r)))
    csv = base64.encodebytes(("\r\n".join(rows) + "\r\n").encode()).decode()
    t, h = header(r, n, "Updated roster", "HR Desk <hr.desk@example.com>",
                  ["lab.user@example.com"],
                  extra='Content-Type: multipart/mixed; boundary="lab-boundary-1"')
    body = ("\n--lab-boundary-1\nContent-Type: text/plain; charset=us-ascii\n\n"
            "Roster attached, synthetic lab data.\n\n--lab-boundary-1\n"
            'Content-Type: text/csv; name="personnel.csv"\n'
            'Content-Disposition: attachment; filename="personnel.csv"\n'
            "Content-Transfer-Encoding: base64\n\n%s\n--lab-boundary-1--\n" % csv)
    return t, h + body


def sf86_message(r, n):
    t, h = header(r, n, "CUI: questionnaire draft for review", "Security Office <so@example.com>",
                  ["lab.user@example.com"], extra="Content-Type: text/plain; charset=us-ascii")
    body = ("UNCLASSIFIED//FOUO\nCONTROLLED UNCLASSIFIED INFORMATION\n\n%s\n\n"
            "UNCLASSIFIED//FOUO\n" % SF86)
    return t, h + "\n" + body


def card_message(r, n):
    to = ["team%02d@example.com" % i for i in range(10)]
    cc = ["finance%d@example.com" % i for i in range(4)]
    t, h = header(r, n, "Corporate cards for the offsite", "Finance <finance@example.com>", to, cc,
                  extra="Content-Type: text/plain; charset=us-ascii")
    body = "Cards issued (synthetic lab data):\nTest Person %s exp 12/30\nJane Example %s exp 01/31\n" % (
        luhn_card(r), luhn_card(r))
    return t, h + "\n" + body


def write(folder_dir, name_n, t, text):
    os.makedirs(os.path.join(folder_dir, "cur"), exist_ok=True)
    for sub in ("new", "tmp"):
        os.makedirs(os.path.join(folder_dir, sub), exist_ok=True)
    path = os.path.join(folder_dir, "cur", "%d.M%d.lab:2,S" % (t, name_n))
    with open(path, "w", newline="\n") as f:
        f.write(text)
    os.utime(path, (t, t))


def small_count(count, small):
    return max(2, count // 30) if small and count else count


def maildir(root, small=False):
    r = random.Random(1430)
    n = 0
    counts = {}
    special = {"": (311, card_message), ".Archive.2023": (187, sf86_message),
               ".HR": (13, ssn_csv_message)}
    for folder, count in FOLDERS:
        d = os.path.join(root, "Maildir", folder) if folder else os.path.join(root, "Maildir")
        os.makedirs(d, exist_ok=True)
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(d, sub), exist_ok=True)
        count = small_count(count, small)
        for i in range(count):
            n += 1
            if folder in special and min(special[folder][0], count // 2) == i:
                write(d, n, *special[folder][1](r, n))
                n += 1
            write(d, n, *ordinary(r, n, folder))
        counts[folder or "INBOX"] = len(os.listdir(os.path.join(d, "cur")))
    print(" ".join("%s=%d" % kv for kv in counts.items()))


def public(root, small=False):
    r = random.Random(1431)
    count = small_count(PUBLIC_MESSAGES, small)
    for i in range(count):
        write(os.path.join(root, "Maildir"), 5000 + i, *ordinary(r, 5000 + i, "public"))
    print("Public=%d" % count)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "categories" and sys.argv[2] in PLANTED:
        print(",".join(PLANTED[sys.argv[2]]))
        return 0
    small = sys.argv[3:] == ["--small"]
    if len(sys.argv) in (3, 4) and sys.argv[1] in ("maildir", "public") and (
            len(sys.argv) == 3 or small):
        (maildir if sys.argv[1] == "maildir" else public)(sys.argv[2], small)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
