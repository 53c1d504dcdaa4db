#include "pipeline/compromise.h"

#include <array>

#include "core/ascii.h"

namespace lw::pipeline {
namespace {

constexpr std::size_t kExcerpt = 240;
constexpr int kMaxDepth = 16;

constexpr std::array<std::string_view, 7> kNoteNames{"readme",  "read_me", "read-me", "recover",
                                                     "warning", "ransom",  "restore"};
constexpr std::array<std::string_view, 8> kDemandWords{"pay",     "paid",    "payment", "recover",
                                                       "restore", "bitcoin", "btc",     "ransom"};

bool base58(char c) noexcept {
  return (c >= '1' && c <= '9') || (c >= 'A' && c <= 'H') || (c >= 'J' && c <= 'N') ||
         (c >= 'P' && c <= 'Z') || (c >= 'a' && c <= 'k') || (c >= 'm' && c <= 'z');
}

bool bech32(char c) noexcept {
  return (c >= '0' && c <= '9' && c != '1') ||
         (c >= 'a' && c <= 'z' && c != 'b' && c != 'i' && c != 'o');
}

// A legacy (1..., 3...) or bech32 (bc1...) bitcoin address, by shape.
bool bitcoin_address(std::string_view t) noexcept {
  if (t.size() >= 14 && t.size() <= 74 && t.starts_with("bc1")) {
    for (char c : t.substr(3)) {
      if (!bech32(c)) return false;
    }
    return true;
  }
  if (t.size() < 26 || t.size() > 35 || (t[0] != '1' && t[0] != '3')) return false;
  bool upper = false;
  bool lower = false;
  for (char c : t) {
    if (!base58(c)) return false;
    upper = upper || (c >= 'A' && c <= 'Z');
    lower = lower || (c >= 'a' && c <= 'z');
  }
  return upper && lower;  // base58 of a hash mixes cases; a run of digits is not an address
}

bool email_address(std::string_view t) noexcept {
  const auto at = t.find('@');
  if (at == 0 || at == std::string_view::npos || t.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const auto domain = t.substr(at + 1);
  const auto dot = domain.rfind('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size();
}

bool token_char(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@' ||
         c == '.' || c == '_' || c == '-' || c == '+';
}

// Calls f(token) for each token of text; f returns false to stop.
template <class F>
void for_each_token(std::string_view text, F f) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !token_char(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() && token_char(text[j])) ++j;
    if (j > i) {
      // Trailing dots and hyphens end sentences, not addresses.
      std::size_t end = j;
      while (end > i && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
      if (end > i && !f(text.substr(i, end - i))) return;
    }
    i = j;
  }
}

bool holds_demand(std::string_view text) {
  bool bitcoin = false;
  bool email = false;
  bool word = false;
  for_each_token(text, [&](std::string_view t) {
    bitcoin = bitcoin || bitcoin_address(t);
    email = email || email_address(t);
    if (!word) {
      const std::string lower = ascii_lower(t);
      for (auto w : kDemandWords) word = word || lower == w || lower.starts_with(w);
    }
    return !bitcoin;
  });
  return bitcoin || (word && email);
}

bool note_name(std::string_view name) {
  for (auto n : kNoteNames) {
    if (icontains(name, n)) return true;
  }
  return false;
}

// "<random token>-meow": the token before the suffix is at least 5 letters or digits.
bool meow_name(std::string_view name) {
  if (name.size() < 10) return false;
  if (!iequals(name.substr(name.size() - 5), "-meow")) return false;
  std::size_t n = 0;
  for (std::size_t i = name.size() - 5; i > 0; --i) {
    const char c = name[i - 1];
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum) break;
    ++n;
  }
  return n >= 5;
}

void find_meow(const nlohmann::json& j, int depth, std::size_t& seen, std::string& out) {
  if (!out.empty() || depth > kMaxDepth || seen >= kMaxNames) return;
  if (j.is_string()) {
    ++seen;
    const auto& s = j.get_ref<const std::string&>();
    if (meow_name(s)) out = s.substr(0, 160);
    return;
  }
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end() && out.empty(); ++it) {
      ++seen;
      if (meow_name(it.key())) {
        out = it.key().substr(0, 160);
        return;
      }
      find_meow(it.value(), depth + 1, seen, out);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) {
      if (!out.empty()) return;
      find_meow(v, depth + 1, seen, out);
    }
  }
}

// A cut may split a multi-byte UTF-8 character: drops a trailing incomplete one.
void drop_partial_utf8(std::string& s) {
  std::size_t lead = s.size();
  for (std::size_t back = 0; back < 4 && lead > 0; ++back) {
    --lead;
    if ((static_cast<unsigned char>(s[lead]) & 0xC0) != 0x80) break;
  }
  if (lead >= s.size()) return;
  const auto b = static_cast<unsigned char>(s[lead]);
  const std::size_t need = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
  if (s.size() - lead < need) s.resize(lead);
}

std::string printable_line(std::string_view text, std::size_t cap) {
  std::string out;
  for (char c : text) {
    if (out.size() >= cap) break;
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? ' ' : c;
  }
  drop_partial_utf8(out);
  return out;
}

}  // namespace

std::string mask_note(std::string_view text, std::size_t cap) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size() && out.size() < cap) {
    if (!token_char(text[i])) {
      const auto u = static_cast<unsigned char>(text[i]);
      out += (u < 0x20 || u == 0x7f) ? ' ' : text[i];
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && token_char(text[j])) ++j;
    std::string_view t = text.substr(i, j - i);
    std::size_t end = t.size();
    while (end > 0 && (t[end - 1] == '.' || t[end - 1] == '-')) --end;
    const std::string_view core = t.substr(0, end);
    if (bitcoin_address(core)) {
      out += std::string(core.substr(0, 4)) + "...[bitcoin address]";
      out += t.substr(end);
    } else if (email_address(core)) {
      const auto at = core.find('@');
      out += std::string(1, core[0]) + "***" + std::string(core.substr(at));
      out += t.substr(end);
    } else {
      out += t;
    }
    i = j;
  }
  if (out.size() > cap) out.resize(cap);
  drop_partial_utf8(out);
  return out;
}

Compromise find_compromise(const std::vector<Sample>& samples, const nlohmann::json& metadata) {
  Compromise c;
  for (const auto& s : samples) {
    if (meow_name(s.source)) {
      c.found = true;
      c.note = printable_line(s.source, 160) + ": the \"meow\" wiping signature";
      return c;
    }
    if (!note_name(s.source)) continue;
    const std::string_view head =
        std::string_view(s.data).substr(0, std::min(s.data.size(), kMaxNoteScan));
    if (!holds_demand(head)) continue;
    c.found = true;
    c.note = printable_line(s.source, 160) + ": " + mask_note(head, kExcerpt);
    return c;
  }
  std::size_t seen = 0;
  std::string meow;
  find_meow(metadata, 0, seen, meow);
  if (!meow.empty()) {
    c.found = true;
    c.note = printable_line(meow, 160) + ": the \"meow\" wiping signature";
  }
  return c;
}

}  // namespace lw::pipeline
