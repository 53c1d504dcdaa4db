# A Redis wiped by a ransom campaign (Debian redis-server): sourced by scripts/lab, see
# lab/README.md.
#   ransomed 127.0.1.9:6379  no password; the data was "wiped" and replaced by the campaign's
#                            note: a key READ_ME_TO_RECOVER_YOUR_DATA holding a demand with a
#                            bitcoin address and a contact mailbox (both made up), beside two
#                            ordinary keys -> open, `compromised: true` (truth category
#                            "compromised", checked by scripts/compare-truth)
SVC_NEEDS=(redis-server redis-cli)

svc_up() {
  local v conf data
  v="$(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')"
  conf="$(lab_conf_dir)/ransomed.conf"
  data="$(lab_data_dir ransomed)"
  cat >"$conf" <<CONF
bind 127.0.1.9
port 6379
dir $data
daemonize no
save ""
appendonly no
protected-mode no
CONF
  lab_spawn ransomed redis-server "$conf" || return 1
  lab_wait_port ransomed 127.0.1.9 6379 30 || return 1
  redis-cli -h 127.0.1.9 -p 6379 FLUSHALL >/dev/null || return 1
  redis-cli -h 127.0.1.9 -p 6379 SET READ_ME_TO_RECOVER_YOUR_DATA \
    "All your data is backed up. You must pay 0.015 BTC to 1Lw9TestAddrXyzABCdefGHJKmnpQRstu in 48 hours to recover it. After paying write to recover.lab@example.net with your server IP." \
    >/dev/null || return 1
  redis-cli -h 127.0.1.9 -p 6379 SET app:config:theme dark >/dev/null || return 1
  redis-cli -h 127.0.1.9 -p 6379 SET app:counter 42 >/dev/null || return 1
  lab_truth 127.0.1.9 6379 redis redis "$v" open compromised
}
