#pragma once

#include <string>

#include "core/result.h"
#include "pipeline/classification_stage.h"

namespace lw::pipeline {

// The sensitive-data classifier a scan runs on its worker threads, keyed with the installation's
// HMAC key (read from `key_file`, or created there; empty: classify::default_key_path()), and
// using the on-disk pattern cache unless `pattern_cache` is false. Shared by `leakwatch scan`
// and `leakwatch serve`.
Result<ClassifyFn> make_keyed_classification(const std::string& key_file, bool pattern_cache);

}  // namespace lw::pipeline
