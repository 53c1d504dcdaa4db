// Integration: a real s3rver (npm s3rver 3.7, lab/package.json; run `npm ci` in lab/) started
// by this test on 127.0.3.132:9000, objects PUT through its S3 API; path-style and
// virtual-host-style dialogues over TCP. (s3rver has no access control: the refusing side is
// covered by the unit tests on AWS's documented AccessDenied reply.)
#include <gtest/gtest.h>

#include "probes/common/integration_support.h"
#include "probes/s3/s3_probe.h"

namespace lw::probes {
namespace {

void put(const std::string& path, const std::string& body) {
  const std::string req = "PUT " + path +
                          " HTTP/1.1\r\nHost: 127.0.3.132:9000\r\nContent-Type: "
                          "text/plain\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  auto r = lw::testing::raw_exchange("127.0.3.132", 9000, req, "\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->starts_with("HTTP/1.1 200")) << *r;
}

TEST(S3Integration, S3rverBucketIsOpenPathAndVirtualHostStyle) {
  auto s = integration::make_dir("lw-s3rver-");
  const std::string bin = std::string(LW_SOURCE_DIR) + "/lab/node_modules/.bin/s3rver";
  ASSERT_TRUE(std::filesystem::exists(bin)) << "run npm ci in lab/ (s3rver missing)";
  integration::start(s,
                     {bin, "-d", s.path("data"), "-a", "127.0.3.132", "-p", "9000",
                      "--configure-bucket", "backups", "--silent"},
                     "127.0.3.132", 9000);
  ASSERT_TRUE(s.ready);
  put("/backups/exports/customers.csv", "name,ssn\nTest Person,078-05-1120\n");
  put("/backups/notes.txt", "LAB FAKE DATA\n");
  S3Probe probe;
  const auto path = integration::run(probe, integration::options_for(9000), "127.0.3.132", 9000);
  EXPECT_EQ(path.verdict.kind, VerdictKind::open) << path.verdict.reason;
  EXPECT_EQ(path.observation.record_count, 2u);
  EXPECT_EQ(path.observation.samples.size(), 2u);
  const auto vhost = integration::run(
      probe, integration::options_for(9000, "backups.s3.amazonaws.com"), "127.0.3.132", 9000);
  EXPECT_EQ(vhost.verdict.kind, VerdictKind::open) << vhost.verdict.reason;
  EXPECT_EQ(vhost.observation.metadata["style"], "virtual-host");
}

}  // namespace
}  // namespace lw::probes
