// Format handling: JSON paths, CSV headers, gzip, MIME, DOCX/XLSX, PDF, sniffing, streaming.
#include <gtest/gtest.h>

#include "classify/formats/container.h"
#include "classify/formats/csv.h"
#include "classify/formats/gzip.h"
#include "classify/formats/json_walker.h"
#include "classify/formats/sniff.h"
#include "classify/stream.h"
#include "classify/test_files.h"
#include "classify/test_util.h"

namespace lw::classify {
namespace {

using testing::find;
using testing::run;

TEST(classify_json_walker, PathsAndContext) {
  const std::string json =
      R"({"user": {"name": "A", "ids": [1, {"ssn": "536-22-4781"}]}, "n": -3.5})";
  auto segs = json_segments(json, 64, 100);
  ASSERT_TRUE(segs) << segs.error().describe();
  ASSERT_EQ(segs->size(), 4u);
  EXPECT_EQ((*segs)[0].label, "field $.user.name");
  EXPECT_EQ((*segs)[1].label, "field $.user.ids[0]");
  EXPECT_EQ((*segs)[1].context, "ids");
  EXPECT_EQ((*segs)[2].label, "field $.user.ids[1].ssn");
  EXPECT_EQ(json.substr((*segs)[2].begin, (*segs)[2].end - (*segs)[2].begin), "536-22-4781");
  EXPECT_EQ((*segs)[3].label, "field $.n");
}

TEST(classify_json_walker, JsonLinesAndErrors) {
  auto lines = json_segments("{\"a\": 1}\n{\"b\": \"x\"}\n", 8, 100);
  ASSERT_TRUE(lines);
  EXPECT_EQ(lines->size(), 2u);
  EXPECT_EQ(json_segments("{\"a\": ", 8, 100).error().code, ErrorCode::parse_error);
  EXPECT_EQ(json_segments("{\"a\" 1}", 8, 100).error().code, ErrorCode::parse_error);
  EXPECT_EQ(json_segments("[[[[1]]]]", 3, 100).error().code, ErrorCode::too_deep);
  EXPECT_EQ(json_segments("\"unterminated", 8, 100).error().code, ErrorCode::parse_error);
}

TEST(classify_json_walker, KeysThatLookLikeValuesAreNotPrinted) {
  auto segs = json_segments(R"({"alice@example.com": {"x": "1"}})", 8, 100);
  ASSERT_TRUE(segs);
  ASSERT_EQ(segs->size(), 1u);
  EXPECT_EQ((*segs)[0].label, "field $.*.x");
}

TEST(classify_json, FieldNameIsContext) {
  const auto f =
      run(R"({"patient": {"passport_number": "K1234567", "npi": "1234567893"}})", "json");
  const auto* passport = find(f, "passport_number");
  ASSERT_NE(passport, nullptr);
  EXPECT_EQ(passport->location, "field $.patient.passport_number");
  EXPECT_EQ(passport->masked, "****4567");
  EXPECT_NE(find(f, "us_npi"), nullptr);
}

TEST(classify_csv, HeaderIsContextAndLocation) {
  const auto f = run(
      "name,dob,ssn\r\nAlice,1985-03-14,536224781\r\n\"Bob, Jr\",\"1990-01-02\",\"536224782\"\r\n",
      "csv");
  const auto* dob = find(f, "date_of_birth");
  ASSERT_NE(dob, nullptr);
  EXPECT_EQ(dob->location, "row 1 column dob");
  EXPECT_EQ(testing::count(f, "us_ssn"), 2u);
  EXPECT_EQ(testing::count(f, "date_of_birth"), 2u);
}

TEST(classify_csv, QuotedNewlinesAndTsv) {
  auto segs = csv_segments("a\tb\n\"x\ny\"\tz\n", 0, 100);
  ASSERT_TRUE(segs);
  ASSERT_EQ(segs->size(), 2u);
  EXPECT_EQ((*segs)[1].label, "row 1 column b");
  EXPECT_FALSE(csv_segments("a,b\n\"open,1\n", ',', 100));
}

TEST(classify_gzip, InflatesAndCaps) {
  const std::string text = "ssn 536-22-4781\n" + std::string(100000, 'a');
  const auto gz = testing::gzip_bytes(text);
  auto out = gunzip(gz, 1 << 20, 1000);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, text);
  EXPECT_EQ(gunzip(gz, 1000, 1000).error().code, ErrorCode::too_large);  // size cap
  const auto bomb = testing::gzip_bytes(std::string(4u << 20, 'a'));
  EXPECT_EQ(gunzip(bomb, 64u << 20, 100).error().code, ErrorCode::too_large);  // ratio cap
  EXPECT_TRUE(gunzip(bomb, 64u << 20, 10000));
  const auto f = run(gz, "");
  ASSERT_NE(find(f, "us_ssn"), nullptr);
  EXPECT_EQ(find(f, "us_ssn")->location, "offset 4");
}

TEST(classify_gzip, TruncatedKeepsWhatInflated) {
  const std::string text = "ssn 536-22-4781\n" + std::string(200000, 'q');
  auto gz = testing::gzip_bytes(text);
  gz.resize(gz.size() / 2);
  auto out = gunzip(gz, 1 << 20, 10000);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->substr(0, 15), "ssn 536-22-4781");
}

TEST(classify_mime, AttachmentsAreClassified) {
  const auto msg = testing::mime_bytes("Hello, card 4111 1111 1111 1111 attached.", "people.csv",
                                       "text/csv", "name,ssn\nAlice,536-22-4781\n");
  EXPECT_EQ(sniff_content_type(msg), "email");
  const auto f = run(msg, "");
  const auto* ssn = find(f, "us_ssn");
  ASSERT_NE(ssn, nullptr);
  EXPECT_EQ(ssn->location, "part people.csv, row 1 column ssn");
  EXPECT_NE(find(f, "payment_card"), nullptr);
  const auto* from = find(f, "email_address");
  ASSERT_NE(from, nullptr);
}

TEST(classify_ooxml, DocxTextAcrossRuns) {
  const std::string doc =
      "<?xml version=\"1.0\"?><w:document><w:body><w:p><w:r><w:t>SSN 536-22-</w:t></w:r>"
      "<w:r><w:t>4781</w:t></w:r></w:p><w:p><w:r><w:t>TOP SECRET//NOFORN</w:t></w:r></w:p>"
      "</w:body></w:document>";
  const auto docx =
      testing::zip_bytes({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", doc}});
  const auto f = run(docx, "docx");
  const auto* ssn = find(f, "us_ssn");
  ASSERT_NE(ssn, nullptr);
  EXPECT_EQ(ssn->location, "entry word/document.xml, offset 4");
  EXPECT_NE(find(f, "classification_banner"), nullptr);
}

TEST(classify_ooxml, XlsxSharedStrings) {
  const auto xlsx = testing::zip_bytes(
      {{"xl/sharedStrings.xml", "<sst><si><t>email</t></si><si><t>bob@example.com</t></si></sst>"},
       {"xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row><c><v>4111111111111111</v></c></row></sheetData></"
        "worksheet>"}});
  EXPECT_EQ(sniff_content_type(xlsx), "zip");
  const auto f = run(xlsx, "");
  EXPECT_NE(find(f, "email_address"), nullptr);
  EXPECT_NE(find(f, "payment_card"), nullptr);
}

TEST(classify_xml_text, EntitiesAndSeparators) {
  EXPECT_EQ(xml_text("<a><p>x &amp; y&#33;</p><c>1</c><c>2</c></a>"), "x & y!\n1\t2\t");
}

TEST(classify_pdf, TextIsClassified) {
  const auto pdf = testing::pdf_bytes("Patient SSN 536-22-4781 on file");
  auto text = pdf_text(pdf, Limits{});
  ASSERT_TRUE(text) << text.error().describe();
  EXPECT_NE(text->find("536-22-4781"), std::string::npos) << *text;
  const auto f = run(pdf, "");
  const auto* ssn = find(f, "us_ssn");
  ASSERT_NE(ssn, nullptr);
  EXPECT_EQ(ssn->location.rfind("pdf text, offset ", 0), 0u) << ssn->location;
}

TEST(classify_sniff, Types) {
  EXPECT_EQ(sniff_content_type("  {\"a\":1}"), "json");
  EXPECT_EQ(sniff_content_type("a,b,c\n1,2,3\n"), "csv");
  EXPECT_EQ(sniff_content_type("a\tb\n1\t2\n"), "tsv");
  EXPECT_EQ(sniff_content_type("%PDF-1.7"), "pdf");
  EXPECT_EQ(sniff_content_type("hello, world\nbye, now\n"), "text");
}

TEST(classify_stream, BlocksOverlapSoBorderValuesAreFound) {
  // Values planted across every block border of a 64 KiB-block stream.
  constexpr std::size_t kBlock = 65536;
  std::string data(kBlock * 8, '.');
  std::vector<std::size_t> planted;
  for (std::size_t b = 1; b < 8; ++b) {
    const std::size_t at = b * kBlock - 6;  // "SSN 536-22-4781" straddles the border
    data.replace(at, 16, " SSN 536-22-4781");
    planted.push_back(at + 5);
  }
  auto config = testing::test_config();
  config.limits.max_bytes = kBlock;  // forces the block path
  auto c = Classifier::create(config);
  ASSERT_TRUE(c);
  std::size_t pos = 0;
  auto read = [&](std::span<char> buf) -> Result<std::size_t> {
    const auto n = std::min(buf.size(), data.size() - pos);
    std::copy_n(data.data() + pos, n, buf.data());
    pos += n;
    return n;
  };
  std::uint64_t total = 0;
  auto f = classify_stream(**c, "mem", read, kBlock, &total);
  ASSERT_TRUE(f) << f.error().describe();
  EXPECT_EQ(total, data.size());
  std::vector<std::string> locations;
  for (const auto& x : *f) {
    if (x.detector == "us_ssn") locations.push_back(x.location);
  }
  ASSERT_EQ(locations.size(), planted.size());
  for (std::size_t i = 0; i < planted.size(); ++i) {
    EXPECT_EQ(locations[i], "offset " + std::to_string(planted[i]));
  }
}

}  // namespace
}  // namespace lw::classify
