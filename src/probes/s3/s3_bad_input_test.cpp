// Bad input for the S3-shaped dialogue (issue 12, "Bad input"): a bucket of a million keys
// (listings that never end), names of 1 MB, listings of garbage. Synthetic transcripts: the
// listing documents are built here in the shape of s3rver 3.7.1's recorded ListObjectsV2 reply
// (testdata/s3rver_list_objects_v2.http); each case must stay bounded, say what stopped it, and
// never crash or call the store open on bytes that do not prove it.
#include <gtest/gtest.h>

#include <string>

#include "probes/common/object_store.h"
#include "probes/common/s3_listing.h"
#include "probes/common/test_support.h"
#include "probes/s3/s3_probe.h"

namespace lw::probes {
namespace {

constexpr std::string_view kNs = "http://s3.amazonaws.com/doc/2006-03-01/";

std::string http_xml(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nx-amz-request-id: 1\r\n"
         "Content-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string bucket_list(const std::vector<std::string>& names) {
  std::string b = "<ListAllMyBucketsResult xmlns=\"" + std::string(kNs) + "\"><Buckets>";
  for (const auto& n : names) b += "<Bucket><Name>" + n + "</Name></Bucket>";
  return http_xml(b + "</Buckets></ListAllMyBucketsResult>");
}

// One page of `count` objects named <prefix><i>.txt, truncated with a fresh token: a bucket
// that never ends.
std::string endless_page(const std::string& bucket, std::size_t page, std::size_t count,
                         const std::string& prefix = "orders/order-") {
  std::string b = "<ListBucketResult xmlns=\"" + std::string(kNs) + "\"><Name>" + bucket +
                  "</Name><IsTruncated>true</IsTruncated><NextContinuationToken>tok" +
                  std::to_string(page + 1) + "</NextContinuationToken>";
  for (std::size_t i = 0; i < count; ++i) {
    b += "<Contents><Key>" + prefix + std::to_string(page * count + i) +
         ".txt</Key><Size>10</Size></Contents>";
  }
  return http_xml(b + "</ListBucketResult>");
}

std::size_t page_of(const Exchange& ex) {
  const auto at = ex.label.find("continuation-token=tok");
  return at == std::string::npos ? 0 : std::stoul(ex.label.substr(at + 22));
}

const std::string kObject =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n"
    "0123456789";

TEST(S3BadInput, MillionKeysInManyBucketsStopAtTheServiceCapAndSayWhy) {
  // Twelve buckets of "a million keys" each: every page is truncated and names a next one.
  std::vector<std::string> names;
  for (int i = 0; i < 12; ++i) names.push_back("bucket-" + std::to_string(i));
  const S3Probe p;
  const Transcript t = testing::run_dialogue(
      p, ProbeOptions{},
      [&](const Exchange& ex) {
        if (ex.step == static_cast<std::uint32_t>(S3Step::service)) return bucket_list(names);
        if (ex.step == static_cast<std::uint32_t>(S3Step::list))
          return endless_page(ex.subject, page_of(ex), s3::kPageKeys);
        return kObject;
      },
      500);
  EXPECT_EQ(t.size(), object_store::kMaxDialogueExchanges);  // the engine's cap, never above
  std::size_t pages = 0;
  for (const auto& turn : t)
    pages += turn.exchange.step == static_cast<std::uint32_t>(S3Step::list) ? 1u : 0u;
  // 10,000 names per service: two buckets of five pages, the third refused by the name cap.
  EXPECT_EQ(pages, s3::kMaxListedTotal / s3::kPageKeys + 0u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->data_read);
  EXPECT_EQ(obs->record_count, s3::kMaxListedTotal);
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("bucket-0: listing stopped after 5000 objects"), std::string::npos)
      << sampling;
  EXPECT_NE(sampling.find("10000 per service"), std::string::npos) << sampling;
  EXPECT_EQ(obs->samples.size(), object_store::kMaxDialogueExchanges - 1 - pages);
}

TEST(S3BadInput, NameOfOneMegabyteIsCutByTheReplyCapAndNamed) {
  const std::string huge(1024 * 1024, 'k');
  const S3Probe p;
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, [&](const Exchange& ex) {
    if (ex.step == static_cast<std::uint32_t>(S3Step::service)) return bucket_list({"data"});
    return http_xml("<ListBucketResult xmlns=\"" + std::string(kNs) +
                    "\"><Name>data</Name><Contents><Key>" + huge +
                    "</Key><Size>5</Size></Contents></ListBucketResult>");
  });
  ASSERT_GE(t.size(), 2u);
  EXPECT_EQ(t[1].end, ReplyEnd::cap_reached);  // the 512 KiB listing cap cut it
  EXPECT_LE(t.size(), 30u);
  auto obs = p.parse(t);
  // Identified from GET / but nothing proves a read: the malformed listing is the record's
  // error, and it says what was wrong.
  ASSERT_FALSE(obs);
  EXPECT_NE(obs.error().describe().find("cut off"), std::string::npos) << obs.error().describe();
}

TEST(S3BadInput, LongNamesUnderTheCapAreBoundedInTheRecord) {
  const std::string longkey = "hr/" + std::string(200'000, 'n') + ".txt";
  const S3Probe p;
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, [&](const Exchange& ex) {
    if (ex.step == static_cast<std::uint32_t>(S3Step::service)) return bucket_list({"data"});
    if (ex.step == static_cast<std::uint32_t>(S3Step::list)) {
      return http_xml("<ListBucketResult xmlns=\"" + std::string(kNs) +
                      "\"><Name>data</Name><Contents><Key>" + longkey +
                      "</Key><Size>5</Size></Contents></ListBucketResult>");
    }
    return kObject;
  });
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->data_read);
  for (const auto& turn : t) EXPECT_LE(turn.exchange.subject.size(), 2 * s3::kMaxNameBytes);
  EXPECT_LE(obs->metadata.dump().size(), 8u * 1024u);
  for (const auto& s : obs->samples) EXPECT_LE(s.source.size(), 300u);
}

TEST(S3BadInput, GarbageListingIsNotOpenAndIsNamed) {
  const S3Probe p;
  std::string garbage;
  for (int i = 0; i < 4000; ++i) garbage += static_cast<char>((i * 7919) % 251);
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, [&](const Exchange& ex) {
    if (ex.step == static_cast<std::uint32_t>(S3Step::service)) return bucket_list({"data"});
    return http_xml("<ListBucketResult>" + garbage);
  });
  EXPECT_LE(t.size(), 30u);
  auto obs = p.parse(t);
  ASSERT_FALSE(obs);  // an S3 service whose listing is not XML: an error naming it
  EXPECT_FALSE(obs.error().describe().empty());
  // A listing of garbage after a good one leaves the good one's verdict.
  const std::string good = endless_page("data", 0, 3);
  Transcript mixed = testing::run_dialogue(p, ProbeOptions{}, [&](const Exchange& ex) {
    if (ex.step == static_cast<std::uint32_t>(S3Step::service)) return bucket_list({"data", "x11"});
    if (ex.step == static_cast<std::uint32_t>(S3Step::list))
      return ex.subject == "data" && page_of(ex) == 0 ? good : http_xml("<a>" + garbage);
    return kObject;
  });
  auto obs2 = p.parse(mixed);
  ASSERT_TRUE(obs2) << obs2.error().describe();
  EXPECT_EQ(p.judge(*obs2).kind, VerdictKind::open);
}

TEST(S3BadInput, EmptyBucketListedAnonymouslyIsAccess) {
  const S3Probe p;
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, [&](const Exchange& ex) {
    if (ex.step == static_cast<std::uint32_t>(S3Step::service)) return bucket_list({"empty"});
    return http_xml("<ListBucketResult xmlns=\"" + std::string(kNs) +
                    "\"><Name>empty</Name><IsTruncated>false</IsTruncated></ListBucketResult>");
  });
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const Verdict v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::access);
  EXPECT_EQ(v.proof, "GET /empty?list-type=2&max-keys=1000");
}

}  // namespace
}  // namespace lw::probes
