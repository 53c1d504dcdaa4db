// Validators for numeric identifiers handed over by the digit-run scanner.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "classify/country_codes.h"
#include "classify/validators.h"

namespace lw::classify {
namespace {

// A digit run split into digit groups and the separators between them.
struct Groups {
  std::array<std::string_view, 12> group{};
  std::array<char, 12> sep{};  // sep[i] follows group[i]
  std::size_t count = 0;
  bool other = false;  // '(' ')' '+' present
};

Groups split(std::string_view run) {
  Groups g;
  std::size_t i = 0;
  while (i < run.size()) {
    const char ch = run[i];
    if (ch >= '0' && ch <= '9') {
      const auto start = i;
      while (i < run.size() && run[i] >= '0' && run[i] <= '9') ++i;
      if (g.count == g.group.size()) {
        g.other = true;
        return g;
      }
      g.group[g.count++] = run.substr(start, i - start);
      continue;
    }
    if (ch == '(' || ch == ')' || ch == '+') g.other = true;
    if (g.count > 0 && g.sep[g.count - 1] == 0) g.sep[g.count - 1] = ch;
    ++i;
  }
  return g;
}

bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool all_same(std::string_view s) noexcept {
  return !s.empty() && s.find_first_not_of(s.front()) == std::string_view::npos;
}

int num(std::string_view s) noexcept {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool card_grouping(const Groups& g) noexcept {
  const auto size = [&g](std::size_t i) { return g.group[i].size(); };
  if (g.count == 3 && size(0) == 4 && size(1) == 6 && (size(2) == 5 || size(2) == 4)) return true;
  for (std::size_t i = 0; i + 1 < g.count; ++i) {
    if (size(i) != 4) return false;
  }
  return size(g.count - 1) >= 1 && size(g.count - 1) <= 4;
}

// "ddd-dd-dddd" / "ddd dd dddd" (true, formatted) or "ddddddddd" (false); nullopt otherwise.
std::optional<bool> ssn_shape(const Groups& g) {
  if (g.other) return std::nullopt;
  if (g.count == 1 && g.group[0].size() == 9) return false;
  if (g.count == 3 && g.group[0].size() == 3 && g.group[1].size() == 2 && g.group[2].size() == 4 &&
      g.sep[0] == g.sep[1] && (g.sep[0] == '-' || g.sep[0] == ' ')) {
    return true;
  }
  return std::nullopt;
}

}  // namespace

Validated validate_ssn(const Candidate& c) {
  const auto g = split(c.value);
  const auto shape = ssn_shape(g);
  if (!shape) return {};
  auto d = digits_of(c.value);
  const int area = num(std::string_view(d).substr(0, 3));
  const int group = num(std::string_view(d).substr(3, 2));
  const int serial = num(std::string_view(d).substr(5, 4));
  if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) return {};
  // Numbers published as examples and never issued.
  if (d == "078051120" || d == "219099999" || d == "123456789") return {};
  return {*shape ? Verdict::accept : Verdict::needs_context, std::move(d)};
}

Validated validate_itin(const Candidate& c) {
  const auto g = split(c.value);
  const auto shape = ssn_shape(g);
  if (!shape) return {};
  auto d = digits_of(c.value);
  const int group = num(std::string_view(d).substr(3, 2));
  const bool group_ok = (group >= 50 && group <= 65) || (group >= 70 && group <= 88) ||
                        (group >= 90 && group <= 92) || (group >= 94 && group <= 99);
  if (d[0] != '9' || !group_ok) return {};
  return {*shape ? Verdict::accept : Verdict::needs_context, std::move(d)};
}

Validated validate_card(const Candidate& c) {
  const auto g = split(c.value);
  if (g.other) return {};
  // Separators, if any, are all the same space or dash, between the groups cards are printed
  // in: fours (the last one shorter), or 4-6-5 and 4-6-4 (American Express, Diners). An IMEI's
  // 2-6-6-1 or a phone number's groups are not a card's even when their digits pass Luhn.
  for (std::size_t i = 0; i + 1 < g.count; ++i) {
    if (g.sep[i] != ' ' && g.sep[i] != '-') return {};
    if (g.sep[i] != g.sep[0]) return {};
  }
  if (g.count > 1 && !card_grouping(g)) return {};
  auto d = digits_of(c.value);
  const auto n = d.size();
  if (n < 12 || n > 19 || all_same(d) || !luhn_valid(d)) return {};
  const int p1 = d[0] - '0';
  const int p2 = num(std::string_view(d).substr(0, 2));
  const int p3 = num(std::string_view(d).substr(0, 3));
  const int p4 = num(std::string_view(d).substr(0, 4));
  const int p6 = num(std::string_view(d).substr(0, 6));
  // Issuer ranges and the lengths each issues (ISO/IEC 7812 IIN ranges as the networks publish
  // them); the first range that holds the prefix decides.
  bool issuer = false;
  if (p1 == 4)
    issuer = n == 13 || n == 16 || n == 19;  // Visa
  else if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
    issuer = n == 16;  // Mastercard
  else if (p4 >= 2200 && p4 <= 2204)
    issuer = n >= 16;  // Mir
  else if (p2 == 34 || p2 == 37)
    issuer = n == 15;  // Amex
  else if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925))
    issuer = n >= 16;  // Discover
  else if (p4 >= 3528 && p4 <= 3589)
    issuer = n >= 16;  // JCB
  else if (p2 == 36)
    issuer = n >= 14;  // Diners Club International
  else if ((p3 >= 300 && p3 <= 305) || p3 == 309 || p2 == 38 || p2 == 39)
    issuer = n >= 14 && n != 15;  // Diners Club (14; 16-19 on the Discover network)
  else if (p2 == 62 || p2 == 81)
    issuer = n >= 16;  // UnionPay
  else if (p2 == 50 || (p2 >= 56 && p2 <= 69))
    issuer = n >= 12;  // Maestro (12 to 19 digits)
  if (!issuer) return {};
  // Twelve digits (only Maestro) are as often an order or account number: only with context.
  if (n == 12) return {Verdict::needs_context, std::move(d)};
  return {Verdict::accept, std::move(d)};
}

bool aba_valid(std::string_view d) noexcept {
  if (d.size() != 9 || !all_digits(d)) return false;
  const auto at = [&](std::size_t i) { return d[i] - '0'; };
  const int sum = 3 * (at(0) + at(3) + at(6)) + 7 * (at(1) + at(4) + at(7)) + at(2) + at(5) + at(8);
  const int prefix = num(d.substr(0, 2));
  const bool prefix_ok = prefix <= 12 || (prefix >= 21 && prefix <= 32) ||
                         (prefix >= 61 && prefix <= 72) || prefix == 80;
  return sum % 10 == 0 && prefix_ok && !all_same(d);
}

Validated validate_aba(const Candidate& c) {
  const auto g = split(c.value);
  if (g.other || g.count != 1) return {};
  if (!aba_valid(c.value)) return {};
  return {Verdict::needs_context, std::string(c.value)};
}

Validated validate_npi(const Candidate& c) {
  const auto g = split(c.value);
  if (g.other || g.count != 1 || c.value.size() != 10) return {};
  if (c.value[0] != '1' && c.value[0] != '2') return {};
  if (!luhn_valid("80840" + std::string(c.value))) return {};
  return {Verdict::needs_context, std::string(c.value)};
}

Validated validate_dod_id(const Candidate& c) {
  const auto g = split(c.value);
  if (g.other || g.count != 1 || c.value.size() != 10 || all_same(c.value)) return {};
  return {Verdict::needs_context, std::string(c.value)};
}

bool iban_valid(std::string_view s) noexcept {
  if (s.size() < 15 || s.size() > 34 || iban_length(s.substr(0, 2)) != s.size()) return false;
  if (s[2] < '0' || s[2] > '9' || s[3] < '0' || s[3] > '9') return false;
  const int check = (s[2] - '0') * 10 + (s[3] - '0');
  if (check < 2 || check > 98) return false;  // what mod 97-10 can yield
  int rem = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const char ch = s[(k + 4) % s.size()];
    if (ch >= '0' && ch <= '9') {
      rem = (rem * 10 + (ch - '0')) % 97;
    } else if (ch >= 'A' && ch <= 'Z') {
      const int v = ch - 'A' + 10;
      rem = (rem * 100 + v) % 97;
    } else {
      return false;
    }
  }
  return rem == 1;
}

Validated validate_iban(const Candidate& c) {
  // The digit scanner hands over the run extended back over a two-letter country code, in any
  // case ("gb82 west 1234 ..."), and possibly over a word after it ("... 7654 32 and"): the
  // value is cut at the country's length where a space ends a group there.
  if (c.value.size() < 2) return {};
  const auto upper = [](char ch) {
    return ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch;
  };
  const char country[2] = {upper(c.value[0]), upper(c.value[1])};
  const std::size_t want = iban_length(std::string_view(country, 2));
  if (want == 0) return {};
  std::string compact;
  for (std::size_t i = 0; i < c.value.size(); ++i) {
    const char ch = c.value[i];
    if (ch == ' ') {
      if (compact.size() == want) break;
      continue;
    }
    compact.push_back(upper(ch));
  }
  if (!iban_valid(compact)) return {};
  return {Verdict::accept, std::move(compact)};
}

Validated validate_ipv4(const Candidate& c) {
  const auto g = split(c.value);
  if (g.other || g.count != 4) return {};
  for (std::size_t i = 0; i < 4; ++i) {
    if (i < 3 && g.sep[i] != '.') return {};
    if (g.group[i].size() > 3 || num(g.group[i]) > 255) return {};
    if (g.group[i].size() > 1 && g.group[i][0] == '0') return {};
  }
  // Unspecified, loopback and broadcast addresses identify no one.
  const int first = num(g.group[0]);
  if (first == 0 || first == 127 || c.value == "255.255.255.255") return {};
  return {Verdict::accept, std::string(c.value)};
}

namespace {

int current_year() noexcept {
  static const int year = [] {
    const std::chrono::year_month_day today{
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    return static_cast<int>(today.year());
  }();
  return year;
}

}  // namespace

Validated validate_ipv6(const Candidate& c) {
  const std::string value(c.value);
  in6_addr a{};
  if (value.find(':') == std::string::npos || inet_pton(AF_INET6, value.c_str(), &a) != 1) {
    return {};
  }
  // Colon-separated hex words without a digit are code ("add::bad"), not addresses; the
  // unspecified and loopback addresses identify no one.
  if (value.find_first_of("0123456789") == std::string::npos) return {};
  if (IN6_IS_ADDR_UNSPECIFIED(&a) || IN6_IS_ADDR_LOOPBACK(&a)) return {};
  // The canonical text (RFC 5952), so that one address written two ways hashes the same.
  char canonical[INET6_ADDRSTRLEN];
  if (inet_ntop(AF_INET6, &a, canonical, sizeof canonical) == nullptr) return {};
  return {Verdict::accept, std::string(canonical)};
}

Validated validate_dob(const Candidate& c) {
  const auto g = split(c.value);
  if (g.other || g.count != 3 || g.sep[0] != g.sep[1]) return {};
  if (g.sep[0] != '-' && g.sep[0] != '/' && g.sep[0] != '.') return {};
  int y = 0, m = 0, d = 0;
  if (g.group[0].size() == 4 && g.group[1].size() <= 2 && g.group[2].size() <= 2) {
    y = num(g.group[0]), m = num(g.group[1]), d = num(g.group[2]);
  } else if (g.group[2].size() == 4 && g.group[0].size() <= 2 && g.group[1].size() <= 2) {
    y = num(g.group[2]), m = num(g.group[0]), d = num(g.group[1]);
    if (m > 12 && d <= 12) std::swap(m, d);  // day first
  } else {
    return {};
  }
  if (y < 1900 || y > current_year() || m < 1 || m > 12 || d < 1 || d > 31) return {};
  std::string iso = "0000-00-00";
  const auto put = [&iso](std::size_t at, int v, std::size_t width) {
    for (std::size_t k = width; k-- > 0; v /= 10) iso[at + k] = static_cast<char>('0' + v % 10);
  };
  put(0, y, 4);
  put(5, m, 2);
  put(8, d, 2);
  return {Verdict::needs_context, std::move(iso)};
}

namespace {

std::string upper_alnum(std::string_view s, bool allow_dash) {
  std::string out;
  for (char ch : s) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    const bool ok =
        (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || (allow_dash && ch == '-');
    if (!ok) return {};
    out.push_back(ch);
  }
  return out;
}

std::size_t count_digits(std::string_view s) noexcept {
  std::size_t n = 0;
  for (char ch : s) n += (ch >= '0' && ch <= '9') ? 1 : 0;
  return n;
}

}  // namespace

Validated validate_mrn(const Candidate& c) {
  auto v = upper_alnum(c.value, true);
  if (v.size() < 5 || v.size() > 14 || count_digits(v) < 5 || all_same(digits_of(v))) return {};
  return {Verdict::needs_context, std::move(v)};
}

Validated validate_passport(const Candidate& c) {
  auto v = upper_alnum(c.value, false);
  const auto digits = count_digits(v);
  if (v.size() < 6 || v.size() > 9 || digits < 5 || v.size() - digits > 3) return {};
  if (all_same(digits_of(v))) return {};
  return {Verdict::needs_context, std::move(v)};
}

Validated validate_drivers_license(const Candidate& c) {
  auto v = upper_alnum(c.value, true);
  if (v.size() < 5 || v.size() > 16 || count_digits(v) < 4 || all_same(digits_of(v))) return {};
  return {Verdict::needs_context, std::move(v)};
}

Validated validate_bic(const Candidate& c) {
  const auto v = c.value;
  if (v.size() != 8 && v.size() != 11) return {};
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char ch = v[i];
    const bool letter = ch >= 'A' && ch <= 'Z';
    const bool digit = ch >= '0' && ch <= '9';
    if (i < 6 ? !letter : !(letter || digit)) return {};
  }
  if (!iso_country(v.substr(4, 2))) return {};
  return {Verdict::needs_context, std::string(v)};
}

Validated validate_icd10(const Candidate& c) {
  // Letter (not U), two digits (or digit + A/B), a dot and 1-4 characters: "E11.9", "C50.911".
  const auto v = c.value;
  if (v.size() < 5 || v.size() > 8 || v[3] != '.') return {};
  if (v[0] < 'A' || v[0] > 'Z' || v[0] == 'U') return {};
  if (v[1] < '0' || v[1] > '9') return {};
  if (!((v[2] >= '0' && v[2] <= '9') || v[2] == 'A' || v[2] == 'B')) return {};
  for (char ch : v.substr(4)) {
    const bool ok = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z' && ch != 'U');
    if (!ok) return {};
  }
  return {Verdict::needs_context, std::string(v)};
}

}  // namespace lw::classify
