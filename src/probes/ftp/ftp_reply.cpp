#include "probes/ftp/ftp_reply.h"

#include <algorithm>
#include <charconv>

namespace lw::probes::ftp {
namespace {

std::vector<std::string_view> fields(std::string_view line, std::size_t max_fields) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < line.size() && out.size() + 1 < max_fields) {
    while (pos < line.size() && line[pos] == ' ') ++pos;
    if (pos >= line.size()) break;
    const auto end = line.find(' ', pos);
    out.push_back(line.substr(pos, end == std::string_view::npos ? line.size() - pos : end - pos));
    pos = end == std::string_view::npos ? line.size() : end;
  }
  while (pos < line.size() && line[pos] == ' ') ++pos;
  if (pos < line.size()) out.push_back(line.substr(pos));  // the name, spaces kept
  return out;
}

}  // namespace

std::vector<Entry> parse_listing(const std::vector<std::string>& lines) {
  std::vector<Entry> out;
  for (const auto& line : lines) {
    if (line.size() < 10) continue;
    const char type = line[0];
    if (type != '-' && type != 'd' && type != 'l') continue;
    // perms links owner group size month day time-or-year name
    const auto f = fields(line, 9);
    if (f.size() != 9) continue;
    std::uint64_t size = 0;
    const auto [p, ec] = std::from_chars(f[4].data(), f[4].data() + f[4].size(), size);
    if (ec != std::errc{} || p != f[4].data() + f[4].size()) continue;
    std::string_view name = f[8];
    if (type == 'l') {
      if (const auto arrow = name.find(" -> "); arrow != std::string_view::npos) {
        name = name.substr(0, arrow);
      }
    }
    if (name.empty() || name == "." || name == ".." || name.size() > 255) continue;
    const bool control = std::any_of(name.begin(), name.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (control || name.find('/') != std::string_view::npos) continue;
    Entry e;
    e.directory = type == 'd';
    e.link = type == 'l';
    e.size = size;
    e.name = std::string(name);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace lw::probes::ftp
