#include "catalog/record_json.h"

namespace lw::catalog {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  std::uint32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  std::uint32_t cp = c & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

void key(std::string_view k, std::string& out) {
  out += '"';
  out += k;
  out += "\":";
}

void number(std::uint64_t v, std::string& out) {
  out += std::to_string(v);
}

void string_list(const std::vector<std::string>& v, std::string& out) {
  out += '[';
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    append_json_string(v[i], out);
  }
  out += ']';
}

}  // namespace

void append_json_string(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else if (const auto n = utf8_length(s, i); n > 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  out += '"';
}

namespace {

// The members the catalog's columns do not hold; `out` has an open object.
void append_rest(const ServiceRecord& r, std::string& out) {
  out += "\"probe\":";
  append_json_string(r.probe, out);
  out += ",\"reason\":";
  append_json_string(r.verdict.reason, out);
  out += ",\"evidence\":{\"exchange\":";
  append_json_string(r.verdict.proof, out);
  out += ",\"kind\":";
  append_json_string(to_string(r.verdict.evidence), out);
  out += "},\"metadata\":";
  out += r.metadata.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out += ",\"samples\":{\"bytes\":";
  number(r.sample_bytes, out);
  out += ",\"count\":";
  number(r.sample_count, out);
  out += "},\"duration_ms\":";
  number(r.duration_ms, out);
  out += ",\"attempts\":";
  string_list(r.attempts, out);
  if (!r.host_name.empty()) {
    out += ",\"host\":";
    append_json_string(r.host_name, out);
  }
  if (r.tls) {
    const auto& t = *r.tls;
    out += ",\"tls\":{";
    key("version", out);
    append_json_string(t.version, out);
    out += ',';
    key("cipher", out);
    append_json_string(t.cipher, out);
    out += ',';
    key("subject", out);
    append_json_string(t.subject, out);
    out += ',';
    key("issuer", out);
    append_json_string(t.issuer, out);
    out += ',';
    key("sans", out);
    string_list(t.sans, out);
    out += ',';
    key("not_before", out);
    append_json_string(t.not_before, out);
    out += ',';
    key("not_after", out);
    append_json_string(t.not_after, out);
    out += ',';
    key("self_signed", out);
    out += t.self_signed ? "true" : "false";
    out += '}';
  }
  out += ",\"findings\":[";
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const auto& f = r.findings[i];
    if (i) out += ',';
    out += '{';
    key("detector", out);
    append_json_string(f.detector, out);
    out += ',';
    key("family", out);
    append_json_string(f.family, out);
    out += ',';
    key("confidence", out);
    out += nlohmann::json(f.confidence).dump();
    out += ',';
    key("location", out);
    append_json_string(f.location, out);
    out += ',';
    key("masked", out);
    append_json_string(f.masked, out);
    out += ',';
    key("value_hash", out);
    append_json_string(f.value_hash, out);
    out += ',';
    key("severity", out);
    append_json_string(f.severity, out);
    out += '}';
  }
  out += "]";
}

}  // namespace

void append_record_json(const ServiceRecord& r, std::string& out) {
  out += "{\"schema\":";
  out += std::to_string(kRecordSchemaVersion);
  out += ",\"scan_id\":";
  append_json_string(r.scan_id, out);
  out += ",\"time\":";
  append_json_string(iso8601_utc(r.time_ms), out);
  out += ",\"ip\":";
  append_json_string(r.address.to_string(), out);
  out += ",\"port\":";
  number(r.port, out);
  out += ",\"transport\":";
  append_json_string(to_string(r.transport), out);
  out += ",\"outcome\":";
  append_json_string(to_string(r.outcome), out);
  out += ",\"verdict\":";
  append_json_string(to_string(r.verdict.kind), out);
  out += ",\"product\":";
  append_json_string(r.product, out);
  out += ",\"version\":";
  append_json_string(r.version, out);
  out += ",\"sensitivity\":";
  out += std::to_string(r.sensitivity);
  out += ",\"severity\":";
  append_json_string(r.severity, out);
  if (r.data_bytes) {
    out += ",\"data_bytes\":";
    number(*r.data_bytes, out);
  }
  if (r.record_count) {
    out += ",\"record_count\":";
    number(*r.record_count, out);
  }
  out += ',';
  append_rest(r, out);
  out += '}';
}

void append_stored_record_json(const ServiceRecord& r, std::string& out) {
  out += '{';
  append_rest(r, out);
  out += '}';
}

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
