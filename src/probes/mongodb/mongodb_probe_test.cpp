// The replies here are the replay transcripts in tests/fakes/transcripts/mongodb/, built by
// make_transcripts.py from the MongoDB manual (wire protocol OP_MSG, hello, buildInfo,
// listDatabases, listCollections, find, error code 13) and the BSON spec: no MongoDB server is
// packaged for Debian, so none was recorded.
#include "probes/mongodb/mongodb_probe.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "probes/common/test_support.h"
#include "probes/mongodb/mongo_wire.h"

namespace lw::probes {
namespace {

std::string reply(const std::string& name) {
  std::ifstream in(std::string(LW_MONGO_TRANSCRIPTS) + "/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << name;
  return s.str();
}

// Runs the dialogue against a function from request label to reply file.
template <class F>
Transcript converse(const MongodbProbe& p, F answer, ProbeOptions o = {}) {
  Transcript t;
  for (int i = 0; i < 16; ++i) {
    auto ex = p.next(o, t);
    if (!ex) break;
    const std::string r = answer(ex->label);
    EXPECT_EQ(p.frame(*ex, r), Framing::complete) << ex->label;
    if (r.size() > 1) {
      EXPECT_EQ(p.frame(*ex, r.substr(0, r.size() - 1)), Framing::need_more);
    }
    t.push_back(Turn{*ex, r, ReplyEnd::complete});
  }
  return t;
}

std::string open_server(const std::string& label) {
  if (label == "hello") return reply("hello.reply.bin");
  if (label == "buildInfo") return reply("buildinfo.reply.bin");
  if (label == "listDatabases") return reply("listdatabases.reply.bin");
  if (label.starts_with("listCollections")) return reply("listcollections.reply.bin");
  if (label == "find crm.customers") return reply("find_customers.reply.bin");
  if (label == "find crm.memos") return reply("find_memos.reply.bin");
  return {};
}

}  // namespace

TEST(MongodbProbe, OpenServerIsOpen) {
  const MongodbProbe p;
  const Transcript t = converse(p, open_server);
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[3].exchange.label, "listCollections crm");  // admin, config, local skipped
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(obs->product, "mongodb");
  EXPECT_EQ(obs->version, "7.0.14");
  EXPECT_EQ(obs->data_bytes, 249856u);
  EXPECT_EQ(obs->metadata["databases"].size(), 4u);
  EXPECT_EQ(obs->metadata["collections"].size(), 2u);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(v.proof, "find crm.customers");
  ASSERT_EQ(obs->samples.size(), 2u);
  EXPECT_NE(obs->samples[0].data.find("078-05-1120"), std::string::npos);
  EXPECT_NE(obs->samples[1].data.find("UNCLASSIFIED//FOUO"), std::string::npos);
}

TEST(MongodbProbe, UnauthorizedIsAuthRequired) {
  const MongodbProbe p;
  const Transcript t = converse(p, [](const std::string& label) {
    if (label == "hello") return reply("hello.reply.bin");
    if (label == "buildInfo") return reply("buildinfo.reply.bin");
    return reply("unauthorized.reply.bin");
  });
  ASSERT_EQ(t.size(), 3u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required);
  EXPECT_EQ(v.proof, "listDatabases");
  EXPECT_EQ(obs->version, "7.0.14");
}

TEST(MongodbProbe, RequestsAreReadOnlyCommands) {
  const MongodbProbe p;
  const Transcript t = converse(p, open_server);
  for (const auto& turn : t) {
    const auto& r = turn.exchange.request;
    ASSERT_GT(r.size(), 21u);
    auto body = mongo::check_document(r.substr(21));
    EXPECT_TRUE(body) << turn.exchange.label;
    for (const char* verb : {"insert", "update", "delete", "drop", "create"}) {
      EXPECT_FALSE(mongo::has(r.substr(21), verb)) << verb;
    }
  }
  EXPECT_EQ(mongo::number(t[5].exchange.request.substr(21), "limit"),
            50.0);  // 200 over 2 collections, cap 50
}

TEST(MongodbProbe, OptionsBoundTheDialogue) {
  const MongodbProbe p;
  ProbeOptions o;
  o.max_sample_records = 1;
  EXPECT_EQ(converse(p, open_server, o).size(), 5u);
  o = ProbeOptions{};
  o.max_items = 0;
  EXPECT_EQ(converse(p, open_server, o).size(), 3u);
}

TEST(MongodbProbe, OtherProtocolsAndHostileReplies) {
  const MongodbProbe p;
  const Exchange ex{"hello", "", 262144};
  for (const std::string& r : {std::string("HTTP/1.1 400 Bad Request\r\n\r\n"),
                               std::string("+OK\r\n"), std::string(20, '\0'), std::string()}) {
    Transcript t{Turn{ex, r, ReplyEnd::closed}};
    auto obs = p.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::not_this_protocol);
  }
  EXPECT_EQ(p.frame(ex, "HTTP/1.1 400"), Framing::invalid);                // length too large
  EXPECT_EQ(p.frame(ex, std::string("\x05\0\0\0", 4)), Framing::invalid);  // below a header
  // A body document whose length lies, and one nested past the depth cap.
  std::string hello = reply("hello.reply.bin");
  std::string lying = hello;
  lying[21] = '\x7f';
  EXPECT_FALSE(mongo::reply_document(lying, 1 << 20));
  std::string deep;
  for (int i = 0; i < 40; ++i)
    deep = std::string(
               "\x03"
               "a\0",
               3) +
           deep;
  // Build nested {a:{a:{...}}} with correct lengths.
  std::string doc = std::string("\x05\0\0\0\0", 5);
  for (int i = 0; i < 40; ++i) {
    std::string body = std::string(
                           "\x03"
                           "a\0",
                           3) +
                       doc + std::string(1, '\0');
    const auto n = static_cast<std::uint32_t>(body.size() + 4);
    std::string len;
    for (int k = 0; k < 4; ++k) len.push_back(static_cast<char>((n >> (8 * k)) & 0xff));
    doc = len + body;
  }
  auto checked = mongo::check_document(doc);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::too_deep);
}

TEST(MongodbProbe, TruncationAtEveryByteNeverCrashes) {
  const MongodbProbe p;
  const Transcript full = converse(p, open_server);
  testing::expect_truncation_safe(p, full, 4, ReplyEnd::timeout);
}

}  // namespace lw::probes
