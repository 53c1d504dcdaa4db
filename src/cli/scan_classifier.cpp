#include "cli/scan_setup.h"
#include "pipeline/classifier_setup.h"

namespace lw::cli {

// The classification stage itself lives in the pipeline (pipeline/classification_stage.h) and
// runs on the worker threads; the command line only chooses its key and cache.
Result<void> install_classifier(pipeline::ScanHooks& hooks, const ScanArguments& a) {
  auto classify = pipeline::make_keyed_classification(a.key_file, !a.no_pattern_cache);
  if (!classify) return tl::unexpected(classify.error());
  hooks.classify = std::move(*classify);
  return {};
}

}  // namespace lw::cli
