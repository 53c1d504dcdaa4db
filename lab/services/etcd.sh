# etcd v3 (Debian etcd-server 3.4): sourced by scripts/lab, see lab/README.md.
#   open    127.0.2.10:2379  no auth                                 -> open
#   secured 127.0.2.11:2379  auth enabled (root user), same keys      -> auth_required
SVC_NEEDS=(etcd etcdctl)

etcd_version() { etcd --version | sed -n 's/^etcd Version: //p'; }

etcd_instance() {  # instance ip
  local instance="$1" ip="$2" data
  data="$(lab_data_dir "$instance")"
  lab_spawn "$instance" etcd --name "$instance" --data-dir "$data/member" \
    --listen-client-urls "http://$ip:2379" --advertise-client-urls "http://$ip:2379" \
    --listen-peer-urls "http://$ip:2380" --initial-advertise-peer-urls "http://$ip:2380" \
    --initial-cluster "$instance=http://$ip:2380" --log-level warn || return 1
  lab_wait_port "$instance" "$ip" 2379 30 || return 1
}

etcd_seed() {  # ip [user:password]
  local ip="$1" user=()
  [[ -n "${2:-}" ]] && user=(--user "$2")
  local e=(env ETCDCTL_API=3 etcdctl --endpoints "http://$ip:2379" --dial-timeout 5s --command-timeout 5s "${user[@]}")
  "${e[@]}" put /app/config/db_password 'lab-fake-password-not-real' >/dev/null || return 1
  "${e[@]}" put /app/config/aws_access_key_id 'AKIAIOSFODNN7EXAMPLE' >/dev/null || return 1
  "${e[@]}" put /app/users/17 '{"name":"Test Person","ssn":"078-05-1120","card":"4111 1111 1111 1111"}' >/dev/null || return 1
}

svc_up() {
  local v; v="$(etcd_version)"
  etcd_instance open 127.0.2.10 || return 1
  etcd_seed 127.0.2.10 || return 1
  lab_truth 127.0.2.10 2379 etcd etcd "$v" open
  etcd_instance secured 127.0.2.11 || return 1
  local e=(env ETCDCTL_API=3 etcdctl --endpoints http://127.0.2.11:2379 --dial-timeout 5s --command-timeout 5s)
  # A read without credentials works only while auth is off: then seed, create the root user
  # and enable auth. Once secured (an earlier up), seed as root.
  if "${e[@]}" get --keys-only --limit 1 /app >/dev/null 2>&1; then
    etcd_seed 127.0.2.11 || return 1
    "${e[@]}" user add root:lab-etcd-root-not-real >/dev/null 2>&1 || true
    "${e[@]}" role add root >/dev/null 2>&1 || true
    "${e[@]}" user grant-role root root >/dev/null 2>&1 || true
    "${e[@]}" auth enable >/dev/null || return 1
  else
    etcd_seed 127.0.2.11 root:lab-etcd-root-not-real || return 1
  fi
  # /version stays public on a secured etcd: the probe reads the version there too.
  lab_truth 127.0.2.11 2379 etcd etcd "$v" auth_required
}
