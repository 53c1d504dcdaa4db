// Single-core classifier throughput: classify_throughput FILE [--slice-mib N]
// Streams FILE through classify_stream (8 MiB blocks) and prints bytes, wall and CPU seconds,
// MB/s and the number of findings per detector. Peak RSS: run under /usr/bin/time -v
// (bench/classify/run.sh does).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>

#include "classify/classifier.h"
#include "classify/stream.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: classify_throughput FILE [--slice-mib N]\n");
    return 2;
  }
  lw::classify::ClassifierConfig config;
  config.limits.max_findings = 1u << 30;  // count everything: the bench measures full work
  config.limits.max_millis = 600000;
  auto classifier = lw::classify::Classifier::create(config);
  if (!classifier) {
    std::fprintf(stderr, "%s\n", classifier.error().describe().c_str());
    return 1;
  }
  std::ifstream file(argv[1], std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 2;
  }
  // The file is classified in slices of --slice-mib (default 64) so that the findings of a
  // dense 1 GiB corpus are counted without being held all at once (each slice is one stream).
  std::uint64_t slice = std::uint64_t{64} << 20;
  for (int i = 2; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--slice-mib")) slice = std::stoull(argv[i + 1]) << 20;
  }
  std::uint64_t bytes = 0;
  std::size_t total_findings = 0;
  std::map<std::string, std::size_t> by;
  const auto c0 = std::clock();
  const auto t0 = std::chrono::steady_clock::now();
  while (file) {
    std::uint64_t left = slice;
    auto read = [&file, &left](std::span<char> buf) -> lw::Result<std::size_t> {
      const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(buf.size(), left));
      file.read(buf.data(), want);
      const auto got = static_cast<std::size_t>(file.gcount());
      left -= got;
      return got;
    };
    std::uint64_t n = 0;
    auto findings = lw::classify::classify_stream(**classifier, argv[1], read, 8u << 20, &n);
    if (!findings) {
      std::fprintf(stderr, "%s\n", findings.error().describe().c_str());
      return 1;
    }
    if (n == 0) break;
    bytes += n;
    total_findings += findings->size();
    for (const auto& f : *findings) ++by[f.detector];
  }
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
