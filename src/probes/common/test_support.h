#pragma once

// Helpers for probe unit tests only (header-only; not part of any library).

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "core/probe.h"

namespace lw::probes::testing {

// Reads a recorded reply from src/probes/<dir>/testdata; empty when missing (the test fails on
// its own assertions then).
inline std::string testdata(std::string_view relative) {
  std::ifstream in(std::string(LW_SOURCE_DIR) + "/src/probes/" + std::string(relative),
                   std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline Turn turn(std::string label, std::string reply, ReplyEnd end = ReplyEnd::complete) {
  Turn t;
  t.exchange.label = std::move(label);
  t.reply = std::move(reply);
  t.end = end;
  return t;
}

// Drives a probe's dialogue against a function that answers each exchange (a recorded
// transcript, a replay of documented bytes). Bounded by max_turns.
template <class Answer>
Transcript run_dialogue(const Probe& probe, const ProbeOptions& options, Answer answer,
                        std::size_t max_turns = 64) {
  Transcript t;
  while (t.size() < max_turns) {
    auto ex = probe.next(options, t);
    if (!ex) break;
    Turn turn_out;
    turn_out.exchange = *ex;
    turn_out.reply = answer(*ex);
    if (turn_out.reply.size() > ex->max_reply_bytes) {
      turn_out.reply.resize(ex->max_reply_bytes);
      turn_out.end = ReplyEnd::cap_reached;
    }
    t.push_back(std::move(turn_out));
  }
  return t;
}

// An answer function for run_dialogue that replays a recorded transcript by exchange label;
// an exchange the recording does not hold gets `missing`.
inline auto replay_by_label(Transcript recorded, std::string missing = {}) {
  return [recorded = std::move(recorded), missing = std::move(missing)](const Exchange& ex) {
    for (const auto& turn : recorded) {
      if (turn.exchange.label == ex.label) return turn.reply;
    }
    return missing;
  };
}

}  // namespace lw::probes::testing
