#pragma once

#include <cstddef>
#include <string_view>

namespace lw::classify {

// Whether `code` (two upper-case letters) is an ISO 3166-1 alpha-2 country code, or XK (Kosovo,
// which banks use): the country part of a BIC (ISO 9362).
bool iso_country(std::string_view code) noexcept;

// The length of an IBAN of country `code` (ISO 13616): the countries of SWIFT's IBAN registry, and
// the African countries whose banks publish IBANs outside it; 0 for any other code.
std::size_t iban_length(std::string_view code) noexcept;

}  // namespace lw::classify
