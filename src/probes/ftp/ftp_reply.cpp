#include "probes/ftp/ftp_reply.h"

#include <algorithm>
#include <array>
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

// A decimal number of at most 5 digits at `pos` (advanced past it); -1 when there is none.
long number_at(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  long value = 0;
  while (pos < text.size() && pos - start < 5 && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + (text[pos] - '0');
    ++pos;
  }
  return pos == start ? -1 : value;
}

std::uint16_t valid_port(long port) {
  return port > 0 && port <= 65535 ? static_cast<std::uint16_t>(port) : 0;
}

}  // namespace

std::uint16_t epsv_port(const Reply& reply) {
  if (reply.code != 229 || reply.lines.empty()) return 0;
  const std::string_view text = reply.lines.front();
  const auto open = text.find('(');
  if (open == std::string_view::npos || open + 5 >= text.size()) return 0;
  const char d = text[open + 1];
  if (d < 33 || d > 126 || text[open + 2] != d || text[open + 3] != d) return 0;
  std::size_t pos = open + 4;
  const long port = number_at(text, pos);
  if (pos >= text.size() || text[pos] != d) return 0;
  return valid_port(port);
}

std::uint16_t pasv_port(const Reply& reply) {
  if (reply.code != 227 || reply.lines.empty()) return 0;
  const std::string_view text = reply.lines.front();
  // Six comma-separated numbers, after a '(' or, for servers that omit it, the first digit.
  std::size_t pos = text.find('(');
  pos = pos == std::string_view::npos ? text.find_first_of("0123456789") : pos + 1;
  if (pos == std::string_view::npos) return 0;
  std::array<long, 6> n{};
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (i > 0) {
      if (pos >= text.size() || text[pos] != ',') return 0;
      ++pos;
    }
    n[i] = number_at(text, pos);
    if (n[i] < 0 || n[i] > 255) return 0;
  }
  return valid_port(n[4] * 256 + n[5]);
}

Framing frame_transfer(std::string_view bytes) {
  const Framing f = frame(bytes);
  if (f != Framing::complete) return f;
  auto replies = parse(bytes);
  if (!replies) return Framing::invalid;
  const bool final = std::any_of(replies->begin(), replies->end(),
                                 [](const Reply& r) { return r.code >= 200 || r.code < 100; });
  return final ? Framing::complete : Framing::need_more;
}

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
