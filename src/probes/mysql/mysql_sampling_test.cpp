// The MySQL probe's reach (every non-system database, in one read-only session) and sampling (the
// shared sampler over tables and their column names), on a transcript recorded from a real
// server laid out as a deployment, and on hostile catalog replies.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "probes/common/test_support.h"
#include "probes/mysql/mysql_dialogue.h"
#include "probes/mysql/mysql_probe.h"

namespace lw::probes {
namespace {

// Recorded from Debian 12 mariadb-server 10.11.19 on 127.0.1.23:3306 (lab instance `deployed`,
// root with an empty password; big ordinary tables in `shop`, 40 small ones in `ops_archive`,
// two SSNs in hr.personnel, a card in ledger.stored_instruments, from
// lab/services/data/deployed_data_mq.py mariadb).
Transcript recorded(const std::string& name) {
  return testing::with_steps(MysqlProbe{}, testing::recorded("mysql/testdata/recorded/" + name));
}

std::string packet(std::uint8_t seq, std::string_view payload) {
  std::string out;
  const auto n = static_cast<std::uint32_t>(payload.size());
  for (int i = 0; i < 3; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  out.push_back(static_cast<char>(seq));
  return out + std::string(payload);
}

std::string lenenc(std::string_view s) {
  std::string out;
  if (s.size() < 251) {
    out.push_back(static_cast<char>(s.size()));
  } else {
    out.push_back(static_cast<char>(0xfc));
    out.push_back(static_cast<char>(s.size() & 0xff));
    out.push_back(static_cast<char>((s.size() >> 8) & 0xff));
  }
  return out + std::string(s);
}

// A text-protocol result set as the protocol documents it: column count, column definitions,
// EOF, rows, EOF (CLIENT_DEPRECATE_EOF is not requested).
std::string result_set(const std::vector<std::string>& columns,
                       const std::vector<std::vector<std::string>>& rows) {
  std::uint8_t seq = 1;
  std::string out = packet(seq++, std::string(1, static_cast<char>(columns.size())));
  for (const auto& c : columns) {
    out += packet(seq++, lenenc("def") + lenenc("") + lenenc("") + lenenc("") + lenenc(c) +
                             lenenc(c) + std::string("\x0c\x21\0\0\0\0\xfd\0\0\0\0\0", 13));
  }
  const std::string eof("\xfe\0\0\x02\0", 5);
  out += packet(seq++, eof);
  for (const auto& row : rows) {
    std::string body;
    for (const auto& v : row) body += lenenc(v);
    out += packet(seq++, body);
  }
  return out + packet(seq, eof);
}

}  // namespace

TEST(MysqlSampling, EveryDatabaseIsListedAndSensitiveTablesAreReadFirst) {
  const MysqlProbe p;
  const Transcript t = recorded("mariadb_deployed_10.11.lwt");
  testing::expect_replays(p, ProbeOptions{}, t, testing::ReplayCheck::requests_and_framing);
  // A read-only session with a statement time limit before anything is read.
  ASSERT_GE(t.size(), 7u);
  EXPECT_EQ(t[2].exchange.label, "read-only session");
  EXPECT_NE(t[2].exchange.request.find("SET SESSION TRANSACTION READ ONLY"), std::string::npos);
  EXPECT_NE(t[3].exchange.request.find("max_statement_time = 5"), std::string::npos);
  // Only SET, SHOW and SELECT statements go out.
  for (std::size_t i = 2; i < t.size(); ++i) {
    const std::string sql = t[i].exchange.request.substr(5);
    EXPECT_TRUE(sql.starts_with("SET SESSION ") || sql.starts_with("SHOW ") ||
                sql.starts_with("SELECT "))
        << sql;
  }
  // hr.personnel is among the smallest of 46 tables, yet read first.
  EXPECT_EQ(t[6].exchange.label, "sample hr.personnel");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->data_read);
  EXPECT_EQ(obs->proof, "sample hr.personnel");
  std::set<std::string> sources;
  std::string all;
  for (const auto& s : obs->samples) {
    sources.insert(s.source);
    all += s.data;
  }
  EXPECT_TRUE(sources.count("table hr.personnel"));
  EXPECT_TRUE(sources.count("table ledger.stored_instruments"));
  EXPECT_TRUE(sources.count("table shop.orders"));  // stratified: ordinary tables too
  EXPECT_NE(all.find("ssn="), std::string::npos);
  EXPECT_NE(all.find("pan=4000 "), std::string::npos);
  EXPECT_EQ(obs->samples.size(), mysql::kMaxTablesSampled);
  const std::string names = obs->metadata["sensitive_names"].dump();
  EXPECT_NE(names.find("hr.personnel.ssn"), std::string::npos) << names;
  EXPECT_NE(names.find("ledger.stored_instruments.pan"), std::string::npos) << names;
  EXPECT_EQ(names.find("shop.orders"), std::string::npos) << names;
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("12 of 46 tables sampled"), std::string::npos) << sampling;
  const auto& dbs = obs->metadata["databases"];
  for (const char* db : {"hr", "ledger", "shop", "ops_archive"}) {
    EXPECT_NE(std::find(dbs.begin(), dbs.end(), db), dbs.end()) << db;
  }
}

TEST(MysqlSampling, ThousandsOfTablesAndABillionRowsStayBounded) {
  // 5,000 big tables of a billion rows each and one small table with an ssn column: the list is
  // cut at kMaxTablesListed, every read has LIMIT kRowsPerTable, and what was left is named.
  const MysqlProbe p;
  const Transcript recorded_t = recorded("mariadb_deployed_10.11.lwt");
  Transcript t(recorded_t.begin(), recorded_t.begin() + 5);  // up to SHOW DATABASES
  auto tables = p.next(ProbeOptions{}, t);
  ASSERT_TRUE(tables);
  EXPECT_EQ(tables->label, "tables");
  EXPECT_EQ(tables->max_reply_bytes, mysql::kTablesCap);
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 5000; ++i) {
    rows.push_back({"shop", "events_" + std::to_string(i), "1000000000", "999999999999",
                    "id,kind,detail", "5001"});
  }
  rows.push_back({"hr", "personnel", "2", "16384", "id,full_name,ssn", "5001"});
  const std::string reply =
      result_set({"table_schema", "table_name", "rows", "size", "columns", "total"}, rows);
  EXPECT_EQ(p.frame(*tables, reply), Framing::complete);
  t.push_back(Turn{*tables, reply, ReplyEnd::complete});
  const auto d = mysql::analyse(t);
  EXPECT_EQ(d.tables.size(), mysql::kMaxTablesListed);
  EXPECT_EQ(d.tables_total, 5001u);
  auto sample = p.next(ProbeOptions{}, t);
  ASSERT_TRUE(sample);
  EXPECT_TRUE(sample->request.ends_with(" LIMIT 5")) << sample->request;
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("0 of 5001 tables sampled (1000 largest listed)"), std::string::npos)
      << sampling;
  // Among listed tables, a sensitive column wins over size.
  rows.erase(rows.begin() + 10, rows.end() - 1);
  Transcript small(t.begin(), t.begin() + 5);
  small.push_back(
      Turn{*tables, result_set({"a", "b", "c", "d", "e", "f"}, rows), ReplyEnd::complete});
  auto first = p.next(ProbeOptions{}, small);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->label, "sample hr.personnel");
  EXPECT_EQ(mysql::choose_tables(mysql::analyse(small), 20).size(), 11u);
  // No sample budget: nothing is read.
  ProbeOptions none;
  none.max_sample_records = 0;
  EXPECT_FALSE(p.next(none, small));
}

TEST(MysqlSampling, HugeNamesAndColumnListsAreCut) {
  const MysqlProbe p;
  const Transcript recorded_t = recorded("mariadb_deployed_10.11.lwt");
  Transcript t(recorded_t.begin(), recorded_t.begin() + 5);
  auto tables = p.next(ProbeOptions{}, t);
  ASSERT_TRUE(tables);
  const std::string long_name(60'000, 'n');
  std::string columns;
  for (int i = 0; i < 3000; ++i) columns += "ssn_" + std::to_string(i) + ",";
  const std::string reply =
      result_set({"a", "b", "c", "d", "e", "f"},
                 {{"db", long_name, "1", "1", columns.substr(0, 60'000), "1"}});
  t.push_back(Turn{*tables, reply, ReplyEnd::complete});
  const auto d = mysql::analyse(t);
  ASSERT_EQ(d.tables.size(), 1u);
  EXPECT_EQ(d.tables[0].columns.size(), mysql::kColumnsBytes);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  for (const auto& n : obs->metadata["sensitive_names"]) {
    EXPECT_LE(n.get<std::string>().size(), 128u);
  }
  EXPECT_LE(obs->metadata["sensitive_names"].size(), 20u);
}

}  // namespace lw::probes
