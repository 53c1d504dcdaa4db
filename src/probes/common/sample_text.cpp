#include "probes/common/sample_text.h"

namespace lw::probes {

std::string_view guess_content_type(std::string_view data) noexcept {
  const std::string_view head = data.substr(0, 512);
  std::size_t odd = 0;
  for (const char c : head) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0 || (u < 0x20 && c != '\n' && c != '\r' && c != '\t')) ++odd;
  }
  if (!head.empty() && odd * 8 > head.size()) return "binary";
  std::size_t i = 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r')) ++i;
  if (i < head.size() && (head[i] == '{' || head[i] == '[')) return "json";
  return "text";
}

std::string render_rows(const std::vector<std::string>& columns,
                        const std::vector<std::vector<std::optional<std::string>>>& rows,
                        std::size_t max_bytes, std::size_t value_cap) {
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size() && out.size() < max_bytes; ++i) {
      if (i) out += "; ";
      out += i < columns.size() ? columns[i] : "?";
      out += "=";
      out += row[i] ? row[i]->substr(0, value_cap) : "NULL";
    }
    out += "\n";
    if (out.size() >= max_bytes) break;
  }
  if (out.size() > max_bytes) out.resize(max_bytes);
  return out;
}

}  // namespace lw::probes
