#!/usr/bin/env bash
# The whole lab, scanned as a user would, must match the lab's own ground truth exactly:
# every open instance open with the right probe, product and version (and, where the truth lists
# planted categories, a finding of each: scripts/compare-truth), every secured twin
# auth_required, and no `open` on anything else. Real servers; replayed ones say so in their
# service files.
set -uo pipefail
top=$(cd "$(dirname "$0")/../../.." && pwd)
lw="${1:-$top/build/leakwatch}"
work=$(mktemp -d)
# Servers that run as their own users (postgres, mysql, nobody) must reach their folders.
chmod 755 "$work"
export LW_LAB_DIR="$work/lab"
cleanup() { "$top/scripts/lab" down >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT

if ! "$top/scripts/lab" up; then
  echo "lab_scan_test: the lab did not start" >&2
  exit 1
fi
"$lw" scan 127.0.1.0/24 127.0.2.0/24 127.0.3.0/24 -p data,7379 --rate 5000 --concurrency 1024 \
  --db "$work/c.db" -o "$work/scan.jsonl" -q >/dev/null
status=$?
if [ "$status" -ne 0 ]; then
  echo "lab_scan_test: leakwatch scan exited with $status" >&2
  exit 1
fi
if ! "$top/scripts/compare-truth" "$("$top/scripts/lab" truth)" "$work/scan.jsonl"; then
  # What the scan saw of each service that did not match, for the post-mortem.
  python3 - "$work/scan.jsonl" <<'PY' >&2
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("probe") == "banner" or r.get("verdict") in ("error", "unknown"):
        print("scan:", r["ip"], r["port"], r.get("probe"), r.get("verdict"), r.get("outcome"),
              r.get("attempts"), r.get("duration_ms"), "ms")
    elif r.get("verdict") == "open":
        # What was sampled and found, for a planted category the scan missed.
        found = sorted({f.get("detector") for f in r.get("findings") or []})
        print("scan:", r["ip"], r["port"], r.get("probe"), "samples", r.get("samples"),
              "found", ",".join(found) or "none",
              "|", "; ".join(str(n) for n in (r.get("metadata") or {}).get("sampling", [])))
PY
  exit 1
fi
