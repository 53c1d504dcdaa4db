#include "catalog/catalog_test_util.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace lw::catalog::testing {

TempDir::TempDir() {
  std::string tmpl = "/tmp/lw_catalog_XXXXXX";
  if (char* p = mkdtemp(tmpl.data())) path_ = p;
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

ServiceRecord make_record(const std::string& ip, std::uint16_t port, VerdictKind verdict,
                          std::int64_t time_ms, std::optional<std::uint64_t> data_bytes,
                          std::vector<std::string> categories) {
  ServiceRecord r;
  r.time_ms = time_ms;
  r.address = *Address::parse(ip);
  r.port = port;
  r.probe = "redis";
  r.product = "Redis";
  r.version = "7.0.15";
  r.verdict.kind = verdict;
  r.verdict.reason = "test";
  r.outcome = verdict == VerdictKind::error ? Outcome::refused : Outcome::success;
  r.data_bytes = data_bytes;
  r.record_count = data_bytes ? std::optional<std::uint64_t>(*data_bytes / 100) : std::nullopt;
  for (auto& c : categories) {
    r.findings.push_back(
        DataFinding{"email", c, 0.9, "key:user:1", "j***@e***.com", "hmac:0011", "high"});
  }
  if (!categories.empty()) r.severity = "high";
  // An error record here is a closed port: refused before any probe attempt.
  if (verdict != VerdictKind::error) r.attempts = {"redis"};
  return r;
}

std::optional<std::string> run_pg_script(const std::string& verb, const std::string& dir) {
  const std::string cmd = "PG_TEMPLATE='" + std::string(LW_BINARY_DIR) + "/catalog_pg_template' " +
                          std::string(LW_SOURCE_DIR) + "/scripts/pg " + verb + " '" + dir + "'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  if (!pipe) return std::nullopt;
  std::string out;
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe.get())) out += buf.data();
  const int status = pclose(pipe.release());
  if (status != 0) return std::nullopt;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

namespace {

constexpr const char* kInitdb = "/usr/lib/postgresql/15/bin/initdb";

bool binaries_present() {
  return access(kInitdb, X_OK) == 0;
}

bool under_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

}  // namespace

bool PgServer::absence_may_skip() {
  return !binaries_present() && !under_ci();
}

PgServer* PgServer::instance(std::string* why_not) {
  static std::unique_ptr<PgServer> server;
  static std::string reason;
  static bool tried = false;
  if (!tried) {
    tried = true;
    if (!binaries_present()) {
      reason = std::string("PostgreSQL 15 binaries are absent (") + kInitdb +
               "); scripts/setup installs them" +
               (under_ci() ? " (CI=true: a PostgreSQL test may not skip under CI)" : "");
    } else {
      auto s = std::make_unique<PgServer>();
      auto url = run_pg_script("start", (s->dir_.path() / "pg").string());
      if (!url) {
        reason =
            "the PostgreSQL 15 binaries are present but scripts/pg start failed (its "
            "output is above): the server could not be started";
      } else {
        s->url_ = *url;
        server = std::move(s);
      }
    }
  }
  if (!server && why_not) *why_not = reason;
  return server.get();
}

std::string PgServer::fresh_database() {
  // One database per test: created through the catalog's own connection layer would need
  // SQL here, so use the server's createdb client.
  const std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(next_db_++);
  const auto base = url_.substr(0, url_.rfind('/'));
  const auto host_port = base.substr(base.find('@') + 1);
  const auto host = host_port.substr(0, host_port.find(':'));
  const auto port = host_port.substr(host_port.find(':') + 1);
  const std::string cmd =
      "/usr/lib/postgresql/15/bin/createdb -h " + host + " -p " + port + " -U leakwatch " + name;
  if (std::system(cmd.c_str()) != 0) return {};
  return base + "/" + name;
}

bool PgServer::restart() {
  return run_pg_script("restart", (dir_.path() / "pg").string()).has_value();
}
bool PgServer::stop() {
  return run_pg_script("stop", (dir_.path() / "pg").string()).has_value();
}
bool PgServer::start() {
  return run_pg_script("start", (dir_.path() / "pg").string()).has_value();
}

PgServer::~PgServer() {
  (void)stop();
}

}  // namespace lw::catalog::testing
