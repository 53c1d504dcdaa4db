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

Result<std::vector<Finding>> Classifier::classify(const Document& document) const {
  FindingSink sink(limits_.max_findings);
  Walk walk{*engine_, limits_, sink, Clock::now() + std::chrono::milliseconds(limits_.max_millis)};
  auto ok = classify_bytes(walk, document.data, document.content_type, std::string{}, 0);
  if (!ok) {
    auto error = ok.error();
    if (!document.source.empty()) error.where = std::string(document.source) + ": " + error.where;
    return tl::unexpected(std::move(error));
  }
  return sink.take();
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
