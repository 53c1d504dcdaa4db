#include "pipeline/classification_stage.h"

#include <gtest/gtest.h>

#include <thread>

namespace lw::pipeline {
namespace {

ClassifyFn real_classifier() {
  classify::ClassifierConfig config;
  config.hmac_key.fill(7);
  config.pattern_cache.enabled = false;  // no files outside the test
  return make_classification(std::move(config));
}

ServiceRecord open_record() {
  ServiceRecord r;
  r.verdict = Verdict{VerdictKind::open, "keys read", EvidenceKind::read, "READ db0"};
  r.metadata = {{"databases", {{{"key", "jane.doe@example.org"}}, {{"key", "session:9f2c"}}}}};
  return r;
}

}  // namespace

TEST(ClassificationStage, RedactsMetadataMasksFindingsAndAssesses) {
  const auto classify = real_classifier();
  auto r = open_record();
  const std::vector<Sample> samples{
      {"key db0/customer:1 (string)", "text",
       "social security number: 536-22-8140, e-mail jane.doe@example.org"}};
  ASSERT_TRUE(run_service_stage(classify, r, samples));
  const std::string line = to_json_line(r);
  EXPECT_EQ(line.find("jane.doe@example.org"), std::string::npos) << line;
  EXPECT_EQ(line.find("536-22-8140"), std::string::npos) << line;
  EXPECT_NE(line.find("[redacted:"), std::string::npos);
  EXPECT_FALSE(r.findings.empty());
  EXPECT_GT(r.sensitivity, 0);
  EXPECT_EQ(r.severity, "critical") << line;  // an SSN in an open store
  EXPECT_FALSE(r.severity_reasons.empty());
}

TEST(ClassificationStage, IsSafeFromManyWorkersAtOnce) {
  const auto classify = real_classifier();
  std::vector<ServiceRecord> records(4, open_record());
  std::vector<std::thread> threads;
  for (auto& r : records) {
    threads.emplace_back([&classify, &r] { (void)run_service_stage(classify, r, {}); });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : records) {
    EXPECT_EQ(to_json_line(r).find("jane.doe@example.org"), std::string::npos);
  }
}

TEST(ClassificationStage, AFailingClassifierWithholdsTheMetadata) {
  const ClassifyFn failing = [](ServiceRecord&, const std::vector<Sample>&) -> Result<void> {
    return fail(ErrorCode::internal, "no rules", "test");
  };
  auto r = open_record();
  auto c = run_service_stage(failing, r, {});
  ASSERT_FALSE(c);
  EXPECT_EQ(r.metadata, (nlohmann::json{{"withheld", "the classifier failed"}}));
  EXPECT_EQ(r.severity, "low");  // the assessment still runs: an open service has a severity
}

TEST(ClassificationStage, WithoutAClassifierOnlyTheAssessmentRuns) {
  auto r = open_record();
  ASSERT_TRUE(run_service_stage(ClassifyFn{}, r, {}));
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.severity, "low");
}

}  // namespace lw::pipeline

namespace lw::pipeline {

TEST(ClassificationStage, OneSampleFullOfOneKindDoesNotHideTheOthers) {
  // A personnel export of 300 SSN rows, then a card number in the next sample: the stored
  // findings keep at most 20 of one detector, so the card is there too.
  const auto classify = real_classifier();
  auto r = open_record();
  std::string rows = "name,ssn\n";
  for (int i = 0; i < 300; ++i) {
    rows += "Test Person," + std::to_string(200 + i) + "-4" + std::to_string(i % 10) + "-" +
            std::to_string(1000 + i) + "\n";
  }
  const std::vector<Sample> samples{{"file /hr/export.csv", "text", rows},
                                    {"file /fin/cards.txt", "text", "Card: 4111 1111 1111 1111\n"}};
  ASSERT_TRUE(run_service_stage(classify, r, samples));
  std::size_t ssn = 0;
  std::size_t card = 0;
  for (const auto& f : r.findings) {
    ssn += f.detector == "us_ssn" ? 1u : 0u;
    card += f.detector == "payment_card" ? 1u : 0u;
  }
  EXPECT_EQ(ssn, 20u);
  EXPECT_EQ(card, 1u);
}

}  // namespace lw::pipeline
