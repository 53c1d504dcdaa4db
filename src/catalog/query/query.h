#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::catalog {

// The search language (docs/catalog.md): free words and field:value filters, `-` negates a
// term, values separated by commas are alternatives, quoted values may hold anything.
//   product:elasticsearch port:9200,9201 -verdict:auth_required size:>1GB "exact words"
enum class Comparison { eq, lt, le, gt, ge };

struct QueryValue {
  Comparison op = Comparison::eq;
  std::string text;
  std::size_t column = 1;  // 1-based column of the value in the query
};

struct QueryTerm {
  bool negated = false;
  std::string field;  // empty for free text
  std::vector<QueryValue> values;
  std::size_t column = 1;  // where the term starts
};

struct Query {
  std::vector<QueryTerm> terms;
};

constexpr std::size_t kMaxQueryBytes = 4096;
constexpr std::size_t kMaxQueryTerms = 64;
constexpr std::size_t kMaxTermValues = 64;

// Lexes and parses; an error's `where` is "column N" of the query.
Result<Query> parse_query(std::string_view text);

}  // namespace lw::catalog
