#include "probes/common/sampler.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace lw::probes {
namespace {

std::vector<std::string> chosen(const std::vector<std::string>& names, const SamplePlan& plan) {
  std::vector<std::string> out;
  for (const std::size_t i : plan.order) out.push_back(names.at(i));
  return out;
}

TEST(Sampler, ScoresSensitiveNamesAboveOrdinaryOnes) {
  EXPECT_GE(name_score("users.ssn"), kSensitiveScore);
  EXPECT_GE(name_score("hr/personnel/1007"), kSensitiveScore);
  EXPECT_GE(name_score("patientRecords"), kSensitiveScore);  // camelCase split
  EXPECT_GE(name_score("SF86_questionnaire"), kSensitiveScore);
  EXPECT_GE(name_score("payment:card:0001"), kSensitiveScore);
  EXPECT_EQ(name_score("products"), 0);
  EXPECT_EQ(name_score("catalog:sku:12345"), 0);
  // Short words count only as whole tokens.
  EXPECT_EQ(name_score("monkey"), 0);
  EXPECT_EQ(name_score("classname"), 0);      // holds "ssn", not as a token
  EXPECT_EQ(name_score("discard_queue"), 0);  // holds "card", not as a token
  EXPECT_GE(name_score("api_key"), kSensitiveScore);
  EXPECT_GE(name_score("cardboard_card"), kSensitiveScore);  // the token after a non-token hit
  // A weak hint alone stays below the sensitive threshold.
  EXPECT_GT(name_score("user:17"), 0);
  EXPECT_LT(name_score("user:17"), kSensitiveScore);
  // More words, more score.
  EXPECT_GT(name_score("patient_ssn"), name_score("patient"));
  EXPECT_EQ(name_score(""), 0);
}

// The word-indexed scorer against the plain definition (every word searched on its own), on
// names built from the words themselves and fragments that straddle them, fixed seed.
TEST(Sampler, NameScoreAgreesWithSearchingEveryWord) {
  std::vector<std::string> parts;
  for (const NameWord& w : sensitive_name_words()) parts.emplace_back(w.word);
  for (const char* f : {"mon", "board", "ss", "n", "el", "s", "x1", "re", "ad", "me", "card"}) {
    parts.emplace_back(f);
  }
  const auto reference = [](const std::string& name) {
    const std::string n = "_" + name + "_";
    int score = 0;
    for (const NameWord& w : sensitive_name_words()) {
      const std::string word(w.word);
      const bool hit = w.whole_token ? n.find("_" + word + "_") != std::string::npos
                                     : n.find(word) != std::string::npos;
      if (hit) score += w.weight;
    }
    return score;
  };
  std::uint32_t state = 12345;
  const auto next = [&state](std::size_t bound) {
    state = state * 1664525u + 1013904223u;
    return static_cast<std::size_t>(state >> 8) % bound;
  };
  for (int i = 0; i < 5000; ++i) {
    std::string name = parts[next(parts.size())];
    for (std::size_t k = next(4); k > 0; --k) {
      name += next(3) == 0 ? "" : "_";  // glued or a token of its own
      name += parts[next(parts.size())];
    }
    ASSERT_EQ(name_score(name), reference(name)) << name;
  }
}

TEST(Sampler, GroupsByPrefixOrTrailingNumber) {
  EXPECT_EQ(group_of("user:1001:profile"), "user");
  EXPECT_EQ(group_of("hr/personnel/7"), "hr");
  EXPECT_EQ(group_of("session_123"), "session");
  EXPECT_EQ(group_of("cache-item-42"), "cache-item");
  EXPECT_EQ(group_of("12345"), "12345");  // all digits: itself
  EXPECT_EQ(group_of(":odd"), ":odd");    // a leading separator is not a prefix
  EXPECT_EQ(group_of(std::string(1 << 20, 'a')).size(), kMaxGroupBytes);
}

TEST(Sampler, ReadsTheNeedleFirstAmongAThousandOrdinaryKeys) {
  std::vector<std::string> names;
  for (int i = 0; i < 1000; ++i) names.push_back("product:" + std::to_string(i));
  names.insert(names.begin() + 637, "customer:ssn:0001");
  names.insert(names.begin() + 901, "vault:secret:db");
  const SamplePlan plan = plan_sample(names, 10);
  ASSERT_EQ(plan.order.size(), 10u);
  const auto got = chosen(names, plan);
  EXPECT_EQ(got[0], "customer:ssn:0001");  // highest score first
  EXPECT_EQ(got[1], "vault:secret:db");
  EXPECT_EQ(plan.sensitive, 2u);
  EXPECT_EQ(plan.considered, 1002u);
  EXPECT_EQ(plan.groups, 3u);  // product, customer, vault
}

TEST(Sampler, StratifiesTheBudgetOverGroups) {
  // One huge ordinary group and four small ones: every group gets read within a small budget.
  std::vector<std::string> names;
  for (int i = 0; i < 5000; ++i) names.push_back("cache:page:" + std::to_string(i));
  for (const char* g : {"orders", "invoices", "stock", "shipments"}) {
    for (int i = 0; i < 3; ++i) names.push_back(std::string(g) + ":" + std::to_string(i));
  }
  const SamplePlan plan = plan_sample(names, 8);
  ASSERT_EQ(plan.order.size(), 8u);
  std::set<std::string> groups;
  for (const auto& n : chosen(names, plan)) groups.insert(group_of(n));
  EXPECT_EQ(groups.size(), 5u);
  // Round-robin: the first member of every group before the second of any.
  const auto got = chosen(names, plan);
  EXPECT_EQ(got[0], "cache:page:0");
  EXPECT_EQ(got[1], "orders:0");
  EXPECT_EQ(got[5], "cache:page:1");
}

TEST(Sampler, SensitiveNamesLeaveRoomForOrdinaryGroups) {
  std::vector<std::string> names;
  for (int i = 0; i < 100; ++i) names.push_back("auth_token:" + std::to_string(i));
  for (const char* g : {"orders:1", "stock:1", "news:1"}) names.emplace_back(g);
  const SamplePlan plan = plan_sample(names, 12);
  ASSERT_EQ(plan.order.size(), 12u);
  const auto got = chosen(names, plan);
  std::set<std::string> seen(got.begin(), got.end());
  EXPECT_TRUE(seen.count("orders:1") && seen.count("stock:1") && seen.count("news:1"));
  EXPECT_EQ(got[0], "auth_token:0");
}

TEST(Sampler, HonoursBudgetAndCallerGroupsAndExtraScore) {
  std::vector<std::string> names{"a", "b", "c", "d"};
  std::vector<SampleCandidate> c;
  c.push_back({names[0], "public.items", 0});
  c.push_back({names[1], "public.items", 0});
  c.push_back({names[2], "hr.personnel", 5});  // columns said ssn
  c.push_back({names[3], "public.logs", 0});
  const SamplePlan plan = plan_sample(c, 3);
  ASSERT_EQ(plan.order.size(), 3u);
  EXPECT_EQ(plan.order[0], 2u);
  EXPECT_EQ(plan.order[1], 0u);
  EXPECT_EQ(plan.order[2], 3u);  // a second group before a second member of the first
  EXPECT_TRUE(plan_sample(c, 0).order.empty());
  EXPECT_TRUE(plan_sample(std::span<const SampleCandidate>{}, 5).order.empty());
  // A budget larger than the names: every name once.
  const SamplePlan all = plan_sample(names, 100);
  EXPECT_EQ(std::set<std::size_t>(all.order.begin(), all.order.end()).size(), 4u);
  EXPECT_EQ(all.order.size(), 4u);
}

TEST(Sampler, HugeNamesAndHugeListsStayBounded) {
  std::vector<std::string> names;
  names.push_back(std::string(1 << 20, 'x') + "ssn");  // the word lies past the scored bytes
  names.push_back("ssn:" + std::string(1 << 20, 'y'));
  const SamplePlan plan = plan_sample(names, 1);
  ASSERT_EQ(plan.order.size(), 1u);
  EXPECT_EQ(plan.order[0], 1u);
  const auto listed = sensitive_names(names);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_LE(listed[0].get<std::string>().size(), 128u * 4);
  std::vector<std::string> many(kMaxSamplerCandidates + 10, "k");
  EXPECT_EQ(plan_sample(many, 3).considered, kMaxSamplerCandidates);
}

TEST(Sampler, ListsSensitiveNamesBestFirstAndNotesCoverage) {
  std::vector<std::string> names{"products", "email", "ssn", "patient_dob", "orders"};
  const auto listed = sensitive_names(names, 2);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0], "patient_dob");
  EXPECT_EQ(listed[1], "ssn");
  EXPECT_EQ(coverage_note(12, 340, "tables"), "12 of 340 tables sampled");
  EXPECT_EQ(coverage_note(3, 5000, "keys", true), "3 of at least 5000 keys sampled");
}

}  // namespace
}  // namespace lw::probes
