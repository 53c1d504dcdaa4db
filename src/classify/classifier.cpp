#include "classify/classifier.h"

#include <fstream>
#include <sstream>

#include "classify/dispatch.h"
#include "classify/engine.h"
#include "classify/rule.h"

namespace lw::classify {
namespace {

constexpr std::uintmax_t kMaxRuleFile = 4u << 20;

Result<std::string> read_rule_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail(ErrorCode::io_error, "cannot read rule file: " + ec.message(), path.string());
  if (size > kMaxRuleFile) return fail(ErrorCode::too_large, "rule file over 4 MiB", path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::io_error, "cannot open rule file", path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<std::shared_ptr<const Classifier>> Classifier::create(const ClassifierConfig& config) {
  std::vector<Rule> rules;
  const auto add = [&rules](Result<std::vector<Rule>> parsed) -> Result<void> {
    if (!parsed) return tl::unexpected(parsed.error());
    for (auto& r : *parsed) {
      for (const auto& existing : rules) {
        if (existing.id == r.id) {
          return fail(ErrorCode::parse_error,
                      "rule id '" + r.id + "' already defined at " + existing.origin, r.origin);
        }
      }
      rules.push_back(std::move(r));
    }
    return {};
  };
  if (config.builtin_rules) {
    if (auto ok = add(parse_rules(builtin_rules_text(), "builtin.rules")); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  for (const auto& file : config.rule_files) {
    auto text = read_rule_file(file);
    if (!text) return tl::unexpected(text.error());
    if (auto ok = add(parse_rules(*text, file.string())); !ok) return tl::unexpected(ok.error());
  }
  for (std::size_t i = 0; i < config.rule_texts.size(); ++i) {
    auto origin = "rules[" + std::to_string(i) + "]";
    if (auto ok = add(parse_rules(config.rule_texts[i], origin)); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  std::filesystem::path cache_dir;
  if (config.pattern_cache.enabled) {
    cache_dir =
        config.pattern_cache.dir.empty() ? default_pattern_cache_dir() : config.pattern_cache.dir;
  }
  auto engine = Engine::build(std::move(rules), config.hmac_key, cache_dir);
  if (!engine) return tl::unexpected(engine.error());
  return std::make_shared<const Classifier>(std::move(*engine), config.limits);
}

Result<Report> Classifier::inspect(const Document& document) const {
  return inspect(document, Clock::now() + std::chrono::milliseconds(limits_.max_millis));
}

Result<Report> Classifier::inspect(const Document& document, Clock::time_point deadline) const {
  return inspect_document(*engine_, limits_, document, deadline);
}

Result<std::vector<Finding>> Classifier::classify(const Document& document) const {
  auto report = inspect(document);
  if (!report) return tl::unexpected(report.error());
  for (const auto& note : report->notes) {
    if (note.kind != NoteKind::time_budget) continue;
    std::string where(document.source);
    if (!where.empty() && !note.where.empty()) where += ": ";
    return fail(ErrorCode::timeout, note.what, where + note.where);
  }
  return std::move(report->findings);
}

std::string Note::describe() const {
  std::string out = where.empty() ? what : where + ": " + what;
  out += " (cap " + std::to_string(cap);
  if (!unit.empty()) out += " " + std::string(unit);
  return out + ")";
}

std::string_view to_string(NoteKind kind) noexcept {
  switch (kind) {
    case NoteKind::depth_cap:
      return "depth_cap";
    case NoteKind::byte_cap:
      return "byte_cap";
    case NoteKind::time_budget:
      return "time_budget";
    case NoteKind::findings_cap:
      return "findings_cap";
  }
  return "depth_cap";
}

bool Report::timed_out() const noexcept {
  for (const auto& note : notes) {
    if (note.kind == NoteKind::time_budget) return true;
  }
  return false;
}

std::size_t Classifier::rule_count() const noexcept {
  return engine_->rules().size();
}

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::low:
      return "low";
    case Severity::medium:
      return "medium";
    case Severity::high:
      return "high";
    case Severity::critical:
      return "critical";
  }
  return "low";
}

}  // namespace lw::classify
