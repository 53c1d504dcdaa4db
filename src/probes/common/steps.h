#pragma once

// Exchange::step for a probe's own step enum: each probe numbers its steps with an enum of its
// own and reads replies by step (and Exchange::subject), never by the text of the label, which
// is for people only (docs/probes.md, STYLE.md).

#include <cstdint>
#include <type_traits>

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

}  // namespace lw::probes
