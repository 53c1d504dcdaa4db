#!/usr/bin/env bash
# The probe scaffold produces a folder that compiles against the project's headers and whose
# test links and passes.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?build dir}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$top/scripts/new-probe" sample_store 4242 --out "$work/probes/sample_store"
# The generated files include "probes/sample_store/...", so put the folder on an include path.
inc=(-I "$top/src" -I "$work")
for f in "$work"/probes/sample_store/*.cpp; do
  c++ -std=c++20 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror "${inc[@]}" -c "$f" -o "$f.o"
done
c++ "$work"/probes/sample_store/*.o "$build/src/core/liblw_core.a" -lgtest -lgtest_main -pthread -o "$work/t"
"$work/t"
