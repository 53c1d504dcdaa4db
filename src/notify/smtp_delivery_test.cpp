// Integration: e-mail over SMTP to a real Exim (Debian exim4-daemon-light) run by this test with
// its own configuration (tests/integration/support/mail_server.h): on 127.0.4.41:2525 offering
// STARTTLS with a self-signed certificate made there, on 127.0.4.42:2525 without STARTTLS
// (127.0.4.44: nothing listens). Exim appends what it accepts for @example.test to a mailbox file
// the test reads.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "notify/deliver.h"
#include "notify/notify_test_util.h"
#include "support/mail_server.h"

namespace lw::notify {
namespace {

using namespace std::chrono_literals;

// Starts Exim on addr:2525 (with STARTTLS when `tls`); fails the test unless it answers.
void start_exim(lw::testing::EximServer& e, const std::string& addr, bool tls) {
  const std::string error = e.start(addr, 2525, tls);
  ASSERT_EQ(error, "");
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
  lw::testing::EximServer e;
  start_exim(e, "127.0.4.41", true);
  Channel c = email_channel("127.0.4.41");
  c.ca_file = e.cert_file();
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
  lw::testing::EximServer e;
  start_exim(e, "127.0.4.41", true);
  const auto r = deliver(email_channel("127.0.4.41"), testing::sample_notification(), 0);
  EXPECT_NE(r.status, DeliveryStatus::delivered);
  EXPECT_FALSE(std::filesystem::exists(e.mailbox()));
}

TEST_F(SmtpDelivery, ServerWithoutStartTlsIsRefusedWhenTlsIsRequired) {
  lw::testing::EximServer e;
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
  lw::testing::EximServer e;
  start_exim(e, "127.0.4.41", true);
  Channel c = email_channel("127.0.4.41");
  c.ca_file = e.cert_file();
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
