#!/usr/bin/env bash
# SYN discovery side by side (issue 16; run by hand as root, results go into docs/performance.md):
# leakwatch's SYN discovery, masscan and ZMap on the same veth in the same run, at increasing
# rates, over a fleet namespace answering for 10.77.0.0/16 (ports 6379 and 9200 open, 11211 and
# 27017 closed, 5432 silently dropped), then leakwatch's connect engine on the same space.
# leakwatch twice at each rate: its discovery engine alone (lw_bench_syn_discover, the same code,
# writing the open ports to a file as masscan and ZMap do), and the whole `scan --discovery syn`,
# whose probe stage connects to every open port as it is found.
#   bench/syn/run.sh [RATE...]        default rates: 25000 50000 100000 400000 1000000
# Every tool's achieved rate is measured the same way, on the fleet's side and independent of
# what the tool reports: a capture of the pure SYNs the fleet receives from source ports
# 61000-62023 (all three tools are given that range), rate = (SYNs - 1) / (last - first); an nft
# counter gives the exact count and the SYN-ACKs the fleet sent back. CPU is user + sys of the
# scanner's process (/usr/bin/time), per million SYNs the fleet received.
# masscan gets what its documentation asks for: its own source address (10.99.0.9, which the
# fleet reaches on the veth and masscan answers ARP for), so the kernel never sees its SYN-ACKs and
# sends no RST; --wait 5; and a trickle of datagrams from the fleet (10 a second) while it runs,
# because masscan 1.3.2's receive loop waits in libpcap for a frame before it notices its end.
# masscan and zmap come from Debian (apt-get install masscan zmap); this script installs them
# when missing, since only the bench needs them. Nothing leaves the two namespaces it creates.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
lw="$top/build/leakwatch"
discover="$top/build/bench/syn/lw_bench_syn_discover"
here="$top/bench/syn"
listener="$top/tests/integration/syn/fleet_listener.py"
[ -x "$lw" ] && [ -x "$discover" ] || { echo "build first: cmake --build --preset release" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, raw sockets)" >&2; exit 2; }
for tool in masscan zmap tcpdump; do
  command -v "$tool" >/dev/null || apt-get install -y masscan zmap tcpdump >/dev/null
done
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(25000 50000 100000 400000 1000000)

S="lwbsyns$$" F="lwbsynf$$"
tmp=$(mktemp -d)
cap=$(mktemp -d /dev/shm/lwbsyn.XXXXXX)  # captures in memory: a disk would slow tcpdump
# shellcheck source=../../tests/integration/syn/fleet_netns.sh
. "$top/tests/integration/syn/fleet_netns.sh"
trap 'fleet_down "$S" "$F"; rm -rf "$tmp" "$cap"' EXIT
fleet_up "$S" "$F" lwbs0 lwbf0
fleet_mac=$(in_f cat /sys/class/net/lwbf0/address)
in_f ip route add 10.99.0.9/32 dev lwbf0
in_f nft -f - <<'NFT'
table inet lwbench {
  counter syns {}
  counter synacks {}
  chain count_in {
    type filter hook input priority -10;
    tcp sport 61000-62023 tcp flags & (syn|ack) == syn counter name syns
  }
  chain count_out {
    type filter hook output priority -10;
    tcp dport 61000-62023 tcp flags & (syn|ack) == (syn|ack) counter name synacks
  }
}
NFT
ip netns exec "$F" python3 "$listener" 6379,9200 3600 >"$tmp/listener.out" 2>&1 &
for _ in $(seq 100); do grep -q ready "$tmp/listener.out" 2>/dev/null && break; sleep 0.05; done
ports=6379,9200,11211,27017,5432
expected=131072

counter() { in_f nft list counter inet lwbench "$1" | sed -n 's/.*packets \([0-9]*\).*/\1/p'; }
# measure OUT ERR COMMAND...: runs COMMAND in the scanner's namespace under /usr/bin/time with
# the fleet's capture around it; sets wall user sys syns synacks first last achieved lost.
measure() {
  local out=$1 err=$2
  shift 2
  in_f nft reset counters table inet lwbench >/dev/null
  ip netns exec "$F" tcpdump -i lwbf0 -Q in -n -s 64 -B 131072 -w "$cap/syn.pcap" \
    'tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn and src portrange 61000-62023' \
    >/dev/null 2>"$tmp/tcpdump.err" &
  local tcpdump_pid=$!
  for _ in $(seq 100); do grep -q listening "$tmp/tcpdump.err" && break; sleep 0.05; done
  in_s /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >"$out" 2>"$err" || true
  sleep 0.5
  kill -INT "$tcpdump_pid"
  wait "$tcpdump_pid" 2>/dev/null || true
  read -r wall user sys < <(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+$' "$tmp/time" || echo "- 0 0")
  syns=$(counter syns)
  synacks=$(counter synacks)
  read -r _ first last achieved < <(python3 "$here/syn_rate.py" "$cap/syn.pcap")
  lost=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$tmp/tcpdump.err")
  rm -f "$cap/syn.pcap"
}
row() {  # row RATE TOOL SYNS ACHIEVED RECALL WALL CPU [NOTE]
  local per_m
  per_m=$(echo "scale=2; $7 * 1000000 / $3" | bc)
  echo "| $1 | $2 | $3 | $4 | $5 / $expected | ${6}s | ${7}s | ${per_m}s | ${8:-} |"
}

echo "## machine: $(nproc) cores, $(uname -r), $(date -u '+%F %H:%M UTC'), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "## /16 x 5 ports = 327,680 SYNs per pass, retries 0 for all three; $expected open pairs"
echo "| rate asked | tool | SYNs the fleet received | achieved SYN/s (fleet capture) | recall | wall | CPU user+sys | CPU per M SYNs | notes |"
echo "|---|---|---|---|---|---|---|---|---|"
for rate in "${rates[@]}"; do
  measure "$tmp/lwd.out" "$tmp/lwd.err" "$discover" 10.77.0.0/16 "$ports" "$rate" 0 3000 \
    "$cap/found.txt"
  found=$(sort -u "$cap/found.txt" | grep -c . || true)
  rm -f "$cap/found.txt"
  own=$(sed -n 's/.*SYNs sent in \([0-9.]*\)s.*/\1/p' "$tmp/lwd.err")
  kdrop=$(sed -n 's/.* \([0-9]*\) dropped by the kernel.*/\1/p' "$tmp/lwd.err")
  row "$rate" "leakwatch SYN discovery alone (lw_bench_syn_discover)" "$syns" "$achieved" "$found" \
    "$wall" "$(echo "$user + $sys" | bc)" "own: sent in ${own}s; kernel drops $kdrop; fleet SYN-ACKs $synacks; capture lost ${lost:-?}"

  rm -f "$tmp"/*.db
  measure "$tmp/lw.jsonl" "$tmp/lw.err" "$lw" scan 10.77.0.0/16 -p "$ports" --discovery syn \
    --syn-rate "$rate" --retries 0 --cooldown 3s --probes none --rate 0 --concurrency 2048 \
    --db "$tmp/lw.db" --json
  found=$(python3 -c "import json,sys; print(len({(r['ip'],r['port']) for r in map(json.loads, open(sys.argv[1])) if r['outcome']!='refused'}))" "$tmp/lw.jsonl")
  own=$(sed -n 's/.*SYNs sent in \([0-9.]*\)s.*/\1/p' "$tmp/lw.err")
  kdrop=$(sed -n 's/.* \([0-9]*\) dropped by the kernel.*/\1/p' "$tmp/lw.err")
  row "$rate" "leakwatch scan --discovery syn (and the probe stage)" "$syns" "$achieved" "$found" "$wall" \
    "$(echo "$user + $sys" | bc)" "own: sent in ${own}s; kernel drops $kdrop; fleet SYN-ACKs $synacks; capture lost ${lost:-?}; CPU includes the probe stage's 131,072 connections"

  ip netns exec "$F" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(6000):
    s.sendto(b"x", ("10.99.0.1", 9)); time.sleep(0.1)' &
  trickle=$!
  bound=$((327680 * 3 / rate + 30))
  measure "$tmp/masscan.out" "$tmp/masscan.err" timeout -k 5 -s INT "$bound" masscan 10.77.0.0/16 \
    -p"$ports" --rate "$rate" --interface lwbs0 --adapter-ip 10.99.0.9 --adapter-port 61000-62023 \
    --router-mac "$fleet_mac" --wait 5 -oL "$tmp/masscan.txt"
  kill "$trickle" 2>/dev/null || true
  wait "$trickle" 2>/dev/null || true
  found=$(awk '/^open/{print $3, $4}' "$tmp/masscan.txt" | sort -u | grep -c . || true)
  row "$rate" "masscan --wait 5" "$syns" "$achieved" "$found" "$wall" \
    "$(echo "$user + $sys" | bc)" "own source address; fleet SYN-ACKs $synacks; capture lost ${lost:-?}"

  : >"$tmp/zmap.all"
  z_syns=0 z_time=0 z_wall=0 z_cpu=0 z_lost=0
  for port in 6379 9200 11211 27017 5432; do
    : >"$tmp/empty.conf"
    measure "$tmp/zmap.out" "$tmp/zmap.err" zmap -p "$port" 10.77.0.0/16 -r "$rate" -i lwbs0 \
      -S 10.99.0.1 -s 61000-62023 -G "$fleet_mac" -c 3 -b "$tmp/empty.conf" -o "$tmp/zmap.$port"
    sed "s/\$/:$port/" "$tmp/zmap.$port" >>"$tmp/zmap.all"
    z_syns=$((z_syns + syns))
    z_time=$(echo "$z_time + $last - $first" | bc)
    z_wall=$(echo "$z_wall + $wall" | bc)
    z_cpu=$(echo "$z_cpu + $user + $sys" | bc)
    z_lost=$((z_lost + ${lost:-0}))
  done
  found=$(sort -u "$tmp/zmap.all" | grep -c . || true)
  row "$rate" "zmap -c 3, one run per port" "$z_syns" "$(echo "($z_syns - 5) / $z_time" | bc)" \
    "$found" "$z_wall" "$z_cpu" "rate over the five sending times; capture lost $z_lost"
done

echo "## the connect engine on the same space (5432 is dropped: each of its 65,536 targets waits the connect timeout)"
rm -f "$tmp"/*.db
in_s /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$lw" scan 10.77.0.0/16 -p "$ports" --probes none \
  --rate 0 --concurrency 8192 --connect-timeout 1s --db "$tmp/c.db" --json >"$tmp/c.jsonl" 2>"$tmp/c.err" || true
read -r wall user sys < <(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+$' "$tmp/time" || echo "- 0 0")
found=$(python3 -c "import json,sys; print(len({(r['ip'],r['port']) for r in map(json.loads, open(sys.argv[1])) if r['outcome'] not in ('refused','timeout')}))" "$tmp/c.jsonl")
echo "| - | leakwatch --discovery connect --concurrency 8192 --connect-timeout 1s | (kernel SYNs) | $(echo "327680 / $wall" | bc) targets/s | $found / $expected | ${wall}s | $(echo "$user + $sys" | bc)s | | |"
echo "## load after: $(cut -d' ' -f1-3 /proc/loadavg)"
