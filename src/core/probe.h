#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/access.h"
#include "core/result.h"
#include "core/verdict.h"

namespace lw {

enum class Transport { tcp, tls };
enum class ServiceKind {
  database,
  cache,
  search,
  object_store,
  file,
  mail,
  web,
  messaging,
  monitoring,
  directory,
  remote_desktop,
  generic
};

std::string_view to_string(Transport) noexcept;
std::string_view to_string(ServiceKind) noexcept;

// What a probe is for in the attempt policy (pipeline/attempt_plan.h).
enum class ProbeRole {
  protocol,      // speaks one protocol and proves what it can
  banner,        // reads what a server says unasked and names it: the fallback, tried last
  connect_only,  // sends nothing: connect, then close (a connect-only scan)
};

struct ProbeInfo {
  std::string_view id;  // one id everywhere: folder, CLI, JSON, schema
  std::span<const std::uint16_t> default_ports;
  std::span<const std::uint16_t> tls_ports;  // default ports where the service speaks TLS at once
  ServiceKind kind = ServiceKind::generic;
  std::uint32_t max_reply_bytes = 64 * 1024;  // cap on any single reply
  bool server_speaks_first = false;           // FTP, SMTP, IMAP, MySQL...: a banner comes unasked
  ProbeRole role = ProbeRole::protocol;
};

// Immutable options a scan hands every probe.
struct ProbeOptions {
  bool default_logins = true;  // empty-password / anonymous form of the default account
  // --default-credentials (off by default): a product's documented vendor default account with
  // its documented password (RabbitMQ guest/guest), for owners scanning their own assets.
  bool default_credentials = false;
  std::uint32_t max_items = 100;  // keys, indices, tables... listed in metadata
  // The sampler's budget (probes/common/sampler.h, docs/sampling.md): records read and bytes
  // kept, all samples of one service together, within the service's time budget.
  std::uint32_t max_sample_records = 200;
  std::uint32_t max_sample_bytes = 1024 * 1024;
  std::string host_name;  // the name the target was given by, if any (Host headers, SNI)
  std::vector<std::string> bucket_names;  // object-store containers to try (--bucket-names)
  std::uint16_t port = 0;
  // The service's IP address as text ("127.0.2.82", "::1"), set by the engine from the endpoint
  // it connects to; a probe compares it with addresses a service names (a WebHDFS redirect).
  std::string address;
};

// A second connection for one exchange, to another port OF THE SAME ADDRESS as the service
// (an FTP passive-mode data connection). A probe names only a port: the engine connects to the
// address of the dialogue's own connection, never to an address a server names (so an FTP
// "bounce" through a PASV reply is impossible by construction). The engine:
//   1. connects to `port` (the connect timeout); when that fails the exchange's request is NOT
//      sent: the turn has an empty reply and data_end `not_connected`;
//   2. sends the exchange's request on the dialogue's connection and reads its reply there as
//      usual (the probe frames it: an FTP probe waits past `150` for `226`);
//   3. meanwhile reads the data connection until the peer closes it, at most `max_bytes` (and
//      under the probe's and the engine's reply caps and the dialogue's total), at most the read
//      timeout, and never writes to it; once the reply on the dialogue's connection has ended,
//      the data connection gets at most DialogueLimits::data_linger more (net/dialogue.h);
//   4. closes it (a reset when a cap cut it short) before the next exchange: one data
//      connection at a time. Its bytes go to Turn::data, how it ended to Turn::data_end.
struct DataChannel {
  std::uint16_t port = 0;  // 0 is never connected (data_end `not_connected`)
  std::uint32_t max_bytes = 64 * 1024;
};

// One request, and how much of a reply the engine may read for it.
struct Exchange {
  std::string label;    // names the request in evidence: "INFO", "GET /_cat/indices"
  std::string request;  // raw bytes to send; empty = only read (a banner)
  std::uint32_t max_reply_bytes = 64 * 1024;
  // What the request is, for the probe that sent it: each probe numbers its own steps (an enum
  // of its own) and reads replies by step and subject, never by the text of the label, which
  // is for people only.
  std::uint32_t step = 0;
  std::string subject = {};  // what the step is about: a table, a key, a folder ("" for none)
  std::optional<DataChannel> data_channel = std::nullopt;  // see DataChannel
};

enum class ReplyEnd { complete, closed, timeout, cap_reached, reset };
std::string_view to_string(ReplyEnd) noexcept;

// How an exchange's data connection (DataChannel) ended: `none` when the exchange asked for
// none; `closed` when the peer closed it (the whole transfer, or what came before an early
// close: the reply on the dialogue's connection says which); `not_connected` when the connect
// failed or the port was 0 (the request was not sent).
enum class DataEnd { none, closed, timeout, cap_reached, reset, not_connected };
std::string_view to_string(DataEnd) noexcept;

struct Turn {
  Exchange exchange;
  std::string reply;  // raw bytes, at most exchange.max_reply_bytes
  ReplyEnd end = ReplyEnd::complete;
  std::string data = {};  // what the data connection carried (DataChannel), within its caps
  DataEnd data_end = DataEnd::none;
};
using Transcript = std::vector<Turn>;

// Whether the bytes read so far hold the whole reply to `exchange`.
enum class Framing { need_more, complete, invalid };

// A bounded piece of data read from the service, for the classifier. Held in memory only:
// a raw sample is never written to the catalog, a log or an alert.
struct Sample {
  std::string source;        // where it came from: "key user:17", "index customers/_doc/3"
  std::string content_type;  // "text", "json", "csv", "email", "binary"
  std::string data;
};

struct Observation {
  bool identified = false;  // the replies are this probe's protocol
  std::string product;      // "redis", "memcached", "elasticsearch"
  std::string version;
  nlohmann::json metadata = nlohmann::json::object();  // databases, keys, indices: bounded
  std::optional<std::uint64_t> data_bytes;    // size of the data the service holds, if known
  std::optional<std::uint64_t> record_count;  // keys, documents, rows, if known
  std::vector<Sample> samples;                // bounded by ProbeOptions
  // Typed facts the verdict rule reads (core/access.h); a probe fills what its protocol tells
  // and never branches on its own exchange labels to decide.
  bool auth_demanded = false;              // the service refused for want of credentials
  bool privileged_login_accepted = false;  // a privileged login without a password succeeded
  bool data_command_accepted = false;      // a data command a secured config refuses answered
  bool data_read = false;                  // records were read without credentials
  std::optional<std::uint32_t> markers;    // protocol markers seen, for probes that count them
  Capabilities capabilities;               // what an unauthenticated client can do
  std::string proof;  // label of the exchange that read data, was accepted or was refused
  std::string note;   // a short explanation for the verdict
};

// The typed facts of an observation, as decide_verdict() reads them.
AccessFacts access_facts(const Observation&);
// The one verdict rule (decide_verdict, core/access.h) applied to an observation's facts.
// Every probe's judge() ends here.
Verdict verdict_from_facts(const Observation&);

struct SampleLimits {
  std::uint32_t max_records = 20;
  std::uint32_t max_bytes = 64 * 1024;
};

// A protocol probe: a dialogue over bytes, with no I/O of its own (the engine owns sockets, TLS,
// timeouts and byte caps). Every method is pure and must not throw.
class Probe {
 public:
  virtual ~Probe() = default;
  virtual const ProbeInfo& info() const noexcept = 0;
  // What to send next given the replies so far; nullopt when the dialogue is over.
  virtual std::optional<Exchange> next(const ProbeOptions&, const Transcript&) const = 0;
  // Whether `reply` (read so far for `exchange`) is complete.
  virtual Framing frame(const Exchange& exchange, std::string_view reply) const = 0;
  // Whether a banner (the first bytes a server sent unasked) belongs to this protocol.
  virtual bool recognizes_banner(std::string_view /*banner*/) const { return false; }
  // An Observation with identified=false when the replies are not this protocol; an Error only
  // when they are this protocol but malformed or over a cap.
  virtual Result<Observation> parse(const Transcript&) const = 0;
  virtual Verdict judge(const Observation&) const = 0;
  // The records handed to the classifier; by default the observation's samples, within limits.
  virtual std::vector<Sample> samples(const Observation&, const SampleLimits&) const;
  // Further dialogues the service needs, each on a new connection to it (an rsync daemon
  // closes after its module list, so each module takes its own). The engine runs at most
  // kMaxFollowUps of them, one after another, within the service's time budget, each with the
  // transport (TLS or not) of the dialogue that asked for it.
  virtual std::vector<std::unique_ptr<Probe>> follow_ups(const Observation&,
                                                         const ProbeOptions&) const {
    return {};
  }
  // For a probe returned by follow_ups(): the port it connects to, always on the service's own
  // address (a probe can name no other address); 0, the default, is the service's own port. A
  // WebHDFS NameNode sends a read to a DataNode on another port of the same host.
  virtual std::uint16_t follow_up_port() const { return 0; }
  // `main` with the follow-ups' results folded in: one entry per follow-up that ran, in order
  // (an Error for one that could not connect or did not parse); judge() then reads the result.
  virtual Observation fold(Observation main, std::span<const Result<Observation>>) const {
    return main;
  }
};

constexpr std::size_t kMaxFollowUps = 8;

}  // namespace lw
