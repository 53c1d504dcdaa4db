#pragma once

// Integration-test support for the HTTP data-service probes (header-only, GoogleTest): brings one
// lab service up with scripts/lab (real servers from Debian/npm on the lab's fixed 127.0.2.x
// addresses), runs the probe's whole dialogue against every instance in that service's ground
// truth with tests/fakes' dialogue driver, and checks product, version and verdict. Stops the
// service afterwards only when this test started it.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/probe.h"
#include "dialogue_driver.h"
#include "probes/registry.h"

namespace lw::probes::testing {

inline std::string lab_dir() {
  const char* env = std::getenv("LW_LAB_DIR");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string(LW_SOURCE_DIR) + "/.lab";
}

inline int lab_command(const std::string& args) {
  // scripts/lab bounds every wait itself; timeout(1) is a last guard.
  const std::string cmd = "LW_LAB_DIR='" + lab_dir() + "' timeout 600 '" +
                          std::string(LW_SOURCE_DIR) + "/scripts/lab' " + args + " >&2";
  return std::system(cmd.c_str());
}

struct TruthLine {
  std::string ip;
  std::uint16_t port = 0;
  std::string probe;
  std::string product;
  std::string version;
  std::string verdict;
};

// Generous per-read bounds: the lab shares a loaded machine, and a slow reply must not fail a
// test (HTTP replies are framed, so a long bound costs nothing when servers are quick).
inline lw::testing::DriverLimits lab_limits() {
  lw::testing::DriverLimits limits;
  limits.connect_timeout = std::chrono::seconds(10);
  limits.read_timeout = std::chrono::seconds(30);
  limits.session_timeout = std::chrono::seconds(120);
  return limits;
}

inline std::vector<TruthLine> lab_truth(const std::string& service) {
  std::vector<TruthLine> out;
  std::ifstream in(lab_dir() + "/truth.d/" + service + ".jsonl");
  std::string line;
  while (std::getline(in, line) && out.size() < 100) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    out.push_back({j.value("ip", ""), j.value<std::uint16_t>("port", 0), j.value("probe", ""),
                   j.value("product", ""), j.value("version", ""), j.value("verdict", "")});
  }
  return out;
}

// Brings `service` up, checks every ground-truth instance, and stops it if it was down before.
// An open instance must show `open_evidence`: read (records read) for most probes; access for a
// probe whose protocol only lets it list names (WebHDFS: a NameNode sends OPEN to a DataNode).
inline void expect_lab_service_matches_truth(const Probe& probe, const std::string& service,
                                             std::size_t expected_instances,
                                             EvidenceKind open_evidence = EvidenceKind::read) {
  const bool was_up =
      lab_command("status " + service + " >/dev/null 2>&1") == 0 && !lab_truth(service).empty();
  ASSERT_EQ(lab_command("up " + service), 0) << "scripts/lab up " << service << " failed";
  const auto truth = lab_truth(service);
  ASSERT_EQ(truth.size(), expected_instances);
  for (const auto& want : truth) {
    SCOPED_TRACE(want.ip + ":" + std::to_string(want.port));
    ASSERT_EQ(want.probe, probe.info().id);
    ProbeOptions options;
    options.port = want.port;
    auto t = lw::testing::run_dialogue(probe, options, want.ip, want.port, lab_limits());
    ASSERT_TRUE(t) << t.error().describe();
    auto obs = probe.parse(*t);
    ASSERT_TRUE(obs) << obs.error().describe();
    const Verdict v = probe.judge(*obs);
    EXPECT_EQ(std::string(to_string(v.kind)), want.verdict) << v.reason;
    EXPECT_EQ(obs->product, want.product);
    if (!want.version.empty()) {
      EXPECT_EQ(obs->version, want.version);
    }
    if (want.verdict == "open") {
      EXPECT_EQ(v.evidence, open_evidence);
      EXPECT_FALSE(obs->samples.empty());
    }
    // No other probe of this family may call the instance open (look-alike check).
    ProbeList family;
    append_web_probes(family);
    for (const auto& other : family) {
      if (other->info().id == probe.info().id) continue;
      auto ot = lw::testing::run_dialogue(*other, options, want.ip, want.port, lab_limits());
      if (!ot) continue;
      auto oo = other->parse(*ot);
      if (oo) {
        EXPECT_NE(other->judge(*oo).kind, VerdictKind::open) << other->info().id;
        EXPECT_FALSE(oo->identified) << other->info().id << " claims " << want.probe;
      }
    }
  }
  if (!was_up) {
    EXPECT_EQ(lab_command("down " + service), 0);
  }
}

}  // namespace lw::probes::testing
