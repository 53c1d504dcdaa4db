#include "cli/lint_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "cli/option_checks.h"
#include "lint/lint.h"
#include "lint/report_writers.h"

namespace lw::cli {

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

}  // namespace

int run_lint_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"Find configuration that exposes a data store without authentication",
               "leakwatch lint"};
  std::vector<std::string> paths;
  std::string format = "text";
  std::uint64_t max_mib = 5;
  app.add_option("paths", paths, "Files and folders to lint (folders recursively)")->required();
  app.add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  std::string fail_on_text = "high";
  app.add_option("--fail-on", fail_on_text,
                 "Exit 1 when a finding at or above this severity exists: low, medium, high "
                 "(default) or critical");
  app.add_option("--max-file-size", max_mib,
                 "Skip (and report) files larger than this many MiB (1 to 1024)")
      ->check(plain_number())
      ->check(CLI::Range(1, 1024));

  // CLI11 parses the arguments in reverse order from a vector.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitClean;
  } catch (const CLI::ParseError& e) {
    err << "leakwatch lint: " << e.what() << " (leakwatch lint --help)\n";
    return kExitUsage;
  }

  const auto fail_on = lint::parse_severity(fail_on_text);
  if (!fail_on) {
    err << "leakwatch lint: --fail-on: '" << fail_on_text
        << "' is not one of low, medium, high, critical\n";
    return kExitUsage;
  }

  lint::LintOptions options;
  options.max_file_bytes = max_mib * 1024 * 1024;
  const lint::Report report = lint::lint_paths(paths, options);
  if (format == "json") {
    out << lint::write_json(report);
  } else if (format == "sarif") {
    out << lint::write_sarif(report);
  } else {
    out << lint::write_text(report);
  }
  // Files that could not be checked always reach stderr too, so a machine-readable stdout
  // does not hide them.
  if (format != "text") {
    for (const lint::Diagnostic& d : report.diagnostics) {
      err << "leakwatch lint: " << d.file << (d.line > 0 ? ":" + std::to_string(d.line) : "")
          << ": " << d.message << "\n";
    }
  }
  return lint::has_finding_at_or_above(report, *fail_on) ? kExitFindings : kExitClean;
}

int run_lint_command(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return run_lint_command(args, std::cout, std::cerr);
}

}  // namespace lw::cli
