#include "probes/common/http.h"

#include <gtest/gtest.h>

namespace lw::probes::http {

TEST(Http, FramesByContentLength) {
  const std::string r = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel";
  EXPECT_EQ(frame_response(r), Framing::need_more);
  EXPECT_EQ(frame_response(r + "lo"), Framing::complete);
  auto parsed = parse_response(r + "lo");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->status, 200);
  EXPECT_EQ(parsed->body, "hello");
  EXPECT_EQ(parsed->header("content-length"), "5");
}

TEST(Http, DechunksAndFrames) {
  const std::string r =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;x=1\r\npedia\r\n";
  EXPECT_EQ(frame_response(r), Framing::need_more);
  EXPECT_EQ(frame_response(r + "0\r\n\r\n"), Framing::complete);
  auto parsed = parse_response(r + "0\r\n\r\n");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->body, "Wikipedia");
  EXPECT_FALSE(parsed->truncated);
}

TEST(Http, WaitsForTheTrailerSection) {
  const std::string r = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n";
  // The final CRLF may come in a later segment; without it the next reply would start with it.
  EXPECT_EQ(frame_response(r), Framing::need_more);
  EXPECT_EQ(frame_response(r + "Expires: never\r\n"), Framing::need_more);
  EXPECT_EQ(frame_response(r + "Expires: never\r\n\r\n"), Framing::complete);
  auto parsed = parse_response(r + "Expires: never\r\n\r\n");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->body, "abc");
  EXPECT_FALSE(parsed->truncated);
  EXPECT_EQ(frame_response(r + std::string(9000, 'x')), Framing::invalid);
}

TEST(Http, RejectsHostileHeads) {
  EXPECT_EQ(frame_response("SSH-2.0-OpenSSH\r\n"), Framing::invalid);
  EXPECT_EQ(frame_response("HTT"), Framing::need_more);
  EXPECT_EQ(frame_response("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"), Framing::invalid);
  EXPECT_EQ(frame_response("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n"),
            Framing::invalid);
  EXPECT_EQ(frame_response("HTTP/1.1 abc OK\r\n\r\n"), Framing::invalid);
  EXPECT_EQ(frame_response("HTTP/1.1 200 OK\r\n" + std::string(20000, 'a')), Framing::invalid);
  EXPECT_EQ(frame_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
            Framing::invalid);
  auto truncated = parse_response("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
  ASSERT_TRUE(truncated);
  EXPECT_TRUE(truncated->truncated);
}

TEST(Http, RequestIsReadOnlyGet) {
  const auto req = get_request("/_cat/indices", "db.example:9200");
  EXPECT_TRUE(req.starts_with("GET /_cat/indices HTTP/1.1\r\nHost: db.example:9200\r\n"));
  EXPECT_TRUE(req.ends_with("\r\n\r\n"));
}

}  // namespace lw::probes::http
