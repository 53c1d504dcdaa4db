// The candidate scanners against plain references: the digit-run scanner (bit masks, AVX-512 or
// SSE2) against the byte-by-byte grammar it replaced, the byte classes against their scalar
// version, and the '@' scanner against Vectorscan running its pattern alone.
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "classify/byte_classes.h"
#include "classify/digit_scanner.h"
#include "classify/email_scanner.h"
#include "classify/pattern_db.h"
#include "classify/rule.h"

namespace lw::classify {
namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}
bool upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool letter(char c) {
  return upper(c) || (c >= 'a' && c <= 'z');
}
bool word(char c) {
  return digit(c) || (c >= 'a' && c <= 'z') || upper(c) || c == '_';
}

// The digit-run grammar one byte at a time, as scan_digit_runs read it before the bit masks.
std::vector<DigitRun> reference_runs(std::string_view t) {
  std::vector<DigitRun> out;
  const auto n = t.size();
  std::size_t i = 0;
  while (i < n) {
    // Two letters of either case opening a word ("gb82..."): a lower-case IBAN may start.
    const bool two_letters =
        i >= 2 && letter(t[i - 1]) && letter(t[i - 2]) && (i == 2 || !word(t[i - 3]));
    if (!digit(t[i]) || (i > 0 && word(t[i - 1]) && !upper(t[i - 1]) && !two_letters)) {
      ++i;
      continue;
    }
    if (i > 0 && (upper(t[i - 1]) || two_letters)) {  // glued to a capital letter or two letters
      const bool two = two_letters && i + 1 < n && digit(t[i + 1]);
      const bool one = upper(t[i - 1]) && (i == 1 || !word(t[i - 2]));
      if (two || one) {
        const auto start = two ? i - 2 : i - 1;
        std::size_t e = start;
        if (two) {
          // Capitals only after a country code in capitals, either case otherwise.
          const bool caps = upper(t[start]) && upper(t[start + 1]);
          const auto alpha = [caps](char c) { return caps ? upper(c) : letter(c); };
          for (std::size_t alnum = 0; e < n && alnum < 34;) {
            if (digit(t[e]) || alpha(t[e])) {
              ++alnum;
              ++e;
            } else if (t[e] == ' ' && e + 1 < n && (digit(t[e + 1]) || alpha(t[e + 1]))) {
              ++e;
            } else {
              break;
            }
          }
        } else {
          while (e < n && e - start < 8 &&
                 (digit(t[e]) || upper(t[e]) ||
                  (t[e] == '.' && e + 1 < n && (digit(t[e + 1]) || upper(t[e + 1]))))) {
            ++e;
          }
        }
        DigitRun run;
        run.begin = run.end = static_cast<std::uint32_t>(i);
        run.alpha_begin = static_cast<std::uint32_t>(start);
        run.alpha_end = static_cast<std::uint32_t>(e);
        out.push_back(run);
        i = std::max(e, i + 1);
        continue;
      }
      while (i < n && word(t[i])) ++i;
      continue;
    }
    std::size_t begin = i;
    if (begin > 0 && (t[begin - 1] == '(' || t[begin - 1] == '+')) --begin;
    std::size_t digits = 0, groups = 0, j = i;
    bool other = false;
    while (true) {
      while (j < n && digit(t[j])) {
        ++j;
        ++digits;
      }
      ++groups;
      if (j + 1 >= n) break;
      const char s = t[j];
      if (s == ' ' && !other && digit(t[j + 1])) {
        ++j;
      } else if ((s == '-' || s == '.' || s == '/') && digit(t[j + 1])) {
        other = true;
        ++j;
      } else if (s == ')' && j + 2 < n && (t[j + 1] == ' ' || t[j + 1] == '-') && digit(t[j + 2])) {
        j += 2;
      } else if (s == ')' && digit(t[j + 1])) {  // "(978)645-9740"
        ++j;
      } else {
        break;
      }
      if (digits > 40) break;
    }
    const bool enough = groups > 1 ? digits >= 4 : digits >= 9;
    // An extension ("x12", at most six digits, then no word character) is not a glued word.
    std::size_t x = j + 1;
    while (x < n && x - j <= 7 && digit(t[x])) ++x;
    const bool extension =
        j < n && t[j] == 'x' && x - j >= 2 && x - j <= 7 && (x == n || !word(t[x]));
    if (!(j < n && word(t[j]) && !extension) && enough && digits <= 40) {
      DigitRun run;
      run.begin = static_cast<std::uint32_t>(begin);
      run.end = static_cast<std::uint32_t>(j);
      run.digits = static_cast<std::uint8_t>(digits);
      run.groups = static_cast<std::uint8_t>(std::min<std::size_t>(groups, 255));
      out.push_back(run);
    }
    if (digits > 40) {
      while (j < n && (digit(t[j]) || t[j] == ' ' || t[j] == '-' || t[j] == '.' || t[j] == '/')) {
        ++j;
      }
    }
    while (j < n && word(t[j])) ++j;
    i = j;
  }
  return out;
}

std::string random_text(std::mt19937& rng, std::size_t size, std::string_view alphabet) {
  std::string s(size, ' ');
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (char& c : s) c = alphabet[pick(rng)];
  return s;
}

// The scanner's runs over `text` are the byte-by-byte grammar's, field by field.
void expect_reference_runs(std::string_view text) {
  std::vector<DigitRun> got;
  ASSERT_TRUE(scan_digit_runs(text, got, 1u << 20));
  const auto want = reference_runs(text);
  ASSERT_EQ(got.size(), want.size()) << text;
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_EQ(got[k].begin, want[k].begin) << text;
    EXPECT_EQ(got[k].end, want[k].end) << text;
    EXPECT_EQ(got[k].digits, want[k].digits) << text;
    EXPECT_EQ(got[k].groups, want[k].groups) << text;
    EXPECT_EQ(got[k].alpha_begin, want[k].alpha_begin) << text;
    EXPECT_EQ(got[k].alpha_end, want[k].alpha_end) << text;
  }
}

constexpr std::string_view kDigitAlphabet =
    "0123456789012345678901234567890123456789 -./)(+ -.aZEDb_:x)\n";

TEST(classify_scanners, DigitRunsMatchTheByteByByteGrammar) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 400; ++round) {
    const auto text = random_text(rng, 1 + rng() % 700, kDigitAlphabet);
    expect_reference_runs(text);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(classify_scanners, DigitRunsOnRealisticShapes) {
  const std::array<std::string_view, 18> pieces{"2024-03-14T10:22:05.123Z ",
                                                "gb82west12345698765432 ",
                                                "IBAN gb82 West 1234 5698 7654 32, ",
                                                "536-22-4781 ",
                                                "(202) 555-0143 ",
                                                "+1 202-555-0143 ",
                                                "4111 1111 1111 1111 ",
                                                "12345678901234567890123456789012345678901234 ",
                                                "DE89 3704 0044 ",
                                                "E11.9 ",
                                                "2024-03-14 10:22 ",
                                                "1.2.3.4 ",
                                                "v1.2 id=123456789 ",
                                                "x 202) 555-0143\n",
                                                "(978)645-9740x11144 ",
                                                "619-648-6618x20779, ",
                                                "2813882583x12 ",
                                                "555-0143x1234567 "};
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string text;
    while (text.size() < 600) text += pieces[rng() % pieces.size()];
    text.resize(rng() % text.size());
    expect_reference_runs(text);
    if (::testing::Test::HasFailure()) return;
  }
}

// Whole 64-byte blocks of digits (a start at a block's first byte whose digits fill the block):
// fuzzing found the block-end case, where the digit mask has no zero bit left.
TEST(classify_scanners, DigitRunsFillingWholeBlocks) {
  for (const std::size_t prefix : {0u, 1u, 63u, 64u, 65u}) {
    for (const std::size_t digits : {63u, 64u, 65u, 127u, 128u, 129u, 300u}) {
      for (const std::string_view tail : {"", " ", "x", " 12"}) {
        std::string text(prefix, ' ');
        text.append(digits, '7');
        text += tail;
        expect_reference_runs(text);
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
}

TEST(classify_scanners, ByteClassesVectorPathsEqualScalar) {
  std::mt19937 rng(99);
  for (int round = 0; round < 2000; ++round) {
    std::array<char, 64> block;
    for (char& c : block) c = static_cast<char>(rng() % 256);
    if (round % 2 == 0) {  // mostly the bytes that matter
      const auto t = random_text(rng, 64, "0123456789 -./)_aZz@");
      std::copy(t.begin(), t.end(), block.begin());
    }
    const auto v = classify_bytes(block.data(), 64);
    const auto s = classify_bytes_scalar(block.data(), 64);
    EXPECT_EQ(v.digits, s.digits);
    EXPECT_EQ(v.glue, s.glue);
    EXPECT_EQ(v.upper, s.upper);
    EXPECT_EQ(v.separator, s.separator);
    EXPECT_EQ(v.paren, s.paren);
    EXPECT_EQ(v.space_dash, s.space_dash);
    EXPECT_EQ(v.space, s.space);
  }
}

TEST(classify_scanners, EmailCandidatesMatchThePatternAlone) {
  Rule rule;
  rule.id = "email";
  rule.family = "identity";
  rule.pattern = R"(@[A-Za-z0-9-]+\.[A-Za-z]{2})";
  rule.extract = Extract::email;
  auto db = PatternDb::build({rule});
  ASSERT_TRUE(db) << db.error().describe();
  std::mt19937 rng(3);
  for (int round = 0; round < 300; ++round) {
    const auto text = random_text(rng, 1 + rng() % 500, "@@ab.Z-9.x _\n@c.de");
    std::vector<RawMatch> want;
    ASSERT_TRUE(*(*db)->scan(text, want, 1u << 20));
    std::vector<RawMatch> got;
    const std::array<std::uint32_t, 1> rules{0};
    ASSERT_TRUE(scan_email_candidates(text, rules, got, 1u << 20));
    ASSERT_EQ(got.size(), want.size()) << text;
    for (std::size_t k = 0; k < got.size(); ++k) EXPECT_EQ(got[k].to, want[k].to) << text;
  }
  std::vector<RawMatch> capped;
  const std::array<std::uint32_t, 2> two{0, 1};
  EXPECT_FALSE(scan_email_candidates("a@b.cd e@f.gh", two, capped, 3));
  EXPECT_EQ(capped.size(), 3u);
}

}  // namespace
}  // namespace lw::classify
