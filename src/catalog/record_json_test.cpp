#include "catalog/record_json.h"

#include <gtest/gtest.h>

#include "catalog/catalog_test_util.h"

namespace lw::catalog {
namespace {

// What observations store plus their columns is the whole document again.
TEST(RecordJson, StoredFormPlusColumnsIsTheWholeDocument) {
  auto r = testing::make_record("192.0.2.7", 6379, VerdictKind::open, 1'790'000'000'123, 4096,
                                {"email"});
  r.scan_id = "scan-1";
  r.host_name = "cache.example.org";
  r.severity = "high";
  r.sensitivity = 70;
  r.record_count = 12;
  r.metadata = {{"keys", 3}, {"note", "x\ny"}};
  r.tls = TlsInfo{"TLSv1.3", "TLS_AES_128_GCM_SHA256", "CN=cache", "CN=CA", {"a"}, "", "", true};
  std::string stored;
  append_record_json(r, RecordMembers::detail, stored);
  auto j = nlohmann::json::parse(stored);
  for (const char* held : {"ip", "port", "transport", "scan_id", "time", "verdict", "product",
                           "severity", "data_bytes", "record_count", "schema"}) {
    EXPECT_FALSE(j.contains(held)) << held;
  }
  complete_record_json(j, StoredColumns{r.scan_id, r.time_ms, "192.0.2.7", r.port, "tcp", "success",
                                        "open", r.product, r.version, r.severity, r.sensitivity,
                                        r.data_bytes, r.record_count});
  EXPECT_EQ(j, to_json(r)) << stored;
}

}  // namespace
}  // namespace lw::catalog
