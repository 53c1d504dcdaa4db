#include "pipeline/assessment.h"

#include "core/severity.h"
#include "pipeline/compromise.h"

namespace lw::pipeline {

void assess_record(ServiceRecord& record, const std::vector<Sample>& samples) {
  if (record.verdict.kind == VerdictKind::open) {
    auto c = find_compromise(samples, record.metadata);
    record.compromised = c.found;
    record.compromise_note = std::move(c.note);
  }
  auto a = assess_severity(record);
  record.severity = std::move(a.severity);
  record.severity_reasons = std::move(a.reasons);
}

}  // namespace lw::pipeline
