# rsync daemon (Debian rsync): sourced by scripts/lab, see lab/README.md.
#   open    127.0.3.18:873  module "backups" readable without credentials (fake files),
#                           module "private" with auth users
#   secured 127.0.3.19:873  the same two modules, both with auth users
# The registered rsync probe reads the module list (names only: identity), then the engine
# runs one RsyncModuleProbe per module on its own connection (src/probes/rsync/README.md):
# open if a module lists files without credentials, auth_required if every module demands them.
# "backups" holds the deployment-like tree (deployed_files.py tree: about 1,000 ordinary files,
# SSNs, cards and SF-86 text in their own folders). The module probe reads the files the
# sampler chooses with rsync's own transfer protocol (a receiver without basis files), so the
# open instance's truth lists the tree's planted categories.
SVC_NEEDS=(rsync python3)

rsync_instance() {  # instance ip open-module-has-auth(yes|no)
  local instance="$1" ip="$2" locked="$3" data conf secrets
  data="$(lab_data_dir "$instance")"
  mkdir -p "$data/backups" "$data/private"
  python3 "$LAB_DATA_SRC/deployed_files.py" tree "$data/backups" || return 1
  printf 'LAB FAKE DATA: UNCLASSIFIED//FOUO test memo\n' >"$data/backups/README.txt"
  printf 'LAB FAKE DATA: private\n' >"$data/private/secret.txt"
  chmod -R a+rX "$data"
  secrets="$(lab_conf_dir)/$instance.secrets"
  printf 'alice:lab-rsync-password-not-real\n' >"$secrets"
  chmod 600 "$secrets"
  conf="$(lab_conf_dir)/$instance.conf"
  cat >"$conf" <<CONF
address = $ip
port = 873
use chroot = no
uid = nobody
gid = nogroup
pid file = $data/rsyncd.pid
[backups]
  path = $data/backups
  comment = nightly backups (LAB FAKE)
  read only = yes
$([[ $locked == yes ]] && printf '  auth users = alice\n  secrets file = %s\n' "$secrets")
[private]
  path = $data/private
  comment = private share
  read only = yes
  auth users = alice
  secrets file = $secrets
CONF
  lab_spawn "$instance" rsync --daemon --no-detach --config="$conf" || return 1
  lab_wait_port "$instance" "$ip" 873 30 || return 1
}

svc_up() {
  rsync_instance open 127.0.3.18 no || return 1
  lab_truth 127.0.3.18 873 rsync rsync "3.2+" open \
    "$(python3 "$LAB_DATA_SRC/deployed_files.py" categories tree)"
  rsync_instance secured 127.0.3.19 yes || return 1
  lab_truth 127.0.3.19 873 rsync rsync "3.2+" auth_required
}
