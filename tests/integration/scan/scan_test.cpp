// End-to-end scans with build/leakwatch against real redis-server and memcached processes
// (Debian packages) and hostile servers, all on 127.0.5.0/24 and 127.0.6.0/24.
#include <gtest/gtest.h>
#include <signal.h>

#include <set>
#include <thread>

#include "scan/scan_fixture.h"
#include "support/hostile_server.h"

namespace lw::testing {
namespace {

const std::vector<std::string> kFast = {
    "--rate", "0", "--read-timeout", "1s", "--banner-wait", "400ms", "--service-timeout",
    "6s",     "-q"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// A redis-server of the test's own, without persistence, in `dir`.
Process throwaway_redis(const TempDir& dir, const std::string& address, int port) {
  return Process::spawn({"redis-server", "--bind", address, "--port", std::to_string(port),
                         "--save", "", "--appendonly", "no", "--dir", dir.path()},
                        dir / "redis.out", dir / "redis.err");
}

}  // namespace

TEST(Scan, FindsEveryOpenAndSecuredInstanceOfTheLab) {
  TempDir tmp;
  auto r = leakwatch(with({"scan", "127.0.5.1-127.0.5.4", "-p", "6379,7379,11211", "--json", "--db",
                           tmp / "c.db", "-o", tmp / "out.jsonl", "--seed", "1"},
                          kFast));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto records = by_service(parse_jsonl(r.out));
  ASSERT_EQ(records.size(), 4u) << r.out;
  const auto& open = records.at("127.0.5.1:6379");
  EXPECT_EQ(open["probe"], "redis");
  EXPECT_EQ(open["product"], "redis");
  EXPECT_EQ(open["version"].get<std::string>().substr(0, 2), "7.");
  EXPECT_EQ(open["verdict"], "open");
  EXPECT_EQ(open["evidence"]["kind"], "read");
  EXPECT_GE(open["samples"]["count"].get<int>(), 1);

  const auto& secured = records.at("127.0.5.2:6379");
  EXPECT_EQ(secured["probe"], "redis");
  EXPECT_EQ(secured["verdict"], "auth_required");

  const auto& moved = records.at("127.0.5.3:7379");
  EXPECT_EQ(moved["probe"], "redis") << "a Redis on a port no probe claims is still identified";
  EXPECT_EQ(moved["verdict"], "open");

  const auto& mc = records.at("127.0.5.4:11211");
  EXPECT_EQ(mc["probe"], "memcached");
  EXPECT_EQ(mc["verdict"], "open");

  // The file output holds the same records as stdout.
  EXPECT_EQ(by_service(parse_jsonl(read_file(tmp / "out.jsonl"))).size(), 4u);
}

TEST(Scan, NoPlantedRawValueReachesAnythingTheScanWrites) {
  TempDir tmp;
  auto r = leakwatch(with({"scan", "127.0.5.1", "127.0.5.4", "-p", "6379,11211", "--json", "--db",
                           tmp / "c.db", "-o", tmp / "out.jsonl", "--key-file", tmp / "key"},
                          {"--rate", "0", "--read-timeout", "1s", "--banner-wait", "400ms"}));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto records = by_service(parse_jsonl(r.out));
  ASSERT_EQ(records.count("127.0.5.1:6379"), 1u);
  // The planted values were found, and appear masked only. (078-05-1120 is the voided
  // "Woolworth wallet" SSN: the classifier rightly does not count it.)
  const auto findings = records.at("127.0.5.1:6379")["findings"].dump();
  EXPECT_NE(findings.find("f***@lab-test.mil"), std::string::npos) << findings;
  EXPECT_NE(findings.find("**** **** **** 1111"), std::string::npos) << findings;
  EXPECT_FALSE(records.at("127.0.5.1:6379")["severity"].get<std::string>().empty());
  const auto mc = records.at("127.0.5.4:11211")["findings"].dump();
  EXPECT_NE(mc.find("1111"), std::string::npos) << mc;
  // Everything the scan wrote: stdout, stderr, the JSON Lines file, the catalog and its WAL.
  std::string written = r.out + r.err + read_file(tmp / "out.jsonl");
  for (const char* f : {"c.db", "c.db-wal", "c.db-shm"}) written += read_file(tmp / f);
  for (const char* raw : {"fake.person@lab-test.mil", "4111111111111111", "4111 1111 1111 1111"}) {
    EXPECT_EQ(written.find(raw), std::string::npos) << "raw value " << raw << " was written";
  }
}

TEST(Scan, ThePerHostCapDefersTargetsButNeverDropsThem) {
  // One address, many ports, one service at a time on it, two workers competing for that slot.
  TempDir tmp;
  for (int round = 0; round < 3; ++round) {
    auto r = leakwatch(with({"scan", "127.0.5.1", "-p", "1-400,6379", "--per-host", "1",
                             "--workers", "2", "--json", "--db", tmp / "c.db"},
                            kFast));
    ASSERT_EQ(r.status, 0) << r.err;
    const auto records = by_service(parse_jsonl(r.out));
    EXPECT_EQ(records.count("127.0.5.1:6379"), 1u) << "round " << round << ": " << r.out;
  }
}

TEST(Scan, PrintsAFindingsTableOnATerminalRun) {
  TempDir tmp;
  auto r = leakwatch(with({"scan", "127.0.5.1", "127.0.5.2", "-p", "6379", "--db", tmp / "c.db"},
                          {"--rate", "0", "--read-timeout", "1s"}));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("127.0.5.1:6379"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("open"), std::string::npos);
  EXPECT_NE(r.out.find("auth_required"), std::string::npos);
  EXPECT_NE(r.out.find("1 open without authentication, 1 require authentication"),
            std::string::npos);
  EXPECT_NE(r.err.find("rate 0 new connections/s, concurrency 256 (8 per host)"), std::string::npos)
      << "the limits are shown at start: " << r.err;
}

TEST(Scan, HostileServersGetABoundedResultAndTheScanGoesOn) {
  HostileServer garbage("127.0.6.1", 6379, Hostility::garbage);
  HostileServer endless("127.0.6.2", 11211, Hostility::endless);
  HostileServer stall("127.0.6.3", 6379, Hostility::stall);
  HostileServer reset("127.0.6.4", 6379, Hostility::reset_mid_reply);
  HostileServer tls_stall("127.0.6.5", 443, Hostility::tls_stall);
  for (auto* s : {&garbage, &endless, &stall, &reset, &tls_stall}) ASSERT_TRUE(s->listening());
  TempDir tmp;
  const auto started = std::chrono::steady_clock::now();
  auto r =
      leakwatch(with({"scan", "127.0.6.1-127.0.6.5", "127.0.5.1", "-p", "443,6379,11211", "--json",
                      "--db", tmp / "c.db", "--max-reply-bytes", "65536", "--max-attempts", "4"},
                     kFast),
                std::chrono::seconds(90));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto records = by_service(parse_jsonl(r.out));
  for (const char* key :
       {"127.0.6.1:6379", "127.0.6.2:11211", "127.0.6.3:6379", "127.0.6.4:6379", "127.0.6.5:443"}) {
    ASSERT_EQ(records.count(key), 1u) << key << " missing from " << r.out;
    const auto& rec = records.at(key);
    EXPECT_NE(rec["verdict"], "open") << key;
    EXPECT_NE(rec["verdict"], "auth_required") << key;
    EXPECT_FALSE(rec["reason"].get<std::string>().empty()) << key;
  }
  EXPECT_EQ(records.at("127.0.6.2:11211")["outcome"], "cap_exceeded");
  EXPECT_EQ(records.at("127.0.6.1:6379")["verdict"], "error");
  // The open Redis beside them is still found.
  EXPECT_EQ(records.at("127.0.5.1:6379")["verdict"], "open");
  // Bounded: every service has a 6 s budget and they run concurrently.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
}

TEST(Scan, RecordsTheCertificateOfATlsService) {
  ASSERT_TRUE(have_program("openssl")) << "openssl missing: run scripts/setup";
  TempDir tmp;
  auto gen = run(
      {"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", tmp / "key.pem",
       "-out", tmp / "cert.pem", "-days", "2", "-subj", "/O=Leakwatch Test/CN=leakwatch-test.lab",
       "-addext", "subjectAltName=DNS:db.lab.test,IP:127.0.5.9"},
      std::chrono::seconds(60));
  ASSERT_EQ(gen.status, 0) << gen.err;
  // A real TLS server (OpenSSL's own) that answers HTTP inside TLS.
  auto server = Process::spawn({"openssl", "s_server", "-accept", "127.0.5.9:8443", "-cert",
                                tmp / "cert.pem", "-key", tmp / "key.pem", "-www", "-quiet"},
                               tmp / "s_server.out", tmp / "s_server.err");
  ASSERT_TRUE(wait_for_port("127.0.5.9", 8443, std::chrono::seconds(20)));
  auto r =
      leakwatch(with({"scan", "127.0.5.9", "-p", "8443", "--json", "--db", tmp / "c.db"}, kFast));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto records = by_service(parse_jsonl(r.out));
  ASSERT_EQ(records.count("127.0.5.9:8443"), 1u) << r.out;
  const auto& rec = records.at("127.0.5.9:8443");
  EXPECT_EQ(rec["transport"], "tls");
  ASSERT_TRUE(rec.contains("tls")) << rec.dump();
  EXPECT_NE(rec["tls"]["subject"].get<std::string>().find("CN=leakwatch-test.lab"),
            std::string::npos);
  EXPECT_TRUE(rec["tls"]["self_signed"].get<bool>());
  const auto sans = rec["tls"]["sans"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(sans.begin(), sans.end(), "db.lab.test"), sans.end());
  EXPECT_NE(std::find(sans.begin(), sans.end(), "127.0.5.9"), sans.end());
  EXPECT_FALSE(rec["tls"]["not_after"].get<std::string>().empty());
  EXPECT_NE(rec["verdict"], "open");
}

TEST(Scan, AHostNameIsResolvedOnceAndKeptWithTheResult) {
  TempDir tmp;
  auto server = throwaway_redis(tmp, "127.0.0.1", 16379);
  ASSERT_TRUE(wait_for_port("127.0.0.1", 16379, std::chrono::seconds(20)));
  // "localhost" comes from /etc/hosts: no network name service is involved.
  auto r =
      leakwatch(with({"scan", "localhost", "-p", "16379", "--json", "--db", tmp / "c.db"}, kFast));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto records = by_service(parse_jsonl(r.out));
  ASSERT_EQ(records.count("127.0.0.1:16379"), 1u) << r.out;
  EXPECT_EQ(records.at("127.0.0.1:16379")["host"], "localhost");
  EXPECT_EQ(records.at("127.0.0.1:16379")["probe"], "redis");
}

TEST(Scan, ProbesWhatAnotherScannerFound) {
  TempDir tmp;
  // Real Nmap (Debian's) finds the open ports; leakwatch probes exactly what it found.
  auto nmap = run({"nmap", "-sT", "-Pn", "-n", "-p", "6379,7379,11211,18999", "-oX",
                   tmp / "nmap.xml", "127.0.5.1", "127.0.5.3", "127.0.5.4"},
                  std::chrono::seconds(60));
  ASSERT_EQ(nmap.status, 0) << nmap.err;
  auto r = leakwatch(with(
      {"scan", "--from", tmp / "nmap.xml", "--json", "--db", tmp / "c.db", "--seed", "3"}, kFast));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto records = by_service(parse_jsonl(r.out));
  // Only the three open pairs: no cross product of addresses and ports, no closed port.
  ASSERT_EQ(records.size(), 3u) << r.out;
  EXPECT_EQ(records.at("127.0.5.1:6379")["verdict"], "open");
  EXPECT_EQ(records.at("127.0.5.3:7379")["probe"], "redis");
  EXPECT_EQ(records.at("127.0.5.4:11211")["probe"], "memcached");

  // -p filters the file's pairs.
  r = leakwatch(with(
      {"scan", "--from", tmp / "nmap.xml", "-p", "11211", "--json", "--db", tmp / "c2.db"}, kFast));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(by_service(parse_jsonl(r.out)).size(), 1u) << r.out;
}

TEST(Scan, AServiceThatStopsAnsweringIsReportedGone) {
  TempDir tmp;
  auto server = throwaway_redis(tmp, "127.0.5.9", 16381);
  ASSERT_TRUE(wait_for_port("127.0.5.9", 16381, std::chrono::seconds(20)));
  const std::vector<std::string> scan = {"scan", "127.0.5.8-127.0.5.9", "-p", "16381", "--json",
                                         "--db", tmp / "c.db"};
  auto first = leakwatch(with(scan, kFast));
  ASSERT_EQ(first.status, 0) << first.err;
  ASSERT_EQ(by_service(parse_jsonl(first.out)).at("127.0.5.9:16381")["probe"], "redis");

  server.signal(SIGTERM);
  ASSERT_NE(server.wait(std::chrono::seconds(20)), -1);
  auto second = leakwatch(with(scan, kFast));
  ASSERT_EQ(second.status, 0) << second.err;
  const auto records = by_service(parse_jsonl(second.out));
  // Only the service the catalog knew is reported: 127.0.5.8 was never open.
  ASSERT_EQ(records.size(), 1u) << second.out;
  const auto& gone = records.at("127.0.5.9:16381");
  EXPECT_EQ(gone["outcome"], "refused");
  EXPECT_TRUE(gone["attempts"].empty());

  auto events =
      run({leakwatch_binary(), "export", "events", "--db", tmp / "c.db"}, std::chrono::seconds(30));
  ASSERT_EQ(events.status, 0) << events.err;
  std::vector<std::string> kinds;
  for (const auto& e : parse_jsonl(events.out)) kinds.push_back(e.value("event", ""));
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "service_gone"), kinds.end()) << events.out;

  // A third scan finds nothing more to say: the catalog knows it is gone.
  auto third = leakwatch(with(scan, kFast));
  ASSERT_EQ(third.status, 0) << third.err;
  EXPECT_TRUE(parse_jsonl(third.out).empty()) << third.out;
}

TEST(Scan, BadInputIsOneClearLineAndExitStatusTwo) {
  TempDir tmp;
  struct Case {
    std::vector<std::string> args;
    std::string names;
  };
  const std::vector<Case> cases = {
      {{"scan", "127.0.0.1/33"}, "127.0.0.1/33"},
      {{"scan", "127.0.0.1", "-p", "70000"}, "70000"},
      {{"scan", "224.0.0.1"}, "224.0.0.1"},
      {{"scan", "no-such-host.invalid"}, "no-such-host.invalid"},
      {{"scan", "127.0.0.1", "--shard", "3/2"}, "3/2"},
      {{"scan", "127.0.0.1", "--exclude", "127.0.0.0/99"}, "127.0.0.0/99"},
      {{"scan", "-iL", tmp / "missing.txt"}, "missing.txt"},
      {{"scan", "127.0.0.1", "--probes", "redis,bogus"}, "bogus"},
      {{"scan", "127.0.0.1", "--bogus-flag"}, "--bogus-flag"},
  };
  for (const auto& c : cases) {
    auto args = c.args;
    args.insert(args.end(), {"--db", tmp / "never.db"});
    auto r = leakwatch(args, std::chrono::seconds(30));
    EXPECT_EQ(r.status, 2) << c.names << ": " << r.err;
    EXPECT_NE(r.err.find(c.names), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  EXPECT_FALSE(std::filesystem::exists(tmp / "never.db")) << "nothing was scanned or stored";
}

TEST(Scan, ResumeAfterAKillFinishesWithoutRescanningOrDuplicates) {
  TempDir tmp;
  // 1024 targets at 150 connections a second: about 7 s, killed after about 2 s.
  const std::vector<std::string> scope = {
      "127.0.5.0/24",   "-p", "6379,7379,11211,12000", "--seed", "99", "--rate", "150",
      "--read-timeout", "1s", "--banner-wait",         "300ms",  "-q"};
  auto reference =
      leakwatch(with({"scan", "--db", tmp / "ref.db", "-o", tmp / "ref.jsonl"}, scope));
  ASSERT_EQ(reference.status, 0) << reference.err;

  auto victim = Process::spawn(
      with({leakwatch_binary(), "scan", "--db", tmp / "c.db", "-o", tmp / "out.jsonl"}, scope));
  // Wait (bounded) until the scan has committed some progress, then kill it hard.
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < limit && std::filesystem::exists(tmp / "c.db") &&
         read_file(tmp / "out.jsonl").empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  victim.signal(SIGKILL);
  EXPECT_EQ(victim.wait(std::chrono::seconds(10)), 128 + SIGKILL)
      << "the scan ended before the kill";

  auto resumed = leakwatch({"scan", "--resume", "--db", tmp / "c.db", "-q"});
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  const auto want = by_service(parse_jsonl(read_file(tmp / "ref.jsonl")));
  const auto got = by_service(parse_jsonl(read_file(tmp / "out.jsonl")));
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [key, rec] : want) {
    ASSERT_EQ(got.count(key), 1u) << key;
    EXPECT_EQ(got.at(key)["verdict"], rec["verdict"]) << key;
    EXPECT_EQ(got.at(key)["probe"], rec["probe"]) << key;
  }
  auto again = leakwatch({"scan", "--resume", "--db", tmp / "c.db", "-q"});
  EXPECT_EQ(again.status, 2) << "nothing left to resume: " << again.err;
}

TEST(Scan, InterruptSavesProgressAndExitsWith130) {
  TempDir tmp;
  auto victim = Process::spawn({leakwatch_binary(), "scan", "127.0.5.0/24", "-p", "1-8", "--rate",
                                "100", "--db", tmp / "c.db", "-q"});
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  victim.signal(SIGINT);
  EXPECT_EQ(victim.wait(std::chrono::seconds(30)), 130);
  auto resumed = leakwatch({"scan", "--resume", "--db", tmp / "c.db", "-q", "--json"},
                           std::chrono::seconds(60));
  EXPECT_EQ(resumed.status, 0) << resumed.err;
}

}  // namespace lw::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new lw::testing::ScanLab);
  return RUN_ALL_TESTS();
}
