#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace lw::probes::nats {

// NATS client protocol (https://docs.nats.io/reference/reference-protocols/nats-protocol):
// CRLF-ended control lines; MSG lines carry a byte count and are followed by the payload.

constexpr std::size_t kMaxLine = 64 * 1024;
constexpr std::size_t kMaxPayload = 1 << 20;
constexpr std::size_t kMaxMessages = 100;

struct Message {
  std::string subject;
  std::string payload;
};

struct ServerText {
  std::optional<nlohmann::json> info;  // the INFO object
  std::vector<Message> messages;       // bounded by kMaxMessages
  bool pong = false;
  std::optional<std::string> error;  // -ERR text
  bool complete_line_seen = false;
};

// Reads every whole line (and MSG payload) of `in`. Errors: a line over kMaxLine, a MSG line or
// payload that does not parse, an INFO that is not a JSON object.
Result<ServerText> read_server(std::string_view in);

// Whether `in` holds a whole INFO line (framing of the banner).
bool has_line(std::string_view in) noexcept;

std::string connect_line();

}  // namespace lw::probes::nats
