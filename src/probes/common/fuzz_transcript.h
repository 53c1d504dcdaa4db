#pragma once

// Shared body of the HTTP probes' fuzz targets (header-only): the input is split on 0xFF bytes
// into the replies of consecutive turns with the given labels; the probe frames, parses and
// judges them.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/probe.h"

namespace lw::probes::fuzzing {

inline Transcript split_turns(std::string_view input,
                              std::initializer_list<std::string_view> labels) {
  Transcript t;
  std::size_t start = 0;
  for (const auto label : labels) {
    const auto end = input.find('\xff', start);
    const auto part = input.substr(start, end == std::string_view::npos ? end : end - start);
    t.push_back(
        Turn{Exchange{std::string(label), "", 1 << 20}, std::string(part), ReplyEnd::complete});
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return t;
}

inline void exercise(const Probe& p, std::string_view input,
                     std::initializer_list<std::string_view> labels) {
  const Transcript t = split_turns(input, labels);
  auto obs = p.parse(t);
  if (obs) {
    (void)p.judge(*obs);
    (void)p.samples(*obs, SampleLimits{});
  }
  (void)p.frame(t.front().exchange, input);
  ProbeOptions o;
  for (std::size_t i = 0; i <= t.size(); ++i) {
    const Transcript prefix(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(i));
    (void)p.next(o, prefix);
  }
}

}  // namespace lw::probes::fuzzing
