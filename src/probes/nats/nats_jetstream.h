#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/probe.h"
#include "probes/common/steps.h"

namespace lw::probes::nats {

// JetStream, read-only, over the JetStream API's request-reply subjects
// (https://docs.nats.io/reference/reference-protocols/nats_api_reference): one subscription on
// kInbox, then $JS.API.STREAM.LIST (streams with their subjects and state), $JS.API.STREAM.INFO
// with a subjects_filter (the subjects a stream holds, with counts) and $JS.API.STREAM.MSG.GET
// with {"last_by_subj": ...} (a stored message by subject). A get neither consumes nor acks;
// no consumer is created, nothing is published to a stream subject, nothing purged or deleted.

constexpr std::string_view kInbox = "_INBOX.leakwatch";  // fixed: transcripts replay byte-exact
constexpr std::uint32_t kListCap = 512 * 1024;           // the stream list reply
constexpr std::uint32_t kSubjectsCap = 1024 * 1024;      // one stream's subject counts
constexpr std::uint32_t kMessagesCap = 1024 * 1024;      // one batch of gets (the byte budget)
constexpr std::size_t kMaxApiReply = 1024 * 1024;        // one API reply's payload
constexpr std::size_t kMaxStreamsKept = 256;             // streams kept from the list
constexpr std::size_t kMaxStreamsRead = 8;               // streams whose subjects are listed
constexpr std::size_t kMaxSubjectsKept = 2000;  // subjects kept per stream; a stream with more
                                                // (state.num_subjects) is not listed: its last
                                                // messages are read by sequence
constexpr std::size_t kMaxReads = 40;           // messages read in all
constexpr std::size_t kReadsPerExchange = 20;
constexpr std::size_t kMaxNameBytes = 255;  // stream names and subjects used in a request

// The probe's steps (Exchange::step); a reply is read by its step, never by its label.
enum class Step : std::uint32_t { info = 0, subscribe, streams, subjects, messages };

struct Stream {
  std::string name;
  std::vector<std::string> config_subjects;  // e.g. "orders.>"
  std::uint64_t messages = 0;
  std::uint64_t bytes = 0;
  std::uint64_t last_seq = 0;
  std::uint64_t num_subjects = 0;  // state.num_subjects (0: not reported)
  bool subjects_asked = false;
  bool subjects_listed = false;
  std::uint64_t subjects_total = 0;  // distinct subjects the server reported
  std::vector<std::pair<std::string, std::uint64_t>> subjects;  // <= kMaxSubjectsKept
};

struct StoredMessage {
  std::string label;  // the exchange that read it
  std::string stream;
  std::string subject;
  std::uint64_t seq = 0;
  std::string data;  // decoded, at most kMaxApiReply
};

struct JetStream {
  bool asked = false;     // the stream list was requested
  bool answered = false;  // the JetStream API answered (a list, not an error)
  std::string answer_label;
  std::uint64_t streams_total = 0;
  std::vector<Stream> streams;
  std::vector<StoredMessage> messages;
  std::size_t reads_sent = 0;
  std::size_t exchanges = 0;  // JetStream exchanges so far
  bool stopped = false;       // a reply was cut or unreadable: no further request
  std::vector<std::string> notes;
};

// The JetStream part of a transcript: the turns after the CONNECT/SUB exchange (t[2] on).
JetStream analyse_jetstream(const Transcript& t);

// The next JetStream request, or nullopt when done. `t` holds INFO and the CONNECT/SUB turn.
std::optional<Exchange> next_jetstream(const ProbeOptions& options, const Transcript& t,
                                       const JetStream& js);

// Whether a JetStream exchange's reply is whole: one MSG on kInbox per request sent, or -ERR.
bool jetstream_reply_complete(const Exchange& exchange, std::string_view reply);

// One stored message to read: the last on `subject`, or (no subject list) the one at `seq`.
struct Pick {
  const Stream* stream = nullptr;
  std::string subject;
  std::uint64_t seq = 0;
};

// The messages to read, in order (the shared sampler: sensitive stream and subject names first,
// stratified over streams and subject prefixes), at most `budget`.
std::vector<Pick> choose_messages(const JetStream& js, std::size_t budget);

// The streams whose subjects to list, in order (sensitive names first), at most `budget`.
std::vector<const Stream*> choose_streams(const JetStream& js, std::size_t budget);

}  // namespace lw::probes::nats
