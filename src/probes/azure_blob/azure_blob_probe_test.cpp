// Unit and hardening tests for the Azure Blob probe on replies recorded from Azurite 3.37.0
// (see testdata/PROVENANCE).
#include "probes/azure_blob/azure_blob_probe.h"

#include <gtest/gtest.h>

#include "probes/azure_blob/azure_listing.h"
#include "probes/common/test_support.h"

namespace lw::probes {
namespace {

using testing::testdata;

std::string answer_azurite(const Exchange& ex) {
  const std::string& l = ex.label;
  if (l == "GET /devstoreaccount1?comp=list&maxresults=1000")
    return testdata("azure_blob/testdata/azurite_list_containers_403.http");
  if (l == "GET /devstoreaccount1/backups?restype=container&comp=list&maxresults=1000")
    return testdata("azure_blob/testdata/azurite_list_blobs_public.http");
  if (l.starts_with("GET /devstoreaccount1/backups/"))
    return testdata("azure_blob/testdata/azurite_get_blob_notes.http");
  return testdata("azure_blob/testdata/azurite_list_blobs_private_403.http");
}

TEST(AzureListing, ParsesRecordedListBlobs) {
  auto r = azure::parse_reply(testdata("azure_blob/testdata/azurite_list_blobs_public.http"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->kind, azure::ReplyKind::blob_list);
  EXPECT_TRUE(azure::is_azure(*r));
  EXPECT_EQ(r->container_name, "backups");
  ASSERT_EQ(r->blobs.size(), 2u);
  EXPECT_EQ(r->blobs[0].name, "exports/customers.csv");
  EXPECT_EQ(r->blobs[0].size, 99u);
  EXPECT_EQ(r->blobs[0].content_type, "text/csv");
  EXPECT_FALSE(r->more);
}

TEST(AzureListing, ParsesRecordedDenial) {
  auto r = azure::parse_reply(testdata("azure_blob/testdata/azurite_list_blobs_private_403.http"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, azure::ReplyKind::error);
  EXPECT_EQ(r->error_code, "AuthorizationFailure");
  EXPECT_TRUE(azure::is_denial(r->error_code));
}

TEST(AzureBlobProbe, PublicContainerOnRecordedAzuriteDialogue) {
  AzureBlobProbe probe;
  ProbeOptions options;
  options.port = 10000;
  const Transcript t = testing::run_dialogue(probe, options, answer_azurite);
  ASSERT_GE(t.size(), 3u);
  EXPECT_NE(t[0].exchange.request.find("Host: localhost:10000\r\n"), std::string::npos);
  EXPECT_NE(t[0].exchange.request.find("x-ms-version: "), std::string::npos);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "azurite");
  EXPECT_EQ(obs->version, "3.37.0");
  EXPECT_EQ(obs->record_count, 2u);
  EXPECT_EQ(obs->metadata["public_containers"][0]["name"], "backups");
  ASSERT_FALSE(obs->samples.empty());
  EXPECT_EQ(obs->samples[0].data, "LAB FAKE DATA: nothing real here\n");
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "GET /devstoreaccount1/backups?restype=container&comp=list&maxresults=1000");
}

TEST(AzureBlobProbe, PrivateOnlyIsAuthRequired) {
  AzureBlobProbe probe;
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, [](const Exchange&) {
    return testdata("azure_blob/testdata/azurite_list_blobs_private_403.http");
  });
  EXPECT_LE(t.size(), 40u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "GET /devstoreaccount1?comp=list&maxresults=1000");
}

TEST(AzureBlobProbe, AccountHostUsesVirtualHostPaths) {
  EXPECT_EQ(azure::account_prefix("acme.blob.core.windows.net"), "");
  EXPECT_EQ(azure::account_prefix("127.0.3.10"), "/devstoreaccount1");
  AzureBlobProbe probe;
  ProbeOptions options;
  options.host_name = "acme.blob.core.windows.net";
  const auto first = probe.next(options, {});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->label, "GET /?comp=list&maxresults=1000");
}

TEST(AzureHardening, TwoHundredToEverythingIsNotAzure) {
  AzureBlobProbe probe;
  const std::string page =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<html></html>";
  const Transcript t =
      testing::run_dialogue(probe, ProbeOptions{}, [&](const Exchange&) { return page; });
  EXPECT_EQ(t.size(), 1u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::not_this_protocol);
}

TEST(AzureHardening, ListingWithoutAzureHeadersOrForAnotherContainerIsNotOpen) {
  AzureBlobProbe probe;
  std::string listing = testdata("azure_blob/testdata/azurite_list_blobs_public.http");
  Transcript t;
  t.push_back(testing::turn("GET /devstoreaccount1?comp=list&maxresults=1000",
                            testdata("azure_blob/testdata/azurite_list_containers_403.http")));
  t.push_back(testing::turn(
      "GET /devstoreaccount1/data?restype=container&comp=list&maxresults=1000", listing));
  t[0].exchange.step = static_cast<std::uint32_t>(azure::AzureStep::service);
  t[0].exchange.subject = "/devstoreaccount1";
  t[1].exchange.step = static_cast<std::uint32_t>(azure::AzureStep::list);
  t[1].exchange.subject = "data";
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_NE(probe.judge(*obs).kind, VerdictKind::open);  // ContainerName says "backups"
}

TEST(AzureHardening, TruncationAtEveryByteNeverOpens) {
  AzureBlobProbe probe;
  const std::string listing = testdata("azure_blob/testdata/azurite_list_blobs_public.http");
  ASSERT_FALSE(listing.empty());
  // Up to the last chunk's "0\r\n": from there on the whole document is in (trailers optional).
  const std::size_t whole = listing.rfind("\r\n0\r\n") + 5;
  for (std::size_t n = 0; n < whole; ++n) {
    Transcript t;
    t.push_back(testing::turn("GET /devstoreaccount1?comp=list&maxresults=1000",
                              testdata("azure_blob/testdata/azurite_list_containers_403.http")));
    t.push_back(
        testing::turn("GET /devstoreaccount1/backups?restype=container&comp=list&maxresults=1000",
                      listing.substr(0, n), ReplyEnd::closed));
    t[0].exchange.step = static_cast<std::uint32_t>(azure::AzureStep::service);
    t[0].exchange.subject = "/devstoreaccount1";
    t[1].exchange.step = static_cast<std::uint32_t>(azure::AzureStep::list);
    t[1].exchange.subject = "backups";
    auto obs = probe.parse(t);
    if (obs) {
      EXPECT_NE(probe.judge(*obs).kind, VerdictKind::open) << n;
    }
  }
}

TEST(AzureHardening, LyingLengthsAndWrongProtocol) {
  EXPECT_FALSE(
      azure::parse_reply("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n"
                         "Content-Length: 5000\r\n\r\n<EnumerationResults/>"));
  EXPECT_FALSE(azure::parse_reply("+OK POP3 ready\r\n"));
  const std::string body =
      "<EnumerationResults ContainerName=\"a\"><Blobs><Blob><Name>x</Name><Properties>"
      "<Content-Length>99999999999999999999999</Content-Length></Properties></Blob></Blobs>"
      "</EnumerationResults>";
  auto huge = azure::parse_reply(
      "HTTP/1.1 200 OK\r\nx-ms-request-id: 1\r\nContent-Type: application/xml\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_TRUE(huge);
  EXPECT_TRUE(huge->blobs.empty());  // an unparsable size is not a blob
}

}  // namespace
}  // namespace lw::probes
