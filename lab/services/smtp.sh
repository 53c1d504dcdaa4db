# SMTP (Debian exim4-daemon-light): sourced by scripts/lab, see lab/README.md.
#   ehlo 127.0.3.23:25  Exim with relaying denied. The smtp probe records identity only
#                       (greeting, EHLO extensions): truth "unknown", never open.
SVC_NEEDS=(exim4)

smtp_version() { exim4 -bV 2>/dev/null | sed -n 's/^Exim version \([0-9.]*\).*/\1/p'; }

svc_up() {
  local data conf
  data="$(lab_data_dir ehlo)"
  mkdir -p "$data/spool" "$data/log"
  chown -R Debian-exim:Debian-exim "$data" 2>/dev/null || true
  conf="$(lab_conf_dir)/ehlo.conf"
  # Exim refuses a -C file it does not trust unless root owns it and nobody else can write it.
  cat >"$conf" <<CONF
primary_hostname = mail.lab.invalid
daemon_smtp_ports = 25
local_interfaces = 127.0.3.23
spool_directory = $data/spool
log_file_path = $data/log/%slog
pid_file_path = $data/exim.pid
exim_user = Debian-exim
exim_group = Debian-exim
never_users = root
acl_smtp_rcpt = acl_check_rcpt
begin acl
acl_check_rcpt:
  deny message = relay not permitted (lab)
CONF
  chmod 644 "$conf"
  lab_spawn ehlo exim4 -C "$conf" -bdf || return 1
  lab_wait_port ehlo 127.0.3.23 25 30 || return 1
  lab_truth 127.0.3.23 25 smtp exim "$(smtp_version)" unknown
}
