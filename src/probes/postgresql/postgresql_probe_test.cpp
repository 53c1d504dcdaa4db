#include "probes/postgresql/postgresql_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/postgresql/pg_dialogue.h"
#include "probes/postgresql/pg_wire.h"

namespace lw::probes {
namespace {

// Transcripts recorded from Debian 12's postgresql-15 on 127.0.1.11/12 with tests/fakes'
// lw_record_dialogue; the provenance line is in each file.
Transcript recorded(const std::string& name) {
  return testing::with_steps(PostgresqlProbe{},
                             testing::recorded("postgresql/testdata/recorded/" + name));
}

// A backend message built per the protocol-message-formats page.
std::string message(char type, std::string_view body) {
  std::string out(1, type);
  const auto n = static_cast<std::uint32_t>(body.size() + 4);
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  return out + std::string(body);
}

Transcript startup_reply(std::string reply) {
  return {Turn{
      Exchange{"startup user=postgres", pg::startup_message("postgres", "postgres", "x"), 16384},
      std::move(reply), ReplyEnd::complete}};
}

}  // namespace

TEST(PostgresqlProbe, TrustIsOpenWithCatalogAndRows) {
  const PostgresqlProbe p;
  const Transcript t = recorded("trust_15.lwt");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "postgresql");
  EXPECT_EQ(obs->version, "15.18");
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_TRUE(v.proof.starts_with("sample public."));
  EXPECT_GE(obs->metadata["databases"].size(), 2u);  // postgres, hr
  EXPECT_EQ(obs->metadata["tables"].size(), 3u);
  EXPECT_EQ(obs->samples.size(), 3u);
  std::string all;
  for (const auto& s : obs->samples) all += s.data;
  EXPECT_NE(all.find("ssn=078-05-1120"), std::string::npos);
  EXPECT_NE(all.find("UNCLASSIFIED//FOUO"), std::string::npos);
  EXPECT_NE(all.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
}

TEST(PostgresqlProbe, DialogueReplaysTheRecordedRequests) {
  const PostgresqlProbe p;
  const Transcript t = recorded("trust_15.lwt");
  testing::expect_replays(p, {}, t, testing::ReplayCheck::requests_and_framing);
  ProbeOptions o;
  o.max_sample_records = 1;
  auto full = t;
  full.resize(4);
  EXPECT_FALSE(p.next(o, full));
}

TEST(PostgresqlProbe, ScramIsAuthRequired) {
  const PostgresqlProbe p;
  const Transcript t = recorded("scram_15.lwt");
  EXPECT_FALSE(p.next({}, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_NE(v.reason.find("SCRAM"), std::string::npos);
}

TEST(PostgresqlProbe, HbaRejectAndOtherStartupErrors) {
  const PostgresqlProbe p;
  const std::string reject =
      message('E', std::string("SFATAL\0VFATAL\0C28000\0Mpg_hba.conf rejects connection\0\0", 54));
  auto obs = p.parse(startup_reply(reject));
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
  const std::string nodb =
      message('E', std::string("SFATAL\0C3D000\0Mdatabase does not exist\0\0", 41));
  obs = p.parse(startup_reply(nodb));
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::unknown);
}

TEST(PostgresqlProbe, DefaultLoginsOffSendsOnlySslRequest) {
  const PostgresqlProbe p;
  ProbeOptions o;
  o.default_logins = false;
  auto ex = p.next(o, {});
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->request, pg::ssl_request());
  Transcript t{Turn{*ex, "N", ReplyEnd::complete}};
  EXPECT_FALSE(p.next(o, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::unknown);
}

TEST(PostgresqlProbe, OtherProtocolsAndHostileReplies) {
  const PostgresqlProbe p;
  for (const std::string& reply :
       {std::string("HTTP/1.1 400 Bad Request\r\n\r\n"), std::string("-ERR x\r\n"),
        std::string("R\0\0\0\x08\0\0\0\x63", 9), std::string("E\0\0\0\x05", 5), std::string()}) {
    auto obs = p.parse(startup_reply(reply));
    ASSERT_TRUE(obs);
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::not_this_protocol) << reply;
  }
  const Exchange ex{"startup user=postgres", "", 16384};
  EXPECT_EQ(p.frame(ex, "HTTP/1.1 400"), Framing::invalid);
  EXPECT_EQ(p.frame(ex, std::string("R\x7f\xff\xff\xff", 5)), Framing::invalid);  // huge
  EXPECT_EQ(p.frame(ex, std::string("R\0\0\0\x02", 5)), Framing::invalid);        // length < 4
  // Lying lengths inside a DataRow are errors, not over-reads.
  EXPECT_FALSE(
      pg::data_row(std::string("\0\x01\0\0\0\x10"
                               "abc",
                               9)));
  EXPECT_FALSE(pg::data_row(std::string("\xff\xff", 2)));
  EXPECT_FALSE(pg::row_description(std::string("\0\x02name\0", 7)));
}

TEST(PostgresqlProbe, TruncationAtEveryByteNeverCrashes) {
  const PostgresqlProbe p;
  const Transcript full = recorded("trust_15.lwt");
  testing::expect_truncation_safe(p, full, 3, ReplyEnd::timeout);
}

TEST(PostgresqlProbe, IdentifiersAreQuoted) {
  EXPECT_EQ(pg::quote_ident("a\"; DROP TABLE x; --"), "\"a\"\"; DROP TABLE x; --\"");
}

}  // namespace lw::probes
