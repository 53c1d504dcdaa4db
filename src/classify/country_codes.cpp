#include "classify/country_codes.h"

#include <array>
#include <cstdint>

namespace lw::classify {
namespace {

constexpr std::string_view kIsoCountries =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR "
    "BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ "
    "EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW "
    "GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY "
    "KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV "
    "MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
    "QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG "
    "TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA "
    "ZM ZW";

// Country code and IBAN length. The first block is SWIFT's IBAN registry; the second, national
// formats published by the central banks of francophone and lusophone Africa, Algeria and Iran.
constexpr std::string_view kIbanLengths =
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 "
    "DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 "
    "IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 "
    "MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 "
    "SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30 "
    "AO25 BF28 BJ28 CF27 CG27 CI28 CM27 CV25 DZ26 GA27 GQ27 GW25 IR26 KM27 MA28 MG27 ML28 MZ25 "
    "NE28 SN28 TD27 TG28";

constexpr std::size_t index_of(char a, char b) noexcept {
  return static_cast<std::size_t>(a - 'A') * 26 + static_cast<std::size_t>(b - 'A');
}

constexpr std::array<bool, 26 * 26> kIso = [] {
  std::array<bool, 26 * 26> t{};
  for (std::size_t i = 0; i + 1 < kIsoCountries.size(); i += 3) {
    t[index_of(kIsoCountries[i], kIsoCountries[i + 1])] = true;
  }
  return t;
}();

constexpr std::array<std::uint8_t, 26 * 26> kIban = [] {
  std::array<std::uint8_t, 26 * 26> t{};
  for (std::size_t i = 0; i + 3 < kIbanLengths.size(); i += 5) {
    const auto tens = static_cast<std::uint8_t>(kIbanLengths[i + 2] - '0');
    const auto ones = static_cast<std::uint8_t>(kIbanLengths[i + 3] - '0');
    t[index_of(kIbanLengths[i], kIbanLengths[i + 1])] = static_cast<std::uint8_t>(tens * 10 + ones);
  }
  return t;
}();

bool two_letters(std::string_view code) noexcept {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

}  // namespace

bool iso_country(std::string_view code) noexcept {
  return two_letters(code) && kIso[index_of(code[0], code[1])];
}

std::size_t iban_length(std::string_view code) noexcept {
  return two_letters(code) ? kIban[index_of(code[0], code[1])] : 0;
}

}  // namespace lw::classify
