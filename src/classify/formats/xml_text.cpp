// Visible text of OOXML parts: tags dropped, entities decoded, paragraph/cell/row ends kept.
#include <string>

#include "classify/formats/container.h"

namespace lw::classify {
namespace {

char separator_for(std::string_view tag) noexcept {
  // tag is the inside of <...>; closing and empty tags matter.
  const bool closing = !tag.empty() && tag.front() == '/';
  const bool empty = !tag.empty() && tag.back() == '/';
  if (closing) tag.remove_prefix(1);
  const auto end = tag.find_first_of(" \t\r\n/");
  auto name = tag.substr(0, end);
  const auto colon = name.find(':');
  if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
  if (closing && (name == "p" || name == "tr" || name == "row" || name == "si")) return '\n';
  if (closing && (name == "tc" || name == "c")) return '\t';
  if (empty && (name == "br" || name == "cr")) return '\n';
  if (empty && name == "tab") return '\t';
  return 0;
}

void append_entity(std::string_view entity, std::string& out) {
  if (entity == "lt")
    out.push_back('<');
  else if (entity == "gt")
    out.push_back('>');
  else if (entity == "amp")
    out.push_back('&');
  else if (entity == "quot")
    out.push_back('"');
  else if (entity == "apos")
    out.push_back('\'');
  else if (entity.size() > 1 && entity[0] == '#') {
    unsigned long code = 0;
    const bool hex = entity[1] == 'x' || entity[1] == 'X';
    for (char c : entity.substr(hex ? 2 : 1)) {
      int v = -1;
      if (c >= '0' && c <= '9')
        v = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
      if (v < 0 || code > 0x10FFFF) return;
      code = code * (hex ? 16u : 10u) + static_cast<unsigned long>(v);
    }
    out.push_back(code < 0x80 ? static_cast<char>(code) : ' ');
  }
}

}  // namespace

std::string xml_text(std::string_view xml) {
  std::string out;
  out.reserve(xml.size() / 4);
  std::size_t i = 0;
  while (i < xml.size()) {
    const char c = xml[i];
    if (c == '<') {
      const auto close = xml.find('>', i + 1);
      if (close == std::string_view::npos) break;
      if (const char sep = separator_for(xml.substr(i + 1, close - i - 1))) out.push_back(sep);
      i = close + 1;
    } else if (c == '&') {
      const auto semi = xml.find(';', i + 1);
      if (semi == std::string_view::npos || semi - i > 10) {
        out.push_back('&');
        ++i;
        continue;
      }
      append_entity(xml.substr(i + 1, semi - i - 1), out);
      i = semi + 1;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

}  // namespace lw::classify
