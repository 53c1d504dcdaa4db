// Unit and hardening tests for the web-exposure probe on replies recorded from nginx 1.22.1
// (Debian 12) in the lab configuration (see testdata/PROVENANCE).
#include "probes/http_exposure/http_exposure_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/http_exposure/exposure_checks.h"

namespace lw::probes {
namespace {

using testing::testdata;

std::string recorded(std::string_view twin, const Exchange& ex) {
  const std::string path = ex.label.substr(4);
  std::string name = "baseline";
  if (path == "/") name = "root";
  if (path == "/.git/HEAD") name = "git_head";
  if (path == "/.git/config") name = "git_config";
  if (path == "/.env") name = "env";
  if (path == "/server-status") name = "server_status";
  return testdata("http_exposure/testdata/nginx_" + std::string(twin) + "_" + name + ".http");
}

TEST(HttpExposure, OpenNginxShowsEveryExposure) {
  HttpExposureProbe probe;
  const Transcript t = testing::run_dialogue(
      probe, ProbeOptions{}, [](const Exchange& ex) { return recorded("open", ex); });
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0].exchange.label, "GET /lw-nonexistent-7f3c9a1e");
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "nginx");
  EXPECT_EQ(obs->version, "1.22.1");
  const auto& ex = obs->metadata["exposures"];
  EXPECT_EQ(ex["directory_listing"]["records"], 2);
  EXPECT_EQ(ex["directory_listing"]["names"][0], "backups/");
  EXPECT_EQ(ex["git_head"]["detail"], "refs/heads/main");
  EXPECT_EQ(ex["env"]["names"][2], "DB_PASSWORD");
  EXPECT_EQ(ex["server_status"]["data"], false);  // stub_status: counters only
  // The remote URL's token never reaches metadata.
  EXPECT_EQ(obs->metadata.dump().find("FAKE-TOKEN"), std::string::npos);
  EXPECT_EQ(obs->metadata.dump().find("lab-fake-password"), std::string::npos);
  EXPECT_EQ(ex["git_config"]["names"][2], "remote host git.example.invalid");
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "GET /");
  EXPECT_EQ(obs->samples.size(), 4u);
}

TEST(HttpExposure, SecuredTwinIsAuthRequired) {
  HttpExposureProbe probe;
  const Transcript t = testing::run_dialogue(
      probe, ProbeOptions{}, [](const Exchange& ex) { return recorded("secured", ex); });
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.evidence, EvidenceKind::identity);
  EXPECT_EQ(obs->metadata["refused"].size(), 5u);
}

TEST(HttpExposure, ApacheServerStatusWithRequestTableIsOpen) {
  const Transcript t = testing::recorded("http_exposure/testdata/apache_server_status.lwt");
  HttpExposureProbe probe;
  const Transcript replay =
      testing::run_dialogue(probe, ProbeOptions{}, testing::replay_by_label(t));
  ASSERT_EQ(replay.size(), 6u);
  auto obs = probe.parse(replay);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "apache");
  EXPECT_EQ(obs->version, "2.4.71");
  const auto& status = obs->metadata["exposures"]["server_status"];
  EXPECT_EQ(status["data"], true);
  EXPECT_GE(status["records"], 1);
  EXPECT_EQ(status["detail"], "Apache/2.4.71 (Debian)");
  const Verdict v = probe.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "GET /server-status");
}

TEST(HttpExposureHardening, TwoHundredToEverythingIsNotAnExposure) {
  // The same .env-looking body for every path, the nonexistent one included.
  HttpExposureProbe probe;
  const std::string env = recorded("open", Exchange{"GET /.env", "", 0});
  const Transcript t =
      testing::run_dialogue(probe, ProbeOptions{}, [&](const Exchange&) { return env; });
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::unknown);
}

TEST(HttpExposureHardening, CatchAllListingIsNotAnExposure) {
  // A server whose every answer is a listing page, each slightly different.
  HttpExposureProbe probe;
  int n = 0;
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, [&](const Exchange&) {
    const std::string body =
        "<html><head><title>Index of /</title></head><body><a href=\"../\">"
        "../</a><a href=\"x" +
        std::to_string(n++) + "\">x</a></body></html>";
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  });
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_NE(probe.judge(*obs).kind, VerdictKind::open);
}

TEST(HttpExposureHardening, WrongProtocolStopsAtOnce) {
  HttpExposureProbe probe;
  const Transcript t = testing::run_dialogue(probe, ProbeOptions{}, [](const Exchange&) {
    return std::string("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
  });
  EXPECT_EQ(t.size(), 1u);
  auto obs = probe.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(probe.judge(*obs).kind, VerdictKind::not_this_protocol);
}

TEST(HttpExposureHardening, TruncationAtEveryByte) {
  HttpExposureProbe probe;
  const std::string env = recorded("open", Exchange{"GET /.env", "", 0});
  const std::string base = recorded("open", Exchange{"GET /x", "", 0});
  for (std::size_t n = 0; n < env.size(); ++n) {
    Transcript t;
    t.push_back(testing::turn("GET /lw-nonexistent-7f3c9a1e", base));
    t.push_back(testing::turn("GET /.env", env.substr(0, n), ReplyEnd::closed));
    t.back().exchange.step = 4;  // the /.env step
    auto obs = probe.parse(t);
    ASSERT_TRUE(obs);
    (void)probe.judge(*obs);
    (void)probe.frame(t[1].exchange, t[1].reply);
  }
}

TEST(ExposureChecks, MarkersNeedBoth) {
  EXPECT_FALSE(exposure::directory_listing("<title>Index of /</title> hello").found);
  EXPECT_FALSE(exposure::git_head("ref: refs/heads/main\n<html>").found);
  EXPECT_TRUE(exposure::git_head("0123456789abcdef0123456789abcdef01234567\n").found);
  EXPECT_FALSE(exposure::git_config("[core]\n\tbare = false\n").found);
  EXPECT_FALSE(exposure::dotenv("ONLY=one\n").found);
  EXPECT_FALSE(exposure::dotenv("<html><body>A=1\nB=2</body></html>").found);
  EXPECT_FALSE(exposure::server_status("Active connections: 1").found);
}

}  // namespace
}  // namespace lw::probes
