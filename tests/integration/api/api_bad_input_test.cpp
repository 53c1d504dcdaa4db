// The API's refusals, one case each (issue 15, "Bad input"), against a running `leakwatch api`.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "api/api_fixture.h"

namespace lw::testing {
namespace {

using namespace std::chrono_literals;

nlohmann::json error_of(const httplib::Result& r) {
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"] : nlohmann::json();
}

class ApiBadInput : public ::testing::Test {
 protected:
  void start(ApiServerFixture::Options options = {}) {
    if (options.tls && !have_program("openssl")) GTEST_FAIL() << "openssl is needed";
    fixture_ = std::make_unique<ApiServerFixture>(std::move(options));
    ASSERT_TRUE(fixture_->failure().empty()) << fixture_->failure();
    client_ = fixture_->client();
  }
  std::unique_ptr<ApiServerFixture> fixture_;
  std::unique_ptr<httplib::Client> client_;
};

long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

// Sends a request line and then header lines until the server answers, `max_bytes` are sent,
// or 15 s pass; returns what the server answered.
std::string flood_headers(int port, std::size_t max_bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) return "";
  const std::string head = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
  const std::string line = "X-Pad: " + std::string(90, 'a') + "\r\n";
  std::string chunk;
  for (int i = 0; i < 100; ++i) chunk += line;
  (void)::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  std::string answer;
  std::size_t sent = 0;
  const auto until = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < until) {
    pollfd p{fd, static_cast<short>(POLLIN | (sent < max_bytes ? POLLOUT : 0)), 0};
    if (::poll(&p, 1, 500) <= 0) continue;
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[4096];
      const auto n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      answer.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    const auto n = ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno != EAGAIN) break;
    if (n > 0) sent += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return answer;
}

TEST_F(ApiBadInput, AFloodOfHeadersIsCut431WithoutGrowingMemory) {
  start({"127.0.0.1", false, true, {}});
  const long before = rss_kib(fixture_->server_pid());
  ASSERT_GT(before, 0);
  // 100 MB of headers: cpp-httplib alone held every line (650 MB for 420 MB sent).
  const auto answer = flood_headers(fixture_->port(), 100u << 20);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 431")) << answer.substr(0, 300);
  EXPECT_NE(answer.find(R"("field":"headers")"), std::string::npos) << answer.substr(0, 600);
  const long after = rss_kib(fixture_->server_pid());
  EXPECT_LT(after - before, 64 * 1024) << "RSS grew from " << before << " to " << after << " KiB";
  // The server goes on serving.
  auto ok = client_->Get("/api/v1/health", fixture_->bearer("viewer"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  auto metrics = client_->Get("/metrics", fixture_->bearer("viewer"));
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("leakwatch_api_connections_cut_total 1"), std::string::npos)
      << metrics->body;
}

TEST_F(ApiBadInput, ManyHeadersOverTlsAreCut431) {
  start();
  httplib::Headers many = fixture_->bearer("viewer");
  for (int i = 0; i < 3000; ++i) many.emplace("X-Pad-" + std::to_string(i), std::string(90, 'a'));
  auto r = client_->Get("/api/v1/health", many);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 431) << r->body;
  auto ok = client_->Get("/api/v1/health", fixture_->bearer("viewer"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ApiBadInput, ARequestTrickledPastItsDeadlineIsCut408) {
  start({"127.0.0.1", false, true, {}});
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(fixture_->port()));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
  // A header line every 2 s: each wait is within the 5 s read timeout, the whole is not within
  // the request's 10 s.
  std::string answer;
  const auto started = std::chrono::steady_clock::now();
  const std::string head = "GET /api/v1/health HTTP/1.1\r\n";
  (void)::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  for (int i = 0; i < 10 && answer.empty(); ++i) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 2000) > 0) {
      char buf[2048];
      const auto n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) answer.assign(buf, static_cast<std::size_t>(n));
      break;
    }
    const std::string line = "X-Slow-" + std::to_string(i) + ": 1\r\n";
    (void)::send(fd, line.data(), line.size(), MSG_NOSIGNAL);
  }
  ::close(fd);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 408")) << answer;
  EXPECT_LT(took, 15s);
}

TEST_F(ApiBadInput, AnInvalidQueryPointsAtTheSpot) {
  start();
  auto r = client_->Get("/api/v1/search?q=port:6379%20colour:red", fixture_->bearer("viewer"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  auto e = error_of(r);
  EXPECT_EQ(e["field"], "q");
  EXPECT_EQ(e["column"], 11) << r->body;  // where "colour" starts
  EXPECT_NE(e["message"].get<std::string>().find("colour"), std::string::npos) << r->body;
  auto facet = client_->Get("/api/v1/search?facets=nonsense", fixture_->bearer("viewer"));
  ASSERT_TRUE(facet);
  EXPECT_EQ(facet->status, 400) << facet->body;
}

TEST_F(ApiBadInput, UnknownIdsAre404) {
  start();
  const auto h = fixture_->bearer("responder");
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/api/v1/services/999999"},
                                                        {"GET", "/api/v1/services/999999/history"},
                                                        {"GET", "/api/v1/findings?service=999999"},
                                                        {"GET", "/api/v1/incidents/999999"},
                                                        {"POST", "/api/v1/incidents/999999/ack"},
                                                        {"DELETE", "/api/v1/silences/999999"},
                                                        {"GET", "/api/v1/hosts/127.9.9.9"}}) {
    auto r = method == "GET"      ? client_->Get(path, h)
             : method == "DELETE" ? client_->Delete(path, h)
                                  : client_->Post(path, h, "{}", "application/json");
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << method << " " << path << ": " << r->body;
    EXPECT_FALSE(error_of(r)["message"].get<std::string>().empty()) << r->body;
  }
  auto bad = client_->Get("/api/v1/services/abc", h);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(error_of(bad)["field"], "id");
}

TEST_F(ApiBadInput, OversizedBodiesAre413AndMalformedOnes400) {
  start();
  const auto h = fixture_->bearer("responder");
  const std::string huge =
      R"({"targets":["127.0.0.1"],"reason":")" + std::string(70 * 1024, 'x') + "\"}";
  auto big = client_->Post("/api/v1/rescan", h, huge, "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413) << big->body;
  EXPECT_EQ(error_of(big)["field"], "body");
  auto broken = client_->Post("/api/v1/rescan", h, R"({"targets": [1,})", "application/json");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
  EXPECT_EQ(error_of(broken)["field"], "body");
  EXPECT_NE(error_of(broken)["message"].get<std::string>().find("at byte"), std::string::npos);
  auto not_object = client_->Post("/api/v1/silences", h, "[]", "application/json");
  ASSERT_TRUE(not_object);
  EXPECT_EQ(not_object->status, 400);
  auto bad_field =
      client_->Post("/api/v1/silences", h, R"({"asset":"lab","duration_s":5})", "application/json");
  ASSERT_TRUE(bad_field);
  EXPECT_EQ(bad_field->status, 400);
  EXPECT_EQ(error_of(bad_field)["field"], "duration_s");
  auto bad_target = client_->Post("/api/v1/rescan", h, R"({"targets":["127.0.0.1","nope:x"]})",
                                  "application/json");
  ASSERT_TRUE(bad_target);
  EXPECT_EQ(bad_target->status, 400);
  EXPECT_EQ(error_of(bad_target)["field"], "targets[1]");
  // Nothing of the refused request was queued.
  auto pending = client_->Get("/metrics", fixture_->bearer("viewer"));
  ASSERT_TRUE(pending);
  EXPECT_NE(pending->body.find("leakwatch_rescans_pending 0"), std::string::npos) << pending->body;
}

TEST_F(ApiBadInput, ATokenInTheWrongRoleIs403) {
  start();
  auto r = client_->Post("/api/v1/incidents/" + fixture_->ids.at("incident") + "/ack",
                         fixture_->bearer("viewer"), "{}", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(error_of(r)["field"], "Authorization");
  // The incident did not change.
  auto show =
      client_->Get("/api/v1/incidents/" + fixture_->ids.at("incident"), fixture_->bearer("viewer"));
  ASSERT_TRUE(show);
  EXPECT_EQ(nlohmann::json::parse(show->body)["incident"]["state"], "open");
  auto ack =
      client_->Post("/api/v1/incidents/" + fixture_->ids.at("incident") + "/ack",
                    fixture_->bearer("responder"), R"({"comment":"on it"})", "application/json");
  ASSERT_TRUE(ack);
  ASSERT_EQ(ack->status, 200) << ack->body;
  EXPECT_EQ(nlohmann::json::parse(ack->body)["incident"]["state"], "acknowledged");
  auto shown =
      client_->Get("/api/v1/incidents/" + fixture_->ids.at("incident"), fixture_->bearer("viewer"));
  ASSERT_TRUE(shown);
  auto timeline = nlohmann::json::parse(shown->body)["incident"]["timeline"];
  ASSERT_TRUE(timeline.is_array() && !timeline.empty()) << shown->body;
  EXPECT_EQ(timeline.back()["kind"], "acknowledged");
  EXPECT_EQ(timeline.back()["actor"], "responder-token") << "the actor is the token's name";
  auto again = client_->Post("/api/v1/incidents/" + fixture_->ids.at("incident") + "/ack",
                             fixture_->bearer("responder"), "{}", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << again->body;
}

TEST_F(ApiBadInput, AFloodOfFailedLoginsIs429WithRetryAfter) {
  start();
  const httplib::Headers wrong{{"Authorization", "Bearer lw_not_a_real_token"}};
  int refused = 0;
  for (int i = 0; i < 10; ++i) {
    auto r = client_->Get("/api/v1/health", wrong);
    ASSERT_TRUE(r);
    refused += r->status == 401 ? 1 : 0;
  }
  EXPECT_EQ(refused, 10);
  auto blocked = client_->Get("/api/v1/health", wrong);
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->status, 429);
  const auto retry = std::stoi("0" + blocked->get_header_value("Retry-After"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);
  // The address stays blocked for the window, a valid token included.
  auto valid = client_->Get("/api/v1/health", fixture_->bearer("viewer"));
  ASSERT_TRUE(valid);
  EXPECT_EQ(valid->status, 429);
}

TEST_F(ApiBadInput, AFloodOfRequestsOnOneTokenIs429) {
  start({"127.0.0.5", true, true, {"--requests-per-minute", "5"}});
  std::vector<int> statuses;
  for (int i = 0; i < 7; ++i) {
    auto r = client_->Get("/api/v1/health", fixture_->bearer("viewer"));
    ASSERT_TRUE(r);
    statuses.push_back(r->status);
  }
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 200, 200, 200, 429, 429}));
  // Another token has its own budget.
  auto other = client_->Get("/api/v1/health", fixture_->bearer("admin"));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
}

TEST_F(ApiBadInput, CursorsAndLimitsAreChecked) {
  start();
  const auto h = fixture_->bearer("viewer");
  for (const char* limit : {"0", "501", "-1", "ten"}) {
    auto r = client_->Get(std::string("/api/v1/events?limit=") + limit, h);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << limit;
    EXPECT_EQ(error_of(r)["field"], "limit");
  }
  auto garbage = client_->Get("/api/v1/events?cursor=%24%24%24", h);
  ASSERT_TRUE(garbage);
  EXPECT_EQ(garbage->status, 400);
  EXPECT_EQ(error_of(garbage)["field"], "cursor");
  // A cursor of one listing handed to another is refused, not misapplied.
  auto first = client_->Get("/api/v1/events?limit=1", h);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  auto cursor = nlohmann::json::parse(first->body)["next_cursor"];
  ASSERT_TRUE(cursor.is_string()) << first->body;
  auto other = client_->Get("/api/v1/search?q=verdict:open&cursor=" + cursor.get<std::string>(), h);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 400);
  EXPECT_EQ(error_of(other)["field"], "cursor");
}

TEST_F(ApiBadInput, PagesOfEventsCoverEveryEventOnce) {
  start();
  const auto h = fixture_->bearer("viewer");
  auto all = client_->Get("/api/v1/events?limit=500", h);
  ASSERT_TRUE(all);
  const auto total = nlohmann::json::parse(all->body)["items"].size();
  ASSERT_GE(total, 2u);
  std::set<long> seen;
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    auto r =
        client_->Get("/api/v1/events?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor), h);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    auto j = nlohmann::json::parse(r->body);
    for (const auto& e : j["items"]) EXPECT_TRUE(seen.insert(e["id"].get<long>()).second);
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"];
  }
  EXPECT_EQ(seen.size(), total);
}

TEST_F(ApiBadInput, TokensInTheUrlAreRefused) {
  start();
  auto r = client_->Get("/api/v1/health?token=" + fixture_->token("viewer"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(error_of(r)["field"], "token");
  EXPECT_EQ(r->body.find(fixture_->token("viewer")), std::string::npos);
}

TEST_F(ApiBadInput, RevokedTokensStopWorkingAtOnce) {
  start();
  auto before = client_->Get("/api/v1/health", fixture_->bearer("viewer"));
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 200);
  auto rev = fixture_->leakwatch({"token", "revoke", "viewer-token", "--db", fixture_->catalog()});
  ASSERT_EQ(rev.status, 0) << rev.err;
  auto after = client_->Get("/api/v1/health", fixture_->bearer("viewer"));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
  // The catalog holds hashes only: no token text in the file.
  const auto db = read_file(fixture_->catalog());
  for (const char* role : {"viewer", "responder", "admin"}) {
    EXPECT_EQ(db.find(fixture_->token(role)), std::string::npos) << role;
  }
}

TEST_F(ApiBadInput, OffLoopbackWithoutTlsOrTokensDoesNotStart) {
  start({"127.0.0.1", false, false, {}});
  // On 127.0.0.1, plain HTTP: it starts, and still refuses a request without a token.
  auto open = client_->Get("/api/v1/health");
  ASSERT_TRUE(open);
  EXPECT_EQ(open->status, 401) << open->body;
  const auto& f = *fixture_;
  auto plain = f.leakwatch({"api", "--db", f.catalog(), "--listen", "127.0.0.5:0"});
  EXPECT_EQ(plain.status, 2);
  EXPECT_NE(plain.err.find("without TLS"), std::string::npos) << plain.err;
  auto no_token =
      f.leakwatch({"api", "--db", f.catalog(), "--listen", "127.0.0.5:0", "--tls-self-signed"});
  EXPECT_EQ(no_token.status, 2);
  EXPECT_NE(no_token.err.find("no API token"), std::string::npos) << no_token.err;
}

TEST_F(ApiBadInput, SelfSignedTlsServesWithItsPrintedFingerprint) {
  start({"127.0.0.5", true, true, {}});
  const auto& f = *fixture_;
  auto p = Process::spawn({leakwatch_binary(), "api", "--db", f.catalog(), "--listen",
                           "127.0.0.6:0", "--tls-self-signed"},
                          f.dir() / "self.out", f.dir() / "self.err");
  std::smatch m;
  const std::regex listening(R"(listening on https://127\.0\.0\.6:([0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  std::string out;
  while (std::chrono::steady_clock::now() < deadline) {
    out = read_file(f.dir() / "self.out");
    if (std::regex_search(out, m, listening) && out.find("fingerprint") != std::string::npos) break;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(std::regex_search(out, m, listening)) << out << read_file(f.dir() / "self.err");
  EXPECT_TRUE(
      std::regex_search(out, std::regex("SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}")))
      << out;
  httplib::Client c("https://127.0.0.6:" + m[1].str());
  c.enable_server_certificate_verification(false);  // self-signed: clients pin the fingerprint
  c.set_connection_timeout(5s);
  auto r = c.Get("/api/v1/health", f.bearer("viewer"));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(nlohmann::json::parse(r->body)["tls"], true);
}

TEST_F(ApiBadInput, TokenCommandsRefuseBadInputWithExitStatus2) {
  start();
  const auto& f = *fixture_;
  auto role =
      f.leakwatch({"token", "create", "--name", "x", "--role", "root", "--db", f.catalog()});
  EXPECT_EQ(role.status, 2);
  EXPECT_TRUE(role.out.empty()) << "no token printed for a refused create";
  auto dup = f.leakwatch(
      {"token", "create", "--name", "admin-token", "--role", "viewer", "--db", f.catalog()});
  EXPECT_EQ(dup.status, 2);
  EXPECT_NE(dup.err.find("exists already"), std::string::npos) << dup.err;
  auto unknown = f.leakwatch({"token", "revoke", "nobody", "--db", f.catalog()});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("no token named or numbered 'nobody'"), std::string::npos)
      << unknown.err;
  auto missing = f.leakwatch({"token", "list", "--db", f.dir() / "absent.db"});
  EXPECT_EQ(missing.status, 2);
  auto listed = f.leakwatch({"token", "list", "--json", "--db", f.catalog()});
  ASSERT_EQ(listed.status, 0) << listed.err;
  auto tokens = nlohmann::json::parse(listed.out)["tokens"];
  ASSERT_EQ(tokens.size(), 3u);
  for (const auto& t : tokens) {
    EXPECT_FALSE(t.contains("token_hash"));
    EXPECT_EQ(listed.out.find(f.token(t["role"].get<std::string>())), std::string::npos);
  }
}

TEST_F(ApiBadInput, DashboardFilesNeedNoTokenAndLeadNowhereElse) {
  TempDir web;
  {
    std::ofstream(web / "index.html") << "<!doctype html><title>leakwatch</title>";
    std::ofstream(web / "app.js") << "console.log('dashboard')";
  }
  std::filesystem::create_symlink("/etc/hostname", web / "leak.txt");
  start({.extra_args = {"--web-root", web.path()}});
  auto index = client_->Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(index->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  auto js = client_->Get("/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->body, "console.log('dashboard')");
  for (const char* path : {"/leak.txt", "/../app.js", "/%2e%2e/etc/passwd", "/nothing.js"}) {
    auto r = client_->Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path << ": " << r->body;
    EXPECT_EQ(error_of(r)["field"], "path") << path;
  }
  auto post = client_->Post("/", "x", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  // The API beside the files still wants a token.
  auto api = client_->Get("/api/v1/overview");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
}

TEST_F(ApiBadInput, AWebRootWithoutAnIndexIsRefusedAtStart) {
  TempDir empty;
  ApiServerFixture f({.extra_args = {"--web-root", empty.path()}});
  EXPECT_NE(f.failure().find("index.html"), std::string::npos) << f.failure();
}

TEST_F(ApiBadInput, OverviewCountsTheCatalogsIncidentAndRefusesABadWindow) {
  start();
  auto r = client_->Get("/api/v1/overview?days=1", fixture_->bearer("viewer"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["bucket_seconds"], 900);
  ASSERT_EQ(j["open_over_time"].size(), 96u);
  std::int64_t exposures = 0;
  for (const auto& b : j["open_over_time"]) {
    for (const char* s : {"critical", "high", "medium", "low", "none"}) {
      exposures += b[s].get<std::int64_t>();
    }
  }
  EXPECT_GE(exposures, 1) << r->body;  // the fixture's open incident, in the newest bucket
  EXPECT_GE(j["incidents_considered"].get<int>(), 1);
  ASSERT_FALSE(j["by_asset"].empty()) << r->body;
  EXPECT_EQ(j["by_asset"][0]["open"], 1) << r->body;
  for (const char* bad : {"0", "91", "7d", "-1"}) {
    auto e = client_->Get(std::string("/api/v1/overview?days=") + bad, fixture_->bearer("viewer"));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->status, 400) << bad;
    EXPECT_EQ(error_of(e)["field"], "days") << bad;
  }
  auto me = client_->Get("/api/v1/me", fixture_->bearer("responder"));
  ASSERT_TRUE(me);
  EXPECT_EQ(nlohmann::json::parse(me->body)["role"], "responder");
}

TEST_F(ApiBadInput, XForwardedForCountsOnlyFromATrustedProxy) {
  // The client connects from 127.0.0.1: named a trusted proxy, its X-Forwarded-For names the
  // client whose failed logins are counted.
  start({"127.0.0.5", true, true, {"--trusted-proxy", "127.0.0.1"}});
  auto wrong = [](const char* client) {
    return httplib::Headers{{"Authorization", "Bearer lw_not_a_real_token"},
                            {"X-Forwarded-For", client}};
  };
  for (int i = 0; i < 10; ++i) {
    auto r = client_->Get("/api/v1/health", wrong("198.51.100.1"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
  }
  auto blocked = client_->Get("/api/v1/health", wrong("198.51.100.1"));
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->status, 429);
  // Another client behind the same proxy is not blocked by the first one's guesses.
  auto other = client_->Get("/api/v1/health", wrong("198.51.100.2"));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 401);
}

TEST_F(ApiBadInput, XForwardedForFromAnUntrustedPeerIsIgnored) {
  start();
  for (int i = 0; i < 10; ++i) {
    const std::string fake = "198.51.100." + std::to_string(i + 1);
    auto r = client_->Get("/api/v1/health", {{"Authorization", "Bearer lw_not_a_real_token"},
                                             {"X-Forwarded-For", fake}});
    ASSERT_TRUE(r);
  }
  // Ten guesses under ten made-up addresses still count against the one real address.
  auto blocked = client_->Get(
      "/api/v1/health", {{"Authorization", "Bearer lw_nope"}, {"X-Forwarded-For", "203.0.113.9"}});
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->status, 429);
}

TEST_F(ApiBadInput, ABadTrustedProxyIsRefusedAtStart) {
  ApiServerFixture f({.extra_args = {"--trusted-proxy", "proxy.example"}});
  EXPECT_NE(f.failure().find("proxy.example"), std::string::npos) << f.failure();
}

TEST_F(ApiBadInput, HistoryReadsNewestFirstAndRefusesAnUnknownOrder) {
  start();
  const auto h = fixture_->bearer("viewer");
  auto found = client_->Get("/api/v1/search?limit=1", h);
  ASSERT_TRUE(found);
  const auto id = nlohmann::json::parse(found->body)["items"][0]["id"].get<long>();
  const std::string path = "/api/v1/services/" + std::to_string(id) + "/history";
  auto oldest = client_->Get(path, h);
  auto newest = client_->Get(path + "?order=desc", h);
  ASSERT_TRUE(oldest && newest);
  ASSERT_EQ(newest->status, 200) << newest->body;
  auto asc = nlohmann::json::parse(oldest->body)["items"];
  auto desc = nlohmann::json::parse(newest->body)["items"];
  ASSERT_FALSE(asc.empty());
  ASSERT_EQ(asc.size(), desc.size());
  EXPECT_EQ(asc.front()["id"], desc.back()["id"]);
  EXPECT_EQ(asc.back()["id"], desc.front()["id"]);
  EXPECT_EQ(newest->body.find("value_hash"), std::string::npos)
      << "history serves /findings' shape";
  // A cursor of one order is not taken by the other.
  auto paged = client_->Get(path + "?order=desc&limit=1", h);
  ASSERT_TRUE(paged);
  auto cursor = nlohmann::json::parse(paged->body)["next_cursor"];
  if (cursor.is_string()) {
    auto crossed = client_->Get(path + "?cursor=" + cursor.get<std::string>(), h);
    ASSERT_TRUE(crossed);
    EXPECT_EQ(crossed->status, 400);
  }
  auto bad = client_->Get(path + "?order=sideways", h);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(error_of(bad)["field"], "order");
}

}  // namespace
}  // namespace lw::testing
