#pragma once

// Helpers for probe unit tests only (header-only; not part of any library): reading recorded
// dialogues, and running a probe's dialogue against a function that answers each exchange, with
// the same reply cap the engine applies.

#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/probe.h"
#include "transcript_io.h"

namespace lw::probes::testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Reads a recorded reply from src/probes/<dir>/testdata; empty when missing (the test fails on
// its own assertions then).
inline std::string testdata(std::string_view relative) {
  return read_file(std::string(LW_SOURCE_DIR) + "/src/probes/" + std::string(relative));
}

// A recorded dialogue (an LWT1 transcript, tests/fakes/transcript_io.h) from
// src/probes/<relative>; a file that cannot be read fails the calling test.
inline Transcript recorded(std::string_view relative) {
  auto t = lw::testing::load_transcript(std::string(LW_SOURCE_DIR) + "/src/probes/" +
                                        std::string(relative));
  if (!t) {
    ADD_FAILURE() << relative << ": " << t.error().describe();
    return {};
  }
  return *std::move(t);
}

inline Turn turn(std::string label, std::string reply, ReplyEnd end = ReplyEnd::complete) {
  Turn t;
  t.exchange.label = std::move(label);
  t.reply = std::move(reply);
  t.end = end;
  return t;
}

// Drives a probe's dialogue against a function that answers each exchange (a recorded
// transcript, a replay of documented bytes), cutting each reply at the exchange's cap. Bounded
// by max_turns.
template <class Answer>
Transcript run_dialogue(const Probe& probe, const ProbeOptions& options, Answer answer,
                        std::size_t max_turns = 64) {
  Transcript t;
  while (t.size() < max_turns) {
    auto ex = probe.next(options, t);
    if (!ex) break;
    Turn turn_out;
    turn_out.exchange = *ex;
    auto answered = answer(*ex);
    if constexpr (std::is_same_v<std::decay_t<decltype(answered)>, Turn>) {
      // An answer that is a whole turn also carries what a data connection delivered.
      turn_out.reply = std::move(answered.reply);
      if (ex->data_channel) {
        turn_out.data = std::move(answered.data);
        turn_out.data_end = answered.data_end;
        if (turn_out.data.size() > ex->data_channel->max_bytes) {
          turn_out.data.resize(ex->data_channel->max_bytes);
          turn_out.data_end = DataEnd::cap_reached;
        }
      }
    } else {
      turn_out.reply = std::move(answered);
    }
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

// Like replay_by_label, answering whole turns: the reply and what the turn's data connection
// carried (core/probe.h DataChannel). An exchange the recording does not hold gets an empty
// reply, and a data connection that was never made.
inline auto replay_turns_by_label(Transcript recorded) {
  return [recorded = std::move(recorded)](const Exchange& ex) {
    for (const auto& turn : recorded) {
      if (turn.exchange.label == ex.label) return turn;
    }
    Turn missing;
    missing.data_end = ex.data_channel ? DataEnd::not_connected : DataEnd::none;
    return missing;
  };
}

enum class ReplayCheck { requests, requests_and_framing };

// Replays a recorded dialogue against the probe: before each turn it must ask for exactly the
// recorded exchange (label and request bytes), and after the last one it must stop. With
// requests_and_framing it must also frame each recorded reply as complete and the reply less its
// last byte as need_more.
inline void expect_replays(const Probe& probe, const ProbeOptions& options,
                           const Transcript& recorded, ReplayCheck check) {
  ASSERT_FALSE(recorded.empty());
  for (std::size_t i = 0; i < recorded.size(); ++i) {
    const Transcript before(recorded.begin(), recorded.begin() + static_cast<std::ptrdiff_t>(i));
    const auto ex = probe.next(options, before);
    ASSERT_TRUE(ex) << "turn " << i;
    EXPECT_EQ(ex->label, recorded[i].exchange.label) << "turn " << i;
    EXPECT_EQ(ex->request, recorded[i].exchange.request) << "turn " << i;
    if (check == ReplayCheck::requests_and_framing) {
      const std::string& reply = recorded[i].reply;
      EXPECT_EQ(probe.frame(*ex, reply), Framing::complete) << "turn " << i;
      EXPECT_EQ(probe.frame(*ex, reply.substr(0, reply.size() - 1)), Framing::need_more)
          << "turn " << i;
    }
  }
  EXPECT_FALSE(probe.next(options, recorded)) << "the probe goes on after the recording ends";
}

enum class CutParse { may_fail, must_succeed };

// Cuts each turn's reply of a whole dialogue at every byte (dropping the turns after it; the cut
// reply ends as `end`, or as recorded when nullopt) and asks the probe for its next exchange, the
// framing, the observation and the verdict: nothing may crash or overrun (the sanitizers check),
// and a cut in one of the first `never_open_before` turns must not prove a read (evidence
// `read`). Access proven by complete messages before the cut (an AuthenticationOk, an INFO
// answer) may still make the service `open` with evidence `access`.
inline void expect_truncation_safe(const Probe& probe, const Transcript& full,
                                   std::size_t never_open_before,
                                   std::optional<ReplyEnd> end = std::nullopt,
                                   CutParse parse = CutParse::may_fail) {
  ASSERT_FALSE(full.empty());
  for (std::size_t i = 0; i < full.size(); ++i) {
    for (std::size_t n = 0; n < full[i].reply.size(); ++n) {
      Transcript t(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      t.back().reply.resize(n);
      if (end) t.back().end = *end;
      (void)probe.next(ProbeOptions{}, t);
      (void)probe.frame(t.back().exchange, t.back().reply);
      auto obs = probe.parse(t);
      if (parse == CutParse::must_succeed) {
        ASSERT_TRUE(obs) << "turn " << i << " cut at " << n;
      }
      if (!obs) continue;
      const Verdict v = probe.judge(*obs);
      if (i < never_open_before) {
        EXPECT_NE(v.evidence, EvidenceKind::read) << "turn " << i << " cut at " << n;
      }
    }
  }
}

// A transcript whose turns carry the step and subject the probe itself gives each exchange: for
// every turn, the probe is asked for its next exchange after the turns before it, and when that
// exchange has the recorded label its step and subject are copied. Recorded files (LWT1) and
// hand-built turns hold labels only; the probes read replies by step.
inline Transcript with_steps(const Probe& probe, Transcript t, const ProbeOptions& options = {}) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Transcript before(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(i));
    const auto ex = probe.next(options, before);
    if (!ex || ex->label != t[i].exchange.label) continue;
    t[i].exchange.step = ex->step;
    t[i].exchange.subject = ex->subject;
  }
  return t;
}

}  // namespace lw::probes::testing
