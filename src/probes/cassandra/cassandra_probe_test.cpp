// The replies are the replay frames in tests/fakes/transcripts/cassandra/, built by
// make_transcripts.py from the CQL native protocol v4 specification (no Cassandra server is
// packaged for Debian, so none was recorded).
#include "probes/cassandra/cassandra_probe.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "probes/cassandra/cql.h"
#include "probes/common/test_support.h"

namespace lw::probes {
namespace {

std::string frame_file(const std::string& name) {
  std::ifstream in(std::string(LW_CQL_TRANSCRIPTS) + "/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << name;
  return s.str();
}

Transcript converse(const CassandraProbe& p, bool secured, ProbeOptions o = {}) {
  Transcript t;
  for (int i = 0; i < 10; ++i) {
    auto ex = p.next(o, t);
    if (!ex) break;
    std::string r;
    if (ex->label == "STARTUP") r = frame_file(secured ? "authenticate.bin" : "ready.bin");
    if (ex->label == "system.local") r = frame_file("local.bin");
    if (ex->label == "tables") r = frame_file("tables.bin");
    if (ex->label == "sample crm.customers") r = frame_file("customers.bin");
    EXPECT_EQ(p.frame(*ex, r), Framing::complete) << ex->label;
    EXPECT_EQ(p.frame(*ex, r.substr(0, r.size() - 1)), Framing::need_more);
    t.push_back(Turn{*ex, r, ReplyEnd::complete});
  }
  return t;
}

}  // namespace

TEST(CassandraProbe, ReadyIsOpenWithRows) {
  const CassandraProbe p;
  const Transcript t = converse(p, false);
  ASSERT_EQ(t.size(), 4u);  // system tables are not sampled
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->version, "4.1.5");
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.proof, "sample crm.customers");
  ASSERT_EQ(obs->samples.size(), 1u);
  EXPECT_NE(obs->samples[0].data.find("ssn=078-05-1120"), std::string::npos);
  EXPECT_NE(obs->samples[0].data.find("id=1"), std::string::npos);
  EXPECT_NE(obs->samples[0].data.find("card=NULL"), std::string::npos);
}

TEST(CassandraProbe, AuthenticateIsAuthRequired) {
  const CassandraProbe p;
  const Transcript t = converse(p, true);
  ASSERT_EQ(t.size(), 1u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
  EXPECT_EQ(obs->metadata["authenticator"], "org.apache.cassandra.auth.PasswordAuthenticator");
}

TEST(CassandraProbe, OtherProtocolsAndHostileFrames) {
  const CassandraProbe p;
  for (const std::string& r : {std::string("HTTP/1.1 400 Bad Request\r\n\r\n"),
                               std::string("\x84\0\0\0\x02\0\0\0\x01x", 10), std::string()}) {
    Transcript t{Turn{Exchange{"STARTUP", cql::startup(0), 4096}, r, ReplyEnd::complete}};
    auto obs = p.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::not_this_protocol);
  }
  const Exchange ex{"STARTUP", cql::startup(0), 4096};
  EXPECT_EQ(p.frame(ex, std::string("\x84\0\0\0\x08\x7f\xff\xff\xff", 9)), Framing::invalid);
  EXPECT_EQ(p.frame(ex, std::string("\x84\0\0\0\x08\xff\xff\xff\xff", 9)), Framing::invalid);
  // Rows whose counts lie, and a type nested past the cap.
  EXPECT_FALSE(cql::parse_rows(std::string("\0\0\0\x02\0\0\0\x01\x7f\xff\xff\xff", 12), 10));
  // Zero columns and 2^31-1 rows: no loop over rows that take no bytes (a fuzzing find).
  auto empty_rows =
      cql::parse_rows(std::string("\0\0\0\x02\0\0\0\x04\0\0\0\0\x7f\xff\xff\xff", 16), 10);
  ASSERT_TRUE(empty_rows);
  EXPECT_TRUE(empty_rows->rows.empty());
  std::string deep(
      "\0\0\0\x02\0\0\0\x01\0\0\0\x01\0\x01"
      "a",
      15);
  for (int i = 0; i < 20; ++i) deep += std::string("\0\x20", 2);
  deep += std::string("\0\x0d", 2);
  EXPECT_FALSE(cql::parse_rows(deep, 10));
}

TEST(CassandraProbe, TruncationAtEveryByteNeverCrashes) {
  const CassandraProbe p;
  const Transcript full = converse(p, false);
  testing::expect_truncation_safe(p, full, 3);
}

}  // namespace lw::probes
