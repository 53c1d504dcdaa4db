// Integration: e-mail over SMTP to a real Exim (Debian exim4-daemon-light) run by this test with
// its own configuration (as lab/services/smtp.sh does): on 127.0.4.41:2525 offering STARTTLS with
// a self-signed certificate made here, on 127.0.4.42:2525 without STARTTLS (127.0.4.44: nothing
// listens). Exim appends what it accepts for @example.test to a mailbox file the test reads.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "notify/deliver.h"
#include "notify/notify_test_util.h"
#include "support/process.h"

namespace lw::notify {
namespace {

using namespace std::chrono_literals;

struct Exim {
  lw::testing::TempDir dir;
  lw::testing::Process process;
  std::string mailbox() const { return dir / "mail/inbox"; }
  std::string mainlog() const { return dir / "log/mainlog"; }
};

void chown_exim(const std::string& path) {
  (void)lw::testing::run({"chown", "-R", "Debian-exim:Debian-exim", path}, 10s);
}

// Starts Exim on addr:2525; with STARTTLS when `tls`. Returns with the port answering.
void start_exim(Exim& e, const std::string& addr, bool tls) {
  namespace fs = std::filesystem;
  const auto& d = e.dir.path();
  fs::permissions(d, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                         fs::perms::others_read | fs::perms::others_exec);
  for (const char* sub : {"spool", "log", "mail"}) fs::create_directories(e.dir / sub);
  chown_exim(e.dir / "spool");
  chown_exim(e.dir / "log");
  chown_exim(e.dir / "mail");
  if (tls) {
    const auto made =
        lw::testing::run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                          e.dir / "key.pem", "-out", e.dir / "cert.pem", "-days", "2", "-subj",
                          "/CN=" + addr, "-addext", "subjectAltName=IP:" + addr},
                         60s);
    ASSERT_EQ(made.status, 0) << made.err;
    fs::permissions(e.dir / "key.pem",
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  }
  const std::string conf = e.dir / "exim.conf";
  std::ofstream(conf)
      << "primary_hostname = mx.notify-test.invalid\n"
      << "daemon_smtp_ports = 2525\nlocal_interfaces = " << addr << "\n"
      << "spool_directory = " << d << "/spool\nlog_file_path = " << d
      << "/log/%slog\npid_file_path = " << d << "/exim.pid\n"
      << "exim_user = Debian-exim\nexim_group = Debian-exim\nnever_users = root\n"
      << "host_lookup =\nrfc1413_hosts =\nkeep_environment =\n"
      << (tls ? "tls_advertise_hosts = *\ntls_certificate = " + d +
                    "/cert.pem\ntls_privatekey = " + d + "/key.pem\n"
              : std::string("tls_advertise_hosts =\n"))
      << "acl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n"
      << "  accept domains = example.test\n  deny message = relay not permitted\n"
      << "begin routers\nto_file:\n  driver = accept\n  domains = example.test\n"
      << "  transport = mailbox\nbegin transports\nmailbox:\n  driver = appendfile\n"
      << "  file = " << d << "/mail/inbox\n  user = Debian-exim\n"
      << "  group = Debian-exim\n  mode = 0644\n";
  e.process = lw::testing::Process::spawn({"exim4", "-C", conf, "-bdf"}, "", e.dir / "exim.err");
  ASSERT_TRUE(lw::testing::wait_for_port(addr, 2525, 30s))
      << lw::testing::read_file(e.dir / "exim.err");
}

Channel email_channel(const std::string& addr) {
  Channel c;
  c.name = "mail";
  c.kind = ChannelKind::email;
  c.smtp_url = "smtp://" + addr + ":2525";
  c.from = "leakwatch <leakwatch@notify-test.invalid>";
  c.to = {"oncall@example.test"};
  c.timeout = 20s;
  return c;
}

class SmtpDelivery : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0)
      GTEST_FAIL() << "Exim's -C configuration needs root (scripts/test runs as root)";
  }
};

TEST_F(SmtpDelivery, StartTlsMessageArrivesInTheMailbox) {
  Exim e;
  start_exim(e, "127.0.4.41", true);
  Channel c = email_channel("127.0.4.41");
  c.ca_file = e.dir / "cert.pem";
  const Notification n = testing::sample_notification(2);
  const auto r = deliver(c, n, 1796540460123);
  ASSERT_EQ(r.status, DeliveryStatus::delivered) << r.error;
  const std::string box = testing::wait_for_text(e.mailbox(), "Alert id:   al-7f3a9c0d1", 20s);
  EXPECT_NE(
      box.find("Subject: [leakwatch] leakwatch: 2 alerts for asset prod-cache (highest: critical)"),
      std::string::npos)
      << box;
  EXPECT_NE(box.find("X-Leakwatch-Idempotency-Key: nk-0123456789abcdef"), std::string::npos);
  EXPECT_NE(box.find("us_ssn x3 e.g. ***-**-1234"), std::string::npos);
  // Exim logs how it received the message: over TLS.
  const std::string log =
      testing::wait_for_text(e.mainlog(), "<= leakwatch@notify-test.invalid", 10s);
  EXPECT_NE(log.find("P=esmtps X=TLS"), std::string::npos) << log;
}

TEST_F(SmtpDelivery, UntrustedCertificateIsNotUsed) {
  Exim e;
  start_exim(e, "127.0.4.41", true);
  const auto r = deliver(email_channel("127.0.4.41"), testing::sample_notification(), 0);
  EXPECT_NE(r.status, DeliveryStatus::delivered);
  EXPECT_FALSE(std::filesystem::exists(e.mailbox()));
}

TEST_F(SmtpDelivery, ServerWithoutStartTlsIsRefusedWhenTlsIsRequired) {
  Exim e;
  start_exim(e, "127.0.4.42", false);
  Channel c = email_channel("127.0.4.42");
  auto r = deliver(c, testing::sample_notification(), 0);
  EXPECT_EQ(r.status, DeliveryStatus::permanent);
  EXPECT_NE(r.error.find("STARTTLS"), std::string::npos) << r.error;
  EXPECT_FALSE(std::filesystem::exists(e.mailbox()));
  // The same server takes it once TLS is not required: it was the policy that refused.
  c.require_tls = false;
  r = deliver(c, testing::sample_notification(), 0);
  ASSERT_EQ(r.status, DeliveryStatus::delivered) << r.error;
  EXPECT_NE(testing::wait_for_text(e.mailbox(), "Alert id:", 20s).find("Alert id:   al-7f3a9c0d0"),
            std::string::npos);
}

TEST_F(SmtpDelivery, RejectedRecipientIsPermanent) {
  Exim e;
  start_exim(e, "127.0.4.41", true);
  Channel c = email_channel("127.0.4.41");
  c.ca_file = e.dir / "cert.pem";
  c.to = {"someone@elsewhere.invalid"};
  const auto r = deliver(c, testing::sample_notification(), 0);
  EXPECT_EQ(r.status, DeliveryStatus::permanent) << r.error;
  EXPECT_EQ(r.response_code / 100, 5) << r.error;
}

TEST_F(SmtpDelivery, NoServerListeningIsRetried) {
  const auto r = deliver(email_channel("127.0.4.44"), testing::sample_notification(), 0);
  EXPECT_EQ(r.status, DeliveryStatus::retry) << r.error;
  EXPECT_EQ(r.error.find("smtp://"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace lw::notify
