// Integration: real dovecot (Debian dovecot-imapd 2.3) processes started by this test on
// 127.0.3.120/121, ANONYMOUS on and off, the probe's whole dialogue over TCP.
#include <gtest/gtest.h>

#include "probes/imap/dovecot_test_server.h"
#include "probes/imap/imap_probe.h"

namespace lw::probes {
namespace {

TEST(ImapIntegration, AnonymousDovecotIsOpen) {
  auto server = integration::start_dovecot("127.0.3.120", true);
  ASSERT_TRUE(server.ready);
  ImapProbe probe;
  const auto r = integration::run(probe, integration::options_for(1143), "127.0.3.120", 1143);
  EXPECT_EQ(r.verdict.kind, VerdictKind::open) << r.verdict.reason;
  EXPECT_EQ(r.observation.product, "dovecot");
  EXPECT_EQ(r.observation.record_count, 3u);
  EXPECT_EQ(r.observation.samples.size(), 3u);
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
