// WebHDFS reads on the DataNode: OPEN's documented 307 TEMPORARY_REDIRECT is followed by a
// follow-up on another port of the service's own address (Probe::follow_up_port), never to
// another address. Replies: the lab replay written from the WebHDFS documentation
// (tests/fakes/transcripts/webhdfs: open.json for the NameNode, datanode.json for its DataNode).
#include <gtest/gtest.h>

#include <algorithm>

#include "probes/common/test_hardening.h"
#include "probes/webhdfs/webhdfs_datanode.h"
#include "probes/webhdfs/webhdfs_probe.h"

namespace lw::probes {
namespace {

testing::Answer answer(const std::string& name) {
  return testing::manifest_answer(testing::transcripts_dir() + "webhdfs/" + name);
}

ProbeOptions at(std::string address) {
  ProbeOptions o;
  o.port = 9870;
  o.address = std::move(address);
  return o;
}

struct Scan {
  Transcript namenode;
  Observation observation;
  std::vector<std::uint16_t> ports;
  std::vector<std::string> files;  // read on the DataNode, in order
};

// The NameNode's dialogue, its follow-ups run against the DataNode replay, folded.
Scan scan(const ProbeOptions& options, const testing::Answer& namenode) {
  const WebhdfsProbe probe;
  Scan s;
  s.namenode = testing::run_dialogue(probe, options, namenode);
  auto main = probe.parse(s.namenode);
  EXPECT_TRUE(main);
  if (!main) return s;
  const auto datanode = answer("datanode.json");
  std::vector<Result<Observation>> results;
  for (const auto& f : probe.follow_ups(*main, options)) {
    s.ports.push_back(f->follow_up_port());
    const Transcript t = testing::run_dialogue(*f, options, datanode);
    EXPECT_EQ(t.size(), 1u) << "one file per DataNode connection";
    results.push_back(f->parse(t));
    if (results.back() && results.back()->data_read) s.files.push_back(t.front().exchange.subject);
  }
  s.observation = probe.fold(std::move(*main), results);
  return s;
}

TEST(WebhdfsDatanode, ARedirectToTheServicesOwnAddressIsReadThere) {
  const Scan s = scan(at("127.0.2.82"), answer("open.json"));
  // 1 + 24 listings + 16 OPENs on the NameNode: each redirected to 127.0.2.82:9864.
  EXPECT_EQ(s.namenode.size(), 41u);
  ASSERT_EQ(s.ports.size(), kMaxFollowUps);
  EXPECT_TRUE(std::all_of(s.ports.begin(), s.ports.end(), [](auto p) { return p == 9864; }));
  ASSERT_EQ(s.files.size(), kMaxFollowUps);
  // The planted files are among the 8 read: the personnel export first (its folder's name), the
  // card-holder batch and the SF-86 scan (ordinary names) by the stratified order.
  for (const char* f :
       {"/data/warehouse/hr.db/personnel/staff_export_2023.csv",
        "/user/etl/archive/fin/cardholder_batch_0001.csv", "/user/etl/archive/scan_0419.txt"}) {
    EXPECT_NE(std::find(s.files.begin(), s.files.end(), f), s.files.end()) << f;
  }
  EXPECT_EQ(s.files.front(), "/data/warehouse/hr.db/personnel/staff_export_2023.csv");
  const Observation& obs = s.observation;
  EXPECT_TRUE(obs.data_read);
  bool ssn = false;
  for (const auto& sample : obs.samples) {
    if (sample.source == "hdfs /data/warehouse/hr.db/personnel/staff_export_2023.csv") {
      ssn = sample.data.starts_with("emp_id,name,ssn,title\n");
    }
  }
  EXPECT_TRUE(ssn);
  const std::string sampling = obs.metadata["sampling"].dump();
  EXPECT_NE(sampling.find("8 of 103 files sampled (OPEN redirected to the DataNode on port 9864 "
                          "of the service's own address"),
            std::string::npos)
      << sampling;
  const Verdict v = WebhdfsProbe().judge(obs);
  EXPECT_EQ(v.kind, VerdictKind::open);
  EXPECT_EQ(v.evidence, EvidenceKind::read);
  EXPECT_EQ(
      v.proof,
      "GET datanode:9864 "
      "/webhdfs/v1/data/warehouse/hr.db/personnel/staff_export_2023.csv?op=OPEN&length=16384");
  // The DataNode request carries the documented parameters and a Host of the DataNode's port.
  const WebhdfsDatanodeProbe dn(9864, {"/a b/c.csv", "localhost:8020"});
  const auto ex = dn.next(at("127.0.2.82"), {});
  ASSERT_TRUE(ex);
  EXPECT_EQ(testing::target_of(*ex),
            "/webhdfs/v1/a%20b/c.csv?op=OPEN&namenoderpcaddress=localhost:8020&length=16384"
            "&offset=0");
  EXPECT_NE(ex->request.find("Host: localhost:9864\r\n"), std::string::npos) << ex->request;
}

TEST(WebhdfsDatanode, ARedirectToAnotherAddressIsNotFollowed) {
  const Scan s = scan(at("127.0.2.99"), answer("open.json"));
  EXPECT_EQ(s.namenode.size(), 26u) << "the first redirect elsewhere ends the OPENs";
  EXPECT_TRUE(s.ports.empty());
  EXPECT_FALSE(s.observation.data_read);
  EXPECT_NE(
      s.observation.metadata.value("sampling", nlohmann::json())
          .dump()
          .find("redirect to DataNode 127.0.2.82:9864, read only on the service's own address"),
      std::string::npos)
      << s.observation.metadata.dump();
  EXPECT_EQ(WebhdfsProbe().judge(s.observation).evidence, EvidenceKind::access);
}

TEST(WebhdfsDatanode, AHostNameIsTakenAsTheServicesOwnHost) {
  // A NameNode that names its DataNodes by host name (the usual cluster config): single-node
  // assumption, the name is the service's host; the port is still the Location's.
  const auto namenode = answer("open.json");
  const auto renamed = [&](const Exchange& e) {
    std::string r = namenode(e);
    const std::string from = "http://127.0.2.82:9864/";
    if (const auto at_ = r.find(from); at_ != std::string::npos) {
      r.replace(at_, from.size(), "http://dn1.cluster.internal:9864/");
    }
    return r;
  };
  const Scan s = scan(at("127.0.2.82"), renamed);
  EXPECT_EQ(s.ports.size(), kMaxFollowUps);
  EXPECT_TRUE(s.observation.data_read);
}

TEST(WebhdfsDatanode, LocationsAndHosts) {
  auto r = webhdfs::parse_location(
      "http://127.0.2.82:9864/webhdfs/v1/a?op=OPEN&namenoderpcaddress=localhost:8020&offset=0");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->host, "127.0.2.82");
  EXPECT_EQ(r->port, 9864);
  EXPECT_EQ(r->namenode_rpc, "localhost:8020");
  r = webhdfs::parse_location("http://[::1]:9864/webhdfs/v1/a?op=OPEN");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->host, "::1");
  EXPECT_EQ(r->namenode_rpc, "");
  r = webhdfs::parse_location("https://dn1/webhdfs/v1/a");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->port, 443);
  // A namenoderpcaddress that could inject into the request line is dropped.
  r = webhdfs::parse_location("http://dn1:1/x?namenoderpcaddress=a%20b HTTP/1.1\r\nX: y");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->namenode_rpc, "");
  for (const char* bad :
       {"ftp://dn1/x", "http://", "http://dn1:0/x", "http://dn1:65536/x", "http://dn1:9x/x",
        "http://u:p@dn1/x", "http://[::1/x", "http://d n/x", "/webhdfs/v1/x", ""}) {
    EXPECT_FALSE(webhdfs::parse_location(bad)) << bad;
  }
  EXPECT_FALSE(webhdfs::parse_location("http://" + std::string(300, 'a') + "/x"));
  EXPECT_TRUE(webhdfs::same_host("127.0.2.82", "127.0.2.82"));
  EXPECT_TRUE(webhdfs::same_host("127.000.002.082", "127.0.2.82"));
  EXPECT_FALSE(webhdfs::same_host("127.0.2.83", "127.0.2.82"));
  EXPECT_FALSE(webhdfs::same_host("10.0.0.1", "127.0.2.82"));
  EXPECT_FALSE(webhdfs::same_host("127.0.2", "127.0.2.82"));
  EXPECT_FALSE(webhdfs::same_host("::2", "::1"));
  EXPECT_TRUE(webhdfs::same_host("::1", "::1"));
  EXPECT_TRUE(webhdfs::same_host("localhost", "127.0.2.82"));
  EXPECT_FALSE(webhdfs::same_host("10.0.0.1", ""));
}

TEST(WebhdfsDatanode, HostileDatanodeReplies) {
  WebhdfsDatanodeProbe dn(9864, {"/f.csv", ""});
  testing::expect_survives_hostile_replies(dn);
  for (const char* reply : {"", "garbage", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort",
                            "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}"}) {
    Transcript t;
    t.push_back(Turn{*dn.next(at("127.0.2.82"), {}), reply, ReplyEnd::closed});
    auto obs = dn.parse(t);
    ASSERT_TRUE(obs);
    EXPECT_FALSE(obs->data_read) << reply;
  }
  // Follow-ups from hostile metadata: only well-formed redirects to the service's host.
  Observation main;
  main.metadata["redirects"] =
      nlohmann::json::array({{{"file", "/a"}, {"host", "10.1.1.1"}, {"port", 9864}},
                             {{"file", "/b"}, {"host", "127.0.2.82"}, {"port", 0}},
                             {{"file", ""}, {"host", "127.0.2.82"}, {"port", 9864}},
                             "not an object",
                             {{"file", "/c"}, {"host", "127.0.2.82"}, {"port", 9864}}});
  const auto f = WebhdfsProbe().follow_ups(main, at("127.0.2.82"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]->follow_up_port(), 9864);
}

}  // namespace
}  // namespace lw::probes
