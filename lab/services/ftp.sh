# Anonymous FTP (Debian vsftpd): sourced by scripts/lab, see lab/README.md.
#   open    127.0.3.16:21  anonymous_enable=YES, read-only tree with fake files  -> open
#   secured 127.0.3.17:21  anonymous_enable=NO (local users only), same tree     -> auth_required
# The tree is laid out like a deployment (deployed_files.py tree: about 1,000 ordinary files two
# to four folders down, SSNs, cards and SF-86 text in their own folders); its categories are in
# the open instance's truth: the probe walks the tree over the control connection, then reads
# the sampler's choice of files with RETR over passive data connections (src/probes/ftp/README.md).
SVC_NEEDS=(vsftpd python3)

ftp_version() { vsftpd -v 0>&1 2>/dev/null | sed -n 's/.*version \([0-9.]*\).*/\1/p'; }

ftp_tree() {  # dir: the same fake tree for both instances, owned by root, world-readable
  local d="$1"
  mkdir -p "$d"
  python3 "$LAB_DATA_SRC/deployed_files.py" tree "$d" || return 1
  printf 'LAB FAKE DATA: UNCLASSIFIED//FOUO test memo\n' >"$d/README.txt"
  chmod -R a+rX,go-w "$d"
}

ftp_instance() {  # instance ip anonymous(YES|NO)
  local instance="$1" ip="$2" anon="$3" conf root empty
  root="$(lab_data_dir "$instance")/root"
  empty="$(lab_data_dir "$instance")/empty"
  mkdir -p "$root" "$empty"
  ftp_tree "$root" || return 1
  conf="$(lab_conf_dir)/$instance.conf"
  cat >"$conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=$ip
listen_port=21
background=NO
anonymous_enable=$anon
anon_root=$root
no_anon_password=NO
local_enable=$([[ $anon == YES ]] && echo NO || echo YES)
write_enable=NO
anon_upload_enable=NO
anon_mkdir_write_enable=NO
secure_chroot_dir=$empty
pasv_enable=YES
pasv_address=$ip
xferlog_enable=NO
vsftpd_log_file=$(lab_log "$instance").vsftpd
dirlist_enable=YES
seccomp_sandbox=NO
CONF
  lab_spawn "$instance" vsftpd "$conf" || return 1
  lab_wait_port "$instance" "$ip" 21 30 || return 1
}

svc_up() {
  local v; v="$(ftp_version)"
  ftp_instance open 127.0.3.16 YES || return 1
  lab_truth 127.0.3.16 21 ftp vsftpd "$v" open \
    "$(python3 "$LAB_DATA_SRC/deployed_files.py" categories tree)"
  ftp_instance secured 127.0.3.17 NO || return 1
  lab_truth 127.0.3.17 21 ftp vsftpd "$v" auth_required
}
