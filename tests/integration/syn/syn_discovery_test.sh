#!/usr/bin/env bash
# SYN discovery end to end (issue 16), as root, in two network namespaces this script creates:
#   scanner 10.99.0.1 --veth-- 10.99.0.2 fleet, which answers for all of 10.77.0.0/16
#   (a local route on its loopback): ports 6379 and 9200 open (listeners), 11211 and 27017 closed
#   (the kernel's RST), 5432 silently dropped (nft).
# Checks: recall 100 % of the 131072 open pairs at 20,000 SYNs/s (twice the default, so the test
# takes half the time), every one probed; a capture
# on the scanner's side holds no frame to any address outside the fleet; forged SYN-ACKs and
# SYN-ACKs replayed from an earlier scan are rejected; services an earlier scan found that now
# answer RST or nothing are recorded as gone; no CAP_NET_RAW, an unknown interface and a target
# outside every route each give exit 2 and a message naming it.
# Nothing leaves the two namespaces: the scanner's only route is the veth.
set -euo pipefail
lw=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)

S="lwsyns$$" F="lwsynf$$"
# shellcheck source=fleet_netns.sh
. "$here/fleet_netns.sh"
# shellcheck source=test_lib.sh
. "$here/test_lib.sh"
need_root_and ip tc nft tcpdump python3 setpriv timeout
tmp=$(mktemp -d)
trap 'fleet_down "$S" "$F"; rm -rf "$tmp"' EXIT
# Waits (at most 60 s) for a scan's start banner: its raw sockets are open by then.
wait_started() {
  for _ in $(seq 600); do grep -q 'SYN discovery on' "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "FAIL: the scan did not start: $(cat "$1")" >&2
  exit 1
}

fleet_up "$S" "$F" lwscan0 lwfleet0
scanner_mac=$(in_s cat /sys/class/net/lwscan0/address)

# The fleet's listeners, for as long as the test may run.
start_listener 6379,9200 500 "$tmp/listener.out"

# Every frame the scanner's side sends, headers only (not through in_s: $! must be tcpdump).
ip netns exec "$S" tcpdump -i lwscan0 -Q out -n -s 96 -B 32768 -w "$tmp/out.pcap" >/dev/null 2>"$tmp/tcpdump.err" &
tcpdump_pid=$!
ip netns exec "$F" tcpdump -i lwfleet0 -Q out -n -s 96 -B 32768 -w "$tmp/answers.pcap" \
  'tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack)' >/dev/null 2>"$tmp/tcpdump2.err" &
answers_pid=$!
for _ in $(seq 100); do
  grep -q listening "$tmp/tcpdump.err" && grep -q listening "$tmp/tcpdump2.err" && break
  sleep 0.05
done

# 1. The /16 x 5 ports at 20,000 SYNs/s with the default retry, probing with the connect engine
# (connect only).
ports=6379,9200,11211,27017,5432
in_s timeout 300 "$lw" scan 10.77.0.0/16 -p "$ports" --discovery syn --syn-rate 20000 \
  --probes none --rate 0 --concurrency 2048 --db "$tmp/a.db" --json >"$tmp/a.jsonl" 2>"$tmp/a.err" &
scan_pid=$!
# Mid-scan (it lasts about 20 s): 3000 forged SYN-ACKs, once the start banner shows the
# receiver is open.
wait_started "$tmp/a.err"
forged=$(in_f python3 "$here/inject_answers.py" forge lwfleet0 "$scanner_mac" 3000 16)
status=0
wait "$scan_pid" || status=$?
check "scan exits 0" "$([ "$status" = 0 ]; echo $?)" "exit $status: $(tail -5 "$tmp/a.err")"
open_pairs() { python3 - "$1" "$2" <<'PY'
import json, sys
pairs = set()
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["port"] == int(sys.argv[2]) and r["outcome"] != "refused":
        pairs.add(r["ip"])
print(len(pairs))
PY
}
for port in 6379 9200; do
  n=$(open_pairs "$tmp/a.jsonl" "$port")
  check "recall on port $port: all 65536 addresses" "$([ "$n" = 65536 ]; echo $?)" "found $n"
done
for port in 11211 27017 5432; do
  n=$(open_pairs "$tmp/a.jsonl" "$port")
  check "no open record on closed/dropped port $port" "$([ "$n" = 0 ]; echo $?)" "found $n"
done
summary=$(grep 'SYN discovery:' "$tmp/a.err" || true)
echo "     $summary"
bad_cookie=$(sed -n 's/.* \([0-9]*\) with a bad cookie.*/\1/p' <<<"$summary")
dropped=$(sed -n 's/.* \([0-9]*\) dropped by the kernel.*/\1/p' <<<"$summary")
check "forged SYN-ACKs ($forged) counted as bad cookies" \
  "$([ -n "$bad_cookie" ] && [ "$bad_cookie" -ge $((forged - ${dropped:-0})) ]; echo $?)" \
  "bad cookies: '$bad_cookie', kernel dropped '$dropped'"

kill -INT "$tcpdump_pid" "$answers_pid"
wait "$tcpdump_pid" "$answers_pid" 2>/dev/null || true
read -r syns outside < <(python3 "$here/count_capture.py" "$tmp/out.pcap" 10.77.0.0 10.99.0.2)
check "capture saw the scan's SYNs (>= 327680)" "$([ "$syns" -ge 327680 ]; echo $?)" "saw $syns"
check "no frame to any address outside the fleet" "$([ "$outside" = 0 ]; echo $?)" \
  "$outside frames; first ones: $(tcpdump -n -r "$tmp/out.pcap" -c 3 'not arp and not dst net 10.77.0.0/16 and not dst host 10.99.0.2' 2>/dev/null)"

# 2. Stale answers: SYN-ACKs the fleet sent during scan 1, replayed during scan 2 of the same
# targets (a new key): rejected, and scan 2 still finds exactly the 65536 open pairs.
in_s timeout 120 "$lw" scan 10.77.0.0/16 -p 6379 --discovery syn --probes none --rate 0 \
  --concurrency 2048 --retries 0 --db "$tmp/b.db" --json >"$tmp/b.jsonl" 2>"$tmp/b.err" &
scan_pid=$!
wait_started "$tmp/b.err"
replayed=$(in_f python3 "$here/inject_answers.py" replay lwfleet0 "$scanner_mac" "$tmp/answers.pcap" 3000)
status=0
wait "$scan_pid" || status=$?
summary=$(grep 'SYN discovery:' "$tmp/b.err" || true)
echo "     $summary"
bad_cookie=$(sed -n 's/.* \([0-9]*\) with a bad cookie.*/\1/p' <<<"$summary")
opened=$(sed -n 's/.* \([0-9]*\) open, .*/\1/p' <<<"$summary")
check "stale SYN-ACKs ($replayed) rejected" \
  "$([ "$status" = 0 ] && [ "$replayed" -ge 1000 ] && [ "${bad_cookie:-0}" -ge "$replayed" ] && [ "$opened" = 65536 ]; echo $?)" \
  "exit $status, bad cookies '$bad_cookie', open '$opened'"

# 3. Services an earlier scan found that now answer RST (10.77.4.128/25) or nothing
# (10.77.4.0/25, dropped by nft) are handed to the probe stage anyway and recorded as gone,
# refused and timeout, as the connect engine records them.
ip netns exec "$F" python3 "$here/fleet_listener.py" 6380 60 >"$tmp/listener2.out" 2>&1 &
listener2=$!
for _ in $(seq 100); do grep -q ready "$tmp/listener2.out" 2>/dev/null && break; sleep 0.05; done
gone_scan() {  # gone_scan OUT
  in_s timeout 60 "$lw" scan 10.77.4.0/24 -p 6380 --discovery syn --probes none --rate 0 \
    --retries 0 --cooldown 1s --connect-timeout 1s --db "$tmp/gone.db" --json >"$1.jsonl" 2>"$1.err"
}
gone_scan "$tmp/before" || true
kill "$listener2"
wait "$listener2" 2>/dev/null || true
in_f nft add rule inet lwsyn input ip daddr 10.77.4.0/25 tcp dport 6380 drop
status=0
gone_scan "$tmp/after" || status=$?
outcomes() { python3 -c "import collections,json,sys; c=collections.Counter(json.loads(l)['outcome'] for l in open(sys.argv[1])); print(' '.join(f'{k}={c[k]}' for k in sorted(c)))" "$1"; }
before=$(outcomes "$tmp/before.jsonl")
after=$(outcomes "$tmp/after.jsonl")
check "known services gone: 128 refused and 128 silent recorded again" \
  "$([ "$status" = 0 ] && [ "$(grep -c . "$tmp/before.jsonl")" = 256 ] && ! grep -q -e refused -e timeout <<<"$before" && [ "$after" = "refused=128 timeout=128" ] && grep -q ' 256 known services closed or silent' "$tmp/after.err"; echo $?)" \
  "exit $status; before: $before; after: $after; $(grep 'SYN discovery:' "$tmp/after.err")"

# 4. Bad input: each exits 2 with one message naming what is wrong.
expect_usage() {  # NAME PATTERN COMMAND...
  local name=$1 pattern=$2
  shift 2
  local status=0
  "$@" >"$tmp/u.out" 2>"$tmp/u.err" || status=$?
  check "$name" "$([ "$status" = 2 ] && grep -q -- "$pattern" "$tmp/u.err"; echo $?)" \
    "exit $status: $(cat "$tmp/u.err")"
}
expect_usage "no CAP_NET_RAW: exit 2 naming it" "CAP_NET_RAW.*--discovery connect" \
  in_s setpriv --inh-caps=-all --bounding-set=-net_raw -- "$lw" scan 10.77.0.1 -p 6379 \
  --discovery syn --db "$tmp/c.db"
expect_usage "unknown interface: exit 2 naming it" "no network interface named 'nope0'" \
  in_s "$lw" scan 10.77.0.1 -p 6379 --discovery syn --interface nope0 --db "$tmp/c.db"
expect_usage "target outside every route: exit 2 naming it" "target 10.200.0.1" \
  in_s "$lw" scan 10.200.0.1 -p 6379 --discovery syn --db "$tmp/c.db"
expect_usage "bad --gateway-mac: exit 2 naming it" "gateway-mac" \
  in_s "$lw" scan 10.77.0.1 -p 6379 --discovery syn --gateway-mac 00:11 --db "$tmp/c.db"
for db in c.db; do
  check "bad input left no catalog" "$([ ! -e "$tmp/$db" ]; echo $?)" "$tmp/$db exists"
done

[ "$failures" = 0 ] || { echo "$failures check(s) failed" >&2; exit 1; }
echo "all SYN discovery checks passed"
