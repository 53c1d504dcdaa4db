#pragma once

// A real dovecot (Debian dovecot-imapd/-pop3d) for the imap and pop3 integration tests: its
// own config, run dir and Maildirs in a temp folder; IMAP on 1143, POP3 on 1110 of `ip`.
// `anonymous` = auth_mechanisms "anonymous plain" (SASL ANONYMOUS logs in as "anonymous"),
// otherwise "plain login" (login required). Three obviously fake messages per mailbox.
// Test-only header.

#include <unistd.h>

#include <string>

#include "probes/common/integration_support.h"

namespace lw::probes::integration {

inline void fake_maildir(const std::string& home) {
  const std::string m = home + "/Maildir";
  for (const auto* d :
       {"/cur", "/new", "/tmp", "/.Archive/cur", "/.Archive/new", "/.Archive/tmp"}) {
    std::filesystem::create_directories(m + d);
  }
  for (int i = 1; i <= 3; ++i) {
    const std::string n = std::to_string(i);
    write_file(m + "/cur/170000000" + n + ".M" + n + ".lab:2,S",
               "From: Test Person <test.person@example.invalid>\nTo: billing@example.invalid\n"
               "Subject: LAB FAKE invoice " +
                   n + "\nMessage-ID: <lab-fake-" + n +
                   "@example.invalid>\n\nObviously fake lab data. SSN 078-05-1120.\n");
  }
}

inline Server start_dovecot(const std::string& ip, bool anonymous) {
  Server s = make_dir("lw-dovecot-");
  const std::string d = s.dir->path();
  for (const auto* sub : {"/run", "/state"}) std::filesystem::create_directories(d + sub);
  fake_maildir(d + "/mail/anonymous");
  fake_maildir(d + "/mail/alice");
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
