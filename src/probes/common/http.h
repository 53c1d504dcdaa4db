#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/probe.h"
#include "core/result.h"

namespace lw::probes::http {

struct Response {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;                                          // de-chunked
  bool truncated = false;  // the reply ended (cap, close) before the declared body did

  // First header with this (lower-case) name.
  std::optional<std::string_view> header(std::string_view lower_name) const;
};

// "GET /path HTTP/1.1" with Host, a fixed User-Agent, Accept and Connection: close (or
// keep-alive when a dialogue sends several requests on one connection).
std::string get_request(std::string_view path, std::string_view host, bool keep_alive = true,
                        std::string_view extra_headers = {});

// Whether `reply` holds one whole response (headers and the body that Content-Length or
// chunked encoding declares). A response with neither ends when the peer closes.
Framing frame_response(std::string_view reply);

// Parses one response. Bounded: at most kMaxHeaders headers of kMaxHeaderBytes in all.
Result<Response> parse_response(std::string_view reply);

constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
constexpr std::size_t kMaxHeaders = 100;

// An exchange for one GET on a dialogue: label "GET <path>".
Exchange get_exchange(std::string_view path, const ProbeOptions& options,
                      std::uint32_t max_reply_bytes);

}  // namespace lw::probes::http
