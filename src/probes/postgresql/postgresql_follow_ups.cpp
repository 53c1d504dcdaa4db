// The PostgreSQL probe's reach beyond the default database: one follow-up per other database
// (each on its own connection, since a PostgreSQL session is bound to one database), and the
// fold of what they read into the main observation.
#include <algorithm>

#include "core/bytes.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sampler.h"
#include "probes/postgresql/pg_dialogue.h"
#include "probes/postgresql/postgresql_probe.h"

namespace lw::probes {
namespace {

constexpr std::size_t kTablesFolded = 200;
constexpr std::size_t kNamesFolded = 40;

void append_bounded(nlohmann::json& to, const nlohmann::json& from, std::size_t cap) {
  if (!from.is_array()) return;
  if (!to.is_array()) to = nlohmann::json::array();
  for (const auto& item : from) {
    if (to.size() >= cap) break;
    to.push_back(item);
  }
}

}  // namespace

std::vector<std::unique_ptr<Probe>> PostgresqlProbe::follow_ups(const Observation& obs,
                                                                const ProbeOptions&) const {
  std::vector<std::unique_ptr<Probe>> out;
  if (database_ != pg::kDatabase || !obs.identified || obs.auth_demanded) return out;
  const auto it = obs.metadata.find("databases");
  if (it == obs.metadata.end() || !it->is_array()) return out;
  // Connectable databases other than this one, sensitive-looking names first, then by size
  // (the listing's order).
  std::vector<std::pair<int, std::string>> names;
  for (const auto& db : *it) {
    if (!db.is_object() || !db.contains("name") || !db["name"].is_string()) continue;
    if (!db.contains("bytes") || db["bytes"].is_null()) continue;  // no CONNECT privilege
    const std::string name = db["name"].get<std::string>();
    if (name == pg::kDatabase || name.empty()) continue;
    names.emplace_back(name_score(name), name);
  }
  std::stable_sort(names.begin(), names.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [score, name] : names) {
    (void)score;
    if (out.size() >= kMaxFollowUps) break;
    out.push_back(std::make_unique<PostgresqlProbe>(name));
  }
  return out;
}

Observation PostgresqlProbe::fold(Observation main,
                                  std::span<const Result<Observation>> results) const {
  if (results.empty()) return main;
  auto& md = main.metadata;
  nlohmann::json followed = nlohmann::json::array();
  // Samples of every database together, within the one budget of the service.
  std::vector<Sample> all = std::move(main.samples);
  main.samples.clear();
  SampleBudget budget;
  for (auto& s : all) budget.add(main, std::move(s.source), std::move(s.content_type), s.data);
  std::size_t connectable = 0;
  if (const auto it = md.find("databases"); it != md.end() && it->is_array()) {
    for (const auto& db : *it) {
      const bool can = db.is_object() && db.contains("bytes") && !db["bytes"].is_null();
      connectable += can && db.value("name", std::string()) != pg::kDatabase ? 1u : 0u;
    }
  }
  for (const auto& r : results) {
    if (!r) {
      followed.push_back({{"error", printable(r.error().describe(), 128)}});
      continue;
    }
    const Observation& m = *r;
    const std::string db = m.metadata.value("database", std::string());
    followed.push_back(
        {{"database", db}, {"rows_read", m.data_read}, {"note", printable(m.note, 128)}});
    for (const auto& s : m.samples) budget.add(main, s.source, s.content_type, s.data);
    if (const auto t = m.metadata.find("tables"); t != m.metadata.end()) {
      append_bounded(md["tables"], *t, kTablesFolded);
    }
    if (const auto n = m.metadata.find("sensitive_names"); n != m.metadata.end()) {
      append_bounded(md["sensitive_names"], *n, kNamesFolded);
    }
    if (const auto n = m.metadata.find("sampling"); n != m.metadata.end()) {
      append_bounded(md["sampling"], *n, kNamesFolded);
    }
    if (m.record_count) main.record_count = main.record_count.value_or(0) + *m.record_count;
    if (m.data_read && !main.data_read) {
      main.data_read = true;
      main.proof = db + "/" + m.proof;
      main.note = "rows read as postgres without a password (trust), database " + db;
    }
  }
  md["follow_ups"] = followed;
  if (connectable > results.size()) {
    append_bounded(
        md["sampling"],
        nlohmann::json::array({coverage_note(results.size(), connectable, "other databases") +
                               " (cap " + std::to_string(kMaxFollowUps) + ")"}),
        kNamesFolded + 1);
  }
  return main;
}

}  // namespace lw::probes
