// Integration: a real rabbitmq-server node (Debian package rabbitmq-server, with the management
// plugin) started by this test on 127.0.1.181 with its own epmd (127.0.0.1:4382), node name,
// distribution port and temporary mnesia/log dirs; seeded through its management API by the
// lab's rabbitmq_seed.py (setup only). The probe's whole dialogue runs over TCP with tests/fakes'
// dialogue driver, on AMQP (5672) and the management API (15672), with and without
// --default-credentials, then with guest's password changed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "probes/common/integration_support.h"
#include "probes/rabbitmq/rabbitmq_dialogue.h"
#include "probes/rabbitmq/rabbitmq_probe.h"

namespace lw::probes {
namespace {

constexpr const char* kIp = "127.0.1.181";
constexpr std::uint16_t kEpmdPort = 4382;
constexpr const char* kBin = "/usr/lib/rabbitmq/bin/";

// "3.10.8" from the installed plugins dir (.../plugins/rabbit-3.10.8).
std::string installed_version() {
  std::error_code ec;
  for (const auto& lib : std::filesystem::directory_iterator("/usr/lib/rabbitmq/lib", ec)) {
    for (const auto& p : std::filesystem::directory_iterator(lib.path() / "plugins", ec)) {
      const std::string name = p.path().filename().string();
      if (name.starts_with("rabbit-")) return name.substr(7);
    }
  }
  return {};
}

std::string node_env(const integration::Server& s) {
  const std::string ctl = "-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}";
  return "ERL_EPMD_PORT=" + std::to_string(kEpmdPort) + " HOME=" + s.dir->path() +
         " RABBITMQ_NODENAME=lwtest181@localhost RABBITMQ_CONFIG_FILE=" + s.path("rabbitmq.conf") +
         " RABBITMQ_ENABLED_PLUGINS_FILE=" + s.path("enabled_plugins") +
         " RABBITMQ_MNESIA_BASE=" + s.path("mnesia") + " RABBITMQ_LOG_BASE=" + s.path("log") +
         " RABBITMQ_PLUGINS_EXPAND_DIR=" + s.path("plugins-expand") +
         " RABBITMQ_DIST_PORT=25781 RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='" + ctl +
         "' RABBITMQ_CTL_ERL_ARGS='" + ctl + "'";
}

// A one-off command with the node's environment (seeding, rabbitmqctl), bounded by timeout(1).
int run_with_env(const integration::Server& s, const std::string& command) {
  const std::string cmd =
      "env " + node_env(s) + " timeout 120 " + command + " >>'" + s.path("tools.log") + "' 2>&1";
  return std::system(cmd.c_str());
}

integration::Run run(std::uint16_t port, bool default_credentials) {
  auto o = integration::options_for(port);
  o.default_credentials = default_credentials;
  return integration::run(RabbitmqProbe(), o, kIp, port);
}

}  // namespace

TEST(RabbitmqIntegration, StockNodeAndTheDefaultAccount) {
  auto s = integration::make_dir("lw-rabbitmq-");
  auto epmd = integration::start_server(
      {"epmd", "-address", "127.0.0.1", "-port", std::to_string(kEpmdPort)}, s.path("epmd.log"),
      "127.0.0.1", kEpmdPort, std::chrono::seconds(15));
  ASSERT_TRUE(epmd);
  integration::write_file(s.path("rabbitmq.conf"),
                          std::string("listeners.tcp.1 = ") + kIp + ":5672\nmanagement.tcp.ip = " +
                              kIp + "\nmanagement.tcp.port = 15672\nlog.console = false\n");
  integration::write_file(s.path("enabled_plugins"), "[rabbitmq_management].\n");
  // env(1) execs the server script: the process the test stops is the script, which stops beam.
  std::vector<std::string> argv{"env"};
  for (const auto& kv :
       {"ERL_EPMD_PORT=" + std::to_string(kEpmdPort), "HOME=" + s.dir->path(),
        std::string("RABBITMQ_NODENAME=lwtest181@localhost"),
        "RABBITMQ_CONFIG_FILE=" + s.path("rabbitmq.conf"),
        "RABBITMQ_ENABLED_PLUGINS_FILE=" + s.path("enabled_plugins"),
        "RABBITMQ_MNESIA_BASE=" + s.path("mnesia"), "RABBITMQ_LOG_BASE=" + s.path("log"),
        "RABBITMQ_PLUGINS_EXPAND_DIR=" + s.path("plugins-expand"),
        std::string("RABBITMQ_DIST_PORT=25781"),
        std::string("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-start_epmd false "
                    "-kernel inet_dist_use_interface {127,0,0,1}")}) {
    argv.push_back(kv);
  }
  argv.push_back(std::string(kBin) + "rabbitmq-server");
  // Erlang boots slowly on a loaded machine: bounded, generous waits.
  integration::start(s, argv, kIp, 5672, std::chrono::seconds(180));
  ASSERT_TRUE(lw::testing::wait_for_port(kIp, 15672, std::chrono::seconds(120)))
      << "management API never listened (" << s.path("server.log") << ")";
  ASSERT_EQ(run_with_env(s, "python3 '" + std::string(LW_SOURCE_DIR) +
                                "/lab/services/data/rabbitmq_seed.py' " + kIp + " 15672"),
            0);

  // The default scan: credentials demanded on both ports, and none sent.
  auto amqp = run(5672, false);
  EXPECT_EQ(amqp.verdict.kind, VerdictKind::auth_required) << amqp.verdict.reason;
  EXPECT_EQ(amqp.observation.product, "rabbitmq");
  EXPECT_EQ(amqp.observation.version, installed_version());
  EXPECT_EQ(amqp.transcript.size(), 1u);
  auto http = run(15672, false);
  EXPECT_EQ(http.verdict.kind, VerdictKind::auth_required) << http.verdict.reason;
  EXPECT_EQ(http.observation.product, "rabbitmq");
  EXPECT_EQ(http.transcript.size(), 1u);

  // --default-credentials: guest/guest logs in from loopback on both.
  amqp = run(5672, true);
  EXPECT_EQ(amqp.verdict.kind, VerdictKind::open) << amqp.verdict.reason;
  EXPECT_EQ(amqp.observation.metadata.value("evidence", ""), "default_credentials");
  EXPECT_EQ(amqp.verdict.proof, rabbitmq::kStartOkLabel);
  http = run(15672, true);
  EXPECT_EQ(http.verdict.kind, VerdictKind::open) << http.verdict.reason;
  EXPECT_EQ(http.verdict.evidence, EvidenceKind::read);
  EXPECT_EQ(http.observation.metadata.value("evidence", ""), "default_credentials");
  EXPECT_EQ(http.observation.version, installed_version());
  bool planted = false;
  for (const auto& q : http.observation.metadata["queues"]) {
    planted = planted || (q.value("vhost", "") == "lab" && q.value("name", "") == "crm.customers");
  }
  EXPECT_TRUE(planted) << http.observation.metadata.dump();

  // guest with a changed password: refused on both, never open.
  ASSERT_EQ(run_with_env(s, std::string(kBin) + "rabbitmqctl change_password guest " +
                                "lab-changed-not-real"),
            0);
  amqp = run(5672, true);
  EXPECT_EQ(amqp.verdict.kind, VerdictKind::auth_required) << amqp.verdict.reason;
  EXPECT_NE(amqp.verdict.reason.find("ACCESS_REFUSED"), std::string::npos) << amqp.verdict.reason;
  http = run(15672, true);
  EXPECT_EQ(http.verdict.kind, VerdictKind::auth_required) << http.verdict.reason;
  EXPECT_EQ(http.observation.metadata["default_credentials"].value("accepted", true), false);
}

}  // namespace lw::probes
