#include "pipeline/scan_config.h"

#include <gtest/gtest.h>

namespace lw::pipeline {

TEST(ScanConfig, RoundTripsThroughJson) {
  ScanConfig c;
  c.ranges.push_back({*Address::parse("127.0.1.0"), *Address::parse("127.0.1.255")});
  c.ranges.push_back({*Address::parse("::1"), *Address::parse("::1")});
  c.names.emplace_back(*Address::parse("127.0.1.1"), "db.lab.test");
  c.ports = {6379, 11211};
  c.seed = 77;
  c.shard_index = 1;
  c.shard_count = 3;
  c.workers = 2;
  c.probes = {"redis"};
  c.output_path = "/tmp/x.jsonl";
  auto back = scan_config_from_json(to_json(c));
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->ranges, c.ranges);
  EXPECT_EQ(back->names, c.names);
  EXPECT_EQ(back->ports, c.ports);
  EXPECT_EQ(back->seed, 77u);
  EXPECT_EQ(back->shard_index, 1u);
  EXPECT_EQ(back->probes, c.probes);
  EXPECT_EQ(back->output_path, c.output_path);
  auto broken = to_json(c);
  broken["shard_index"] = 5;
  EXPECT_FALSE(scan_config_from_json(broken));
  EXPECT_FALSE(scan_config_from_json(nlohmann::json::object()));
}

TEST(ScanConfig, DefaultCredentialsRoundTripAndOldScansLoadWithItOff) {
  ScanConfig c;
  c.ports = {5672};
  EXPECT_FALSE(c.default_credentials);  // off unless --default-credentials
  c.default_credentials = true;
  auto j = to_json(c);
  EXPECT_EQ(j.at("default_credentials"), true);
  auto back = scan_config_from_json(j);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_TRUE(back->default_credentials);
  j.erase("default_credentials");  // a scan stored before the option existed
  back = scan_config_from_json(j);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_FALSE(back->default_credentials);
  j["default_credentials"] = "yes";
  EXPECT_FALSE(scan_config_from_json(j));
}

}  // namespace lw::pipeline
