// The S3 probe's reach (every bucket the service lists, listings paged) and sampling (the shared
// sampler over bucket/folder groups), on a dialogue recorded from a real s3rver laid out as a
// deployment, and on replies that never end.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

#include "probes/common/object_store.h"
#include "probes/common/s3_listing.h"
#include "probes/common/test_support.h"
#include "probes/s3/s3_probe.h"

namespace lw::probes {
namespace {

// Recorded from s3rver 3.7.1 on 127.0.3.27:9000 (lab instance s3/deployed, seeded by
// lab/services/data/deployed_files.py s3: 1,753 objects in two buckets, three sensitive ones
// in folders of their own); provenance line in the file.
// The recording holds labels only: each turn gets the step and subject the probe gives it.
Transcript deployed() {
  return testing::with_steps(S3Probe{},
                             testing::recorded("s3/testdata/recorded/deployed_s3rver_3.7.lwt"));
}

constexpr const char* kPlanted[] = {"object corp-data/archive/2024/hr/personnel/emp-1007.json",
                                    "object corp-data/archive/2024/fin/cardholder/batch_0001.csv",
                                    "object corp-data/misc/scan_0419.txt"};

std::set<std::string> sources(const Observation& obs) {
  std::set<std::string> out;
  for (const auto& s : obs.samples) out.insert(s.source);
  return out;
}

const Turn* find(const Transcript& t, std::string_view prefix) {
  for (const auto& turn : t) {
    if (turn.exchange.label.starts_with(prefix)) return &turn;
  }
  return nullptr;
}

}  // namespace

TEST(S3Sampling, DeployedStoreYieldsEveryPlantedObjectWithTheDefaultBudget) {
  const S3Probe p;
  const Transcript t = deployed();
  ASSERT_FALSE(t.empty());
  ProbeOptions recorded_with;
  recorded_with.port = 9000;  // the Host header names the port
  testing::expect_replays(p, recorded_with, t, testing::ReplayCheck::requests_and_framing);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->data_read);
  EXPECT_EQ(obs->record_count, 1753u);  // both buckets, corp-data over two pages
  const auto got = sources(*obs);
  for (const char* want : kPlanted) EXPECT_TRUE(got.count(want)) << want;
  // The reads get what the listing (GET /, two buckets, one continuation page) left of the 64
  // exchanges the engine allows a dialogue; the byte and record budget allow 64.
  EXPECT_EQ(obs->samples.size(), object_store::kMaxDialogueExchanges - 4);
  EXPECT_EQ(t.size(), object_store::kMaxDialogueExchanges);
  // The sensitive-looking name is read first, before any ordinary group.
  ASSERT_FALSE(obs->samples.empty());
  EXPECT_EQ(obs->samples.front().source, kPlanted[0]);
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("60 of 1753 objects sampled"), std::string::npos) << sampling;
  const std::string names = obs->metadata["sensitive_names"].dump();
  EXPECT_NE(names.find("corp-data/archive/2024/hr/personnel/emp-1007.json"), std::string::npos)
      << names;
  const auto& buckets = obs->metadata["open_buckets"];
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[1]["name"], "corp-data");
  EXPECT_EQ(buckets[1]["pages"], 2);
  EXPECT_EQ(buckets[1]["objects_listed"], 1153);
  EXPECT_EQ(buckets[1]["truncated"], false);
}

TEST(S3Sampling, SmallerBudgetsStillReadTheSensitiveNameFirst) {
  const S3Probe p;
  const Transcript recorded = deployed();
  for (const auto& [records, bytes, want] :
       {std::tuple{2u, 1024u * 1024u, 2u}, std::tuple{200u, 64u * 1024u, 4u}}) {
    ProbeOptions o;
    o.max_sample_records = records;
    o.max_sample_bytes = bytes;
    const Transcript t = testing::run_dialogue(p, o, testing::replay_by_label(recorded), 200);
    auto obs = p.parse(t);
    ASSERT_TRUE(obs);
    ASSERT_EQ(obs->samples.size(), want);
    EXPECT_EQ(obs->samples.front().source, kPlanted[0]);
  }
}

TEST(S3Sampling, ListingThatNeverEndsStopsAtThePageCapAndSaysSo) {
  // Every continuation request gets corp-data's first page again, still truncated: a store of
  // "a million keys". The probe pages at most 5 times per bucket and names the cap.
  const S3Probe p;
  const Transcript recorded = deployed();
  const Turn* first_page = find(recorded, "GET /corp-data?list-type=2&max-keys=1000");
  ASSERT_NE(first_page, nullptr);
  auto again = s3::parse_reply(first_page->reply);
  ASSERT_TRUE(again);
  ASSERT_TRUE(again->is_truncated);
  ASSERT_FALSE(again->next_token.empty());
  const std::string page = first_page->reply;
  auto replay = testing::replay_by_label(recorded);
  const Transcript t = testing::run_dialogue(
      p, ProbeOptions{},
      [&](const Exchange& ex) {
        if (ex.label.starts_with("GET /corp-data?")) return page;
        return replay(ex);
      },
      300);
  std::size_t pages = 0;
  for (const auto& turn : t) pages += turn.exchange.label.starts_with("GET /corp-data?") ? 1u : 0u;
  EXPECT_EQ(pages, 5u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("corp-data: listing stopped after 5000 objects"), std::string::npos)
      << sampling;
  EXPECT_LE(obs->samples.size(), object_store::read_budget(ProbeOptions{}));
}

TEST(S3Sampling, PlanReadsIsBoundedAndStratified) {
  std::vector<std::string> keys;
  for (int i = 0; i < 3000; ++i) keys.push_back("exports/orders-" + std::to_string(i) + ".csv");
  keys.push_back("tmp/x.txt");
  std::vector<object_store::ObjectRef> refs;
  for (const auto& k : keys) refs.push_back({"b", k});
  const auto plan = object_store::plan_reads(refs, 4);
  ASSERT_EQ(plan.size(), 4u);
  bool tmp = false;
  for (const auto i : plan) tmp = tmp || keys[i] == "tmp/x.txt";
  EXPECT_TRUE(tmp);  // the one-object folder gets a read among 3,000 ordinary ones
  EXPECT_TRUE(object_store::plan_reads({}, 10).empty());
  EXPECT_EQ(object_store::encode_query("a+b/c=d"), "a%2Bb%2Fc%3Dd");
}

}  // namespace lw::probes
