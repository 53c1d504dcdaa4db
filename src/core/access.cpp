#include "core/access.h"

namespace lw {

Verdict decide_verdict(const AccessFacts& f) {
  if (!f.identified) {
    return {VerdictKind::not_this_protocol, f.note.empty() ? "not this service" : f.note,
            EvidenceKind::none, ""};
  }
  const bool corroborated = !f.markers || *f.markers >= kMarkersForRead;
  if (f.records_read && corroborated) {
    return {VerdictKind::open, f.note, EvidenceKind::read, f.proof};
  }
  if (f.privileged_login_accepted || (f.data_command_accepted && !f.auth_demanded)) {
    return {VerdictKind::open, f.note, EvidenceKind::access, f.proof};
  }
  if (f.auth_demanded) return {VerdictKind::auth_required, f.note, EvidenceKind::identity, f.proof};
  return {VerdictKind::unknown, f.note, EvidenceKind::identity, f.proof};
}

}  // namespace lw
