#include "classify/classifier.h"
#include "cli/scan_setup.h"
#include "pipeline/classification_stage.h"

namespace lw::cli {

// The classification stage itself lives in the pipeline (pipeline/classification_stage.h) and
// runs on the worker threads; the command line only chooses its key and cache.
Result<void> install_classifier(pipeline::ScanHooks& hooks, const ScanArguments& a) {
  const std::filesystem::path key_path =
      a.key_file.empty() ? classify::default_key_path() : std::filesystem::path(a.key_file);
  auto key = classify::load_or_create_key(key_path);
  if (!key) return tl::unexpected(key.error());
  // Compiling the rule database costs about half a second of CPU: the stage builds it when the
  // first sample or metadata arrives, so a scan that finds none (connect-only, all closed)
  // skips it.
  classify::ClassifierConfig config;
  config.hmac_key = *key;
  config.pattern_cache.enabled = !a.no_pattern_cache;
  hooks.classify = pipeline::make_classification(std::move(config));
  return {};
}

}  // namespace lw::cli
