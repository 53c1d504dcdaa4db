#include "classify/formats/sniff.h"

#include <array>

#include "classify/formats/gzip.h"

namespace lw::classify {
namespace {

bool starts_with_header(std::string_view d) noexcept {
  static constexpr std::array<std::string_view, 10> kHeaders{
      "From:",         "Received:", "Return-Path:", "MIME-Version:", "Message-ID:",
      "Delivered-To:", "Subject:",  "Date:",        "To:",           "Content-Type:"};
  for (auto h : kHeaders) {
    if (d.substr(0, h.size()) == h) return true;
  }
  return false;
}

bool looks_email(std::string_view d) noexcept {
  // Header lines at the top, a MIME-ish header among them, then a blank line.
  const auto head = d.substr(0, 8192);
  if (!starts_with_header(head)) return false;
  const auto blank = head.find("\n\n") != std::string_view::npos ||
                     head.find("\r\n\r\n") != std::string_view::npos;
  const bool mime = head.find("\nSubject:") != std::string_view::npos ||
                    head.find("\nMIME-Version:") != std::string_view::npos ||
                    head.find("\nContent-Type:") != std::string_view::npos ||
                    head.rfind("Subject:", 0) == 0;
  return blank && mime;
}

std::size_t count(std::string_view line, char c) noexcept {
  std::size_t n = 0;
  for (char x : line) n += x == c;
  return n;
}

}  // namespace

std::string_view sniff_content_type(std::string_view d) noexcept {
  if (looks_gzip(d)) return "gzip";
  if (d.substr(0, 5) == "%PDF-") return "pdf";
  if (d.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return "zip";
  std::size_t i = 0;
  if (d.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < d.size() && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n')) ++i;
  if (i < d.size() && (d[i] == '{' || d[i] == '[')) return "json";
  if (looks_email(d)) return "email";
  // Delimited: the first two lines have the same (non-zero) number of tabs or commas.
  const auto nl = d.find('\n');
  if (nl != std::string_view::npos) {
    const auto first = d.substr(0, nl);
    const auto rest = d.substr(nl + 1);
    const auto second = rest.substr(0, rest.find('\n'));
    for (char c : {'\t', ','}) {
      const auto n = count(first, c);
      const std::size_t least = c == '\t' ? 1 : 2;
      if (n >= least && n == count(second, c) && first.size() < 4096)
        return c == '\t' ? "tsv" : "csv";
    }
  }
  return "text";
}

}  // namespace lw::classify
