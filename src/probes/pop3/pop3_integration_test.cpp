// Integration: real dovecot (Debian dovecot-pop3d 2.3) processes started by this test on
// 127.0.3.122/123, SASL ANONYMOUS on and off, the probe's whole dialogue over TCP, on the
// INBOX of the lab's deployment-like mailbox (deployed_mail.py --small: 15 messages, cards sent
// to 14 recipients among them).
#include <gtest/gtest.h>

#include "probes/imap/dovecot_test_server.h"
#include "probes/pop3/pop3_probe.h"

namespace lw::probes {
namespace {

TEST(Pop3Integration, AnonymousDovecotIsOpen) {
  auto server = integration::start_dovecot("127.0.3.122", true);
  ASSERT_TRUE(server.ready);
  Pop3Probe probe;
  const auto r = integration::run(probe, integration::options_for(1110), "127.0.3.122", 1110);
  EXPECT_EQ(r.verdict.kind, VerdictKind::open) << r.verdict.reason;
  EXPECT_EQ(r.verdict.evidence, EvidenceKind::read);
  EXPECT_EQ(r.observation.product, "dovecot");
  EXPECT_EQ(r.observation.record_count, 15u);
  EXPECT_EQ(r.observation.metadata["messages_headers_read"], 15u);
  EXPECT_EQ(r.observation.metadata["pipelining"], true);
  ASSERT_FALSE(r.observation.samples.empty());
  // The message sent to many recipients is the first body read.
  EXPECT_NE(r.observation.samples[0].data.find("Subject: Corporate cards for the offsite"),
            std::string::npos);
}

TEST(Pop3Integration, LoginRequiredIsAuthRequired) {
  auto server = integration::start_dovecot("127.0.3.123", false);
  ASSERT_TRUE(server.ready);
  Pop3Probe probe;
  const auto r = integration::run(probe, integration::options_for(1110), "127.0.3.123", 1110);
  EXPECT_EQ(r.verdict.kind, VerdictKind::auth_required) << r.verdict.reason;
}

}  // namespace
}  // namespace lw::probes
