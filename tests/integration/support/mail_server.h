#pragma once
// A real Exim (Debian exim4-daemon-light) for tests, run with its own configuration (as
// lab/services/smtp.sh does): it listens on one loopback address and appends every message it
// accepts for @example.test to a mailbox file the test reads. Needs root (Exim's -C).

#include <string>

#include "support/process.h"

namespace lw::testing {

class EximServer {
 public:
  // Starts Exim on address:port, offering STARTTLS with a self-signed certificate for the
  // address made here (cert_file()) when `starttls`. Returns "" once the port answers, or what
  // went wrong.
  std::string start(const std::string& address, int port, bool starttls);

  std::string mailbox() const { return dir_ / "mail/inbox"; }
  std::string mainlog() const { return dir_ / "log/mainlog"; }
  std::string cert_file() const { return dir_ / "cert.pem"; }
  Process& process() { return process_; }

 private:
  TempDir dir_;
  Process process_;
};

// A real rsyslogd (Debian rsyslog) with UDP and TCP (octet-counted framing) inputs on one
// loopback address and port, writing every message in RFC 5424 form
// (RSYSLOG_SyslogProtocol23Format) to output().
class RsyslogServer {
 public:
  // Returns "" once the TCP port answers, or what went wrong.
  std::string start(const std::string& address, int port);

  std::string output() const { return dir_ / "out.log"; }
  Process& process() { return process_; }

 private:
  TempDir dir_;
  Process process_;
};

}  // namespace lw::testing
