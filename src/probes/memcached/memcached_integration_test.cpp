// Integration: real memcached processes (Debian package memcached) started by this test on
// 127.0.1.10x, the probe's whole dialogue run over TCP by tests/fakes' dialogue driver.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "probes/common/integration_support.h"
#include "probes/memcached/memcached_probe.h"

namespace lw::probes {
namespace {

using testing::TempDir;

std::string seed_commands() {
  std::ifstream in(std::string(LW_SOURCE_DIR) + "/lab/services/data/memcached_seed.tsv");
  std::string out;
  for (std::string line; std::getline(in, line);) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::string value = line.substr(tab + 1);
    out += "set " + line.substr(0, tab) + " 0 0 " + std::to_string(value.size()) + "\r\n" + value +
           "\r\n";
  }
  return out;
}

integration::Server start(const std::string& ip, std::vector<std::string> extra) {
  auto m = integration::make_dir("lw-memcached-");
  std::vector<std::string> argv = {"memcached", "-l", ip, "-p", "11211", "-U", "0", "-m", "16"};
  if (::geteuid() == 0) {
    argv.push_back("-u");
    argv.push_back("nobody");
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  integration::start(m, argv, ip, 11211);
  return m;
}

Verdict run(const std::string& ip, Observation* out = nullptr) {
  auto r = integration::run(MemcachedProbe(), ProbeOptions{}, ip, 11211);
  if (out) *out = std::move(r.observation);
  return r.verdict;
}

}  // namespace

TEST(MemcachedIntegration, OpenInstanceIsOpen) {
  auto m = start("127.0.1.104", {});
  ASSERT_TRUE(m.process);
  const std::string seed = seed_commands();
  ASSERT_FALSE(seed.empty());
  auto r = testing::raw_exchange("127.0.1.104", 11211, seed + "quit\r\n", "");
  ASSERT_TRUE(r);
  Observation obs;
  const auto v = run("127.0.1.104", &obs);
  EXPECT_EQ(v.kind, VerdictKind::open) << v.reason;
  EXPECT_EQ(obs.product, "memcached");
  EXPECT_FALSE(obs.version.empty());
  EXPECT_EQ(obs.samples.size(), 6u);
}

TEST(MemcachedIntegration, AsciiAuthIsAuthRequired) {
  auto dir = std::make_unique<TempDir>("lw-memcached-auth-");
  const std::string auth = dir->path() + "/auth";
  std::ofstream(auth) << "labuser:labpass-not-real\n";
  auto m = start("127.0.1.105", {"-Y", auth});
  ASSERT_TRUE(m.process);
  const auto v = run("127.0.1.105");
  EXPECT_EQ(v.kind, VerdictKind::auth_required) << v.reason;
}

}  // namespace lw::probes
