// Unit and hardening tests for the S3 probe on replies recorded from s3rver 3.7.1 and on the
// AccessDenied document from the Amazon S3 API Reference (see testdata/PROVENANCE).
#include "probes/s3/s3_probe.h"

#include <gtest/gtest.h>

#include "probes/common/s3_listing.h"
#include "probes/common/test_support.h"

namespace lw::probes {
namespace {

using testing::testdata;

std::string answer_s3rver(const Exchange& ex) {
  const std::string& l = ex.label;
  if (l == "GET /") return testdata("s3/testdata/s3rver_list_buckets.http");
  if (l == "GET /pubdata?list-type=2&max-keys=1000")
    return testdata("s3/testdata/s3rver_list_objects_v2.http");
  if (l == "GET /pubdata/exports/customers.csv")
    return testdata("s3/testdata/s3rver_get_object_csv.http");
  if (l == "GET /pubdata/config/.env") return testdata("s3/testdata/s3rver_get_object_env.http");
  return testdata("s3/testdata/s3rver_no_such_bucket.http");
}

TEST(S3Listing, ParsesRecordedListObjectsV2) {
  auto r = s3::parse_reply(testdata("s3/testdata/s3rver_list_objects_v2.http"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->kind, s3::ReplyKind::object_list);
  EXPECT_TRUE(r->s3_namespace);
  EXPECT_EQ(r->bucket_name, "pubdata");
  ASSERT_EQ(r->objects.size(), 2u);
  EXPECT_EQ(r->objects[0].key, "config/.env");
  EXPECT_EQ(r->objects[1].key, "exports/customers.csv");
  EXPECT_EQ(r->objects[1].size, 81u);
  EXPECT_EQ(r->objects[1].etag, "\"6a5d4780ecc317708080f8f85dbd8c37\"");  // entity decoded
}

TEST(S3Listing, ParsesBucketListAndErrors) {
  auto b = s3::parse_reply(testdata("s3/testdata/s3rver_list_buckets.http"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->kind, s3::ReplyKind::bucket_list);
  ASSERT_EQ(b->buckets.size(), 1u);
  EXPECT_EQ(b->buckets[0], "pubdata");
  auto e = s3::parse_reply(testdata("s3/testdata/s3rver_no_such_bucket.http"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, s3::ReplyKind::error);
  EXPECT_EQ(e->error_code, "NoSuchBucket");
  auto d = s3::parse_reply(testdata("s3/testdata/aws_access_denied.http"));
  ASSERT_TRUE(d) << d.error().describe();
  EXPECT_EQ(d->error_code, "AccessDenied");
  EXPECT_TRUE(d->amz_request_id);
}

TEST(S3Probe, OpenBucketOnRecordedS3rverDialogue) {
  S3Probe probe;
  ProbeOptions options;
  options.port = 4568;
  const Transcript t = testing::run_dialogue(probe, options, answer_s3rver);
  ASSERT_GE(t.size(), 4u);
  EXPECT_EQ(t[0].exchange.label, "GET /");
  EXPECT_EQ(t[1].exchange.label, "GET /pubdata?list-type=2&max-keys=1000");  // listed name first
  EXPECT_NE(t[1].exchange.request.find("Host: localhost:4568\r\n"), std::string::npos);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->identified);
  EXPECT_EQ(obs->record_count, 2u);
  EXPECT_EQ(obs->data_bytes, 25u + 81u);
  ASSERT_EQ(obs->samples.size(), 2u);
  EXPECT_EQ(obs->samples[1].content_type, "csv");
  EXPECT_NE(obs->samples[1].data.find("Jane Testperson"), std::string::npos);
  EXPECT_EQ(obs->metadata["service_buckets"][0], "pubdata");
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "GET /pubdata?list-type=2&max-keys=1000");
}

TEST(S3Probe, ObjectReadsRespectSampleRecordCap) {
  S3Probe probe;
  ProbeOptions options;
  options.max_sample_records = 1;
  const Transcript t = testing::run_dialogue(probe, options, answer_s3rver);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->samples.size(), 1u);
}

TEST(S3Probe, VirtualHostStyle) {
  EXPECT_EQ(s3::vhost_bucket("pubdata.s3.amazonaws.com"), "pubdata");
  EXPECT_EQ(s3::vhost_bucket("logs.s3.eu-west-1.amazonaws.com"), "logs");
  EXPECT_EQ(s3::vhost_bucket("s3.amazonaws.com"), std::nullopt);
  EXPECT_EQ(s3::vhost_bucket("example.org"), std::nullopt);
  S3Probe probe;
  ProbeOptions options;
  options.host_name = "pubdata.s3.amazonaws.com";
  const Transcript t = testing::run_dialogue(probe, options, [](const Exchange& ex) {
    if (ex.label == "GET /?list-type=2&max-keys=1000")
      return testdata("s3/testdata/s3rver_vhost_list_objects_v2.http");
    if (ex.label == "GET /exports/customers.csv")
      return testdata("s3/testdata/s3rver_get_object_csv.http");
    return testdata("s3/testdata/s3rver_get_object_env.http");
  });
  ASSERT_EQ(t.size(), 3u);
  EXPECT_NE(t[0].exchange.request.find("Host: pubdata.s3.amazonaws.com\r\n"), std::string::npos);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->metadata["style"], "virtual-host");
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::open);
}

TEST(S3Probe, AccessDeniedEverywhereIsAuthRequired) {
  S3Probe probe;
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, [](const Exchange&) {
    return testdata("s3/testdata/aws_access_denied.http");
  });
  EXPECT_GT(t.size(), 10u);  // tried the default names
  EXPECT_LE(t.size(), 40u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "GET /");
  EXPECT_EQ(obs->metadata["server"], "AmazonS3");
}

TEST(S3Probe, NoSuchBucketEverywhereIsUnknown) {
  S3Probe probe;
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, [](const Exchange&) {
    return testdata("s3/testdata/s3rver_no_such_bucket.http");
  });
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::unknown);
}

TEST(S3Hardening, TwoHundredToEverythingIsNotS3) {
  S3Probe probe;
  const std::string page =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<html></html>";
  const Transcript t =
      testing::run_dialogue(probe, ProbeOptions{}, [&](const Exchange&) { return page; });
  EXPECT_EQ(t.size(), 1u);  // nothing more is asked of a non-S3 server
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::not_this_protocol);
}

TEST(S3Hardening, SameListingForEveryPathIsNotOpenForOtherNames) {
  // A server that answers every request with one canned listing: only the bucket it names can
  // be open, and the <Name> marker has to match the request.
  S3Probe probe;
  const std::string listing = testdata("s3/testdata/s3rver_list_objects_v2.http");
  Transcript t;
  t.push_back(testing::turn("GET /", testdata("s3/testdata/aws_access_denied.http")));
  t.push_back(testing::turn("GET /backups?list-type=2&max-keys=1000", listing));
  t[0].exchange.step = static_cast<std::uint32_t>(S3Step::service);
  t[1].exchange.step = static_cast<std::uint32_t>(S3Step::list);
  t[1].exchange.subject = "backups";
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_NE(probe.judge(*obs).kind, VerdictKind::open);
}

TEST(S3Hardening, TruncationAtEveryByteNeverOpens) {
  S3Probe probe;
  const std::string listing = testdata("s3/testdata/s3rver_list_objects_v2.http");
  ASSERT_FALSE(listing.empty());
  for (std::size_t n = 0; n < listing.size(); ++n) {
    Transcript t;
    t.push_back(testing::turn("GET /", testdata("s3/testdata/s3rver_list_buckets.http")));
    t.push_back(testing::turn("GET /pubdata?list-type=2&max-keys=1000", listing.substr(0, n),
                              ReplyEnd::closed));
    t[0].exchange.step = static_cast<std::uint32_t>(S3Step::service);
    t[1].exchange.step = static_cast<std::uint32_t>(S3Step::list);
    t[1].exchange.subject = "pubdata";
    auto obs = probe.parse(t);
    if (obs) {
      EXPECT_NE(probe.judge(*obs).kind, VerdictKind::open) << n;
    }
    (void)probe.frame(t[1].exchange, t[1].reply);
  }
}

TEST(S3Hardening, LyingLengthAndDeepNesting) {
  auto lying = s3::parse_reply(
      "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 99999\r\n\r\n<a/>");
  ASSERT_FALSE(lying);
  EXPECT_EQ(lying.error().code, ErrorCode::too_large);
  std::string deep = "<ListBucketResult>";
  for (int i = 0; i < 100; ++i) deep += "<Contents>";
  const std::string reply = "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: " +
                            std::to_string(deep.size()) + "\r\n\r\n" + deep;
  auto r = s3::parse_reply(reply);
  ASSERT_FALSE(r);
  auto doctype = s3::parse_reply(
      "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 29\r\n\r\n"
      "<!DOCTYPE a [<!ENTITY x 'y'>]");
  EXPECT_FALSE(doctype);
  auto wrong = s3::parse_reply("SSH-2.0-OpenSSH_9.2\r\n");
  EXPECT_FALSE(wrong);
}

}  // namespace
}  // namespace lw::probes
