// Phone numbers: E.164 ("+44 20 7946 0958"), US national formats ("(202) 555-0143"), and the
// national formats of other common countries ("030 12345678", "06 12345678", "(11) 4706-6184"),
// all validated with libphonenumber. Its ICU regular expressions are slow (parsing and validating
// text costs ~15 us a number, measured), so national numbers first pass the North American
// numbering plan rules in code, and libphonenumber sees them as a number object for region US: no
// parsing, about 3 us, memoised; bare ten digits only last (the engine's confirmation step, after
// context). Other national numbers are tried per region (kNationalRegions) only when written in
// groups, as number objects (a length check first), and count only when libphonenumber's own
// national format for that region groups the digits the same way: a run of digits valid
// somewhere (German and Finnish numbers can be almost any length) is not a phone number; one
// written the way that country writes its numbers is.
#include <phonenumbers/phonenumberutil.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "classify/validators.h"

namespace lw::classify {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

bool nanp_valid(std::uint64_t national) {
  const auto* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  number.set_country_code(1);
  number.set_national_number(national);
  // Region US first; other NANP countries (Canada, the Caribbean) share the format.
  return util->IsValidNumberForRegion(number, "US") || util->IsValidNumber(number);
}

// Countries whose national formats are recognised: North America, western and northern Europe,
// Poland, Czechia, Australia, New Zealand, Brazil, Mexico, India and Japan. Each costs a length
// check, and a match against its patterns when the length is possible, for a grouped candidate
// that no earlier region accepted (memoised per thread).
constexpr std::array<const char*, 25> kNationalRegions{
    "GB", "DE", "FR", "NL", "BE", "CH", "AT", "IT", "ES", "PT", "IE", "LU", "DK",
    "NO", "SE", "FI", "PL", "CZ", "AU", "NZ", "BR", "MX", "IN", "JP", "CA"};

constexpr std::size_t kMaxGroups = 8;

struct Grouping {
  std::array<std::uint8_t, kMaxGroups> size{};
  std::size_t count = 0;
  bool operator==(const Grouping&) const = default;
};

// The sizes of the digit groups of `s` (any non-digit separates); count > kMaxGroups when more.
Grouping grouping(std::string_view s) noexcept {
  Grouping g;
  std::uint8_t run = 0;
  for (char ch : s) {
    if (ch >= '0' && ch <= '9') {
      if (run < 255) ++run;
      continue;
    }
    if (run == 0) continue;
    if (g.count < kMaxGroups) g.size[g.count] = run;
    ++g.count;
    run = 0;
  }
  if (run > 0) {
    if (g.count < kMaxGroups) g.size[g.count] = run;
    ++g.count;
  }
  return g;
}

// A region's country calling code and national (trunk) prefix, looked up once.
struct RegionInfo {
  const char* region = nullptr;
  int country_code = 0;
  std::string trunk;
};

const std::array<RegionInfo, kNationalRegions.size()>& region_infos() {
  static const auto infos = [] {
    std::array<RegionInfo, kNationalRegions.size()> out;
    const auto* util = PhoneNumberUtil::GetInstance();
    for (std::size_t i = 0; i < kNationalRegions.size(); ++i) {
      out[i].region = kNationalRegions[i];
      out[i].country_code = util->GetCountryCodeForRegion(kNationalRegions[i]);
      util->GetNddPrefixForRegion(kNationalRegions[i], true, &out[i].trunk);
    }
    return out;
  }();
  return infos;
}

// The number `digits` (as dialled in the region: trunk prefix first, if any) as libphonenumber's
// number object, built without parsing text (ICU regular expressions, ~15 us).
PhoneNumber national_number(const RegionInfo& r, std::string_view digits) {
  if (!r.trunk.empty() && digits.starts_with(r.trunk)) digits.remove_prefix(r.trunk.size());
  PhoneNumber number;
  number.set_country_code(r.country_code);
  std::size_t zeros = 0;
  while (zeros < digits.size() && digits[zeros] == '0') ++zeros;
  if (zeros > 0) {  // Italy keeps its leading zero: the number object counts it apart
    number.set_italian_leading_zero(true);
    if (zeros > 1) number.set_number_of_leading_zeros(static_cast<std::int32_t>(zeros));
  }
  std::uint64_t national = 0;
  for (char ch : digits) national = national * 10 + static_cast<std::uint64_t>(ch - '0');
  number.set_national_number(national);
  return number;
}

// A number written in groups that libphonenumber accepts for one of kNationalRegions and formats
// nationally in the same groups; the E.164 form, or empty. Each region costs a length check
// (IsPossibleNumber); only a possible number is matched against the region's patterns.
std::string national_e164_uncached(std::string_view v, const Grouping& groups) {
  const auto digits = digits_of(v);
  if (digits.size() < 6 || digits.size() > 17) return {};
  const auto* util = PhoneNumberUtil::GetInstance();
  for (const auto& r : region_infos()) {
    const auto number = national_number(r, digits);
    if (!util->IsPossibleNumber(number)) continue;
    if (!util->IsValidNumberForRegion(number, r.region)) continue;
    std::string national;
    util->Format(number, PhoneNumberUtil::NATIONAL, &national);
    if (!(grouping(national) == groups)) continue;
    std::string e164;
    util->Format(number, PhoneNumberUtil::E164, &e164);
    return e164;
  }
  return {};
}

// The same, memoised per thread (the same numbers recur: a support line on every page).
std::string national_e164(std::string_view v) {
  const auto groups = grouping(v);
  if (groups.count < 2 || groups.count > kMaxGroups || v.size() > 32) return {};
  struct Slot {
    std::string text;  // empty: unused
    std::string e164;
  };
  thread_local std::array<Slot, 512> memo{};
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (char ch : v) h = (h ^ static_cast<unsigned char>(ch)) * 0x100000001b3ULL;
  auto& slot = memo[h % memo.size()];
  if (slot.text != v) slot = Slot{std::string(v), national_e164_uncached(v, groups)};
  return slot.e164;
}

// "+CC ..." or "00CC ..." written as libphonenumber's international format groups it; the E.164
// form, or empty.
std::string international_e164(std::string_view v) {
  std::string text(v);
  if (text.starts_with("00")) text = "+" + text.substr(2);
  const auto* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util->Parse(text, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return {};
  if (!util->IsValidNumber(number)) return {};
  std::string international;
  util->Format(number, PhoneNumberUtil::INTERNATIONAL, &international);
  const auto groups = grouping(text);
  if (groups.count > 1 && !(grouping(international) == groups)) return {};
  std::string e164;
  util->Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

// 202 555 0143 or 1 202 555 0143, whatever the separators.
bool nanp_grouping(std::string_view v) noexcept {
  const auto g = grouping(v);
  const bool ten = g.count == 3 && g.size[0] == 3 && g.size[1] == 3 && g.size[2] == 4;
  const bool eleven =
      g.count == 4 && g.size[0] == 1 && g.size[1] == 3 && g.size[2] == 3 && g.size[3] == 4;
  return ten || eleven;
}

// The value without an extension ("x123", " ext. 123").
std::string_view without_extension(std::string_view v) noexcept {
  const auto x = v.find_first_of("xXe");
  return x == std::string_view::npos ? v : v.substr(0, x);
}

// Groups of three after the first, separated by spaces, commas or dots: also how large numbers
// are written ("512 345 678" is a Polish mobile number and a count), so only with context.
bool thousands_like(std::string_view v) noexcept {
  const auto g = grouping(v);
  if (g.count < 3 || g.count > kMaxGroups || g.size[0] > 3) return false;
  for (std::size_t i = 1; i < g.count; ++i) {
    if (g.size[i] != 3) return false;
  }
  return v.find_first_of("-/()") == std::string_view::npos;
}

// 2024-03-14, 14.03.2024, 3/14/2024: a date, whichever country's number it might also be.
bool date_like(std::string_view v, const Grouping& g) noexcept {
  if (g.count != 3 || v.find(' ') != std::string_view::npos) return false;
  const bool ymd = g.size[0] == 4 && g.size[1] <= 2 && g.size[2] <= 2;
  const bool dmy = g.size[0] <= 2 && g.size[1] <= 2 && g.size[2] == 4;
  return ymd || dmy;
}

bool dotted_quad(std::string_view v, const Grouping& g) noexcept {
  if (g.count != 4) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    if (g.size[i] > 3) return false;
  }
  return v.find_first_not_of("0123456789.") == std::string_view::npos;
}

Validated other_national(std::string_view v) {
  auto e164 = national_e164(v);
  if (e164.empty()) return {};
  return {thousands_like(v) ? Verdict::needs_context : Verdict::accept, std::move(e164)};
}

}  // namespace

bool phone_in_known_format(std::string_view value) {
  auto v = without_extension(value);
  while (!v.empty() && (v.back() == ' ' || v.back() == ',' || v.back() == '.')) v.remove_suffix(1);
  const auto digits = digits_of(v);
  // The detector's range: E.164's at most 15 digits; shorter than 8 is too ambiguous in text.
  if (digits.size() < 8 || digits.size() > 15) return false;
  if (v.front() == '+' || v.starts_with("00")) return !international_e164(v).empty();
  const auto groups = grouping(v);
  const bool nanp_shape = digits.size() == 10 || (digits.size() == 11 && digits[0] == '1');
  if (nanp_shape && (groups.count == 1 || nanp_grouping(v)) &&
      confirm_nanp_phone("+1" + digits.substr(digits.size() - 10))) {
    return true;
  }
  return !national_e164(v).empty();
}

bool confirm_nanp_phone(std::string_view e164) {
  if (e164.size() != 12 || e164.substr(0, 2) != "+1") return false;
  std::uint64_t national = 0;
  for (char ch : e164.substr(2)) {
    if (ch < '0' || ch > '9') return false;
    national = national * 10 + static_cast<std::uint64_t>(ch - '0');
  }
  // The same numbers recur (a support line on every page): remember recent verdicts per thread.
  struct Slot {
    std::uint64_t national = 0;  // 0: empty (not a valid NANP number anyway)
    bool valid = false;
  };
  thread_local std::array<Slot, 1024> memo{};
  auto& slot = memo[(national * 0x9e3779b97f4a7c15ULL) >> 54];
  if (slot.national != national) slot = Slot{national, nanp_valid(national)};
  return slot.valid;
}

Validated validate_phone(const Candidate& c) {
  const auto v = c.value;
  const bool international = !v.empty() && v.front() == '+';
  // Most runs handed over are not phone-shaped at all (twelve-digit ids): reject them before
  // copying anything.
  std::size_t count = 0;
  char first = 0;
  for (char ch : v) {
    if (ch >= '0' && ch <= '9' && count++ == 0) first = ch;
  }
  if (count < 8 || count > 15) return {};
  const auto groups = grouping(v);
  if (dotted_quad(v, groups)) return {};  // an IPv4 address ("74.34.59.240")
  if (date_like(v, groups)) return {};
  // 123-45-6789 is a Social Security number's format, and that rule's to claim.
  if (groups.count == 3 && groups.size[0] == 3 && groups.size[1] == 2 && groups.size[2] == 4 &&
      v.find_first_not_of("0123456789-") == std::string_view::npos) {
    return {};
  }
  const bool grouped = groups.count > 1;
  if (!international && v.starts_with("00")) {  // "00" is the international prefix in Europe
    auto e164 = grouped ? international_e164(v) : std::string{};
    if (e164.empty()) return {};
    return {Verdict::accept, std::move(e164)};
  }
  const bool nanp_shape = count == 10 || (count == 11 && first == '1');
  if (!international && !nanp_shape) return grouped ? other_national(v) : Validated{};
  const auto digits = digits_of(v);
  bool formatted = international;
  // US national formats: (202) 555-0143, 202-555-0143, 202.555.0143, 202 555 0143.
  if (!international && digits.size() == 10) {
    formatted = v.size() >= 12 &&
                (v.front() == '(' || v[3] == '-' || v[3] == '.' || v[3] == ' ' || v[3] == '/');
  }
  // North American numbering plan, checked in code first: area code and exchange start with 2-9
  // and are not N11 service codes. An unformatted ten-digit run is only a phone number with
  // context. A grouped number that fails it may be another country's ("040 898 9331").
  if (!international) {
    const std::string_view national = std::string_view(digits).substr(digits.size() - 10);
    const bool nanp = national[0] >= '2' && national[3] >= '2' &&
                      !(national[1] == '1' && national[2] == '1') &&
                      !(national[4] == '1' && national[5] == '1');
    if (!nanp || (grouped && !nanp_grouping(v))) {
      return grouped ? other_national(v) : Validated{};
    }
    std::string e164 = "+1" + std::string(national);
    const auto verdict = formatted ? Verdict::accept : Verdict::needs_context;
    // Written in groups, it is decided now: Mexico writes "751 954 9268" too.
    if (grouped) {
      if (!confirm_nanp_phone(e164)) return other_national(v);
      return {verdict, std::move(e164)};
    }
    Validated out{verdict, std::move(e164)};
    out.confirm = true;  // libphonenumber (confirm_nanp_phone), once context is settled
    return out;
  }
  const auto* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  const std::string text(v);
  if (util->Parse(text, "US", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return {};
  if (!util->IsValidNumber(number)) return {};
  std::string e164;
  util->Format(number, PhoneNumberUtil::E164, &e164);
  return {formatted ? Verdict::accept : Verdict::needs_context, std::move(e164)};
}

}  // namespace lw::classify
