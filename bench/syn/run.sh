#!/usr/bin/env bash
# SYN discovery side by side (issue 16; run by hand as root, results go into docs/performance.md):
# leakwatch --discovery syn, masscan and ZMap on the same veth in the same run, at increasing
# rates, over a fleet namespace answering for 10.77.0.0/16 (ports 6379 and 9200 open, 11211 and
# 27017 closed, 5432 silently dropped), then leakwatch's connect engine on the same space.
#   bench/syn/run.sh [RATE...]        default rates: 25000 100000 400000
# masscan and zmap come from Debian (apt-get install masscan zmap); this script installs them
# when missing, since only the bench needs them. Nothing leaves the two namespaces it creates.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
lw="$top/build/leakwatch"
listener="$top/tests/integration/syn/fleet_listener.py"
[ -x "$lw" ] || { echo "build first: cmake --build --preset release" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, raw sockets)" >&2; exit 2; }
for tool in masscan zmap; do
  command -v "$tool" >/dev/null || apt-get install -y masscan zmap >/dev/null
done
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(25000 100000 400000)

S="lwbsyns$$" F="lwbsynf$$"
tmp=$(mktemp -d)
# shellcheck source=../../tests/integration/syn/fleet_netns.sh
. "$top/tests/integration/syn/fleet_netns.sh"
trap 'fleet_down "$S" "$F"; rm -rf "$tmp"' EXIT
fleet_up "$S" "$F" lwbs0 lwbf0
fleet_mac=$(in_f cat /sys/class/net/lwbf0/address)
in_f python3 "$listener" 6379,9200 3600 >"$tmp/listener.out" 2>&1 &
for _ in $(seq 100); do grep -q ready "$tmp/listener.out" 2>/dev/null && break; sleep 0.05; done
ports=6379,9200,11211,27017,5432
expected=131072

echo "## machine: $(nproc) cores, $(uname -r), $(date -u '+%F %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## /16 x 5 ports = 327,680 SYNs per pass; $expected open pairs; retries 0 for all three"
echo "| rate asked | tool | SYNs sent in | recall | wall | CPU (user+sys) |"
echo "|---|---|---|---|---|---|"
timed() {  # OUT ERR COMMAND...: runs in the scanner namespace under /usr/bin/time
  local out=$1 err=$2
  shift 2
  in_s /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >"$out" 2>"$err" || true
  read -r wall user sys <"$tmp/time"
}
for rate in "${rates[@]}"; do
  rm -f "$tmp"/*.db
  timed "$tmp/lw.jsonl" "$tmp/lw.err" "$lw" scan 10.77.0.0/16 -p "$ports" --discovery syn \
    --syn-rate "$rate" --retries 0 --cooldown 3s --probes none --rate 0 --concurrency 2048 \
    --db "$tmp/lw.db" --json
  found=$(python3 -c "import json,sys; print(len({(r['ip'],r['port']) for r in map(json.loads, open(sys.argv[1])) if r['outcome']!='refused'}))" "$tmp/lw.jsonl")
  sending=$(sed -n 's/.*SYNs sent in \([0-9.]*\)s.*/\1/p' "$tmp/lw.err")
  echo "| $rate | leakwatch --discovery syn (then probes each open port) | ${sending}s | $found / $expected | ${wall}s | $(echo "$user + $sys" | bc)s |"

  # masscan 1.3.2 finishes its --wait and then hangs in its receive loop on a quiet link; a
  # first SIGINT only starts another wait, a second ends it with its output written. So it is
  # stopped that way 5 s after its send time plus the wait: its wall time is that bound.
  bound=$((327680 / rate + 3 + 5))
  ip netns exec "$S" /usr/bin/time -f '%e %U %S' -o "$tmp/time" masscan 10.77.0.0/16 -p"$ports" --rate "$rate" \
    --interface lwbs0 --adapter-ip 10.99.0.1 --router-mac "$fleet_mac" --wait 3 \
    -oL "$tmp/masscan.txt" >"$tmp/masscan.out" 2>"$tmp/masscan.err" &
  time_pid=$!
  sleep "$bound"
  masscan_pid=$(pgrep -P "$time_pid" || true)
  for _ in 1 2 3; do [ -n "$masscan_pid" ] && kill -INT "$masscan_pid" 2>/dev/null; sleep 1; done
  wait "$time_pid" || true
  # A masscan that had to be killed leaves "Command terminated by signal" instead of times.
  read -r wall user sys < <(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+$' "$tmp/time" || echo "- 0 0")
  found=$(grep -c '^open' "$tmp/masscan.txt" || true)
  echo "| $rate | masscan --wait 3 (stopped at ${bound}s) | - | $found / $expected | (${wall}s) | $(echo "$user + $sys" | bc)s |"

  : >"$tmp/zmap.all"
  total_wall=0 total_cpu=0
  for port in 6379 9200 11211 27017 5432; do
    : >"$tmp/empty.conf"
    timed "$tmp/zmap.out" "$tmp/zmap.err" zmap -p "$port" 10.77.0.0/16 -r "$rate" -i lwbs0 \
      -S 10.99.0.1 -G "$fleet_mac" -c 3 -b "$tmp/empty.conf" -o "$tmp/zmap.$port"
    sed "s/\$/:$port/" "$tmp/zmap.$port" >>"$tmp/zmap.all"
    total_wall=$(echo "$total_wall + $wall" | bc)
    total_cpu=$(echo "$total_cpu + $user + $sys" | bc)
  done
  found=$(sort -u "$tmp/zmap.all" | grep -c . || true)
  echo "| $rate | zmap -c 3, one run per port | - | $found / $expected | ${total_wall}s | ${total_cpu}s |"
done

echo "## the connect engine on the same space (5432 is dropped: each of its 65,536 targets waits the connect timeout)"
timed "$tmp/c.jsonl" "$tmp/c.err" "$lw" scan 10.77.0.0/16 -p "$ports" --probes none --rate 0 \
  --concurrency 8192 --connect-timeout 1s --db "$tmp/c.db" --json
found=$(python3 -c "import json,sys; print(len({(r['ip'],r['port']) for r in map(json.loads, open(sys.argv[1])) if r['outcome'] not in ('refused','timeout')}))" "$tmp/c.jsonl")
echo "| - | leakwatch --discovery connect --concurrency 8192 --connect-timeout 1s | - | $found / $expected | ${wall}s | $(echo "$user + $sys" | bc)s |"
