#include "probes/common/json_bounded.h"

#include <gtest/gtest.h>

#include <string>

#include "probes/common/base64.h"
#include "probes/common/http_dialogue.h"

namespace lw::probes {
namespace {

TEST(JsonBounded, ParsesWithinCaps) {
  auto j = json::parse_bounded(R"({"a":[1,{"b":"x"}],"n":"42"})");
  ASSERT_TRUE(j);
  EXPECT_EQ(json::uint_at(*j, "n"), 42u);
  EXPECT_EQ(json::string_at(*j, "missing"), "");
  EXPECT_EQ(json::string_at(*j, "a"), "");  // wrong type: empty, no throw
}

TEST(JsonBounded, RejectsDeepTooLargeAndMalformed) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto d = json::parse_bounded(deep);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::too_deep);
  // Brackets inside strings do not count.
  EXPECT_TRUE(
      json::parse_bounded(R"({"s":"[[[[[[[[[[[[[[[[[[[["})", {.max_bytes = 100, .max_depth = 2}));
  auto big = json::parse_bounded(std::string(200, ' ') + "1", {.max_bytes = 100, .max_depth = 4});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::too_large);
  EXPECT_FALSE(json::parse_bounded("{\"a\":"));
  EXPECT_FALSE(json::parse_bounded(""));
}

TEST(JsonBounded, UintAcceptsNumbersAndDecimalStringsOnly) {
  auto j = json::parse_bounded(
      R"({"a":-1,"b":"12x","c":3.0,"d":"18446744073709551615","e":"99999999999999999999"})");
  ASSERT_TRUE(j);
  EXPECT_FALSE(json::uint_at(*j, "a"));
  EXPECT_FALSE(json::uint_at(*j, "b"));
  EXPECT_EQ(json::uint_at(*j, "c"), 3u);
  EXPECT_EQ(json::uint_at(*j, "d"), 18446744073709551615u);
  EXPECT_FALSE(json::uint_at(*j, "e"));
}

TEST(JsonBounded, DumpIsCappedAndSurvivesBadUtf8) {
  nlohmann::json j = std::string("\xff\xfe abc");
  EXPECT_LE(json::dump_capped(j, 4).size(), 4u);
  EXPECT_FALSE(json::dump_capped(j, 100).empty());
}

TEST(Base64, RoundTripsAndRejects) {
  EXPECT_EQ(base64_encode("lab-fake"), "bGFiLWZha2U=");
  EXPECT_EQ(base64_decode("bGFiLWZha2U=", 100), "lab-fake");
  EXPECT_EQ(base64_decode("bGFiLWZha2U", 100), "lab-fake");
  EXPECT_FALSE(base64_decode("bGF!", 100));
  EXPECT_FALSE(base64_decode("bGFiLWZha2U=", 3));  // over the cap
  EXPECT_FALSE(base64_decode("a", 100));
  EXPECT_EQ(base64_decode("", 100), "");
}

TEST(HttpDialogue, PostCarriesItsLengthAndEncodesNames) {
  ProbeOptions o;
  o.port = 2379;
  const auto e = http::post_exchange("x", "/v3/kv/range", "{}", o, 10);
  EXPECT_EQ(e.request,
            "POST /v3/kv/range HTTP/1.1\r\nHost: localhost:2379\r\nUser-Agent: leakwatch/0.1 "
            "(exposure scanner; read-only)\r\nAccept: */*\r\nConnection: keep-alive\r\n"
            "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
  EXPECT_EQ(http::url_encode("a b/ü~"), "a%20b%2F%C3%BC~");
}

TEST(HttpDialogue, TruncatedBodiesAreNeverTrusted) {
  Turn t{Exchange{"GET /", "", 100}, "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n{}",
         ReplyEnd::closed};
  auto r = http::json_reply(t);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->body);
  EXPECT_TRUE(r->json_error);
}

}  // namespace
}  // namespace lw::probes
