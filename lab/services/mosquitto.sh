# MQTT (Debian mosquitto 2.0): sourced by scripts/lab, see lab/README.md.
#   open    127.0.1.51:1883  allow_anonymous true, retained synthetic messages  -> open
#   secured 127.0.1.52:1883  allow_anonymous false + password file, same data    -> auth_required
# The secured broker never shows its version to an anonymous client: truth product "mqtt", "".
SVC_NEEDS=(mosquitto mosquitto_pub mosquitto_passwd)

mqtt_seed() {  # ip [user pass]
  local ip="$1" auth=()
  [[ $# -ge 3 ]] && auth=(-u "$2" -P "$3")
  mosquitto_pub -h "$ip" "${auth[@]}" -r -t crm/customers/1001 \
    -m '{"name":"Test Person","ssn":"078-05-1120","card":"4111 1111 1111 1111"}' || return 1
  mosquitto_pub -h "$ip" "${auth[@]}" -r -t ops/memo \
    -m 'UNCLASSIFIED//FOUO synthetic lab memo: test data only' || return 1
  mosquitto_pub -h "$ip" "${auth[@]}" -r -t ops/config/aws \
    -m 'aws_access_key_id=AKIAIOSFODNN7EXAMPLE' || return 1
}

svc_up() {
  local conf v pw
  v="$(mosquitto -h | sed -n 's/^mosquitto version \([0-9.]*\).*/\1/p')"
  conf="$(lab_conf_dir)"
  cat >"$conf/open.conf" <<CONF
listener 1883 127.0.1.51
allow_anonymous true
persistence false
sys_interval 10
CONF
  pw="$conf/passwd"
  rm -f "$pw"
  mosquitto_passwd -b -c "$pw" labuser lab-secret-not-real >/dev/null 2>&1 || return 1
  chmod 644 "$pw"
  cat >"$conf/secured.conf" <<CONF
listener 1883 127.0.1.52
allow_anonymous false
password_file $pw
persistence false
CONF
  chmod 644 "$conf"/*.conf
  lab_spawn open mosquitto -c "$conf/open.conf" || return 1
  lab_wait_port open 127.0.1.51 1883 30 || return 1
  mqtt_seed 127.0.1.51 || return 1
  lab_truth 127.0.1.51 1883 mqtt mosquitto "$v" open
  lab_spawn secured mosquitto -c "$conf/secured.conf" || return 1
  lab_wait_port secured 127.0.1.52 1883 30 || return 1
  mqtt_seed 127.0.1.52 labuser lab-secret-not-real || return 1
  lab_truth 127.0.1.52 1883 mqtt mqtt "" auth_required
}
