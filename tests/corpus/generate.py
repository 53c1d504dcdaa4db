#!/usr/bin/env python3
"""Writes the labelled synthetic corpus for the classifier (tests/corpus/*.tsv).

Every value is synthetic: random digits with checksums computed here, independently of the C++
validators, and names/domains that are obviously fake (example.com, fake-project). Deterministic
(fixed seed). Format: docs/classification.md, "Labelled corpus". Run: python3 generate.py
"""
import base64, json, os, random, string, zlib

R = random.Random(20261122)
OUT = os.path.dirname(os.path.abspath(__file__))
N = 30  # positives and negatives per detector and template family


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def digits(n):
    return "".join(R.choice(string.digits) for _ in range(n))


def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(s):
    return luhn_digit(s[:-1]) == s[-1]


def card():
    kind = R.choice(["visa", "mc", "amex", "disc"])
    if kind == "visa":
        body, n = "4" + digits(14), 16
    elif kind == "mc":
        body, n = str(R.randint(51, 55)) + digits(13), 16
    elif kind == "amex":
        body, n = R.choice(["34", "37"]) + digits(12), 15
    else:
        body, n = "6011" + digits(11), 16
    num = body + luhn_digit(body)
    assert len(num) == n
    return num


def group_card(num, sep):
    if len(num) == 15:
        parts = [num[:4], num[4:10], num[10:]]
    else:
        parts = [num[i:i + 4] for i in range(0, len(num), 4)]
    return sep.join(parts)


def ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return "%03d-%02d-%04d" % (a, R.randint(1, 99), R.randint(1, 9999))


def itin():
    g = R.choice(list(range(50, 66)) + list(range(70, 89)) + [90, 91, 92] + list(range(94, 100)))
    return "9%02d-%02d-%04d" % (R.randint(0, 99), g, R.randint(0, 9999))


def iban(country, length):
    bban = digits(length - 4)
    rearranged = bban + "".join(str(ord(c) - 55) for c in country) + "00"
    check = 98 - int(rearranged) % 97
    return "%s%02d%s" % (country, check, bban)


def spaced(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def aba():
    while True:
        d = "%02d" % R.choice(list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73))) + digits(6)
        w = [3, 7, 1, 3, 7, 1, 3, 7]
        s = sum(int(x) * y for x, y in zip(d, w))
        c = (10 - s % 10) % 10
        return d + str(c)


def npi():
    body = R.choice("12") + digits(8)
    full = "80840" + body
    return body + luhn_digit(full)


def rand_alnum(n, alphabet=string.ascii_letters + string.digits):
    return "".join(R.choice(alphabet) for _ in range(n))


B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def b62(n):
    out = ""
    while n:
        out = B62[n % 62] + out
        n //= 62
    return out.rjust(6, "0")


def gh_token(prefix):
    rnd = rand_alnum(30)
    return prefix + "_" + rnd + b62(zlib.crc32(rnd.encode()))


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def jwt(with_alg=True):
    header = {"alg": R.choice(["HS256", "RS256"]), "typ": "JWT"} if with_alg else {"typ": "JWT", "kid": "x"}
    payload = {"sub": "user-%d" % R.randint(1, 9999), "iat": R.randint(1600000000, 1700000000)}
    return ".".join([b64url(json.dumps(header).encode()), b64url(json.dumps(payload).encode()),
                     b64url(bytes(R.randrange(256) for _ in range(32)))])


def name():
    return R.choice(["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"])


def phone():
    area = R.choice(["202", "212", "312", "415", "617", "703", "919"])
    line = "01%02d" % R.randint(0, 99)
    return area, "555", line


rows = {}


def add(family, label, detector, text, ctype="text"):
    rows.setdefault(family, []).append("%s\t%s\t%s\t%s" % (label, detector, ctype, esc(text)))


def many(family, label, detector, fn):
    for _ in range(N):
        t = fn()
        if isinstance(t, tuple):
            add(family, label, detector, t[1], t[0])
        else:
            add(family, label, detector, t)


# ------------------------------------------------------------------ identity
many("identity", "+", "us_ssn", lambda: R.choice(["SSN: %s", "applicant social security number %s on file",
                                                   "%s" % name() + "'s ssn is %s", "ssn %s"]) % ssn())
many("identity", "+", "us_ssn", lambda: ("json", json.dumps({"name": name(), "ssn": ssn().replace("-", "")})))
many("identity", "+", "us_ssn", lambda: ("csv", "name,ssn,city\n%s,%s,Springfield\n" % (name(), ssn())))
many("identity", "-", "us_ssn", lambda: "ref %03d-%02d-%04d" % (R.choice([0, 666, R.randint(900, 999)]), R.randint(1, 99), R.randint(1, 9999)))
many("identity", "-", "us_ssn", lambda: "ssn %03d-00-%04d" % (R.randint(1, 899), R.randint(1, 9999)))
many("identity", "-", "us_ssn", lambda: "order id %s shipped" % ssn().replace("-", ""))
many("identity", "-", "us_ssn", lambda: "ticket %s-%s-%s" % (digits(2), digits(3), digits(4)))
many("identity", "+", "us_itin", lambda: R.choice(["ITIN %s", "taxpayer id: %s", "itin: %s"]) % itin())
many("identity", "-", "us_itin", lambda: "itin %s-%02d-%s" % ("9" + digits(2), R.choice(list(range(0, 50)) + [66, 67, 68, 69, 89, 93]), digits(4)))
many("identity", "+", "passport_number", lambda: R.choice(["passport number: %s", "Passport No. %s", "PASSPORT# %s"]) %
     R.choice([digits(9), R.choice(string.ascii_uppercase) + digits(8)]))
many("identity", "+", "passport_number", lambda: ("json", json.dumps({"passport_number": R.choice(string.ascii_uppercase) + digits(7)})))
many("identity", "-", "passport_number", lambda: R.choice(["passport office: %s" % R.choice(["closed", "open"]), "passport number: %s" % digits(3),
                                                           "passport photo size 35x45", "passport: AB"]))
many("identity", "-", "passport_number", lambda: "shipment %s arrived" % (R.choice(string.ascii_uppercase) + digits(8)))
many("identity", "+", "drivers_license", lambda: R.choice(["driver's license: %s", "DL#: %s", "Driver License Number: %s"]) %
     R.choice([R.choice(string.ascii_uppercase) + digits(7), "%s-%s-%s" % (R.choice("DS") + digits(3), digits(4), digits(4))]))
many("identity", "-", "drivers_license", lambda: R.choice(["driver's license: suspended", "DL: %s" % digits(2), "drivers license: pending review"]))
many("identity", "+", "date_of_birth", lambda: R.choice(["DOB: %04d-%02d-%02d", "date of birth %04d-%02d-%02d", "born %04d/%02d/%02d"]) %
     (R.randint(1930, 2010), R.randint(1, 12), R.randint(1, 28)))
many("identity", "+", "date_of_birth", lambda: ("csv", "name,birth_date\n%s,%02d/%02d/%04d\n" % (name(), R.randint(1, 12), R.randint(1, 28), R.randint(1930, 2010))))
many("identity", "-", "date_of_birth", lambda: "shipped %04d-%02d-%02d 10:22" % (R.randint(2000, 2024), R.randint(1, 12), R.randint(1, 28)))
many("identity", "-", "date_of_birth", lambda: "DOB: %02d/%02d/%04d" % (R.randint(13, 19), R.randint(32, 40), R.randint(1930, 2010)))
many("identity", "-", "date_of_birth", lambda: ("json", json.dumps({"created_at": "%04d-%02d-%02dT10:00:00Z" % (R.randint(2000, 2024), R.randint(1, 12), R.randint(1, 28))})))
many("identity", "+", "email_address", lambda: "contact %s.%s@example.%s please" % (name(), rand_alnum(4, string.ascii_lowercase), R.choice(["com", "org", "net"])))
many("identity", "-", "email_address", lambda: R.choice(["icon%s@2x.png" % digits(2), "user@localhost", "mail to @example.com", "a@b", "ssh git@host"]))
many("identity", "+", "phone_number", lambda: R.choice(["call (%s) %s-%s", "tel %s-%s-%s", "mobile +1 %s %s %s", "phone: %s.%s.%s"]) % phone())
many("identity", "-", "phone_number", lambda: R.choice(["id %s%s%s in logs" % phone(), "ext %s-%s" % phone()[1:], "(000) 555-%s" % digits(4), "build 2024-03-%02d" % R.randint(10, 28)]))
many("identity", "+", "ip_address", lambda: "client %d.%d.%d.%d connected" % (R.randint(1, 223), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)))
many("identity", "-", "ip_address", lambda: R.choice(["addr %d.%d.%d.%d" % (R.randint(256, 999), 1, 2, 3), "version %d.%d.%d" % (R.randint(1, 9), R.randint(0, 9), R.randint(0, 99)),
                                                     "value 01.%02d.03.04" % R.randint(0, 99), "pi 3.%s" % digits(8)]))

# ------------------------------------------------------------------ financial
many("financial", "+", "payment_card", lambda: R.choice(["card %s exp 12/29", "PAN=%s", "charged %s today"]) % group_card(card(), R.choice(["", " ", "-"])))
many("financial", "+", "payment_card", lambda: ("json", json.dumps({"cc_number": card()})))
def bad_card():
    c = card()
    return c[:-1] + str((int(c[-1]) + R.randint(1, 9)) % 10)
many("financial", "-", "payment_card", lambda: "card %s exp 12/29" % group_card(bad_card(), " "))
many("financial", "-", "payment_card", lambda: "order %s placed" % (R.choice("9") + digits(14) + "0"))
many("financial", "-", "payment_card", lambda: "ts %s" % str(R.randint(1600000000000, 1700000000000)))
IBANS = [("DE", 22), ("GB", 22), ("FR", 27), ("NL", 18), ("ES", 24)]
many("financial", "+", "iban", lambda: "IBAN %s" % (lambda c: R.choice([c, spaced(c)]))(iban(*R.choice(IBANS))))
def bad_iban():
    c = iban(*R.choice(IBANS))
    return c[:2] + "%02d" % ((int(c[2:4]) + R.randint(1, 90)) % 100) + c[4:]
many("financial", "-", "iban", lambda: "IBAN %s" % bad_iban())
many("financial", "+", "aba_routing", lambda: R.choice(["routing number %s", "ABA: %s", "RTN %s"]) % aba())
def bad_aba():
    a = aba()
    return a[:-1] + str((int(a[-1]) + R.randint(1, 9)) % 10)
many("financial", "-", "aba_routing", lambda: "routing number %s" % bad_aba())
many("financial", "-", "aba_routing", lambda: "invoice %s" % aba())
BICS = ["DEUTDEFF", "BNPAFRPP", "CHASUS33", "BARCGB22", "INGBNL2A", "COBADEFF"]
many("financial", "+", "swift_bic", lambda: R.choice(["SWIFT: %s", "BIC %s", "swift code: %s"]) % (R.choice(BICS) + R.choice(["", "XXX", "500"])))
many("financial", "-", "swift_bic", lambda: R.choice(["swift: deliver today", "BIC: ABCDXX12", "SWIFT: DEUT", "bic: lowercase"]))

# ------------------------------------------------------------------ health
ICD = ["E11.9", "J45.909", "I25.10", "F32.1", "M54.5", "K21.0", "N39.0", "C50.911", "Z79.4"]
many("health", "+", "icd10_code", lambda: R.choice(["Diagnosis: %s", "dx %s noted", "patient has ICD-10 %s"]) % R.choice(ICD))
many("health", "-", "icd10_code", lambda: R.choice(["part %s in stock", "version %s released", "room %s upstairs"]) % R.choice(ICD))
many("health", "+", "us_npi", lambda: R.choice(["NPI %s", "national provider id: %s", "prescriber NPI=%s"]) % npi())
def bad_npi():
    n = npi()
    return n[:-1] + str((int(n[-1]) + R.randint(1, 9)) % 10)
many("health", "-", "us_npi", lambda: "NPI %s" % bad_npi())
many("health", "+", "medical_record_number", lambda: R.choice(["MRN: %s", "Medical Record Number: MR-%s", "patient_id: %s"]) % digits(R.randint(6, 9)))
many("health", "-", "medical_record_number", lambda: R.choice(["MRN: pending", "MRN: %s" % digits(3), "medical record: see attached"]))

COND = ["diabetes", "HIV", "depression", "hepatitis C", "schizophrenia", "cancer"]
many("health", "+", "health_condition", lambda: R.choice(["Patient %s (DOB 1980-01-02) diagnosed with %s", "name: %s, MRN 4471, history of %s", "%s, ssn on file, treated for %s"]) % (name().title(), R.choice(COND)))
many("health", "-", "health_condition", lambda: R.choice(["Research on %s prevention is funded.", "%s awareness month starts today", "A talk about %s and public health"]) % R.choice(COND))

# ------------------------------------------------------------------ government
BANNERS = ["TOP SECRET//SI//NOFORN", "SECRET//REL TO USA, FVEY", "CONFIDENTIAL//NOFORN", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "TOP SECRET//HCS-P//ORCON"]
many("government", "+", "classification_banner", lambda: "%s\nMemo %d\n" % (R.choice(BANNERS), R.randint(1, 999)))
many("government", "-", "classification_banner", lambda: R.choice(["the secret//sauce", "TOP SECRET recipe inside", "SECRET SANTA // gifts", "confidential//internal"]))
many("government", "+", "classification_portion", lambda: "%s The unit moved %d km." % (R.choice(["(TS//SI)", "(S//NF)", "(C//REL TO USA, GBR)", "(U//FOUO)"]), R.randint(1, 99)))
many("government", "-", "classification_portion", lambda: R.choice(["(s) plural", "(TS) note", "(US//", "(u//fouo) lower"]))
many("government", "+", "cui_marking", lambda: R.choice(["CUI//SP-PRVCY", "CUI//PRVCY/LEI", "CONTROLLED UNCLASSIFIED INFORMATION"]) + " record %d" % R.randint(1, 99))
many("government", "-", "cui_marking", lambda: R.choice(["cui bono", "CUI-less", "the CUI of it"]))
many("government", "+", "sf86_heading", lambda: R.choice(["Questionnaire for National Security Positions", "Section 13A - Employment Activities", "SF-86 continuation",
                                                         "Section 20B - Foreign Activities", "Standard Form 86 (Revised)", "Section 22 - Police Record"]))
many("government", "-", "sf86_heading", lambda: R.choice(["SF-860 form", "Section 13A of the lease", "Section 9 - Parking", "SF86X"]))
many("government", "+", "clearance_term", lambda: R.choice(["holds an active TS/SCI clearance", "Top Secret/SCI eligibility", "single scope background investigation",
                                                           "polygraph full-scope completed", "current secret clearance"]))
many("government", "-", "clearance_term", lambda: R.choice(["holiday clearance sale", "security clearance", "secret ingredient", "clearance: 2 inches"]))
many("government", "+", "dod_id", lambda: R.choice(["EDIPI: %s", "DoD ID %s", "CAC number %s"]) % digits(10))
many("government", "-", "dod_id", lambda: R.choice(["order %s", "EDIPI: %s" % digits(9), "tracking %s"]) % digits(10) if False else R.choice(["order %s" % digits(10), "EDIPI: %s" % digits(9)]))
many("government", "+", "mil_email", lambda: "%s.%s.civ@%s" % (name(), rand_alnum(3, string.ascii_lowercase), R.choice(["army.mil", "navy.mil", "us.af.mil", "mail.mil"])))
many("government", "-", "mil_email", lambda: R.choice(["%s@army.mil.example.org", "mil@example.com", "%s@milmail.example.com"]).replace("%s", name()))

# ------------------------------------------------------------------ credentials
U32 = string.ascii_uppercase + "234567"
many("credential", "+", "aws_access_key_id", lambda: "key %s" % ("AKIA" + rand_alnum(16, U32)))
many("credential", "-", "aws_access_key_id", lambda: R.choice(["key AKIA%s" % rand_alnum(15, U32), "key akia%s" % rand_alnum(16, U32.lower()), "AKIB%s" % rand_alnum(16, U32)]))
B64 = string.ascii_letters + string.digits + "+/"
many("credential", "+", "aws_secret_key", lambda: R.choice(["aws_secret_access_key = %s", "AWS_SECRET_ACCESS_KEY=%s", "\"aws_secret_key\": \"%s\""]) % rand_alnum(40, B64))
many("credential", "-", "aws_secret_key", lambda: R.choice(["aws_secret_access_key = %s" % rand_alnum(39, B64), "aws_secret_access_key = %s" % ("a" * 40), "aws_secret_access_key = <your key here>"]))
def azure_key():
    return base64.b64encode(bytes(R.randrange(256) for _ in range(64))).decode()
many("credential", "+", "azure_storage_key", lambda: "DefaultEndpointsProtocol=https;AccountName=fake%d;AccountKey=%s;EndpointSuffix=core.windows.net" % (R.randint(1, 99), azure_key()))
many("credential", "-", "azure_storage_key", lambda: R.choice(["AccountKey=%s;" % azure_key()[:60], "AccountKey=notakey;", "AccountKey=%s;" % azure_key().rstrip("=")]))
def sas_sig():
    return base64.b64encode(bytes(R.randrange(256) for _ in range(32))).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
many("credential", "+", "azure_sas_token", lambda: "https://fake%d.blob.core.windows.net/c/f.txt?sv=2021-08-06&sr=b&sp=r&sig=%s" % (R.randint(1, 99), sas_sig()))
many("credential", "-", "azure_sas_token", lambda: R.choice(["https://x.example/?sig=%s" % rand_alnum(12), "?sig=%s" % ("!" * 44), "&sig=%s" % rand_alnum(30)]))
def gcp(with_key=True):
    d = {"type": "service_account", "project_id": "fake-project-%d" % R.randint(1, 99), "client_email": "svc%d@fake-project.iam.gserviceaccount.com" % R.randint(1, 99)}
    if with_key:
        d["private_key"] = "-----BEGIN PRIVATE KEY-----\n" + base64.b64encode(bytes(R.randrange(256) for _ in range(120))).decode() + "\n-----END PRIVATE KEY-----\n"
    return json.dumps(d, indent=1)
many("credential", "+", "gcp_service_account", lambda: ("json", gcp(True)))
many("credential", "-", "gcp_service_account", lambda: ("json", R.choice([gcp(False), json.dumps({"type": "authorized_user", "client_id": "x"})])))
many("credential", "+", "pem_private_key", lambda: "-----BEGIN %sPRIVATE KEY-----\n%s\n" % (R.choice(["", "RSA ", "EC ", "OPENSSH "]), base64.b64encode(bytes(R.randrange(256) for _ in range(60))).decode()))
many("credential", "-", "pem_private_key", lambda: R.choice(["-----BEGIN PUBLIC KEY-----\n%s\n" % base64.b64encode(bytes(60)).decode(), "-----BEGIN RSA PRIVATE KEY-----\n...\n", "-----BEGIN PRIVATE KEY-----"]))
many("credential", "+", "jwt", lambda: "Authorization: Bearer %s" % jwt(True))
many("credential", "-", "jwt", lambda: R.choice(["token %s" % jwt(False), "eyJ%s.eyJ%s.%s" % (rand_alnum(20), rand_alnum(20), rand_alnum(10))]))
many("credential", "+", "github_token", lambda: "GITHUB_TOKEN=%s" % gh_token(R.choice(["ghp", "gho", "ghs"])))
def bad_gh():
    t = gh_token("ghp")
    return t[:-1] + ("A" if t[-1] != "A" else "B")
many("credential", "-", "github_token", lambda: R.choice(["GITHUB_TOKEN=%s" % bad_gh(), "ghp_%s" % rand_alnum(30)]))
many("credential", "+", "npm_token", lambda: "//registry.npmjs.org/:_authToken=%s" % gh_token("npm"))
many("credential", "-", "npm_token", lambda: "//registry.npmjs.org/:_authToken=npm_%s" % rand_alnum(36))
many("credential", "+", "gitlab_token", lambda: "token glpat-%s" % rand_alnum(20, string.ascii_letters + string.digits + "_-"))
many("credential", "-", "gitlab_token", lambda: "token glpat-%s" % rand_alnum(R.randint(5, 18)))
many("credential", "+", "slack_token", lambda: "SLACK=xox%s-%s-%s-%s" % (R.choice("bpa"), digits(12), digits(12), rand_alnum(24)))
many("credential", "-", "slack_token", lambda: R.choice(["xoxb-%s" % digits(3), "xoxz-%s-%s" % (digits(12), rand_alnum(10))]))
many("credential", "+", "url_password", lambda: "%s://%s:%s@db%d.internal:5432/app" % (R.choice(["postgres", "mysql", "redis", "mongodb", "amqp"]), name(), rand_alnum(12), R.randint(1, 9)))
many("credential", "-", "url_password", lambda: R.choice(["https://%s@host.example/" % name(), "postgres://app:${DB_PASSWORD}@db/app", "http://host.example:8080/path", "mysql://app:<password>@db/x"]))
many("credential", "+", "connection_string_password", lambda: "Server=db%d;Database=app;User Id=%s;Password=%s;" % (R.randint(1, 9), name(), rand_alnum(12, string.ascii_letters + string.digits + "!#")))
many("credential", "-", "connection_string_password", lambda: R.choice(["Server=db;User Id=sa;Password=changeme;", "the password=%s in docs" % rand_alnum(8), "Server=db;Password=;"]))
many("credential", "+", "generic_secret", lambda: R.choice(["api_key: \"%s\"", "client_secret = '%s'", "token=%s", "\"auth_key\": \"%s\""]) % rand_alnum(32))
many("credential", "-", "generic_secret", lambda: R.choice(["api_key: \"changeme\"", "token = abc", "password = getPassword()", "secret: true", "api_key = %s" % ("x" * 24)]))


# ------------------------------------------------------------------ realistic mix (harder)
# Benign machine text: nothing may fire ("*"). Look-alikes: UUIDs, hashes, epochs, prices,
# versions, order ids, durations, ports, ISO timestamps, hex colours, build ids.
def uuid():
    h = "".join(R.choice("0123456789abcdef") for _ in range(32))
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])
def benign():
    return R.choice([
        "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ INFO request_id=%s status=200 latency_ms=%d" % (R.randint(2019, 2025), R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), R.randint(0, 999), uuid(), R.randint(1, 999)),
        "GET /api/v1/orders/%s HTTP/1.1 200 %d bytes in %d.%03ds" % (digits(9), R.randint(100, 99999), R.randint(0, 9), R.randint(0, 999)),
        "commit %s Merge pull request #%d" % ("".join(R.choice("0123456789abcdef") for _ in range(40)), R.randint(1, 9999)),
        "sha256:%s" % "".join(R.choice("0123456789abcdef") for _ in range(64)),
        "epoch=%d nanos=%s" % (R.randint(1500000000, 1800000000), digits(19)),
        "total: $%d,%03d.%02d (tax %d.%02d%%)" % (R.randint(1, 99), R.randint(0, 999), R.randint(0, 99), R.randint(1, 20), R.randint(0, 99)),
        "package foo==%d.%d.%d requires bar>=%d.%d" % (R.randint(0, 9), R.randint(0, 20), R.randint(0, 50), R.randint(0, 9), R.randint(0, 9)),
        "listening on 0.0.0.0:%d pid %d" % (R.randint(1024, 65535), R.randint(100, 99999)),
        "order #%s shipped via %s tracking %s" % (digits(10), R.choice(["UPS", "FedEx"]), "1Z" + rand_alnum(16, string.ascii_uppercase + string.digits)),
        "color: #%06x; width: %dpx; z-index: %d" % (R.randint(0, 0xFFFFFF), R.randint(1, 2000), R.randint(0, 9999)),
        "build %d.%d.%d+%s (%s)" % (R.randint(1, 9), R.randint(0, 30), R.randint(0, 99), digits(8), uuid()),
        "phone_model=SM-G%s imei_masked=****%s" % (digits(3), digits(4)),
        "The Secret Garden, chapter %d: a top secret plan for the party" % R.randint(1, 30),
        "ISBN 978-%d-%s-%s-%d" % (R.randint(0, 1), digits(3), digits(5), R.randint(0, 9)),
        "lat=%d.%s lon=-%d.%s" % (R.randint(10, 60), digits(6), R.randint(10, 120), digits(6)),
        "session expired after %d seconds; token refresh scheduled" % R.randint(60, 86400),
        "k8s pod web-%s-%s restarted %d times" % (rand_alnum(10, string.ascii_lowercase + string.digits), rand_alnum(5, string.ascii_lowercase + string.digits), R.randint(1, 99)),
    ])
many("realistic", "-", "*", benign)
many("realistic", "-", "*", benign)
many("realistic", "-", "*", lambda: ("json", json.dumps({"id": uuid(), "amount": R.randint(1, 10**6) / 100, "created": "%04d-%02d-%02d" % (R.randint(2019, 2025), R.randint(1, 12), R.randint(1, 28)), "sku": "SKU-" + digits(8), "qty": R.randint(1, 99)})))
many("realistic", "-", "*", lambda: ("csv", "order_id,amount,created\n%s,%d.%02d,%04d-%02d-%02d\n" % (digits(10), R.randint(1, 9999), R.randint(0, 99), R.randint(2019, 2025), R.randint(1, 12), R.randint(1, 28))))
# Positives phrased in ways the rules were not written around.
many("realistic", "+", "us_ssn", lambda: R.choice(["Soc. Sec. #: %s", "SSN#%s", "S.S.N. %s", "social: %s"]) % ssn())
many("realistic", "+", "payment_card", lambda: R.choice(["Visa ending %s", "cc:%s", "card_no=%s;"]) % group_card(card(), R.choice(["", " ", "-"])))
many("realistic", "+", "email_address", lambda: "From: \"%s\" <%s_%s@mail.example.co.uk>" % (name().title(), name(), digits(2)))
many("realistic", "+", "phone_number", lambda: R.choice(["+1-%s-%s-%s", "Tel.: +1 (%s) %s-%s", "%s/%s-%s"]) % phone())
many("realistic", "+", "date_of_birth", lambda: ("json", json.dumps({"patient": {"name": name(), "birthDate": "%04d-%02d-%02d" % (R.randint(1930, 2010), R.randint(1, 12), R.randint(1, 28))}})))
many("realistic", "+", "iban", lambda: "Beneficiary account (IBAN): %s" % spaced(iban(*R.choice(IBANS))).lower() if False else "Beneficiary IBAN:%s" % iban(*R.choice(IBANS)))
many("realistic", "+", "url_password", lambda: "redis://:%s@cache.internal:6379/0" % rand_alnum(16))
many("realistic", "+", "generic_secret", lambda: ("json", json.dumps({"service": "billing", "apiKey": rand_alnum(32)})))
many("realistic", "+", "aws_access_key_id", lambda: "[default]\naws_access_key_id=AKIA%s\n" % rand_alnum(16, U32))

for family, lines in rows.items():
    with open(os.path.join(OUT, family + ".tsv"), "w") as f:
        f.write("# Generated by tests/corpus/generate.py; synthetic values only. Format: docs/classification.md\n")
        f.write("# label\tdetector\tcontent_type\ttext (\\n \\t \\r \\\\ escaped)\n")
        for line in lines:
            f.write(line + "\n")
print("wrote", sum(len(v) for v in rows.values()), "samples")
