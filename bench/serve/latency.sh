#!/usr/bin/env bash
# How fast `leakwatch serve` alerts on a store that opens, and confirms its fix (issue 14's
# latency measure; run by hand, as root; figures go into docs/performance.md "serve latency").
#
#   bench/serve/latency.sh [LEAKWATCH]        (default: build/leakwatch)
#
# Everything runs inside a network namespace the script creates (its own loopback; no packet
# leaves it). The daemon watches one asset, LW_SLICE (default 127.0.0.0/16) on the default data
# ports, swept every LW_CADENCE (default 1m; 10s, the shortest, sweeps back to back) at LW_RATE
# targets/s, open services rescanned every 5 s; one webhook channel to a receiver at 127.1.0.1
# (outside the asset). Each of LW_TRIALS trials (default 20): wait a random 0-60 s, start a
# Debian redis-server without a password at a random address of the slice holding a few fake
# sensitive keys, and measure
#   detect: redis started -> the webhook receives the alert naming that address;
#   fix:    `CONFIG SET requirepass` on it -> its incident is `remediated` (by a rescan).
# Then the Redis is stopped. LW_STREAMS (default 1, at most 10) runs that many trial loops at once,
# each on its own share of the slice's addresses (a 20-trial run in a quarter of the time with 4);
# every trial is still timed from its own Redis's start. Prints every trial and p50 / p95 / max.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(realpath "${1:-$top/build/leakwatch}")
[ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (a network namespace)" >&2; exit 2; }
slice="${LW_SLICE:-127.0.0.0/16}"
trials="${LW_TRIALS:-20}"
rate="${LW_RATE:-100000}"
streams="${LW_STREAMS:-1}"
cadence="${LW_CADENCE:-1m}"
case "$slice" in 127.*/1[6-9] | 127.*/2[0-9] | 127.*/3[0-2]) ;;
  *) echo "LW_SLICE must be a /16 or smaller inside 127.0.0.0/8: $slice" >&2; exit 2 ;;
esac
[[ "$trials" =~ ^[0-9]+$ && "$trials" -ge 1 && "$trials" -le 100 ]] ||
  { echo "LW_TRIALS must be 1..100: $trials" >&2; exit 2; }
[[ "$rate" =~ ^[0-9]+$ && "$rate" -ge 1 && "$rate" -le 1000000 ]] ||
  { echo "LW_RATE must be 1..1000000: $rate" >&2; exit 2; }
[[ "$cadence" =~ ^[0-9]+[smhd]$ ]] || { echo "LW_CADENCE must be a duration like 10s or 1m: $cadence" >&2; exit 2; }
[[ "$streams" =~ ^[0-9]+$ && "$streams" -ge 1 && "$streams" -le 10 ]] ||
  { echo "LW_STREAMS must be 1..10: $streams" >&2; exit 2; }
for tool in redis-server redis-cli python3; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 2; }
done

tmp=$(mktemp -d)
ns="lwlatency$$"
ip netns add "$ns"
run_in=(ip netns exec "$ns")
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  ip netns pids "$ns" 2>/dev/null | xargs -r kill -9
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
"${run_in[@]}" ip link set lo up
ulimit -n 20000

receiver=127.1.0.1
printf 'latency-bench-key\n' >"$tmp/secret"
"${run_in[@]}" timeout 7200 python3 "$top/src/notify/testdata/webhook_receiver.py" \
  --address "$receiver" --port 18080 --log "$tmp/hooks.jsonl" --secret latency-bench-key \
  >"$tmp/receiver.log" 2>&1 &
cat >"$tmp/leakwatch.yaml" <<CONF
catalog: $tmp/catalog.db
log_format: json
scheduling:
  global_rate: $rate
  concurrency: 4096
  max_sweeps: 1
  open_rescan: 5s
  changed_rescan: 5s
grouping:
  group_wait: 0s
  group_interval: 0s
assets:
  - name: fleet
    targets: [$slice]
    cadence: $cadence
channels:
  - name: hook
    kind: webhook
    url: http://$receiver:18080/ok
    secret_file: $tmp/secret
rules:
  - name: open-database
    kind: open_database
CONF
"$bin" config check "$tmp/leakwatch.yaml" >/dev/null
"${run_in[@]}" timeout 7200 "$bin" serve --config "$tmp/leakwatch.yaml" 2>"$tmp/serve.log" &

# waits (at most $2 seconds) until the command in $1 succeeds; prints the time it did (ns).
wait_until() {
  local deadline=$(($(date +%s) + $2))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if eval "$1"; then date +%s%N; return 0; fi
    sleep 0.2
  done
  return 1
}
# whether the webhook receiver got an alert naming address $1 (bodies are parsed, not grepped).
hook_names() {
  python3 - "$tmp/hooks.jsonl" "$1" <<'PY'
import json, sys
try:
    lines = open(sys.argv[1]).read().splitlines()
except FileNotFoundError:
    sys.exit(1)
for line in lines:
    body = json.loads(json.loads(line)["body"])
    if any(a.get("address") == sys.argv[2] for a in body.get("alerts", [])):
        sys.exit(0)
sys.exit(1)
PY
}
echo "## machine: $(nproc) cores, $(uname -r), $(date -u '+%F %T') UTC, $(uptime | sed 's/.*load/load/')"
echo "## leakwatch $("$bin" version) ($(sha256sum "$bin" | cut -c1-12)), asset $slice x default data ports, cadence $cadence, rate $rate/s, $streams trial stream(s)"
echo "# waiting for the first full sweep (at most 15 minutes)"
first=$(date +%s)
wait_until "grep '\"msg\":\"scan_finished\"' '$tmp/serve.log' | grep -q '\"kind\":\"sweep\"'" 900 >/dev/null ||
  { tail -5 "$tmp/serve.log" >&2; echo "no sweep finished" >&2; exit 1; }
echo "# first sweep finished after $(($(date +%s) - first)) s"

prefix=${slice%/*}
IFS=. read -r o1 o2 o3 o4 <<<"$prefix"
base=$(((o1 << 24) | (o2 << 16) | (o3 << 8) | o4))
size=$((1 << (32 - ${slice#*/})))
base=$((base & ~(size - 1)))
# A random address of the slice in stream $1's share (offsets equal to it modulo the streams),
# never .0 or .255 in the last byte; at most 1000 draws.
random_address() {
  local offset a
  for _ in $(seq 1000); do
    offset=$((((RANDOM << 15) | RANDOM) % size))
    [ $((offset % streams)) -eq "$1" ] || continue
    a=$((base + offset))
    [ $((a & 255)) -ne 0 ] && [ $((a & 255)) -ne 255 ] || continue
    echo "$((a >> 24)).$(((a >> 16) & 255)).$(((a >> 8) & 255)).$((a & 255))"
    return 0
  done
  return 1
}
run_trial() {  # trial stream: one trial, its line on stdout and "detect fix" (ms) in results
  local trial=$1 stream=$2
  # A random address of the slice, at a random moment.
  local addr
  addr=$(random_address "$stream") || { echo "no address for stream $stream" >&2; return 1; }
  sleep "$((RANDOM % 61))"
  local rdir="$tmp/redis-$trial"
  mkdir -p "$rdir"
  local start alerted secured remediated
  start=$(date +%s%N)
  "${run_in[@]}" timeout 900 redis-server --bind "$addr" --port 6379 --dir "$rdir" --save "" \
    --appendonly no --protected-mode no >"$rdir/log" 2>&1 &
  wait_until "${run_in[*]} redis-cli -h $addr PING >/dev/null 2>&1" 10 >/dev/null ||
    { echo "redis did not start on $addr" >&2; return 1; }
  printf 'SET customer:%d:ssn 078-05-11%02d\nSET customer:%d:card 4111111111111111\nSET session:%d x\n' \
    "$trial" "$trial" "$trial" "$trial" | "${run_in[@]}" redis-cli -h "$addr" >/dev/null
  alerted=$(wait_until "hook_names '$addr'" 600) ||
    { echo "trial $trial: no alert for $addr within 600 s" >&2; return 1; }
  local detect=$(((alerted - start) / 1000000))
  secured=$(date +%s%N)
  "${run_in[@]}" redis-cli -h "$addr" CONFIG SET requirepass latency-bench-not-a-secret >/dev/null
  remediated=$(wait_until "'$bin' incidents list --state remediated --json --db '$tmp/catalog.db' 2>/dev/null | grep -q '\"$addr\"'" 600) ||
    { echo "trial $trial: incident of $addr not remediated within 600 s" >&2; return 1; }
  local fix=$(((remediated - secured) / 1000000))
  "${run_in[@]}" redis-cli -h "$addr" -a latency-bench-not-a-secret --no-auth-warning SHUTDOWN NOSAVE \
    >/dev/null 2>&1 || true
  echo "$detect $fix" >>"$tmp/results"
  echo "trial $trial: $addr detect ${detect} ms, fix confirmed ${fix} ms, $(uptime | sed 's/.*load/load/')"
}
pids=()
for stream in $(seq 0 $((streams - 1))); do
  (
    RANDOM=$(($$ + 7919 * stream))  # each stream draws its own addresses and moments
    for trial in $(seq "$((stream + 1))" "$streams" "$trials"); do run_trial "$trial" "$stream"; done
  ) &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || { echo "a trial stream failed" >&2; exit 1; }; done
mapfile -t detects < <(cut -d' ' -f1 "$tmp/results")
mapfile -t fixes < <(cut -d' ' -f2 "$tmp/results")
[ "${#detects[@]}" -eq "$trials" ] || { echo "${#detects[@]} of $trials trials recorded" >&2; exit 1; }

stats() {  # name values...: p50, p95 (nearest rank) and max, in seconds
  local name=$1
  shift
  printf '%s\n' "$@" | sort -n | awk -v name="$name" '{v[NR] = $1}
    END {p50 = v[int((NR * 50 + 99) / 100)]; p95 = v[int((NR * 95 + 99) / 100)];
         printf "%s over %d trials: p50 %.1f s, p95 %.1f s, max %.1f s\n", name, NR, p50 / 1000,
         p95 / 1000, v[NR] / 1000}'
}
stats "open -> alert received" "${detects[@]}"
stats "secured -> incident remediated" "${fixes[@]}"
echo "## daemon: $(grep '"msg":"scan_finished"' "$tmp/serve.log" | grep -c '"kind":"sweep"') sweeps finished"
