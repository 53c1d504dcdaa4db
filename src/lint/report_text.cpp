#include <array>
#include <string>

#include "lint/report_writers.h"

namespace lw::lint {

std::string write_text(const Report& report) {
  std::string out;
  std::string current;
  for (const Finding& f : report.findings) {
    if (f.file != current) {
      if (!current.empty()) out += '\n';
      current = f.file;
      out += f.file + '\n';
    }
    const std::string where = f.line > 0 ? "line " + std::to_string(f.line) : "file";
    out += "  " + where + "  " + std::string(to_string(f.severity)) + "  " + f.rule_id + "  " +
           f.message + '\n';
    if (!f.fix.empty()) out += "      fix: " + f.fix + '\n';
  }
  if (!report.diagnostics.empty()) {
    if (!out.empty()) out += '\n';
    out += "could not check:\n";
    for (const Diagnostic& d : report.diagnostics) {
      out += "  " + d.file;
      if (d.line > 0) out += ":" + std::to_string(d.line);
      out += ": " + d.message + '\n';
    }
  }
  std::array<std::size_t, 4> counts{};
  for (const Finding& f : report.findings) ++counts[static_cast<std::size_t>(f.severity)];
  if (!out.empty()) out += '\n';
  out += std::to_string(report.findings.size()) + " finding(s) (" + std::to_string(counts[3]) +
         " critical, " + std::to_string(counts[2]) + " high, " + std::to_string(counts[1]) +
         " medium, " + std::to_string(counts[0]) + " low) in " +
         std::to_string(report.files.size()) + " checked file(s); " +
         std::to_string(report.diagnostics.size()) + " could not be checked; " +
         std::to_string(report.files_skipped) + " not recognised\n";
  return out;
}

}  // namespace lw::lint
