#!/usr/bin/env python3
"""Writes the seed corpora of the classify fuzz targets (synthetic values only).
Run from anywhere: python3 src/classify/testdata/fuzz/make_seeds.py"""
import gzip, io, os, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def put(target, name, data):
    os.makedirs(os.path.join(HERE, target), exist_ok=True)
    with open(os.path.join(HERE, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


text = "SSN 536-22-4781 card 4111 1111 1111 1111 mail a@example.com TOP SECRET//NOFORN\n"
put("text", "mixed.txt", text)
put("text", "digits.txt", "2024-03-14 10:22 (202) 555-0143 +44 20 7946 0958 DE89 3704 0044 0532 0130 00 E11.9 dx\n")
put("text", "secrets.txt", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzFAKEKEY12\npostgres://a:b1c2d3@h/db\n"
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n")
put("text", "invalid_utf8.txt", b"\xff\xfe\xc3(SSN 536-22-4781\xed\xa0\x80")
put("json", "object.json", '{"user": {"ssn": "536224781", "dob": "1985-03-14", "tags": [1, "x", {"npi": "1234567893"}]}}')
put("json", "lines.json", '{"a": 1}\n{"passport_number": "K1234567"}\n')
put("json", "deep.json", "[" * 300 + "]" * 300)
put("json", "broken.json", '{"a": "unterminated')
put("csv", "people.csv", 'name,ssn,dob\r\nAlice,536224781,1985-03-14\r\n"Bob, Jr","536-22-4782","1990-01-02"\r\n')
put("csv", "tabs.tsv", "a\tb\n\"x\ny\"\tz\n")
put("csv", "broken.csv", 'a,b\n"open,1\n')
put("gzip", "text.gz", gzip.compress(text.encode()))
put("gzip", "truncated.gz", gzip.compress((text * 50).encode())[:60])
put("gzip", "nested.gz", gzip.compress(gzip.compress(text.encode())))


def zipped(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


put("zip", "doc.docx", zipped([("[Content_Types].xml", "<Types/>"), ("word/document.xml",
    "<w:document><w:body><w:p><w:r><w:t>SSN 536-22-</w:t></w:r><w:r><w:t>4781</w:t></w:r></w:p></w:body></w:document>")]))
put("zip", "sheet.xlsx", zipped([("xl/sharedStrings.xml", "<sst><si><t>bob@example.com &amp; co</t></si></sst>"),
                                 ("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c><v>4111111111111111</v></c></row></sheetData></worksheet>")]))
put("zip", "nested.zip", zipped([("inner.zip", zipped([("a.txt", text)])), ("b.csv", "ssn\n536224781\n")]))


def pdf(line):
    stream = "BT /F1 12 Tf 72 720 Td (%s) Tj ET" % line
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offs = "%PDF-1.4\n", []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += "%d 0 obj\n%s\nendobj\n" % (i + 1, o)
    x = len(out)
    out += "xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + "".join("%010d 00000 n \n" % o for o in offs)
    out += "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return out


put("pdf", "one_page.pdf", pdf("Patient SSN 536-22-4781"))
put("pdf", "truncated.pdf", pdf("SSN 536-22-4781")[:300])
put("pdf", "no_xref.pdf", pdf("card 4111 1111 1111 1111").split("xref")[0])
mime = ("From: Sender <sender@example.org>\r\nTo: someone@example.net\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n--XYZ\r\nContent-Type: text/plain\r\n\r\ncard 4111 1111 1111 1111\r\n"
        "--XYZ\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"p.csv\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "bmFtZSxzc24KQWxpY2UsNTM2LTIyLTQ3ODEK\r\n--XYZ--\r\n")
put("mime", "multipart.eml", mime)
put("mime", "plain.eml", "Subject: hi\nFrom: a@example.com\n\nSSN 536-22-4781\n")
put("mime", "broken.eml", "From: a\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n")
put("rules", "custom.rules", "rule project_x\nfamily custom\nseverity high\npattern (?i)project x\\b\nextract match\nmask none\n")
put("rules", "digits.rules", "rule emp_id\nfamily custom\nscanner digits\nvalidator ssn\ncontext employee\ncontext_required yes\n")
put("rules", "bad.rules", "rule a\nfamily nope\n")
with open(os.path.join(HERE, "..", "..", "rules", "builtin.rules")) as f:
    put("rules", "builtin.rules", f.read())
