#!/usr/bin/env bash
# Scan rate of two leakwatch binaries (the sampler before and after P1) on real servers laid
# out as deployments (run by hand, as root; figures go into docs/performance.md "Sampling",
# "Before/after").
#
#   bench/engine/sampler_rate.sh bench OLD_LEAKWATCH NEW_LEAKWATCH
#   bench/engine/sampler_rate.sh lab   OLD_LEAKWATCH NEW_LEAKWATCH
#
# bench: like run.sh, everything runs inside a network namespace the script creates (its own
# loopback): Debian's redis-server is bound to 0.0.0.0:6379 there, so every 127.x address of
# the namespace answers with the same server, seeded with lab/services/data/deployed_data.py's
# Redis layout (1,210 ordinary keys in db 0; SSNs, cards and an SF-86-like text in db 3 among
# 40 ordinary keys). Both binaries scan the same slice with the same flags, alternating,
# LW_RUNS times each (old first). Per run: `uptime`, wall time, services/s, peak RSS and CPU
# time of the scanner (/usr/bin/time -v), redis-server's CPU time (INFO cpu), Redis commands per
# service (INFO total_commands_processed), records sampled per service and the categories
# (finding detectors) found per service.
#
# lab: holds /tmp/lw-integration.lock, starts the lab's redis, memcached, postgresql,
# zookeeper, mariadb and nats instances (scripts/lab up; LW_LAB_DIR defaults to a temporary
# folder), scans their 21 addresses x 6 default ports with each binary LW_RUNS times
# (alternating), runs scripts/compare-truth on each scan against the truth of the scanned ports
# (the altport Redis on 7379 is not scanned: its banner wait and TLS attempt would dominate the
# wall time), prints services/s and per open instance: duration, records sampled, categories
# found; then scripts/lab down.
#
# Environment: LW_SLICE (bench; default 127.0.0.0/20: a /16 takes 24-36 minutes per run of the
# new binary on 2 shared cores), LW_CONCURRENCY (default 256: leakwatch and redis-server
# each hold about that many descriptors, far below 20,000; at the new binary's 30-46
# services/s, 1,024 in flight would each wait 22-34 s, beyond the 20 s per-service budget),
# LW_RUNS (default 3), LW_KEEP=DIR (copy each run's JSON Lines and time output there).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
usage() { echo "usage: $0 bench|lab OLD_LEAKWATCH NEW_LEAKWATCH" >&2; exit 2; }
[ $# -eq 3 ] || usage
mode="$1" old="$2" new="$3"
case "$mode" in bench | lab) ;; *) usage ;; esac
for b in "$old" "$new"; do
  [ -x "$b" ] || { echo "not an executable: $b" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "run as root (a network namespace, the lab's servers)" >&2; exit 2; }
slice="${LW_SLICE:-127.0.0.0/20}"
conc="${LW_CONCURRENCY:-256}"
runs="${LW_RUNS:-3}"
case "$slice" in 127.*) ;; *) echo "LW_SLICE must be inside 127.0.0.0/8: $slice" >&2; exit 2 ;; esac
[[ "$conc" =~ ^[0-9]+$ && "$conc" -ge 1 && "$conc" -le 8192 ]] ||
  { echo "LW_CONCURRENCY must be 1..8192: $conc" >&2; exit 2; }
[[ "$runs" =~ ^[0-9]+$ && "$runs" -ge 1 && "$runs" -le 10 ]] ||
  { echo "LW_RUNS must be 1..10: $runs" >&2; exit 2; }
summary="$top/bench/engine/sampler_summary.py"
tmp=$(mktemp -d)
ulimit -n 20000

# scan NAME BINARY ARGS...: one timed scan into $tmp/scan.jsonl; prints the wall seconds.
scan() {
  local name="$1" bin="$2" start end
  shift 2
  rm -f "$tmp/scan.db"*
  start=$(date +%s.%N)
  "${run_in[@]}" /usr/bin/time -v "$bin" scan "$@" --rate 0 --concurrency "$conc" \
    --db "$tmp/scan.db" -q --json >"$tmp/scan.jsonl" 2>"$tmp/time.txt" ||
    { echo "scan failed ($name):" >&2; tail -5 "$tmp/time.txt" >&2; return 1; }
  end=$(date +%s.%N)
  if [ -n "${LW_KEEP:-}" ]; then
    mkdir -p "$LW_KEEP"
    cp "$tmp/scan.jsonl" "$LW_KEEP/$mode-$name.jsonl"
    cp "$tmp/time.txt" "$LW_KEEP/$mode-$name.time"
  fi
  echo "$end - $start" | bc
}
# Peak RSS and the scanner's own CPU time (user + system) of the last scan.
rss() {
  awk -F': ' '/Maximum resident/ {r = $2} /User time/ {u = $2} /System time/ {s = $2}
    END {printf "  peak RSS %d KiB; CPU %.2f s (user %.2f, system %.2f)\n", r, u + s, u, s}' \
    "$tmp/time.txt"
}
load() { uptime | sed 's/.*load/load/'; }

echo "## machine: $(nproc) cores, $(uname -r), $(date -u '+%F %T') UTC"
echo "## old: $old ($(sha256sum "$old" | cut -c1-12)); new: $new ($(sha256sum "$new" | cut -c1-12))"

if [ "$mode" = bench ]; then
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    echo "redis-server and redis-cli are needed (apt-get install redis-server)" >&2
    exit 2
  fi
  ns="lwsampler$$"
  ip netns add "$ns"
  # shellcheck disable=SC2317  # called by the EXIT trap
  cleanup() {
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$tmp"
  }
  trap cleanup EXIT
  run_in=(ip netns exec "$ns")
  "${run_in[@]}" ip link set lo up
  # Bounded: killed with the namespace at exit at the latest; --maxclients above the
  # concurrency so no connection is refused for lack of a slot.
  "${run_in[@]}" timeout 3600 redis-server --bind 0.0.0.0 --port 6379 --dir "$tmp" --save "" \
    --appendonly no --protected-mode no --daemonize no --maxclients 10000 \
    >"$tmp/redis.log" 2>&1 &
  disown $!
  for _ in $(seq 50); do
    "${run_in[@]}" redis-cli -h 127.0.0.1 -p 6379 PING >/dev/null 2>&1 && break
    sleep 0.1
  done
  python3 "$top/lab/services/data/deployed_data.py" redis |
    "${run_in[@]}" redis-cli -h 127.0.0.1 -p 6379 --pipe >/dev/null
  commands() {
    "${run_in[@]}" redis-cli -h 127.0.0.1 -p 6379 INFO stats |
      awk -F: '/^total_commands_processed/ {print $2+0}'
  }
  # redis-server's own CPU time so far (user + system, seconds), to tell whose CPU bounds a run.
  redis_cpu() {
    "${run_in[@]}" redis-cli -h 127.0.0.1 -p 6379 INFO cpu | tr -d '\r' |
      awk -F: '/^used_cpu_(user|sys):/ {t += $2} END {printf "%.2f", t}'
  }
  echo "## redis-server $(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p'), keyspace:" \
    "$("${run_in[@]}" redis-cli -h 127.0.0.1 -p 6379 INFO keyspace | grep '^db' | tr -d '\r' |
      tr '\n' ' ')"
  echo "## $slice x port 6379, --probes redis --rate 0 --concurrency $conc, $runs runs each"
  for run in $(seq "$runs"); do
    for which in old new; do
      bin="$old"
      [ "$which" = new ] && bin="$new"
      echo "# run $run $which, $(date -u +%T) UTC, $(load)"
      cpu_before=$(redis_cpu)
      before=$(commands)
      wall=$(scan "$which-$run" "$bin" "$slice" -p 6379 --probes redis)
      # The INFO that read "before" is itself counted in "after".
      after=$(commands)
      cpu_after=$(redis_cpu)
      python3 "$summary" "$which" "$tmp/scan.jsonl" "$wall" "$((after - before - 1))"
      rss
      echo "  redis-server CPU $(echo "$cpu_after - $cpu_before" | bc | xargs printf '%.2f') s"
    done
  done
  exit 0
fi

# lab
exec 9>/tmp/lw-integration.lock
flock 9
# The lab runs its servers as an unprivileged user when started as root: they must reach it.
chmod 755 "$tmp"
export LW_LAB_DIR="${LW_LAB_DIR:-$tmp/lab}"
services=(redis memcached postgresql zookeeper mariadb nats)
ports=6379,11211,5432,2181,3306,4222
addresses=(127.0.1.{1..8} 127.0.1.{10..13} 127.0.1.{21..23} 127.0.1.{41..43} 127.0.1.{45..47})
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  "$top/scripts/lab" down "${services[@]}" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
run_in=()
"$top/scripts/lab" up "${services[@]}" >"$tmp/lab-up.log" 2>&1 ||
  { echo "scripts/lab up failed:" >&2; tail -20 "$tmp/lab-up.log" >&2; exit 1; }
jq -c "select(.port as \$p | [$ports] | index(\$p))" "$("$top/scripts/lab" truth)" \
  >"$tmp/truth.jsonl"
echo "## lab: ${services[*]}; ${#addresses[@]} addresses x $ports, --rate 0 --concurrency $conc;" \
  "truth: $(wc -l <"$tmp/truth.jsonl") instances on these ports"
for run in $(seq "$runs"); do
  for which in old new; do
    bin="$old"
    [ "$which" = new ] && bin="$new"
    echo "# run $run $which, $(date -u +%T) UTC, $(load)"
    wall=$(scan "$which-$run" "$bin" "${addresses[@]}" -p "$ports")
    python3 "$summary" "$which" "$tmp/scan.jsonl" "$wall" -
    rss
    echo "  compare-truth:"
    "$top/scripts/compare-truth" "$tmp/truth.jsonl" "$tmp/scan.jsonl" | grep -v '^ok' |
      sed 's/^/    /' || true
  done
done
