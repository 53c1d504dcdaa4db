// Where the classifier's time goes: classify_stages FILE [STAGE]
// Reads FILE into memory and times, in CPU seconds of this thread over 8 MiB blocks, each stage
// alone: the Vectorscan pattern pass, the digit-run scanner, and the whole engine scan
// (candidates, validation, context, findings). Complements classify_throughput, which includes
// reading the file.
#include <time.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "classify/classifier.h"
#include "classify/digit_scanner.h"
#include "classify/engine.h"
#include "classify/validators.h"
#include "slices.h"

namespace {

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

constexpr std::size_t kBlock = 8u << 20;

const char* g_only = nullptr;  // run only this stage (for profiling)

template <typename F>
void stage(const char* name, const std::string& data, F&& run) {
  if (g_only && std::string_view(g_only) != name) return;
  const double t0 = cpu_now();
  std::size_t count = 0;
  for (std::size_t at = 0; at < data.size(); at += kBlock) {
    count += run(std::string_view(data).substr(at, kBlock));
  }
  const double secs = cpu_now() - t0;
  std::printf("%-14s cpu %7.3f s %8.1f MB/s  count %zu\n", name, secs,
              static_cast<double>(data.size()) / secs / 1e6, count);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: classify_stages FILE [patterns|digit_runs|engine [REPEAT]]\n");
    return 2;
  }
  if (argc > 2) g_only = argv[2];
  const int repeat = argc > 3 ? std::atoi(argv[3]) : 1;
  std::ifstream file(argv[1], std::ios::binary);
  const std::string data((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const auto classifier = lw::classify::bench::bench_classifier();
  if (!classifier) return 1;
  const auto& engine = classifier->engine();
  const auto& limits = classifier->limits();
  // A one-time initialisation (libphonenumber's metadata) is not part of a stage.
  (void)lw::classify::confirm_nanp_phone("+12025550143");
  std::vector<lw::classify::RawMatch> raw;
  stage("patterns", data, [&](std::string_view block) {
    raw.clear();
    (void)engine.patterns().scan(block, raw, limits.max_candidates);
    return raw.size();
  });
  std::array<lw::classify::DigitRun, 256> runs;
  stage("digit_runs", data, [&](std::string_view block) {
    std::size_t count = 0;
    for (std::size_t at = 0; at < block.size();) {
      const auto got = lw::classify::scan_digit_runs(block, at, runs);
      count += got.count;
      at = got.resume;
    }
    return count;
  });
  for (int r = 0; r < repeat; ++r)
    stage("engine", data, [&](std::string_view block) {
      lw::classify::FindingSink sink(limits.max_findings);
      lw::classify::ScanInput in;
      in.text = block;
      (void)engine.scan(in, sink, limits);
      return sink.size();
    });
  return 0;
}
