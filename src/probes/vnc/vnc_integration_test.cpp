// Integration: real Xvnc servers (Debian tigervnc-standalone-server) on 127.0.1.161
// (SecurityTypes None) and 127.0.1.162 (VncAuth); the dialogue over TCP.
#include <gtest/gtest.h>

#include <cstdlib>

#include "probes/common/integration_support.h"
#include "probes/vnc/vnc_probe.h"

namespace lw::probes {
namespace {

std::optional<testing::ServerProcess> start(const testing::TempDir& dir, const std::string& display,
                                            const std::string& ip,
                                            std::vector<std::string> security) {
  std::vector<std::string> argv = {"Xvnc",       display,   "-rfbport",  "5900",
                                   "-interface", ip,        "-nolisten", "tcp",
                                   "-geometry",  "320x240", "-depth",    "24"};
  argv.insert(argv.end(), security.begin(), security.end());
  return integration::start_server(argv, dir.path() + "/" + ip + ".log", ip, 5900);
}

Verdict run(const std::string& ip) {
  return integration::run(VncProbe(), ProbeOptions{}, ip, 5900).verdict;
}

}  // namespace

TEST(VncIntegration, NoneIsOpenAndVncAuthIsAuthRequired) {
  testing::TempDir dir("lw-vnc-");
  auto open = start(dir, ":81", "127.0.1.161", {"-SecurityTypes", "None"});
  ASSERT_TRUE(open);
  EXPECT_EQ(run("127.0.1.161").kind, VerdictKind::open);
  const auto vncpasswd = testing::find_executable("vncpasswd");
  ASSERT_TRUE(vncpasswd) << "vncpasswd not installed (tigervnc-tools)";
  const std::string pw = dir.path() + "/passwd";
  ASSERT_EQ(std::system(("echo lab-secret-not-real | " + *vncpasswd + " -f > " + pw).c_str()), 0);
  auto secured = start(dir, ":82", "127.0.1.162", {"-SecurityTypes", "VncAuth", "-rfbauth", pw});
  ASSERT_TRUE(secured);
  EXPECT_EQ(run("127.0.1.162").kind, VerdictKind::auth_required);
}

}  // namespace lw::probes
