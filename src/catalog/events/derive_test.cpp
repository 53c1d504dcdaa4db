// Event derivation over sequences of observations (pure; no database).
#include "catalog/events/derive.h"

#include <gtest/gtest.h>

#include "catalog/catalog_test_util.h"

namespace lw::catalog {
namespace {

using testing::make_record;

std::vector<std::string> run(const std::vector<ServiceRecord>& seq, const EventThresholds& t = {}) {
  std::optional<ServiceState> state;
  std::vector<std::string> kinds;
  for (const auto& r : seq) {
    auto d = derive_events(state, r, t);
    for (const auto& e : d.events) kinds.push_back(e.kind);
    state = d.next;
  }
  return kinds;
}

TEST(DeriveEvents, FirstSightingOfAnOpenService) {
  EXPECT_EQ(run({make_record("127.0.0.1", 6379, VerdictKind::open, 1)}),
            (std::vector<std::string>{"new_service", "became_open"}));
}

TEST(DeriveEvents, SecuredServiceSeenTwiceIsQuiet) {
  EXPECT_EQ(run({make_record("127.0.0.1", 6379, VerdictKind::auth_required, 1),
                 make_record("127.0.0.1", 6379, VerdictKind::auth_required, 2)}),
            (std::vector<std::string>{"new_service"}));
}

TEST(DeriveEvents, OpenThenSecuredThenGoneThenBack) {
  EXPECT_EQ(run({make_record("127.0.0.1", 1, VerdictKind::open, 1),
                 make_record("127.0.0.1", 1, VerdictKind::auth_required, 2),
                 make_record("127.0.0.1", 1, VerdictKind::error, 3),
                 make_record("127.0.0.1", 1, VerdictKind::error, 4),
                 make_record("127.0.0.1", 1, VerdictKind::open, 5)}),
            (std::vector<std::string>{"new_service", "became_open", "became_secured",
                                      "service_gone", "new_service", "became_open"}));
}

TEST(DeriveEvents, OpenServiceThatVanishesIsGoneNotSecured) {
  EXPECT_EQ(run({make_record("127.0.0.1", 1, VerdictKind::open, 1),
                 make_record("127.0.0.1", 1, VerdictKind::error, 2)}),
            (std::vector<std::string>{"new_service", "became_open", "service_gone"}));
}

TEST(DeriveEvents, OpenSinceKeepsTheFirstOpenTime) {
  std::optional<ServiceState> s;
  for (std::int64_t t : {10, 20, 30}) {
    s = derive_events(s, make_record("127.0.0.1", 1, VerdictKind::open, t), {}).next;
  }
  EXPECT_EQ(s->open_since_ms, 10);
  s = derive_events(s, make_record("127.0.0.1", 1, VerdictKind::auth_required, 40), {}).next;
  EXPECT_FALSE(s->open_since_ms);
}

TEST(DeriveEvents, SizeThresholdsAreRelativeAndAbsolute) {
  const EventThresholds t{0.5, 1000};
  // +40%: below the ratio. +60% but only 600 bytes: below the absolute floor.
  EXPECT_EQ(run({make_record("127.0.0.1", 1, VerdictKind::open, 1, 10000),
                 make_record("127.0.0.1", 1, VerdictKind::open, 2, 14000)},
                t),
            (std::vector<std::string>{"new_service", "became_open"}));
  EXPECT_EQ(run({make_record("127.0.0.1", 1, VerdictKind::open, 1, 1000),
                 make_record("127.0.0.1", 1, VerdictKind::open, 2, 1600)},
                t),
            (std::vector<std::string>{"new_service", "became_open"}));
  EXPECT_EQ(run({make_record("127.0.0.1", 1, VerdictKind::open, 1, 10000),
                 make_record("127.0.0.1", 1, VerdictKind::open, 2, 16000),
                 make_record("127.0.0.1", 1, VerdictKind::open, 3, 2000)},
                t),
            (std::vector<std::string>{"new_service", "became_open", "data_grew", "data_shrank"}));
  // Unknown size on one side: no size event.
  EXPECT_EQ(run({make_record("127.0.0.1", 1, VerdictKind::open, 1),
                 make_record("127.0.0.1", 1, VerdictKind::open, 2, 1u << 30)},
                t),
            (std::vector<std::string>{"new_service", "became_open"}));
}

TEST(DeriveEvents, NewCategoryOnlyTheFirstTime) {
  EXPECT_EQ(
      run({make_record("127.0.0.1", 1, VerdictKind::open, 1, {}, {"email"}),
           make_record("127.0.0.1", 1, VerdictKind::open, 2, {}, {"email"}),
           make_record("127.0.0.1", 1, VerdictKind::open, 3, {}, {"email", "health"})}),
      (std::vector<std::string>{"new_service", "became_open", "new_category", "new_category"}));
}

}  // namespace
}  // namespace lw::catalog
