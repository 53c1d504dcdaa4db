#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lw::classify {

enum class Verdict { reject, accept, needs_context };

struct Validated {
  Verdict verdict = Verdict::reject;
  std::string normalized;  // the canonical value that is hashed (digits only, lower-case e-mail)
  // The verdict holds only if the validator's confirmation (a slow check, see find_confirmer)
  // accepts `normalized`; the engine runs it last, once context is settled, so candidates that
  // fail cheaper tests never pay for it.
  bool confirm = false;
};

// A candidate value and where it sits: validators may look at the surrounding text (a PEM body
// after its header, a service-account JSON around its "type").
struct Candidate {
  std::string_view value;
  std::string_view text;
  std::size_t begin = 0;  // offset of value in text
};

using ValidatorFn = Validated (*)(const Candidate&);

using ConfirmFn = bool (*)(std::string_view normalized);

// The validator named in a rule file, or nullptr.
ValidatorFn find_validator(std::string_view name) noexcept;
// Its confirmation for verdicts marked `confirm`, or nullptr.
ConfirmFn find_confirmer(std::string_view name) noexcept;
bool is_known_validator(std::string_view name) noexcept;
// Validators that take a run from the digit scanner.
bool is_digit_validator(std::string_view name) noexcept;

// Which digit runs a digit validator can accept, so the scanner's runs are filtered cheaply:
// digit and group counts, or an alphanumeric candidate (IBAN, ICD-10).
struct DigitShape {
  std::uint8_t min_digits = 0, max_digits = 0, min_groups = 0, max_groups = 0;
  bool alpha = false;
};
DigitShape digit_shape(std::string_view name) noexcept;

// Building blocks, exposed for tests.
bool luhn_valid(std::string_view digits) noexcept;
bool aba_valid(std::string_view digits) noexcept;
bool iban_valid(std::string_view compact) noexcept;
double shannon_entropy(std::string_view s) noexcept;
std::string base62_crc32(std::string_view s);

// Validators by family (validators_ids.cpp, validators_secrets.cpp, phone.cpp).
Validated validate_ssn(const Candidate& c);
Validated validate_itin(const Candidate& c);
Validated validate_card(const Candidate& c);
Validated validate_aba(const Candidate& c);
Validated validate_npi(const Candidate& c);
Validated validate_iban(const Candidate& c);
Validated validate_dod_id(const Candidate& c);
Validated validate_ipv4(const Candidate& c);
Validated validate_ipv6(const Candidate& c);
Validated validate_dob(const Candidate& c);
Validated validate_phone(const Candidate& c);
// libphonenumber's verdict on a North American number "+1" + ten digits (region US first).
bool confirm_nanp_phone(std::string_view e164);
// A phone number libphonenumber accepts, written as it writes that number: E.164 or "00" with
// international grouping, a North American number, or a national format of one of the countries
// phone.cpp lists (docs/classification.md "Third-party corpus"). Extensions ("x123") are ignored.
bool phone_in_known_format(std::string_view value);
Validated validate_mrn(const Candidate& c);
Validated validate_passport(const Candidate& c);
Validated validate_drivers_license(const Candidate& c);
Validated validate_bic(const Candidate& c);
Validated validate_icd10(const Candidate& c);
Validated validate_email(const Candidate& c);
Validated validate_email_mil(const Candidate& c);
Validated validate_marking(const Candidate& c);
Validated validate_jwt(const Candidate& c);
Validated validate_github(const Candidate& c);
Validated validate_gitlab(const Candidate& c);
Validated validate_aws_secret(const Candidate& c);
Validated validate_azure_key(const Candidate& c);
Validated validate_sas(const Candidate& c);
Validated validate_high_entropy(const Candidate& c);
Validated validate_url_password(const Candidate& c);
Validated validate_conn_password(const Candidate& c);
Validated validate_pem(const Candidate& c);
Validated validate_gcp_sa(const Candidate& c);
Validated validate_none(const Candidate& c);

// Helpers shared by the validator files.
std::string digits_of(std::string_view s);
bool is_placeholder(std::string_view s) noexcept;

}  // namespace lw::classify
