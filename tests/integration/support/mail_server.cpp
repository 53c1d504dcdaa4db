#include "support/mail_server.h"

#include <chrono>
#include <filesystem>
#include <fstream>

namespace lw::testing {
namespace {

using namespace std::chrono_literals;

void chown_exim(const std::string& path) {
  (void)run({"chown", "-R", "Debian-exim:Debian-exim", path}, 10s);
}

}  // namespace

std::string EximServer::start(const std::string& address, int port, bool starttls) {
  namespace fs = std::filesystem;
  const std::string& d = dir_.path();
  std::error_code ec;
  fs::permissions(d,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  ec);
  for (const char* sub : {"spool", "log", "mail"}) {
    fs::create_directories(dir_ / sub, ec);
    chown_exim(dir_ / sub);
  }
  if (starttls) {
    const auto made = run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                           dir_ / "key.pem", "-out", cert_file(), "-days", "2", "-subj",
                           "/CN=" + address, "-addext", "subjectAltName=IP:" + address},
                          60s);
    if (made.status != 0) return "openssl req failed: " + made.err;
    fs::permissions(dir_ / "key.pem",
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read, ec);
  }
  const std::string conf = dir_ / "exim.conf";
  std::ofstream(conf) << "primary_hostname = mx.leakwatch-test.invalid\n"
                      << "daemon_smtp_ports = " << port << "\nlocal_interfaces = " << address
                      << "\n"
                      << "spool_directory = " << d << "/spool\nlog_file_path = " << d
                      << "/log/%slog\npid_file_path = " << d << "/exim.pid\n"
                      << "exim_user = Debian-exim\nexim_group = Debian-exim\nnever_users = root\n"
                      << "host_lookup =\nrfc1413_hosts =\nkeep_environment =\n"
                      << (starttls ? "tls_advertise_hosts = *\ntls_certificate = " + d +
                                         "/cert.pem\ntls_privatekey = " + d + "/key.pem\n"
                                   : std::string("tls_advertise_hosts =\n"))
                      << "acl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n"
                      << "  accept domains = example.test\n  deny message = relay not permitted\n"
                      << "begin routers\nto_file:\n  driver = accept\n  domains = example.test\n"
                      << "  transport = mailbox\nbegin transports\nmailbox:\n"
                      << "  driver = appendfile\n  file = " << d << "/mail/inbox\n"
                      << "  user = Debian-exim\n  group = Debian-exim\n  mode = 0644\n";
  process_ = Process::spawn({"exim4", "-C", conf, "-bdf"}, "", dir_ / "exim.err");
  if (!wait_for_port(address, port, 30s))
    return "Exim did not listen: " + read_file(dir_ / "exim.err");
  return "";
}

std::string RsyslogServer::start(const std::string& address, int port) {
  const std::string conf = dir_ / "rsyslog.conf";
  std::ofstream(conf) << "global(workDirectory=\"" << dir_.path() << "\")\n"
                      << "module(load=\"imudp\")\nmodule(load=\"imtcp\")\n"
                      << "input(type=\"imudp\" address=\"" << address << "\" port=\"" << port
                      << "\")\n"
                      << "input(type=\"imtcp\" address=\"" << address << "\" port=\"" << port
                      << "\")\n"
                      << "*.* action(type=\"omfile\" file=\"" << output()
                      << "\" template=\"RSYSLOG_SyslogProtocol23Format\")\n";
  process_ = Process::spawn({"rsyslogd", "-n", "-f", conf, "-i", dir_ / "rsyslogd.pid"}, "",
                            dir_ / "rsyslogd.err");
  if (!wait_for_port(address, port, 30s)) {
    return "rsyslogd did not listen: " + read_file(dir_ / "rsyslogd.err");
  }
  return "";
}

}  // namespace lw::testing
