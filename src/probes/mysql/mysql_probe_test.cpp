#include "probes/mysql/mysql_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/mysql/mysql_dialogue.h"
#include "probes/mysql/mysql_wire.h"

namespace lw::probes {
namespace {

// Transcripts recorded from Debian 12's mariadb-server 10.11 on 127.0.1.21/22 with tests/fakes'
// lw_record_dialogue; the provenance line is in each file.
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

}  // namespace

TEST(MysqlProbe, EmptyRootPasswordIsOpen) {
  const MysqlProbe p;
  const Transcript t = recorded("mariadb_open_10.11.lwt");
  EXPECT_TRUE(p.recognizes_banner(t[0].reply));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->product, "mariadb");
  EXPECT_EQ(obs->version, "10.11.19");
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(obs->metadata["tables"].size(), 3u);
  EXPECT_EQ(obs->samples.size(), 3u);
  std::string all;
  for (const auto& s : obs->samples) all += s.data;
  EXPECT_NE(all.find("ssn=078-05-1120"), std::string::npos);
  EXPECT_NE(all.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
  const auto& dbs = obs->metadata["databases"];
  EXPECT_NE(std::find(dbs.begin(), dbs.end(), "crm"), dbs.end());
}

TEST(MysqlProbe, DialogueReplaysTheRecordedRequests) {
  const MysqlProbe p;
  const Transcript t = recorded("mariadb_open_10.11.lwt");
  testing::expect_replays(p, {}, t, testing::ReplayCheck::requests_and_framing);
}

TEST(MysqlProbe, PasswordedRootIsAuthRequired) {
  const MysqlProbe p;
  const Transcript t = recorded("mariadb_secured_10.11.lwt");
  EXPECT_FALSE(p.next({}, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "login root (empty password)");
  EXPECT_EQ(obs->version, "10.11.19");
}

TEST(MysqlProbe, DefaultLoginsOffStopsAfterTheGreeting) {
  const MysqlProbe p;
  ProbeOptions o;
  o.default_logins = false;
  const Transcript t = recorded("mariadb_open_10.11.lwt");
  const Transcript greeting(t.begin(), t.begin() + 1);
  EXPECT_FALSE(p.next(o, greeting));
  auto obs = p.parse(greeting);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::unknown);
  EXPECT_EQ(p.judge(*obs).evidence, EvidenceKind::identity);
}

TEST(MysqlProbe, AuthSwitchIsAnsweredWithAnEmptyPassword) {
  // An AuthSwitchRequest as the protocol documents it (0xfe, plugin name, data).
  const MysqlProbe p;
  Transcript t = recorded("mariadb_open_10.11.lwt");
  t.resize(2);
  t[1].reply = packet(2, std::string("\xfe"
                                     "caching_sha2_password\0abcdefghij0123456789\0",
                                     44));
  auto ex = p.next({}, t);
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->request, std::string("\0\0\0\x03", 4));
  t.push_back(
      Turn{*ex, packet(4, std::string("\xff\x15\x04#28000Access denied", 22)), ReplyEnd::complete});
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
}

TEST(MysqlProbe, HostNotAllowedIsAuthRequired) {
  // The ERR packet MySQL sends instead of a greeting to a host without a grant (errno 1130).
  const MysqlProbe p;
  Transcript t{Turn{Exchange{"greeting", "", 4096},
                    packet(0, std::string("\xff\x6a\x04Host '10.0.0.9' is not allowed to connect "
                                          "to this MySQL server",
                                          62)),
                    ReplyEnd::closed}};
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
  EXPECT_FALSE(p.next({}, t));
}

TEST(MysqlProbe, OtherProtocolsAndHostileReplies) {
  const MysqlProbe p;
  for (const std::string& reply :
       {std::string("SSH-2.0-OpenSSH_9.2p1\r\n"), std::string("220 (vsFTPd 3.0.3)\r\n"),
        packet(0, "\x0a"), packet(0, std::string("\x0a\x01\x02\0", 4)), std::string()}) {
    Transcript t{Turn{Exchange{"greeting", "", 4096}, reply, ReplyEnd::complete}};
    auto obs = p.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::not_this_protocol);
    EXPECT_FALSE(p.recognizes_banner(reply));
  }
  const Exchange q{"SHOW DATABASES", mysql::query_packet("SHOW DATABASES"), 4096};
  EXPECT_EQ(p.frame(q, std::string("\xff\xff\xff\x01", 4)), Framing::invalid);  // 16 MiB > cap
  EXPECT_EQ(p.frame(q, packet(1, "\x01") + packet(2, "garbage")), Framing::invalid);
  std::string_view lying("\xfe\x01", 2);
  EXPECT_FALSE(mysql::lenenc_int(lying));
}

TEST(MysqlProbe, TruncationAtEveryByteNeverCrashes) {
  const MysqlProbe p;
  const Transcript full = recorded("mariadb_open_10.11.lwt");
  testing::expect_truncation_safe(p, full, 4, ReplyEnd::timeout);
}

TEST(MysqlProbe, IdentifiersAreQuoted) {
  EXPECT_EQ(mysql::quote_ident("a`; DROP TABLE x; --"), "`a``; DROP TABLE x; --`");
}

}  // namespace lw::probes
