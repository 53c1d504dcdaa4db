# IMAP and POP3 (Debian dovecot-imapd / dovecot-pop3d 2.3): sourced by scripts/lab, see
# lab/README.md. Every mailbox is laid out as a real server keeps one (deployed_mail.py, Maildir++):
# INBOX, Sent, Archive/2023, HR, Projects/Q3 and a shared folder (the public namespace
# "Public/"), about 1,250 ordinary messages with three sensitive ones among them (an SSN CSV
# attachment in HR, SF-86 text under a classification banner in Archive/2023, card numbers sent
# to 14 recipients in INBOX).
#   open     127.0.3.20:143,110  auth_mechanisms = anonymous plain, auth_anonymous_username:
#                                SASL ANONYMOUS logs in as "anonymous"          -> open (imap, pop3)
#   secured  127.0.3.21:143,110  auth_mechanisms = plain login: login required  -> auth_required
#   preauth  127.0.3.22:143      dovecot's imap binary started per connection by socat over
#                                pipes for user "anonymous" (the inetd-style preauth setup of
#                                the dovecot wiki): "* PREAUTH" greeting        -> open (imap)
SVC_NEEDS=(dovecot socat)

# LW_MAIL_SMALL=1: the same layout with 1/30 of the ordinary messages (recording test dialogues).
dovecot_maildir() {  # dir: the deployment-like mailbox (deployed_mail.py), for the mail uid
  python3 "$LAB_DATA_SRC/deployed_mail.py" maildir "$1" ${LW_MAIL_SMALL:+--small} >/dev/null
}

dovecot_instance() {  # instance ip mechanisms
  local instance="$1" ip="$2" mechs="$3" data conf
  data="$(lab_data_dir "$instance")"
  rm -rf "$data/mail" "$data/state"  # a mailbox of an earlier run (another size) is not kept
  mkdir -p "$data/run" "$data/state" "$data/mail"
  for u in anonymous alice; do dovecot_maildir "$data/mail/$u"; done
  python3 "$LAB_DATA_SRC/deployed_mail.py" public "$data/mail/public" ${LW_MAIL_SMALL:+--small} \
    >/dev/null
  chown -R nobody:nogroup "$data/mail"
  printf 'alice:{PLAIN}lab-imap-password-not-real\n' >"$data/passwd"
  conf="$(lab_conf_dir)/$instance.conf"
  cat >"$conf" <<CONF
protocols = imap pop3
listen = $ip
base_dir = $data/run
state_dir = $data/state
log_path = $(lab_log "$instance").dovecot
ssl = no
disable_plaintext_auth = no
auth_mechanisms = $mechs
auth_anonymous_username = anonymous
first_valid_uid = 1
default_internal_user = dovecot
default_login_user = dovenull
mail_location = maildir:$data/mail/%u/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
namespace public {
  type = public
  separator = /
  prefix = Public/
  location = maildir:$data/mail/public/Maildir
  subscriptions = no
  list = yes
}
service imap-login {
  inet_listener imap {
    address = $ip
    port = 143
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    address = $ip
    port = 110
  }
  inet_listener pop3s {
    port = 0
  }
}
passdb {
  driver = passwd-file
  args = $data/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$data/mail/%u
}
CONF
  lab_spawn "$instance" dovecot -F -c "$conf" || return 1
  lab_wait_port "$instance" "$ip" 143 30 || return 1
  lab_wait_port "$instance-pop3" "$ip" 110 30 || return 1
}

dovecot_preauth() {  # ip: imap run per connection for user anonymous, over pipes
  local ip="$1" data conf wrapper
  data="$(lab_data_dir open)"  # the open instance's config and mail
  conf="$(lab_conf_dir)/open.conf"
  wrapper="$(lab_conf_dir)/preauth-imap.sh"
  cat >"$wrapper" <<SH
#!/bin/sh
export USER=anonymous HOME=$data/mail/anonymous
exec /usr/lib/dovecot/imap -c $conf -o mail_uid=nobody -o mail_gid=nogroup \\
  -o mail_location=maildir:$data/mail/anonymous/Maildir
SH
  chmod 755 "$wrapper"
  lab_spawn preauth socat "TCP-LISTEN:143,bind=$ip,reuseaddr,fork,max-children=8" \
    "EXEC:$wrapper,pipes" || return 1
  lab_wait_port preauth "$ip" 143 30 || return 1
}

svc_up() {
  dovecot_instance open 127.0.3.20 "anonymous plain" || return 1
  lab_truth 127.0.3.20 143 imap dovecot "" open \
    "$(python3 "$LAB_DATA_SRC/deployed_mail.py" categories imap)"
  lab_truth 127.0.3.20 110 pop3 dovecot "" open \
    "$(python3 "$LAB_DATA_SRC/deployed_mail.py" categories pop3)"
  dovecot_instance secured 127.0.3.21 "plain login" || return 1
  lab_truth 127.0.3.21 143 imap dovecot "" auth_required
  lab_truth 127.0.3.21 110 pop3 dovecot "" auth_required
  dovecot_preauth 127.0.3.22 || return 1
  lab_truth 127.0.3.22 143 imap imap "" open \
    "$(python3 "$LAB_DATA_SRC/deployed_mail.py" categories imap)"
}
