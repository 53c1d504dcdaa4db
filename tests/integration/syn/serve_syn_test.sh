#!/usr/bin/env bash
# leakwatch serve sweeping with SYN discovery (issue 16), as root, in the two network namespaces
# of fleet_netns.sh that this script creates: scanner 10.99.0.1 --veth-- fleet 10.77.0.0/16.
# The watched asset is 10.77.3.0/24 x {6379, 11211, 5432}: a real redis-server (Debian's) bound to
# 10.77.3.7:6379 in the fleet, 11211 closed (the kernel's RST), 5432 dropped (nft).
# Checks:
#  1. discovery: syn, run as a daemon for two sweeps (cadence 10s): each sweep uses SYN discovery
#     on the veth with the sockets opened at start (rebound per sweep), finds the Redis, and the
#     incident is opened while the first sweep still runs; the fast rescans of the open Redis use
#     the connect engine; the choice is logged once; a capture on the scanner's side holds no
#     frame to any address outside the fleet; no planted raw value is in the log.
#  2. Without CAP_NET_RAW (setpriv), discovery: auto falls back to the connect engine, says so
#     once, and still finds the Redis; discovery: syn is exit 2 from `serve` and `config check`,
#     naming CAP_NET_RAW, and creates no catalog.
# Every wait is bounded; nothing leaves the two namespaces (the scanner's only route is the veth).
set -euo pipefail
lw=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)

S="lwsrvs$$" F="lwsrvf$$"
# shellcheck source=fleet_netns.sh
. "$here/fleet_netns.sh"
# shellcheck source=test_lib.sh
. "$here/test_lib.sh"
need_root_and ip nft tcpdump python3 setpriv timeout redis-server redis-cli
tmp=$(mktemp -d)
trap 'fleet_down "$S" "$F"; [ -n "${LW_KEEP_TMP:-}" ] || rm -rf "$tmp"' EXIT

fleet_up "$S" "$F" lwsrv0 lwsrvf0
redis=10.77.3.7
in_f redis-server --bind "$redis" --port 6379 --save '' --appendonly no --protected-mode no \
  --dir "$tmp" --daemonize no >"$tmp/redis.out" 2>&1 &
for _ in $(seq 100); do in_f redis-cli -h "$redis" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
# Fake values (a test card, SSNs of no real person): the daemon may log none of them.
in_f redis-cli -h "$redis" MSET user:1001 '{"name":"Ann Example","ssn":"536-22-1234"}' \
  payment:1 '{"card":"4111111111111111"}' >/dev/null

config() {  # config FILE DISCOVERY CATALOG
  cat >"$1" <<YAML
catalog: $3
scheduling:
  global_rate: 300
  open_rescan: 5s
  discovery: $2
grouping:
  group_wait: 0s
assets:
  - name: fleet
    targets: [10.77.3.0/24]
    ports: [6379, 11211, 5432]
    cadence: 10s
rules:
  - name: open-store
    kind: open_database
  - name: personal-data
    kind: sensitive_data
YAML
}
# jq-free reading of the daemon's JSON log lines.
logq() {  # logq LOG PYTHON-EXPRESSION-OVER-lines
  python3 - "$1" "$2" <<'PY'
import json, sys
lines = []
for raw in open(sys.argv[1]):
    raw = raw.strip()
    if raw.startswith("{"):
        lines.append(json.loads(raw))
print(eval(sys.argv[2]))
PY
}

# 1. discovery: syn, two sweeps by the daemon.
config "$tmp/syn.yaml" syn "$tmp/syn.db"
ip netns exec "$S" tcpdump -i lwsrv0 -Q out -n -s 96 -B 8192 -w "$tmp/out.pcap" >/dev/null 2>"$tmp/tcpdump.err" &
tcpdump_pid=$!
for _ in $(seq 100); do grep -q listening "$tmp/tcpdump.err" && break; sleep 0.05; done
ip netns exec "$S" "$lw" serve --config "$tmp/syn.yaml" 2>"$tmp/syn.log" &
serve_pid=$!
sweeps_done() {
  logq "$tmp/syn.log" "sum(1 for l in lines if l['msg'] == 'scan_finished' and l['kind'] == 'sweep')"
}
for _ in $(seq 600); do
  [ "$(sweeps_done)" -ge 2 ] && break
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.1
done
kill -TERM "$serve_pid" 2>/dev/null || true
status=0
timeout 20 tail --pid="$serve_pid" -f /dev/null || true
wait "$serve_pid" || status=$?
kill -INT "$tcpdump_pid"
wait "$tcpdump_pid" 2>/dev/null || true
log="$tmp/syn.log"
check "serve ran two sweeps and stopped with exit 0 on SIGTERM" \
  "$([ "$status" = 0 ] && [ "$(sweeps_done)" -ge 2 ]; echo $?)" "exit $status: $(tail -5 "$log")"
check "both sweeps used SYN discovery" \
  "$([ "$(logq "$log" "sum(1 for l in lines if l['msg'] == 'scan_started' and l['kind'] == 'sweep' and l['discovery'] == 'syn')")" -ge 2 ]; echo $?)" \
  "$(grep scan_started "$log" | head -3)"
check "every sweep found the Redis (open = 1)" \
  "$(logq "$log" "all(l['open'] == 1 for l in lines if l['msg'] == 'scan_finished' and l['kind'] == 'sweep')" | grep -qx True; echo $?)" \
  "$(grep scan_finished "$log" | head -3)"
check "the choice was logged once, with the veth" \
  "$(logq "$log" "[l.get('link', '') for l in lines if l['msg'] == 'discovery']" | grep -q "^\['SYN discovery on lwsrv0 from 10.99.0.1 .*'\]$"; echo $?)" \
  "$(grep '"discovery"' "$log" | head -3)"
check "fast rescans of the open Redis used the connect engine" \
  "$(logq "$log" "sorted({l['discovery'] for l in lines if l['msg'] == 'scan_started' and l['kind'] == 'rescan'})" | grep -qx "\['connect'\]"; echo $?)" \
  "$(grep '"rescan"' "$log" | head -3)"
check "the incident was opened while the first sweep still ran" \
  "$(logq "$log" "[l['msg'] for l in lines if (l['msg'] == 'incident_opened' and l['service'] == '$redis:6379') or (l['msg'] == 'scan_finished' and l['kind'] == 'sweep')][:2]" | grep -qx "\['incident_opened', 'scan_finished'\]"; echo $?)" \
  "$(grep -E 'incident_opened|scan_finished' "$log" | head -3)"
check "an alert on personal data in the Redis" \
  "$(logq "$log" "any(l['msg'] == 'alert' and l['rule'] == 'personal-data' and l['service'] == '$redis:6379' for l in lines)" | grep -qx True; echo $?)" \
  "$(grep '"alert"' "$log" | head -3)"
check "no planted raw value in the daemon's log" \
  "$(! grep -q -e 536-22-1234 -e 4111111111111111 "$log"; echo $?)" "found one"
read -r syns outside < <(python3 "$here/count_capture.py" "$tmp/out.pcap" 10.77.0.0 10.99.0.2)
check "capture saw both sweeps' SYNs (>= 2 x 768)" "$([ "$syns" -ge 1536 ]; echo $?)" "saw $syns"
check "no frame to any address outside the fleet" "$([ "$outside" = 0 ]; echo $?)" "$outside frames"

# 2. Without CAP_NET_RAW: auto falls back and says so; syn is refused.
nocap=(setpriv --inh-caps=-all --bounding-set=-net_raw --)
config "$tmp/auto.yaml" auto "$tmp/auto.db"
status=0
ip netns exec "$S" timeout 60 "${nocap[@]}" "$lw" serve --config "$tmp/auto.yaml" --once \
  2>"$tmp/auto.log" || status=$?
log="$tmp/auto.log"
check "auto without CAP_NET_RAW: --once exits 0" "$([ "$status" = 0 ]; echo $?)" \
  "exit $status: $(tail -5 "$log")"
check "auto without CAP_NET_RAW says so once" \
  "$(logq "$log" "[(l['level'], l['discovery'], l['reason']) for l in lines if l['msg'] == 'discovery']" | grep -qx "\[('warn', 'connect', 'no CAP_NET_RAW; SYN discovery needs it: docs/syn_discovery.md')\]"; echo $?)" \
  "$(grep discovery "$log" | head -3)"
check "auto without CAP_NET_RAW sweeps with the connect engine and finds the Redis" \
  "$(logq "$log" "[(l['discovery'], l['open']) for l in lines if l['msg'] == 'scan_finished' and l['kind'] == 'sweep']" | grep -qx "\[('connect', 1)\]"; echo $?)" \
  "$(grep scan_finished "$log" | head -3)"

config "$tmp/refused.yaml" syn "$tmp/refused.db"
for cmd in serve config; do
  args=(serve --config "$tmp/refused.yaml" --once)
  [ "$cmd" = config ] && args=(config check "$tmp/refused.yaml")
  status=0
  ip netns exec "$S" timeout 30 "${nocap[@]}" "$lw" "${args[@]}" >"$tmp/refused.out" \
    2>"$tmp/refused.err" || status=$?
  check "syn without CAP_NET_RAW: '${args[*]:0:2}' exits 2 naming the asset and CAP_NET_RAW" \
    "$([ "$status" = 2 ] && grep -q "asset 'fleet'.*CAP_NET_RAW" "$tmp/refused.err"; echo $?)" \
    "exit $status: $(cat "$tmp/refused.err")"
done
check "the refused start created no catalog" "$([ ! -e "$tmp/refused.db" ]; echo $?)" "it exists"

[ "$failures" = 0 ] || { echo "$failures check(s) failed" >&2; exit 1; }
echo "all serve SYN discovery checks passed"
