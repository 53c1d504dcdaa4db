# ClickHouse HTTP interface (Debian clickhouse-server 18.16): sourced by scripts/lab.
#   open    127.0.2.30:8123  default user without a password        -> open
#   secured 127.0.2.31:8123  default user with a password, same data -> auth_required
# (native protocol on :9000 of the same addresses; not probed.)
SVC_NEEDS=(clickhouse-server curl)

ch_version() { dpkg-query -W -f='${Version}' clickhouse-server 2>/dev/null | sed 's/[+~-].*//'; }

ch_instance() {  # instance ip password
  local instance="$1" ip="$2" password="$3" conf data
  conf="$(lab_conf_dir)/$instance"
  data="$(lab_data_dir "$instance")"
  mkdir -p "$conf"
  cat >"$conf/config.xml" <<CONF
<yandex>
  <logger><level>warning</level><log>$data/server.log</log><errorlog>$data/server.err.log</errorlog></logger>
  <http_port>8123</http_port>
  <tcp_port>9000</tcp_port>
  <listen_host>$ip</listen_host>
  <path>$data/db/</path>
  <tmp_path>$data/tmp/</tmp_path>
  <user_files_path>$data/user_files/</user_files_path>
  <users_config>$conf/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
</yandex>
CONF
  cat >"$conf/users.xml" <<CONF
<yandex>
  <profiles><default><max_memory_usage>1000000000</max_memory_usage></default></profiles>
  <users><default><password>$password</password><networks><ip>127.0.0.0/8</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
CONF
  lab_spawn "$instance" clickhouse-server --config-file="$conf/config.xml" || return 1
  lab_wait_port "$instance" "$ip" 8123 60 || return 1
}

ch_seed() {  # ip password
  local q=(curl -sf --max-time 20 "http://$1:8123/" --user "default:$2" --data-binary)
  "${q[@]}" "CREATE DATABASE IF NOT EXISTS shop" >/dev/null || return 1
  "${q[@]}" "DROP TABLE IF EXISTS shop.customers" >/dev/null || return 1
  "${q[@]}" "CREATE TABLE shop.customers (id UInt32, name String, ssn String, card String) ENGINE = MergeTree ORDER BY id" >/dev/null || return 1
  "${q[@]}" "INSERT INTO shop.customers VALUES (1,'Test Person','078-05-1120','4111 1111 1111 1111'),(2,'Test Person Two','078-05-1120','4111 1111 1111 1111')" >/dev/null || return 1
  "${q[@]}" "DROP TABLE IF EXISTS shop.events" >/dev/null || return 1
  "${q[@]}" "CREATE TABLE shop.events (ts DateTime, msg String) ENGINE = Log" >/dev/null || return 1
  "${q[@]}" "INSERT INTO shop.events VALUES (now(),'login test.person@example.invalid key AKIAIOSFODNN7EXAMPLE')" >/dev/null || return 1
}

svc_up() {
  local v; v="$(ch_version)"
  ch_instance open 127.0.2.30 "" || return 1
  ch_seed 127.0.2.30 "" || return 1
  lab_truth 127.0.2.30 8123 clickhouse clickhouse "$v" open
  ch_instance secured 127.0.2.31 lab-clickhouse-not-real || return 1
  ch_seed 127.0.2.31 lab-clickhouse-not-real || return 1
  lab_truth 127.0.2.31 8123 clickhouse clickhouse "" auth_required
}
