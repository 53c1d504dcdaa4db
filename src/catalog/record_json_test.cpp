#include "catalog/record_json.h"

#include <gtest/gtest.h>

#include "catalog/catalog_test_util.h"

namespace lw::catalog {
namespace {

// The fast writer produces exactly the document core's to_json describes.
TEST(RecordJson, SameDocumentAsCoreToJson) {
  auto r = testing::make_record("2001:db8::7", 9200, VerdictKind::open, 1'790'000'000'123, 12345,
                                {"email", "government"});
  r.scan_id = "s\"1";
  r.host_name = "mail.example.org";
  r.product = "Ela\\stic \x01 \xC3\xA9";
  r.metadata = {{"indices", {{"a", 1}, {"b", "x\ny"}}}, {"n", 2.5}};
  r.sample_count = 3;
  r.sample_bytes = 999;
  r.duration_ms = 42;
  r.tls = TlsInfo{"TLSv1.3",  "TLS_AES_128_GCM_SHA256", "CN=mail.example.org",  "CN=CA",
                  {"a", "b"}, "2026-01-01T00:00:00Z",   "2027-01-01T00:00:00Z", true};
  std::string out;
  append_record_json(r, out);
  auto parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed, to_json(r)) << out;
}

// What observations store plus their columns is the whole document again.
TEST(RecordJson, StoredFormPlusColumnsIsTheWholeDocument) {
  auto r = testing::make_record("192.0.2.7", 6379, VerdictKind::open, 1'790'000'000'123, 4096,
                                {"email"});
  r.scan_id = "scan-1";
  r.host_name = "cache.example.org";
  r.severity = "high";
  r.sensitivity = 70;
  std::string stored;
  append_stored_record_json(r, stored);
  auto j = nlohmann::json::parse(stored);
  EXPECT_FALSE(j.contains("ip"));
  complete_record_json(j, StoredColumns{r.scan_id, r.time_ms, "192.0.2.7", r.port, "tcp", "success",
                                        "open", r.product, r.version, r.severity, r.sensitivity,
                                        r.data_bytes, r.record_count});
  EXPECT_EQ(j, to_json(r)) << stored;
}

TEST(RecordJson, InvalidUtf8BecomesReplacementCharacter) {
  std::string out;
  append_json_string(
      "a\xFF"
      "b\xC3",
      out);
  EXPECT_EQ(out, "\"a\\ufffdb\\ufffd\"");
  auto parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed.get<std::string>(),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
}

}  // namespace
}  // namespace lw::catalog
