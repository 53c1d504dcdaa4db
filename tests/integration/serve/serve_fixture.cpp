#include "serve/serve_fixture.h"

#include <signal.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace lw::testing::serve {
namespace {

std::string yaml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", \"" : "\"") + items[i] + "\"";
  return out + "]";
}

std::string number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

std::string ServeConfig::rule(const std::string& name, const std::string& kind) {
  return "  - name: " + name + "\n    kind: " + kind + "\n";
}

std::string ServeConfig::webhook(const std::string& name, const std::string& url,
                                 const std::string& secret_file, const std::string& timeout) {
  return "  - name: " + name + "\n    kind: webhook\n    url: " + url +
         "\n    secret_file: " + secret_file + "\n    timeout: " + timeout + "\n";
}

std::string ServeConfig::email(const std::string& name, const std::string& smtp_url,
                               const std::string& ca_file) {
  return "  - name: " + name + "\n    kind: email\n    smtp_url: " + smtp_url +
         "\n    from: leakwatch@leakwatch-test.invalid\n    to: [oncall@example.test]\n"
         "    ca_file: " +
         ca_file + "\n    timeout: 20s\n";
}

std::string ServeConfig::syslog(const std::string& name, const std::string& host, int port) {
  return "  - name: " + name + "\n    kind: syslog\n    syslog_host: " + host +
         "\n    syslog_port: " + std::to_string(port) + "\n    syslog_transport: tcp\n";
}

std::string ServeConfig::yaml() const {
  std::ostringstream y;
  y << "catalog: " << catalog << "\nlog_format: json\n"
    << "scheduling:\n  global_rate: " << number(global_rate) << "\n  open_rescan: " << open_rescan
    << "\n  changed_rescan: " << changed_rescan << "\n"
    << "grouping:\n  group_wait: 0s\n  group_interval: 0s\n"
    << "assets:\n";
  for (const auto& a : assets) {
    std::vector<std::string> ports;
    for (int p : a.ports) ports.push_back(std::to_string(p));
    std::string port_list = "[";
    for (std::size_t i = 0; i < ports.size(); ++i) port_list += (i ? ", " : "") + ports[i];
    y << "  - name: " << a.name << "\n    targets: " << yaml_list(a.targets)
      << "\n    owner: Serve test team\n    contacts: [oncall@example.test]\n    ports: "
      << port_list << "]\n    cadence: " << a.cadence << "\n    rate: " << number(a.rate) << "\n";
  }
  if (!channels.empty()) y << "channels:\n";
  for (const auto& c : channels) y << c;
  if (!rules.empty()) y << "rules:\n";
  for (const auto& r : rules) y << r;
  return y.str();
}

void ServeConfig::write(const std::string& path) const {
  std::ofstream(path) << yaml();
}

void Daemon::start(const std::vector<std::string>& extra) {
  std::vector<std::string> argv = prefix_;
  for (const auto& a :
       {leakwatch_binary(), std::string("serve"), std::string("--config"), config_}) {
    argv.push_back(a);
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  ++starts_;
  exit_status_ = -1;
  process_ = Process::spawn(argv, dir_ + "/daemon.out", dir_ + "/log." + std::to_string(starts_));
}

bool Daemon::running() {
  if (process_.running()) (void)wait(0ms);
  return process_.running();
}

int Daemon::wait(std::chrono::milliseconds limit) {
  if (!process_.running()) return exit_status_;
  const int status = process_.wait(limit);
  if (!process_.running()) exit_status_ = status;
  return status;
}

int Daemon::stop(std::chrono::milliseconds limit) {
  if (!process_.running()) return exit_status_;
  process_.signal(SIGTERM);
  return wait(limit);
}

void Daemon::kill9() {
  process_.signal(SIGKILL);
  (void)wait(10s);
}

std::string Daemon::log_text() const {
  std::string all;
  for (int i = 1; i <= starts_; ++i) all += read_file(dir_ + "/log." + std::to_string(i));
  return all;
}

std::vector<Json> Daemon::log() const {
  std::vector<Json> out;
  std::istringstream in(log_text());
  for (std::string line; std::getline(in, line);) {
    auto j = Json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.is_object()) out.push_back(std::move(j));
  }
  return out;
}

std::string Daemon::log_tail(std::size_t lines) const {
  const std::string text = log_text();
  std::size_t at = text.size(), seen = 0;
  while (at > 0 && seen <= lines) {
    at = text.rfind('\n', at - 1);
    if (at == std::string::npos) return text;
    ++seen;
  }
  return "daemon log (last lines):\n" + text.substr(at);
}

std::optional<Json> Daemon::wait_for(const std::string& msg, std::chrono::milliseconds limit,
                                     const std::function<bool(const Json&)>& pred,
                                     std::size_t after) const {
  const auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    const auto lines = log();
    for (std::size_t i = after; i < lines.size(); ++i) {
      if (lines[i].value("msg", "") == msg && (!pred || pred(lines[i]))) return lines[i];
    }
    if (std::chrono::steady_clock::now() >= until) return std::nullopt;
    std::this_thread::sleep_for(100ms);
  }
}

std::size_t Daemon::count(const std::string& msg) const {
  std::size_t n = 0;
  for (const auto& l : log()) n += l.value("msg", "") == msg ? 1u : 0u;
  return n;
}

RunResult leakwatch(const std::vector<std::string>& args) {
  std::vector<std::string> argv{leakwatch_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, 60s);
}

std::optional<Json> leakwatch_json(const std::vector<std::string>& args, std::string* err) {
  const auto r = leakwatch(args);
  if (err) *err = r.err;
  if (r.status != 0) return std::nullopt;
  auto j = Json::parse(r.out, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

std::optional<Json> incident_for(const std::string& catalog, const std::string& service) {
  const auto list = leakwatch_json({"incidents", "list", "--json", "--db", catalog});
  if (!list || !list->contains("incidents")) return std::nullopt;
  for (const auto& i : (*list)["incidents"]) {
    if (i.value("service", "") != service) continue;
    return leakwatch_json({"incidents", "show", std::to_string(i["id"].get<std::int64_t>()),
                           "--json", "--db", catalog});
  }
  return std::nullopt;
}

std::optional<Json> wait_for_incident(const std::string& catalog, const std::string& service,
                                      const std::function<bool(const Json&)>& pred,
                                      std::chrono::milliseconds limit) {
  std::optional<Json> last;
  eventually(
      [&] {
        if (auto i = incident_for(catalog, service)) last = std::move(i);
        return last && pred(*last);
      },
      limit);
  return last;
}

std::string start_open_redis(Process& out, const TempDir& dir, const std::string& address,
                             int port) {
  out = Process::spawn(
      {"redis-server", "--bind", address, "--port", std::to_string(port), "--save", "",
       "--appendonly", "no", "--protected-mode", "no", "--dir", dir.path(), "--daemonize", "no"},
      dir / ("redis-" + address + ".out"), dir / ("redis-" + address + ".err"));
  if (!wait_for_port(address, port, 20s)) {
    return "redis-server did not listen: " + read_file(dir / ("redis-" + address + ".err"));
  }
  const auto r = run({"redis-cli",
                      "-h",
                      address,
                      "-p",
                      std::to_string(port),
                      "MSET",
                      "config:theme",
                      "dark",
                      "counter:visits",
                      "42",
                      "session:7f2c",
                      "{\"user\":\"u-1001\",\"ttl\":300}",
                      "queue:jobs",
                      "resize,thumbnail,notify",
                      "user:1001",
                      "{\"name\":\"Ann "
                      "Example\",\"ssn\":\"536-22-1234\",\"email\":\"ann.example@fake-corp.test\"}",
                      "user:1002",
                      "{\"name\":\"Bob Example\",\"ssn\":\"536-22-5678\"}",
                      "legacy:1",
                      "{\"ssn\":\"078-05-1120\"}",
                      "payment:1",
                      "{\"card\":\"4111111111111111\"}",
                      "payment:2",
                      "4111 1111 1111 1111"},
                     10s);
  if (r.status != 0 || r.out.find("OK") == std::string::npos) return "MSET failed: " + r.err;
  return "";
}

std::string secure_redis(const std::string& address, int port) {
  const auto r = run({"redis-cli", "-h", address, "-p", std::to_string(port), "CONFIG", "SET",
                      "requirepass", "now-secured-5e1d"},
                     10s);
  if (r.status != 0 || r.out.find("OK") == std::string::npos) {
    return "CONFIG SET requirepass failed: " + r.out + r.err;
  }
  return "";
}

std::vector<ReceivedRequest> delivered(const std::vector<ReceivedRequest>& all) {
  std::vector<ReceivedRequest> out;
  for (const auto& r : all) {
    if (r.status / 100 == 2) out.push_back(r);
  }
  return out;
}

std::map<std::string, int> deliveries(const std::vector<ReceivedRequest>& all,
                                      const std::string& status) {
  std::map<std::string, int> out;
  for (const auto& r : delivered(all)) {
    if (!r.body.is_object() || !r.body.contains("alerts")) continue;
    for (const auto& a : r.body["alerts"]) {
      if (a.value("status", "") == status) ++out[a.value("alert_id", "")];
    }
  }
  return out;
}

std::map<std::string, int> firing_deliveries(const std::vector<ReceivedRequest>& all) {
  return deliveries(all, "firing");
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (pred()) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(100ms);
  }
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace lw::testing::serve
