// Integration: real mosquitto brokers (Debian mosquitto) on 127.0.1.151 (anonymous, retained
// messages published with mosquitto_pub) and 127.0.1.152 (password file); dialogue over TCP.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "dialogue_driver.h"
#include "probes/mqtt/mqtt_probe.h"
#include "server_process.h"

namespace lw::probes {
namespace {

std::optional<testing::ServerProcess> start(const testing::TempDir& dir, const std::string& ip,
                                            const std::string& extra) {
  const std::string conf = dir.path() + "/" + ip + ".conf";
  std::ofstream(conf) << "listener 1883 " << ip << "\npersistence false\n" << extra;
  auto p = testing::ServerProcess::start({"mosquitto", "-c", conf}, dir.path() + "/" + ip + ".log");
  EXPECT_TRUE(p) << (p ? "" : p.error().describe());
  if (!p) return std::nullopt;
  EXPECT_TRUE(testing::wait_for_port(ip, 1883, std::chrono::seconds(30)));
  return std::move(*p);
}

Observation run(const std::string& ip, Verdict& v) {
  const MqttProbe probe;
  auto t = testing::run_dialogue(probe, ProbeOptions{}, ip, 1883);
  EXPECT_TRUE(t) << (t ? "" : t.error().describe());
  if (!t) return {};
  auto obs = probe.parse(*t);
  EXPECT_TRUE(obs);
  if (!obs) return {};
  v = probe.judge(*obs);
  return *obs;
}

}  // namespace

TEST(MqttIntegration, AnonymousIsOpenAndPasswordFileIsAuthRequired) {
  testing::TempDir dir("lw-mqtt-");
  auto open = start(dir, "127.0.1.151", "allow_anonymous true\n");
  ASSERT_TRUE(open);
  const auto pub = testing::find_executable("mosquitto_pub");
  ASSERT_TRUE(pub) << "mosquitto_pub not installed (mosquitto-clients)";
  const std::string cmd = *pub + " -h 127.0.1.151 -r -t crm/customers/1001 -m " +
                          "'{\"name\":\"Test Person\",\"ssn\":\"078-05-1120\"}'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  Verdict v;
  auto obs = run("127.0.1.151", v);
  EXPECT_EQ(v.kind, VerdictKind::open) << v.reason;
  EXPECT_EQ(obs.product, "mosquitto");

  const std::string pw = dir.path() + "/passwd";
  const auto passwd = testing::find_executable("mosquitto_passwd");
  ASSERT_TRUE(passwd);
  ASSERT_EQ(std::system((*passwd + " -b -c " + pw + " labuser lab-secret-not-real").c_str()), 0);
  std::filesystem::permissions(
      pw, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
              std::filesystem::perms::group_read | std::filesystem::perms::others_read);
  auto secured = start(dir, "127.0.1.152", "allow_anonymous false\npassword_file " + pw + "\n");
  ASSERT_TRUE(secured);
  run("127.0.1.152", v);
  EXPECT_EQ(v.kind, VerdictKind::auth_required) << v.reason;
}

}  // namespace lw::probes
