#include "core/severity.h"

#include <gtest/gtest.h>

namespace lw {
namespace {

ServiceRecord open_record(EvidenceKind evidence = EvidenceKind::read) {
  ServiceRecord r;
  r.verdict = Verdict{VerdictKind::open, "read", evidence, "GET"};
  return r;
}

DataFinding finding(std::string detector, std::string family, std::string severity,
                    double confidence = 0.95) {
  return DataFinding{std::move(detector), std::move(family), confidence, "k", "***", "h",
                     std::move(severity)};
}

bool has_reason(const SeverityAssessment& a, std::string_view part) {
  for (const auto& r : a.reasons) {
    if (r.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST(AssessSeverity, OpenWithoutFindingsIsNeverEmpty) {
  for (auto evidence : {EvidenceKind::read, EvidenceKind::access}) {
    const auto a = assess_severity(open_record(evidence));
    EXPECT_EQ(a.severity, "low");
    ASSERT_FALSE(a.reasons.empty());
    EXPECT_TRUE(has_reason(a, "access:"));
  }
}

TEST(AssessSeverity, ExecOnTheHostIsCritical) {
  auto r = open_record(EvidenceKind::access);
  r.capabilities.exec = true;
  const auto a = assess_severity(r);
  EXPECT_EQ(a.severity, "critical");
  EXPECT_EQ(a.reasons.front(), "access: runs code on the host without credentials");
}

TEST(AssessSeverity, WriteIsHigh) {
  auto r = open_record();
  r.capabilities.write = true;
  EXPECT_EQ(assess_severity(r).severity, "high");
}

TEST(AssessSeverity, OrdinaryRecordsStayLowOrMedium) {
  auto r = open_record();
  r.findings = {finding("email_address", "identity", "low"),
                finding("phone_number", "identity", "low")};
  r.sensitivity = 9;
  EXPECT_EQ(assess_severity(r).severity, "low");
  r.record_count = 50000;  // volume raises it one step, no further
  const auto a = assess_severity(r);
  EXPECT_EQ(a.severity, "medium");
  EXPECT_TRUE(has_reason(a, "50000 records"));
}

TEST(AssessSeverity, ExactlyAThousandRecordsDoesNotRaise) {
  auto r = open_record();
  r.record_count = 1000;
  EXPECT_EQ(assess_severity(r).severity, "low");
  r.record_count = 1001;
  EXPECT_EQ(assess_severity(r).severity, "medium");
}

TEST(AssessSeverity, SsnOrSf86InAnOpenStoreIsCritical) {
  for (const auto& f :
       {finding("us_ssn", "identity", "high"), finding("sf86_heading", "government", "critical")}) {
    auto r = open_record();
    r.findings = {f};
    const auto a = assess_severity(r);
    EXPECT_EQ(a.severity, "critical") << f.detector;
    EXPECT_TRUE(has_reason(a, f.detector));
  }
}

TEST(AssessSeverity, DoubtfulFindingsCountAStepLess) {
  auto r = open_record();
  r.findings = {finding("iban", "financial", "high", 0.5)};
  EXPECT_EQ(assess_severity(r).severity, "medium");
}

TEST(AssessSeverity, NotOpenKeepsOnlyTheDataFactor) {
  ServiceRecord r;
  r.verdict = Verdict{VerdictKind::auth_required, "NOAUTH", EvidenceKind::identity, "INFO"};
  r.record_count = 1000000;
  r.capabilities.exec = true;  // not granted: the service is not open
  EXPECT_EQ(assess_severity(r).severity, "");
  EXPECT_TRUE(assess_severity(r).reasons.empty());
  r.findings = {finding("us_ssn", "identity", "high")};  // a key name shown by design
  const auto a = assess_severity(r);
  EXPECT_EQ(a.severity, "high");
  EXPECT_EQ(a.reasons.size(), 1u);
}

TEST(AssessSeverity, CompromisedIsCritical) {
  auto r = open_record(EvidenceKind::access);
  r.compromised = true;
  const auto a = assess_severity(r);
  EXPECT_EQ(a.severity, "critical");
  EXPECT_TRUE(has_reason(a, "compromised"));
}

TEST(AssessSeverity, ReasonsAreStrongestFirst) {
  auto r = open_record();
  r.findings = {finding("email_address", "identity", "low"),
                finding("payment_card", "financial", "critical")};
  r.sensitivity = 40;
  const auto a = assess_severity(r);
  EXPECT_EQ(a.severity, "critical");
  ASSERT_GE(a.reasons.size(), 2u);
  EXPECT_NE(a.reasons.front().find("payment_card"), std::string::npos);
  EXPECT_NE(a.reasons.back().find("access:"), std::string::npos);
}

}  // namespace lw
