#include "bench_data.h"

#include <cstdio>
#include <cstring>

namespace lw::bench {
namespace {

std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

struct Product {
  const char* probe;
  const char* product;
  std::uint16_t port;
};

constexpr Product kProducts[] = {{"redis", "Redis", 6379},
                                 {"elasticsearch", "Elasticsearch", 9200},
                                 {"mongodb", "MongoDB", 27017},
                                 {"memcached", "Memcached", 11211},
                                 {"postgres", "PostgreSQL", 5432},
                                 {"mysql", "MySQL", 3306},
                                 {"couchdb", "CouchDB", 5984},
                                 {"imap", "Dovecot", 143},
                                 {"http", "nginx", 80},
                                 {"azure_blob", "Azure Blob Storage", 443},
                                 {"ftp", "vsftpd", 21},
                                 {"cassandra", "Cassandra", 9042}};

constexpr const char* kCategories[] = {"email", "government", "health", "finance", "credentials"};
constexpr const char* kSeverities[] = {"low", "medium", "high", "critical"};

}  // namespace

ServiceRecord SyntheticCatalog::record(std::uint64_t service, std::uint32_t round,
                                       std::int64_t time_ms) const {
  const auto h = mix(service * 1315423911ULL + seed);
  const auto r = mix(h ^ (round + 1) * 0x9e3779b97f4a7c15ULL);
  const auto& p = kProducts[h % std::size(kProducts)];
  ServiceRecord rec;
  rec.scan_id = "bench";
  rec.time_ms = time_ms;
  rec.address = Address::v4_from(0x0A000000u + static_cast<std::uint32_t>(service & 0xFFFFFF));
  rec.port = p.port;
  rec.probe = p.probe;
  rec.product = p.product;
  rec.version = std::to_string(1 + h % 9) + "." + std::to_string(h % 17);
  // ~8% open, a few flip between rounds; ~3% of rounds the service is unreachable.
  const bool open = (h % 100) < 8 ? (r % 10) != 0 : (r % 200) == 0;
  const bool gone = (r % 100) < 3;
  rec.outcome = gone ? Outcome::timeout : Outcome::success;
  rec.verdict.kind =
      gone ? VerdictKind::error : (open ? VerdictKind::open : VerdictKind::auth_required);
  rec.verdict.reason = open ? "read data without credentials" : "authentication required";
  rec.verdict.evidence = open ? EvidenceKind::read : EvidenceKind::identity;
  rec.verdict.proof = "probe";
  rec.metadata = {{"databases", h % 12}};
  if (!gone) {
    rec.data_bytes = (h % 1000000) * 1024 + (r % 4096) * (round + 1);
    rec.record_count = h % 100000;
  }
  if (open && (h % 3) == 0) {
    const auto* cat = kCategories[h % std::size(kCategories)];
    rec.findings.push_back(DataFinding{"email_address", cat, 0.9, "doc 1", "j***@e***.com",
                                       "hmac-sha256:00aa", "high"});
    rec.sensitivity = static_cast<int>(40 + h % 60);
    rec.severity = kSeverities[h % std::size(kSeverities)];
  }
  rec.duration_ms = static_cast<std::uint32_t>(r % 2000);
  if (!gone) rec.attempts = {p.probe};  // a closed port: refused before any probe attempt
  return rec;
}

bool parse_options(int argc, char** argv, std::vector<std::pair<std::string, std::string*>> opts) {
  for (int i = 1; i < argc; i += 2) {
    bool known = false;
    for (auto& [name, target] : opts) {
      if (name == argv[i] && i + 1 < argc) {
        *target = argv[i + 1];
        known = true;
      }
    }
    if (!known) {
      std::fprintf(stderr, "unknown or incomplete option %s\n", argv[i]);
      return false;
    }
  }
  return true;
}

}  // namespace lw::bench
