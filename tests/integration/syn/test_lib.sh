# Sourced by the SYN discovery tests (after fleet_netns.sh): what each of them checks first, how
# each records a check, and the fleet's listeners.

# need_root_and TOOL...: root (for network namespaces) and every tool, or exit 1 naming it.
need_root_and() {
  [ "$(id -u)" = 0 ] || { echo "FAIL: needs root for network namespaces" >&2; exit 1; }
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool missing (scripts/packages)" >&2; exit 1; }
  done
}

failures=0
check() {  # check NAME CONDITION-RESULT DETAIL
  if [ "$2" = 0 ]; then echo "ok   $1"; else echo "FAIL $1: $3"; failures=$((failures + 1)); fi
}

# start_listener PORTS SECONDS LOG: fleet_listener.py in the fleet's namespace for SECONDS;
# waits (5 s at most) until it says ready, else exits 1.
start_listener() {
  in_f python3 "$(dirname "${BASH_SOURCE[0]}")/fleet_listener.py" "$1" "$2" >"$3" 2>&1 &
  for _ in $(seq 100); do grep -q ready "$3" 2>/dev/null && return 0; sleep 0.05; done
  echo "FAIL: fleet listener on $1 did not start" >&2
  exit 1
}
