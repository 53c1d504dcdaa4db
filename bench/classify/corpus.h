#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace lw::classify::bench {

// One labelled sample of tests/corpus/*.tsv: "+" (the detector must fire) or "-" (it must not).
struct Sample {
  bool positive = false;
  std::string detector;
  std::string content_type;
  std::string text;
  std::string origin;  // file:line
};

// Reads every *.tsv file of `dir` (sorted by name).
Result<std::vector<Sample>> load_corpus(const std::string& dir);

}  // namespace lw::classify::bench
