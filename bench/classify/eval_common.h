#pragma once
// What the classifier's evaluation tools share: the counts per detector and their figures, and
// the command line (--corpus PATH, --check, --markdown, --verbose).
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

namespace lw::classify::bench {

struct EvalCounts {
  std::size_t tp = 0, fp = 0, fn = 0, tn = 0;
  double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 1.0; }
  double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 1.0; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

struct EvalArgs {
  std::string corpus;
  bool check = false, markdown = false, verbose = false;
};

// nullopt (after printing `usage` to stderr) on an unknown argument.
inline std::optional<EvalArgs> parse_eval_args(int argc, char** argv, std::string corpus,
                                               const char* usage) {
  EvalArgs a{std::move(corpus)};
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--corpus") && i + 1 < argc) {
      a.corpus = argv[++i];
    } else if (!std::strcmp(argv[i], "--check")) {
      a.check = true;
    } else if (!std::strcmp(argv[i], "--markdown")) {
      a.markdown = true;
    } else if (!std::strcmp(argv[i], "--verbose")) {
      a.verbose = true;
    } else {
      std::fprintf(stderr, "usage: %s\n", usage);
      return std::nullopt;
    }
  }
  return a;
}

}  // namespace lw::classify::bench
