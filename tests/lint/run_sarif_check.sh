#!/bin/sh
# ctest lint-sarif: run the lint driver with --format sarif over the lint test data and
# validate every output against the SARIF 2.1.0 schema.
#   run_sarif_check.sh LINT_CLI TESTDATA_DIR OUT_DIR
set -u
cli=$1
data=$2
out=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
status=0
run() {  # name, paths...
  name=$1
  shift
  "$cli" lint --format sarif "$@" > "$out/$name.sarif" 2> "$out/$name.stderr"
  rc=$?
  # 0 (clean) and 1 (findings) are results; anything else is a failure of the tool.
  if [ "$rc" -gt 1 ]; then
    echo "FAIL: $name: lint exited $rc" >&2
    cat "$out/$name.stderr" >&2
    status=1
  fi
  # Only the errors run names files that cannot be checked.
  if [ "$name" != errors ] && [ -s "$out/$name.stderr" ]; then
    echo "FAIL: $name: unexpected messages:" >&2
    cat "$out/$name.stderr" >&2
    status=1
  fi
}
# Every rule fixture (many results), the Debian defaults (no results), unreadable/binary/
# malformed files (tool execution notifications), and relative paths (uriBaseId).
run findings "$data/redis" "$data/mongodb" "$data/elasticsearch" "$data/opensearch" \
  "$data/kibana" "$data/postgres" "$data/mysql" "$data/memcached" "$data/etcd" \
  "$data/clickhouse" "$data/influxdb" "$data/zookeeper" "$data/docker" "$data/nginx" \
  "$data/vsftpd" "$data/dovecot" "$data/arm" "$data/terraform" "$data/k8s"
run clean "$data/debian"
run errors "$data/bad" "$data/does-not-exist"
(cd "$data" && "$cli" lint --format sarif redis arm > "$out/relative.sarif")
[ $status -eq 0 ] || exit $status
exec node "$here/validate_sarif.mjs" "$out/findings.sarif" "$out/clean.sarif" \
  "$out/errors.sarif" "$out/relative.sarif"
