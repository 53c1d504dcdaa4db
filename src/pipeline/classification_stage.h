#pragma once

#include <functional>
#include <vector>

#include "classify/classifier.h"
#include "core/probe.h"
#include "core/result.h"
#include "core/service_record.h"

namespace lw::pipeline {

// Classifies a service's samples and redacts its metadata (ScanHooks::classify's signature).
using ClassifyFn = std::function<Result<void>(ServiceRecord&, const std::vector<Sample>&)>;

// The classification and redaction step of the pipeline: every sample is classified, every
// string of the metadata with a finding is replaced by its masked form (a key name can itself be
// an e-mail address), and the record gets the masked findings and the sensitivity score. The
// classifier is compiled on first use (about half a second of CPU), once, whichever worker
// thread gets there first; the function is safe to call from every worker at once.
ClassifyFn make_classification(classify::ClassifierConfig config);

// The stage each worker runs on a finished service before handing it to the commit thread, so
// no raw value (sample text, an unredacted name) ever crosses into the catalog, the output or
// any front end: `classify` (when set, and when there are samples or metadata), then the
// assessment (assessment.h: compromise note, the one severity). On a classifier error the
// service's metadata is withheld and the error returned; the scan stops on it.
Result<void> run_service_stage(const ClassifyFn& classify, ServiceRecord& record,
                               const std::vector<Sample>& samples);

}  // namespace lw::pipeline
