// Findings as JSON lines, for comparing two builds: classify_dump FILE [--slice-mib N]
// Classifies FILE the way classify_throughput does (each slice of N MiB, default 64, is one
// classify_stream in 8 MiB blocks) under an all-zero key and prints one line per finding:
// slice, detector, family, severity, confidence, location, masked value and keyed hash (never a
// raw value). bench/classify/compare.sh diffs the output of two builds.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>

#include "classify/classifier.h"
#include "classify/stream.h"

namespace {

void put_json_string(std::string_view s) {
  std::putchar('"');
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      std::printf("\\%c", c);
    } else if (u < 0x20) {
      std::printf("\\u%04x", u);
    } else {
      std::putchar(c);
    }
  }
  std::putchar('"');
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: classify_dump FILE [--slice-mib N]\n");
    return 2;
  }
  std::uint64_t slice = std::uint64_t{64} << 20;
  for (int i = 2; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--slice-mib")) slice = std::stoull(argv[i + 1]) << 20;
  }
  lw::classify::ClassifierConfig config;
  config.limits.max_findings = 1u << 30;
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
  for (std::size_t index = 0; file; ++index) {
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
    for (const auto& f : *findings) {
      std::printf("{\"slice\":%zu,\"detector\":", index);
      put_json_string(f.detector);
      std::printf(",\"family\":");
      put_json_string(f.family);
      std::printf(",\"severity\":\"%s\",\"confidence\":%.3f,\"location\":",
                  std::string(lw::classify::to_string(f.severity)).c_str(), f.confidence);
      put_json_string(f.location);
      std::printf(",\"masked\":");
      put_json_string(f.masked);
      std::printf(",\"value_hash\":\"%s\"}\n", f.value_hash.c_str());
    }
  }
  return 0;
}
