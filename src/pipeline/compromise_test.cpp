#include "pipeline/compromise.h"

#include <gtest/gtest.h>

#include "core/severity.h"
#include "pipeline/assessment.h"

namespace lw::pipeline {
namespace {

// Shaped like the notes of the 2017-2020 MongoDB / Elasticsearch / Redis wiping campaigns
// (the address and mailbox are made up: valid shapes, nobody's).
constexpr const char* kBitcoinNote =
    "All your data is backed up. You must pay 0.015 BTC to 1Lw9TestAddrXyzABCdefGHJKmnpQRstu "
    "in 48 hours to recover it. After paying write to me with your server IP.";
constexpr const char* kMailNote =
    "Your database was dumped. To restore it write to restore.lab@example.net with your IP.";

Sample sample(std::string source, std::string data) {
  return Sample{std::move(source), "text", std::move(data)};
}

}  // namespace

TEST(Compromise, ANoteWithABitcoinDemandIsFoundAndMasked) {
  const auto c =
      find_compromise({sample("key db0/READ_ME_TO_RECOVER_YOUR_DATA (string)", kBitcoinNote)}, {});
  ASSERT_TRUE(c.found);
  EXPECT_NE(c.note.find("READ_ME_TO_RECOVER_YOUR_DATA"), std::string::npos);
  EXPECT_NE(c.note.find("1Lw9...[bitcoin address]"), std::string::npos) << c.note;
  EXPECT_EQ(c.note.find("1Lw9TestAddrXyzABCdefGHJKmnpQRstu"), std::string::npos);
}

TEST(Compromise, ANoteWithARecoverWordAndAContactIsFoundAndMasked) {
  const auto c = find_compromise({sample("collection WARNING.WARNING", kMailNote)}, {});
  ASSERT_TRUE(c.found);
  EXPECT_NE(c.note.find("r***@example.net"), std::string::npos) << c.note;
  EXPECT_EQ(c.note.find("restore.lab@"), std::string::npos);
}

TEST(Compromise, ANameAloneIsNotEnough) {
  EXPECT_FALSE(find_compromise({sample("key db0/README (string)",
                                       "How to build: run make. Contact dev@example.net.")},
                               {})
                   .found);
  EXPECT_FALSE(
      find_compromise({sample("index warning_logs/_doc/1", "{\"level\":\"warning\"}")}, {}).found);
}

TEST(Compromise, ADemandOutsideANoteNameIsNotEnough) {
  EXPECT_FALSE(find_compromise({sample("key db0/user:17 (string)", kBitcoinNote)}, {}).found);
}

TEST(Compromise, MeowNamesAreTheSignature) {
  const nlohmann::json md{{"indices", {{{"name", "customers"}}, {{"name", "k2j9qpa7zx-meow"}}}}};
  const auto c = find_compromise({}, md);
  ASSERT_TRUE(c.found);
  EXPECT_NE(c.note.find("k2j9qpa7zx-meow"), std::string::npos);
  for (const char* name : {"meow", "cat-meow", "-meow", "my-meowing-index", "meow-k2j9qpa7zx"}) {
    const nlohmann::json other{{"indices", {{{"name", name}}}}};
    EXPECT_FALSE(find_compromise({}, other).found) << name;
  }
}

TEST(Compromise, OnlyTheHeadOfASampleIsRead) {
  std::string big(kMaxNoteScan, 'x');
  big += std::string(" ") + kBitcoinNote;
  EXPECT_FALSE(find_compromise({sample("key db0/README (string)", big)}, {}).found);
}

TEST(Compromise, DeepMetadataIsBounded) {
  nlohmann::json deep = "zz9qpa7zxk-meow";
  for (int i = 0; i < 100; ++i) deep = nlohmann::json::array({deep});
  EXPECT_FALSE(find_compromise({}, deep).found);  // below the depth cap: not looked at
}

TEST(MaskNote, CutsAtACharacterBoundary) {
  const std::string text = "pay \xC3\xA9\xC3\xA9\xC3\xA9";
  const auto m = mask_note(text, 6);
  EXPECT_EQ(m, "pay \xC3\xA9");
  EXPECT_EQ(mask_note(text, 5), "pay ");
}

TEST(AssessRecord, ACompromisedOpenStoreIsCritical) {
  ServiceRecord r;
  r.verdict = Verdict{VerdictKind::open, "keys read", EvidenceKind::read, "READ db0"};
  assess_record(r, {sample("key db0/READ_ME_TO_RECOVER_YOUR_DATA (string)", kBitcoinNote)});
  EXPECT_TRUE(r.compromised);
  EXPECT_EQ(r.severity, "critical");
  ASSERT_FALSE(r.severity_reasons.empty());
  EXPECT_NE(r.severity_reasons.front().find("compromised"), std::string::npos);
}

TEST(AssessRecord, AnOpenServiceAlwaysGetsASeverity) {
  ServiceRecord r;
  r.verdict = Verdict{VerdictKind::open, "answered", EvidenceKind::access, "INFO"};
  assess_record(r, {});
  EXPECT_FALSE(r.compromised);
  EXPECT_EQ(r.severity, "low");
  EXPECT_FALSE(r.severity_reasons.empty());
}

TEST(AssessRecord, ASecuredServiceIsNeverLookedAtForNotes) {
  ServiceRecord r;
  r.verdict = Verdict{VerdictKind::auth_required, "NOAUTH", EvidenceKind::identity, "INFO"};
  assess_record(r, {sample("key db0/README (string)", kBitcoinNote)});
  EXPECT_FALSE(r.compromised);
  EXPECT_EQ(r.severity, "");
}

}  // namespace lw::pipeline
