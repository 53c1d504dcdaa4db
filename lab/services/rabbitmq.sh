# RabbitMQ (Debian rabbitmq-server 3.10, Erlang 25): sourced by scripts/lab, see lab/README.md.
#   amqp        127.0.1.81:5672   AMQP 0-9-1; the stock guest/guest account     -> auth_required
#   management  127.0.1.81:15672  management HTTP API (rabbitmq_management)     -> auth_required
# One node serves both ports. The verdicts are those of a default scan (no --default-credentials):
# AMQP demands SASL credentials (Connection.Start lists PLAIN/AMQPLAIN, no anonymous mechanism)
# and the management API answers 401 without them. With --default-credentials both become `open`
# (evidence default_credentials): RabbitMQ lets guest log in from loopback only, which is where
# the lab runs. AMQP tells its version before any login, the management API does not (truth "").
# The node: its own NODENAME, mnesia/log/config dirs under $LW_LAB_DIR, epmd (own port) and the
# Erlang distribution port bound to 127.0.0.1, vhost "lab" with three queues holding synthetic
# messages (declared and published through the management API by rabbitmq_seed.py, here only).
SVC_NEEDS=(python3 epmd)

RABBITMQ_LAB_IP=127.0.1.81
RABBITMQ_LAB_EPMD_PORT=4381
RABBITMQ_LAB_DIST_PORT=25681
RABBITMQ_LAB_BIN=/usr/lib/rabbitmq/bin

rabbitmq_version() {
  local d
  for d in /usr/lib/rabbitmq/lib/rabbitmq_server-*/plugins/rabbit-[0-9]*; do
    [[ -d "$d" ]] && echo "${d##*/rabbit-}" && return 0
  done
}

svc_up() {
  [[ -x "$RABBITMQ_LAB_BIN/rabbitmq-server" ]] || {
    echo "rabbitmq-server not installed (scripts/packages/probes-databases.txt)" >&2
    return 1
  }
  local conf data ip="$RABBITMQ_LAB_IP" v
  conf="$(lab_conf_dir)"
  data="$(lab_data_dir node)"
  v="$(rabbitmq_version)"
  cat >"$conf/rabbitmq.conf" <<CONF
listeners.tcp.1 = $ip:5672
management.tcp.ip = $ip
management.tcp.port = 15672
loopback_users.guest = true
log.file.level = info
log.console = false
CONF
  echo '[rabbitmq_management].' >"$conf/enabled_plugins"
  # The node and its CLI tools share these; epmd is the lab's own (not the system's), on its own
  # port, started first so Erlang never daemonizes one behind the lab's back.
  export ERL_EPMD_PORT="$RABBITMQ_LAB_EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1
  export HOME="$data" RABBITMQ_NODENAME=lwlab81@localhost
  export RABBITMQ_CONFIG_FILE="$conf/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$conf/enabled_plugins"
  export RABBITMQ_MNESIA_BASE="$data/mnesia" RABBITMQ_LOG_BASE="$data/log"
  export RABBITMQ_PLUGINS_EXPAND_DIR="$data/plugins-expand"
  export RABBITMQ_DIST_PORT="$RABBITMQ_LAB_DIST_PORT"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_CTL_ERL_ARGS="-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}"
  lab_spawn epmd epmd -address 127.0.0.1 -port "$RABBITMQ_LAB_EPMD_PORT" || return 1
  lab_wait_port epmd 127.0.0.1 "$RABBITMQ_LAB_EPMD_PORT" 15 || return 1
  lab_spawn node "$RABBITMQ_LAB_BIN/rabbitmq-server" || return 1
  # Erlang boots slowly on a loaded machine: bounded waits, AMQP first, then the plugin's HTTP.
  lab_wait_port amqp "$ip" 5672 180 || return 1
  lab_wait_port management "$ip" 15672 120 || return 1
  python3 "$LAB_DATA_SRC/rabbitmq_seed.py" "$ip" 15672 || return 1
  lab_truth "$ip" 5672 rabbitmq rabbitmq "$v" auth_required
  lab_truth "$ip" 15672 rabbitmq rabbitmq "" auth_required
}
