#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "classify/classifier.h"
#include "core/result.h"

namespace lw::classify {

// How a candidate's value is cut out of the text around a pattern match.
enum class Extract { match, token, email, after, url, digits, address };

enum class Mask { last4, ssn, card, email, prefix, none };

// One detector as data. Validators are code, named by `validator`.
struct Rule {
  std::string id;
  std::string family;
  Severity severity = Severity::medium;
  std::string pattern;         // Vectorscan expression; empty for scanner rules
  bool digit_scanner = false;  // candidates from the digit-run scanner (digit_scanner.h)
  bool email_scanner = false;  // candidates from the '@' scanner (email_scanner.h)
  Extract extract = Extract::match;
  std::string validator = "none";
  std::vector<std::string> context;  // lower-case words
  bool context_required = false;
  std::vector<std::string> exclude;  // lower-case words; one in the window drops the candidate
  double confidence = 0.8;
  Mask mask = Mask::prefix;
  bool generic = false;  // dropped where a specific rule's finding overlaps it
  std::string origin;    // "file:line" of the rule header, for errors
};

// Parses rule text. `origin` names the file in errors ("origin:LINE: message").
Result<std::vector<Rule>> parse_rules(std::string_view text, std::string_view origin);

// The built-in rule file, embedded at build time.
std::string_view builtin_rules_text() noexcept;

}  // namespace lw::classify
