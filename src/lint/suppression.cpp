#include "lint/suppression.h"

#include <algorithm>
#include <string_view>

#include "lint/rule_catalog.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

constexpr std::string_view kMarker = "leakwatch:ignore";

bool is_id_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == ',';
}

bool covers(const Suppression& s, const Finding& f) noexcept {
  if (s.reason.empty()) return false;
  if (std::find(s.rule_ids.begin(), s.rule_ids.end(), f.rule_id) == s.rule_ids.end()) return false;
  return s.whole_file || f.line == s.line || f.line == s.line + 1;
}

}  // namespace

std::vector<Suppression> find_suppressions(const std::string& text) {
  std::vector<Suppression> out;
  const std::vector<std::string_view> lines = split_lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view rest = lines[i];
    const auto at = rest.find(kMarker);
    if (at == std::string_view::npos) continue;
    rest.remove_prefix(at + kMarker.size());
    Suppression s;
    s.line = i + 1;
    if (rest.starts_with("-file")) {
      s.whole_file = true;
      rest.remove_prefix(5);
    }
    rest = trim(rest);
    std::size_t n = 0;
    while (n < rest.size() && is_id_char(rest[n])) ++n;
    for (std::string_view id : split_trim(rest.substr(0, n), ',')) s.rule_ids.emplace_back(id);
    rest.remove_prefix(n);
    if (const auto r = rest.find("reason:"); r != std::string_view::npos) {
      std::string_view reason = trim(rest.substr(r + 7));
      // Drop a closing comment marker ("-->", "*/") that is not part of the reason.
      for (std::string_view tail : {std::string_view("-->"), std::string_view("*/")}) {
        if (reason.ends_with(tail)) reason = trim(reason.substr(0, reason.size() - tail.size()));
      }
      s.reason = std::string(reason);
    }
    out.push_back(std::move(s));
  }
  return out;
}

void apply_suppressions(const SourceFile& file, std::vector<Finding>& findings, Sink& sink) {
  const std::vector<Suppression> suppressions = find_suppressions(file.text);
  if (suppressions.empty()) return;
  std::erase_if(findings, [&](const Finding& f) {
    return f.file == file.path && std::any_of(suppressions.begin(), suppressions.end(),
                                              [&](const Suppression& s) { return covers(s, f); });
  });
  for (const Suppression& s : suppressions) {
    if (s.reason.empty()) {
      sink.report(file, "lint-suppression-without-reason", s.line,
                  "leakwatch:ignore without 'reason:'; it suppresses nothing");
    }
    if (s.rule_ids.empty()) {
      sink.report(file, "lint-suppression-unknown-rule", s.line,
                  "leakwatch:ignore names no rule id");
    }
    for (const std::string& id : s.rule_ids) {
      if (find_rule(id) == nullptr) {
        sink.report(file, "lint-suppression-unknown-rule", s.line,
                    "leakwatch:ignore names unknown rule '" + id + "'");
      }
    }
  }
}

}  // namespace lw::lint
