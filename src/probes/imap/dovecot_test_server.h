#pragma once

// A real dovecot (Debian dovecot-imapd/-pop3d) for the imap and pop3 integration tests: its
// own config, run dir and Maildirs in a temp folder; IMAP on 1143, POP3 on 1110 of `ip`.
// `anonymous` = auth_mechanisms "anonymous plain" (SASL ANONYMOUS logs in as "anonymous"),
// otherwise "plain login" (login required). Each mailbox is the lab's deployment-like one
// (lab/services/data/deployed_mail.py --small: INBOX, Sent, Archive/2023, HR, Projects/Q3 and
// the shared folder Public, 44 synthetic messages, three sensitive ones). Test-only header.

#include <unistd.h>

#include <cstdlib>

#include <string>

#include "probes/common/integration_support.h"

namespace lw::probes::integration {

// Writes `home`/Maildir with deployed_mail.py (`what`: maildir or public); false on failure.
inline bool deployed_maildir(const std::string& home, const std::string& what) {
  const std::string cmd = "python3 '" + std::string(LW_SOURCE_DIR) +
                          "/lab/services/data/deployed_mail.py' " + what + " '" + home +
                          "' --small >/dev/null";
  return std::system(cmd.c_str()) == 0;
}

inline Server start_dovecot(const std::string& ip, bool anonymous) {
  Server s = make_dir("lw-dovecot-");
  const std::string d = s.dir->path();
  for (const auto* sub : {"/run", "/state"}) std::filesystem::create_directories(d + sub);
  for (const auto* who : {"/mail/anonymous", "/mail/alice"}) {
    if (!deployed_maildir(d + who, "maildir")) {
      ADD_FAILURE() << "deployed_mail.py maildir failed";
      return s;
    }
  }
  if (!deployed_maildir(d + "/mail/public", "public")) {
    ADD_FAILURE() << "deployed_mail.py public failed";
    return s;
  }
  std::filesystem::recursive_directory_iterator it(d + "/mail"), end;
  for (; it != end; ++it) (void)::chown(it->path().c_str(), 65534, 65534);  // nobody:nogroup
  (void)::chown((d + "/mail").c_str(), 65534, 65534);
  write_file(d + "/passwd", "alice:{PLAIN}lab-imap-password-not-real\n");
  const std::string conf = d + "/dovecot.conf";
  write_file(conf, "protocols = imap pop3\nlisten = " + ip + "\nbase_dir = " + d +
                       "/run\nstate_dir = " + d + "/state\nlog_path = " + d +
                       "/dovecot.log\nssl = no\n"
                       "disable_plaintext_auth = no\nauth_mechanisms = " +
                       (anonymous ? "anonymous plain" : "plain login") +
                       "\nauth_anonymous_username = anonymous\nfirst_valid_uid = 1\n"
                       "default_internal_user = dovecot\ndefault_login_user = dovenull\n"
                       "mail_location = maildir:" +
                       d +
                       "/mail/%u/Maildir\n"
                       "namespace inbox {\n  inbox = yes\n  separator = /\n}\n"
                       "namespace public {\n  type = public\n  separator = /\n  prefix = "
                       "Public/\n  location = maildir:" +
                       d +
                       "/mail/public/Maildir\n  subscriptions = no\n  list = yes\n}\n"
                       "service imap-login {\n  inet_listener imap {\n    address = " +
                       ip +
                       "\n    port = 1143\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}\n"
                       "service pop3-login {\n  inet_listener pop3 {\n    address = " +
                       ip +
                       "\n    port = 1110\n  }\n  inet_listener pop3s {\n    port = 0\n  }\n}\n"
                       "passdb {\n  driver = passwd-file\n  args = " +
                       d +
                       "/passwd\n}\n"
                       "userdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=" +
                       d + "/mail/%u\n}\n");
  start(s, {"dovecot", "-F", "-c", conf}, ip, 1143);
  if (s.ready) s.ready = lw::testing::wait_for_port(ip, 1110, std::chrono::seconds(30));
  return s;
}

}  // namespace lw::probes::integration
