#include "monitor/daemon/pending.h"

namespace lw::monitor::daemon {

std::optional<Pending> pending_of(const catalog::AlertRow& row) {
  if (!row.payload.is_object()) return std::nullopt;
  const auto it = row.payload.find("pending");
  if (it == row.payload.end() || !it->is_object()) return std::nullopt;
  Pending p;
  const auto& j = *it;
  if (auto s = j.find("since_ms"); s != j.end() && s->is_number_integer()) {
    p.since_ms = s->get<std::int64_t>();
  }
  p.content_hash = j.value("content_hash", std::string());
  p.state_hash = j.value("state_hash", std::string());
  if (auto c = j.find("channels"); c != j.end() && c->is_array()) {
    for (const auto& ch : *c) {
      if (ch.is_string()) p.channels.push_back(ch.get<std::string>());
    }
  }
  return p;
}

void set_pending(catalog::AlertRow& row, const Pending& p) {
  if (!row.payload.is_object()) row.payload = nlohmann::json::object();
  row.payload["pending"] = {{"since_ms", p.since_ms},
                            {"content_hash", p.content_hash},
                            {"state_hash", p.state_hash},
                            {"channels", p.channels}};
}

}  // namespace lw::monitor::daemon
