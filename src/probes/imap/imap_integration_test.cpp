// Integration: real dovecot (Debian dovecot-imapd 2.3) processes started by this test on
// 127.0.3.120/121, ANONYMOUS on and off, the probe's whole dialogue over TCP, on the lab's
// deployment-like mailbox (deployed_mail.py --small): every folder visited, the three sensitive
// messages (SSN CSV attachment in HR, SF-86 under a CUI banner in Archive/2023, cards sent to
// 14 recipients in INBOX) among the bodies read.
#include <gtest/gtest.h>

#include "probes/imap/dovecot_test_server.h"
#include "probes/imap/imap_mail.h"
#include "probes/imap/imap_probe.h"

namespace lw::probes {
namespace {

bool has_sample(const Observation& obs, std::string_view source_prefix, std::string_view text) {
  for (const auto& s : obs.samples) {
    if (s.source.starts_with(source_prefix) && s.data.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(ImapIntegration, AnonymousDovecotIsOpen) {
  auto server = integration::start_dovecot("127.0.3.120", true);
  ASSERT_TRUE(server.ready);
  ImapProbe probe;
  const auto r = integration::run(probe, integration::options_for(1143), "127.0.3.120", 1143);
  EXPECT_EQ(r.verdict.kind, VerdictKind::open) << r.verdict.reason;
  EXPECT_EQ(r.verdict.evidence, EvidenceKind::read);
  EXPECT_EQ(r.observation.product, "dovecot");
  EXPECT_EQ(r.observation.record_count, 44u);
  EXPECT_EQ(r.observation.metadata["mailboxes"].size(), 8u);
  EXPECT_EQ(r.observation.metadata["messages_headers_read"], 44u);
  EXPECT_EQ(r.observation.samples.size(), imap::kMaxBodies);
  EXPECT_TRUE(has_sample(r.observation, "message HR/", "filename=\"personnel.csv\""));
  EXPECT_TRUE(has_sample(r.observation, "message Archive/2023/", "UNCLASSIFIED//FOUO"));
  EXPECT_TRUE(has_sample(r.observation, "message INBOX/", "Corporate cards for the offsite"));
}

TEST(ImapIntegration, LoginRequiredIsAuthRequired) {
  auto server = integration::start_dovecot("127.0.3.121", false);
  ASSERT_TRUE(server.ready);
  ImapProbe probe;
  const auto r = integration::run(probe, integration::options_for(1143), "127.0.3.121", 1143);
  EXPECT_EQ(r.verdict.kind, VerdictKind::auth_required) << r.verdict.reason;
}

}  // namespace
}  // namespace lw::probes
