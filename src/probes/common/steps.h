#pragma once

// Exchange::step for a probe's own step enum: each probe numbers its steps with an enum of its
// own and reads replies by step (and Exchange::subject), never by the text of the label, which
// is for people only (docs/probes.md, STYLE.md).

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/probe.h"

namespace lw::probes {

template <typename Step>
requires std::is_enum_v<Step>
constexpr std::uint32_t step_id(Step s) {
  return static_cast<std::uint32_t>(s);
}

template <typename Step>
requires std::is_enum_v<Step>
constexpr bool is_step(const Exchange& e, Step s) {
  return e.step == step_id(s);
}

// The exchange with its step and subject set.
inline Exchange with_step(Exchange e, std::uint32_t step, std::string subject = {}) {
  e.step = step;
  e.subject = std::move(subject);
  return e;
}

// The first turn of this step, or nullptr.
inline const Turn* find_step(const Transcript& t, std::uint32_t step) {
  for (const auto& turn : t) {
    if (turn.exchange.step == step) return &turn;
  }
  return nullptr;
}

// The first turn of this step about this subject, or nullptr.
inline const Turn* find_step(const Transcript& t, std::uint32_t step, std::string_view subject) {
  for (const auto& turn : t) {
    if (turn.exchange.step == step && turn.exchange.subject == subject) return &turn;
  }
  return nullptr;
}

}  // namespace lw::probes
