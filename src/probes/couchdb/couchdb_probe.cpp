#include "probes/couchdb/couchdb_probe.h"

#include <algorithm>
#include <array>

#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sampler.h"
#include "probes/common/steps.h"

namespace lw::probes {
namespace {

constexpr std::array<std::uint16_t, 2> kPorts{5984, 6984};
constexpr std::uint32_t kSmallCap = 64 * 1024;
constexpr std::uint32_t kListCap = 1024 * 1024;
constexpr std::uint32_t kDocsCap = 512 * 1024;

const ProbeInfo kInfo{
    .id = "couchdb",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::database,
    .max_reply_bytes = kListCap,
};

std::optional<http::JsonReply> reply_of(const Turn* turn) {
  if (turn == nullptr) return std::nullopt;
  auto r = http::json_reply(*turn, {.max_bytes = kListCap, .max_depth = 64});
  if (!r) return std::nullopt;
  return std::move(*r);
}

// The probe's steps (Exchange::step); a reply is read by its step, never by its label.
enum class Step : std::uint32_t { root = 0, all_dbs, all_docs };

std::optional<http::JsonReply> reply_of(const Transcript& t, Step step) {
  return reply_of(find_step(t, step_id(step)));
}

// GET / of CouchDB ({"couchdb":"Welcome",...,"vendor":{...}}) or of PouchDB Server
// ({"express-pouchdb":"Welcome!",...,"vendor":{...}}): the welcome and the vendor object.
std::string product_of_root(const http::JsonReply& r) {
  if (r.response.status != 200 || !r.body || !r.body->is_object()) return {};
  const auto* vendor = json::member(*r.body, "vendor");
  if (vendor == nullptr || !vendor->is_object() || json::string_at(*r.body, "version").empty()) {
    return {};
  }
  if (json::string_at(*r.body, "couchdb") == "Welcome") return "couchdb";
  if (json::string_at(*r.body, "express-pouchdb").starts_with("Welcome")) return "pouchdb-server";
  return {};
}

// CouchDB's refusal: 401/403 with {"error":"unauthorized"|"forbidden","reason":...}.
bool is_refusal(const http::JsonReply& r) {
  if ((r.response.status != 401 && r.response.status != 403) || !r.body) return false;
  const std::string error = json::string_at(*r.body, "error");
  return (error == "unauthorized" || error == "forbidden") &&
         !json::string_at(*r.body, "reason").empty();
}

// A refused GET / still names CouchDB when its Server header does ("CouchDB/3.3.2 (Erlang...").
bool is_couch_server_refusal(const http::JsonReply& r) {
  const auto server = r.response.header("server");
  return is_refusal(r) && server && server->starts_with("CouchDB/");
}

couchdb::DbPlan sample_plan(const Transcript& t) {
  auto all = reply_of(t, Step::all_dbs);
  if (!all || all->response.status != 200) return {};
  auto dbs = couchdb::parse_all_dbs(all->response.body);
  if (!dbs) return {};
  return couchdb::plan_dbs(*dbs, couchdb::kMaxSampledDbs);
}

// What the database cap and the system rule left out, for metadata["sampling"].
nlohmann::json sampling_notes(const couchdb::DbPlan& plan, std::size_t read,
                              std::uint64_t rows_in_read_dbs) {
  nlohmann::json notes = nlohmann::json::array();
  notes.push_back(coverage_note(plan.read.size(), plan.user_dbs.size(), "databases"));
  notes.push_back(std::to_string(read) + " of " + std::to_string(rows_in_read_dbs) +
                  " documents in the databases read sampled, at most " +
                  std::to_string(couchdb::kMaxDocsPerDb) + " per database");
  if (plan.system_dbs > 0) {
    notes.push_back(std::to_string(plan.system_dbs) + " system databases ('_') skipped");
  }
  return notes;
}

}  // namespace

namespace couchdb {

Result<std::vector<std::string>> parse_all_dbs(std::string_view body) {
  auto parsed = json::parse_bounded(body, {.max_bytes = kListCap, .max_depth = 4});
  if (!parsed) return tl::unexpected(parsed.error());
  if (!parsed->is_array()) return fail(ErrorCode::parse_error, "_all_dbs is not an array", "body");
  std::vector<std::string> out;
  for (const auto& name : *parsed) {
    if (!name.is_string()) return fail(ErrorCode::parse_error, "_all_dbs holds a non-string", "");
    out.push_back(name.get<std::string>().substr(0, 256));
  }
  return out;
}

DbPlan plan_dbs(const std::vector<std::string>& dbs, std::size_t max) {
  DbPlan plan;
  for (const auto& db : dbs) {
    if (db.empty() || db.front() == '_') {
      ++plan.system_dbs;
    } else {
      plan.user_dbs.push_back(db);
    }
  }
  const SamplePlan chosen = plan_sample(std::span<const std::string>(plan.user_dbs), max);
  for (const std::size_t i : chosen.order) plan.read.push_back(plan.user_dbs[i]);
  return plan;
}

std::uint32_t docs_per_db(std::uint32_t max_records, std::size_t planned) {
  const auto n = max_records / static_cast<std::uint32_t>(
                                   std::max<std::size_t>(1, std::min(planned, kMaxSampledDbs)));
  return std::clamp<std::uint32_t>(n, 1, kMaxDocsPerDb);
}

std::string all_docs_path(std::string_view db, std::uint32_t limit) {
  return "/" + http::url_encode(db) + "/_all_docs?limit=" + std::to_string(limit) +
         "&include_docs=true";
}

}  // namespace couchdb

const ProbeInfo& CouchdbProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> CouchdbProbe::next(const ProbeOptions& o, const Transcript& t) const {
  if (t.empty()) return with_step(http::get_exchange("/", o, kSmallCap), step_id(Step::root));
  if (t.size() == 1) {
    auto root = reply_of(t, Step::root);
    if (!root || product_of_root(*root).empty()) return std::nullopt;
    return with_step(http::get_exchange("/_all_dbs", o, kListCap), step_id(Step::all_dbs));
  }
  const auto plan = sample_plan(t);
  const std::size_t done = t.size() - 2;
  if (done >= plan.read.size()) return std::nullopt;
  return with_step(
      http::get_exchange(
          couchdb::all_docs_path(plan.read[done],
                                 couchdb::docs_per_db(o.max_sample_records, plan.read.size())),
          o, kDocsCap),
      step_id(Step::all_docs), plan.read[done]);
}

Framing CouchdbProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> CouchdbProbe::parse(const Transcript& t) const {
  Observation obs;
  auto root = reply_of(t, Step::root);
  if (!root) {
    obs.note = "no HTTP answer to GET /";
    return obs;
  }
  obs.proof = std::string(couchdb::kRootLabel);
  if (is_couch_server_refusal(*root)) {
    obs.identified = true;
    obs.product = "couchdb";
    const auto server = root->response.header("server").value_or("");
    obs.version = std::string(server.substr(8, server.find(' ') == std::string_view::npos
                                                   ? std::string_view::npos
                                                   : server.find(' ') - 8))
                      .substr(0, 32);
    obs.auth_demanded = true;
    obs.note = "GET / refused: " + json::string_at(*root->body, "reason").substr(0, 80);
    return obs;
  }
  obs.product = product_of_root(*root);
  if (obs.product.empty()) {
    obs.note = "GET / did not answer with a CouchDB welcome and vendor";
    return obs;
  }
  obs.identified = true;
  obs.version = json::string_at(*root->body, "version").substr(0, 32);
  if (const auto* vendor = json::member(*root->body, "vendor")) {
    obs.metadata["vendor"] = json::string_at(*vendor, "name").substr(0, 128);
  }
  obs.note = "GET / answered; no database was read";
  auto all = reply_of(t, Step::all_dbs);
  if (!all) return obs;
  if (is_refusal(*all)) {
    obs.auth_demanded = true;
    obs.proof = std::string(couchdb::kAllDbsLabel);
    obs.note = "database list refused: " + json::string_at(*all->body, "reason").substr(0, 80);
    return obs;
  }
  auto dbs = all->response.status == 200 ? couchdb::parse_all_dbs(all->response.body)
                                         : fail(ErrorCode::parse_error, "not 200", "");
  if (!dbs) return obs;
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& db : *dbs) {
    if (listed.size() < kMaxListed) listed.push_back(db);
  }
  obs.metadata["database_count"] = dbs->size();
  obs.metadata["databases"] = std::move(listed);
  obs.note = std::to_string(dbs->size()) + " databases listed; no document was read";
  SampleBudget budget;
  std::size_t read = 0;
  std::size_t refused = 0;
  std::uint64_t total_rows = 0;
  const auto plan = couchdb::plan_dbs(*dbs, couchdb::kMaxSampledDbs);
  for (const auto& db : plan.read) {
    for (const auto& turn : t) {
      if (turn.exchange.step != step_id(Step::all_docs) || turn.exchange.subject != db) continue;
      auto docs = reply_of(&turn);
      if (!docs) continue;
      if (is_refusal(*docs)) {
        ++refused;
        if (read == 0) obs.proof = turn.exchange.label;
        continue;
      }
      if (docs->response.status != 200 || !docs->body) continue;
      const auto* rows = json::member(*docs->body, "rows");
      const auto rows_total = json::uint_at(*docs->body, "total_rows");
      if (rows == nullptr || !rows->is_array() || !rows_total) continue;
      total_rows += *rows_total;
      for (const auto& row : *rows) {
        const auto* doc = json::member(row, "doc");
        const std::string id = json::string_at(row, "id");
        if (doc == nullptr || !doc->is_object() || id.starts_with("_design/")) continue;
        if (read == 0) obs.proof = turn.exchange.label;
        ++read;
        budget.add(obs, "db " + db + "/" + id.substr(0, 128), "json",
                   json::dump_capped(*doc, 8 * 1024));
      }
    }
  }
  if (total_rows > 0) obs.record_count = total_rows;
  obs.metadata["sampling"] = sampling_notes(plan, read, total_rows);
  auto names = sensitive_names(plan.user_dbs);
  if (!names.empty()) obs.metadata["sensitive_names"] = std::move(names);
  if (read > 0) {
    obs.data_read = true;
    obs.note = std::to_string(read) + " documents read without credentials";
  } else if (refused > 0) {
    obs.auth_demanded = true;
    obs.note = "database names are listed, but documents are refused without credentials";
  }
  return obs;
}

Verdict CouchdbProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
