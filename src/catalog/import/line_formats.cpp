// masscan -oL and ZMap CSV: line formats.
#include <charconv>

#include "catalog/import/import.h"

namespace lw::catalog {
namespace {

tl::unexpected<Error> line_error(std::size_t line, std::string msg) {
  return fail(ErrorCode::parse_error, std::move(msg), "line " + std::to_string(line));
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    auto at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
    if (out.size() > 256) return out;  // bounded: no real line has this many fields
  }
}

std::vector<std::string_view> fields(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size() && out.size() < 64) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size()) break;
    auto j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

template <class T>
bool number(std::string_view s, T& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

// Calls fn(line_number, line) for each line; an unterminated last line is reported.
template <class Fn>
Result<bool> each_line(std::string_view text, Fn&& fn) {
  std::size_t line = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    ++line;
    auto nl = text.find('\n', pos);
    const bool terminated = nl != std::string_view::npos;
    auto l = text.substr(pos, terminated ? nl - pos : std::string_view::npos);
    if (l.size() > kMaxImportLine) return line_error(line, "line longer than 64 KiB");
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (auto ok = fn(line, l, terminated); !ok) return tl::unexpected(ok.error());
    pos = terminated ? nl + 1 : text.size();
  }
  return true;
}

Result<void> add(ImportResult& out, const ImportOptions& o, std::size_t line, ImportedService s) {
  if (out.services.size() >= o.max_services) {
    return fail(ErrorCode::too_large,
                "more than " + std::to_string(o.max_services) + " services in one import",
                "line " + std::to_string(line));
  }
  out.services.push_back(std::move(s));
  return {};
}

}  // namespace

// "#masscan", then "open tcp 80 10.0.0.1 1600000000" per port, then "# end".
Result<ImportResult> parse_masscan_list(std::string_view text, const ImportOptions& o) {
  ImportResult out;
  bool ended = false;
  auto ok = each_line(text, [&](std::size_t line, std::string_view l, bool) -> Result<void> {
    if (ended && !l.empty()) return line_error(line, "text after '# end'");
    if (l.empty()) return {};
    if (l[0] == '#') {
      if (l == "# end") ended = true;
      return {};
    }
    const auto f = fields(l);
    if (f.size() < 5) return line_error(line, "expected: STATUS PROTO PORT ADDRESS TIME");
    if (f[0] == "banner") return {};
    std::uint16_t port = 0;
    std::int64_t secs = 0;
    if (!number(f[2], port)) return line_error(line, "bad port '" + std::string(f[2]) + "'");
    auto addr = Address::parse(f[3]);
    if (!addr) return line_error(line, "bad address '" + std::string(f[3]) + "'");
    std::int64_t when = 0;
    if (!number(f[4], secs) || !import_seconds_to_ms(secs, when)) {
      return line_error(line, "bad timestamp '" + std::string(f[4]) + "'");
    }
    if (f[0] != "open" || f[1] != "tcp") {
      ++out.skipped;
      return {};
    }
    return add(out, o, line, ImportedService{*addr, port, "", "", when, false});
  });
  if (!ok) return tl::unexpected(ok.error());
  if (!ended) {
    return fail(ErrorCode::parse_error, "truncated: the file does not end with '# end'",
                "end of file");
  }
  return out;
}

// `zmap -O csv -f saddr,sport,...` with a header line; or the default output, one address per
// line, whose port is the scan's (--port).
Result<ImportResult> parse_zmap_csv(std::string_view text, const ImportOptions& o) {
  ImportResult out;
  int col_addr = -1, col_port = -1, col_success = -1, col_class = -1, col_time = -1;
  std::size_t columns = 0;
  bool header_seen = false;
  auto ok =
      each_line(text, [&](std::size_t line, std::string_view l, bool terminated) -> Result<void> {
        if (l.empty() || l[0] == '#') return {};
        const auto f = split(l, ',');
        if (!header_seen) {
          header_seen = true;
          if (l.starts_with("saddr") || l.find("saddr") != std::string_view::npos) {
            for (std::size_t i = 0; i < f.size(); ++i) {
              const int idx = static_cast<int>(i);
              if (f[i] == "saddr") col_addr = idx;
              if (f[i] == "sport") col_port = idx;
              if (f[i] == "success") col_success = idx;
              if (f[i] == "classification") col_class = idx;
              if (f[i] == "timestamp_ts") col_time = idx;
            }
            columns = f.size();
            if (col_addr < 0) return line_error(line, "the header names no saddr column");
            return {};
          }
          col_addr = 0;
          columns = 1;
        }
        if (f.size() != columns) {
          return line_error(line, terminated ? "expected " + std::to_string(columns) + " fields"
                                             : "truncated line at the end of the file");
        }
        auto addr = Address::parse(f[static_cast<std::size_t>(col_addr)]);
        if (!addr) {
          return line_error(line,
                            terminated ? "bad address" : "truncated line at the end of the file");
        }
        std::uint16_t port = o.default_port;
        if (col_port >= 0 && !number(f[static_cast<std::size_t>(col_port)], port)) {
          return line_error(line, "bad port");
        }
        if (port == 0) return line_error(line, "no port column: give the scanned port (--port)");
        if ((col_success >= 0 && f[static_cast<std::size_t>(col_success)] != "1") ||
            (col_class >= 0 && f[static_cast<std::size_t>(col_class)] != "synack")) {
          ++out.skipped;
          return {};
        }
        std::int64_t secs = 0;
        std::int64_t when = o.now_ms;
        if (col_time >= 0 && (!number(f[static_cast<std::size_t>(col_time)], secs) ||
                              !import_seconds_to_ms(secs, when))) {
          return line_error(line, "bad timestamp");
        }
        return add(out, o, line, ImportedService{*addr, port, "", "", when, false});
      });
  if (!ok) return tl::unexpected(ok.error());
  if (!header_seen) return fail(ErrorCode::parse_error, "empty ZMap file", "line 1");
  return out;
}

}  // namespace lw::catalog
