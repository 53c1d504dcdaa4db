// WebHDFS probe tests. No Hadoop NameNode is in Debian or npm: the replies are written from the
// WebHDFS REST API documentation (tests/fakes/transcripts/webhdfs/PROVENANCE), the bytes the lab
// replays.
#include "probes/webhdfs/webhdfs_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_hardening.h"

namespace lw::probes {
namespace {

testing::Answer answer(const std::string& name) {
  return testing::manifest_answer(testing::transcripts_dir() + "webhdfs/" + name);
}

TEST(WebhdfsProbe, AnonymousListingIsOpen) {
  WebhdfsProbe p;
  const auto t = testing::run_dialogue(p, {}, answer("open.json"));
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(testing::target_of(t[2].exchange), "/webhdfs/v1/exports?op=LISTSTATUS");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "webhdfs");
  EXPECT_EQ(obs->record_count, 3u);
  EXPECT_EQ(obs->data_bytes, 24930u);
  EXPECT_EQ(obs->metadata["entries"][2]["path"], "/exports/customers_2099.csv");
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::open);
}

TEST(WebhdfsProbe, SecurityEnabledIsAuthRequired) {
  WebhdfsProbe p;
  auto obs = p.parse(testing::run_dialogue(p, {}, answer("kerberos.json")));
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(WebhdfsProbe, Hardening) {
  WebhdfsProbe p;
  testing::expect_survives_hostile_replies(p);
  EXPECT_FALSE(webhdfs::parse_list(R"({"FileStatuses":{}})"));
  testing::expect_truncation_never_proves(p, testing::run_dialogue(p, {}, answer("open.json")));
}

}  // namespace
}  // namespace lw::probes
