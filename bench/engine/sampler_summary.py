#!/usr/bin/env python3
"""Summarises one scan's JSON Lines for bench/engine/sampler_rate.sh.

usage: sampler_summary.py NAME SCAN.jsonl WALL_SECONDS REDIS_COMMANDS|-

With a Redis command count (bench): services/s, verdicts, commands per service, records
sampled per service (min, median, max), per-service duration and the sets of categories
(finding detector ids) found, with how many services found each set. With "-" (lab): services/s
and verdicts, then one line per open service: duration, records sampled, categories, severity
and the record's sampling note. Stdlib only; reads at most 1,000,000 lines.
"""
import collections
import json
import sys

MAX_LINES = 1_000_000


def categories(rec):
    return ",".join(sorted({f.get("detector", "?") for f in rec.get("findings") or []})) or "(none)"


def median(values):
    return values[len(values) // 2] if values else 0


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    name, path, wall, cmds = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    recs = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f):
            if n >= MAX_LINES:
                break
            if line.strip():
                recs.append(json.loads(line))
    count = len(recs)
    verdicts = collections.Counter(r.get("verdict", "?") for r in recs)
    per = f"; redis commands/service {int(cmds) / max(count, 1):.1f}" if cmds != "-" else ""
    print(f"{name}: {count} services in {wall:.2f} s = {count / max(wall, 1e-9):,.0f} services/s;"
          f" verdicts {dict(sorted(verdicts.items()))}{per}")
    if cmds != "-":
        samples = sorted(r.get("samples", {}).get("count", 0) for r in recs)
        durations = sorted(r.get("duration_ms", 0) for r in recs)
        print(f"  samples/service min {samples[0] if samples else 0} median {median(samples)}"
              f" max {samples[-1] if samples else 0}; duration_ms median {median(durations)}"
              f" max {durations[-1] if durations else 0}")
        for cats, k in collections.Counter(categories(r) for r in recs).most_common(5):
            print(f"  categories {cats}: {k} services")
        return 0
    for r in sorted(recs, key=lambda r: (tuple(map(int, r["ip"].split("."))), r["port"])):
        if r.get("verdict") != "open":
            continue
        sampling = r.get("metadata", {}).get("sampling", "")
        if isinstance(sampling, list):
            sampling = "; ".join(map(str, sampling))
        note = f"; {str(sampling)[:160]}" if sampling else ""
        print(f"  {r['ip']}:{r['port']} {r['probe']}: {r.get('duration_ms')} ms,"
              f" {r.get('samples', {}).get('count', 0)} samples, categories {categories(r)},"
              f" severity {r.get('severity') or '(empty)'}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
