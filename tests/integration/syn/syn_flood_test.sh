#!/usr/bin/env bash
# SYN discovery under a flood of unsolicited packets (issue 16, "Bad input and faults"), as root,
# in two network namespaces this script creates (fleet_netns.sh): while a scan of a /18 x 2 open
# ports runs, the fleet sends forged SYN-ACKs and RSTs into the scanner's source port range and
# UDP and TCP to other ports, as fast as it can. Checks: the scan ends (exit 0) with every open
# pair found, the forged answers are counted as bad cookies (or as the kernel's drops: shown,
# not silent), and its peak memory is within 16 MiB of the same scan without the flood (the
# receiver keeps no state per unsolicited packet).
set -euo pipefail
lw=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)

S="lwflds$$" F="lwfldf$$"
# shellcheck source=fleet_netns.sh
. "$here/fleet_netns.sh"
# shellcheck source=test_lib.sh
. "$here/test_lib.sh"
need_root_and ip tc nft python3 timeout /usr/bin/time
tmp=$(mktemp -d)
flood_pid=""
trap '[ -n "$flood_pid" ] && kill "$flood_pid" 2>/dev/null; fleet_down "$S" "$F"; rm -rf "$tmp"' EXIT

fleet_up "$S" "$F" lwfscan0 lwffleet0
scanner_mac=$(in_s cat /sys/class/net/lwfscan0/address)
start_listener 6379,9200 200 "$tmp/listener.out"

# scan NAME: the /18 x 2 ports (32768 open pairs), its peak RSS in KiB in $tmp/NAME.rss.
scan() {
  in_s timeout 120 /usr/bin/time -f '%M' -o "$tmp/$1.rss" "$lw" scan 10.77.0.0/18 -p 6379,9200 \
    --discovery syn --syn-rate 10000 --probes none --rate 0 --concurrency 1024 \
    --db "$tmp/$1.db" --json >"$tmp/$1.jsonl" 2>"$tmp/$1.err"
}
found() { python3 -c "import json,sys; print(len({(r['ip'],r['port']) for r in map(json.loads, open(sys.argv[1])) if r['outcome']!='refused'}))" "$1"; }

status=0
scan quiet || status=$?
check "scan without the flood exits 0" "$([ "$status" = 0 ]; echo $?)" "$(tail -3 "$tmp/quiet.err")"

# The flood runs for the whole second scan (bounded: 2,000,000 frames or 40 s).
in_f python3 "$here/inject_answers.py" flood lwffleet0 "$scanner_mac" 2000000 40 >"$tmp/flood.out" &
flood_pid=$!
sleep 1
status=0
scan flooded || status=$?
kill "$flood_pid" 2>/dev/null || true
wait "$flood_pid" 2>/dev/null || true
flood_pid=""
check "scan under the flood exits 0" "$([ "$status" = 0 ]; echo $?)" "$(tail -3 "$tmp/flooded.err")"
for name in quiet flooded; do
  n=$(found "$tmp/$name.jsonl")
  check "$name: every open pair found (32768)" "$([ "$n" = 32768 ]; echo $?)" "found $n"
done
summary=$(grep 'SYN discovery:' "$tmp/flooded.err" || true)
echo "     flooded: $summary"
bad_cookie=$(sed -n 's/.* \([0-9]*\) with a bad cookie.*/\1/p' <<<"$summary")
dropped=$(sed -n 's/.* \([0-9]*\) dropped by the kernel.*/\1/p' <<<"$summary")
check "the flood's forged answers are counted (bad cookies + kernel drops > 10000)" \
  "$([ $(( ${bad_cookie:-0} + ${dropped:-0} )) -gt 10000 ]; echo $?)" \
  "bad cookies '$bad_cookie', dropped '$dropped'"
quiet_rss=$(cat "$tmp/quiet.rss")
flooded_rss=$(cat "$tmp/flooded.rss")
echo "     peak RSS: $quiet_rss KiB without the flood, $flooded_rss KiB under it"
check "peak memory under the flood within 16 MiB of the quiet scan's" \
  "$([ "$flooded_rss" -le $((quiet_rss + 16384)) ]; echo $?)" \
  "$quiet_rss KiB quiet, $flooded_rss KiB flooded"

[ "$failures" = 0 ] || { echo "syn_flood_test: $failures check(s) failed" >&2; exit 1; }
echo "syn_flood_test: ok"
