// Ingest rate into the catalog: observations per second through Store::commit_batch, the path
// the scan pipeline uses (one transaction per batch, events derived at ingest).
//   lw_bench_catalog_ingest [--observations N] [--services N] [--batch N] [--db PATH|URL]
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>

#include "bench_data.h"
#include "catalog/catalog.h"

int main(int argc, char** argv) {
  std::string n_text = "1000000", services_text = "100000", batch_text = "10000",
              db = "/tmp/lw_bench_ingest.db";
  if (!lw::bench::parse_options(argc, argv,
                                {{"--observations", &n_text},
                                 {"--services", &services_text},
                                 {"--batch", &batch_text},
                                 {"--db", &db}})) {
    return 2;
  }
  const auto total = std::stoull(n_text);
  const auto batch = std::stoull(batch_text);
  lw::bench::SyntheticCatalog data;
  data.services = std::min<std::uint64_t>(std::stoull(services_text), total);
  if (!lw::catalog::is_postgres_url(db)) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  }
  auto cat = lw::catalog::open_catalog(db);
  if (!cat) {
    std::fprintf(stderr, "%s\n", cat.error().describe().c_str());
    return 1;
  }
  lw::catalog::ScanInfo scan;
  scan.id = "bench";
  if (!(*cat)->begin_scan(scan)) return 1;
  const std::int64_t t0 = 1'790'000'000'000;
  std::vector<lw::ServiceRecord> records;
  records.reserve(batch);
  double busy = 0;
  double cpu = 0;
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  for (std::uint64_t i = 0; i < total;) {
    records.clear();
    for (; records.size() < batch && i < total; ++i) {
      const auto round = static_cast<std::uint32_t>(i / data.services);
      records.push_back(data.record(i % data.services, round, t0 + round * 86'400'000LL));
    }
    const auto start = std::chrono::steady_clock::now();
    const auto cpu_start = cpu_now();
    auto ok = (*cat)->commit_batch("bench", records, "{}", i);
    busy += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    cpu += cpu_now() - cpu_start;
    if (!ok) {
      std::fprintf(stderr, "%s\n", ok.error().describe().c_str());
      return 1;
    }
  }
  std::printf(
      "ingest: %llu observations (%llu services, batches of %llu): wall %.2f s = %.0f "
      "observations/s; CPU %.2f s = %.0f observations per CPU-second\n",
      static_cast<unsigned long long>(total), static_cast<unsigned long long>(data.services),
      static_cast<unsigned long long>(batch), busy, static_cast<double>(total) / busy, cpu,
      static_cast<double>(total) / cpu);
  return 0;
}
