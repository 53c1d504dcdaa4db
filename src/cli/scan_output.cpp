#include "cli/scan_output.h"

#include <algorithm>
#include <cinttypes>

namespace lw::cli {
namespace {

std::string clock_text(double seconds) {
  if (seconds < 0 || seconds > 1e7) return "--:--";
  const auto s = static_cast<std::uint64_t>(seconds);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%" PRIu64 ":%02" PRIu64 ":%02" PRIu64, s / 3600, s / 60 % 60,
                  s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%" PRIu64 ":%02" PRIu64, s / 60, s % 60);
  }
  return buf;
}

int verdict_rank(VerdictKind v) {
  switch (v) {
    case VerdictKind::open:
      return 0;
    case VerdictKind::error:
      return 2;
    case VerdictKind::auth_required:
      return 3;
    case VerdictKind::unknown:
      return 4;
    case VerdictKind::not_this_protocol:
      return 5;
  }
  return 5;
}

constexpr std::size_t kMaxQuietRows = 50;

std::string cut(std::string s, std::size_t n) {
  if (s.size() > n) s = s.substr(0, n - 3) + "...";
  return s;
}

}  // namespace

std::string decimal(u128 n) {
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(n % 10)));
    n /= 10;
  } while (n != 0);
  return {digits.rbegin(), digits.rend()};
}

std::string progress_line(const pipeline::ScanCounters& c) {
  const double rate = c.elapsed_s > 0 ? static_cast<double>(c.targets_done) / c.elapsed_s : 0;
  const double pct = c.targets_total ? 100.0 * static_cast<double>(c.targets_done) /
                                           static_cast<double>(c.targets_total)
                                     : 0;
  const double left =
      c.targets_total > c.targets_done ? static_cast<double>(c.targets_total - c.targets_done) : 0;
  const double eta = rate > 0 ? left / rate : -1;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "[%" PRIu64 "/%" PRIu64 " %5.1f%%] %.0f/s  ports open %" PRIu64
                "  services open %" PRIu64 "  in flight %" PRIu64 "  %s elapsed  ETA %s",
                c.targets_done, c.targets_total, pct, rate, c.ports_open, c.services_open,
                c.in_flight, clock_text(c.elapsed_s).c_str(), clock_text(eta).c_str());
  return buf;
}

void print_findings_table(std::FILE* out, std::vector<ServiceRecord> records) {
  std::sort(records.begin(), records.end(), [](const ServiceRecord& a, const ServiceRecord& b) {
    if (verdict_rank(a.verdict.kind) != verdict_rank(b.verdict.kind)) {
      return verdict_rank(a.verdict.kind) < verdict_rank(b.verdict.kind);
    }
    if (a.sensitivity != b.sensitivity) return a.sensitivity > b.sensitivity;
    if (a.address != b.address) return a.address < b.address;
    return a.port < b.port;
  });
  std::fprintf(out, "%-28s %-13s %-22s %-14s %-9s %s\n", "SERVICE", "PROBE", "PRODUCT", "VERDICT",
               "SEVERITY", "DETAIL");
  std::size_t open = 0, secured = 0, shown = 0, hidden = 0;
  for (const auto& r : records) {
    if (r.verdict.kind == VerdictKind::open) ++open;
    if (r.verdict.kind == VerdictKind::auth_required) ++secured;
    // Everything open, secured or in error is listed; plain open ports only up to a screenful.
    if (r.verdict.kind == VerdictKind::unknown && shown >= kMaxQuietRows) {
      ++hidden;
      continue;
    }
    ++shown;
    std::string where = r.address.v6 ? "[" + r.address.to_string() + "]" : r.address.to_string();
    where += ":" + std::to_string(r.port);
    if (r.transport == Transport::tls) where += "/tls";
    std::string product = r.product;
    if (!r.version.empty()) product += " " + r.version;
    std::string detail = r.verdict.reason;
    if (!r.host_name.empty()) detail = "(" + r.host_name + ") " + detail;
    std::fprintf(out, "%-28s %-13s %-22s %-14s %-9s %s\n", cut(where, 28).c_str(),
                 cut(r.probe, 13).c_str(), cut(product, 22).c_str(),
                 std::string(to_string(r.verdict.kind)).c_str(),
                 r.severity.empty() ? "-" : r.severity.c_str(), cut(detail, 90).c_str());
  }
  if (hidden > 0) {
    std::fprintf(
        out, "... and %zu more services no probe identified (see --json or `leakwatch search`)\n",
        hidden);
  }
  std::fprintf(out, "%zu services: %zu open without authentication, %zu require authentication\n",
               records.size(), open, secured);
}

}  // namespace lw::cli
