#pragma once

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.h"

namespace lw::testing {

// Parses JSON Lines; fails the test on a malformed line.
std::vector<nlohmann::json> parse_jsonl(const std::string& text);

// "ip:port" -> record, failing the test on a duplicate.
std::map<std::string, nlohmann::json> by_service(const std::vector<nlohmann::json>& records);

// Real Debian servers for the scan tests, on their own 127.0.5.x addresses:
//   127.0.5.1:6379  redis, no password (open)
//   127.0.5.2:6379  redis with requirepass (auth_required)
//   127.0.5.3:7379  redis, no password, on a port no probe claims
//   127.0.5.4:11211 memcached (open)
class ScanLab : public ::testing::Environment {
 public:
  void SetUp() override;
  void TearDown() override;
  static const std::string& dir();

 private:
  std::vector<Process> servers_;
};

// Runs `leakwatch scan` with the arguments, bounded to `limit`.
RunResult leakwatch(const std::vector<std::string>& args,
                    std::chrono::milliseconds limit = std::chrono::seconds(120));

}  // namespace lw::testing
