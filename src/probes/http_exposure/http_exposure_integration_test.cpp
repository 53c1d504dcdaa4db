// Integration: a real nginx (Debian package) started by this test: 127.0.3.128:8080 with
// autoindex, a planted .git/, .env and stub_status; 127.0.3.129:8080 the denying twin.
#include <gtest/gtest.h>

#include "probes/common/integration_support.h"
#include "probes/http_exposure/http_exposure_probe.h"

namespace lw::probes {
namespace {

integration::Server start_nginx() {
  auto s = integration::make_dir("lw-nginx-");
  const std::string www = s.path("www");
  integration::write_file(www + "/.git/HEAD", "ref: refs/heads/main\n");
  integration::write_file(
      www + "/.git/config",
      "[core]\n\trepositoryformatversion = 0\n\tbare = false\n[remote "
      "\"origin\"]\n\turl = https://deploy:lab-fake-token@git.example.invalid/x.git\n");
  integration::write_file(www + "/.env", "APP_ENV=production\nDB_PASSWORD=lab-fake-not-real\n");
  integration::write_file(www + "/notes.txt", "LAB FAKE DATA\n");
  for (const auto& d : {www, www + "/.git"}) ::chmod(d.c_str(), 0755);
  std::filesystem::create_directories(s.path("tmp"));
  const std::string conf = s.path("nginx.conf");
  const std::string t = s.path("tmp");
  integration::write_file(
      conf, "worker_processes 1;\nerror_log " + s.path("error.log") + ";\npid " + t +
                "/nginx.pid;\ndaemon off;\nevents { worker_connections 32; }\nhttp {\n"
                "  access_log off;\n  client_body_temp_path " +
                t + "/b; proxy_temp_path " + t + "/p; fastcgi_temp_path " + t +
                "/f; uwsgi_temp_path " + t + "/u; scgi_temp_path " + t +
                "/s;\n  default_type text/plain;\n"
                "  server { listen 127.0.3.128:8080; root " +
                www +
                "; autoindex on; location = /server-status { stub_status; } }\n"
                "  server { listen 127.0.3.129:8080; root " +
                www +
                "; location ~ /\\. { deny all; } location = /server-status { deny all; } }\n}\n");
  integration::start(s, {"nginx", "-c", conf, "-p", t}, "127.0.3.128", 8080);
  return s;
}

TEST(HttpExposureIntegration, OpenAndDenyingTwin) {
  auto server = start_nginx();
  ASSERT_TRUE(server.ready);
  ASSERT_TRUE(lw::testing::wait_for_port("127.0.3.129", 8080, std::chrono::seconds(30)));
  HttpExposureProbe probe;
  const auto open = integration::run(probe, integration::options_for(8080), "127.0.3.128", 8080);
  EXPECT_EQ(open.verdict.kind, VerdictKind::open) << open.verdict.reason;
  EXPECT_EQ(open.observation.product, "nginx");
  const auto& ex = open.observation.metadata["exposures"];
  EXPECT_TRUE(ex.contains("directory_listing"));
  EXPECT_TRUE(ex.contains("git_head"));
  EXPECT_TRUE(ex.contains("git_config"));
  EXPECT_TRUE(ex.contains("env"));
  const auto denied = integration::run(probe, integration::options_for(8080), "127.0.3.129", 8080);
  EXPECT_EQ(denied.verdict.kind, VerdictKind::auth_required) << denied.verdict.reason;
}

}  // namespace
}  // namespace lw::probes
