#pragma once

// Helpers for the probes' integration tests only (header-only; links lw_test_dialogue from
// tests/fakes). Each test starts its own real server on a loopback address the lab does not use
// (lab/README.md), runs the probe's whole dialogue over TCP with the engine's own dialogue loop
// (lw::testing::run_dialogue drives net::start_dialogue), and judges it.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/probe.h"
#include "dialogue_driver.h"
#include "server_process.h"

namespace lw::probes::integration {

struct Server {
  std::unique_ptr<lw::testing::TempDir> dir;
  std::optional<lw::testing::ServerProcess> process;
  bool ready = false;
  std::string path(const std::string& name) const { return dir->path() + "/" + name; }
};

inline Server make_dir(const std::string& prefix) {
  Server s;
  s.dir = std::make_unique<lw::testing::TempDir>(prefix);
  ::chmod(s.dir->path().c_str(), 0755);  // servers that drop to nobody must reach their files
  return s;
}

inline void write_file(const std::string& path, const std::string& content, int mode = 0644) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
  ::chmod(path.c_str(), static_cast<mode_t>(mode));
}

// Starts argv (output to `log`) and polls (bounded) until ip:port accepts; nullopt, with the
// test failed, when it does not start or never listens (the process is stopped then).
inline std::optional<lw::testing::ServerProcess> start_server(
    const std::vector<std::string>& argv, const std::string& log, const std::string& ip,
    std::uint16_t port, std::chrono::seconds within = std::chrono::seconds(60)) {
  auto p = lw::testing::ServerProcess::start(argv, log);
  EXPECT_TRUE(p) << argv.front() << ": " << (p ? "" : p.error().describe());
  if (!p) return std::nullopt;
  if (!lw::testing::wait_for_port(ip, port, within)) {
    ADD_FAILURE() << argv.front() << " did not listen on " << ip << ":" << port << " (log: " << log
                  << ")";
    return std::nullopt;
  }
  return std::move(*p);
}

// tests/fakes/replay_server.py answering ip:port from tests/fakes/transcripts/<manifest> (for
// products with no server in Debian or npm; it exits by itself after 60 s).
inline std::optional<lw::testing::ServerProcess> start_replay(const lw::testing::TempDir& dir,
                                                              const std::string& manifest,
                                                              const std::string& ip,
                                                              std::uint16_t port) {
  const std::string fakes = std::string(LW_SOURCE_DIR) + "/tests/fakes";
  return start_server(
      {"python3", fakes + "/replay_server.py", "--listen", ip + ":" + std::to_string(port),
       "--manifest", fakes + "/transcripts/" + manifest, "--max-seconds", "60"},
      dir.path() + "/replay.log", ip, port, std::chrono::seconds(30));
}

// start_server with the log in <dir>/server.log, the process kept in `s`.
inline void start(Server& s, const std::vector<std::string>& argv, const std::string& ip,
                  std::uint16_t port, std::chrono::seconds within = std::chrono::seconds(60)) {
  if (auto p = start_server(argv, s.path("server.log"), ip, port, within)) {
    s.process.emplace(std::move(*p));
  }
  s.ready = s.process.has_value();
  ASSERT_TRUE(s.ready);
}

struct Run {
  Transcript transcript;
  Observation observation;
  Verdict verdict;
};

// Generous per-turn bounds: servers delay failed logins (vsftpd + PAM: seconds), and a loaded
// machine must not turn a slow reply into a different verdict.
inline lw::testing::DriverLimits patient_limits() {
  lw::testing::DriverLimits l;
  l.read_timeout = std::chrono::seconds(20);
  l.session_timeout = std::chrono::seconds(90);
  return l;
}

// The probe's whole dialogue against ip:port, parsed and judged.
inline Run run(const Probe& probe, const ProbeOptions& options, const std::string& ip,
               std::uint16_t port) {
  Run r;
  auto t = lw::testing::run_dialogue(probe, options, ip, port, patient_limits());
  EXPECT_TRUE(t) << (t ? "" : t.error().describe());
  if (!t) return r;
  r.transcript = std::move(*t);
  auto obs = probe.parse(r.transcript);
  EXPECT_TRUE(obs) << (obs ? "" : obs.error().describe());
  if (!obs) return r;
  r.observation = std::move(*obs);
  r.verdict = probe.judge(r.observation);
  return r;
}

inline ProbeOptions options_for(std::uint16_t port, std::string host_name = {}) {
  ProbeOptions o;
  o.port = port;
  o.host_name = std::move(host_name);
  return o;
}

}  // namespace lw::probes::integration
