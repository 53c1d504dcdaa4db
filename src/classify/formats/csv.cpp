#include "classify/formats/csv.h"

#include <string>

namespace lw::classify {
namespace {

constexpr std::size_t kMaxColumns = 4096;

}  // namespace

char guess_delimiter(std::string_view text) noexcept {
  const auto line = text.substr(0, text.find('\n'));
  std::size_t tabs = 0, semis = 0, commas = 0;
  for (char c : line) {
    tabs += c == '\t';
    semis += c == ';';
    commas += c == ',';
  }
  if (tabs > 0 && tabs >= commas) return '\t';
  if (semis > commas) return ';';
  return ',';
}

Result<std::vector<Segment>> csv_segments(std::string_view t, char delimiter,
                                          std::size_t max_segments) {
  if (t.size() > UINT32_MAX) return fail(ErrorCode::too_large, "CSV larger than 4 GiB");
  const char d = delimiter ? delimiter : guess_delimiter(t);
  std::vector<std::string> headers;
  std::vector<Segment> out;
  std::size_t row = 0;  // 0 = header row
  std::size_t column = 0;
  std::size_t i = 0;
  while (i <= t.size()) {
    // One field.
    std::size_t b = i, e = i;
    if (i < t.size() && t[i] == '"') {
      b = i + 1;
      std::size_t j = b;
      while (true) {
        if (j >= t.size()) {
          return fail(ErrorCode::parse_error, "unterminated quoted field",
                      "row " + std::to_string(row) + " offset " + std::to_string(b - 1));
        }
        if (t[j] == '"') {
          if (j + 1 < t.size() && t[j + 1] == '"') {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      e = j;
      i = j + 1;
      while (i < t.size() && t[i] != d && t[i] != '\n') ++i;  // junk after the quote
    } else {
      while (i < t.size() && t[i] != d && t[i] != '\n') ++i;
      e = i;
      if (e > b && t[e - 1] == '\r') --e;
    }
    if (row == 0) {
      if (headers.size() < kMaxColumns) {
        const auto name = t.substr(b, e - b);
        headers.push_back(safe_label(name) ? normalise_context(name) : std::string{});
      }
    } else if (e > b && out.size() < max_segments) {
      Segment s;
      s.begin = static_cast<std::uint32_t>(b);
      s.end = static_cast<std::uint32_t>(e);
      const std::string name = column < headers.size() && !headers[column].empty()
                                   ? headers[column]
                                   : std::to_string(column + 1);
      s.label = "row " + std::to_string(row) + " column " + name;
      if (column < headers.size()) s.context = headers[column];
      out.push_back(std::move(s));
    }
    if (i >= t.size()) break;
    if (t[i] == d) {
      ++column;
    } else {  // newline
      ++row;
      column = 0;
    }
    ++i;
  }
  return out;
}

}  // namespace lw::classify
