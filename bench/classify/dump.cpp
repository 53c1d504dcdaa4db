// Findings as JSON lines, for comparing two builds: classify_dump FILE [--slice-mib N]
// Classifies FILE the way classify_throughput does (each slice of N MiB, default 64, is one
// classify_stream in 8 MiB blocks) under an all-zero key and prints one line per finding:
// slice, detector, family, severity, confidence, location, masked value and keyed hash (never a
// raw value). bench/classify/compare.sh diffs the output of two builds.
#include <cstdio>
#include <string>

#include "core/json_text.h"
#include "slices.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: classify_dump FILE [--slice-mib N]\n");
    return 2;
  }
  const auto classifier = lw::classify::bench::bench_classifier();
  if (!classifier) return 1;
  std::string line;
  return lw::classify::bench::classify_slices(
      argv[1], lw::classify::bench::slice_bytes(argc, argv), *classifier,
      [&line](std::size_t index, const std::vector<lw::classify::Finding>& findings,
              std::uint64_t) {
        for (const auto& f : findings) {
          char confidence[32];
          std::snprintf(confidence, sizeof confidence, "%.3f", f.confidence);
          line = "{\"slice\":" + std::to_string(index) + ",\"detector\":";
          lw::append_json_string(f.detector, line);
          line += ",\"family\":";
          lw::append_json_string(f.family, line);
          line += ",\"severity\":";
          lw::append_json_string(lw::classify::to_string(f.severity), line);
          line += ",\"confidence\":";
          line += confidence;
          line += ",\"location\":";
          lw::append_json_string(f.location, line);
          line += ",\"masked\":";
          lw::append_json_string(f.masked, line);
          line += ",\"value_hash\":";
          lw::append_json_string(f.value_hash, line);
          line += "}\n";
          std::fputs(line.c_str(), stdout);
        }
      });
}
