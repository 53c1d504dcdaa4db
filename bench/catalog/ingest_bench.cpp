// Ingest rate into the catalog: observations per second through Store::commit_batch, the path
// the scan pipeline uses (one transaction per batch, events derived at ingest).
//   lw_bench_catalog_ingest [--observations N] [--services N] [--batch N] [--db PATH|URL]
//                           [--keep 1 --round R]
// --keep 1 writes into the catalog at --db as it is (a copy of a large one, say) instead of
// starting afresh; --round R starts at scan round R (R rounds of the same services are there).
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>

#include "bench_data.h"
#include "catalog/catalog.h"

int main(int argc, char** argv) {
  std::string n_text = "1000000", services_text = "100000", batch_text = "10000",
              db = "/tmp/lw_bench_ingest.db", keep = "0", round_text = "0";
  if (!lw::bench::parse_options(argc, argv,
                                {{"--observations", &n_text},
                                 {"--services", &services_text},
                                 {"--batch", &batch_text},
                                 {"--db", &db},
                                 {"--keep", &keep},
                                 {"--round", &round_text}})) {
    return 2;
  }
  const auto total = std::stoull(n_text);
  const auto batch = std::stoull(batch_text);
  const auto first_round = static_cast<std::uint32_t>(std::stoul(round_text));
  lw::bench::SyntheticCatalog data;
  data.services = std::min<std::uint64_t>(std::stoull(services_text), total);
  if (keep != "1" && !lw::catalog::is_postgres_url(db)) {
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
  double first_wall = -1, first_cpu = -1;
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  for (std::uint64_t i = 0; i < total;) {
    records.clear();
    for (; records.size() < batch && i < total; ++i) {
      const auto round = first_round + static_cast<std::uint32_t>(i / data.services);
      records.push_back(data.record(i % data.services, round, t0 + round * 86'400'000LL));
    }
    const auto start = std::chrono::steady_clock::now();
    const auto cpu_start = cpu_now();
    auto ok = (*cat)->commit_batch("bench", records, "{}", i);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    busy += wall;
    cpu += cpu_now() - cpu_start;
    if (first_wall < 0) {
      first_wall = wall;
      first_cpu = cpu;
    }
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
  std::printf("first batch: wall %.3f s, CPU %.3f s\n", first_wall, first_cpu);
  return 0;
}
