#include "pipeline/classifier_setup.h"

#include <filesystem>

#include "classify/classifier.h"

namespace lw::pipeline {

Result<ClassifyFn> make_keyed_classification(const std::string& key_file, bool pattern_cache) {
  const std::filesystem::path key_path =
      key_file.empty() ? classify::default_key_path() : std::filesystem::path(key_file);
  auto key = classify::load_or_create_key(key_path);
  if (!key) return tl::unexpected(key.error());
  // Compiling the rule database costs about half a second of CPU: the stage builds it when the
  // first sample or metadata arrives, so a scan that finds none (connect-only, all closed)
  // skips it.
  classify::ClassifierConfig config;
  config.hmac_key = *key;
  config.pattern_cache.enabled = pattern_cache;
  return make_classification(std::move(config));
}

}  // namespace lw::pipeline
