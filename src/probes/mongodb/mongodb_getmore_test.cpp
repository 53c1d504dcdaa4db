// getMore (issue 12): a find whose first batch ends short of the sampler's plan for a collection
// while the server keeps the cursor is followed with getMore, bounded. No MongoDB server is
// packaged for Debian: the replies are built here as OP_MSG documents in the shapes the MongoDB
// manual documents for find ({cursor: {id, ns, firstBatch}, ok}) and getMore ({cursor: {id, ns,
// nextBatch}, ok}); arrays are written as BSON sub-documents with keys "0", "1"... (the reader
// takes both).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "probes/common/test_support.h"
#include "probes/mongodb/mongo_wire.h"
#include "probes/mongodb/mongodb_probe.h"

namespace lw::probes {
namespace {

namespace mg = mongo;

constexpr std::int64_t kCursor = 0x7fffffff12345678;  // beyond a double's exact integers

std::string doc_reply(std::vector<mg::Field> fields) {
  fields.push_back(mg::int32("ok", 1));
  return mg::op_msg(fields, 1);
}

mg::Field batch(const std::string& name, int from, int count) {
  std::vector<mg::Field> docs;
  for (int i = 0; i < count; ++i) {
    docs.push_back(mg::document(std::to_string(i), {mg::int32("_id", from + i),
                                                    mg::utf8("email", "test.person@example.com")}));
  }
  return mg::document(name, std::move(docs));
}

mg::Field cursor(std::int64_t id, const std::string& batch_name, int from, int count) {
  return mg::document("cursor", {mg::int64("id", id), mg::utf8("ns", "app.customers"),
                                 batch(batch_name, from, count)});
}

// A server with one collection, app.customers: find answers `first` documents and keeps the
// cursor; each getMore answers `next(n)` (n = getMores so far) documents, or an error.
template <class Next>
std::string answer(const Exchange& ex, int first, Next next, int& get_mores) {
  const std::string& l = ex.label;
  if (l == "hello") {
    return doc_reply({mg::boolean("isWritablePrimary", true), mg::int32("maxWireVersion", 17)});
  }
  if (l == "buildInfo") return doc_reply({mg::utf8("version", "7.0.14")});
  if (l == "listDatabases") {
    return doc_reply({mg::document(
        "databases", {mg::document("0", {mg::utf8("name", "app"), mg::int32("sizeOnDisk", 4096),
                                         mg::boolean("empty", false)})})});
  }
  if (l.starts_with("listCollections")) {
    return doc_reply({mg::document(
        "cursor",
        {mg::int64("id", 0), mg::utf8("ns", "app.$cmd.listCollections"),
         mg::document("firstBatch", {mg::document("0", {mg::utf8("name", "customers"),
                                                        mg::utf8("type", "collection")})})})});
  }
  if (l.starts_with("find ")) return doc_reply({cursor(kCursor, "firstBatch", 0, first)});
  if (l.starts_with("getMore ")) return next(get_mores++);
  return std::string();
}

// Documents in the collection's sample (one JSON line each).
std::size_t documents_read(const Observation& obs) {
  if (obs.samples.size() != 1) return 0;
  return static_cast<std::size_t>(
      std::count(obs.samples[0].data.begin(), obs.samples[0].data.end(), '\n'));
}

std::size_t count_label(const Transcript& t, std::string_view prefix) {
  std::size_t n = 0;
  for (const auto& turn : t) n += turn.exchange.label.starts_with(prefix) ? 1u : 0u;
  return n;
}

}  // namespace

TEST(MongodbGetMore, AShortFirstBatchIsFollowedUntilThePlanIsCovered) {
  const MongodbProbe p;
  int get_mores = 0;
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, [&](const Exchange& ex) {
    return answer(
        ex, 2,
        [](int) { return doc_reply({cursor(0, "nextBatch", 2, 3)}); },  // then the cursor ends
        get_mores);
  });
  ASSERT_EQ(count_label(t, "getMore "), 1u);
  const Exchange& more = t.back().exchange;
  ASSERT_EQ(more.label, "getMore app.customers");
  // The cursor id goes back exactly, with the documents still missing from the plan (50 for
  // one collection with the default budget, 2 already read).
  auto cmd = mg::reply_document(more.request, 1 << 20);
  ASSERT_TRUE(cmd) << cmd.error().describe();
  EXPECT_EQ(mg::integer64(*cmd, "getMore"), kCursor);
  EXPECT_EQ(mg::text(*cmd, "collection"), "customers");
  EXPECT_EQ(mg::number(*cmd, "batchSize"), 48);
  EXPECT_EQ(mg::text(*cmd, "$db"), "app");
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(documents_read(*obs), 5u);  // 2 from find, 3 from getMore
  EXPECT_NE(obs->samples[0].data.find("\"_id\" : 4"), std::string::npos) << obs->samples[0].data;
  EXPECT_EQ(p.judge(*obs).kind, VerdictKind::open);
}

TEST(MongodbGetMore, ACursorThatNeverEndsIsFollowedAtMostThreeTimes) {
  const MongodbProbe p;
  int get_mores = 0;
  const Transcript t = testing::run_dialogue(
      p, ProbeOptions{},
      [&](const Exchange& ex) {
        return answer(
            ex, 1, [](int n) { return doc_reply({cursor(kCursor, "nextBatch", 10 + n, 1)}); },
            get_mores);
      },
      500);
  EXPECT_EQ(count_label(t, "getMore "), 3u);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_EQ(documents_read(*obs), 4u);
}

TEST(MongodbGetMore, AnErrorOrGarbageEndsTheCursor) {
  const MongodbProbe p;
  for (const std::string& bad :
       {mg::op_msg(
            {mg::int32("ok", 0), mg::int32("code", 43), mg::utf8("codeName", "CursorNotFound")}, 1),
        std::string("\x15\0\0\0garbage garbage..", 21)}) {
    int get_mores = 0;
    const Transcript t = testing::run_dialogue(
        p, ProbeOptions{},
        [&](const Exchange& ex) {
          return answer(
              ex, 2, [&](int) { return bad; }, get_mores);
        },
        500);
    EXPECT_EQ(count_label(t, "getMore "), 1u);
    auto obs = p.parse(t);
    ASSERT_TRUE(obs) << obs.error().describe();
    EXPECT_EQ(documents_read(*obs), 2u);
    EXPECT_EQ(p.judge(*obs).kind, VerdictKind::open);
  }
}

TEST(MongodbGetMore, AFullFirstBatchNeedsNoGetMore) {
  const MongodbProbe p;
  int get_mores = 0;
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, [&](const Exchange& ex) {
    return answer(
        ex, 50, [](int) { return std::string(); }, get_mores);
  });
  EXPECT_EQ(count_label(t, "getMore "), 0u);
  EXPECT_TRUE(t.back().exchange.label.starts_with("find "));
}

}  // namespace lw::probes
