// Integration: real dovecot (Debian dovecot-pop3d 2.3) processes started by this test on
// 127.0.3.122/123, SASL ANONYMOUS on and off, the probe's whole dialogue over TCP.
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
  EXPECT_EQ(r.observation.product, "dovecot");
  EXPECT_EQ(r.observation.record_count, 3u);
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
