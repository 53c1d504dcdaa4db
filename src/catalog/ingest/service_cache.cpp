#include "catalog/ingest/service_cache.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace lw::catalog {
namespace {

constexpr std::int64_t kPage = 20000;

std::size_t mix(std::uint64_t x) noexcept {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return static_cast<std::size_t>(x);
}

}  // namespace

std::uint32_t StringPool::intern(std::string_view s) {
  if (auto it = ids_.find(s); it != ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(strings_.size());
  strings_.emplace_back(s);
  ids_.emplace(std::string(s), id);
  return id;
}

std::size_t KeyHash::operator()(const HostKey& k) const noexcept {
  return mix(static_cast<std::uint64_t>(k.value) ^ mix(static_cast<std::uint64_t>(k.value >> 64)) ^
             (k.v6 ? 0x5bd1e995ULL : 0));
}

std::size_t KeyHash::operator()(const ServiceKey& k) const noexcept {
  return (*this)(k.host) ^ mix((std::uint64_t{k.port} << 1) | (k.tls ? 1 : 0));
}

ServiceState CachedService::state(const StringPool& pool) const {
  ServiceState s;
  s.verdict = pool.at(state_verdict);
  s.reachable = reachable;
  s.data_bytes = data_bytes;
  s.open_since_ms = open_since;
  for (auto c : categories) s.categories.insert(pool.at(c));
  return s;
}

void CachedService::set_state(const ServiceState& s, StringPool& pool) {
  state_verdict = pool.intern(s.verdict);
  reachable = s.reachable;
  data_bytes = s.data_bytes;
  open_since = s.open_since_ms;
  if (s.categories.size() != categories.size()) {
    categories.clear();
    for (const auto& c : s.categories) categories.push_back(pool.intern(c));
  }
}

std::vector<std::string> json_string_list(const std::string& text) {
  std::vector<std::string> out;
  if (text == "[]") return out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

void ServiceCache::clear() {
  hosts_.clear();
  services_.clear();
  complete_ = false;
}

CachedHost* ServiceCache::find_host(const HostKey& k) {
  auto it = hosts_.find(k);
  return it == hosts_.end() ? nullptr : &it->second;
}

CachedService* ServiceCache::find_service(const ServiceKey& k) {
  auto it = services_.find(k);
  return it == services_.end() ? nullptr : &it->second;
}

CachedHost& ServiceCache::add_host(const HostKey& k, CachedHost h) {
  return hosts_.insert_or_assign(k, std::move(h)).first->second;
}

CachedService& ServiceCache::add_service(const ServiceKey& k, CachedService s) {
  return services_.insert_or_assign(k, std::move(s)).first->second;
}

Result<bool> ServiceCache::load(Db& db, std::size_t max_services) {
  clear();
  auto count = query_value(db, "SELECT COUNT(*) FROM services", {});
  if (!count) return tl::unexpected(count.error());
  if (static_cast<std::size_t>(as_int(*count)) > max_services) return false;
  services_.reserve(static_cast<std::size_t>(as_int(*count)) + 1024);

  std::unordered_map<std::int64_t, std::pair<HostKey, CachedHost*>> by_id;
  for (std::int64_t after = 0;;) {
    const SqlValue p[] = {after, kPage};
    auto rows = db.query(
        "SELECT id, address, names, cert_names FROM hosts WHERE id > ? ORDER BY id LIMIT ?", p);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : *rows) {
      after = as_int(r[0]);
      auto a = Address::parse(as_text(r[1]));
      if (!a) continue;  // not written by leakwatch; such a host is looked up by address
      const HostKey key{a->value, a->v6};
      auto& h = add_host(key, CachedHost{after, json_string_list(as_text(r[2])),
                                         json_string_list(as_text(r[3])), -1});
      by_id.emplace(after, std::make_pair(key, &h));
    }
    if (static_cast<std::int64_t>(rows->size()) < kPage) break;
  }
  std::unordered_map<std::int64_t, CachedService*> services_by_id;
  services_by_id.reserve(services_.bucket_count());
  for (std::int64_t after = 0;;) {
    const SqlValue p[] = {after, kPage};
    auto rows = db.query(
        "SELECT id, host_id, port, transport, protocol, product, version, verdict, outcome, "
        "severity, data_bytes, open_since_ms, first_seen_ms, last_seen_ms, observations, "
        "reachable FROM services WHERE id > ? ORDER BY id LIMIT ?",
        p);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : *rows) {
      after = as_int(r[0]);
      auto host = by_id.find(as_int(r[1]));
      if (host == by_id.end()) return false;
      CachedService s;
      s.id = after;
      s.host = host->second.second;
      s.protocol = pool_.intern(as_text(r[4]));
      s.product = pool_.intern(as_text(r[5]));
      s.version = pool_.intern(as_text(r[6]));
      s.verdict = pool_.intern(as_text(r[7]));
      s.outcome = pool_.intern(as_text(r[8]));
      s.severity = pool_.intern(as_text(r[9]));
      if (!is_null(r[10])) s.data_bytes = static_cast<std::uint64_t>(as_int(r[10]));
      if (!is_null(r[11])) s.open_since = as_int(r[11]);
      s.first_seen = as_int(r[12]);
      s.last_seen = as_int(r[13]);
      s.observations = as_int(r[14]);
      s.reachable = as_int(r[15]) != 0;
      s.state_verdict = s.open_since ? pool_.intern("open") : s.verdict;
      const ServiceKey key{host->second.first, static_cast<std::uint16_t>(as_int(r[2])),
                           as_text(r[3]) == "tls"};
      services_by_id.emplace(after, &add_service(key, std::move(s)));
    }
    if (static_cast<std::int64_t>(rows->size()) < kPage) break;
  }
  for (std::int64_t after_service = 0;;) {
    const SqlValue p[] = {after_service, kPage};
    auto rows = db.query(
        "SELECT service_id, category FROM service_categories WHERE service_id > ? "
        "ORDER BY service_id, category LIMIT ?",
        p);
    if (!rows) return tl::unexpected(rows.error());
    // A page may end inside one service's categories: keep only whole services.
    std::int64_t last_whole = after_service;
    if (static_cast<std::int64_t>(rows->size()) == kPage) {
      last_whole = as_int(rows->back()[0]) - 1;
      if (last_whole <= after_service) return false;  // one service with a page of categories
    }
    for (const auto& r : *rows) {
      const auto sid = as_int(r[0]);
      if (static_cast<std::int64_t>(rows->size()) == kPage && sid > last_whole) break;
      if (auto it = services_by_id.find(sid); it != services_by_id.end()) {
        it->second->categories.push_back(pool_.intern(as_text(r[1])));
      }
    }
    if (static_cast<std::int64_t>(rows->size()) < kPage) break;
    after_service = last_whole;
  }
  complete_ = true;
  return true;
}

}  // namespace lw::catalog
