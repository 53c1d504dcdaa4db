#!/usr/bin/env python3
"""Seeds an Azurite blob service with containers and obviously fake blobs.

Usage: azure_blob_seed.py HOST PORT MODE   (MODE: open = container "backups" public + "private";
                                            secured = the same, all private;
                                            deployed = container "data" public, laid out
                                            like a deployment over more than one page)
       azure_blob_seed.py categories         the planted categories of deployed (detector ids)
Signs requests with Azurite's published development account (devstoreaccount1 and its
well-known key from the Azurite README); talks to 127.x only. Bounded: a handful of requests
(open, secured), or 1,154 over one keep-alive connection (deployed).

deployed: the 1,153 objects of deployed_files.py's "corp-data" bucket (1,150 ordinary, three
sensitive) in a container named "data" (a name the probe tries: the service does not list its
containers to an anonymous client), with the sensitive ones moved to names that sort after 1,000 ordinary ones
(vault/..., scans/...): Azure lists blobs in name order, 1,000 a page at the probe's maxresults,
so they are only seen on the second page (NextMarker -> marker=).
"""
import base64, datetime, hashlib, hmac, http.client, os, sys, urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))

ACCOUNT = "devstoreaccount1"
KEY = base64.b64decode(
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")


def request(host, port, method, path, query, body=b"", headers=None, conn=None):
    headers = dict(headers or {})
    headers["x-ms-date"] = datetime.datetime.utcnow().strftime("%a, %d %b %Y %H:%M:%S GMT")
    headers["x-ms-version"] = "2021-08-06"
    if body:
        headers["Content-Length"] = str(len(body))
    canon_headers = "".join(f"{k.lower()}:{v}\n" for k, v in sorted(
        (k, v) for k, v in headers.items() if k.lower().startswith("x-ms-")))
    canon_res = f"/{ACCOUNT}/{ACCOUNT}{path}" + "".join(
        f"\n{k.lower()}:{v}" for k, v in sorted(query.items()))
    to_sign = "\n".join([method, "", "", str(len(body)) if body else "", "",
                         headers.get("Content-Type", ""), "", "", "", "", "", ""]) + "\n"
    to_sign += canon_headers + canon_res
    sig = base64.b64encode(hmac.new(KEY, to_sign.encode(), hashlib.sha256).digest()).decode()
    headers["Authorization"] = f"SharedKey {ACCOUNT}:{sig}"
    url = f"/{ACCOUNT}{path}"
    if query:
        url += "?" + urllib.parse.urlencode(query)
    own = conn is None
    if own:
        conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request(method, url, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    if own:
        conn.close()
    if resp.status >= 300 and resp.status != 409:
        sys.exit(f"{method} {url}: {resp.status} {data[:300]!r}")


def container(host, port, name, public):
    extra = {"x-ms-blob-public-access": "container"} if public else {}
    request(host, port, "PUT", f"/{name}", {"restype": "container"}, headers=extra)


def blob(host, port, cont, name, text, ctype="text/plain", conn=None):
    request(host, port, "PUT", f"/{cont}/{name}", {}, text.encode(),
            {"x-ms-blob-type": "BlockBlob", "Content-Type": ctype}, conn)


# The deployed layout's sensitive names, moved past the first page of 1,000 (see above).
MOVED = {"archive/": "vault/archive/", "misc/": "scans/misc/"}


def deployed_blobs():
    """(name, content type, body) of the deployed container, in upload order."""
    from deployed_files import s3_objects
    out = []
    for bucket, key, ctype, body in s3_objects():
        if bucket != "corp-data":
            continue
        for old, new in MOVED.items():
            if key.startswith(old):
                key = new + key[len(old):]
        out.append((key, ctype, body))
    return out


def deployed(host, port):
    container(host, port, "data", True)
    conn = http.client.HTTPConnection(host, port, timeout=10)
    for name, ctype, body in deployed_blobs():
        blob(host, port, "data", name, body, ctype, conn)
    conn.close()


def main():
    if sys.argv[1:] == ["categories"]:
        from deployed_files import PLANTED
        print(",".join(PLANTED["s3"]))
        return
    host, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if not host.startswith("127."):
        sys.exit("azure_blob_seed.py: loopback addresses only, not " + host)
    if mode == "deployed":
        deployed(host, port)
        return
    # The same data on both instances; only the public access differs.
    container(host, port, "backups", mode == "open")
    blob(host, port, "backups", "exports/customers.csv",
         "name,email,ssn,card\nTest Person,test.person@example.invalid,078-05-1120,"
         "4111 1111 1111 1111\n", "text/csv")
    blob(host, port, "backups", "notes.txt", "LAB FAKE DATA: UNCLASSIFIED//FOUO test memo\n")
    container(host, port, "private", False)
    blob(host, port, "private", "secret.txt", "LAB FAKE DATA: private container\n")


if __name__ == "__main__":
    main()
