#include "probes/webhdfs/webhdfs_datanode.h"

#include <array>
#include <charconv>

#include "core/ascii.h"
#include "core/bytes.h"
#include "probes/common/http_dialogue.h"
#include "probes/common/sample_budget.h"
#include "probes/common/sample_text.h"
#include "probes/common/sampler.h"
#include "probes/common/steps.h"
#include "probes/webhdfs/webhdfs_probe.h"

namespace lw::probes {
namespace {

constexpr std::uint32_t kOpenCap = 32 * 1024;
constexpr std::size_t kMaxHostBytes = 255;
constexpr std::size_t kMaxRpcBytes = 256;
enum Step : std::uint32_t { kRead = 1 };

const ProbeInfo kDatanodeInfo{
    .id = "webhdfs",
    .default_ports = {},
    .tls_ports = {},
    .kind = ServiceKind::file,
    .max_reply_bytes = kOpenCap,
};

// "127.000.2.82" -> the four numbers; nullopt when `text` is not a dotted quad.
std::optional<std::array<unsigned, 4>> dotted_quad(std::string_view text) {
  std::array<unsigned, 4> out{};
  const char* p = text.data();
  const char* end = text.data() + text.size();
  for (std::size_t i = 0; i < 4; ++i) {
    if (i > 0) {
      if (p == end || *p != '.') return std::nullopt;
      ++p;
    }
    const char* start = p;
    const auto [q, ec] = std::from_chars(p, std::min(end, p + 3), out[i]);
    if (ec != std::errc{} || q == start || out[i] > 255) return std::nullopt;
    p = q;
  }
  if (p != end) return std::nullopt;
  return out;
}

// The value of one query parameter, as sent (still percent-encoded).
std::string query_value(std::string_view url, std::string_view name) {
  const auto q = url.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view query = url.substr(q + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

bool safe_rpc(std::string_view v) {
  if (v.size() > kMaxRpcBytes) return false;
  for (const char c : v) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == ':' || c == '-' || c == '_' || c == '%' || c == '[' ||
                    c == ']';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

namespace webhdfs {

std::optional<Redirect> parse_location(std::string_view location) {
  std::uint16_t default_port = 0;
  if (location.starts_with("http://")) {
    location.remove_prefix(7);
    default_port = 80;
  } else if (location.starts_with("https://")) {
    location.remove_prefix(8);
    default_port = 443;
  } else {
    return std::nullopt;
  }
  const std::string_view authority = location.substr(0, location.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no userinfo
  Redirect r;
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    r.host = std::string(authority.substr(1, close - 1));
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    if (!rest.empty()) port_text = rest.substr(1);
  } else {
    const auto colon = authority.rfind(':');
    r.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (r.host.empty() || r.host.size() > kMaxHostBytes) return std::nullopt;
  for (const char c : r.host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
    if (!ok) return std::nullopt;
  }
  r.port = default_port;
  if (!port_text.empty()) {
    unsigned port = 0;
    const auto [p, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || p != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return std::nullopt;
    }
    r.port = static_cast<std::uint16_t>(port);
  }
  r.namenode_rpc = query_value(location, "namenoderpcaddress");
  if (!safe_rpc(r.namenode_rpc)) r.namenode_rpc.clear();
  return r;
}

bool same_host(std::string_view host, std::string_view service_address) {
  if (host.find(':') != std::string_view::npos) {  // an IPv6 literal
    return ascii_lower(host) == ascii_lower(service_address);
  }
  const auto quad = dotted_quad(host);
  if (!quad) {
    // A name, not an address literal: every digit-and-dot string is taken as an address attempt.
    if (host.find_first_not_of("0123456789.") == std::string_view::npos) return false;
    return true;  // the single-node assumption: a host name is the service's own host
  }
  const auto service = dotted_quad(service_address);
  return service && *service == *quad;
}

}  // namespace webhdfs

WebhdfsDatanodeProbe::WebhdfsDatanodeProbe(std::uint16_t port, Read read)
    : port_(port), read_(std::move(read)) {}

const ProbeInfo& WebhdfsDatanodeProbe::info() const noexcept {
  return kDatanodeInfo;
}

std::optional<Exchange> WebhdfsDatanodeProbe::next(const ProbeOptions& o,
                                                   const Transcript& t) const {
  if (!t.empty()) return std::nullopt;
  const Read& read = read_;
  ProbeOptions here = o;
  here.port = port_;  // the Host header names the DataNode's port
  std::string target = webhdfs::encode_path(read.file) + "?op=OPEN";
  if (!read.namenode_rpc.empty()) target += "&namenoderpcaddress=" + read.namenode_rpc;
  target += "&length=16384&offset=0";
  std::string label = "GET datanode:" + std::to_string(port_) + " " + webhdfs::open_path(read.file);
  return with_step(http::labelled_get(std::move(label), target, here, kOpenCap), kRead, read.file);
}

Framing WebhdfsDatanodeProbe::frame(const Exchange&, std::string_view reply) const {
  return http::frame_http(reply);
}

Result<Observation> WebhdfsDatanodeProbe::parse(const Transcript& t) const {
  Observation obs;
  obs.product = "webhdfs";
  nlohmann::json read = nlohmann::json::array();
  for (const auto& turn : t) {
    auto r = http::parse_response(turn.reply);
    // The documented answer: 200 with the file's bytes as application/octet-stream (a catch-all
    // page or a JSON error is not a file).
    if (!r || r->status != 200 || r->truncated || r->body.empty() ||
        !ascii_lower(r->header("content-type").value_or(""))
             .starts_with("application/octet-stream")) {
      continue;
    }
    obs.identified = true;
    // The file's first bytes, as the DataNode streamed them: a record read.
    if (read.empty()) obs.proof = turn.exchange.label;
    read.push_back(printable(turn.exchange.subject, 256));
    obs.samples.push_back(Sample{"hdfs " + printable(turn.exchange.subject, 256),
                                 std::string(guess_content_type(r->body)), r->body});
  }
  obs.data_read = !read.empty();
  obs.metadata["files_read"] = read;
  obs.metadata["port"] = port_;
  obs.note = (read.empty() ? "not read on the DataNode: " : "read on the DataNode: ") +
             printable(read_.file, 256);
  return obs;
}

Verdict WebhdfsDatanodeProbe::judge(const Observation& obs) const {
  return verdict_from_facts(obs);
}

std::vector<std::unique_ptr<Probe>> webhdfs_datanode_follow_ups(const Observation& main,
                                                                const ProbeOptions& options) {
  std::vector<std::unique_ptr<Probe>> out;
  const auto it = main.metadata.find("redirects");
  if (it == main.metadata.end() || !it->is_array()) return out;
  for (const auto& r : *it) {
    if (out.size() >= kMaxFollowUps) break;
    if (!r.is_object()) continue;
    const std::string host = r.value("host", std::string());
    const auto port = r.value<std::uint16_t>("port", 0);
    const std::string file = r.value("file", std::string());
    if (port == 0 || file.empty() || !webhdfs::same_host(host, options.address)) continue;
    out.push_back(std::make_unique<WebhdfsDatanodeProbe>(
        port, WebhdfsDatanodeProbe::Read{file, r.value("rpc", std::string())}));
  }
  return out;
}

Observation webhdfs_fold_datanodes(Observation main, std::span<const Result<Observation>> reads) {
  if (reads.empty()) return main;
  std::vector<Sample> all = std::move(main.samples);
  main.samples.clear();
  SampleBudget budget;
  for (auto& s : all) budget.add(main, std::move(s.source), std::move(s.content_type), s.data);
  std::size_t read = 0;
  std::size_t failed = 0;
  std::string port;
  for (const auto& r : reads) {
    if (!r) {
      ++failed;
      continue;
    }
    read += r->metadata.value("files_read", nlohmann::json::array()).size();
    if (port.empty()) port = std::to_string(r->metadata.value("port", 0));
    for (const auto& s : r->samples) budget.add(main, s.source, s.content_type, s.data);
    if (r->data_read && !main.data_read) {
      main.data_read = true;
      main.proof = r->proof;
    }
  }
  auto& sampling = main.metadata["sampling"];
  if (!sampling.is_array()) sampling = nlohmann::json::array();
  std::string line = coverage_note(read, main.record_count.value_or(0), "files") +
                     " (OPEN redirected to the DataNode on port " + port +
                     " of the service's own address, the first 16384 bytes of each read there, "
                     "one connection per file, at most " +
                     std::to_string(kMaxFollowUps) + ")";
  if (failed > 0) line += "; " + std::to_string(failed) + " DataNode connections failed";
  if (sampling.empty()) {
    sampling.push_back(line);
  } else {
    sampling[0] = line;
  }
  main.note += "; " + std::to_string(read) + " read on the DataNode";
  return main;
}

}  // namespace lw::probes
