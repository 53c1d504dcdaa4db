# InfluxDB 1.x (Debian influxdb 1.6): sourced by scripts/lab, see lab/README.md.
#   open    127.0.2.40:8086  auth-enabled = false                       -> open
#   secured 127.0.2.41:8086  auth-enabled = true, an admin, same data    -> auth_required
SVC_NEEDS=(influxd curl)

influx_version() { influxd version 2>/dev/null | sed -n 's/^InfluxDB v\([^ ]*\).*/\1/p'; }

influx_instance() {  # instance ip auth
  local instance="$1" ip="$2" auth="$3" conf data
  conf="$(lab_conf_dir)/$instance.conf"
  data="$(lab_data_dir "$instance")"
  cat >"$conf" <<CONF
reporting-disabled = true
bind-address = "$ip:8088"
[meta]
  dir = "$data/meta"
[data]
  dir = "$data/data"
  wal-dir = "$data/wal"
  query-log-enabled = false
[http]
  enabled = true
  bind-address = "$ip:8086"
  auth-enabled = $auth
  log-enabled = false
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
CONF
  lab_spawn "$instance" influxd -config "$conf" || return 1
  lab_wait_port "$instance" "$ip" 8086 60 || return 1
}

influx_seed() {  # ip [user password]
  local c=(curl -sf --max-time 10)
  [[ -n "${2:-}" ]] && c+=(--user "$2:$3")
  "${c[@]}" -XPOST "http://$1:8086/query" --data-urlencode 'q=CREATE DATABASE telemetry' >/dev/null || return 1
  "${c[@]}" -XPOST "http://$1:8086/write?db=telemetry" --data-binary \
'logins,host=web01 user="test.person@example.invalid",ssn="078-05-1120" 1700000000000000000
logins,host=web02 user="test.person2@example.invalid",key="AKIAIOSFODNN7EXAMPLE" 1700000001000000000' >/dev/null || return 1
}

svc_up() {
  local v; v="$(influx_version)"
  influx_instance open 127.0.2.40 false || return 1
  influx_seed 127.0.2.40 || return 1
  lab_truth 127.0.2.40 8086 influxdb influxdb "$v" open
  influx_instance secured 127.0.2.41 true || return 1
  # The first admin may be created without credentials; afterwards every query needs them.
  curl -sf --max-time 10 -XPOST http://127.0.2.41:8086/query \
    --data-urlencode "q=CREATE USER admin WITH PASSWORD 'lab-influx-not-real' WITH ALL PRIVILEGES" >/dev/null 2>&1 || true
  influx_seed 127.0.2.41 admin lab-influx-not-real || return 1
  # /ping names the version even with auth on.
  lab_truth 127.0.2.41 8086 influxdb influxdb "$v" auth_required
}
