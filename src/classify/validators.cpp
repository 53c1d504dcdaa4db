#include "classify/validators.h"

#include <array>
#include <cmath>

namespace lw::classify {
namespace {

struct Entry {
  std::string_view name;
  ValidatorFn fn;
  bool digits;
  DigitShape shape{};
  ConfirmFn confirm = nullptr;
};

constexpr std::array kValidators{
    Entry{"none", validate_none, false},
    Entry{"ssn", validate_ssn, true, {9, 9, 1, 3}},
    Entry{"itin", validate_itin, true, {9, 9, 1, 3}},
    Entry{"card", validate_card, true, {12, 19, 1, 5}},
    Entry{"aba", validate_aba, true, {9, 9, 1, 1}},
    Entry{"npi", validate_npi, true, {10, 10, 1, 1}},
    Entry{"iban", validate_iban, true, {0, 0, 0, 0, true}},
    Entry{"icd10", validate_icd10, true, {0, 0, 0, 0, true}},
    Entry{"dod_id", validate_dod_id, true, {10, 10, 1, 1}},
    Entry{"ipv4", validate_ipv4, true, {4, 12, 4, 4}},
    Entry{"dob", validate_dob, true, {5, 8, 3, 3}},
    Entry{"phone", validate_phone, true, {8, 15, 1, 5}, confirm_nanp_phone},
    Entry{"mrn", validate_mrn, false},
    Entry{"passport", validate_passport, false},
    Entry{"drivers_license", validate_drivers_license, false},
    Entry{"bic", validate_bic, false},
    Entry{"ipv6", validate_ipv6, false},
    Entry{"email", validate_email, false},
    Entry{"email_mil", validate_email_mil, false},
    Entry{"marking", validate_marking, false},
    Entry{"jwt", validate_jwt, false},
    Entry{"github", validate_github, false},
    Entry{"gitlab", validate_gitlab, false},
    Entry{"aws_secret", validate_aws_secret, false},
    Entry{"azure_key", validate_azure_key, false},
    Entry{"sas", validate_sas, false},
    Entry{"high_entropy", validate_high_entropy, false},
    Entry{"url_password", validate_url_password, false},
    Entry{"conn_password", validate_conn_password, false},
    Entry{"pem", validate_pem, false},
    Entry{"gcp_sa", validate_gcp_sa, false},
};

const Entry* find(std::string_view name) noexcept {
  for (const auto& e : kValidators) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace

ValidatorFn find_validator(std::string_view name) noexcept {
  const auto* e = find(name);
  return e ? e->fn : nullptr;
}

ConfirmFn find_confirmer(std::string_view name) noexcept {
  const auto* e = find(name);
  return e ? e->confirm : nullptr;
}

bool is_known_validator(std::string_view name) noexcept {
  return find(name) != nullptr;
}

bool is_digit_validator(std::string_view name) noexcept {
  const auto* e = find(name);
  return e && e->digits;
}

DigitShape digit_shape(std::string_view name) noexcept {
  const auto* e = find(name);
  return e ? e->shape : DigitShape{};
}

std::string digits_of(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

bool luhn_valid(std::string_view digits) noexcept {
  if (digits.empty()) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it < '0' || *it > '9') return false;
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

double shannon_entropy(std::string_view s) noexcept {
  if (s.empty()) return 0;
  std::array<std::size_t, 256> counts{};
  for (char c : s) ++counts[static_cast<unsigned char>(c)];
  double h = 0;
  const auto n = static_cast<double>(s.size());
  for (auto count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / n;
    h -= p * std::log2(p);
  }
  return h;
}

bool is_placeholder(std::string_view s) noexcept {
  std::string lowered(s.substr(0, 128));
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  static constexpr std::array<std::string_view, 16> kMarkers{
      "xxxx", "example", "changeme", "change_me", "placeholder", "your_",  "your-", "<",
      "${",   "{{",      "****",     "redacted",  "dummy",       "sample", "null",  "undefined"};
  for (auto m : kMarkers) {
    if (lowered.find(m) != std::string::npos) return true;
  }
  return lowered == "password" || lowered == "secret" || lowered == "pass" || lowered == "none";
}

Validated validate_none(const Candidate& c) {
  return {Verdict::accept, std::string(c.value)};
}

}  // namespace lw::classify
