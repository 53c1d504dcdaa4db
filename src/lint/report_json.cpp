#include <nlohmann/json.hpp>

#include "lint/report_writers.h"

namespace lw::lint {

std::string write_json(const Report& report) {
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const Finding& f : report.findings) {
    findings.push_back({{"rule", f.rule_id},
                        {"severity", to_string(f.severity)},
                        {"file", f.file},
                        {"line", f.line},
                        {"column", f.column},
                        {"message", f.message},
                        {"fix", f.fix}});
  }
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const Diagnostic& d : report.diagnostics) {
    errors.push_back({{"file", d.file}, {"line", d.line}, {"message", d.message}});
  }
  nlohmann::ordered_json out;
  out["findings"] = std::move(findings);
  out["errors"] = std::move(errors);
  out["summary"] = {{"findings", report.findings.size()},
                    {"files_checked", report.files.size()},
                    {"files_not_checked", report.diagnostics.size()},
                    {"files_not_recognised", report.files_skipped}};
  // Invalid UTF-8 in a file name or message is replaced rather than thrown.
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + '\n';
}

}  // namespace lw::lint
