#pragma once

#include <vector>

#include "core/probe.h"
#include "core/service_record.h"

namespace lw::pipeline {

// The assessment stage, after classification: for an open service, looks for a ransom or
// wiping note among its samples and names (compromise.h), then sets the one severity and its
// reasons (assess_severity, core/severity.h). Pure; raw sample text never reaches the record
// (the compromise note is masked).
void assess_record(ServiceRecord& record, const std::vector<Sample>& samples);

}  // namespace lw::pipeline
