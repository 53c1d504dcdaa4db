// Faceted search over a catalog of N observations (built first if the file does not hold it).
//   lw_bench_catalog_query [--observations N] [--services N] [--db PATH] [--runs N]
//                          [--query Q --facets f1,f2]   (one search instead of the list)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>

#include "bench_data.h"
#include "catalog/catalog.h"

int main(int argc, char** argv) {
  std::string n_text = "10000000", services_text = "1000000", db = "/tmp/lw_bench_query.db",
              runs_text = "5", only_query, only_facets;
  bool only = false;
  if (!lw::bench::parse_options(argc, argv,
                                {{"--observations", &n_text},
                                 {"--services", &services_text},
                                 {"--db", &db},
                                 {"--runs", &runs_text},
                                 {"--query", &only_query},
                                 {"--facets", &only_facets}})) {
    return 2;
  }
  const auto total = std::stoull(n_text);
  lw::bench::SyntheticCatalog data;
  data.services = std::min<std::uint64_t>(std::stoull(services_text), total);
  auto cat = lw::catalog::open_catalog(db);
  if (!cat) {
    std::fprintf(stderr, "%s\n", cat.error().describe().c_str());
    return 1;
  }
  // Build (or finish building) the catalog: the scan's checkpoint says how far it got.
  lw::catalog::ScanInfo scan;
  scan.id = "bench";
  auto existing = (*cat)->resumable_scan(std::string("bench"));
  std::uint64_t have = existing && existing->has_value() ? (*existing)->output_offset : 0;
  if (!existing || !existing->has_value()) (void)(*cat)->begin_scan(scan);
  if (have < total) {
    std::printf("building: %llu observations already there, adding %llu\n",
                static_cast<unsigned long long>(have),
                static_cast<unsigned long long>(total - have));
    const auto start = std::chrono::steady_clock::now();
    std::vector<lw::ServiceRecord> records;
    for (std::uint64_t i = have; i < total;) {
      records.clear();
      for (; records.size() < 20000 && i < total; ++i) {
        const auto round = static_cast<std::uint32_t>(i / data.services);
        records.push_back(
            data.record(i % data.services, round, 1'790'000'000'000 + round * 86'400'000LL));
      }
      if (auto ok = (*cat)->commit_batch("bench", records, "{}", i); !ok) {
        std::fprintf(stderr, "%s\n", ok.error().describe().c_str());
        return 1;
      }
    }
    std::printf("built in %.1f s\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    // Searches run in their own process (leakwatch search): measure them on a fresh
    // connection, not on the one that wrote the catalog.
    cat->reset();
    cat = lw::catalog::open_catalog(db);
    if (!cat) {
      std::fprintf(stderr, "%s\n", cat.error().describe().c_str());
      return 1;
    }
  }
  const int runs = std::max(1, std::stoi(runs_text));
  for (int i = 1; i < argc; ++i) only = only || std::string(argv[i]) == "--query";
  std::vector<std::pair<std::string, std::vector<std::string>>> queries = {
      {"verdict:open", {"product", "severity"}},
      {"product:elasticsearch verdict:open", {"severity", "category"}},
      {"severity:critical", {"product", "port", "category"}},
      {"net:10.1.0.0/16", {"product", "verdict"}},
      {"verdict:open size:>1GB first_seen:>2026-09-01", {"product"}},
      {"", {"product", "severity"}},
      // Broad range and network filters: half or all of the catalog matches.
      {"size:>512MB", {"product", "severity"}},
      {"first_seen:>2026-09-01", {"product", "severity"}},
      {"net:10.0.0.0/8", {"product", "severity"}},
      {"net:10.1.2.0/24 verdict:open", {"product", "severity"}},
      // Every column facet at once over most of the catalog.
      {"-verdict:open",
       {"product", "severity", "verdict", "port", "version", "protocol", "transport"}},
  };
  if (only) {
    std::vector<std::string> fs;
    for (std::size_t at = 0; at < only_facets.size();) {
      const auto comma = std::min(only_facets.find(',', at), only_facets.size());
      fs.push_back(only_facets.substr(at, comma - at));
      at = comma + 1;
    }
    queries = {{only_query, fs}};
  }
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
  };
  for (const auto& [q, facets] : queries) {
    std::vector<double> ms;
    std::vector<double> cpu_ms;
    std::int64_t hits = 0;
    for (int i = 0; i < runs; ++i) {
      const auto start = std::chrono::steady_clock::now();
      const auto cpu_start = cpu_now();
      auto r = (*cat)->search({q, facets, 20});
      cpu_ms.push_back(cpu_now() - cpu_start);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
      if (!r) {
        std::fprintf(stderr, "%s: %s\n", q.c_str(), r.error().describe().c_str());
        return 1;
      }
      hits = r->total;
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu_ms.begin(), cpu_ms.end());
    std::string fs;
    for (const auto& f : facets) fs += (fs.empty() ? "" : ",") + f;
    std::printf(
        "query %-48s facets %-24s hits %8lld  wall median %7.1f ms (min %.1f)  CPU median %6.1f "
        "ms\n",
        ("'" + q + "'").c_str(), fs.c_str(), static_cast<long long>(hits), ms[ms.size() / 2],
        ms.front(), cpu_ms[cpu_ms.size() / 2]);
  }
  return 0;
}
