#include "probes/nats/nats_probe.h"

#include <array>

#include "core/bytes.h"
#include "probes/common/sample_text.h"
#include "probes/common/sampler.h"
#include "probes/common/steps.h"
#include "probes/nats/nats_jetstream.h"
#include "probes/nats/nats_text.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 1> kPorts{4222};
constexpr std::uint32_t kReplyCap = 128 * 1024;
constexpr std::size_t kPayloadShown = 4096;

const ProbeInfo kInfo{
    .id = "nats",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::messaging,
    .max_reply_bytes = nats::kMessagesCap,  // the largest exchange cap (a batch of gets)
    .server_speaks_first = true,
};

bool valid_info(const nlohmann::json& info) {
  return info.contains("server_id") && info.contains("version") && info["version"].is_string();
}

std::string str(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// JetStream: the API answered without credentials (access); stored messages read (a read).
void fill_jetstream(const nats::JetStream& js, Observation& obs, nlohmann::json& markers) {
  auto& md = obs.metadata;
  if (!js.notes.empty()) md["jetstream_notes"] = js.notes;
  if (!js.answered) return;
  markers.push_back("JetStream API answered without credentials");
  obs.data_command_accepted = true;
  obs.capabilities.read = true;
  if (!obs.data_read) obs.proof = js.answer_label;
  nlohmann::json streams = nlohmann::json::array();
  std::vector<std::string> names;
  std::uint64_t total = 0;
  for (const auto& s : js.streams) {
    total += s.messages;
    names.push_back(s.name);
    nlohmann::json subjects = nlohmann::json::array();
    for (const auto& [subject, n] : s.subjects) {
      if (subjects.size() < 20) subjects.push_back(printable(subject, 128));
      if (names.size() < 20'000) names.push_back(s.name + "/" + subject);
    }
    if (streams.size() < 100) {
      streams.push_back({{"name", printable(s.name, 128)},
                         {"messages", s.messages},
                         {"bytes", s.bytes},
                         {"subjects_total", s.subjects_total},
                         {"subjects", subjects}});
    }
  }
  md["jetstream"] = {{"streams_total", js.streams_total}, {"streams", streams}};
  obs.record_count = total;
  if (auto sensitive = sensitive_names(names); !sensitive.empty()) {
    md["sensitive_names"] = std::move(sensitive);
  }
  std::size_t listed = 0;
  std::size_t crowded = 0;
  for (const auto& s : js.streams) {
    listed += s.subjects_listed ? 1u : 0u;
    crowded += s.num_subjects > nats::kMaxSubjectsKept ? 1u : 0u;
  }
  md["sampling"] =
      nlohmann::json::array({coverage_note(js.messages.size(), total, "stored messages"),
                             std::to_string(listed) + " of " + std::to_string(js.streams_total) +
                                 " streams' subjects listed"});
  if (crowded > 0) {
    md["sampling"].push_back(std::to_string(crowded) + " streams with over " +
                             std::to_string(nats::kMaxSubjectsKept) +
                             " subjects: only their last messages read");
  }
  for (const auto& m : js.messages) {
    if (!obs.data_read) {
      obs.data_read = true;
      obs.proof = m.label;
    }
    obs.samples.push_back(Sample{"stream " + printable(m.stream, 64) + " subject " +
                                     printable(m.subject, 128) + " #" + std::to_string(m.seq),
                                 std::string(guess_content_type(m.data)),
                                 m.data.substr(0, kPayloadShown)});
  }
}

}  // namespace

const ProbeInfo& NatsProbe::info() const noexcept {
  return kInfo;
}

bool NatsProbe::recognizes_banner(std::string_view banner) const {
  auto r = nats::read_server(banner);
  return r && r->info && valid_info(*r->info);
}

std::optional<Exchange> NatsProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return Exchange{"INFO", "", 16 * 1024, step_id(nats::Step::info)};
  if (t.back().end != ReplyEnd::complete || o.max_sample_records == 0) return std::nullopt;
  auto r = nats::read_server(t.front().reply);
  if (!r || !r->info || !valid_info(*r->info)) return std::nullopt;
  const auto auth = r->info->find("auth_required");
  if (auth != r->info->end() && auth->is_boolean() && auth->get<bool>()) return std::nullopt;
  if (t.size() > 1) {
    // JetStream keeps data at rest: read-only API requests when INFO says it is on and the
    // credential-less CONNECT was accepted.
    const auto js = r->info->find("jetstream");
    if (js == r->info->end() || !js->is_boolean() || !js->get<bool>()) return std::nullopt;
    auto sub = nats::read_server(t[1].reply);
    if (!sub || !sub->pong || sub->error) return std::nullopt;
    return nats::next_jetstream(o, t, nats::analyse_jetstream(t));
  }
  return Exchange{"SUB > (bounded, until PONG)",
                  nats::connect_line() + "SUB > 1\r\nUNSUB 1 " +
                      std::to_string(std::min<std::uint32_t>(o.max_sample_records, 100)) +
                      "\r\nPING\r\n",
                  kReplyCap, step_id(nats::Step::subscribe)};
}

Framing NatsProbe::frame(const Exchange& exchange, std::string_view reply) const {
  if (exchange.request.empty()) {
    if (!nats::has_line(reply)) return Framing::need_more;
    return recognizes_banner(reply) ? Framing::complete : Framing::invalid;
  }
  if (!is_step(exchange, nats::Step::subscribe)) {
    return nats::jetstream_reply_complete(exchange, reply) ? Framing::complete : Framing::need_more;
  }
  auto r = nats::read_server(reply);
  if (!r) return Framing::invalid;
  return r->pong || r->error ? Framing::complete : Framing::need_more;
}

Result<Observation> NatsProbe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty() || t.front().reply.empty()) {
    obs.note = "no INFO banner";
    return obs;
  }
  auto banner = nats::read_server(t.front().reply);
  if (!banner || !banner->info || !valid_info(*banner->info)) {
    obs.note = "the banner is not a NATS INFO";
    return obs;
  }
  const auto& info = *banner->info;
  obs.identified = true;
  obs.product = "nats-server";
  obs.version = printable(str(info, "version"), 32);
  auto& md = obs.metadata;
  for (const char* k : {"server_id", "server_name", "go", "host", "port", "max_payload", "proto",
                        "auth_required", "tls_required", "jetstream", "cluster"}) {
    const auto it = info.find(k);
    if (it == info.end()) continue;
    md["info"][k] = it->is_string() ? nlohmann::json(printable(it->get<std::string>(), 128)) : *it;
  }
  nlohmann::json markers = nlohmann::json::array({"INFO with server_id and version"});
  const auto auth = info.find("auth_required");
  if (auth != info.end() && auth->is_boolean() && auth->get<bool>()) {
    obs.auth_demanded = true;
    obs.proof = "INFO";
    obs.note = "INFO says auth_required";
    md["markers"] = markers;
    obs.markers = static_cast<std::uint32_t>(markers.size());
    return obs;
  }
  if (t.size() >= 2) {
    auto r = nats::read_server(t[1].reply);
    if (!r) {
      md["notes"] = nlohmann::json::array({r.error().describe()});
    } else {
      if (r->pong) markers.push_back("PONG after CONNECT without credentials");
      // CONNECT and a wildcard SUB answered with PONG and no -ERR: a server with users or a
      // token refuses the CONNECT ("Authorization Violation").
      obs.data_command_accepted = r->pong && !r->error;
      obs.capabilities.read = obs.data_command_accepted;
      if (r->error) {
        md["error"] = printable(*r->error, 160);
        if (r->error->find("Authorization") != std::string::npos) {
          obs.auth_demanded = true;
          obs.proof = t[1].exchange.label;
          obs.note = "CONNECT without credentials refused: " + printable(*r->error, 80);
        }
      }
      nlohmann::json subjects = nlohmann::json::array();
      for (const auto& m : r->messages) {
        if (subjects.size() < 100) subjects.push_back(printable(m.subject, 128));
        obs.samples.push_back(Sample{"subject " + printable(m.subject, 128),
                                     std::string(guess_content_type(m.payload)),
                                     m.payload.substr(0, kPayloadShown)});
      }
      if (!subjects.empty()) md["subjects"] = subjects;
      if (!obs.samples.empty()) {
        obs.data_read = true;
        obs.proof = t[1].exchange.label;
      }
    }
  }
  if (t.size() > 2 && !obs.auth_demanded) fill_jetstream(nats::analyse_jetstream(t), obs, markers);
  md["markers"] = markers;
  obs.markers = static_cast<std::uint32_t>(markers.size());
  if (obs.auth_demanded) return obs;
  if (obs.data_read && obs.metadata.contains("jetstream")) {
    obs.note = "JetStream messages read without credentials";
  } else if (obs.data_read) {
    obs.note = "messages read on a wildcard subscription without credentials";
  } else if (obs.metadata.contains("jetstream")) {
    obs.proof = "JetStream streams";
    obs.note = "the JetStream API answered without credentials; no stored message was read";
  } else {
    obs.proof = t.size() >= 2 ? t[1].exchange.label : "INFO";
    obs.note =
        "no authentication required, but no message passed while subscribed "
        "(NATS keeps no data at rest without JetStream)";
  }
  return obs;
}

Verdict NatsProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
