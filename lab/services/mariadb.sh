# MariaDB (Debian mariadb-server): sourced by scripts/lab, see lab/README.md.
#   open    127.0.1.21:3306  root@'%' with an empty password         -> open
#   secured 127.0.1.22:3306  root@'%' with a password, same data     -> auth_required
#   deployed 127.0.1.23:3306 root@'%' with an empty password; the data laid out as deployments
#                            keep it: big ordinary tables in `shop`, 40 small ones in
#                            `ops_archive`, two SSNs in hr.personnel, a card in
#                            ledger.stored_instruments (deployed_data_mq.py mariadb)
#                                                                     -> open + categories
# mariadbd refuses root: as root it runs as the package's `mysql` user.
SVC_NEEDS=(mariadb-install-db mariadb mariadbd)

maria_user() { if [[ "$(id -u)" == 0 ]]; then echo mysql; else id -un; fi; }

maria_instance() {  # instance ip root-password [seed|deployed]
  local instance="$1" ip="$2" pw="$3" mode="${4:-seed}" data sock user
  user="$(maria_user)"
  data="$(lab_data_dir "$instance")/db"
  sock="$(lab_data_dir "$instance")/mysqld.sock"
  if [[ ! -d "$data/mysql" ]]; then
    rm -rf "$data"; mkdir -p "$data"
    [[ "$(id -u)" == 0 ]] && chown -R "$user" "$(dirname "$data")"
    mariadb-install-db --no-defaults --datadir="$data" --user="$user" \
      --auth-root-authentication-method=normal --skip-test-db \
      >"$(lab_log "$instance-install")" 2>&1 || { tail "$(lab_log "$instance-install")" >&2; return 1; }
  fi
  [[ "$(id -u)" == 0 ]] && chown -R "$user" "$(dirname "$data")"
  lab_spawn "$instance" mariadbd --no-defaults --datadir="$data" --socket="$sock" \
    --pid-file="$(dirname "$data")/mariadbd.pid" --bind-address="$ip" --port=3306 \
    --user="$user" --skip-name-resolve --skip-log-bin --innodb-buffer-pool-size=16M || return 1
  lab_wait_port "$instance" "$ip" 3306 60 || return 1
  local q="CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '$pw';
           ALTER USER 'root'@'%' IDENTIFIED BY '$pw';
           GRANT ALL PRIVILEGES ON *.* TO 'root'@'%';
           DELETE FROM mysql.global_priv WHERE User = 'root' AND Host NOT IN ('localhost', '%');
           DELETE FROM mysql.global_priv WHERE User = '';
           FLUSH PRIVILEGES;"
  # Clients on 127.x connect from 127.0.0.1: only root@'%' (and the socket's root@localhost)
  # may remain, or the secured twin would let root@127.0.0.1 in without a password.
  mariadb --no-defaults -S "$sock" -uroot -e "$q" || return 1
  if [[ "$mode" == deployed ]]; then
    python3 "$LAB_DATA_SRC/deployed_data_mq.py" mariadb |
      mariadb --no-defaults -S "$sock" -uroot >/dev/null || return 1
    return 0
  fi
  mariadb --no-defaults -S "$sock" -uroot <"$LAB_DATA_SRC/mariadb_seed.sql" >/dev/null || return 1
}

maria_version() { mariadbd --version | sed -n 's/.*Ver \([0-9.]*\)-MariaDB.*/\1/p'; }

svc_up() {
  local v; v="$(maria_version)"
  maria_instance open 127.0.1.21 "" || return 1
  lab_truth 127.0.1.21 3306 mysql mariadb "$v" open
  maria_instance secured 127.0.1.22 "lab-secret-not-real" || return 1
  lab_truth 127.0.1.22 3306 mysql mariadb "$v" auth_required
  maria_instance deployed 127.0.1.23 "" deployed || return 1
  lab_truth 127.0.1.23 3306 mysql mariadb "$v" open \
    "$(python3 "$LAB_DATA_SRC/deployed_data_mq.py" categories mariadb)"
}
