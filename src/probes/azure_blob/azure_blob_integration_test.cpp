// Integration: real Azurite blob services (npm azurite, lab/package.json; run `npm ci` in lab/)
// started by this test on 127.0.3.130 (a public container), 127.0.3.131 (all private) and
// 127.0.3.132 (a public container of two pages, the sensitive blobs on the second), seeded by
// lab/services/azure_blob_seed.py; the probe's whole dialogue over TCP.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "probes/azure_blob/azure_blob_probe.h"
#include "probes/common/integration_support.h"

namespace lw::probes {
namespace {

integration::Server start_azurite(const std::string& ip, const std::string& mode) {
  auto s = integration::make_dir("lw-azurite-");
  const std::string bin = std::string(LW_SOURCE_DIR) + "/lab/node_modules/.bin/azurite-blob";
  EXPECT_TRUE(std::filesystem::exists(bin)) << "run npm ci in lab/ (azurite missing)";
  integration::start(s,
                     {bin, "--blobHost", ip, "--blobPort", "10000", "-l", s.path("data"),
                      "--skipApiVersionCheck", "--loose"},
                     ip, 10000);
  if (!s.ready) return s;
  const std::string seed = "timeout 60 python3 " + std::string(LW_SOURCE_DIR) +
                           "/lab/services/azure_blob_seed.py " + ip + " 10000 " + mode;
  s.ready = std::system(seed.c_str()) == 0;
  EXPECT_TRUE(s.ready) << seed;
  return s;
}

TEST(AzureBlobIntegration, PublicContainerIsOpen) {
  auto server = start_azurite("127.0.3.130", "open");
  ASSERT_TRUE(server.ready);
  AzureBlobProbe probe;
  const auto r = integration::run(probe, integration::options_for(10000), "127.0.3.130", 10000);
  EXPECT_EQ(r.verdict.kind, VerdictKind::open) << r.verdict.reason;
  EXPECT_EQ(r.observation.product, "azurite");
  EXPECT_FALSE(r.observation.version.empty());
  EXPECT_EQ(r.observation.record_count, 2u);
  EXPECT_FALSE(r.observation.samples.empty());
}

TEST(AzureBlobIntegration, PrivateContainersAreAuthRequired) {
  auto server = start_azurite("127.0.3.131", "secured");
  ASSERT_TRUE(server.ready);
  AzureBlobProbe probe;
  const auto r = integration::run(probe, integration::options_for(10000), "127.0.3.131", 10000);
  EXPECT_EQ(r.verdict.kind, VerdictKind::auth_required) << r.verdict.reason;
}

TEST(AzureBlobIntegration, SecondPageIsListedAndItsSensitiveBlobsRead) {
  auto server = start_azurite("127.0.3.132", "deployed");
  ASSERT_TRUE(server.ready);
  AzureBlobProbe probe;
  const auto r = integration::run(probe, integration::options_for(10000), "127.0.3.132", 10000);
  EXPECT_EQ(r.verdict.kind, VerdictKind::open) << r.verdict.reason;
  const auto& obs = r.observation;
  EXPECT_EQ(obs.record_count, 1153u);  // both pages
  ASSERT_EQ(obs.metadata["public_containers"].size(), 1u);
  EXPECT_EQ(obs.metadata["public_containers"][0]["pages"], 2);
  EXPECT_EQ(obs.metadata["public_containers"][0]["more"], false);
  std::vector<std::string> read;
  for (const auto& s : obs.samples) read.push_back(s.source);
  for (const char* planted : {"blob data/vault/archive/2024/hr/personnel/emp-1007.json",
                              "blob data/vault/archive/2024/fin/cardholder/batch_0001.csv",
                              "blob data/scans/misc/scan_0419.txt"}) {
    EXPECT_NE(std::find(read.begin(), read.end(), planted), read.end()) << planted;
  }
}

}  // namespace
}  // namespace lw::probes
