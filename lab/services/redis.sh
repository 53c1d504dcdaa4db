# Redis (Debian redis-server): sourced by scripts/lab, see lab/README.md.
#   open    127.0.1.1:6379  no password, protected-mode off      -> open
#   secured 127.0.1.2:6379  requirepass (same data)               -> auth_required
#   altport 127.0.1.3:7379  no password on a non-default port     -> open
#   deployed 127.0.1.6:6379 laid out as a real deployment: ~1,250 ordinary keys in db 0, the
#                           sensitive ones (SSNs, cards, an SF-86-like text) in db 3 among 40
#                           ordinary audit keys (deployed_data.py redis)  -> open + categories
#   empty   127.0.1.7:6379  no password, no keys                           -> open (an empty
#                           unauthenticated store is open with evidence `access`)
SVC_NEEDS=(redis-server redis-cli)

redis_version() { redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p'; }

redis_instance() {  # instance ip port extra-config
  local instance="$1" ip="$2" port="$3" extra="$4" conf data
  conf="$(lab_conf_dir)/$instance.conf"
  data="$(lab_data_dir "$instance")"
  cat >"$conf" <<CONF
bind $ip
port $port
dir $data
daemonize no
save ""
appendonly no
protected-mode no
$extra
CONF
  lab_spawn "$instance" redis-server "$conf" || return 1
  lab_wait_port "$instance" "$ip" "$port" 30 || return 1
  # Seed through redis-cli; the secured twin gets the same data.
  local auth=()
  [[ -n "$extra" ]] && auth=(--no-auth-warning -a lab-secret-not-real)
  redis-cli -h "$ip" -p "$port" "${auth[@]}" FLUSHALL >/dev/null || return 1
  case "${5:-seed}" in
    seed) redis-cli -h "$ip" -p "$port" "${auth[@]}" <"$LAB_DATA_SRC/redis_seed.redis" >/dev/null ||
      return 1 ;;
    deployed) python3 "$LAB_DATA_SRC/deployed_data.py" redis |
      redis-cli -h "$ip" -p "$port" --pipe >/dev/null || return 1 ;;
    empty) ;;
  esac
}

svc_up() {
  local v; v="$(redis_version)"
  redis_instance open 127.0.1.1 6379 "" || return 1
  lab_truth 127.0.1.1 6379 redis redis "$v" open
  redis_instance secured 127.0.1.2 6379 "requirepass lab-secret-not-real" || return 1
  lab_truth 127.0.1.2 6379 redis redis "" auth_required
  redis_instance altport 127.0.1.3 7379 "" || return 1
  lab_truth 127.0.1.3 7379 redis redis "$v" open
  redis_instance deployed 127.0.1.6 6379 "" deployed || return 1
  lab_truth 127.0.1.6 6379 redis redis "$v" open \
    "$(python3 "$LAB_DATA_SRC/deployed_data.py" categories redis)"
  redis_instance empty 127.0.1.7 6379 "" empty || return 1
  lab_truth 127.0.1.7 6379 redis redis "$v" open
}
