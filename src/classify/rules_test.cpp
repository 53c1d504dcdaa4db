// Rule parsing, validators, masking, hashing and scoring.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "classify/classifier.h"
#include "classify/digit_scanner.h"
#include "classify/redact.h"
#include "classify/rule.h"
#include "classify/test_util.h"
#include "classify/validators.h"

namespace lw::classify {
namespace {

TEST(classify_rule_parser, BuiltinParses) {
  auto rules = parse_rules(builtin_rules_text(), "builtin.rules");
  ASSERT_TRUE(rules) << rules.error().describe();
  EXPECT_GE(rules->size(), 30u);
  for (const auto& r : *rules) {
    EXPECT_FALSE(r.family.empty()) << r.id;
    EXPECT_NE(r.pattern.empty(), !r.digit_scanner && !r.email_scanner) << r.id;
  }
}

TEST(classify_rule_parser, ErrorsNameFileAndLine) {
  struct Bad {
    const char* text;
    const char* where;
  };
  const Bad cases[] = {
      {"family custom\n", "f.rules:1"},
      {"rule Bad-Id\n", "f.rules:1"},
      {"rule a\nfamily custom\npattern x\nseverity huge\n", "f.rules:4"},
      {"rule a\nfamily custom\npattern x\nvalidator nope\n", "f.rules:4"},
      {"rule a\nfamily nope\n", "f.rules:2"},
      {"# c\n\nrule a\npattern x\n", "f.rules:3"},  // no family: the rule's header line
      {"rule a\nfamily custom\npattern x\nscanner digits\nvalidator ssn\n", "f.rules:1"},
      {"rule a\nfamily custom\npattern x\nconfidence 1.5\n", "f.rules:4"},
      {"rule a\nfamily custom\npattern x\ncontext_required yes\n", "f.rules:1"},
      {"rule a\nfamily custom\npattern x\nrule a\nfamily custom\npattern y\n", "f.rules:4"},
      {"rule a\nfamily custom\npattern x\nbogus key\n", "f.rules:4"},
  };
  for (const auto& c : cases) {
    auto r = parse_rules(c.text, "f.rules");
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error().where, c.where) << c.text << " -> " << r.error().describe();
  }
}

TEST(classify_rule_parser, BadPatternIsReportedAtItsRule) {
  auto config = testing::test_config();
  config.rule_texts.push_back(
      "rule ok\nfamily custom\npattern abc\n\nrule broken\nfamily custom\npattern (unclosed\n");
  auto c = Classifier::create(config);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().where, "rules[0]:5");
  EXPECT_NE(c.error().message.find("broken"), std::string::npos);
}

TEST(classify_rule_parser, UserRuleCannotRedefineBuiltin) {
  auto config = testing::test_config();
  config.rule_texts.push_back("rule us_ssn\nfamily custom\npattern abc\n");
  auto c = Classifier::create(config);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("already defined"), std::string::npos);
}

TEST(classify_validators, Luhn) {
  EXPECT_TRUE(luhn_valid("4111111111111111"));
  EXPECT_FALSE(luhn_valid("4111111111111112"));
  EXPECT_TRUE(luhn_valid("808401234567893"));  // NPI 1234567893 with its 80840 prefix
}

TEST(classify_validators, Aba) {
  EXPECT_TRUE(aba_valid("021000021"));
  EXPECT_TRUE(aba_valid("011000015"));
  EXPECT_FALSE(aba_valid("021000022"));
  EXPECT_FALSE(aba_valid("991000021"));  // prefix 99 is not a Federal Reserve district
}

TEST(classify_validators, Iban) {
  EXPECT_TRUE(iban_valid("DE89370400440532013000"));
  EXPECT_TRUE(iban_valid("GB82WEST12345698765432"));
  EXPECT_FALSE(iban_valid("GB82WEST12345698765433"));
  EXPECT_FALSE(iban_valid("DE8937040044"));
}

TEST(classify_validators, Ssn) {
  const auto v = [](std::string_view s) { return validate_ssn(Candidate{s, s, 0}).verdict; };
  EXPECT_EQ(v("536-22-4781"), Verdict::accept);
  EXPECT_EQ(v("536 22 4781"), Verdict::accept);
  EXPECT_EQ(v("536224781"), Verdict::needs_context);
  EXPECT_EQ(v("000-22-4781"), Verdict::reject);
  EXPECT_EQ(v("666-22-4781"), Verdict::reject);
  EXPECT_EQ(v("936-22-4781"), Verdict::reject);
  EXPECT_EQ(v("536-00-4781"), Verdict::reject);
  EXPECT_EQ(v("536-22-0000"), Verdict::reject);
  EXPECT_EQ(v("536-22 4781"), Verdict::reject);  // mixed separators
  EXPECT_EQ(v("5362-2-4781"), Verdict::reject);
}

TEST(classify_validators, CardIssuerAndLength) {
  const auto v = [](std::string_view s) { return validate_card(Candidate{s, s, 0}).verdict; };
  EXPECT_EQ(v("4111 1111 1111 1111"), Verdict::accept);
  EXPECT_EQ(v("4111-1111-1111-1111"), Verdict::accept);
  EXPECT_EQ(v("378282246310005"), Verdict::accept);      // Amex test number
  EXPECT_EQ(v("5555555555554444"), Verdict::accept);     // Mastercard test number
  EXPECT_EQ(v("4111 1111-1111 1111"), Verdict::reject);  // mixed separators
  EXPECT_EQ(v("9111111111111110"), Verdict::reject);     // Luhn-valid, but no issuer starts with 9
  EXPECT_EQ(v("0000000000000000"), Verdict::reject);
}

TEST(classify_digit_scanner, RunsShapesAndBatches) {
  std::string text =
      "ssn 536-22-4781, card 4111 1111 1111 1111; ts 2024-03-14T10:22:33.123Z "
      "latency=12ms id 123456789012 req=a3f9 (202) 555-0143 IBAN DE89 3704 ";
  for (int i = 0; i < 20; ++i) text += text.substr(0, 70);  // runs across 64-byte blocks
  std::vector<DigitRun> all;
  ASSERT_TRUE(scan_digit_runs(text, all, 1000));
  ASSERT_GE(all.size(), 6u);
  EXPECT_EQ(text.substr(all[0].begin, all[0].end - all[0].begin), "536-22-4781");
  EXPECT_EQ(all[0].digits, 9);
  EXPECT_EQ(all[0].groups, 3);
  EXPECT_EQ(text.substr(all[1].begin, all[1].end - all[1].begin), "4111 1111 1111 1111");
  // A batch of one resumes exactly where it stopped.
  std::array<DigitRun, 1> one;
  std::size_t k = 0;
  for (std::size_t at = 0; at < text.size();) {
    const auto got = scan_digit_runs(text, at, one);
    if (got.count == 1) {
      ASSERT_LT(k, all.size());
      EXPECT_EQ(one[0].begin, all[k].begin);
      EXPECT_EQ(one[0].end, all[k].end);
      EXPECT_EQ(one[0].alpha_begin, all[k].alpha_begin);
      ++k;
    }
    at = got.resume;
  }
  EXPECT_EQ(k, all.size());
}

TEST(classify_validators, UsPhoneNumbersAreConfirmedByLibphonenumber) {
  const auto v = [](std::string_view s) { return validate_phone(Candidate{s, s, 0}); };
  const auto formatted = v("(202) 555-0143");
  EXPECT_EQ(formatted.verdict, Verdict::accept);
  EXPECT_EQ(formatted.normalized, "+12025550143");
  // Written in groups, libphonenumber decides at once (another country may write the same
  // groups: "751-954-9268" is Mexican); bare digits are confirmed last, after context.
  EXPECT_FALSE(formatted.confirm);
  EXPECT_EQ(v("2025550143").verdict, Verdict::needs_context);
  EXPECT_TRUE(v("2025550143").confirm);
  EXPECT_EQ(v("751-954-9268").normalized, "+527519549268");
  EXPECT_EQ(v("(102) 555-0143").verdict, Verdict::reject);  // NANP rules in code
  EXPECT_EQ(v("(202) 911-0143").verdict, Verdict::reject);
  EXPECT_TRUE(confirm_nanp_phone("+12025550143"));
  EXPECT_TRUE(confirm_nanp_phone("+14165550143"));   // Toronto: NANP, not US
  EXPECT_FALSE(confirm_nanp_phone("+12995550143"));  // area code 299 is not assigned
  EXPECT_FALSE(confirm_nanp_phone("+12995550143"));  // memoised, same answer
  EXPECT_FALSE(confirm_nanp_phone("+442079460958"));
}

TEST(classify_validators, CardIssuersWithTheirRealLengths) {
  const auto v = [](std::string_view s) { return validate_card(Candidate{s, s, 0}).verdict; };
  EXPECT_EQ(v("6759 6498 2643 8453"), Verdict::accept);    // Maestro, 16 digits
  EXPECT_EQ(v("5018000000000000015"), Verdict::accept);    // Maestro, 19
  EXPECT_EQ(v("5018 0000 0009"), Verdict::needs_context);  // Maestro, 12: only with context
  EXPECT_EQ(v("3530111333300000126"), Verdict::accept);    // JCB, 19
  EXPECT_EQ(v("3056 930902 5904"), Verdict::accept);       // Diners Club, 14 as 4-6-4
  EXPECT_EQ(v("36227206271667"), Verdict::accept);         // Diners Club International, 14
  EXPECT_EQ(v("2200123456789019"), Verdict::accept);       // Mir
  EXPECT_EQ(v("300000000000007"), Verdict::reject);        // a Diners prefix with 15 digits
  EXPECT_EQ(v("411111111117"), Verdict::reject);           // Luhn-valid 12 digits, Visa prefix
  EXPECT_EQ(v("5018 0000 0008"), Verdict::reject);         // Luhn fails
}

TEST(classify_validators, NationalPhoneFormatsThroughLibphonenumber) {
  const auto v = [](std::string_view s) { return validate_phone(Candidate{s, s, 0}); };
  // Written the way each country writes its numbers: accepted, hashed in E.164.
  EXPECT_EQ(v("030 12345678").normalized, "+493012345678");   // Germany
  EXPECT_EQ(v("06 12345678").normalized, "+31612345678");     // the Netherlands
  EXPECT_EQ(v("01 23 45 67 89").normalized, "+33123456789");  // France
  EXPECT_EQ(v("020 7946 0958").normalized, "+442079460958");  // United Kingdom
  EXPECT_EQ(v("(11) 4706-6184").verdict, Verdict::accept);    // Brazil
  EXPECT_EQ(v("0049 30 12345678").normalized, "+493012345678");
  EXPECT_EQ(v("020 7946 0958").verdict, Verdict::accept);
  // Valid digits in no country's grouping, too few groups or digits: not a phone number.
  EXPECT_EQ(v("0207 94 60958").verdict, Verdict::reject);
  EXPECT_EQ(v("02079460958").verdict, Verdict::reject);
  EXPECT_EQ(v("2024-03-14").verdict, Verdict::reject);
  // Groups of three are also how counts are written: only with context.
  EXPECT_EQ(v("512 345 678").verdict, Verdict::needs_context);
  // The claim the third-party evaluation scores against (extensions ignored).
  EXPECT_TRUE(phone_in_known_format("(202) 555-0143 x123"));
  EXPECT_TRUE(phone_in_known_format("+44 20 7946 0958"));
  EXPECT_TRUE(phone_in_known_format("030 12345678"));
  EXPECT_FALSE(phone_in_known_format("(299) 555-0143"));  // unassigned area code
  EXPECT_FALSE(phone_in_known_format("0207 94 60958"));
}

TEST(classify_validators, IbanInAnyCaseAndCutAtItsLength) {
  const auto v = [](std::string_view s) { return validate_iban(Candidate{s, s, 0}); };
  EXPECT_EQ(v("gb82west12345698765432").normalized, "GB82WEST12345698765432");
  EXPECT_EQ(v("Gb82 West 1234 5698 7654 32").verdict, Verdict::accept);
  EXPECT_EQ(v("GB82 WEST 1234 5698 7654 32 AND").normalized, "GB82WEST12345698765432");
  EXPECT_EQ(v("gb82west12345698765433").verdict, Verdict::reject);  // mod 97
  EXPECT_EQ(v("xx82west12345698765432").verdict, Verdict::reject);  // no such country
  // The digit scanner hands a lower-case IBAN over as an alphanumeric candidate.
  const std::string text = "my iban is gb82west12345698765432 and more";
  std::vector<DigitRun> runs;
  ASSERT_TRUE(scan_digit_runs(text, runs, 16));
  ASSERT_FALSE(runs.empty());
  EXPECT_EQ(text.substr(runs[0].alpha_begin, runs[0].alpha_end - runs[0].alpha_begin),
            "gb82west12345698765432 and more");
}

TEST(classify_validators, JwtHeaderIsDecoded) {
  const std::string good =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl";
  const std::string no_alg = "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.c2ln";
  EXPECT_EQ(validate_jwt(Candidate{good, good, 0}).verdict, Verdict::accept);
  EXPECT_EQ(validate_jwt(Candidate{no_alg, no_alg, 0}).verdict, Verdict::reject);
}

TEST(classify_validators, Entropy) {
  EXPECT_LT(shannon_entropy("aaaaaaaaaaaaaaaa"), 0.01);
  EXPECT_GT(shannon_entropy("9fQ2xL7vK1mZ8rT4bW6yH3nJ5cD0sA"), 4.0);
}

TEST(classify_redact, Masks) {
  EXPECT_EQ(mask_value(Mask::ssn, "536224781", "536-22-4781"), "***-**-4781");
  EXPECT_EQ(mask_value(Mask::card, "4111111111111111", ""), "**** **** **** 1111");
  EXPECT_EQ(mask_value(Mask::email, "john.doe@example.com", ""), "j***@example.com");
  EXPECT_EQ(mask_value(Mask::last4, "1234509876", ""), "******9876");
  EXPECT_EQ(mask_value(Mask::prefix, "AKIAQWERTYUIOPASDFGH", ""), "AKIA****");
  EXPECT_EQ(mask_value(Mask::prefix, "hunter22", "postgres://app:hunter22@"),
            "postgres://app:****@");
  EXPECT_EQ(mask_value(Mask::prefix, "ab", ""), "****");
}

TEST(classify_redact, HmacKnownAnswer) {
  // Key = 32 bytes 0x0b, data "Hi There"; expected value from
  // `openssl dgst -sha256 -mac HMAC -macopt hexkey:0b0b...0b` (32 bytes).
  HmacKey key;
  key.fill(0x0b);
  EXPECT_EQ(hmac_hex(key, "Hi There"),
            "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7");
}

TEST(classify_redact, PrecomputedHmacMatchesOpenSslHmac) {
  HmacKey key;
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i * 13 + 5);
  auto h = Hmac::create(key);
  ASSERT_TRUE(h);
  for (std::string v : {"", "536224781",
                        "a longer value that spans more than one sha-256 block of "
                        "sixty-four bytes, to be sure"}) {
    EXPECT_EQ(h->hex(v), hmac_hex(key, v)) << v;
  }
}

Finding make(std::string detector, std::string family, Severity sev, double conf,
             std::string hash) {
  Finding f;
  f.detector = std::move(detector);
  f.family = std::move(family);
  f.severity = sev;
  f.confidence = conf;
  f.value_hash = std::move(hash);
  return f;
}

TEST(classify_score, EmptyIsZeroLow) {
  const auto s = score({});
  EXPECT_EQ(s.score, 0);
  EXPECT_EQ(s.severity, Severity::low);
  EXPECT_TRUE(s.reasons.empty());
}

TEST(classify_score, DistinctValuesAndFamiliesRaiseIt) {
  std::vector<Finding> one{make("us_ssn", "identity", Severity::high, 0.9, "h1")};
  std::vector<Finding> same_twice = one;
  same_twice.push_back(make("us_ssn", "identity", Severity::high, 0.9, "h1"));
  std::vector<Finding> many;
  for (int i = 0; i < 100; ++i)
    many.push_back(make("us_ssn", "identity", Severity::high, 0.9, "h" + std::to_string(i)));
  auto mixed = many;
  mixed.push_back(make("classification_banner", "government", Severity::critical, 0.95, "b"));
  const auto s1 = score(one), s2 = score(same_twice), s3 = score(many), s4 = score(mixed);
  EXPECT_EQ(s1.score, 18);  // 20 * 0.9 * (1 + log10 1)
  EXPECT_EQ(s2.score, s1.score);
  EXPECT_EQ(s3.score, 54);  // 20 * 0.9 * (1 + log10 100)
  EXPECT_EQ(s1.severity, Severity::high);
  EXPECT_EQ(s4.score, 93);  // 54 + 35 * 0.95 + 6 for a second family
  EXPECT_EQ(s4.severity, Severity::critical);
  ASSERT_FALSE(s3.reasons.empty());
  EXPECT_NE(s3.reasons[0].find("100 distinct values"), std::string::npos);
}

TEST(classify_score, DoubtfulFindingIsAStepLess) {
  std::vector<Finding> f{make("generic_secret", "credential", Severity::medium, 0.7, "x")};
  EXPECT_EQ(score(f).severity, Severity::low);
}

}  // namespace
}  // namespace lw::classify
