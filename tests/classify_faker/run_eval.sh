#!/usr/bin/env bash
# Writes the faker corpus into OUT_DIR and checks the classifier's F1 goals on it.
#   run_eval.sh CLASSIFY_EVAL OUT_DIR [PER_KIND]
set -euo pipefail
eval_tool=${1:?usage: run_eval.sh CLASSIFY_EVAL OUT_DIR [PER_KIND]}
out=${2:?usage: run_eval.sh CLASSIFY_EVAL OUT_DIR [PER_KIND]}
here=$(cd "$(dirname "$0")" && pwd)
[[ -d "$here/node_modules/@faker-js/faker" ]] ||
  { echo "run_eval.sh: $here/node_modules is missing; scripts/setup runs npm ci there" >&2; exit 1; }
node "$here/make_corpus.mjs" "$out" "${3:-200}"
"$eval_tool" --corpus "$out" --check
