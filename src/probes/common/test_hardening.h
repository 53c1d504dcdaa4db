#pragma once

// Hardening checks every HTTP data-service probe runs in its unit tests (header-only, GoogleTest).
// Each takes the probe and a function that answers its requests as the real product would.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/bytes.h"
#include "probes/common/test_transcript.h"

namespace lw::probes::testing {

// Parse and judge a transcript; an Error is a bounded failure, never a crash.
inline VerdictKind verdict_of(const Probe& p, const Transcript& t, std::string* proof = nullptr) {
  auto obs = p.parse(t);
  if (!obs) return VerdictKind::error;
  const Verdict v = p.judge(*obs);
  if (proof != nullptr) *proof = v.proof;
  return v.kind;
}

// Cutting the proving reply at any byte must not still prove `open` by that reply.
inline void expect_truncation_never_proves(const Probe& p, const Transcript& full) {
  std::string proof;
  ASSERT_EQ(verdict_of(p, full, &proof), VerdictKind::open);
  std::size_t turn = full.size();
  for (std::size_t i = 0; i < full.size(); ++i) {
    if (full[i].exchange.label == proof) turn = i;
  }
  ASSERT_LT(turn, full.size());
  const std::size_t len = full[turn].reply.size();
  const std::size_t step = len > 4000 ? len / 2000 : 1;
  for (std::size_t cut = 0; cut < len; cut += step) {
    // A cut the framing still calls complete (the last CRLF of a chunked body) is a whole reply.
    if (p.frame(full[turn].exchange, std::string_view(full[turn].reply).substr(0, cut)) ==
        Framing::complete) {
      continue;
    }
    std::string cut_proof;
    const auto kind = verdict_of(p, truncated(full, turn, cut), &cut_proof);
    if (kind == VerdictKind::open) {
      EXPECT_NE(cut_proof, proof) << "cut at " << cut;
    }
  }
  // Every other turn, cut anywhere: no crash (checked by sanitizers), an answer either way.
  // Each byte of a reply's first 32, then 64 cuts spread over the rest: a walk of dozens of
  // turns, each cut re-parsed whole, stays within seconds under the sanitizers.
  for (std::size_t i = 0; i < full.size(); ++i) {
    const std::size_t n = full[i].reply.size();
    for (std::size_t cut = 0; cut < n;
         cut += cut < 32 ? 1 : std::max<std::size_t>(1, (n - 32) / 64)) {
      (void)verdict_of(p, truncated(full, i, cut));
    }
  }
}

// Answers every request the same way and expects the probe not to call it its product.
inline void expect_not_identified(const Probe& p, const std::string& reply) {
  ProbeOptions o;
  const auto t = run_dialogue(p, o, [&](const Exchange&) { return reply; });
  auto obs = p.parse(t);
  if (obs) {
    EXPECT_FALSE(obs->identified) << printable(reply.substr(0, 80));
    EXPECT_NE(p.judge(*obs).kind, VerdictKind::open);
  }
}

// The generic look-alikes and hostile replies no HTTP data-service probe may call open.
inline void expect_survives_hostile_replies(const Probe& p) {
  // An HTTP server answering 200 to everything (a catch-all page, then a JSON catch-all).
  expect_not_identified(p, http_reply(200, "OK", "content-type: text/html\r\n",
                                      "<html><body>It works!</body></html>"));
  expect_not_identified(p, json_reply(200, R"({"status":"ok","result":[],"data":{}})"));
  expect_not_identified(p, json_reply(200, "[]"));
  // Another protocol altogether.
  expect_not_identified(p, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
  expect_not_identified(p, "-ERR unknown command 'GET'\r\n");
  expect_not_identified(p, "");
  // Deep nesting, a lying Content-Length, chunked garbage, a huge chunk size.
  expect_not_identified(p, json_reply(200, std::string(200000, '[') + std::string(200000, ']')));
  expect_not_identified(p, "HTTP/1.1 200 OK\r\ncontent-length: 999999999999\r\n\r\n{\"a\":");
  expect_not_identified(p, "HTTP/1.1 200 OK\r\ncontent-length: -5\r\n\r\n{}");
  expect_not_identified(
      p, "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
  expect_not_identified(p,
                        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nffffffffffff\r\n{}");
  expect_not_identified(p, "HTTP/1.1 200 OK\r\n" + std::string(20000, 'x'));
  expect_not_identified(p,
                        "HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Basic realm=\"x\"\r\n"
                        "content-length: 0\r\n\r\n");
}

}  // namespace lw::probes::testing
