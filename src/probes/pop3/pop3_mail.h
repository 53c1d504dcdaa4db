#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/probe.h"
#include "probes/common/mail_select.h"

namespace lw::probes::pop3 {

// The POP3 probe's steps (Exchange::step): replies are read by step, never by label.
enum class Step : std::uint32_t {
  banner = 1,
  capa,
  auth,
  auth_trace,
  stat,
  list,
  uidl,
  headers,  // TOP n 0 for a batch of messages (pipelined when the server offers PIPELINING)
  body,     // RETR n (a message up to kBodyBytes) or TOP n kBodyLines; subject: n
};

constexpr std::uint64_t kMaxHeaders = 2'000;       // messages whose headers are read
constexpr std::uint64_t kPipelinedBatch = 200;     // TOP commands per exchange with PIPELINING
constexpr std::uint64_t kUnpipelinedHeaders = 40;  // without PIPELINING, one per exchange
constexpr std::size_t kMaxBodies = 12;
constexpr std::uint64_t kBodyBytes = 64 * 1024;  // RETR only for messages up to this size
constexpr std::uint32_t kBodyLines = 500;        // else TOP n 500
constexpr std::uint32_t kListCap = 1024 * 1024;
constexpr std::uint64_t kMaxListed = 5'000;  // LIST and UIDL only for mailboxes up to this
constexpr std::uint32_t kHeadersCap = 1024 * 1024;
constexpr std::uint32_t kBodyCap = 256 * 1024;

// What the mail part of a logged-in transcript says so far.
struct MailState {
  std::optional<std::uint64_t> count;  // STAT
  std::optional<std::uint64_t> octets;
  std::vector<std::uint64_t> sizes;  // LIST, by message number - 1 (mailboxes up to kMaxListed)
  bool pipelining = false;
  std::uint64_t first = 0;   // first message number whose headers are read
  std::uint64_t batch = 1;   // TOP commands per headers exchange
  std::uint64_t wanted = 0;  // headers to read
  std::size_t header_turns = 0;
  std::vector<MailHeaders> messages;  // headers read (folder INBOX, id = message number)
  std::vector<std::string> problems;
  bool stop = false;  // a reply ended early: the stream is out of step
};

MailState mail_state(const Transcript& t, bool pipelining);

// The next exchange after login (STAT, LIST, UIDL, header batches, bodies); nullopt when done.
std::optional<Exchange> next_mail_exchange(const MailState& s, const Transcript& t,
                                           const ProbeOptions& options);

// Fills `obs` from a logged-in transcript: counts, coverage (metadata.sampling), problems, the
// bodies as "email" samples, data_read and its proof.
void read_mail(const Transcript& t, bool pipelining, Observation& obs);

}  // namespace lw::probes::pop3
