#pragma once

// Helpers for HTTP probe unit tests (header-only; not used by the probes themselves): building
// HTTP replies around recorded or documented bodies, and answering requests from a replay
// manifest.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/probe.h"
#include "probes/common/test_support.h"

namespace lw::probes::testing {

// A whole HTTP/1.1 response with a correct Content-Length. `headers` are "Name: value\r\n" lines.
inline std::string http_reply(int status, std::string_view reason, std::string_view headers,
                              std::string_view body) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  out += headers;
  out += "content-length: " + std::to_string(body.size()) + "\r\n\r\n";
  out += body;
  return out;
}

inline std::string json_reply(int status, std::string_view body, std::string_view extra = {}) {
  const char* reason = status == 200 ? "OK" : status == 401 ? "Unauthorized" : "Error";
  return http_reply(status, reason,
                    std::string("content-type: application/json\r\n") + std::string(extra), body);
}

// An answer function for run_dialogue (test_support.h): request -> reply bytes.
using Answer = std::function<std::string(const Exchange&)>;

// The request line's target: "GET /x?y HTTP/1.1" -> "/x?y".
inline std::string target_of(const Exchange& e) {
  const auto sp = e.request.find(' ');
  const auto sp2 = e.request.find(' ', sp + 1);
  if (sp == std::string::npos || sp2 == std::string::npos) return {};
  return e.request.substr(sp + 1, sp2 - sp - 1);
}

// Truncates every turn's reply at byte `cut` (for truncation hardening).
inline Transcript truncated(Transcript t, std::size_t turn, std::size_t cut) {
  if (turn < t.size() && cut < t[turn].reply.size()) {
    t[turn].reply.resize(cut);
    t[turn].end = ReplyEnd::closed;
  }
  return t;
}

}  // namespace lw::probes::testing

namespace lw::probes::testing {

// Answers requests the way tests/fakes/replay_server.py does for a manifest (first rule whose
// "prefix" and "contains" both hold; its "reply" file; nothing when no rule matches), so unit
// tests and the lab replay the same documented bytes.
inline Answer manifest_answer(const std::string& manifest_path) {
  const std::string base = manifest_path.substr(0, manifest_path.rfind('/') + 1);
  const auto m = nlohmann::json::parse(read_file(manifest_path), nullptr, false);
  struct Rule {
    std::string prefix, contains, reply;
  };
  auto rules = std::make_shared<std::vector<Rule>>();
  if (m.is_object() && m.contains("rules") && m["rules"].is_array()) {
    for (const auto& r : m["rules"]) {
      rules->push_back(
          {r.value("prefix", ""), r.value("contains", ""), read_file(base + r.value("reply", ""))});
    }
  }
  return [rules](const Exchange& e) {
    for (const auto& r : *rules) {
      if (e.request.starts_with(r.prefix) &&
          (r.contains.empty() || e.request.find(r.contains) != std::string::npos)) {
        return r.reply;
      }
    }
    return std::string();
  };
}

inline std::string transcripts_dir() {
  return std::string(LW_SOURCE_DIR) + "/tests/fakes/transcripts/";
}

}  // namespace lw::probes::testing
