#include "probes/mongodb/mongodb_probe.h"

#include <algorithm>
#include <array>
#include <span>

#include "core/bytes.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sampler.h"
#include "probes/common/steps.h"
#include "probes/mongodb/mongo_wire.h"

namespace lw::probes {
namespace {

namespace mg = mongo;

constexpr std::array<std::uint16_t, 3> kPorts{27017, 27018, 27019};
constexpr std::uint32_t kReplyCap = 256 * 1024;
constexpr std::size_t kMaxDbsListed = 1000;
// Databases whose collections are listed, and collections read (both chosen by the shared
// sampler, probes/common/sampler.h), documents per collection.
constexpr std::size_t kMaxDbsVisited = 16;
constexpr std::size_t kMaxCollectionsPerDb = 100;
constexpr std::size_t kMaxCollectionsSampled = 12;
constexpr std::uint32_t kMaxDocsPerCollection = 50;
constexpr std::size_t kMaxSampleBytesPerCollection = 64 * 1024;
constexpr std::size_t kDocJsonCap = 4096;

const ProbeInfo kInfo{
    .id = "mongodb",
    .default_ports = kPorts,
    .tls_ports = {},
    .kind = ServiceKind::database,
    .max_reply_bytes = kReplyCap,
    .server_speaks_first = false,
};

// The probe's steps (Exchange::step); a reply is read by its step, never by its label.
enum class Step : std::uint32_t {
  hello = 0,
  build_info,
  list_databases,
  list_collections,
  find,
  get_more
};

struct Db {
  std::string name;
  double size = 0;
  bool empty = false;
};

struct Found {
  std::string label;
  std::string ns;
  std::vector<std::string> docs;
  std::int64_t cursor = 0;      // the server's cursor when the batches so far did not end it
  std::uint32_t get_mores = 0;  // getMore sent on that cursor (<= kMaxGetMores)
};

// getMore on one find's cursor (issue 12): at most this many, when the first batch did not
// cover the plan's documents for the collection.
constexpr std::uint32_t kMaxGetMores = 3;

// Follows a find's cursor: the next batch's documents join the find's, up to the cap.
void on_get_more(std::vector<Found>& found, const std::string& ns, const std::string& doc,
                 bool ok) {
  for (auto& f : found) {
    if (f.ns != ns) continue;
    ++f.get_mores;
    f.cursor = ok ? mg::integer64(doc, "cursor.id").value_or(0) : 0;
    if (!ok) return;
    const std::size_t room =
        kMaxDocsPerCollection - std::min<std::size_t>(kMaxDocsPerCollection, f.docs.size());
    for (auto& d : mg::documents(doc, "cursor.nextBatch", room)) f.docs.push_back(std::move(d));
    return;
  }
}

struct Dialogue {
  bool identified = false;
  std::string version;
  std::optional<double> max_wire;
  bool listdb_ok = false;
  bool unauthorized = false;
  std::string refusal_label;
  std::string refusal;
  std::vector<Db> dbs;
  std::optional<double> total_size;
  std::vector<std::pair<std::string, std::vector<std::string>>> collections;  // db, names
  std::vector<Found> found;
  std::vector<std::string> notes;
};

bool is_unauthorized(const std::string& doc) {
  const auto code = mg::number(doc, "code");
  const auto name = mg::text(doc, "codeName").value_or("");
  const auto msg = mg::text(doc, "errmsg").value_or("");
  return (code && (*code == 13 || *code == 18)) || name == "Unauthorized" ||
         msg.find("requires authentication") != std::string::npos;
}

Dialogue analyse(const Transcript& t) {
  Dialogue d;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Turn& turn = t[i];
    const Exchange& ex = turn.exchange;
    const std::string& label = ex.label;
    const auto step = static_cast<Step>(ex.step);
    auto doc = mg::reply_document(turn.reply, kReplyCap);
    if (!doc) {
      if (step == Step::get_more) on_get_more(d.found, ex.subject, {}, false);
      if (d.notes.size() < 8) d.notes.push_back(label + ": " + doc.error().describe());
      if (i == 0) break;
      continue;
    }
    const bool ok = mg::number(*doc, "ok").value_or(0) == 1;
    if (i == 0) {
      d.max_wire = mg::number(*doc, "maxWireVersion");
      d.identified = ok && d.max_wire.has_value() &&
                     (mg::has(*doc, "isWritablePrimary") || mg::has(*doc, "ismaster") ||
                      mg::has(*doc, "secondary") || mg::has(*doc, "msg"));
      if (!d.identified) break;
      continue;
    }
    if (!ok && step == Step::get_more) on_get_more(d.found, ex.subject, *doc, false);
    if (!ok && is_unauthorized(*doc)) {
      if (!d.unauthorized) {
        d.unauthorized = true;
        d.refusal_label = label;
        d.refusal = mg::text(*doc, "errmsg").value_or("Unauthorized").substr(0, 160);
      }
      continue;
    }
    if (step == Step::build_info && ok) {
      d.version = mg::text(*doc, "version").value_or("").substr(0, 32);
    } else if (step == Step::list_databases && ok) {
      d.listdb_ok = true;
      d.total_size = mg::number(*doc, "totalSize");
      for (const auto& db : mg::documents(*doc, "databases", kMaxDbsListed)) {
        auto name = mg::text(db, "name");
        if (!name) continue;
        d.dbs.push_back(Db{*name, mg::number(db, "sizeOnDisk").value_or(0),
                           mg::number(db, "empty").value_or(0) != 0});
      }
    } else if (step == Step::list_collections && ok) {
      std::vector<std::string> names;
      for (const auto& c : mg::documents(*doc, "cursor.firstBatch", kMaxCollectionsPerDb)) {
        auto name = mg::text(c, "name");
        const auto type = mg::text(c, "type").value_or("collection");
        if (name && type == "collection") names.push_back(*name);
      }
      d.collections.emplace_back(ex.subject, std::move(names));
    } else if (step == Step::find && ok) {
      d.found.push_back(Found{label, ex.subject,
                              mg::documents(*doc, "cursor.firstBatch", kMaxDocsPerCollection),
                              mg::integer64(*doc, "cursor.id").value_or(0)});
    } else if (step == Step::get_more && ok) {
      on_get_more(d.found, ex.subject, *doc, true);
    }
  }
  return d;
}

bool system_db(const std::string& n) {
  return n == "admin" || n == "local" || n == "config";
}

// The databases whose collections are listed: non-system, non-empty, sensitive names first.
struct DbChoice {
  std::vector<std::string> visit;  // <= kMaxDbsVisited
  std::size_t with_data = 0;
  std::size_t system = 0;
};

DbChoice choose_dbs(const Dialogue& d) {
  DbChoice c;
  std::vector<std::string> names;
  for (const auto& db : d.dbs) {
    if (system_db(db.name)) {
      ++c.system;
    } else if (!db.empty) {
      names.push_back(db.name);
    }
  }
  c.with_data = names.size();
  for (const std::size_t i : plan_sample(std::span<const std::string>(names), kMaxDbsVisited).order)
    c.visit.push_back(names[i]);
  return c;
}

// The collections to read among those listed: "db.coll" names, grouped by database and name
// prefix (`events_2026_11_01`..`_20` are one group), sensitive names first.
struct CollectionChoice {
  std::vector<std::string> names;                         // every listed collection, "db.coll"
  std::vector<std::pair<std::string, std::string>> read;  // db, collection; in read order
};

CollectionChoice choose_collections(const Dialogue& d, std::size_t budget) {
  CollectionChoice c;
  std::vector<std::pair<std::string, std::string>> all;
  std::vector<std::string> groups;
  for (const auto& [db, names] : d.collections) {
    for (const auto& coll : names) {
      if (coll.starts_with("system.")) continue;
      all.emplace_back(db, coll);
      c.names.push_back(db + "." + coll);
      groups.push_back(db + "/" + group_of(coll));
    }
  }
  std::vector<SampleCandidate> candidates;
  candidates.reserve(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    candidates.push_back(SampleCandidate{c.names[i], groups[i]});
  }
  for (const std::size_t i : plan_sample(candidates, budget).order) c.read.push_back(all[i]);
  return c;
}

std::size_t collection_budget(const ProbeOptions& o) {
  return std::min<std::size_t>(kMaxCollectionsSampled, o.max_sample_records);
}

std::int32_t docs_per_collection(std::uint32_t max_records, std::size_t planned) {
  const auto n = max_records / static_cast<std::uint32_t>(std::max<std::size_t>(1, planned));
  return static_cast<std::int32_t>(std::clamp<std::uint32_t>(n, 1, kMaxDocsPerCollection));
}

// What the caps and the system-database rule left out, for metadata["sampling"].
nlohmann::json sampling_notes(const Dialogue& d, std::size_t listed_collections) {
  nlohmann::json notes = nlohmann::json::array();
  const DbChoice dbs = choose_dbs(d);
  notes.push_back(coverage_note(d.found.size(), listed_collections, "collections"));
  if (dbs.with_data > dbs.visit.size()) {
    notes.push_back(std::to_string(dbs.with_data - dbs.visit.size()) +
                    " databases with data not listed (at most " + std::to_string(kMaxDbsVisited) +
                    ")");
  }
  for (const auto& [db, names] : d.collections) {
    if (names.size() >= kMaxCollectionsPerDb) {
      notes.push_back(printable(db, 64) + ": first " + std::to_string(kMaxCollectionsPerDb) +
                      " collections listed");
    }
  }
  if (dbs.system > 0) {
    notes.push_back(std::to_string(dbs.system) +
                    " system databases (admin, local, config) skipped");
  }
  return notes;
}

}  // namespace

const ProbeInfo& MongodbProbe::info() const noexcept {
  return kInfo;
}

std::optional<Exchange> MongodbProbe::next(const ProbeOptions& options, const Transcript& t) const {
  const auto id = static_cast<std::int32_t>(t.size() + 1);
  if (t.empty()) {
    return Exchange{"hello", mg::op_msg({mg::int32("hello", 1), mg::utf8("$db", "admin")}, id),
                    kReplyCap, step_id(Step::hello)};
  }
  if (t.back().end != ReplyEnd::complete) return std::nullopt;
  const Dialogue d = analyse(t);
  if (!d.identified || d.unauthorized) return std::nullopt;
  if (t.size() == 1) {
    return Exchange{"buildInfo",
                    mg::op_msg({mg::int32("buildInfo", 1), mg::utf8("$db", "admin")}, id),
                    kReplyCap, step_id(Step::build_info)};
  }
  if (t.size() == 2) {
    return Exchange{"listDatabases",
                    mg::op_msg({mg::int32("listDatabases", 1), mg::boolean("nameOnly", false),
                                mg::utf8("$db", "admin")},
                               id),
                    kReplyCap, step_id(Step::list_databases)};
  }
  if (!d.listdb_ok || options.max_items == 0) return std::nullopt;
  for (const auto& db : choose_dbs(d).visit) {
    bool listed = false;
    for (const auto& c : d.collections) listed = listed || c.first == db;
    if (listed) continue;
    const auto batch =
        static_cast<std::int32_t>(std::min<std::uint32_t>(options.max_items, kMaxCollectionsPerDb));
    return Exchange{"listCollections " + db,
                    mg::op_msg({mg::int32("listCollections", 1),
                                mg::document("cursor", {mg::int32("batchSize", batch)}),
                                mg::boolean("nameOnly", true), mg::utf8("$db", db)},
                               id),
                    kReplyCap, step_id(Step::list_collections), db};
  }
  const auto plan = choose_collections(d, collection_budget(options));
  const std::int32_t limit = docs_per_collection(options.max_sample_records, plan.read.size());
  for (const auto& [db, coll] : plan.read) {
    const std::string ns = db + "." + coll;
    const Found* done = nullptr;
    for (const auto& f : d.found) done = f.ns == ns ? &f : done;
    if (done == nullptr) {
      return Exchange{"find " + ns,
                      mg::op_msg({mg::utf8("find", coll), mg::int32("limit", limit),
                                  mg::int32("batchSize", limit), mg::utf8("$db", db)},
                                 id),
                      kReplyCap, step_id(Step::find), ns};
    }
    // The first batch ended short of the plan and the server kept the cursor: follow it.
    const auto have = static_cast<std::int32_t>(done->docs.size());
    if (done->cursor != 0 && have < limit && done->get_mores < kMaxGetMores) {
      return Exchange{"getMore " + ns,
                      mg::op_msg({mg::int64("getMore", done->cursor), mg::utf8("collection", coll),
                                  mg::int32("batchSize", limit - have), mg::utf8("$db", db)},
                                 id),
                      kReplyCap, step_id(Step::get_more), ns};
    }
  }
  return std::nullopt;
}

Framing MongodbProbe::frame(const Exchange& exchange, std::string_view reply) const {
  const auto len = mg::declared_length(reply);
  if (!len) return Framing::need_more;
  if (*len < 21 || *len > exchange.max_reply_bytes) return Framing::invalid;
  return reply.size() >= *len ? Framing::complete : Framing::need_more;
}

Result<Observation> MongodbProbe::parse(const Transcript& t) const {
  Observation obs;
  if (t.empty() || t.front().reply.empty()) {
    obs.note = "no reply to hello";
    return obs;
  }
  const Dialogue d = analyse(t);
  if (!d.identified) {
    obs.note = "the reply to hello is not MongoDB";
    return obs;
  }
  obs.identified = true;
  obs.product = "mongodb";
  obs.version = printable(d.version, 32);
  auto& md = obs.metadata;
  nlohmann::json markers = nlohmann::json::array({"hello answered ok with maxWireVersion"});
  if (d.max_wire) md["max_wire_version"] = *d.max_wire;
  if (d.listdb_ok) {
    markers.push_back("listDatabases answered ok:1");
    nlohmann::json dbs = nlohmann::json::array();
    for (const auto& db : d.dbs) {
      dbs.push_back(
          {{"name", printable(db.name, 128)}, {"size_on_disk", db.size}, {"empty", db.empty}});
    }
    md["databases"] = dbs;
    if (d.total_size && *d.total_size >= 0) {
      obs.data_bytes = static_cast<std::uint64_t>(*d.total_size);
    }
  }
  nlohmann::json colls = nlohmann::json::array();
  std::size_t listed_collections = 0;
  std::vector<std::string> all_names;
  for (const auto& [db, names] : d.collections) {
    for (const auto& n : names) {
      if (colls.size() < kMaxListed) colls.push_back(printable(db + "." + n, 160));
      if (!n.starts_with("system.")) ++listed_collections;
      all_names.push_back(db + "." + n);
    }
  }
  if (!colls.empty()) md["collections"] = colls;
  if (d.listdb_ok) md["sampling"] = sampling_notes(d, listed_collections);
  if (auto names = sensitive_names(all_names); !names.empty()) md["sensitive_names"] = names;
  md["markers"] = markers;
  obs.markers = static_cast<std::uint32_t>(markers.size());
  if (!d.notes.empty()) md["notes"] = d.notes;
  if (d.unauthorized) {
    obs.auth_demanded = true;
    obs.proof = d.refusal_label;
    obs.note = "refused without credentials: " + printable(d.refusal, 120);
    return obs;
  }
  // listDatabases answered ok:1 without credentials: a data command authorization refuses.
  obs.data_command_accepted = d.listdb_ok;
  obs.capabilities.read = d.listdb_ok;
  // One sample per collection read (its documents as JSON lines), within the service budget.
  SampleBudget budget(ProbeOptions{}.max_sample_records, ProbeOptions{}.max_sample_bytes,
                      kMaxSampleBytesPerCollection);
  for (const auto& f : d.found) {
    if (f.docs.empty()) continue;
    std::string data;
    for (const auto& doc : f.docs) {
      if (data.size() >= kMaxSampleBytesPerCollection) break;
      data += mg::to_json(doc, kDocJsonCap) + "\n";
    }
    if (!obs.data_read) {
      obs.data_read = true;
      obs.proof = f.label;
    }
    budget.add(obs, "collection " + printable(f.ns, 160), "json", std::move(data));
  }
  if (obs.data_read) {
    obs.note = "documents read without authentication";
  } else {
    obs.proof = d.listdb_ok ? "listDatabases" : "hello";
    obs.note = d.listdb_ok ? "databases listed without authentication; no documents read"
                           : "hello answered; nothing listed";
  }
  return obs;
}

Verdict MongodbProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

}  // namespace lw::probes
