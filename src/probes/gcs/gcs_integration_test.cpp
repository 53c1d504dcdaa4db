// Integration: tests/fakes/replay_server.py started by this test on 127.0.3.134/135:4443 with
// the GCS manifests (replies CONSTRUCTED from Google's XML API documentation, see
// tests/fakes/transcripts/gcs/PROVENANCE: no GCS emulator in Debian/npm); the probe's whole
// dialogue over TCP.
#include <gtest/gtest.h>

#include "probes/common/integration_support.h"
#include "probes/gcs/gcs_probe.h"

namespace lw::probes {
namespace {

integration::Server start_replay(const std::string& ip, const std::string& manifest) {
  auto s = integration::make_dir("lw-gcs-");
  const std::string dir = std::string(LW_SOURCE_DIR) + "/tests/fakes/";
  integration::start(s,
                     {"python3", dir + "replay_server.py", "--listen", ip + ":4443", "--manifest",
                      dir + "transcripts/gcs/" + manifest, "--max-seconds", "120"},
                     ip, 4443, std::chrono::seconds(30));
  return s;
}

TEST(GcsIntegration, OpenAndPrivateBuckets) {
  auto open_server = start_replay("127.0.3.134", "open.json");
  auto private_server = start_replay("127.0.3.135", "secured.json");
  ASSERT_TRUE(open_server.ready && private_server.ready);
  auto probe = make_gcs_probe();
  const auto open = integration::run(*probe, integration::options_for(4443), "127.0.3.134", 4443);
  EXPECT_EQ(open.verdict.kind, VerdictKind::open) << open.verdict.reason;
  EXPECT_EQ(open.observation.record_count, 2u);
  const auto secured =
      integration::run(*probe, integration::options_for(4443), "127.0.3.135", 4443);
  EXPECT_EQ(secured.verdict.kind, VerdictKind::auth_required) << secured.verdict.reason;
}

}  // namespace
}  // namespace lw::probes
