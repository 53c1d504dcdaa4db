#include "probes/http_exposure/http_exposure_probe.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/ascii.h"
#include "core/bytes.h"
#include "probes/common/http.h"
#include "probes/common/http_dialogue.h"
#include "probes/common/steps.h"
#include "probes/http_exposure/exposure_checks.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kReplyCap = 256 * 1024;
constexpr std::uint32_t kSampleCap = 16 * 1024;
constexpr std::array<std::uint16_t, 4> kPorts = {80, 8080, 8000, 8888};
constexpr std::array<std::uint16_t, 2> kTlsPorts = {443, 8443};

const ProbeInfo kInfo{
    .id = "http_exposure",
    .default_ports = kPorts,
    .tls_ports = kTlsPorts,
    .kind = ServiceKind::web,
    .max_reply_bytes = kReplyCap,
    .server_speaks_first = false,
};

enum class Check { baseline, listing, git_head, git_config, env, status };
struct Step {
  std::string_view path;
  Check check;
  std::string_view name;  // metadata key
};
constexpr std::array<Step, 6> kSteps = {{
    {http_exposure::kBaselinePath, Check::baseline, "baseline"},
    {"/", Check::listing, "directory_listing"},
    {"/.git/HEAD", Check::git_head, "git_head"},
    {"/.git/config", Check::git_config, "git_config"},
    {"/.env", Check::env, "env"},
    {"/server-status", Check::status, "server_status"},
}};

exposure::Finding run_check(Check c, std::string_view body) {
  switch (c) {
    case Check::listing:
      return exposure::directory_listing(body);
    case Check::git_head:
      return exposure::git_head(body);
    case Check::git_config:
      return exposure::git_config(body);
    case Check::env:
      return exposure::dotenv(body);
    case Check::status:
      return exposure::server_status(body);
    case Check::baseline:
      break;
  }
  return {};
}

// Each exchange's step (Exchange::step) is its index in kSteps; a reply is read by its step,
// never by its label.
const Step* step_for(const Exchange& exchange) {
  return exchange.step < kSteps.size() ? &kSteps[exchange.step] : nullptr;
}

}  // namespace

const ProbeInfo& HttpExposureProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> HttpExposureProbe::next(const ProbeOptions& options,
                                                const Transcript& t) const {
  if (t.size() >= kSteps.size()) return std::nullopt;
  if (!t.empty()) {
    const Turn& last = t.back();
    if (last.end == ReplyEnd::closed || last.end == ReplyEnd::reset ||
        last.end == ReplyEnd::timeout || !http::parse_response(last.reply)) {
      return std::nullopt;  // not HTTP, or the connection is gone
    }
  }
  return with_step(http::get_exchange(kSteps[t.size()].path, options, kReplyCap),
                   static_cast<std::uint32_t>(t.size()));
}

Framing HttpExposureProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_response(reply);
}

Result<Observation> HttpExposureProbe::parse(const Transcript& t) const {
  Observation obs;
  std::optional<http::Response> baseline;
  nlohmann::json findings = nlohmann::json::object();
  nlohmann::json refused = nlohmann::json::array();
  std::uint64_t records = 0;
  for (const Turn& turn : t) {
    const Step* step = step_for(turn.exchange);
    if (step == nullptr || turn.reply.empty()) continue;
    auto resp = http::parse_response(turn.reply);
    if (!resp) continue;
    if (!obs.identified) {
      obs.identified = true;
      const std::string server(resp->header("server").value_or(""));
      const auto slash = server.find('/');
      obs.product = ascii_lower(printable(server.substr(0, slash), 32));
      if (slash != std::string::npos) {
        obs.version = printable(server.substr(slash + 1, server.find(' ', slash) - slash - 1), 32);
      }
      if (obs.product.empty()) obs.product = "http";
    }
    if (step->check == Check::baseline) {
      baseline = std::move(*resp);
      continue;
    }
    if (resp->status == 401 || resp->status == 403) {
      // Refused where the baseline (a path that does not exist) was not refused: the thing is
      // there and protected.
      if (baseline && baseline->status != resp->status) refused.push_back(step->name);
      continue;
    }
    if (resp->status != 200) continue;
    // A server that answers everything alike: the same body as the nonexistent path proves
    // nothing, and neither does a marker the baseline page also carries.
    if (!baseline || resp->body == baseline->body) continue;
    const exposure::Finding f = run_check(step->check, resp->body);
    if (!f.found) continue;
    if (baseline->status == 200 && run_check(step->check, baseline->body).found) continue;
    nlohmann::json names = nlohmann::json::array();
    for (const auto& n : f.names) names.push_back(printable(n, exposure::kMaxNameBytes));
    findings[std::string(step->name)] = {{"path", std::string(step->path)},
                                         {"records", f.records},
                                         {"data", f.data},
                                         {"names", names},
                                         {"detail", printable(f.detail, 128)}};
    if (f.data) {
      records += f.records;
      if (!obs.data_read) obs.proof = turn.exchange.label;
      obs.data_read = true;
      Sample s;
      s.source = "url " + std::string(step->path);
      s.content_type =
          step->check == Check::listing || step->check == Check::status ? "html" : "text";
      s.data = resp->body.substr(0, kSampleCap);
      obs.samples.push_back(std::move(s));
    }
  }
  if (!obs.identified) {
    obs.note = "no HTTP response";
    return obs;
  }
  obs.metadata["exposures"] = findings;
  obs.metadata["refused"] = refused;
  if (baseline) obs.metadata["baseline_status"] = baseline->status;
  if (obs.data_read) {
    obs.record_count = records;
    std::string which;
    for (const auto& [k, v] : findings.items()) {
      if (!v["data"].get<bool>()) continue;
      which += which.empty() ? k : ", " + k;
    }
    obs.note = "exposed without credentials: " + which;
  } else if (!refused.empty()) {
    obs.auth_demanded = true;
    obs.proof = "GET " + std::string(kSteps[1].path);
    for (const auto& s : kSteps) {
      if (s.name == refused[0].get<std::string>()) obs.proof = "GET " + std::string(s.path);
    }
    obs.note = "sensitive paths refused (401/403) where a nonexistent path is not";
  } else {
    obs.note = findings.empty() ? "HTTP server; no exposure found"
                                : "HTTP server; status page only (no data)";
  }
  return obs;
}

Verdict HttpExposureProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
