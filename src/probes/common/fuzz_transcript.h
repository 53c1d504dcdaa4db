#pragma once

// Shared body of the HTTP probes' fuzz targets (header-only): the input is split on 0xFF bytes
// into the replies of consecutive turns with the given labels; the probe frames, parses and
// judges them.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/probe.h"

namespace lw::probes::fuzzing {

// With whole exchanges (label, step and subject), for probes that read replies by step.
inline Transcript split_turns(std::string_view input, const std::vector<Exchange>& exchanges) {
  Transcript t;
  std::size_t start = 0;
  for (const auto& exchange : exchanges) {
    const auto end = input.find('\xff', start);
    const auto part = input.substr(start, end == std::string_view::npos ? end : end - start);
    t.push_back(Turn{exchange, std::string(part), ReplyEnd::complete});
    t.back().exchange.max_reply_bytes = 1 << 20;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return t;
}

inline Transcript split_turns(std::string_view input,
                              std::initializer_list<std::string_view> labels) {
  std::vector<Exchange> exchanges;
  for (const auto label : labels) exchanges.push_back(Exchange{std::string(label), "", 1 << 20});
  return split_turns(input, exchanges);
}

inline void exercise_transcript(const Probe& p, std::string_view input, const Transcript& t) {
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

inline void exercise(const Probe& p, std::string_view input,
                     std::initializer_list<std::string_view> labels) {
  exercise_transcript(p, input, split_turns(input, labels));
}

inline void exercise(const Probe& p, std::string_view input,
                     std::initializer_list<Exchange> exchanges) {
  exercise_transcript(p, input, split_turns(input, std::vector<Exchange>(exchanges)));
}

// Drives the probe's own dialogue: the input is split on 0xFF bytes into the replies to the
// exchanges next() asks for (with their steps and subjects; an exchange with a data channel
// takes two parts, its reply and its data), then parses and judges.
inline void exercise_dialogue(const Probe& p, std::string_view input) {
  Transcript t;
  const ProbeOptions o;
  std::size_t start = 0;
  while (start <= input.size() && t.size() < 64) {
    auto ex = p.next(o, t);
    if (!ex) break;
    const auto end = input.find('\xff', start);
    const auto part = input.substr(start, end == std::string_view::npos ? end : end - start);
    (void)p.frame(*ex, part);
    const bool data = ex->data_channel.has_value();
    t.push_back(Turn{std::move(*ex), std::string(part), ReplyEnd::complete});
    if (end == std::string_view::npos) break;
    start = end + 1;
    if (data) {
      // An exchange with a data connection (core/probe.h DataChannel): the next part is what
      // that connection carried.
      const auto data_end = input.find('\xff', start);
      t.back().data = std::string(
          input.substr(start, data_end == std::string_view::npos ? data_end : data_end - start));
      t.back().data_end = DataEnd::closed;
      if (data_end == std::string_view::npos) break;
      start = data_end + 1;
    }
  }
  if (auto obs = p.parse(t)) {
    (void)p.judge(*obs);
    (void)p.samples(*obs, SampleLimits{});
  }
}

}  // namespace lw::probes::fuzzing
