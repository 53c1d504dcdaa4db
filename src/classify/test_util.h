#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classify/classifier.h"

namespace lw::classify::testing {

inline ClassifierConfig test_config() {
  ClassifierConfig config;
  config.pattern_cache.enabled = false;  // tests that want the cache give it a temporary dir
  for (std::size_t i = 0; i < config.hmac_key.size(); ++i) {
    config.hmac_key[i] = static_cast<std::uint8_t>(i * 7 + 1);
  }
  return config;
}

inline std::shared_ptr<const Classifier> builtin() {
  static auto classifier = [] {
    auto c = Classifier::create(test_config());
    if (!c) ADD_FAILURE() << c.error().describe();
    return c ? *c : nullptr;
  }();
  return classifier;
}

inline std::vector<Finding> run(std::string_view data, std::string_view type = "text") {
  auto c = builtin();
  if (!c) return {};
  auto r = c->classify(Document{"test", type, data});
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().describe());
  return r ? *r : std::vector<Finding>{};
}

inline std::vector<std::string> detectors(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.detector);
  std::sort(out.begin(), out.end());
  return out;
}

inline const Finding* find(const std::vector<Finding>& findings, std::string_view detector) {
  for (const auto& f : findings) {
    if (f.detector == detector) return &f;
  }
  return nullptr;
}

inline std::size_t count(const std::vector<Finding>& findings, std::string_view detector) {
  return static_cast<std::size_t>(std::count_if(
      findings.begin(), findings.end(), [&](const Finding& f) { return f.detector == detector; }));
}

}  // namespace lw::classify::testing
