#!/usr/bin/env bash
# Engine benchmarks (run by hand, as root; results go into docs/performance.md).
#   1. connect+close per second over 127.0.0.0/16 x 1 port, leakwatch --probes none vs nmap -sT
#   2. connect+probe per second over the same space against a listener answering like a
#      password-protected Redis (one exchange per service)
#   3. peak RSS of a scan of 127.0.0.0/8 x 1 closed port (16.7 million targets)
# Everything runs inside a network namespace the script creates (its own loopback), with one
# listener bound to 0.0.0.0 there, so every 127.x address of the namespace answers.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
lw="$top/build/leakwatch"
listener="$top/build/bench/engine/lw_bench_listener"
[ -x "$lw" ] && [ -x "$listener" ] || { echo "build first: cmake --build --preset release" >&2; exit 2; }
ns="lwbench$$"
ip netns add "$ns"
trap 'ip netns pids "$ns" 2>/dev/null | xargs -r kill -9; ip netns del "$ns"' EXIT
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
tmp=$(mktemp -d)
rss() { awk '/Maximum resident/ {print $6}' "$1"; }

echo "## machine: $(nproc) cores, $(uname -r), $(date -u +%F)"

in_ns "$listener" 0.0.0.0 7000 close 600 2>/dev/null &
in_ns "$listener" 0.0.0.0 6379 noauth 600 2>/dev/null &
sleep 0.5

echo "## 1. connect+close, 127.0.0.0/16 x port 7000 (65536 targets)"
for c in 2048 8192; do
  start=$(date +%s.%N)
  in_ns /usr/bin/time -v "$lw" scan 127.0.0.0/16 -p 7000 --probes none --rate 0 \
    --concurrency "$c" --db "$tmp/a$c.db" -q --json >"$tmp/a.jsonl" 2>"$tmp/a.time"
  end=$(date +%s.%N)
  n=$(wc -l <"$tmp/a.jsonl")
  echo "leakwatch --probes none --concurrency $c: $n open in $(echo "$end - $start" | bc) s = $(echo "$n / ($end - $start)" | bc) conn/s, peak RSS $(rss "$tmp/a.time") KiB"
done
if command -v nmap >/dev/null; then
  start=$(date +%s.%N)
  in_ns nmap -sT -n -Pn -p 7000 --min-rate 100000 --max-retries 0 -T5 -oG "$tmp/nmap.txt" 127.0.0.0/16 >/dev/null 2>&1
  end=$(date +%s.%N)
  n=$(grep -c '7000/open' "$tmp/nmap.txt" || true)
  echo "nmap -sT -T5 --min-rate 100000: $n open in $(echo "$end - $start" | bc) s = $(echo "$n / ($end - $start)" | bc) conn/s"
fi

echo "## 2. connect+probe (redis, one exchange), 127.0.0.0/16 x port 6379"
start=$(date +%s.%N)
in_ns /usr/bin/time -v "$lw" scan 127.0.0.0/16 -p 6379 --probes redis --rate 0 \
  --concurrency 4096 --db "$tmp/b.db" -q --json >"$tmp/b.jsonl" 2>"$tmp/b.time"
end=$(date +%s.%N)
n=$(wc -l <"$tmp/b.jsonl")
echo "leakwatch --probes redis: $n services ($(grep -c auth_required "$tmp/b.jsonl") auth_required) in $(echo "$end - $start" | bc) s = $(echo "$n / ($end - $start)" | bc) services/s, peak RSS $(rss "$tmp/b.time") KiB"

if [ "${LW_BENCH_SLASH8:-0}" = 1 ]; then
  echo "## 3. peak RSS, 127.0.0.0/8 x 1 closed port (16,777,216 targets)"
  start=$(date +%s.%N)
  in_ns /usr/bin/time -v "$lw" scan 127.0.0.0/8 -p 9 --probes none --rate 0 --concurrency 4096 \
    --db "$tmp/c.db" -q >/dev/null 2>"$tmp/c.time"
  end=$(date +%s.%N)
  echo "leakwatch /8: $(echo "$end - $start" | bc) s = $(echo "16777216 / ($end - $start)" | bc) targets/s, peak RSS $(rss "$tmp/c.time") KiB"
fi
rm -rf "$tmp"
