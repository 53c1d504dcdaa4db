#include "catalog/record_json.h"

namespace lw::catalog {

void complete_record_json(nlohmann::json& j, const StoredColumns& c) {
  if (!j.is_object()) j = nlohmann::json::object();
  j["schema"] = kRecordSchemaVersion;
  j["scan_id"] = c.scan_id;
  j["time"] = iso8601_utc(c.time_ms);
  j["ip"] = c.address;
  j["port"] = c.port;
  j["transport"] = c.transport;
  j["outcome"] = c.outcome;
  j["verdict"] = c.verdict;
  j["product"] = c.product;
  j["version"] = c.version;
  j["sensitivity"] = c.sensitivity;
  j["severity"] = c.severity;
  if (c.data_bytes) j["data_bytes"] = *c.data_bytes;
  if (c.record_count) j["record_count"] = *c.record_count;
}

}  // namespace lw::catalog
