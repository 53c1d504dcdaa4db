// Single-core classifier throughput: classify_throughput FILE [--slice-mib N]
// Streams FILE through classify_stream (8 MiB blocks, slices of N MiB) and prints bytes, wall and
// CPU seconds, MB/s and the number of findings per detector. Peak RSS: run under
// /usr/bin/time -v (bench/classify/run.sh does).
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <string>

#include "slices.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: classify_throughput FILE [--slice-mib N]\n");
    return 2;
  }
  const auto classifier = lw::classify::bench::bench_classifier();
  if (!classifier) return 1;
  std::uint64_t bytes = 0;
  std::size_t total_findings = 0;
  std::map<std::string, std::size_t> by;
  const auto c0 = std::clock();
  const auto t0 = std::chrono::steady_clock::now();
  const int status = lw::classify::bench::classify_slices(
      argv[1], lw::classify::bench::slice_bytes(argc, argv), *classifier,
      [&](std::size_t, const std::vector<lw::classify::Finding>& findings, std::uint64_t n) {
        bytes += n;
        total_findings += findings.size();
        for (const auto& f : findings) ++by[f.detector];
      });
  if (status != 0) return status;
  const auto t1 = std::chrono::steady_clock::now();
  const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  const double secs = std::chrono::duration<double>(t1 - t0).count();
  // Wall time is what a user sees; CPU time is steadier on a shared machine.
  std::printf("bytes %llu wall_s %.3f wall_MB/s %.1f cpu_s %.3f cpu_MB/s %.1f findings %zu\n",
              static_cast<unsigned long long>(bytes), secs, static_cast<double>(bytes) / secs / 1e6,
              cpu, static_cast<double>(bytes) / cpu / 1e6, total_findings);
  for (const auto& [d, n] : by) std::printf("  %-28s %zu\n", d.c_str(), n);
  return 0;
}
