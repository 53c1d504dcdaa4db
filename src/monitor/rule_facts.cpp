// The small pure facts the rules read: keys and hashes, dataset names, times, silences.
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include "core/bytes.h"
#include "monitor/rules.h"

namespace lw::monitor {

namespace {

// The metadata members (set by the probes) that list a store's datasets, and the member of an
// object item that holds its name.
constexpr std::array<std::string_view, 10> kDatasetLists{
    "databases", "indices",      "collections", "containers", "public_containers",
    "tables",    "open_buckets", "mailboxes",   "queues",     "namespaces"};
constexpr std::array<std::string_view, 4> kNameMembers{"name", "index", "db", "bucket"};
constexpr std::size_t kMaxDatasets = 10000;

}  // namespace

std::string sha256_hex(std::string_view text, std::size_t bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int n = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &n, EVP_sha256(), nullptr) != 1) {
    return {};
  }
  return lower_hex(std::span<const unsigned char>(digest.data(), std::min<std::size_t>(n, bytes)));
}

std::string service_key(std::string_view address, std::uint16_t port) {
  // IPv6 addresses are bracketed so the port stays unambiguous.
  const bool v6 = address.find(':') != std::string_view::npos;
  return (v6 ? "[" + std::string(address) + "]" : std::string(address)) + ":" +
         std::to_string(port);
}

std::string alert_id(std::string_view rule, std::string_view service) {
  std::string input(rule);
  input += '\n';
  input += service;
  return sha256_hex(input, 16);
}

std::vector<std::string> dataset_names(const ServiceRecord& record) {
  std::set<std::string> names;
  if (!record.metadata.is_object()) return {};
  for (auto list : kDatasetLists) {
    const auto it = record.metadata.find(std::string(list));
    if (it == record.metadata.end() || !it->is_array()) continue;
    for (const auto& item : *it) {
      if (names.size() >= kMaxDatasets) break;
      if (item.is_string()) {
        names.insert(std::string(list) + "/" + item.get<std::string>());
        continue;
      }
      if (!item.is_object()) continue;
      for (auto member : kNameMembers) {
        const auto m = item.find(std::string(member));
        if (m != item.end() && m->is_string()) {
          names.insert(std::string(list) + "/" + m->get<std::string>());
          break;
        }
      }
    }
  }
  return {names.begin(), names.end()};
}

std::optional<std::int64_t> parse_iso8601_ms(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS, then optional fraction, then Z (what iso8601_utc and the TLS code write).
  if (t.size() < 20 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != ' ') ||
      t[13] != ':' || t[16] != ':' || t.back() != 'Z' || (t.size() > 20 && t[19] != '.')) {
    return std::nullopt;
  }
  auto num = [&](std::size_t at, std::size_t len, int lo, int hi) -> std::optional<int> {
    int v = 0;
    const auto [p, ec] = std::from_chars(t.data() + at, t.data() + at + len, v);
    if (ec != std::errc() || p != t.data() + at + len || v < lo || v > hi) return std::nullopt;
    return v;
  };
  const auto y = num(0, 4, 1970, 9999), mo = num(5, 2, 1, 12), d = num(8, 2, 1, 31);
  const auto h = num(11, 2, 0, 23), mi = num(14, 2, 0, 59), s = num(17, 2, 0, 60);
  if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
  // Days from civil (Howard Hinnant's algorithm).
  const int yy = *y - (*mo <= 2 ? 1 : 0);
  const int era = yy / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (*mo + (*mo > 2 ? -3 : 9)) + 2) / 5 + *d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  return ((days * 24 + *h) * 60 + *mi) * 60'000 + std::int64_t{*s} * 1000;
}

bool silence_matches(std::string_view asset, std::string_view service, std::string_view rule,
                     std::int64_t created_ms, std::int64_t expires_ms, const AlertCandidate& c,
                     std::int64_t now_ms) {
  if (now_ms < created_ms || now_ms >= expires_ms) return false;
  return (asset.empty() || asset == c.asset) && (service.empty() || service == c.service) &&
         (rule.empty() || rule == c.rule);
}

bool should_notify(const std::optional<FiringState>& last, const AlertCandidate& c,
                   std::chrono::seconds repeat_interval, std::int64_t now_ms) {
  if (!last) return true;
  if (last->content_hash != c.content_hash) return true;
  const auto repeat_ms = std::chrono::duration_cast<std::chrono::milliseconds>(repeat_interval);
  return now_ms - last->last_notified_ms >= repeat_ms.count() && last->state_hash != c.state_hash;
}

}  // namespace lw::monitor
