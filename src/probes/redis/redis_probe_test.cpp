#include "probes/redis/redis_probe.h"

#include <gtest/gtest.h>

#include "probes/common/test_support.h"
#include "probes/redis/redis_dialogue.h"
#include "probes/redis/resp_parser.h"

namespace lw::probes {
namespace {

// Transcripts recorded from Debian 12's redis-server 5:7.0.15-1~deb12u10 on 127.0.1.x with
// tests/fakes (lw_record_dialogue, record_raw.py); the provenance line is in each file.
Transcript recorded(const std::string& name) {
  return testing::recorded("redis/testdata/recorded/" + name);
}

Turn turn(std::string label, std::string request, std::string reply,
          ReplyEnd end = ReplyEnd::complete) {
  return Turn{Exchange{std::move(label), std::move(request), 65536}, std::move(reply), end};
}

std::string bulk(std::string_view s) {
  return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n";
}

}  // namespace

TEST(RedisProbe, OpenInstanceIsOpenWithSamplesAndMetadata) {
  const RedisProbe p;
  const Transcript t = recorded("open_7.0.15.lwt");
  ASSERT_EQ(t.size(), 8u);  // INFO, SCAN x2, TYPE x2, READ x2, CONFIG GET dir
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->identified);
  EXPECT_EQ(obs->product, "redis");
  EXPECT_EQ(obs->version, "7.0.15");
  EXPECT_EQ(obs->record_count, 10u);
  EXPECT_TRUE(obs->data_bytes.has_value());
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "READ db0 (9 keys)");
  EXPECT_EQ(obs->metadata["markers"].size(), 2u);
  ASSERT_EQ(obs->metadata["databases"].size(), 2u);
  EXPECT_EQ(obs->metadata["databases"][0]["keys"].size(), 9u);
  EXPECT_EQ(obs->metadata["keyspace"][1]["db"], 2);
  // Every planted type was read: string, hash, list, set, zset, stream, and db2's JSON string.
  std::set<std::string> types;
  std::string all;
  for (const auto& s : obs->samples) {
    types.insert(s.source.substr(s.source.rfind('(')));
    all += s.data + "\n";
  }
  EXPECT_EQ(obs->samples.size(), 10u);
  for (const char* ty : {"(string)", "(hash)", "(list)", "(set)", "(zset)", "(stream)"}) {
    EXPECT_TRUE(types.count(ty)) << ty;
  }
  EXPECT_NE(all.find("078-05-1120"), std::string::npos);
  EXPECT_NE(all.find("email: test.person@example.com"), std::string::npos);
  EXPECT_NE(all.find("UNCLASSIFIED//FOUO"), std::string::npos);
  EXPECT_NE(all.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
  // CONFIG GET answered without AUTH: CONFIG SET could write files anywhere the server may.
  EXPECT_TRUE(obs->capabilities.read);
  EXPECT_TRUE(obs->capabilities.write);
  EXPECT_TRUE(obs->capabilities.exec);
  EXPECT_EQ(obs->metadata["config_get"]["answered"], true);
  EXPECT_EQ(obs->metadata["config_get"]["dir"], "/tmp/cf_redis/data/open");
}

TEST(RedisProbe, ConfigGetIsTheLastRequestAndOnlyAGet) {
  const RedisProbe p;
  const Transcript t = recorded("open_7.0.15.lwt");
  const Transcript before(t.begin(), t.end() - 1);
  const auto ex = p.next({}, before);
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->label, "CONFIG GET dir");
  EXPECT_EQ(ex->request, resp::command({"CONFIG", "GET", "dir"}));
  EXPECT_FALSE(p.next({}, t));
  // With no key budget the dialogue is INFO then CONFIG GET.
  ProbeOptions o;
  o.max_items = 0;
  const auto first = p.next(o, Transcript(t.begin(), t.begin() + 1));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->label, "CONFIG GET dir");
}

TEST(RedisProbe, ConfigRenamedAwayOrRefusedGivesNoExec) {
  // rename-command CONFIG "" makes Redis 7.0.15 answer "-ERR unknown command 'CONFIG', ..."
  // (the wording of the integration test's server); an ACL user without +config answers NOPERM.
  const RedisProbe p;
  const Transcript t = recorded("open_7.0.15.lwt");
  for (const std::string& reply :
       {std::string("-ERR unknown command 'CONFIG', with args beginning with: 'GET' 'dir' \r\n"),
        std::string("-NOPERM this user has no permissions to run the 'config|get' command\r\n"),
        std::string("*2\r\n$3\r\ndir\r\n:7\r\n"), std::string("*2\r\n$3\r\ndi")}) {
    Transcript c(t.begin(), t.end() - 1);
    c.push_back(turn("CONFIG GET dir", resp::command({"CONFIG", "GET", "dir"}), reply));
    auto obs = p.parse(c);
    ASSERT_TRUE(obs) << reply;
    EXPECT_TRUE(obs->capabilities.read) << reply;
    EXPECT_FALSE(obs->capabilities.write) << reply;
    EXPECT_FALSE(obs->capabilities.exec) << reply;
    EXPECT_EQ(obs->metadata["config_get"]["answered"], false) << reply;
    // The refusal of CONFIG alone is no refusal of the store: still open by its reads.
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::open) << reply;
    EXPECT_FALSE(p.next({}, c)) << reply;
  }
}

TEST(RedisProbe, DialogueReplaysTheRecordedRequests) {
  // next() on each prefix of the recording asks exactly what was asked then.
  const RedisProbe p;
  const Transcript t = recorded("open_7.0.15.lwt");
  ProbeOptions o;
  testing::expect_replays(p, o, t, testing::ReplayCheck::requests_and_framing);
}

TEST(RedisProbe, OptionsBoundKeysAndReads) {
  const RedisProbe p;
  const Transcript t = recorded("open_7.0.15.lwt");
  ProbeOptions o;
  o.max_sample_records = 2;
  const Transcript scanned(t.begin(), t.begin() + 3);  // INFO, SCAN db0, SCAN db2
  auto type = p.next(o, scanned);
  ASSERT_TRUE(type);
  // The sampler's two best names (payment:card:1001, customer:1001:ssn), both in db0.
  EXPECT_EQ(type->label, "TYPE db0 (2 keys)");
  EXPECT_NE(type->request.find("payment:card:1001"), std::string::npos);
  EXPECT_NE(type->request.find("customer:1001:ssn"), std::string::npos);
  o.max_items = 0;  // no keys: INFO, then only CONFIG GET
  const auto only = p.next(o, Transcript(t.begin(), t.begin() + 1));
  ASSERT_TRUE(only);
  EXPECT_EQ(only->label, "CONFIG GET dir");
}

TEST(RedisProbe, RequirePassIsAuthRequired) {
  const RedisProbe p;
  const Transcript t = recorded("noauth_7.0.15.lwt");
  EXPECT_FALSE(p.next({}, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.evidence, EvidenceKind::identity);
  EXPECT_EQ(v.proof, "INFO");
  EXPECT_TRUE(obs->samples.empty());
}

TEST(RedisProbe, ProtectedModeIsAuthRequired) {
  const RedisProbe p;
  auto obs = p.parse(recorded("denied_7.0.15.lwt"));
  ASSERT_TRUE(obs);
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::auth_required);
  EXPECT_NE(obs->note.find("protected mode"), std::string::npos);
}

TEST(RedisProbe, SentinelIsNeverOpen) {
  const RedisProbe p;
  const Transcript t = recorded("sentinel_7.0.15.lwt");
  EXPECT_FALSE(p.next({}, t));
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_TRUE(obs->identified);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::unknown);
  EXPECT_EQ(v.evidence, EvidenceKind::identity);
  EXPECT_EQ(obs->metadata["sentinel"], true);
}

TEST(RedisProbe, OtherProtocolsAreNotRedis) {
  const RedisProbe p;
  const std::string info = resp::command({"INFO"});
  for (const char* reply :
       {"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "ERROR\r\n",
        "+OK POP3 server ready\r\n", "* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n",
        "220 (vsFTPd 3.0.3)\r\n", "-ERR Unknown command\r\n", "$5\r\nhello\r\n", ""}) {
    Transcript t{turn("INFO", info, reply)};
    auto obs = p.parse(t);
    ASSERT_TRUE(obs) << reply;
    EXPECT_FALSE(obs->identified) << reply;
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::not_this_protocol) << reply;
    EXPECT_FALSE(p.next({}, t)) << reply;
  }
  EXPECT_EQ(p.frame(Exchange{"INFO", info, 100}, "HTTP/1.1 400"), Framing::invalid);
}

TEST(RedisProbe, HostileInfoLengthIsABoundedError) {
  const RedisProbe p;
  Transcript t{turn("INFO", resp::command({"INFO"}), "$99999999999\r\n# Server\r\n")};
  auto obs = p.parse(t);
  ASSERT_FALSE(obs);
  EXPECT_EQ(obs.error().code, ErrorCode::too_large);
  EXPECT_EQ(p.frame(t[0].exchange, t[0].reply), Framing::invalid);
}

// An empty Redis answers INFO without AUTH: open with evidence access (was `unknown` before the
// one verdict rule, docs/probes.md "What open means").
TEST(RedisProbe, InfoWithoutKeysIsAccess) {
  const RedisProbe p;
  Transcript t{turn("INFO", resp::command({"INFO"}),
                    bulk("# Server\r\nredis_version:7.0.15\r\n# Keyspace\r\n"))};
  const auto last = p.next({}, t);  // nothing to scan: only CONFIG GET is left
  ASSERT_TRUE(last);
  EXPECT_EQ(last->label, redis::kConfigLabel);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::access);
  EXPECT_EQ(v.proof, "INFO");
}

TEST(RedisProbe, ReadsAreNeverReadEvidenceWithoutTheScanMarker) {
  // A fabricated READ reply after an INFO, with no SCAN: one marker only.
  const RedisProbe p;
  Transcript t{turn("INFO", resp::command({"INFO"}),
                    bulk("redis_version:7.0.15\r\ndb0:keys=1,expires=0\r\n")),
               turn("READ db0 (1 keys)", redis::read_command("k", "string"), bulk("value"))};
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  // INFO answered: access; the fabricated value is not corroborated by SCAN, so not a read.
  EXPECT_TRUE(obs->data_read);
  EXPECT_EQ(obs->markers, 1u);
  EXPECT_NE(p.judge(*obs).evidence, EvidenceKind::read);
}

TEST(RedisProbe, StopsWhenAReplyDidNotEndCleanly) {
  const RedisProbe p;
  Transcript t = recorded("open_7.0.15.lwt");
  t.resize(2);
  t[1].end = ReplyEnd::cap_reached;
  EXPECT_FALSE(p.next({}, t));
}

TEST(RedisProbe, TruncatedRepliesAtEveryByteNeverCrash) {
  const RedisProbe p;
  const Transcript full = recorded("open_7.0.15.lwt");
  for (std::size_t turn_index = 0; turn_index < full.size(); ++turn_index) {
    const std::string& reply = full[turn_index].reply;
    for (std::size_t n = 0; n < reply.size(); n += (n < 64 ? 1 : 7)) {
      Transcript t(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(turn_index) + 1);
      t.back().reply.resize(n);
      t.back().end = ReplyEnd::timeout;
      auto obs = p.parse(t);
      (void)p.next({}, t);
      if (!obs) continue;
      const auto v = p.judge(*obs);
      if (turn_index < 3) {
        EXPECT_NE(v.evidence, EvidenceKind::read) << turn_index << "@" << n;
      }
    }
  }
}

TEST(RedisProbe, CutInfoStillIdentifies) {
  const RedisProbe p;
  const Transcript full = recorded("open_7.0.15.lwt");
  Transcript t{full[0]};
  t[0].reply.resize(200);
  t[0].end = ReplyEnd::cap_reached;
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_TRUE(obs->identified);
  EXPECT_EQ(obs->version, "7.0.15");
}

TEST(RedisProbe, HostileKeyNamesAreSentLengthPrefixed) {
  const RedisProbe p;
  const std::string evil = "x\r\nFLUSHALL\r\n";
  const std::string scan = "*2\r\n" + bulk("0") + "*1\r\n" + bulk(evil);
  Transcript t{turn("INFO", resp::command({"INFO"}),
                    bulk("redis_version:7.0.15\r\ndb0:keys=1,expires=0\r\n")),
               turn("SCAN db0 cursor 0", resp::command({"SCAN", "0", "COUNT", "100"}), scan)};
  auto ex = p.next({}, t);
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->request, resp::command({"TYPE", evil}));
  auto count = resp::count_values(ex->request, 10);
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 1u);
}

}  // namespace lw::probes
