#include "monitor/rules.h"

#include <algorithm>
#include <set>

#include "catalog/events/derive.h"
#include "notify/notification.h"

namespace lw::monitor {

std::string sha256_hex(std::string_view text, std::size_t bytes);  // rule_facts.cpp

namespace {

constexpr std::size_t kMaxEvidence = 20;
constexpr char kSep = '\x1f';

}  // namespace

std::string_view rule_kind_name(RuleKind k) noexcept {
  switch (k) {
    case RuleKind::open_database:
      return "open_database";
    case RuleKind::sensitive_data:
      return "sensitive_data";
    case RuleKind::compromised:
      return "compromised";
    case RuleKind::new_dataset:
      return "new_dataset";
    case RuleKind::data_growth:
      return "data_growth";
    case RuleKind::new_service:
      return "new_service";
    case RuleKind::certificate_expiring:
      return "certificate_expiring";
    case RuleKind::exposure_reopened:
      return "exposure_reopened";
  }
  return "";
}

namespace {

bool has_event(const RuleInput& in, std::string_view kind) {
  return std::any_of(in.events.begin(), in.events.end(),
                     [&](const catalog::EventRow& e) { return e.kind == kind; });
}

const catalog::EventRow* last_event(const RuleInput& in, std::string_view kind) {
  const catalog::EventRow* found = nullptr;
  for (const auto& e : in.events) {
    if (e.kind == kind) found = &e;
  }
  return found;
}

bool is_open(const catalog::ServiceRow& s) {
  return s.reachable && s.verdict == "open";
}

// The sensitive categories (not the compromise marker) a rule's families select.
std::vector<std::string> matched_categories(const AlertRule& rule, const catalog::ServiceRow& s) {
  std::vector<std::string> out;
  for (const auto& c : s.categories) {
    if (c == catalog::kCompromisedCategory) continue;
    if (rule.families.empty() ||
        std::find(rule.families.begin(), rule.families.end(), c) != rule.families.end()) {
      out.push_back(c);
    }
  }
  return out;
}

// What makes the rule fire (its detail), or nullopt when it does not.
std::optional<nlohmann::json> fires(const AlertRule& rule, const RuleInput& in) {
  const auto& s = *in.service;
  switch (rule.kind) {
    case RuleKind::open_database:
      if (!is_open(s)) return std::nullopt;
      return nlohmann::json{{"verdict", s.verdict}, {"empty", s.record_count == 0u}};
    case RuleKind::sensitive_data: {
      auto matched = matched_categories(rule, s);
      if (matched.empty()) return std::nullopt;
      return nlohmann::json{{"categories", matched}};
    }
    case RuleKind::compromised: {
      const bool marked = std::find(s.categories.begin(), s.categories.end(),
                                    catalog::kCompromisedCategory) != s.categories.end();
      if (!marked && !(in.latest && in.latest->compromised)) return std::nullopt;
      return nlohmann::json{{"note", in.latest ? in.latest->compromise_note : std::string()}};
    }
    case RuleKind::new_dataset: {
      // The catalog derives no event for it: two observations' metadata are compared here.
      if (!in.latest || !in.previous || !is_open(s)) return std::nullopt;
      if (in.previous->verdict.kind != VerdictKind::open) return std::nullopt;
      const auto before = dataset_names(*in.previous);
      std::vector<std::string> added;
      for (const auto& n : dataset_names(*in.latest)) {
        if (!std::binary_search(before.begin(), before.end(), n)) added.push_back(n);
      }
      if (added.empty()) return std::nullopt;
      return nlohmann::json{{"datasets", added}};
    }
    case RuleKind::data_growth:
      if (const auto* e = last_event(in, "data_grew")) return e->detail;
      return std::nullopt;
    case RuleKind::new_service:
      if (const auto* e = last_event(in, "new_service")) return e->detail;
      return std::nullopt;
    case RuleKind::certificate_expiring: {
      if (!in.latest || !in.latest->tls) return std::nullopt;
      const auto expiry = parse_iso8601_ms(in.latest->tls->not_after);
      if (!expiry) return std::nullopt;
      const auto within =
          std::chrono::duration_cast<std::chrono::milliseconds>(rule.expiring_within);
      if (*expiry - in.now_ms > within.count()) return std::nullopt;
      return nlohmann::json{{"not_after", in.latest->tls->not_after},
                            {"expired", *expiry <= in.now_ms},
                            {"subject", in.latest->tls->subject}};
    }
    case RuleKind::exposure_reopened:
      if (!in.previously_remediated || !has_event(in, "became_open") || !is_open(s)) {
        return std::nullopt;
      }
      return nlohmann::json{{"open_since_ms", s.open_since_ms.value_or(0)}};
  }
  return std::nullopt;
}

// One summary per detector: the count, the first masked example, the highest severity.
void add_finding(std::vector<notify::FindingSummary>& out, const DataFinding& f) {
  for (auto& x : out) {
    if (x.type == f.detector) {
      ++x.count;
      if (notify::severity_rank(f.severity) > notify::severity_rank(x.severity)) {
        x.severity = f.severity;
      }
      return;
    }
  }
  if (out.size() < kMaxEvidence) out.push_back({f.detector, f.masked, 1, f.severity});
}

std::string summary_of(const AlertCandidate& c, const catalog::ServiceRow& s,
                       const nlohmann::json& detail) {
  std::string what = std::string(rule_kind_name(c.kind));
  std::string line =
      what + ": " + (s.protocol.empty() ? std::string("service") : s.protocol) + " on " + c.service;
  if (!c.asset.empty()) line += " (asset " + c.asset + ")";
  if (!c.severity.empty()) line += ", severity " + c.severity;
  if (c.kind == RuleKind::new_dataset || c.kind == RuleKind::sensitive_data) {
    const auto& list = detail.contains("datasets") ? detail["datasets"] : detail["categories"];
    line += ": " + std::to_string(list.size()) +
            (c.kind == RuleKind::new_dataset ? " new dataset(s)" : " sensitive categor(ies)");
  } else if (c.kind == RuleKind::certificate_expiring) {
    line += ": certificate expires " + detail.value("not_after", std::string());
  } else if (!c.proof.empty()) {
    line += ": " + c.proof;
  }
  return line;
}

AlertCandidate make_candidate(const Config& config, const AlertRule& rule, const RuleInput& in,
                              nlohmann::json detail) {
  const auto& s = *in.service;
  AlertCandidate c;
  c.rule = rule.name;
  c.kind = rule.kind;
  c.asset = in.asset ? in.asset->name : std::string();
  c.service = service_key(s.address, s.port);
  c.alert_id = alert_id(rule.name, c.service);
  c.address = s.address;
  c.port = s.port;
  c.protocol = s.protocol;
  c.product = s.product;
  c.severity = s.severity;
  if (in.asset) {
    c.owner = in.asset->owner;
    c.contacts = in.asset->contacts;
  }
  c.first_seen_ms = s.first_seen_ms;
  c.time_ms = s.last_seen_ms;
  if (in.latest) {
    c.severity_reasons = in.latest->severity_reasons;
    c.proof = in.latest->verdict.reason;
    if (!in.latest->verdict.proof.empty()) c.proof += " (" + in.latest->verdict.proof + ")";
    c.evidence_kind = std::string(to_string(in.latest->verdict.evidence));
    c.compromised = in.latest->compromised;
    for (const auto& f : in.latest->findings) {
      if (c.evidence.size() < kMaxEvidence) {
        c.evidence.push_back(f.family + "/" + f.detector + " at " + f.location + ": " + f.masked);
      }
      add_finding(c.findings, f);
    }
  }
  c.verdict = s.verdict;
  c.compromised = c.compromised || std::find(s.categories.begin(), s.categories.end(),
                                             catalog::kCompromisedCategory) != s.categories.end();
  if (s.open_since_ms) detail["open_since_ms"] = *s.open_since_ms;
  std::string content = c.rule + kSep + c.service + kSep + c.severity + kSep + s.verdict;
  for (const auto& cat : s.categories) content += kSep + cat;
  content += kSep + detail.dump();
  c.content_hash = sha256_hex(content, 16);
  c.state_hash = sha256_hex(content + kSep + std::to_string(s.data_bytes.value_or(0)) + kSep +
                                std::to_string(s.record_count.value_or(0)),
                            16);
  c.summary = summary_of(c, s, detail);
  c.detail = std::move(detail);
  c.channels = select_channels(config, rule, c.asset, c.severity);
  return c;
}

bool in_filter(const std::vector<std::string>& filter, std::string_view name) {
  return filter.empty() || std::find(filter.begin(), filter.end(), name) != filter.end();
}

}  // namespace

std::vector<std::string> select_channels(const Config& config, const AlertRule& rule,
                                         std::string_view asset, std::string_view severity) {
  // The channel's own filters are notify's (channel_accepts), asked about this asset and severity.
  notify::AlertPayload probe;
  probe.asset = std::string(asset);
  probe.severity = std::string(severity);
  std::vector<std::string> out;
  for (const auto& ch : config.channels) {
    if (in_filter(rule.channels, ch.name) && notify::channel_accepts(ch, probe)) {
      out.push_back(ch.name);
    }
  }
  return out;
}

notify::AlertPayload to_payload(const AlertCandidate& c) {
  notify::AlertPayload p;
  p.alert_id = c.alert_id;
  p.rule = c.rule;
  p.asset = c.asset;
  p.owner = c.owner;
  p.contacts = c.contacts;
  p.address = c.address;
  p.port = c.port;
  p.protocol = c.protocol;
  p.product = c.product;
  p.verdict = c.verdict;
  p.evidence = c.evidence_kind;
  p.proof = c.proof;
  p.severity = c.severity;
  p.severity_reasons = c.severity_reasons;
  p.findings = c.findings;
  p.compromised = c.compromised;
  p.first_seen_ms = c.first_seen_ms;
  p.last_seen_ms = c.time_ms;
  p.summary = c.summary;
  return p;
}

std::vector<AlertCandidate> evaluate_rules(const Config& config, const RuleInput& in) {
  std::vector<AlertCandidate> out;
  if (in.service == nullptr) return out;
  const std::string asset = in.asset ? in.asset->name : std::string();
  for (const auto& rule : config.rules) {
    if (!in_filter(rule.assets, asset)) continue;
    if (severity_level(in.service->severity) < severity_level(rule.min_severity)) continue;
    auto detail = fires(rule, in);
    if (!detail) continue;
    out.push_back(make_candidate(config, rule, in, std::move(*detail)));
  }
  return out;
}

}  // namespace lw::monitor
