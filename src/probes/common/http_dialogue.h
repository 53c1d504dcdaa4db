#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/probe.h"
#include "probes/common/http.h"
#include "probes/common/json_bounded.h"

// Pieces shared by the HTTP/JSON data-service probes (Elasticsearch, CouchDB, etcd, ...). The
// request builder and framing are http.h; this adds POST, URL encoding, transcript look-ups and
// the common verdict rules.
namespace lw::probes::http {

// "host[:port]" for the Host header, from the options (localhost when no name was given).
std::string host_header(const ProbeOptions& options);

// A POST with a JSON (or other) body. Only used for read-only query endpoints whose API
// takes its query as a body (etcd range, Qdrant scroll, Chroma get).
std::string post_request(std::string_view path, std::string_view host, std::string_view body,
                         std::string_view content_type = "application/json");
Exchange post_exchange(std::string label, std::string_view path, std::string_view body,
                       const ProbeOptions& options, std::uint32_t max_reply_bytes);

// GET with an explicit label (the default label is "GET <path>").
Exchange labelled_get(std::string label, std::string_view path, const ProbeOptions& options,
                      std::uint32_t max_reply_bytes, std::string_view extra_headers = {});

// Percent-encodes everything but RFC 3986 unreserved characters (for a path segment or a
// query value).
std::string url_encode(std::string_view text);

// The turn whose exchange has this label, or nullptr (older probes; new code reads by step).
const Turn* find_turn(const Transcript& t, std::string_view label);
// Number of turns whose label starts with `prefix`.
std::size_t count_turns(const Transcript& t, std::string_view prefix);

// One HTTP reply with its JSON body, when the body is JSON within the caps.
struct JsonReply {
  Response response;
  std::optional<nlohmann::json> body;  // nullopt: no body, not JSON, or over a cap
  std::optional<Error> json_error;     // why body is nullopt when the body looked like JSON
                                       // (malformed, over a cap, or cut short: truncated)
};
// Error only when the reply is not HTTP at all.
Result<JsonReply> json_reply(const Turn& turn, json::Limits limits = {});

// The reply's status, or 0 when the turn is missing or not HTTP.
int status_of(const Transcript& t, std::string_view label);

// Kept for probes written against it: the one verdict rule, verdict_from_facts (core/access.h).
// New code calls verdict_from_facts directly.
Verdict judge_common(const Observation& obs);

// Frames any HTTP reply (http::frame_response).
Framing frame_http(std::string_view reply);

}  // namespace lw::probes::http
