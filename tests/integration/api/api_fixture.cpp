#include "api/api_fixture.h"

#include <csignal>
#include <fstream>
#include <regex>
#include <thread>

#include "catalog/monitor/monitor_store.h"

namespace lw::testing {

using namespace std::chrono_literals;

namespace {

std::string import_file(const std::string& name) {
  return std::string(LW_SOURCE_DIR) + "/src/catalog/testdata/import/" + name;
}

}  // namespace

ApiServerFixture::ApiServerFixture(Options options) : options_(std::move(options)) {
  // The server may close a refused request's connection while the client still writes its
  // body; that must fail the request, not end the test.
  std::signal(SIGPIPE, SIG_IGN);
  catalog_ = dir_ / "catalog.db";
  if (build_catalog()) start_server();
}

RunResult ApiServerFixture::leakwatch(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{leakwatch_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, 60s);
}

bool ApiServerFixture::build_catalog() {
  for (const char* f : {"nmap_loopback.xml", "masscan_1.3.json"}) {
    auto r = leakwatch({"import", import_file(f), "--db", catalog_});
    if (r.status != 0) {
      failure_ = std::string("import of ") + f + " failed: " + r.err;
      return false;
    }
  }
  auto found = leakwatch({"search", "--db", catalog_, "--json", "--limit", "1"});
  auto j = nlohmann::json::parse(found.out, nullptr, false);
  if (found.status != 0 || j.is_discarded() || j["services"].empty()) {
    failure_ = "the imported catalog holds no service: " + found.out + found.err;
    return false;
  }
  const auto ip = j["services"][0]["ip"].get<std::string>();
  const auto port = j["services"][0]["port"].get<int>();
  ids["ip"] = ip;
  {
    auto store = catalog::open_monitor_store(catalog_);
    if (!store) {
      failure_ = store.error().describe();
      return false;
    }
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    auto inc = (*store)->open_or_join({{ip, static_cast<std::uint16_t>(port), "tcp"},
                                       "lab",
                                       "alert-1",
                                       "high",
                                       now - 60'000,
                                       now});
    if (!inc) {
      failure_ = inc.error().describe();
      return false;
    }
    ids["incident"] = std::to_string(inc->id);
    auto sil = (*store)->add_silence({0, "lab", "", "", now, now + 3'600'000, "fixture", "test"});
    if (!sil) {
      failure_ = sil.error().describe();
      return false;
    }
    ids["silence"] = std::to_string(*sil);
  }
  if (options_.tokens) {
    for (const char* role : {"viewer", "responder", "admin"}) {
      auto r = leakwatch({"token", "create", "--name", std::string(role) + "-token", "--role", role,
                          "--db", catalog_});
      if (r.status != 0 || r.out.size() < 10) {
        failure_ = "token create failed: " + r.err;
        return false;
      }
      tokens_[role] = r.out.substr(0, r.out.find('\n'));
    }
  }
  std::ofstream(dir_ / "config.yaml") << "catalog: " << catalog_
                                      << "\nassets:\n  - name: lab\n    targets: [127.0.0.0/24]\n"
                                         "    owner: Data engineering\n    ports: [6379, 9200]\n"
                                         "rules:\n  - name: open-store\n    kind: open_database\n";
  if (options_.tls) {
    auto r = run({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                  "-nodes", "-days", "2", "-subj", "/CN=" + options_.host, "-addext",
                  "subjectAltName=IP:" + options_.host, "-keyout", dir_ / "key.pem", "-out",
                  dir_ / "cert.pem"},
                 30s);
    if (r.status != 0) {
      failure_ = "openssl req failed: " + r.err;
      return false;
    }
  }
  return true;
}

bool ApiServerFixture::start_server() {
  std::vector<std::string> argv{
      leakwatch_binary(),  "api", "--db", catalog_, "--listen", options_.host + ":0", "--config",
      dir_ / "config.yaml"};
  if (options_.tls) {
    for (const auto& a : {"--tls-cert", "cert.pem", "--tls-key", "key.pem"}) {
      argv.push_back(std::string(a).ends_with(".pem") ? dir_ / a : a);
    }
  }
  argv.insert(argv.end(), options_.extra_args.begin(), options_.extra_args.end());
  server_ = Process::spawn(argv, dir_ / "api.out", dir_ / "api.err");
  // The server prints its address once it listens; poll for it (bounded).
  static const std::regex kListening(R"(listening on https?://[^ ]+:([0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const auto out = read_file(dir_ / "api.out");
    if (std::regex_search(out, m, kListening)) {
      port_ = std::stoi(m[1].str());
      return true;
    }
    if (server_.wait(0ms) >= 0) break;
    std::this_thread::sleep_for(20ms);
  }
  failure_ = "the API server did not start: " + read_file(dir_ / "api.err");
  return false;
}

int ApiServerFixture::stop_server() {
  server_.signal(SIGTERM);
  return server_.wait(15s);
}

std::unique_ptr<httplib::Client> ApiServerFixture::client() const {
  const std::string scheme = options_.tls ? "https://" : "http://";
  auto c = std::make_unique<httplib::Client>(scheme + options_.host + ":" + std::to_string(port_));
  if (options_.tls) {
    c->set_ca_cert_path((dir_ / "cert.pem").c_str());
    c->enable_server_certificate_verification(true);
  }
  c->set_connection_timeout(5s);
  c->set_read_timeout(10s);
  c->set_write_timeout(10s);
  return c;
}

httplib::Headers ApiServerFixture::bearer(const std::string& role) const {
  return {{"Authorization", "Bearer " + tokens_.at(role)}};
}

nlohmann::ordered_json openapi_document() {
  std::ifstream in(std::string(LW_SOURCE_DIR) + "/docs/api/openapi.json");
  return nlohmann::ordered_json::parse(in, nullptr, false);
}

}  // namespace lw::testing
