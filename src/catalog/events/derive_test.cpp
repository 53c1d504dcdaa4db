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

TEST(DeriveEvents, CompromisedIsACategoryAndAnEventOnlyTheFirstTime) {
  auto r = make_record("127.0.0.1", 1, VerdictKind::open, 1);
  r.compromised = true;
  r.compromise_note = "index k2j9qpa7zx-meow: the \"meow\" wiping signature";
  EXPECT_EQ(record_categories(r), (std::vector<std::string>{"compromised"}));
  auto later = r;
  later.time_ms = 2;
  EXPECT_EQ(run({r, later}), (std::vector<std::string>{"new_service", "became_open", "new_category",
                                                       "compromised"}));
  const auto d = derive_events(std::nullopt, r, {});
  ASSERT_EQ(d.events.size(), 4u);
  EXPECT_EQ(d.events.back().detail["note"], r.compromise_note);
}

// A service that accepted the connection and then failed (the pipeline's "no probe
// identified the service; the last attempt ended with timeout"): the port is open, so this is
// not "gone", and an inconclusive verdict is neither "secured" nor a new "open".
ServiceRecord answered_then_failed(Outcome outcome, std::int64_t t) {
  auto r = make_record("127.0.0.1", 1, VerdictKind::error, t);
  r.outcome = outcome;
  r.attempts = {"redis", "http"};
  return r;
}

TEST(DeriveEvents, ErrorResultIsNotGoneNorSecured) {
  std::optional<ServiceState> s;
  std::vector<std::string> kinds;
  auto step = [&](const ServiceRecord& r) {
    auto d = derive_events(s, r, {});
    for (const auto& e : d.events) kinds.push_back(e.kind);
    s = d.next;
  };
  step(make_record("127.0.0.1", 1, VerdictKind::open, 10));
  step(answered_then_failed(Outcome::timeout, 20));
  step(answered_then_failed(Outcome::refused, 30));
  step(answered_then_failed(Outcome::app_error, 40));
  EXPECT_EQ(s->open_since_ms, 10);  // still open since the first sighting
  EXPECT_TRUE(s->reachable);
  step(make_record("127.0.0.1", 1, VerdictKind::open, 50));  // not a second became_open
  step(make_record("127.0.0.1", 1, VerdictKind::auth_required, 60));
  step(make_record("127.0.0.1", 1, VerdictKind::error, 70));  // refused, no attempt: closed
  step(answered_then_failed(Outcome::timeout, 80));           // something answers again
  EXPECT_EQ(kinds, (std::vector<std::string>{"new_service", "became_open", "became_secured",
                                             "service_gone", "new_service"}));
}

TEST(DeriveEvents, GoneOnlyWhenThePortWasFoundClosed) {
  auto closed = [](Outcome o, std::int64_t t) {
    auto r = make_record("127.0.0.1", 1, VerdictKind::error, t);
    r.outcome = o;
    r.attempts.clear();
    return r;
  };
  EXPECT_EQ(run({make_record("127.0.0.1", 1, VerdictKind::auth_required, 1),
                 closed(Outcome::timeout, 2), closed(Outcome::refused, 3)}),
            (std::vector<std::string>{"new_service", "service_gone"}));
  // A first sighting of a closed port is no service at all.
  EXPECT_EQ(run({closed(Outcome::refused, 1)}), std::vector<std::string>{});
}

}  // namespace
}  // namespace lw::catalog
