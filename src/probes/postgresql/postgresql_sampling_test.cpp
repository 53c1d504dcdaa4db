// The PostgreSQL probe's reach (every connectable database, through follow-ups) and sampling
// (the shared sampler over tables and their column names), on transcripts recorded from a real
// server laid out as a deployment, and on hostile catalog replies.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "probes/common/test_support.h"
#include "probes/postgresql/pg_dialogue.h"
#include "probes/postgresql/postgresql_probe.h"

namespace lw::probes {
namespace {

// Recorded from Debian 12 PostgreSQL 15 on 127.0.1.13:5432 (lab instance `deployed`, trust;
// `postgres` empty, the data in database `appdb` from lab/services/data/deployed_data.py
// postgresql): the main dialogue and its follow-up for appdb (LW_RECORD_FOLLOW_UPS=1).
Transcript recorded(const std::string& name, const std::string& database = "postgres") {
  return testing::with_steps(PostgresqlProbe{database},
                             testing::recorded("postgresql/testdata/recorded/" + name));
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string message(char type, const std::string& body) {
  return type + be32(static_cast<std::uint32_t>(body.size() + 4)) + body;
}

// A whole simple-query reply: RowDescription, DataRows, CommandComplete, ReadyForQuery.
std::string result(const std::vector<std::string>& columns,
                   const std::vector<std::vector<std::string>>& rows) {
  std::string desc{static_cast<char>(columns.size() >> 8), static_cast<char>(columns.size())};
  for (const auto& c : columns) desc += c + '\0' + std::string(18, '\0');
  std::string out = message('T', desc);
  for (const auto& row : rows) {
    std::string body{static_cast<char>(row.size() >> 8), static_cast<char>(row.size())};
    for (const auto& v : row) body += be32(static_cast<std::uint32_t>(v.size())) + v;
    out += message('D', body);
  }
  return out + message('C', "SELECT 1" + std::string(1, '\0')) + message('Z', "I");
}

}  // namespace

TEST(PostgresqlSampling, SecondDatabaseIsReadThroughAFollowUp) {
  const PostgresqlProbe main_probe;
  const Transcript main_t = recorded("deployed_15.lwt");
  testing::expect_replays(main_probe, ProbeOptions{}, main_t,
                          testing::ReplayCheck::requests_and_framing);
  auto main = main_probe.parse(main_t);
  ASSERT_TRUE(main) << main.error().describe();
  EXPECT_FALSE(main->data_read);  // `postgres` holds no tables
  const auto follow = main_probe.follow_ups(*main, ProbeOptions{});
  ASSERT_EQ(follow.size(), 1u);
  const Transcript appdb_t = recorded("deployed_15_appdb.lwt", "appdb");
  testing::expect_replays(*follow[0], ProbeOptions{}, appdb_t,
                          testing::ReplayCheck::requests_and_framing);
  // The schema with the SSN column is read first, though it is the smallest.
  EXPECT_EQ(appdb_t[2].exchange.label, "sample hr.personnel");
  std::vector<Result<Observation>> results{follow[0]->parse(appdb_t)};
  ASSERT_TRUE(results[0]);
  const Observation folded = main_probe.fold(*main, results);
  EXPECT_TRUE(folded.data_read);
  EXPECT_EQ(folded.proof, "appdb/sample hr.personnel");
  std::set<std::string> sources;
  for (const auto& s : folded.samples) sources.insert(s.source);
  EXPECT_TRUE(sources.count("table appdb.hr.personnel"));
  EXPECT_TRUE(sources.count("table appdb.billing.payment_methods"));
  const std::string names = folded.metadata["sensitive_names"].dump();
  EXPECT_NE(names.find("hr.personnel.ssn"), std::string::npos) << names;
  EXPECT_NE(names.find("billing.payment_methods.card_number"), std::string::npos) << names;
  EXPECT_EQ(names.find("hr.personnel.id"), std::string::npos) << names;
  const std::string sampling = folded.metadata["sampling"].dump();
  EXPECT_NE(sampling.find("appdb: 6 of 6 tables sampled"), std::string::npos) << sampling;
  EXPECT_EQ(folded.metadata["follow_ups"][0]["database"], "appdb");
}

TEST(PostgresqlSampling, FollowUpsAreCappedAndSensitiveNamesGoFirst) {
  const PostgresqlProbe p;
  Observation obs;
  obs.identified = true;
  auto dbs = nlohmann::json::array();
  for (int i = 0; i < 20; ++i) dbs.push_back({{"name", "shard" + std::to_string(i)}, {"bytes", 1}});
  dbs.push_back({{"name", "patients"}, {"bytes", 1}});
  dbs.push_back({{"name", "locked"}, {"bytes", nullptr}});  // no CONNECT privilege
  dbs.push_back({{"name", "postgres"}, {"bytes", 1}});
  obs.metadata["databases"] = dbs;
  auto follow = p.follow_ups(obs, ProbeOptions{});
  ASSERT_EQ(follow.size(), kMaxFollowUps);
  const auto first = follow[0]->next(ProbeOptions{}, {});
  ASSERT_TRUE(first);
  EXPECT_NE(first->request.find(std::string("patients") + '\0'), std::string::npos);
  // A follow-up has no follow-ups of its own; a refused service has none.
  EXPECT_TRUE(follow[0]->follow_ups(obs, ProbeOptions{}).empty());
  obs.auth_demanded = true;
  EXPECT_TRUE(p.follow_ups(obs, ProbeOptions{}).empty());
  // The fold says what the cap left out.
  std::vector<Result<Observation>> none(kMaxFollowUps, Observation{});
  obs.auth_demanded = false;
  const auto folded = p.fold(obs, none);
  EXPECT_NE(folded.metadata["sampling"].dump().find("8 of 21 other databases sampled"),
            std::string::npos)
      << folded.metadata["sampling"].dump();
}

TEST(PostgresqlSampling, ThousandsOfTablesAndABillionRowsStayBounded) {
  // A database with 5,000 big tables of a billion rows each and one small table with an ssn
  // column: the list is cut at kMaxTablesListed, the sample reads LIMIT kRowsPerTable rows, and
  // the small table with the sensitive column is read first.
  const PostgresqlProbe p("appdb");
  const Transcript recorded_t = recorded("deployed_15_appdb.lwt", "appdb");
  Transcript t(recorded_t.begin(), recorded_t.begin() + 1);  // startup: AuthenticationOk
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 5000; ++i) {
    rows.push_back({"public", "events_" + std::to_string(i), "1000000000", "999999999999",
                    "id,kind,detail", "5001"});
  }
  rows.push_back({"hr", "personnel", "2", "8192", "id,full_name,ssn", "5001"});
  auto tables = p.next(ProbeOptions{}, t);
  ASSERT_TRUE(tables);
  EXPECT_EQ(tables->label, "tables");
  EXPECT_NE(tables->request.find("statement_timeout"), std::string::npos);
  EXPECT_NE(tables->request.find("READ ONLY"), std::string::npos);
  std::string reply = result({"nspname", "relname", "reltuples", "size", "columns", "count"}, rows);
  ASSERT_LE(reply.size(), pg::kTablesCap);
  t.push_back(Turn{*tables, reply, ReplyEnd::complete});
  const auto d = pg::analyse(t);
  EXPECT_EQ(d.tables.size(), pg::kMaxTablesListed);
  EXPECT_EQ(d.tables_total, 5001u);
  auto sample = p.next(ProbeOptions{}, t);
  ASSERT_TRUE(sample);
  // The list holds the largest 1,000; hr.personnel (last, smallest) is not among them, so the
  // sampler starts with the listed tables, each with LIMIT 5.
  EXPECT_NE(sample->request.find(" LIMIT 5"), std::string::npos);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("0 of 5001 tables sampled (1000 largest listed)"), std::string::npos)
      << sampling;
  // Among listed tables, a sensitive column wins over size.
  rows.erase(rows.begin() + 10, rows.end() - 1);
  Transcript small(t.begin(), t.begin() + 1);
  small.push_back(Turn{*tables, result({"n", "r", "t", "s", "c", "k"}, rows), ReplyEnd::complete});
  auto first = p.next(ProbeOptions{}, small);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->label, "sample hr.personnel");
}

}  // namespace lw::probes
