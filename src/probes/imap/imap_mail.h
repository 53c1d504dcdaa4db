#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/probe.h"
#include "probes/common/mail_select.h"
#include "probes/imap/imap_fetch.h"

namespace lw::probes::imap {

// The IMAP probe's steps (Exchange::step): replies are read by step and subject (the folder).
enum class Step : std::uint32_t {
  banner = 1,
  capability,
  auth,
  auth_trace,
  list,
  examine,   // EXAMINE <folder>: read-only select, for its headers
  headers,   // FETCH lo:hi (UID RFC822.SIZE ENVELOPE BODYSTRUCTURE)
  reselect,  // EXAMINE <folder> again, for the bodies chosen in it
  bodies,    // UID FETCH uids (BODY.PEEK[]<0.kBodyBytes>)
};

constexpr std::size_t kMaxFolders = 12;             // folders visited (sampler order)
constexpr std::size_t kMaxListedFolders = 1'000;    // LIST entries read
constexpr std::uint64_t kMaxHeaders = 2'000;        // message headers read per service
constexpr std::uint64_t kHeaderChunk = 400;         // messages per header FETCH
constexpr std::size_t kMaxBodies = 12;              // message bodies read per service
constexpr std::uint32_t kBodyBytes = 64 * 1024;     // per message: BODY.PEEK[]<0.65536>
constexpr std::uint32_t kHeadersCap = 1024 * 1024;  // reply cap of one header FETCH
constexpr std::uint32_t kBodiesCap = 1024 * 1024;   // reply cap of one body FETCH
constexpr std::size_t kMaxFolderNameBytes = 256;

// One visited folder.
struct Folder {
  std::string name;
  bool examined = false;             // EXAMINE answered OK
  std::uint64_t exists = 0;          // messages it holds
  std::uint64_t headers_wanted = 0;  // plan_headers' share
  std::uint64_t headers_read = 0;
  std::size_t header_turns = 0;
};

// What the mail part of a transcript says so far, derived from it (never from labels).
struct MailState {
  std::size_t listed = 0;             // selectable folders LIST named (<= kMaxListedFolders)
  std::vector<Folder> visit;          // the folders to visit, in order (<= kMaxFolders)
  std::vector<MailHeaders> messages;  // headers read, in reading order
  std::vector<std::string> problems;  // bounded: replies over a cap, malformed replies
  bool stop = false;  // a reply ended early (cap, timeout): the stream is out of step
};

MailState mail_state(const Transcript& t);

// The bodies to read: (folder, UIDs) in reading order, from plan_bodies over the headers read.
struct BodyBatch {
  std::string folder;
  std::vector<std::uint64_t> uids;
};
std::vector<BodyBatch> plan_body_batches(const MailState& s, std::size_t budget);

// The next mail exchange after login: LIST, the visits (EXAMINE, header FETCHes), then the
// bodies (EXAMINE, UID FETCH). nullopt when done. `tag` is the command tag to use.
std::optional<Exchange> next_mail_exchange(const MailState& s, const Transcript& t,
                                           const ProbeOptions& options);

// A mailbox name as an IMAP quoted string; nullopt for a name that cannot be quoted (control
// bytes, over kMaxFolderNameBytes).
std::optional<std::string> quote_mailbox(std::string_view name);

}  // namespace lw::probes::imap

namespace lw::probes::imap {

// Fills `obs` from the mail part of a logged-in transcript: the folders visited and their
// counts, the coverage note (metadata.sampling), problems, the bodies as "email" samples (the
// classifier decodes MIME and attachments), record_count, data_read and its proof.
void read_mail(const Transcript& t, Observation& obs);

}  // namespace lw::probes::imap
