// Phone numbers: E.164 ("+44 20 7946 0958") and US national formats ("(202) 555-0143"), both
// validated with libphonenumber. Its ICU regular expressions are slow (parsing and validating
// text costs ~15 us a number, measured), so national numbers first pass the North American
// numbering plan rules in code, and libphonenumber sees them last (the engine's confirmation
// step, after context) as a number object for region US: no parsing, about 3 us, memoised.
#include <phonenumbers/phonenumberutil.h>

#include <array>
#include <cstdint>
#include <string>

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

}  // namespace

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
  if (!international && count != 10 && !(count == 11 && first == '1')) return {};
  const auto digits = digits_of(v);
  bool formatted = international;
  // US national formats: (202) 555-0143, 202-555-0143, 202.555.0143, 202 555 0143.
  if (!international && digits.size() == 10) {
    formatted = v.size() >= 12 &&
                (v.front() == '(' || v[3] == '-' || v[3] == '.' || v[3] == ' ' || v[3] == '/');
  }
  // North American numbering plan, checked in code first: area code and exchange start with 2-9
  // and are not N11 service codes. An unformatted ten-digit run is only a phone number with
  // context.
  if (!international) {
    const std::string_view national = std::string_view(digits).substr(digits.size() - 10);
    if (national[0] < '2' || national[3] < '2') return {};
    if (national[1] == '1' && national[2] == '1') return {};
    if (national[4] == '1' && national[5] == '1') return {};
    Validated out{formatted ? Verdict::accept : Verdict::needs_context,
                  "+1" + std::string(national)};
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
