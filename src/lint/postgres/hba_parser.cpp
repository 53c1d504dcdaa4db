#include "lint/postgres/hba_parser.h"

#include <string>

#include "lint/text.h"

namespace lw::lint {

namespace {

std::string where(std::size_t line) {
  return "line " + std::to_string(line);
}

// Fields are separated by blanks; "double quotes" keep blanks; '#' outside quotes starts a
// comment. Returns false on an unterminated quote.
bool split_fields(std::string_view line, std::vector<std::string>& out) {
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size() || line[i] == '#') break;
    std::string field;
    bool in_quotes = false;
    while (i < line.size()) {
      const char c = line[i];
      if (c == '"') {
        in_quotes = !in_quotes;
        ++i;
        continue;
      }
      if (!in_quotes && (c == ' ' || c == '\t' || c == '#')) break;
      field += c;
      ++i;
    }
    if (in_quotes) return false;
    out.push_back(std::move(field));
  }
  return true;
}

bool looks_like_mask(std::string_view field) noexcept {
  // A dotted IPv4 netmask or an IPv6 mask; an auth method never contains '.' or ':'.
  return field.find('.') != std::string_view::npos || field.find(':') != std::string_view::npos;
}

}  // namespace

Result<std::vector<HbaRecord>> parse_hba(std::string_view text) {
  std::vector<HbaRecord> out;
  const std::vector<std::string_view> lines = split_lines(text);
  std::string joined;
  std::size_t first_line = 0;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    std::string_view raw = lines[n];
    // A backslash at the end of a line continues the record (PostgreSQL 16+).
    if (!raw.empty() && raw.back() == '\\') {
      if (joined.empty()) first_line = n + 1;
      joined += std::string(raw.substr(0, raw.size() - 1)) + " ";
      continue;
    }
    std::string line_text = joined + std::string(raw);
    const std::size_t line_no = joined.empty() ? n + 1 : first_line;
    joined.clear();
    std::vector<std::string> f;
    if (!split_fields(line_text, f)) {
      return fail(ErrorCode::parse_error, "unterminated quote", where(line_no));
    }
    if (f.empty()) continue;
    const std::string type = ascii_lower(f[0]);
    if (type == "include" || type == "include_if_exists" || type == "include_dir") continue;
    if (out.size() >= kMaxHbaRecords) {
      return fail(ErrorCode::too_large, "too many records", where(line_no));
    }
    HbaRecord r;
    r.type = type;
    r.line = line_no;
    if (type == "local") {
      if (f.size() < 4)
        return fail(ErrorCode::parse_error, "local record needs 4 fields", where(line_no));
      r.database = f[1];
      r.user = f[2];
      r.method = ascii_lower(f[3]);
    } else if (type == "host" || type == "hostssl" || type == "hostnossl" || type == "hostgssenc" ||
               type == "hostnogssenc") {
      if (f.size() < 5) {
        return fail(ErrorCode::parse_error, type + " record needs at least 5 fields",
                    where(line_no));
      }
      r.database = f[1];
      r.user = f[2];
      r.address = f[3];
      std::size_t method_at = 4;
      if (r.address.find('/') == std::string::npos && f.size() >= 6 && looks_like_mask(f[4])) {
        r.mask = f[4];
        method_at = 5;
      }
      r.method = ascii_lower(f[method_at]);
    } else {
      return fail(ErrorCode::parse_error, "unknown record type '" + f[0] + "'", where(line_no));
    }
    if (r.database.empty() || r.user.empty() || r.method.empty() ||
        (r.type != "local" && r.address.empty())) {
      return fail(ErrorCode::parse_error, "empty field in " + type + " record", where(line_no));
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace lw::lint
