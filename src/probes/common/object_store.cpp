#include "probes/common/object_store.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/ascii.h"
#include "probes/common/bucket_names.h"
#include "probes/common/sampler.h"

namespace lw::probes::object_store {
namespace {

constexpr std::array<std::string_view, 24> kTextExtensions = {
    ".txt", ".csv",  ".tsv",  ".json",       ".jsonl", ".ndjson", ".xml", ".log",
    ".env", ".yml",  ".yaml", ".sql",        ".md",    ".conf",   ".ini", ".cfg",
    ".eml", ".html", ".htm",  ".properties", ".toml",  ".pem",    ".key", ".bak"};

}  // namespace

std::string encode_path(std::string_view key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(key.size());
  for (const char ch : key) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

bool is_text_like(std::string_view key, std::string_view content_type) {
  const std::string ct = ascii_lower(content_type);
  if (ct.starts_with("text/") || ct.find("json") != std::string::npos ||
      ct.find("xml") != std::string::npos || ct.find("csv") != std::string::npos) {
    return true;
  }
  const std::string k = ascii_lower(key);
  const auto slash = k.rfind('/');
  const std::string_view base =
      slash == std::string::npos ? std::string_view(k) : std::string_view(k).substr(slash + 1);
  if (base.empty()) return false;
  for (const auto ext : kTextExtensions) {
    if (base.ends_with(ext)) return true;
  }
  return false;
}

std::string sample_type(std::string_view key, std::string_view content_type) {
  const std::string k = ascii_lower(key);
  const std::string ct = ascii_lower(content_type);
  if (ct.find("json") != std::string::npos || k.ends_with(".json") || k.ends_with(".jsonl") ||
      k.ends_with(".ndjson")) {
    return "json";
  }
  if (ct.find("csv") != std::string::npos || k.ends_with(".csv") || k.ends_with(".tsv")) {
    return "csv";
  }
  if (ct.starts_with("message/") || k.ends_with(".eml")) return "email";
  return "text";
}

std::string host_header(const ProbeOptions& options) {
  std::string host = options.host_name.empty() ? std::string("localhost") : options.host_name;
  if (options.port != 0 && options.port != 80 && options.port != 443) {
    host += ":" + std::to_string(options.port);
  }
  return host;
}

bool valid_bucket_name(std::string_view name) noexcept {
  if (name.size() < 3 || name.size() > 63) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  });
}

std::vector<std::string> candidate_names(const std::vector<std::string>& listed,
                                         const std::vector<std::string>& supplied) {
  std::vector<std::string> out;
  auto add = [&out](std::string_view n) {
    if (out.size() >= kMaxBucketNamesTried || !valid_bucket_name(n)) return;
    if (std::find(out.begin(), out.end(), n) == out.end()) out.emplace_back(n);
  };
  for (const auto& n : listed) add(n);
  // A service that listed its buckets has named them: guessing more would spend exchanges
  // (the engine allows 64 per dialogue) that the object reads need.
  if (supplied.empty() && listed.empty()) {
    for (const auto n : kDefaultBucketNames) add(n);
  } else {
    for (const auto& n : supplied) add(n);
  }
  return out;
}

std::string encode_query(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::size_t read_budget(const ProbeOptions& options) noexcept {
  const std::size_t by_bytes =
      std::max<std::size_t>(1, options.max_sample_bytes / kMaxObjectReadBytes);
  return std::min({kMaxSampledReads, std::size_t{options.max_sample_records}, by_bytes});
}

std::vector<std::size_t> plan_reads(std::span<const ObjectRef> objects, std::size_t budget) {
  std::vector<std::string> names;
  std::vector<std::string> groups;
  const std::size_t n = std::min(objects.size(), kMaxSamplerCandidates);
  names.reserve(n);
  groups.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const ObjectRef& o = objects[i];
    names.push_back(std::string(o.container) + "/" + std::string(o.key));
    const auto slash = o.key.rfind('/');
    groups.push_back(
        std::string(o.container) + "/" +
        (slash == std::string_view::npos ? group_of(o.key) : std::string(o.key.substr(0, slash))));
  }
  std::vector<SampleCandidate> candidates;
  candidates.reserve(n);
  for (std::size_t i = 0; i < n; ++i) candidates.push_back(SampleCandidate{names[i], groups[i]});
  return plan_sample(candidates, budget).order;
}

std::optional<std::uint64_t> parse_size(std::string_view s) noexcept {
  std::uint64_t v = 0;
  if (s.empty() || s.size() > 20) return std::nullopt;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::pair<std::string_view, std::string_view> split_subject(std::string_view subject) noexcept {
  const auto slash = subject.find('/');
  if (slash == std::string_view::npos) return {subject, {}};
  return {subject.substr(0, slash), subject.substr(slash + 1)};
}

nlohmann::json& listing_entry(nlohmann::json& list, const std::string& name,
                              const std::string& count_field, const std::string& names_field) {
  for (auto& entry : list) {
    if (entry["name"] == name) return entry;
  }
  list.push_back(
      {{"name", name}, {count_field, 0}, {"pages", 0}, {names_field, nlohmann::json::array()}});
  return list.back();
}

}  // namespace lw::probes::object_store
