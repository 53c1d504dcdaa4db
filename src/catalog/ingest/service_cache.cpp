#include "catalog/ingest/service_cache.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace lw::catalog {
namespace {

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

}  // namespace lw::catalog
