# PostgreSQL (Debian postgresql): sourced by scripts/lab, see lab/README.md.
#   open    127.0.1.11:5432  pg_hba trust for everyone              -> open
#   secured 127.0.1.12:5432  scram-sha-256 password, same data      -> auth_required
#   deployed 127.0.1.13:5432 trust; `postgres` holds nothing, the data is in database `appdb`:
#                            big ordinary tables in public, `hr.personnel` (ssn column) and
#                            `billing.payment_methods` in second schemas
#                            (deployed_data.py postgresql)           -> open + categories
# The server refuses to run as root: as root it runs as the `postgres` system user.
SVC_NEEDS=(psql pg_isready python3)

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }
pg_user() { if [[ "$(id -u)" == 0 ]]; then echo postgres; else id -un; fi; }

pg_instance() {  # instance ip auth [seed|deployed]
  local instance="$1" ip="$2" auth="$3" mode="${4:-seed}" bin data user sock
  bin="$(pg_bin)"; user="$(pg_user)"
  [[ -x "$bin/postgres" ]] || { echo "postgres binary not found" >&2; return 1; }
  data="$(lab_data_dir "$instance")/pgdata"
  sock="$(lab_data_dir "$instance")/sock"
  mkdir -p "$sock"
  if [[ ! -s "$data/PG_VERSION" ]]; then
    rm -rf "$data"; mkdir -p "$data"
    local pw; pw="$(lab_conf_dir)/$instance.pw"
    echo "lab-secret-not-real" >"$pw"
    [[ "$(id -u)" == 0 ]] && chown -R "$user" "$(dirname "$data")" "$pw"
    chmod 700 "$data"
    lab_as "$user" "$bin/initdb" -D "$data" -U postgres --auth="$auth" --pwfile="$pw" \
      >"$(lab_log "$instance-initdb")" 2>&1 || { tail "$(lab_log "$instance-initdb")" >&2; return 1; }
  fi
  [[ "$(id -u)" == 0 ]] && chown -R "$user" "$(dirname "$data")"
  lab_spawn_as "$user" "$instance" "$bin/postgres" -D "$data" -c "listen_addresses=$ip" \
    -c port=5432 -c "unix_socket_directories=$sock" -c fsync=off || return 1
  lab_wait_port "$instance" "$ip" 5432 60 || return 1
  # The port accepts while the server still starts up: poll pg_isready (bounded, 60 s).
  local i
  for ((i = 0; i < 300; i++)); do
    pg_isready -q -h "$ip" -p 5432 -t 1 && break
    sleep 0.2
  done
  pg_isready -q -h "$ip" -p 5432 -t 1 || { echo "postgres on $ip not ready" >&2; return 1; }
  if [[ "$mode" == deployed ]]; then
    PGCONNECT_TIMEOUT=10 psql -q -h "$ip" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='appdb'" | grep -q 1 ||
      psql -q -h "$ip" -U postgres -d postgres -c "CREATE DATABASE appdb" >/dev/null || return 1
    python3 "$LAB_DATA_SRC/deployed_data.py" postgresql |
      PGOPTIONS="-c client_min_messages=warning" PGCONNECT_TIMEOUT=10 psql -q -h "$ip" \
        -U postgres -d appdb -v ON_ERROR_STOP=1 >/dev/null || return 1
    return 0
  fi
  PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=lab-secret-not-real PGCONNECT_TIMEOUT=10 psql -q -h "$ip" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -f "$LAB_DATA_SRC/postgresql_seed.sql" >/dev/null || return 1
  PGPASSWORD=lab-secret-not-real psql -q -h "$ip" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='hr'" | grep -q 1 ||
    PGPASSWORD=lab-secret-not-real psql -q -h "$ip" -U postgres -d postgres -c "CREATE DATABASE hr" \
      >/dev/null
}

pg_version() { "$(pg_bin)/postgres" --version | awk '{print $3}'; }

svc_up() {
  local v; v="$(pg_version)"
  pg_instance open 127.0.1.11 trust || return 1
  lab_truth 127.0.1.11 5432 postgresql postgresql "$v" open
  pg_instance secured 127.0.1.12 scram-sha-256 || return 1
  lab_truth 127.0.1.12 5432 postgresql postgresql "" auth_required
  pg_instance deployed 127.0.1.13 trust deployed || return 1
  lab_truth 127.0.1.13 5432 postgresql postgresql "$v" open \
    "$(python3 "$LAB_DATA_SRC/deployed_data.py" categories postgresql)"
}
