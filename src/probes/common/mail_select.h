#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/probe.h"
#include "probes/common/sampler.h"

namespace lw::probes {

// Mail sampling (docs/sampling.md, "Mail"): the headers of many messages, the bodies of a few,
// chosen by the shared sampler. The IMAP probe fills MailHeaders from ENVELOPE and
// BODYSTRUCTURE, the POP3 probe from the header block `TOP n 0` returns.

constexpr std::size_t kMaxMailHeaderBytes = 256;  // subject and from are cut to this
constexpr std::uint32_t kManyRecipients = 10;     // To + Cc at least this: a mass mailing

struct MailHeaders {
  std::string folder;             // IMAP mailbox ("INBOX" for POP3): the sampler's group
  std::uint64_t id = 0;           // IMAP UID or POP3 message number
  std::uint64_t size = 0;         // RFC822.SIZE / LIST octets
  std::string subject;            // cut to kMaxMailHeaderBytes
  std::string from;               // "name mailbox@host", cut to kMaxMailHeaderBytes
  std::uint32_t recipients = 0;   // addresses in To and Cc
  std::uint32_t attachments = 0;  // parts with a filename or disposition attachment
  bool multipart_mixed = false;   // top-level multipart/mixed (POP3: what hints at attachments)
};

// Whether a subject carries a classification banner or marking: CUI, FOUO, NOFORN,
// "UNCLASSIFIED//", "SECRET//", "CONFIDENTIAL//", "TOP SECRET" (whole tokens, any case).
bool classification_banner(std::string_view subject) noexcept;

// What a message's headers add to the name score of its subject and sender: 4 for a
// classification banner, 3 for an attachment (2 for multipart/mixed without a seen
// attachment), 3 for kManyRecipients or more recipients (1 for 5 or more).
int mail_extra_score(const MailHeaders& m) noexcept;

// Messages whose bodies to read, at most `budget`, best first: the shared sampler over the
// subject and sender (name score) plus mail_extra_score, grouped by folder.
SamplePlan plan_bodies(std::span<const MailHeaders> messages, std::size_t budget);

// Headers from an RFC 5322 header block (as `TOP n 0` returns it; unfolded, bounded): Subject,
// From, the addresses of To and Cc, and Content-Type multipart/mixed.
MailHeaders parse_header_block(std::string_view block);

// How many addresses an address list holds ('@' outside quotes and comments), at most 10,000.
std::uint32_t count_addresses(std::string_view list) noexcept;

// How many headers to read in each folder, in visiting order: folder i gets
// min(exists[i], budget left / folders left), so small folders are read whole and what they
// leave goes to the folders after them; `folders` is the number that will be visited (at least
// exists.size(): the counts of later folders may not be known yet).
std::vector<std::uint64_t> plan_headers(std::span<const std::uint64_t> exists, std::size_t folders,
                                        std::uint64_t budget);

// Problems a mail probe names in metadata.problems: at most kMaxMailProblems, each
// "<exchange label>: <what>" cut to 160 printable bytes.
constexpr std::size_t kMaxMailProblems = 8;
void note_problem(std::vector<std::string>& problems, const Turn& turn, std::string_view what);
// Notes "reply ended early (<end>, <n> bytes)" for a turn whose reply did not end complete;
// true when it did not (what follows on the connection is out of step).
bool note_cut_reply(std::vector<std::string>& problems, const Turn& turn);

// What both mail probes report once headers and bodies are read: metadata
// messages_headers_read, messages_bodies_read, messages_flagged (a banner, an attachment or many
// recipients), problems; data_read when a header or body was read, and then, when no body gave
// the proof, `headers` (the first headers exchange) names it.
void report_mail(Observation& obs, std::span<const MailHeaders> messages, std::size_t bodies,
                 const std::vector<std::string>& problems, const Turn* headers);

}  // namespace lw::probes
