# ZooKeeper (Debian zookeeper/zookeeperd 3.8): sourced by scripts/lab, see lab/README.md.
#   open    127.0.1.41:2181  znodes with the world ACL (anyone reads)              -> open
#   secured 127.0.1.42:2181  same znodes, digest ACL only (the root still lists)    -> auth_required
#   deployed 127.0.1.43:2181 ~300 ordinary znodes; the data znodes three levels down under
#                            names that vary (deployed_data.py zookeeper) -> open + categories
# The probe cannot learn the version over the client protocol, so the truth's version is "".
SVC_NEEDS=(java python3)

zk_instance() {  # instance ip [acl-user] [--deployed]
  local instance="$1" ip="$2" acl="${3:-}" tree="${4:-}" conf data
  conf="$(lab_conf_dir)/$instance.cfg"
  data="$(lab_data_dir "$instance")"
  cat >"$conf" <<CONF
tickTime=2000
initLimit=5
syncLimit=2
dataDir=$data
clientPort=2181
clientPortAddress=$ip
admin.enableServer=false
4lw.commands.whitelist=srvr,ruok
CONF
  [[ -x /usr/share/zookeeper/bin/zkServer.sh ]] || { echo "zookeeper not installed" >&2; return 1; }
  ZOO_LOG_DIR="$(dirname "$(lab_log "$instance")")" ZOOCFGDIR=/etc/zookeeper/conf \
    lab_spawn "$instance" /usr/share/zookeeper/bin/zkServer.sh start-foreground "$conf" || return 1
  lab_wait_port "$instance" "$ip" 2181 60 || return 1
  local args=("$ip" 2181)
  [[ -n "$acl" ]] && args+=(--acl-user "$acl")
  [[ -n "$tree" ]] && args+=("$tree")
  python3 "$LAB_DATA_SRC/zk_seed.py" "${args[@]}"
}

svc_up() {
  zk_instance open 127.0.1.41 || return 1
  lab_truth 127.0.1.41 2181 zookeeper zookeeper "" open
  zk_instance secured 127.0.1.42 "labuser:lab-secret-not-real" || return 1
  lab_truth 127.0.1.42 2181 zookeeper zookeeper "" auth_required
  zk_instance deployed 127.0.1.43 "" --deployed || return 1
  lab_truth 127.0.1.43 2181 zookeeper zookeeper "" open \
    "$(python3 "$LAB_DATA_SRC/deployed_data.py" categories zookeeper)"
}
