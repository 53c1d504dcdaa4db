#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "core/address.h"

namespace lw::pipeline {

// The per-host concurrency cap, shared by every worker.
class HostSlots {
 public:
  explicit HostSlots(std::uint32_t per_host) : per_host_(per_host) {}

  bool try_take(const Address& a) {
    std::lock_guard lock(mutex_);
    auto& n = in_use_[key(a)];
    if (n >= per_host_) return false;
    ++n;
    return true;
  }

  void give_back(const Address& a) {
    std::lock_guard lock(mutex_);
    auto it = in_use_.find(key(a));
    if (it == in_use_.end()) return;
    if (--it->second == 0) in_use_.erase(it);
  }

 private:
  struct Hash {
    std::size_t operator()(const u128& v) const noexcept {
      const auto lo = static_cast<std::uint64_t>(v);
      const auto hi = static_cast<std::uint64_t>(v >> 64);
      return std::hash<std::uint64_t>{}(lo ^ (hi * 0x9e3779b97f4a7c15ull));
    }
  };
  static u128 key(const Address& a) { return a.v6 ? a.value : (a.value | (u128{1} << 127)); }

  std::mutex mutex_;
  std::unordered_map<u128, std::uint32_t, Hash> in_use_;
  std::uint32_t per_host_;
};

}  // namespace lw::pipeline
