#include "core/access.h"

#include <gtest/gtest.h>

#include <array>
#include <optional>

namespace lw {
namespace {

AccessFacts identified() {
  AccessFacts f;
  f.identified = true;
  f.proof = "EXCHANGE";
  f.note = "note";
  return f;
}

}  // namespace

TEST(DecideVerdict, NotIdentifiedIsNeverAnythingElse) {
  AccessFacts f;
  f.records_read = true;
  f.privileged_login_accepted = true;
  f.data_command_accepted = true;
  f.proof = "X";
  const auto v = decide_verdict(f);
  EXPECT_EQ(v.kind, VerdictKind::not_this_protocol);
  EXPECT_EQ(v.evidence, EvidenceKind::none);
  EXPECT_EQ(v.proof, "");
  EXPECT_EQ(v.reason, "not this service");
}

TEST(DecideVerdict, RecordsReadIsOpenWithReadEvidence) {
  auto f = identified();
  f.records_read = true;
  const auto v = decide_verdict(f);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "EXCHANGE");
  EXPECT_EQ(v.reason, "note");
}

TEST(DecideVerdict, AReadNeedsTwoMarkersWhenTheProbeCountsThem) {
  auto f = identified();
  f.records_read = true;
  f.markers = 1;
  EXPECT_EQ(decide_verdict(f).kind, VerdictKind::unknown);
  f.data_command_accepted = true;  // INFO answered, but the read is not corroborated
  EXPECT_EQ(decide_verdict(f).evidence, EvidenceKind::access);
  f.markers = 2;
  EXPECT_EQ(decide_verdict(f).evidence, EvidenceKind::read);
}

TEST(DecideVerdict, EmptyStoreThatAnswersIsOpenWithAccessEvidence) {
  auto f = identified();
  f.data_command_accepted = true;
  f.markers = 1;
  const auto v = decide_verdict(f);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::access);
  EXPECT_EQ(v.proof, "EXCHANGE");
}

TEST(DecideVerdict, PrivilegedLoginIsOpenEvenWhenAnotherRequestWasRefused) {
  auto f = identified();
  f.privileged_login_accepted = true;
  f.auth_demanded = true;
  EXPECT_EQ(decide_verdict(f).kind, VerdictKind::open);
  EXPECT_EQ(decide_verdict(f).evidence, EvidenceKind::access);
}

TEST(DecideVerdict, ADataCommandWithARefusalIsAuthRequired) {
  auto f = identified();
  f.data_command_accepted = true;
  f.auth_demanded = true;
  EXPECT_EQ(decide_verdict(f).kind, VerdictKind::auth_required);
  EXPECT_EQ(decide_verdict(f).evidence, EvidenceKind::identity);
}

TEST(DecideVerdict, IdentityAloneIsUnknown) {
  const auto v = decide_verdict(identified());
  EXPECT_EQ(v.kind, VerdictKind::unknown);
  EXPECT_EQ(v.evidence, EvidenceKind::identity);
}

// Every combination of the facts, against the properties docs/probes.md states.
TEST(DecideVerdict, ExhaustiveProperties) {
  const std::array<std::optional<std::uint32_t>, 4> marker_counts{std::nullopt, 0u, 1u, 2u};
  int cases = 0;
  for (unsigned bits = 0; bits < 32; ++bits) {
    for (const auto& markers : marker_counts) {
      AccessFacts f;
      f.identified = bits & 1u;
      f.auth_demanded = bits & 2u;
      f.privileged_login_accepted = bits & 4u;
      f.data_command_accepted = bits & 8u;
      f.records_read = bits & 16u;
      f.markers = markers;
      f.proof = "P";
      const auto v = decide_verdict(f);
      ++cases;
      const bool corroborated = !markers || *markers >= kMarkersForRead;
      const bool granted =
          f.privileged_login_accepted || (f.data_command_accepted && !f.auth_demanded);
      SCOPED_TRACE(testing::Message() << "bits " << bits << " markers "
                                      << (markers ? static_cast<int>(*markers) : -1));
      if (!f.identified) {
        EXPECT_EQ(v.kind, VerdictKind::not_this_protocol);
        EXPECT_EQ(v.evidence, EvidenceKind::none);
        continue;
      }
      // open exactly when something was read (corroborated) or access was granted
      EXPECT_EQ(v.kind == VerdictKind::open, (f.records_read && corroborated) || granted);
      // read evidence only for a corroborated read; access only for an open without one
      EXPECT_EQ(v.evidence == EvidenceKind::read, f.records_read && corroborated);
      EXPECT_EQ(v.evidence == EvidenceKind::access,
                v.kind == VerdictKind::open && !(f.records_read && corroborated));
      if (v.kind != VerdictKind::open) {
        EXPECT_EQ(v.kind, f.auth_demanded ? VerdictKind::auth_required : VerdictKind::unknown);
        EXPECT_EQ(v.evidence, EvidenceKind::identity);
      }
      EXPECT_NE(v.kind, VerdictKind::error);
      EXPECT_EQ(v.proof, "P");
    }
  }
  EXPECT_EQ(cases, 128);
}

}  // namespace lw
