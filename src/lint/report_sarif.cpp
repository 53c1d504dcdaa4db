#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "lint/report_writers.h"
#include "lint/rule_catalog.h"

namespace lw::lint {

namespace {

using Json = nlohmann::ordered_json;

std::string_view sarif_level(Severity s) noexcept {
  switch (s) {
    case Severity::critical:
    case Severity::high:
      return "error";
    case Severity::medium:
      return "warning";
    case Severity::low:
      return "note";
  }
  return "error";
}

// GitHub code scanning reads this property to rank security results.
std::string_view security_severity(Severity s) noexcept {
  switch (s) {
    case Severity::critical:
      return "9.5";
    case Severity::high:
      return "8.0";
    case Severity::medium:
      return "5.5";
    case Severity::low:
      return "3.0";
  }
  return "8.0";
}

// A relative path becomes a relative URI reference; an absolute one a file:// URI.
std::string to_uri(std::string_view path) {
  std::string out;
  if (!path.empty() && path.front() == '/') out = "file://";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '/' || c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

Json location(const std::string& file, std::size_t line, std::size_t column) {
  Json physical = {{"artifactLocation", {{"uri", to_uri(file)}}}};
  if (!file.empty() && file.front() != '/') physical["artifactLocation"]["uriBaseId"] = "%SRCROOT%";
  if (line > 0) {
    physical["region"] = {{"startLine", line}};
    if (column > 0) physical["region"]["startColumn"] = column;
  }
  return Json{{"physicalLocation", std::move(physical)}};
}

}  // namespace

std::string write_sarif(const Report& report) {
  Json rules = Json::array();
  std::map<std::string_view, std::size_t> index;
  for (const RuleInfo& rule : all_rules()) {
    index[rule.id] = rules.size();
    rules.push_back({{"id", rule.id},
                     {"name", rule.id},
                     {"shortDescription", {{"text", rule.title}}},
                     {"fullDescription", {{"text", rule.title}}},
                     {"help",
                      {{"text", rule.fix},
                       {"markdown", "See docs/rules/" + std::string(rule.id) +
                                        ".md. Fix: " + std::string(rule.fix)}}},
                     {"defaultConfiguration", {{"level", sarif_level(rule.severity)}}},
                     {"properties",
                      {{"tags", {"security", std::string(rule.kind)}},
                       {"security-severity", security_severity(rule.severity)}}}});
  }
  Json results = Json::array();
  for (const Finding& f : report.findings) {
    Json result = {{"ruleId", f.rule_id}};
    if (const auto it = index.find(f.rule_id); it != index.end()) result["ruleIndex"] = it->second;
    result["level"] = sarif_level(f.severity);
    result["message"] = {{"text", f.fix.empty() ? f.message : f.message + ". Fix: " + f.fix}};
    result["locations"] = Json::array({location(f.file, f.line, f.column)});
    result["properties"] = {{"severity", to_string(f.severity)}};
    results.push_back(std::move(result));
  }
  Json notifications = Json::array();
  for (const Diagnostic& d : report.diagnostics) {
    notifications.push_back({{"level", "error"},
                             {"message", {{"text", d.message}}},
                             {"locations", Json::array({location(d.file, d.line, 0)})}});
  }
  Json run = {
      {"tool",
       {{"driver",
         {{"name", "leakwatch"}, {"semanticVersion", "0.1.0"}, {"rules", std::move(rules)}}}}},
      {"invocations", Json::array({{{"executionSuccessful", true},
                                    {"toolExecutionNotifications", std::move(notifications)}}})},
      {"results", std::move(results)}};
  Json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", Json::array({std::move(run)})}};
  return log.dump(2, ' ', false, Json::error_handler_t::replace) + '\n';
}

}  // namespace lw::lint
