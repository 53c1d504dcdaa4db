#include "pipeline/probe_selection.h"

#include <algorithm>
#include <set>

#include "pipeline/attempt_plan.h"

namespace lw::pipeline {

std::vector<std::uint16_t> data_ports(const probes::ProbeList& probes) {
  std::set<std::uint16_t> ports;
  for (const auto& p : probes) {
    ports.insert(p->info().default_ports.begin(), p->info().default_ports.end());
    ports.insert(p->info().tls_ports.begin(), p->info().tls_ports.end());
  }
  return {ports.begin(), ports.end()};
}

Result<std::vector<const Probe*>> select_probes(const probes::ProbeList& all,
                                                const std::vector<std::string>& ids) {
  std::vector<const Probe*> out;
  if (ids.empty() || is_connect_only(ids)) {
    for (const auto& p : all) out.push_back(p.get());
    return out;
  }
  for (const auto& id : ids) {
    auto it =
        std::find_if(all.begin(), all.end(), [&](const auto& p) { return p->info().id == id; });
    if (it == all.end()) {
      std::string known;
      for (const auto& p : all) known += (known.empty() ? "" : ", ") + std::string(p->info().id);
      return fail(ErrorCode::invalid_argument, "unknown probe '" + id + "' (known: " + known + ")",
                  "--probes");
    }
    out.push_back(it->get());
  }
  // The banner probe stays as the fallback that names what no chosen probe knows.
  auto banner = std::find_if(all.begin(), all.end(),
                             [](const auto& p) { return p->info().role == ProbeRole::banner; });
  if (banner != all.end() && std::find(out.begin(), out.end(), banner->get()) == out.end()) {
    out.push_back(banner->get());
  }
  return out;
}

}  // namespace lw::pipeline
