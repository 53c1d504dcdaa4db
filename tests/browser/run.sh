#!/usr/bin/env bash
# The dashboard in a real browser (docs/dashboard.md "Tests"): starts a handful of lab services,
# `leakwatch serve` watching them with its API and the built dashboard, a viewer and a responder
# token, waits for lab data (open incidents, a compromised store, one exposure fixed), then runs
# dashboard.test.mjs: playwright-core driving Debian's chromium, headless. Screenshots of every
# page go to $LW_ARTIFACT_DIR (default BUILD_DIR/test-artifacts/browser).
# usage: run.sh [BUILD_DIR]    exit 0 pass, 1 fail, 77 skip (no chromium)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
lw=$build/leakwatch
chromium=${LW_CHROMIUM:-/usr/bin/chromium}
artifacts=${LW_ARTIFACT_DIR:-$build/test-artifacts/browser}
say() { echo "browser test: $*" >&2; }

if [ ! -x "$chromium" ]; then
  say "SKIP: no chromium at $chromium (scripts/setup installs Debian's chromium)"
  exit 77
fi
for need in node curl python3 redis-cli; do
  command -v "$need" >/dev/null || { say "$need is missing: run scripts/setup"; exit 1; }
done
[ -x "$lw" ] || { say "no leakwatch binary at $lw: build first"; exit 1; }
[ -f "$build/web/index.html" ] || {
  say "no dashboard in $build/web: scripts/setup (npm ci in web/), then cmake --build"
  exit 1
}
[ -f "$here/node_modules/playwright-core/package.json" ] || {
  say "no playwright-core in $here/node_modules: run scripts/setup"
  exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/leakwatch-browser.XXXXXX")
chmod 755 "$work"  # lab servers running as their own users reach their folders through it
export LW_LAB_DIR=$work/lab
serve_pid=""
node_pid=""
cleanup() {
  local pid
  # The test writes the browser's pid; Playwright starts it as its own process group.
  if [ -s "$work/browser.pid" ]; then
    pid=$(cat "$work/browser.pid")
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  fi
  for pid in $node_pid $serve_pid; do
    kill -TERM -- "-$pid" 2>/dev/null
  done
  for pid in $node_pid $serve_pid; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null
  done
  "$top/scripts/lab" down >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Open and secured twins across families: key-value, cache, document, search (replayed),
# relational, object storage, and a Redis wiped for ransom.
services=(redis ransomed memcached mongodb elasticsearch postgresql s3)
if ! timeout 240 "$top/scripts/lab" up "${services[@]}" 2>"$work/lab.log"; then
  tail -20 "$work/lab.log" >&2
  say "the lab did not start"
  exit 1
fi

cat >"$work/serve.yaml" <<YAML
catalog: $work/catalog.db
log_format: json
scheduling:
  open_rescan: 10s
  changed_rescan: 10s
grouping:
  group_wait: 0s
  group_interval: 0s
assets:
  - name: databases
    targets: [127.0.1.1-127.0.1.13]
    owner: Data team
    contacts: [data-team@example.test]
    ports: [5432, 6379, 7379, 11211]
    cadence: 10s
  - name: documents
    targets: [127.0.1.31-127.0.1.33, 127.0.2.70, 127.0.2.71, 127.0.2.84]
    owner: Search team
    ports: [9200, 27017]
    cadence: 10s
  - name: storage
    targets: [127.0.3.12, 127.0.3.13, 127.0.3.27]
    owner: Platform team
    ports: [9000]
    cadence: 10s
rules:
  - name: open-store
    kind: open_database
  - name: personal-data
    kind: sensitive_data
  - name: ransomed
    kind: compromised
api:
  listen: 127.0.0.1:0
  web_root: $build/web
YAML
setsid "$lw" serve --config "$work/serve.yaml" >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!

# Bounded polls: every one gives up after its deadline and says what it waited for.
wait_for() {  # SECONDS WHAT COMMAND...
  local seconds=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@"; do
    if ! kill -0 "$serve_pid" 2>/dev/null; then
      tail -20 "$work/serve.err" >&2
      say "leakwatch serve exited while waiting for $what"
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "gave up after ${seconds}s waiting for $what"
      tail -5 "$work/serve.err" >&2
      exit 1
    fi
    sleep 1
  done
}

listening() { grep -q 'api listening on http://127.0.0.1:[0-9]*' "$work/serve.err"; }
wait_for 30 "the API to listen" listening
port=$(sed -n 's/.*api listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.err" | head -1)
base=http://127.0.0.1:$port

token() {  # NAME ROLE
  "$lw" token create --name "$1" --role "$2" --db "$work/catalog.db" 2>/dev/null | grep -o 'lw_[A-Za-z0-9_-]*'
}
viewer=$(token dashboard-viewer viewer) && responder=$(token dashboard-responder responder) &&
  revocable=$(token dashboard-revoked viewer) || { say "leakwatch token create failed"; exit 1; }

api() {  # PATH -> the body on stdout
  curl -sf --max-time 5 -H "Authorization: Bearer $viewer" "$base$1"
}
count_incidents() {  # STATE -> how many (of the first 100)
  api "/api/v1/incidents?state=$1&limit=100" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))' 2>/dev/null || echo 0
}
has_open_incidents() { [ "$(count_incidents open)" -ge 5 ]; }
wait_for 120 "open incidents from the first sweeps" has_open_incidents

# One exposure fixed the way an owner would: the empty Redis at 127.0.1.7 gets a password, the
# daemon's rescan finds it secured and remediates its incident (MTTR needs one).
redis-cli -h 127.0.1.7 -p 6379 CONFIG SET requirepass lab-secret-not-real >/dev/null ||
  { say "could not secure 127.0.1.7:6379"; exit 1; }
has_remediated() { [ "$(count_incidents remediated)" -ge 1 ]; }
wait_for 90 "the incident of 127.0.1.7:6379 to be remediated" has_remediated
has_compromised() {
  api "/api/v1/overview?days=1" |
    python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["compromised"]["count"] >= 1 else 1)' 2>/dev/null
}
wait_for 60 "a compromised store in the overview" has_compromised

mkdir -p "$artifacts"
rm -f "$artifacts"/*.png
mkdir -p "$work/tmp"
# Playwright keeps the browser's profile in TMPDIR: inside $work, removed on exit.
LW_BASE_URL=$base LW_VIEWER_TOKEN=$viewer LW_RESPONDER_TOKEN=$responder \
  LW_REVOCABLE_TOKEN=$revocable LW_BIN=$lw LW_CATALOG=$work/catalog.db \
  LW_CHROMIUM=$chromium LW_ARTIFACT_DIR=$artifacts LW_BROWSER_PID_FILE=$work/browser.pid \
  TMPDIR=$work/tmp setsid timeout -k 5 180 node "$here/dashboard.test.mjs" &
node_pid=$!
wait "$node_pid"
status=$?
node_pid=""
if [ "$status" -ne 0 ]; then
  say "failed (node exited $status); the daemon's last log lines:"
  tail -5 "$work/serve.err" >&2
  exit 1
fi
say "passed; screenshots in $artifacts"
exit 0
