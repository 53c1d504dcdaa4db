// Paging and bad input for the Azure Blob dialogue (issue 12): a container of more than one page
// (NextMarker -> marker=) whose sensitive blobs are on a later page, a container that never ends
// (a million blobs), a NextMarker of 1 MB, a listing of garbage. Synthetic transcripts: the List
// Blobs documents are built here in the shape of Azurite 3.37.0's recorded reply
// (testdata/azurite_list_blobs_public.http); each case must stay bounded, say what stopped it,
// and never crash or call the store open on bytes that do not prove it.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "probes/azure_blob/azure_blob_probe.h"
#include "probes/azure_blob/azure_listing.h"
#include "probes/common/object_store.h"
#include "probes/common/test_support.h"

namespace lw::probes {
namespace {

using azure::AzureStep;

std::string azure_http(int status, const std::string& body,
                       std::string_view type = "application/xml") {
  return "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Forbidden") +
         "\r\nServer: Azurite-Blob/3.37.0\r\nx-ms-request-id: 1\r\nContent-Type: " +
         std::string(type) + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         body;
}

std::string containers(const std::vector<std::string>& names) {
  std::string b = "<EnumerationResults><Containers>";
  for (const auto& n : names) b += "<Container><Name>" + n + "</Name></Container>";
  return azure_http(200, b + "</Containers><NextMarker/></EnumerationResults>");
}

std::string blob_page(const std::string& container, const std::vector<std::string>& names,
                      const std::string& next_marker) {
  std::string b = "<EnumerationResults ContainerName=\"" + container + "\"><Blobs>";
  for (const auto& n : names) {
    b += "<Blob><Name>" + n +
         "</Name><Properties><Content-Length>10</Content-Length><Content-Type>text/plain"
         "</Content-Type></Properties></Blob>";
  }
  return azure_http(
      200, b + "</Blobs><NextMarker>" + next_marker + "</NextMarker></EnumerationResults>");
}

std::string marker_of(const Exchange& ex) {
  const auto at = ex.label.find("&marker=");
  return at == std::string::npos ? std::string() : ex.label.substr(at + 8);
}

const std::string kBlob = azure_http(200, "0123456789", "text/plain");

bool is(const Exchange& ex, AzureStep s) {
  return ex.step == static_cast<std::uint32_t>(s);
}

TEST(AzurePaging, ListingKeepsTheNextMarkerUnderItsCap) {
  auto r = azure::parse_reply(blob_page("data", {"a.txt"}, "2!72!MDAwMDA4"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->more);
  EXPECT_EQ(r->next_marker, "2!72!MDAwMDA4");
  auto last = azure::parse_reply(blob_page("data", {"a.txt"}, ""));
  ASSERT_TRUE(last);
  EXPECT_FALSE(last->more);
  auto over = azure::parse_reply(blob_page("data", {"a.txt"}, std::string(2048, 'm')));
  ASSERT_TRUE(over);
  EXPECT_TRUE(over->more);
  EXPECT_TRUE(over->next_marker.empty());
}

TEST(AzurePaging, SensitiveBlobsOnTheSecondPageAreListedAndReadFirst) {
  // Page 1: 1,000 ordinary blobs; page 2 (marker=p2): ordinary ones and two sensitive names.
  std::vector<std::string> first;
  for (int i = 0; i < 1000; ++i) first.push_back("exports/orders-" + std::to_string(i) + ".csv");
  const std::vector<std::string> second = {"reports/weekly-1.txt", "vault/hr/personnel/emp.json",
                                           "vault/fin/cardholder/batch.csv"};
  const AzureBlobProbe p;
  ProbeOptions o;
  o.bucket_names = {};
  const Transcript t = testing::run_dialogue(p, o, [&](const Exchange& ex) {
    if (is(ex, AzureStep::service)) return containers({"corp-data"});
    if (is(ex, AzureStep::list)) {
      if (ex.subject != "corp-data") return azure_http(404, "<Error><Code>x</Code></Error>");
      return marker_of(ex) == "p2" ? blob_page("corp-data", second, "")
                                   : blob_page("corp-data", first, "p2");
    }
    return kBlob;
  });
  ASSERT_GE(t.size(), 4u);
  EXPECT_TRUE(is(t[2].exchange, AzureStep::list));
  EXPECT_EQ(marker_of(t[2].exchange), "p2");
  EXPECT_EQ(t[2].exchange.subject, "corp-data");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->record_count, 1003u);
  EXPECT_EQ(obs->metadata["public_containers"][0]["pages"], 2);
  EXPECT_EQ(obs->metadata["public_containers"][0]["more"], false);
  // The sampler reads the sensitive names first, though they came last.
  std::vector<std::string> reads;
  for (const auto& turn : t) {
    if (is(turn.exchange, AzureStep::blob)) reads.push_back(turn.exchange.subject);
  }
  ASSERT_GE(reads.size(), 2u);
  EXPECT_TRUE(reads[0].starts_with("corp-data/vault/")) << reads[0];
  for (const char* planted :
       {"corp-data/vault/hr/personnel/emp.json", "corp-data/vault/fin/cardholder/batch.csv"}) {
    EXPECT_NE(std::find(reads.begin(), reads.end(), planted), reads.end()) << planted;
  }
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::open);
}

TEST(AzurePaging, MillionBlobsStopAtThePageCapAndSayWhy) {
  const AzureBlobProbe p;
  std::size_t served = 0;
  const Transcript t = testing::run_dialogue(
      p, ProbeOptions{},
      [&](const Exchange& ex) {
        if (is(ex, AzureStep::service)) return containers({"big"});
        if (is(ex, AzureStep::list) && ex.subject == "big") {
          std::vector<std::string> names;
          for (std::size_t i = 0; i < azure::kPageBlobs; ++i)
            names.push_back("part-" + std::to_string(served * azure::kPageBlobs + i) + ".txt");
          ++served;
          return blob_page("big", names, "m" + std::to_string(served));
        }
        if (is(ex, AzureStep::list)) return azure_http(404, "<Error><Code>x</Code></Error>");
        return kBlob;
      },
      500);
  EXPECT_LE(t.size(), object_store::kMaxDialogueExchanges);
  EXPECT_EQ(served, azure::kMaxPagesPerContainer);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->record_count, azure::kMaxPagesPerContainer * azure::kPageBlobs);
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("big: listing stopped after 5000 blobs"), std::string::npos) << sampling;
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::open);
}

TEST(AzurePaging, MarkerOverItsCapIsNeverSentBackAndIsNamed) {
  // 200 KB: over the marker cap, under the listing's 1 MiB reply cap (a 1 MB one is cut with the
  // reply, as the blob-name case below shows).
  const std::string huge(200 * 1024, 'M');
  const AzureBlobProbe p;
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, [&](const Exchange& ex) {
    if (is(ex, AzureStep::service)) return containers({"cont1"});
    if (is(ex, AzureStep::list) && ex.subject == "cont1")
      return blob_page("cont1", {"a.txt"}, huge);
    if (is(ex, AzureStep::list)) return azure_http(404, "<Error><Code>x</Code></Error>");
    return kBlob;
  });
  for (const auto& turn : t) {
    EXPECT_LT(turn.exchange.request.size(), 8192u) << turn.exchange.label.substr(0, 80);
  }
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->metadata["public_containers"][0]["marker_over_cap"], true);
  EXPECT_NE(obs->metadata["sampling"].dump().find("NextMarker was over 1024 bytes"),
            std::string::npos);
}

TEST(AzurePaging, BlobNamesOfOneMegabyteAreCutByTheCapOrBoundedInTheRecord) {
  const AzureBlobProbe p;
  for (const std::size_t n : {std::size_t{1024 * 1024}, std::size_t{100 * 1024}}) {
    const std::string huge(n, 'n');
    const Transcript t = testing::run_dialogue(p, ProbeOptions{}, [&](const Exchange& ex) {
      if (is(ex, AzureStep::service)) return containers({"cont1"});
      if (is(ex, AzureStep::list) && ex.subject == "cont1")
        return blob_page("cont1", {huge + ".txt", "b.txt"}, "");
      if (is(ex, AzureStep::list)) return azure_http(404, "<Error><Code>x</Code></Error>");
      return kBlob;
    });
    for (const auto& turn : t) EXPECT_LT(turn.exchange.request.size(), 8192u) << n;
    auto obs = p.parse(t);
    if (n > 1024 * 1024 - 1) {
      // Over the 1 MiB listing cap: the reply is cut, and a cut XML document proves nothing.
      EXPECT_EQ(t[1].end, ReplyEnd::cap_reached);
      if (obs) {
        EXPECT_NE(p.judge(*obs).kind, VerdictKind::open);
      } else {
        EXPECT_NE(obs.error().describe().find("cut off"), std::string::npos)
            << obs.error().describe();
      }
      continue;
    }
    ASSERT_TRUE(obs) << obs.error().describe();
    EXPECT_EQ(obs->record_count, 2u);
    EXPECT_LT(obs->metadata.dump().size(), 16u * 1024u);
  }
}

TEST(AzurePaging, GarbageListingIsNotOpenAndIsNamed) {
  const AzureBlobProbe p;
  Transcript t;
  t.push_back(
      testing::turn("GET /devstoreaccount1?comp=list&maxresults=1000", containers({"garbage"})));
  t.push_back(
      testing::turn("GET /devstoreaccount1/garbage?restype=container&comp=list&maxresults=1000",
                    azure_http(200,
                               "<EnumerationResults ContainerName=\"garbage\"><Blobs><Blob>"
                               "<Name>x</Name><Properties><Content-Le")));
  t = testing::with_steps(p, t);
  ASSERT_EQ(t[1].exchange.subject, "garbage");
  auto obs = p.parse(t);
  // Malformed XML from an identified service: an error naming the bad document, never open.
  if (obs) {
    EXPECT_NE(p.judge(*obs).kind, VerdictKind::open);
  } else {
    EXPECT_FALSE(obs.error().describe().empty());
  }
  EXPECT_FALSE(p.next({}, t).has_value() && is(*p.next({}, t), AzureStep::blob));
}

}  // namespace
}  // namespace lw::probes
