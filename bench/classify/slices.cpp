#include "slices.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <span>
#include <string>

#include "classify/stream.h"

namespace lw::classify::bench {

std::shared_ptr<const Classifier> bench_classifier() {
  ClassifierConfig config;
  config.limits.max_findings = 1u << 30;  // count everything: the benches measure full work
  config.limits.max_millis = 600000;
  auto classifier = Classifier::create(config);
  if (!classifier) {
    std::fprintf(stderr, "%s\n", classifier.error().describe().c_str());
    return nullptr;
  }
  return *classifier;
}

std::uint64_t slice_bytes(int argc, char** argv) {
  std::uint64_t slice = std::uint64_t{64} << 20;
  for (int i = 2; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--slice-mib")) slice = std::stoull(argv[i + 1]) << 20;
  }
  return slice;
}

int classify_slices(const char* path, std::uint64_t slice, const Classifier& classifier,
                    const SliceFn& on_slice) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "cannot open %s\n", path);
    return 2;
  }
  for (std::size_t index = 0; file; ++index) {
    std::uint64_t left = slice;
    auto read = [&file, &left](std::span<char> buf) -> Result<std::size_t> {
      const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(buf.size(), left));
      file.read(buf.data(), want);
      const auto got = static_cast<std::size_t>(file.gcount());
      left -= got;
      return got;
    };
    std::uint64_t n = 0;
    auto findings = classify_stream(classifier, path, read, 8u << 20, &n);
    if (!findings) {
      std::fprintf(stderr, "%s\n", findings.error().describe().c_str());
      return 1;
    }
    if (n == 0) break;
    on_slice(index, *findings, n);
  }
  return 0;
}

}  // namespace lw::classify::bench
