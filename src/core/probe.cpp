#include "core/probe.h"

namespace lw {

std::string_view to_string(Transport t) noexcept {
  return t == Transport::tls ? "tls" : "tcp";
}

std::string_view to_string(ServiceKind k) noexcept {
  switch (k) {
    case ServiceKind::database:
      return "database";
    case ServiceKind::cache:
      return "cache";
    case ServiceKind::search:
      return "search";
    case ServiceKind::object_store:
      return "object_store";
    case ServiceKind::file:
      return "file";
    case ServiceKind::mail:
      return "mail";
    case ServiceKind::web:
      return "web";
    case ServiceKind::messaging:
      return "messaging";
    case ServiceKind::monitoring:
      return "monitoring";
    case ServiceKind::directory:
      return "directory";
    case ServiceKind::remote_desktop:
      return "remote_desktop";
    case ServiceKind::generic:
      return "generic";
  }
  return "generic";
}

std::string_view to_string(ReplyEnd e) noexcept {
  switch (e) {
    case ReplyEnd::complete:
      return "complete";
    case ReplyEnd::closed:
      return "closed";
    case ReplyEnd::timeout:
      return "timeout";
    case ReplyEnd::cap_reached:
      return "cap_reached";
    case ReplyEnd::reset:
      return "reset";
  }
  return "complete";
}

std::string_view to_string(DataEnd e) noexcept {
  switch (e) {
    case DataEnd::none:
      return "none";
    case DataEnd::closed:
      return "closed";
    case DataEnd::timeout:
      return "timeout";
    case DataEnd::cap_reached:
      return "cap_reached";
    case DataEnd::reset:
      return "reset";
    case DataEnd::not_connected:
      return "not_connected";
  }
  return "none";
}

AccessFacts access_facts(const Observation& obs) {
  AccessFacts f;
  f.identified = obs.identified;
  f.auth_demanded = obs.auth_demanded;
  f.privileged_login_accepted = obs.privileged_login_accepted;
  f.data_command_accepted = obs.data_command_accepted;
  f.records_read = obs.data_read;
  f.markers = obs.markers;
  f.proof = obs.proof;
  f.note = obs.note;
  return f;
}

Verdict verdict_from_facts(const Observation& obs) {
  return decide_verdict(access_facts(obs));
}

std::vector<Sample> Probe::samples(const Observation& obs, const SampleLimits& limits) const {
  std::vector<Sample> out;
  std::size_t bytes = 0;
  for (const auto& s : obs.samples) {
    if (out.size() >= limits.max_records || bytes >= limits.max_bytes) break;
    Sample copy = s;
    const std::size_t room = limits.max_bytes - bytes;
    if (copy.data.size() > room) copy.data.resize(room);
    bytes += copy.data.size();
    out.push_back(std::move(copy));
  }
  return out;
}

}  // namespace lw
