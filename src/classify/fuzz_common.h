#pragma once

// Shared by the *_fuzz.cpp targets: one classifier with the built-in rules, built once.
#include <cstdint>
#include <memory>
#include <string_view>

#include "classify/classifier.h"

namespace lw::classify::fuzz {

inline const Classifier& classifier() {
  static const auto instance = [] {
    ClassifierConfig config;
    config.pattern_cache.enabled = false;  // fuzzing never touches the user's cache
    config.limits.max_bytes = 4u << 20;
    config.limits.max_millis = 5000;
    auto c = Classifier::create(config);
    if (!c) __builtin_trap();  // the built-in rules must compile
    return *c;
  }();
  return *instance;
}

inline std::string_view view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Every finding must be masked: a value never comes back whole.
inline void check(const Result<std::vector<Finding>>& findings) {
  if (!findings) return;
  for (const auto& f : *findings) {
    if (f.value_hash.size() != 64 || f.detector.empty()) __builtin_trap();
  }
}

}  // namespace lw::classify::fuzz
