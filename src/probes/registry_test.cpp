#include "probes/registry.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace lw::probes {

TEST(Registry, IdsAreUniqueAndBannerIsLast) {
  const auto list = builtin_probes();
  ASSERT_FALSE(list.empty());
  std::set<std::string> ids;
  for (const auto& p : list) {
    const std::string id(p->info().id);
    EXPECT_FALSE(id.empty());
    EXPECT_TRUE(ids.insert(id).second) << "duplicate probe id " << id;
    EXPECT_GT(p->info().max_reply_bytes, 0u) << id;
  }
  EXPECT_EQ(list.back()->info().id, "banner");
}

TEST(Registry, EveryProbeSaysNotThisProtocolToSilence) {
  // An empty transcript (nothing read) must never be judged open.
  for (const auto& p : builtin_probes()) {
    Transcript t;
    Turn turn;
    turn.end = ReplyEnd::closed;
    t.push_back(turn);
    auto obs = p->parse(t);
    if (!obs) continue;  // an error is an acceptable answer to silence
    EXPECT_NE(p->judge(*obs).kind, VerdictKind::open) << p->info().id;
  }
}

}  // namespace lw::probes
