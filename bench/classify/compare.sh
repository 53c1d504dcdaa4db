#!/bin/sh
# Identical findings check between two builds: compare.sh OLD_DIR NEW_DIR FILE [SLICE_MIB]
# Runs classify_dump of each build over FILE (slices of SLICE_MIB, default 64, each one stream)
# and diffs the JSON lines; prints the count per build and per slice and exits 1 on any
# difference. OLD_DIR and NEW_DIR hold a classify_dump binary (e.g. /tmp/classify-before and
# build-classify/bench/classify).
set -eu
old=$1; new=$2; file=$3; slice=${4:-64}
out=${TMPDIR:-/tmp}/lw_classify_compare
mkdir -p "$out"
name=$(basename "$file")
"$old/classify_dump" "$file" --slice-mib "$slice" > "$out/$name.old.jsonl"
"$new/classify_dump" "$file" --slice-mib "$slice" > "$out/$name.new.jsonl"
echo "$name: old $(wc -l < "$out/$name.old.jsonl") findings, new $(wc -l < "$out/$name.new.jsonl")"
if cmp -s "$out/$name.old.jsonl" "$out/$name.new.jsonl"; then
  echo "$name: identical"
  exit 0
fi
echo "$name: DIFFERENT; differing lines per slice (old <, new >):"
diff "$out/$name.old.jsonl" "$out/$name.new.jsonl" | grep '^[<>]' |
  sed -E 's/^([<>]) \{"slice":([0-9]+),"detector":"([^"]*)".*/\2 \1 \3/' | sort | uniq -c | head -40
exit 1
