// The ZooKeeper probe's reach (a breadth-first walk, bounded in depth and count) and sampling
// (the shared sampler over znode paths), on a transcript recorded from a real server laid out
// as a deployment, and on hostile trees.
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>

#include "probes/common/test_support.h"
#include "probes/zookeeper/zk_dialogue.h"
#include "probes/zookeeper/zk_jute.h"
#include "probes/zookeeper/zookeeper_probe.h"

namespace lw::probes {
namespace {

// Recorded from Debian 12 zookeeper 3.8 on 127.0.1.43:2181 (lab instance `deployed`: about 300
// ordinary znodes, the data znodes three levels down, from lab/services/data/deployed_data.py
// zookeeper); provenance line in the file.
Transcript deployed() {
  return testing::recorded("zookeeper/testdata/recorded/deployed_3.8.lwt");
}

void put32(std::string& s, std::uint32_t v) {
  s += {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
        static_cast<char>(v)};
}

std::string framed(const std::string& body) {
  std::string out;
  put32(out, static_cast<std::uint32_t>(body.size()));
  return out + body;
}

std::string connect_response() {
  std::string b;
  put32(b, 0);
  put32(b, 10000);
  put32(b, 0);
  put32(b, 77);  // session id
  put32(b, 16);
  b.append(16, '\0');
  b.push_back('\0');
  return framed(b);
}

// A server whose every znode has the children `children(path)` and the data `data(path)`
// (nullopt: getData refused with NoAuth, -102, as a digest ACL does).
template <class Children, class Data>
std::string answer_tree(const Exchange& ex, Children children, Data data) {
  if (ex.label == "connect") return connect_response();
  std::string out;
  for (const auto& req : zk::decode_requests(ex.request)) {
    std::string b;
    put32(b, static_cast<std::uint32_t>(req.xid));
    put32(b, 0);
    put32(b, 1);  // zxid
    const std::optional<std::string> value =
        req.op == zk::kOpGetChildren ? std::optional<std::string>("") : data(req.path);
    put32(b, value ? 0u : static_cast<std::uint32_t>(-102));  // err
    if (req.op == zk::kOpGetChildren) {
      const std::vector<std::string> kids = children(req.path);
      put32(b, static_cast<std::uint32_t>(kids.size()));
      for (const auto& k : kids) {
        put32(b, static_cast<std::uint32_t>(k.size()));
        b += k;
      }
    } else if (value) {
      put32(b, static_cast<std::uint32_t>(value->size()));
      b += *value;
    }
    out += framed(b);
  }
  return out;
}

// ... with the data "data of <path>" in every znode.
template <class Children>
std::string answer_tree(const Exchange& ex, Children children) {
  return answer_tree(ex, children,
                     [](const std::string& path) { return std::optional("data of " + path); });
}

// A server with / -> app -> {cfg, keys}: getData answers `refused(path)` with NoAuth, every
// other znode with empty data.
template <class Refused>
std::string answer_acl(const Exchange& ex, Refused refused) {
  return answer_tree(
      ex,
      [](const std::string& path) {
        return path == "/"      ? std::vector<std::string>{"zookeeper", "app"}
               : path == "/app" ? std::vector<std::string>{"cfg", "keys"}
                                : std::vector<std::string>{};
      },
      [&](const std::string& path) {
        return refused(path) ? std::nullopt : std::optional<std::string>("");
      });
}

}  // namespace

TEST(ZookeeperSampling, DataZnodesAnsweredButEmptyAreAccess) {
  // getData answered on data znodes (nothing in them): a digest ACL refuses that, so the tree
  // is open to anyone, with evidence `access` (nothing was read).
  const ZookeeperProbe p;
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, [](const Exchange& ex) {
    return answer_acl(ex, [](const std::string&) { return false; });
  });
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->samples.empty());
  EXPECT_TRUE(obs->data_command_accepted);
  EXPECT_TRUE(obs->capabilities.read);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::open) << v.reason;
  EXPECT_EQ(v.evidence, EvidenceKind::access);
  EXPECT_TRUE(v.proof.starts_with("read (")) << v.proof;
}

TEST(ZookeeperSampling, DataZnodesRefusedByAclStayNotOpen) {
  // The parent answers getData (empty), its data znodes refuse it (NoAuth): not open.
  const ZookeeperProbe p;
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, [](const Exchange& ex) {
    return answer_acl(ex, [](const std::string& path) { return path.starts_with("/app/"); });
  });
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  EXPECT_TRUE(obs->auth_demanded);
  const auto v = p.judge(*obs);
  EXPECT_EQ(v.kind, VerdictKind::auth_required) << v.reason;
  // Every data znode refused, the parent too: auth_required, and no read capability.
  const Transcript all = testing::run_dialogue(p, ProbeOptions{}, [](const Exchange& ex) {
    return answer_acl(ex, [](const std::string&) { return true; });
  });
  auto refused = p.parse(all);
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->data_command_accepted);
  EXPECT_FALSE(refused->capabilities.read);
  EXPECT_EQ(p.judge(*refused).kind, VerdictKind::auth_required);
}

TEST(ZookeeperSampling, RootAndTheServersOwnTreeAreNotDataZnodes) {
  EXPECT_FALSE(zk::is_data_znode("/"));
  EXPECT_FALSE(zk::is_data_znode("/zookeeper"));
  EXPECT_FALSE(zk::is_data_znode("/zookeeper/quota"));
  EXPECT_TRUE(zk::is_data_znode("/zookeeperish"));
  EXPECT_TRUE(zk::is_data_znode("/app/cfg"));
}

TEST(ZookeeperSampling, DeployedTreeYieldsDataThreeLevelsDown) {
  const ZookeeperProbe p;
  const Transcript t = deployed();
  ASSERT_FALSE(t.empty());
  testing::expect_replays(p, ProbeOptions{}, t, testing::ReplayCheck::requests_and_framing);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs) << obs.error().describe();
  std::set<std::string> sources;
  for (const auto& s : obs->samples) sources.insert(s.source);
  EXPECT_TRUE(sources.count("znode /payroll/prod/emp-1007"));
  EXPECT_TRUE(sources.count("znode /shop/state/chk-4471"));
  EXPECT_LE(obs->samples.size(), ProbeOptions{}.max_sample_records);
  EXPECT_EQ(obs->record_count, 307u);
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("200 of 307 znodes sampled"), std::string::npos) << sampling;
  EXPECT_NE(obs->metadata["sensitive_names"].dump().find("/payroll/prod/emp-1007"),
            std::string::npos);
}

TEST(ZookeeperSampling, ATreeTenThousandDeepStopsAtTheDepthCap) {
  const ZookeeperProbe p;
  const auto answer = [](const Exchange& ex) {
    return answer_tree(ex, [](const std::string& path) {
      // /n/n/n/... 10,000 levels (the server below the cap does not matter).
      return path.size() < 2 * 10'000 ? std::vector<std::string>{"n"} : std::vector<std::string>{};
    });
  };
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, answer, 400);
  EXPECT_LE(t.size(), zk::kMaxTurns);
  const auto d = zk::analyse(t);
  for (const auto& path : d.list_asked) {
    EXPECT_LE(std::count(path.begin(), path.end(), '/'), static_cast<long>(zk::kMaxDepth));
  }
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  EXPECT_EQ(obs->record_count, zk::kMaxDepth);
  EXPECT_NE(obs->metadata["sampling"].dump().find("deeper than 8 levels not listed"),
            std::string::npos)
      << obs->metadata["sampling"].dump();
  EXPECT_FALSE(obs->samples.empty());
}

TEST(ZookeeperSampling, AWideTreeIsCappedAndTheNeedleStillRead) {
  // 6,000 children under / and 20 under each of them: the walk keeps kMaxZnodesKnown names,
  // asks at most kMaxListed getChildren, and the one sensitive-looking name is read first.
  const ZookeeperProbe p;
  const auto answer = [](const Exchange& ex) {
    return answer_tree(ex, [](const std::string& path) {
      std::vector<std::string> kids;
      if (path == "/") {
        for (int i = 0; i < 6000; ++i)
          kids.push_back(i == 4321 ? "ssn-vault" : "c" + std::to_string(i));
      } else if (std::count(path.begin(), path.end(), '/') == 1) {
        for (int i = 0; i < 20; ++i) kids.push_back("leaf" + std::to_string(i));
      }
      return kids;
    });
  };
  const Transcript t = testing::run_dialogue(p, ProbeOptions{}, answer, 400);
  EXPECT_LE(t.size(), zk::kMaxTurns);
  const auto d = zk::analyse(t);
  EXPECT_LE(d.known, zk::kMaxZnodesKnown);
  EXPECT_LE(d.list_asked.size(), zk::kMaxListed + 1);  // + the root
  EXPECT_TRUE(d.capped);
  auto obs = p.parse(t);
  ASSERT_TRUE(obs);
  ASSERT_FALSE(obs->samples.empty());
  EXPECT_EQ(obs->samples.size(), ProbeOptions{}.max_sample_records);
  const std::string sampling = obs->metadata["sampling"].dump();
  EXPECT_NE(sampling.find("listing stopped at 5000 znodes"), std::string::npos) << sampling;
}

}  // namespace lw::probes
