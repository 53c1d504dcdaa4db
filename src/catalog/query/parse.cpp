#include "catalog/query/query.h"

namespace lw::catalog {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

tl::unexpected<Error> error_at(std::size_t index, std::string message) {
  return fail(ErrorCode::invalid_argument, std::move(message),
              "column " + std::to_string(index + 1));
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<Query> run() {
    Query q;
    for (;;) {
      while (i_ < s_.size() && is_space(s_[i_])) ++i_;
      if (i_ >= s_.size()) return q;
      if (q.terms.size() >= kMaxQueryTerms) {
        return error_at(i_, "too many terms (at most " + std::to_string(kMaxQueryTerms) + ")");
      }
      auto t = term();
      if (!t) return tl::unexpected(t.error());
      q.terms.push_back(std::move(*t));
    }
  }

 private:
  Result<QueryTerm> term() {
    QueryTerm t;
    t.column = i_ + 1;
    if (s_[i_] == '-') {
      t.negated = true;
      ++i_;
      if (i_ >= s_.size() || is_space(s_[i_])) return error_at(i_, "'-' must precede a term");
    }
    if (s_[i_] != '"') {
      // A field name is letters and underscores followed by ':'.
      std::size_t j = i_;
      while (j < s_.size() &&
             ((s_[j] >= 'a' && s_[j] <= 'z') || s_[j] == '_' || (s_[j] >= 'A' && s_[j] <= 'Z'))) {
        ++j;
      }
      if (j < s_.size() && j > i_ && s_[j] == ':') {
        t.field = std::string(s_.substr(i_, j - i_));
        for (auto& c : t.field) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        i_ = j + 1;
        return values(std::move(t));
      }
    }
    auto v = value(false);
    if (!v) return tl::unexpected(v.error());
    t.values.push_back(std::move(*v));
    return t;
  }

  Result<QueryTerm> values(QueryTerm t) {
    for (;;) {
      if (t.values.size() >= kMaxTermValues) {
        return error_at(i_, "too many values (at most " + std::to_string(kMaxTermValues) + ")");
      }
      auto v = value(true);
      if (!v) return tl::unexpected(v.error());
      t.values.push_back(std::move(*v));
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      return t;
    }
  }

  Result<QueryValue> value(bool in_filter) {
    QueryValue v;
    v.column = i_ + 1;
    if (in_filter && i_ < s_.size() && (s_[i_] == '>' || s_[i_] == '<')) {
      const bool greater = s_[i_] == '>';
      ++i_;
      const bool equal = i_ < s_.size() && s_[i_] == '=';
      if (equal) ++i_;
      v.op = greater ? (equal ? Comparison::ge : Comparison::gt)
                     : (equal ? Comparison::le : Comparison::lt);
    }
    if (i_ >= s_.size() || is_space(s_[i_]) || s_[i_] == ',') {
      return error_at(i_, "a value is missing here");
    }
    if (s_[i_] == '"') {
      const std::size_t open = i_++;
      for (;;) {
        if (i_ >= s_.size()) return error_at(open, "unterminated quoted value");
        const char c = s_[i_++];
        if (c == '"') break;
        if (c == '\\') {
          if (i_ >= s_.size()) return error_at(open, "unterminated quoted value");
          v.text += s_[i_++];
        } else {
          v.text += c;
        }
      }
      if (i_ < s_.size() && !is_space(s_[i_]) && s_[i_] != ',') {
        return error_at(i_, "expected a space after the closing quote");
      }
      return v;
    }
    while (i_ < s_.size() && !is_space(s_[i_]) && !(in_filter && s_[i_] == ',')) {
      if (s_[i_] == '"') return error_at(i_, "a quote may only start a value");
      v.text += s_[i_++];
    }
    return v;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

Result<Query> parse_query(std::string_view text) {
  if (text.size() > kMaxQueryBytes) {
    return fail(ErrorCode::too_large,
                "the query is longer than " + std::to_string(kMaxQueryBytes) + " bytes",
                "column " + std::to_string(kMaxQueryBytes + 1));
  }
  return Parser(text).run();
}

}  // namespace lw::catalog
