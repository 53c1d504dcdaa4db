// Unit tests for the gcs probe on Google Cloud Storage XML API replies CONSTRUCTED from Google's
// documentation (tests/fakes/transcripts/gcs/PROVENANCE): no GCS emulator exists in Debian or
// npm, so nothing here is a capture of real Google traffic.
#include "probes/gcs/gcs_probe.h"

#include <gtest/gtest.h>

#include "probes/common/s3_dialogue.h"
#include "probes/common/test_support.h"

namespace lw::probes {
namespace {

std::string doc_reply(const std::string& name) {
  return testing::testdata("../../tests/fakes/transcripts/gcs/" + name);
}

// The lab replay's rules (open.json / secured.json), as a function.
std::string answer(const Exchange& ex, bool open) {
  const std::string& l = ex.label;
  if (l == "GET /") return doc_reply("missing_security_header.http");
  if (l.starts_with("GET /backups?")) {
    return doc_reply(open ? "list_backups.http" : "access_denied.http");
  }
  if (open && l == "GET /backups/exports/customers.csv") return doc_reply("object_customers.http");
  if (open && l == "GET /backups/notes.txt") return doc_reply("object_notes.http");
  return doc_reply("no_such_bucket.http");
}

TEST(GcsProbe, PublicBucketIsOpen) {
  auto probe = make_gcs_probe();
  EXPECT_EQ(probe->info().id, "gcs");
  const Transcript t = testing::run_dialogue(*probe, ProbeOptions{},
                                             [](const Exchange& ex) { return answer(ex, true); });
  auto obs = probe->parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "gcs");
  EXPECT_EQ(obs->record_count, 2u);
  EXPECT_EQ(obs->data_bytes, 92u + 44u);
  ASSERT_EQ(obs->samples.size(), 2u);
  EXPECT_EQ(obs->samples[0].content_type, "csv");
  const Verdict v = probe->judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "GET /backups?list-type=2&max-keys=1000");
}

TEST(GcsProbe, PrivateBucketIsAuthRequired) {
  auto probe = make_gcs_probe();
  const Transcript t = testing::run_dialogue(*probe, ProbeOptions{},
                                             [](const Exchange& ex) { return answer(ex, false); });
  auto obs = probe->parse(t);
  ASSERT_TRUE(obs);
  const Verdict v = probe->judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "GET /backups?list-type=2&max-keys=1000");
}

TEST(GcsProbe, FlavorsDoNotClaimEachOther) {
  // The s3 probe must not call Google's replies its own, and gcs must not claim s3rver's.
  S3Probe s3;
  const Transcript g = testing::run_dialogue(s3, ProbeOptions{},
                                             [](const Exchange& ex) { return answer(ex, true); });
  auto obs = s3.parse(g);
  ASSERT_TRUE(obs);
  EXPECT_EQ(s3.judge(*obs).kind, VerdictKind::not_this_protocol);
  auto gcs = make_gcs_probe();
  const Transcript a = testing::run_dialogue(*gcs, ProbeOptions{}, [](const Exchange&) {
    return testing::testdata("s3/testdata/s3rver_list_buckets.http");
  });
  auto obs2 = gcs->parse(a);
  ASSERT_TRUE(obs2);
  EXPECT_EQ(gcs->judge(*obs2).kind, VerdictKind::not_this_protocol);
}

TEST(GcsProbe, VirtualHostStyle) {
  EXPECT_EQ(s3::vhost_bucket("backups.storage.googleapis.com", S3Flavor::gcs), "backups");
  EXPECT_EQ(s3::vhost_bucket("storage.googleapis.com", S3Flavor::gcs), std::nullopt);
  EXPECT_EQ(s3::vhost_bucket("backups.s3.amazonaws.com", S3Flavor::gcs), std::nullopt);
  auto probe = make_gcs_probe();
  ProbeOptions options;
  options.host_name = "backups.storage.googleapis.com";
  const auto first = probe->next(options, {});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->label, "GET /?list-type=2&max-keys=1000");
  EXPECT_NE(first->request.find("Host: backups.storage.googleapis.com\r\n"), std::string::npos);
}

}  // namespace
}  // namespace lw::probes
