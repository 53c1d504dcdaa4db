#include "scan/scan_fixture.h"

#include <cstdlib>
#include <memory>

namespace lw::testing {
namespace {
std::unique_ptr<TempDir> g_dir;
}

const std::string& ScanLab::dir() {
  return g_dir->path();
}

std::vector<nlohmann::json> parse_jsonl(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "malformed JSON line: " << line;
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

std::map<std::string, nlohmann::json> by_service(const std::vector<nlohmann::json>& records) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& r : records) {
    const std::string key = r["ip"].get<std::string>() + ":" + std::to_string(r["port"].get<int>());
    EXPECT_EQ(out.count(key), 0u) << "duplicate record for " << key;
    out[key] = r;
  }
  return out;
}

void ScanLab::SetUp() {
  g_dir = std::make_unique<TempDir>();
  const std::string d = g_dir->path();
  ASSERT_TRUE(have_program("redis-server")) << "redis-server missing: run scripts/setup";
  ASSERT_TRUE(have_program("memcached")) << "memcached missing: run scripts/setup";
  auto redis = [&](const std::string& ip, int port, const std::string& password) {
    std::vector<std::string> argv{"redis-server",
                                  "--bind",
                                  ip,
                                  "--port",
                                  std::to_string(port),
                                  "--save",
                                  "",
                                  "--appendonly",
                                  "no",
                                  "--protected-mode",
                                  "no",
                                  "--dir",
                                  d,
                                  "--daemonize",
                                  "no"};
    if (!password.empty()) {
      argv.push_back("--requirepass");
      argv.push_back(password);
    }
    servers_.push_back(
        Process::spawn(argv, d + "/redis-" + ip + ".log", d + "/redis-" + ip + ".err"));
  };
  redis("127.0.5.1", 6379, "");
  redis("127.0.5.2", 6379, "not-the-default-4f1c");
  redis("127.0.5.3", 7379, "");
  servers_.push_back(Process::spawn(
      {"memcached", "-l", "127.0.5.4", "-p", "11211", "-U", "0", "-u", "root", "-m", "16"},
      d + "/memcached.log", d + "/memcached.err"));
  for (auto [ip, port] : std::vector<std::pair<std::string, int>>{
           {"127.0.5.1", 6379}, {"127.0.5.2", 6379}, {"127.0.5.3", 7379}, {"127.0.5.4", 11211}}) {
    ASSERT_TRUE(wait_for_port(ip, port, std::chrono::seconds(20))) << ip << ":" << port;
  }
  // Synthetic, obviously fake records for the probes to read.
  for (const std::string ip : {"127.0.5.1", "127.0.5.3"}) {
    const std::string port = ip == "127.0.5.1" ? "6379" : "7379";
    auto r =
        run({"redis-cli", "-h", ip, "-p", port, "MSET", "user:1",
             "{\"name\":\"Test Person\",\"ssn\":\"078-05-1120\"}", "note", "UNCLASSIFIED//FOUO",
             "contact", "fake.person@lab-test.mil", "pay", "4111 1111 1111 1111"},
            std::chrono::seconds(10));
    ASSERT_EQ(r.status, 0) << r.err;
  }
  const auto stored =
      exchange("127.0.5.4", 11211, "set session:1 0 0 21\r\ncard 4111111111111111\r\n", "STORED",
               std::chrono::seconds(5));
  ASSERT_NE(stored.find("STORED"), std::string::npos) << stored;
}

void ScanLab::TearDown() {
  servers_.clear();
  g_dir.reset();
}

RunResult leakwatch(const std::vector<std::string>& args, std::chrono::milliseconds limit) {
  std::vector<std::string> argv{leakwatch_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, limit);
}

}  // namespace lw::testing
