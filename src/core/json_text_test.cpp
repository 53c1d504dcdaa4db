#include "core/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace lw {
namespace {

using namespace std::string_literals;

std::string escaped(std::string_view s) {
  std::string out;
  append_json_string(s, out);
  return out;
}

}  // namespace

TEST(JsonText, EscapesAsNlohmannDoes) {
  const std::string cases[] = {"",
                               "plain",
                               "quote \" backslash \\ slash /",
                               "\b\f\n\r\t",
                               "nul \0 bell \x07 esc \x1b del \x7f"s,
                               "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91",
                               "\xEF\xBB\xBF bom, \xF4\x8F\xBF\xBF last code point"};
  for (const auto& s : cases) {
    EXPECT_EQ(escaped(s), nlohmann::json(s).dump()) << s;
  }
}

TEST(JsonText, ReplacesEveryByteOfIllFormedUtf8) {
  // A lone continuation byte, a cut sequence, an overlong '/', a surrogate, past U+10FFFF.
  EXPECT_EQ(escaped("a\x80z"), "\"a\xEF\xBF\xBDz\"");
  EXPECT_EQ(escaped("\xE2\x82"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(escaped("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(escaped("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(escaped("\xF4\x90\x80\x80").size(), 2u + 4u * 3u);
  // Whatever it replaced, the result is valid JSON that nlohmann reads back.
  const auto parsed = nlohmann::json::parse(escaped("\xFF\xFE\xC3"));
  EXPECT_EQ(parsed.get<std::string>(), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(JsonText, Utf8SequenceLengths) {
  EXPECT_EQ(utf8_sequence_length("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_length("\xC3\xA9", 0), 2u);
  EXPECT_EQ(utf8_sequence_length("\xE2\x82\xAC", 0), 3u);
  EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x94\x91", 0), 4u);
  EXPECT_EQ(utf8_sequence_length("\xC1\xBF", 0), 0u);
  EXPECT_EQ(utf8_sequence_length("\xE0\x80\x80", 0), 0u);
  EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x94", 0), 0u);
}

TEST(JsonText, NestingDepthSkipsStringsAndStopsEarly) {
  EXPECT_EQ(json_nesting_depth("", 8), 0u);
  EXPECT_EQ(json_nesting_depth(R"({"a":[1,{"b":[]}]})", 8), 4u);
  EXPECT_EQ(json_nesting_depth(R"({"a":"[[[{{{\"]]]"})", 8), 1u);  // brackets in a string
  EXPECT_EQ(json_nesting_depth("]]]][[", 8), 2u);                  // stray closers ignored
  EXPECT_EQ(json_nesting_depth(std::string(1000, '['), 8), 9u);    // stops once past 8
}

}  // namespace lw
