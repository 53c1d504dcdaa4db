#!/bin/sh
# Classifier throughput vs ripgrep, same session, single core. Usage:
#   bench/classify/run.sh [BUILD_DIR] [SIZE_MIB] [mixed|prose]   (defaults: build, 1024, mixed)
# Prints wall and CPU MB/s and peak RSS for: classify_throughput (the full rule set, streaming in
# 8 MiB blocks, validation, masking and hashing of every finding; the same path as
# `leakwatch classify -` without the findings cap), ripgrep -j1 with the same patterns
# (bench/classify/rg_patterns.txt: the Vectorscan rules plus the naive digit regexes that the
# digit-run scanner replaces; counting matching lines only, no validation), and ripgrep with one
# literal as a floor for reading the file.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
size=${2:-1024}
dir=/tmp/lw_classify_bench
mode=${3:-mixed}
corpus=$dir/${mode}_${size}m.txt
mkdir -p "$dir"
[ -f "$corpus" ] || python3 "$here/gen_corpus.py" "$corpus" "$size" "$mode"
bytes=$(stat -c %s "$corpus")
cat "$corpus" > /dev/null  # warm the page cache for every contender

measure() {  # name, command...
  name=$1; shift
  /usr/bin/time -v "$@" > "$dir/$name.out" 2> "$dir/$name.time"
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$dir/$name.time")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$dir/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/$name.time")
  awk -v n="$name" -v b="$bytes" -v s="$secs" -v c="$cpu" -v r="$rss" \
    'BEGIN { printf "%-24s wall %7.2f s %8.1f MB/s | cpu %7.2f s %8.1f MB/s | peak RSS %7.1f MiB\n", n, s, b/s/1e6, c, b/c/1e6, r/1024 }'
}

echo "corpus: $corpus ($bytes bytes); cpu:$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure classify_throughput taskset -c 0 "$build/bench/classify/classify_throughput" "$corpus"
measure ripgrep_same_patterns taskset -c 0 rg -j1 --no-mmap -c -f "$here/rg_patterns.txt" "$corpus"
measure ripgrep_one_literal taskset -c 0 rg -j1 --no-mmap -c -F 'AKIA' "$corpus"
head -1 "$dir/classify_throughput.out"
