#include "core/service_record.h"

#include <charconv>
#include <chrono>
#include <ctime>

#include "core/json_text.h"

namespace lw {
namespace {

using nlohmann::json;

json tls_to_json(const TlsInfo& t) {
  return json{{"version", t.version},     {"cipher", t.cipher},
              {"subject", t.subject},     {"issuer", t.issuer},
              {"sans", t.sans},           {"not_before", t.not_before},
              {"not_after", t.not_after}, {"self_signed", t.self_signed}};
}

json finding_to_json(const DataFinding& f) {
  return json{{"detector", f.detector}, {"family", f.family}, {"confidence", f.confidence},
              {"location", f.location}, {"masked", f.masked}, {"value_hash", f.value_hash},
              {"severity", f.severity}};
}

template <class T>
T get_or(const json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  return it->get<T>();
}

// "2026-11-22T00:28:01.512Z" -> Unix milliseconds.
std::optional<std::int64_t> parse_iso8601_utc(const std::string& text) {
  std::tm tm{};
  int ms = 0;
  char z = 0;
  const int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &tm.tm_year, &tm.tm_mon,
                            &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms, &z);
  if (n != 8 || z != 'Z') return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t secs = timegm(&tm);
  if (secs == static_cast<std::time_t>(-1)) return std::nullopt;
  return static_cast<std::int64_t>(secs) * 1000 + ms;
}

}  // namespace

std::string iso8601_utc(std::int64_t unix_ms) {
  // Every record carries one; the calendar arithmetic below is what gmtime_r and strftime do,
  // without their locale and formatting machinery.
  const auto ms = static_cast<int>(((unix_ms % 1000) + 1000) % 1000);
  const std::int64_t secs = (unix_ms - ms) / 1000;
  const std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const auto in_day = static_cast<int>(secs - days * 86400);
  const auto ymd = std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(days)));
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return "0000-00-00T00:00:00.000Z";
  char out[25];
  const auto put = [&](int at, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10)
      out[at + i] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  out[4] = '-';
  put(5, static_cast<int>(static_cast<unsigned>(ymd.month())), 2);
  out[7] = '-';
  put(8, static_cast<int>(static_cast<unsigned>(ymd.day())), 2);
  out[10] = 'T';
  put(11, in_day / 3600, 2);
  out[13] = ':';
  put(14, in_day / 60 % 60, 2);
  out[16] = ':';
  put(17, in_day % 60, 2);
  out[19] = '.';
  put(20, ms, 3);
  out[23] = 'Z';
  return std::string(out, 24);
}

json to_json(const ServiceRecord& r) {
  json j{{"schema", kRecordSchemaVersion},
         {"scan_id", r.scan_id},
         {"time", iso8601_utc(r.time_ms)},
         {"ip", r.address.to_string()},
         {"port", r.port},
         {"transport", to_string(r.transport)},
         {"probe", r.probe},
         {"outcome", to_string(r.outcome)},
         {"verdict", to_string(r.verdict.kind)},
         {"reason", r.verdict.reason},
         {"evidence", {{"kind", to_string(r.verdict.evidence)}, {"exchange", r.verdict.proof}}},
         {"product", r.product},
         {"version", r.version},
         {"metadata", r.metadata},
         {"samples", {{"count", r.sample_count}, {"bytes", r.sample_bytes}}},
         {"sensitivity", r.sensitivity},
         {"severity", r.severity},
         {"duration_ms", r.duration_ms},
         {"attempts", r.attempts}};
  if (r.capabilities != Capabilities{}) {
    j["capabilities"] = {{"exec", r.capabilities.exec},
                         {"read", r.capabilities.read},
                         {"write", r.capabilities.write}};
  }
  if (r.compromised) {
    j["compromised"] = true;
    j["compromise_note"] = r.compromise_note;
  }
  if (!r.severity_reasons.empty()) j["severity_reasons"] = r.severity_reasons;
  if (!r.host_name.empty()) j["host"] = r.host_name;
  if (r.data_bytes) j["data_bytes"] = *r.data_bytes;
  if (r.record_count) j["record_count"] = *r.record_count;
  if (r.tls) j["tls"] = tls_to_json(*r.tls);
  json findings = json::array();
  for (const auto& f : r.findings) findings.push_back(finding_to_json(f));
  j["findings"] = std::move(findings);
  return j;
}

namespace {

// Writes members of one JSON object in the order given; callers give them sorted by key, the
// order nlohmann::json (a std::map) dumps them in.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  ~ObjectWriter() { out_ += '}'; }
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  std::string& key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_.append(k);
    out_ += "\":";
    return out_;
  }
  void string(std::string_view k, std::string_view v) { append_json_string(v, key(k)); }
  template <class Int>
  void number(std::string_view k, Int v) {
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    key(k).append(buf, end);
  }
  void boolean(std::string_view k, bool v) { key(k) += v ? "true" : "false"; }
  void strings(std::string_view k, const std::vector<std::string>& v) {
    std::string& o = key(k);
    o += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) o += ',';
      append_json_string(v[i], o);
    }
    o += ']';
  }

 private:
  std::string& out_;
  bool first_ = true;
};

void append_finding(const DataFinding& f, std::string& out) {
  ObjectWriter o(out);
  o.key("confidence") += json(f.confidence).dump();
  o.string("detector", f.detector);
  o.string("family", f.family);
  o.string("location", f.location);
  o.string("masked", f.masked);
  o.string("severity", f.severity);
  o.string("value_hash", f.value_hash);
}

void append_tls(const TlsInfo& t, std::string& out) {
  ObjectWriter o(out);
  o.string("cipher", t.cipher);
  o.string("issuer", t.issuer);
  o.string("not_after", t.not_after);
  o.string("not_before", t.not_before);
  o.strings("sans", t.sans);
  o.boolean("self_signed", t.self_signed);
  o.string("subject", t.subject);
  o.string("version", t.version);
}

}  // namespace

void append_record_json(const ServiceRecord& r, RecordMembers members, std::string& out) {
  const bool all = members == RecordMembers::all;
  ObjectWriter o(out);
  o.strings("attempts", r.attempts);
  if (r.capabilities != Capabilities{}) {
    ObjectWriter c(o.key("capabilities"));
    c.boolean("exec", r.capabilities.exec);
    c.boolean("read", r.capabilities.read);
    c.boolean("write", r.capabilities.write);
  }
  if (r.compromised) {
    o.string("compromise_note", r.compromise_note);
    o.boolean("compromised", r.compromised);
  }
  if (all && r.data_bytes) o.number("data_bytes", *r.data_bytes);
  o.number("duration_ms", r.duration_ms);
  {
    ObjectWriter e(o.key("evidence"));
    e.string("exchange", r.verdict.proof);
    e.string("kind", to_string(r.verdict.evidence));
  }
  std::string& findings = o.key("findings");
  findings += '[';
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    if (i) findings += ',';
    append_finding(r.findings[i], findings);
  }
  findings += ']';
  if (!r.host_name.empty()) o.string("host", r.host_name);
  if (all) o.string("ip", r.address.to_string());
  o.key("metadata") += r.metadata.dump(-1, ' ', false, json::error_handler_t::replace);
  if (all) {
    o.string("outcome", to_string(r.outcome));
    o.number("port", r.port);
  }
  o.string("probe", r.probe);
  if (all) o.string("product", r.product);
  o.string("reason", r.verdict.reason);
  if (all && r.record_count) o.number("record_count", *r.record_count);
  {
    ObjectWriter s(o.key("samples"));
    s.number("bytes", r.sample_bytes);
    s.number("count", r.sample_count);
  }
  if (all) {
    o.string("scan_id", r.scan_id);
    o.number("schema", kRecordSchemaVersion);
    o.number("sensitivity", r.sensitivity);
    o.string("severity", r.severity);
  }
  if (!r.severity_reasons.empty()) o.strings("severity_reasons", r.severity_reasons);
  if (all) o.string("time", iso8601_utc(r.time_ms));
  if (r.tls) append_tls(*r.tls, o.key("tls"));
  if (all) {
    o.string("transport", to_string(r.transport));
    o.string("verdict", to_string(r.verdict.kind));
    o.string("version", r.version);
  }
}

std::string to_json_line(const ServiceRecord& r) {
  std::string out;
  out.reserve(512);
  append_record_json(r, RecordMembers::all, out);
  return out;
}

Result<ServiceRecord> record_from_json(const json& j) {
  try {
    ServiceRecord r;
    r.scan_id = get_or<std::string>(j, "scan_id", "");
    if (auto t = parse_iso8601_utc(get_or<std::string>(j, "time", "")); t) r.time_ms = *t;
    if (auto s = j.find("samples"); s != j.end() && s->is_object()) {
      r.sample_count = get_or<std::uint32_t>(*s, "count", 0);
      r.sample_bytes = get_or<std::uint64_t>(*s, "bytes", 0);
    }
    auto addr = Address::parse(j.at("ip").get<std::string>());
    if (!addr) return tl::unexpected(addr.error());
    r.address = *addr;
    r.host_name = get_or<std::string>(j, "host", "");
    r.port = j.at("port").get<std::uint16_t>();
    r.transport =
        get_or<std::string>(j, "transport", "tcp") == "tls" ? Transport::tls : Transport::tcp;
    r.probe = get_or<std::string>(j, "probe", "");
    const auto verdict = j.at("verdict").get<std::string>();
    if (!parse_verdict_kind(verdict, r.verdict.kind)) {
      return fail(ErrorCode::parse_error, "unknown verdict '" + verdict + "'", "verdict");
    }
    r.verdict.reason = get_or<std::string>(j, "reason", "");
    if (auto ev = j.find("evidence"); ev != j.end() && ev->is_object()) {
      const auto kind = get_or<std::string>(*ev, "kind", "none");
      r.verdict.evidence = kind == "read"       ? EvidenceKind::read
                           : kind == "access"   ? EvidenceKind::access
                           : kind == "identity" ? EvidenceKind::identity
                                                : EvidenceKind::none;
      r.verdict.proof = get_or<std::string>(*ev, "exchange", "");
    }
    r.product = get_or<std::string>(j, "product", "");
    r.version = get_or<std::string>(j, "version", "");
    if (auto m = j.find("metadata"); m != j.end()) r.metadata = *m;
    if (j.contains("data_bytes")) r.data_bytes = j["data_bytes"].get<std::uint64_t>();
    if (j.contains("record_count")) r.record_count = j["record_count"].get<std::uint64_t>();
    r.sensitivity = get_or<int>(j, "sensitivity", 0);
    r.severity = get_or<std::string>(j, "severity", "");
    r.duration_ms = get_or<std::uint32_t>(j, "duration_ms", 0);
    if (auto t = j.find("tls"); t != j.end() && t->is_object()) {
      TlsInfo tls;
      tls.version = get_or<std::string>(*t, "version", "");
      tls.cipher = get_or<std::string>(*t, "cipher", "");
      tls.subject = get_or<std::string>(*t, "subject", "");
      tls.issuer = get_or<std::string>(*t, "issuer", "");
      tls.sans = get_or<std::vector<std::string>>(*t, "sans", {});
      tls.not_before = get_or<std::string>(*t, "not_before", "");
      tls.not_after = get_or<std::string>(*t, "not_after", "");
      tls.self_signed = get_or<bool>(*t, "self_signed", false);
      r.tls = std::move(tls);
    }
    if (auto f = j.find("findings"); f != j.end() && f->is_array()) {
      for (const auto& e : *f) {
        r.findings.push_back(DataFinding{
            get_or<std::string>(e, "detector", ""), get_or<std::string>(e, "family", ""),
            get_or<double>(e, "confidence", 0.0), get_or<std::string>(e, "location", ""),
            get_or<std::string>(e, "masked", ""), get_or<std::string>(e, "value_hash", ""),
            get_or<std::string>(e, "severity", "")});
      }
    }
    r.attempts = get_or<std::vector<std::string>>(j, "attempts", {});
    r.severity_reasons = get_or<std::vector<std::string>>(j, "severity_reasons", {});
    if (auto c = j.find("capabilities"); c != j.end() && c->is_object()) {
      r.capabilities.read = get_or<bool>(*c, "read", false);
      r.capabilities.write = get_or<bool>(*c, "write", false);
      r.capabilities.exec = get_or<bool>(*c, "exec", false);
    }
    r.compromised = get_or<bool>(j, "compromised", false);
    r.compromise_note = get_or<std::string>(j, "compromise_note", "");
    return r;
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorCode::parse_error, e.what(), "service record");
  }
}

}  // namespace lw
