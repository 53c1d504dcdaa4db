#include "lint/conf/kv_parser.h"

#include <string>

#include "lint/text.h"

namespace lw::lint {

namespace {

std::string where(std::size_t line) {
  return "line " + std::to_string(line);
}

// Splits words honouring "..." and '...' (with backslash escapes inside double quotes).
// Returns false on an unterminated quote.
bool split_words(std::string_view text, std::vector<std::string>& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i >= text.size()) break;
    std::string word;
    if (text[i] == '"' || text[i] == '\'') {
      const char quote = text[i++];
      bool closed = false;
      while (i < text.size()) {
        const char c = text[i++];
        if (c == quote) {
          closed = true;
          break;
        }
        if (c == '\\' && quote == '"' && i < text.size()) {
          word += text[i++];
          continue;
        }
        word += c;
      }
      if (!closed) return false;
    } else {
      while (i < text.size() && text[i] != ' ' && text[i] != '\t') word += text[i++];
    }
    out.push_back(std::move(word));
  }
  return true;
}

// Cuts a "# comment" that is not inside quotes.
std::string_view cut_comment(std::string_view line) noexcept {
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#') {
      return line.substr(0, i);
    }
  }
  return line;
}

std::string join_sections(const std::vector<std::string>& stack) {
  std::string out;
  for (const std::string& s : stack) {
    if (!out.empty()) out += '/';
    out += s;
  }
  return out;
}

}  // namespace

Result<std::vector<KvEntry>> parse_kv(std::string_view text, const KvSyntax& syntax) {
  std::vector<KvEntry> out;
  std::vector<std::string> sections;
  std::string ini_section;
  const std::vector<std::string_view> lines = split_lines(text);
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::size_t line_no = n + 1;
    std::string_view line = trim(lines[n]);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (syntax.inline_comments) line = trim(cut_comment(line));
    if (line.empty()) continue;
    if (syntax.ini_sections && line.front() == '[') {
      if (line.back() != ']')
        return fail(ErrorCode::parse_error, "unclosed section header", where(line_no));
      std::string_view name = line;
      while (!name.empty() && name.front() == '[') name.remove_prefix(1);
      while (!name.empty() && name.back() == ']') name.remove_suffix(1);
      ini_section = ascii_lower(trim(name));
      continue;
    }
    if (syntax.brace_sections) {
      if (line == "}") {
        if (sections.empty())
          return fail(ErrorCode::parse_error, "'}' without an open block", where(line_no));
        sections.pop_back();
        continue;
      }
      if (line.back() == '{') {
        if (sections.size() >= kMaxKvBraceDepth) {
          return fail(ErrorCode::too_deep, "blocks nested too deeply", where(line_no));
        }
        sections.emplace_back(trim(line.substr(0, line.size() - 1)));
        continue;
      }
    }
    if (out.size() >= kMaxKvEntries) {
      return fail(ErrorCode::too_large, "more than " + std::to_string(kMaxKvEntries) + " settings",
                  where(line_no));
    }
    KvEntry entry;
    entry.line = line_no;
    entry.section = syntax.brace_sections ? join_sections(sections) : ini_section;
    std::string_view key;
    std::string_view rest;
    const auto eq = line.find('=');
    const auto ws = line.find_first_of(" \t");
    const bool use_equals =
        syntax.equals ||
        (syntax.equals_optional && eq != std::string_view::npos &&
         (ws == std::string_view::npos || eq < ws || trim(line.substr(ws, eq - ws)).empty()));
    if (use_equals) {
      key = trim(line.substr(0, eq));
      rest = eq == std::string_view::npos ? std::string_view() : trim(line.substr(eq + 1));
    } else {
      key = line.substr(0, ws);
      rest = ws == std::string_view::npos ? std::string_view() : trim(line.substr(ws));
    }
    if (key.empty()) return fail(ErrorCode::parse_error, "setting without a name", where(line_no));
    entry.key = std::string(key);
    if (!split_words(rest, entry.args)) {
      return fail(ErrorCode::parse_error, "unterminated quote", where(line_no));
    }
    entry.value = std::string(unquote(rest));
    out.push_back(std::move(entry));
  }
  if (syntax.brace_sections && !sections.empty()) {
    return fail(ErrorCode::parse_error, "block '" + sections.back() + "' is never closed",
                where(lines.size()));
  }
  return out;
}

const KvEntry* last_entry(const std::vector<KvEntry>& entries, std::string_view key,
                          bool ignore_case) {
  const KvEntry* found = nullptr;
  for (const KvEntry& e : entries) {
    if (ignore_case ? iequals(e.key, key) : e.key == key) found = &e;
  }
  return found;
}

}  // namespace lw::lint
