#include "core/verdict.h"

namespace lw {

std::string_view to_string(Outcome o) noexcept {
  switch (o) {
    case Outcome::success:
      return "success";
    case Outcome::refused:
      return "refused";
    case Outcome::timeout:
      return "timeout";
    case Outcome::closed:
      return "closed";
    case Outcome::reset:
      return "reset";
    case Outcome::tls_error:
      return "tls_error";
    case Outcome::protocol_mismatch:
      return "protocol_mismatch";
    case Outcome::app_error:
      return "app_error";
    case Outcome::cap_exceeded:
      return "cap_exceeded";
  }
  return "app_error";
}

std::string_view to_string(VerdictKind v) noexcept {
  switch (v) {
    case VerdictKind::open:
      return "open";
    case VerdictKind::auth_required:
      return "auth_required";
    case VerdictKind::unknown:
      return "unknown";
    case VerdictKind::not_this_protocol:
      return "not_this_protocol";
    case VerdictKind::error:
      return "error";
  }
  return "error";
}

std::string_view to_string(EvidenceKind e) noexcept {
  switch (e) {
    case EvidenceKind::none:
      return "none";
    case EvidenceKind::identity:
      return "identity";
    case EvidenceKind::read:
      return "read";
    case EvidenceKind::access:
      return "access";
  }
  return "none";
}

bool parse_verdict_kind(std::string_view s, VerdictKind& out) noexcept {
  for (auto v : {VerdictKind::open, VerdictKind::auth_required, VerdictKind::unknown,
                 VerdictKind::not_this_protocol, VerdictKind::error}) {
    if (to_string(v) == s) {
      out = v;
      return true;
    }
  }
  return false;
}

}  // namespace lw
