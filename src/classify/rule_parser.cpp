#include <charconv>
#include <optional>
#include <string>
#include <string_view>

#include "classify/rule.h"
#include "classify/validators.h"
#include "core/ascii.h"
#include "embedded_rules.h"

namespace lw::classify {
namespace {

constexpr std::size_t kMaxRules = 4096;
constexpr std::size_t kMaxLine = 4096;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool parse_severity(std::string_view v, Severity& out) {
  if (v == "low")
    out = Severity::low;
  else if (v == "medium")
    out = Severity::medium;
  else if (v == "high")
    out = Severity::high;
  else if (v == "critical")
    out = Severity::critical;
  else
    return false;
  return true;
}

bool parse_extract(std::string_view v, Extract& out) {
  if (v == "match")
    out = Extract::match;
  else if (v == "token")
    out = Extract::token;
  else if (v == "email")
    out = Extract::email;
  else if (v == "after")
    out = Extract::after;
  else if (v == "url")
    out = Extract::url;
  else if (v == "address")
    out = Extract::address;
  else
    return false;
  return true;
}

bool parse_mask(std::string_view v, Mask& out) {
  if (v == "last4")
    out = Mask::last4;
  else if (v == "ssn")
    out = Mask::ssn;
  else if (v == "card")
    out = Mask::card;
  else if (v == "email")
    out = Mask::email;
  else if (v == "prefix")
    out = Mask::prefix;
  else if (v == "none")
    out = Mask::none;
  else
    return false;
  return true;
}

bool valid_family(std::string_view v) {
  return v == "government" || v == "identity" || v == "financial" || v == "health" ||
         v == "credential" || v == "custom";
}

bool valid_id(std::string_view v) {
  if (v.empty() || v.size() > 64) return false;
  for (char c : v) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string> split_context(std::string_view v) {
  std::vector<std::string> out;
  while (!v.empty()) {
    const auto comma = v.find(',');
    const auto word = trim(v.substr(0, comma));
    if (!word.empty()) out.push_back(ascii_lower(word));
    if (comma == std::string_view::npos) break;
    v.remove_prefix(comma + 1);
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view origin) : origin_(origin) {}

  Result<std::vector<Rule>> run(std::string_view text) {
    std::size_t line_no = 0;
    while (!text.empty()) {
      ++line_no;
      const auto nl = text.find('\n');
      const auto raw = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
      if (raw.size() > kMaxLine) return error(line_no, "line longer than 4096 bytes");
      const auto line = trim(raw);
      if (line.empty() || line.front() == '#') continue;
      const auto space = line.find_first_of(" \t");
      const auto key = line.substr(0, space);
      const auto value =
          space == std::string_view::npos ? std::string_view{} : trim(line.substr(space + 1));
      if (auto ok = apply(line_no, key, value); !ok) return tl::unexpected(ok.error());
    }
    if (auto ok = finish(line_no); !ok) return tl::unexpected(ok.error());
    return std::move(rules_);
  }

 private:
  tl::unexpected<Error> error(std::size_t line, std::string message) const {
    return fail(ErrorCode::parse_error, std::move(message),
                std::string(origin_) + ":" + std::to_string(line));
  }

  Result<void> apply(std::size_t line, std::string_view key, std::string_view value) {
    if (key == "rule") {
      if (auto ok = finish(line); !ok) return ok;
      if (!valid_id(value)) return error(line, "rule id must be 1-64 of [a-z0-9_]");
      if (rules_.size() >= kMaxRules) return error(line, "more than 4096 rules");
      current_ = Rule{};
      current_->id = std::string(value);
      current_->origin = std::string(origin_) + ":" + std::to_string(line);
      header_line_ = line;
      return {};
    }
    if (!current_) return error(line, "'" + std::string(key) + "' before the first 'rule'");
    Rule& r = *current_;
    if (value.empty()) return error(line, "'" + std::string(key) + "' needs a value");
    if (key == "family") {
      if (!valid_family(value)) return error(line, "unknown family '" + std::string(value) + "'");
      r.family = std::string(value);
    } else if (key == "severity") {
      if (!parse_severity(value, r.severity)) return error(line, "unknown severity");
    } else if (key == "pattern") {
      r.pattern = std::string(value);
    } else if (key == "scanner") {
      if (value == "digits") {
        r.digit_scanner = true;
        r.extract = Extract::digits;
      } else if (value == "email") {
        r.email_scanner = true;
        r.extract = Extract::email;
      } else {
        return error(line, "unknown scanner (only 'digits' or 'email')");
      }
    } else if (key == "extract") {
      if (!parse_extract(value, r.extract)) return error(line, "unknown extract kind");
    } else if (key == "validator") {
      if (!is_known_validator(value)) {
        return error(line, "unknown validator '" + std::string(value) + "'");
      }
      r.validator = std::string(value);
    } else if (key == "context") {
      r.context = split_context(value);
    } else if (key == "exclude") {
      r.exclude = split_context(value);
    } else if (key == "context_required") {
      if (value != "yes" && value != "no") return error(line, "context_required is yes or no");
      r.context_required = value == "yes";
    } else if (key == "confidence") {
      double c = -1;
      const auto* end = value.data() + value.size();
      auto [ptr, ec] = std::from_chars(value.data(), end, c);
      if (ec != std::errc{} || ptr != end || c < 0 || c > 1) {
        return error(line, "confidence must be a number in 0..1");
      }
      r.confidence = c;
    } else if (key == "mask") {
      if (!parse_mask(value, r.mask)) return error(line, "unknown mask");
    } else if (key == "generic") {
      if (value != "yes" && value != "no") return error(line, "generic is yes or no");
      r.generic = value == "yes";
    } else if (key == "description") {
      // documentation only
    } else {
      return error(line, "unknown key '" + std::string(key) + "'");
    }
    return {};
  }

  Result<void> finish(std::size_t /*line*/) {
    if (!current_) return {};
    Rule& r = *current_;
    if (r.family.empty()) return error(header_line_, "rule '" + r.id + "' has no family");
    if (int{!r.pattern.empty()} + int{r.digit_scanner} + int{r.email_scanner} != 1) {
      return error(header_line_, "rule '" + r.id + "' needs exactly one of pattern or scanner");
    }
    if (r.digit_scanner && !is_digit_validator(r.validator)) {
      return error(header_line_, "rule '" + r.id + "': scanner digits needs a digit validator");
    }
    if (r.context_required && r.context.empty()) {
      return error(header_line_, "rule '" + r.id + "': context_required without context words");
    }
    for (const auto& other : rules_) {
      if (other.id == r.id) return error(header_line_, "duplicate rule id '" + r.id + "'");
    }
    rules_.push_back(std::move(r));
    current_.reset();
    return {};
  }

  std::string_view origin_;
  std::vector<Rule> rules_;
  std::optional<Rule> current_;
  std::size_t header_line_ = 0;
};

}  // namespace

Result<std::vector<Rule>> parse_rules(std::string_view text, std::string_view origin) {
  return Parser(origin).run(text);
}

std::string_view builtin_rules_text() noexcept {
  return kEmbeddedBuiltinRules;
}

}  // namespace lw::classify
