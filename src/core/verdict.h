#pragma once

#include <string>
#include <string_view>

namespace lw {

// How the conversation with the service ended (the first axis of an outcome).
enum class Outcome {
  success,            // the dialogue ran to its end
  refused,            // connection refused: the port is closed
  timeout,            // connect, read or the session budget ran out
  closed,             // the peer closed before the dialogue ended
  reset,              // the peer reset the connection
  tls_error,          // the TLS handshake failed
  protocol_mismatch,  // the peer answered in another protocol
  app_error,          // the service answered with an application error
  cap_exceeded,       // a reply went past its byte cap
};

// What the conversation proved (the second axis).
enum class VerdictKind {
  open,               // an unauthenticated client was granted access a secured config refuses
  auth_required,      // the service is identified and refused to serve data without credentials
  unknown,            // the service is identified, but the replies do not settle it
  not_this_protocol,  // the probe does not speak to this service
  error,              // the probe could not conclude (see reason)
};

// What kind of evidence a verdict rests on.
enum class EvidenceKind {
  none,
  identity,  // we know what the service is
  read,      // we read data that only an authorised client should see
  access,    // access was granted (privileged login, data command answered) but nothing was
             // read: the store was empty or the budget ended first
};

struct Verdict {
  VerdictKind kind = VerdictKind::unknown;
  std::string reason;  // one line a person reads: "INFO answered without AUTH"
  EvidenceKind evidence = EvidenceKind::none;
  std::string proof;  // label of the exchange that proved it: "SCAN 0 COUNT 100"
};

std::string_view to_string(Outcome) noexcept;
std::string_view to_string(VerdictKind) noexcept;
std::string_view to_string(EvidenceKind) noexcept;
bool parse_verdict_kind(std::string_view, VerdictKind&) noexcept;

}  // namespace lw
