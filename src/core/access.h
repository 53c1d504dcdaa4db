#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/verdict.h"

namespace lw {

// What an unauthenticated client can do to a service: typed facts a probe sets from what its
// protocol proves (the Docker Engine API runs containers: exec), never inferred from names.
struct Capabilities {
  bool read = false;   // read records
  bool write = false;  // create, change or delete records
  bool exec = false;   // run code on the host (Docker API, Kubernetes API, Jupyter kernels)
  bool operator==(const Capabilities&) const = default;
};

// Markers of a protocol that corroborate a read: a probe that counts them needs this many
// independent ones (e.g. INFO carried redis_version AND SCAN answered [cursor, keys]) before
// records it read count as `read` evidence.
constexpr std::uint32_t kMarkersForRead = 2;

// The typed facts decide_verdict() reads. A probe fills them from its replies; it never
// decides the verdict itself. docs/probes.md ("What open means") states the rule.
struct AccessFacts {
  bool identified = false;                 // the replies are this probe's protocol
  bool auth_demanded = false;              // a login or data request was refused for credentials
  bool privileged_login_accepted = false;  // a privileged account logged in with no password
                                           // (PostgreSQL trust, MySQL root with an empty one)
  bool data_command_accepted = false;      // a data command a secured configuration refuses
                                           // was answered (Redis INFO, Memcached stats, ...)
  bool records_read = false;               // records were read without credentials
  // Independent protocol markers seen, for probes that count them; nullopt for probes whose
  // identification already rests on the reply's structure (an HTTP JSON API).
  std::optional<std::uint32_t> markers;
  std::string proof;  // label of the exchange that proved the outcome
  std::string note;   // one line a person reads
};

// The one verdict rule, in order:
//   1. not identified                                   -> not_this_protocol (evidence none)
//   2. records read, and corroborated by >= kMarkersForRead markers when the probe counts them
//                                                       -> open (evidence read)
//   3. a privileged login without a password was accepted -> open (evidence access)
//   4. a data command was answered and nothing was refused for credentials
//                                                       -> open (evidence access)
//   5. credentials were demanded                        -> auth_required (evidence identity)
//   6. otherwise: the replies do not settle it          -> unknown (evidence identity)
// What a correctly secured service shows anyone by design (a banner, a module list, the root
// znode) is not a data command: a probe leaves data_command_accepted false for it.
Verdict decide_verdict(const AccessFacts& facts);

}  // namespace lw
