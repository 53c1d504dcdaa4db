#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "classify/classifier.h"

namespace lw::classify::bench {

// The classifier every bench tool uses: the built-in rules and the default (all-zero) key, with
// the finding and time limits raised so that a 1 GiB corpus is classified in full. Prints the
// error and returns nullptr if it cannot be built.
std::shared_ptr<const Classifier> bench_classifier();

// --slice-mib N among the arguments after the file name, in bytes (default 64 MiB).
std::uint64_t slice_bytes(int argc, char** argv);

// Classifies the file at `path` in slices of `slice` bytes, each one classify_stream in 8 MiB
// blocks (so the findings of a dense corpus are never held all at once), and hands each slice's
// findings and size to `on_slice`. Returns the exit status: 0, 1 (classification failed) or 2
// (the file cannot be opened); errors are printed.
using SliceFn =
    std::function<void(std::size_t index, const std::vector<Finding>&, std::uint64_t bytes)>;
int classify_slices(const char* path, std::uint64_t slice, const Classifier&, const SliceFn&);

}  // namespace lw::classify::bench
