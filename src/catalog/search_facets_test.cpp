// The facets a search returns (one pass for the column facets, query/facet_pass.h) against a
// plain GROUP BY per facet over the same rows, on both backends: lw_catalog_tests runs it on
// SQLite, lw_catalog_pg_tests on PostgreSQL.
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "catalog/backend_test.h"
#include "catalog/catalog.h"
#include "catalog/postgres/pg_db.h"
#include "catalog/query/compile.h"
#include "catalog/sqlite/sqlite_db.h"

namespace lw::catalog {
namespace {

using testing::make_record;
using testing::PgServer;
using testing::TempDir;

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kT0 = 1'790'000'000'000;  // 2026-09-21

using Counts = std::map<std::string, std::int64_t>;

class SearchFacets : public testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto c = open_catalog(location_);
    ASSERT_TRUE(c) << c.error().describe();
    catalog_ = std::move(*c);
    if (GetParam() == "postgres") {
      auto pg = PgDb::connect(location_);
      ASSERT_TRUE(pg) << pg.error().describe();
      plain_ = std::move(*pg);
    } else {
      auto lite = SqliteDb::open(location_, std::chrono::milliseconds(1000));
      ASSERT_TRUE(lite) << lite.error().describe();
      plain_ = std::move(*lite);
    }
  }

  // Three scans of 240 services whose columns vary and change between scans (verdicts flip,
  // products and severities change, sizes grow, some ports close), with categories and tags.
  void fill() {
    static constexpr const char* kProducts[] = {"Redis", "Elasticsearch",      "MongoDB",
                                                "nginx", "Azure Blob Storage", ""};
    static constexpr const char* kSeverities[] = {"", "low", "medium", "high", "critical"};
    static constexpr const char* kCategories[] = {"email", "health", "government"};
    static constexpr VerdictKind kVerdicts[] = {VerdictKind::open, VerdictKind::auth_required,
                                                VerdictKind::unknown, VerdictKind::error};
    static constexpr std::uint16_t kPorts[] = {6379, 9200, 27017, 80, 443, 8080, 21};
    for (int round = 0; round < 3; ++round) {
      ScanInfo s;
      s.id = "s" + std::to_string(round);
      ASSERT_TRUE(catalog_->begin_scan(s));
      std::vector<ServiceRecord> batch;
      for (std::uint32_t i = 0; i < 240; ++i) {
        if (round > 0 && i % 5 == static_cast<std::uint32_t>(round)) continue;  // not covered
        const std::uint32_t h = i * 2654435761U + static_cast<std::uint32_t>(round) * (i % 7);
        const std::string ip = (i % 3 ? "10." : "192.168.") + std::to_string(i % 4) + "." +
                               std::to_string(i / 4) + (i % 3 ? ".9" : "");
        auto r = make_record(ip, kPorts[i % 7], kVerdicts[(h >> 3) % 4],
                             kT0 + (round * 3 + static_cast<int>(i % 3)) * kDay);
        if (r.verdict.kind != VerdictKind::error) {
          r.data_bytes = std::uint64_t{1} << ((h >> 5) % 34);
          if (i % 4 == 0) *r.data_bytes += i;
        }
        r.product = kProducts[(h >> 7) % 6];
        r.probe = i % 2 ? "redis" : "http";
        r.version = std::to_string(i % 4) + "." + std::to_string(round);
        r.transport = i % 6 == 0 ? Transport::tls : Transport::tcp;
        r.severity = kSeverities[(h >> 11) % 5];
        if (i % 9 == 0) {
          r.findings.push_back(
              DataFinding{"email", kCategories[(i / 9 + static_cast<std::uint32_t>(round)) % 3],
                          0.9, "key:1", "j***@e***.com", "hmac:00", "high"});
        }
        if (i % 10 == 0) r.host_name = "db" + std::to_string(i) + ".example.org";
        batch.push_back(std::move(r));
      }
      auto ok = catalog_->commit_batch(s.id, batch, "{}", 0);
      ASSERT_TRUE(ok) << ok.error().describe();
    }
    ASSERT_TRUE(catalog_->tag_host("10.1.0.9", {"team-a", "lab"}, {}));
    ASSERT_TRUE(catalog_->tag_host("10.2.0.9", {"team-a"}, {}));
    ASSERT_TRUE(catalog_->tag_host("192.168.0.3", {"lab"}, {}));
  }

  // The plain way: one GROUP BY per facet over the rows the query matches.
  Counts plain_counts(const std::string& query, const std::string& facet) {
    auto compiled = compile_query(query, plain_->dialect());
    EXPECT_TRUE(compiled) << compiled.error().describe();
    auto sql = facet_sql(facet, compiled->where, plain_->dialect());
    EXPECT_TRUE(sql) << sql.error().describe();
    auto params = compiled->params;
    params.emplace_back(std::int64_t{100000});
    auto rows = plain_->query(*sql, params);
    EXPECT_TRUE(rows) << rows.error().describe();
    Counts out;
    for (const auto& r : *rows) out[as_text(r[0])] += as_int(r[1]);
    return out;
  }

  std::int64_t plain_total(const std::string& query) {
    auto compiled = compile_query(query, plain_->dialect());
    EXPECT_TRUE(compiled);
    auto v = query_value(
        *plain_,
        "SELECT COUNT(*) FROM services s JOIN hosts h ON h.id = s.host_id WHERE " + compiled->where,
        compiled->params);
    EXPECT_TRUE(v) << v.error().describe();
    return as_int(*v);
  }

  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<Db> plain_;
};

// Largest count first; ties by value, numbers (ports) numerically.
bool ordered(const std::vector<std::pair<std::string, std::int64_t>>& counts, bool numeric) {
  for (std::size_t i = 1; i < counts.size(); ++i) {
    const auto& a = counts[i - 1];
    const auto& b = counts[i];
    if (a.second != b.second) {
      if (a.second < b.second) return false;
      continue;
    }
    if (numeric) {
      long x = 0, y = 0;
      std::from_chars(a.first.data(), a.first.data() + a.first.size(), x);
      std::from_chars(b.first.data(), b.first.data() + b.first.size(), y);
      if (x >= y) return false;
    } else if (a.first >= b.first) {
      return false;
    }
  }
  return true;
}

TEST_P(SearchFacets, OnePassCountsEqualAPlainGroupByPerFacet) {
  ASSERT_NO_FATAL_FAILURE(fill());
  std::vector<std::string> facets;
  for (auto f : facet_fields()) facets.emplace_back(f);
  for (const std::string q : {"",
                              "verdict:open",
                              "-verdict:open",
                              "net:10.0.0.0/8",
                              "-net:10.1.0.0/16",
                              "size:>512MB",
                              "size:>=1GB -severity:low",
                              "size:<1KB",
                              "first_seen:>2026-09-23",
                              "first_seen:>2026-09-21 verdict:open,unknown",
                              "port:6379,9200 -product:redis",
                              "category:email",
                              "-category:health verdict:auth_required",
                              "tag:team-a",
                              "-tag:lab net:10.0.0.0/8",
                              "redis",
                              "hostname:example -port:80",
                              "severity:critical,high size:>1MB",
                              "product:\"azure blob storage\"",
                              "verdict:open -verdict:open"}) {
    SearchRequest req{q, facets, 5};
    req.facet_limit = 1000;
    auto r = catalog_->search(req);
    ASSERT_TRUE(r) << q << ": " << r.error().describe();
    EXPECT_EQ(r->total, plain_total(q)) << q;
    ASSERT_EQ(r->facets.size(), facets.size()) << q;
    for (std::size_t i = 0; i < facets.size(); ++i) {
      const auto& got = r->facets[i];
      EXPECT_EQ(got.field, facets[i]);
      EXPECT_EQ(Counts(got.counts.begin(), got.counts.end()), plain_counts(q, facets[i]))
          << q << " facet " << facets[i];
      EXPECT_TRUE(ordered(got.counts, facets[i] == "port")) << q << " facet " << facets[i];
    }
  }
}

TEST_P(SearchFacets, FacetLimitKeepsTheLargestAndRepeatedFacetsAgree) {
  ASSERT_NO_FATAL_FAILURE(fill());
  SearchRequest all{"-verdict:error", {"product", "version", "port"}, 0};
  all.facet_limit = 1000;
  SearchRequest top{"-verdict:error", {"version", "product", "port", "product"}, 0};
  top.facet_limit = 3;
  auto a = catalog_->search(all);
  auto t = catalog_->search(top);
  ASSERT_TRUE(a && t);
  ASSERT_EQ(t->facets.size(), 4u);
  EXPECT_GT(a->total, 0);
  EXPECT_EQ(t->total, a->total);
  const auto first3 = [](std::vector<std::pair<std::string, std::int64_t>> v) {
    v.resize(std::min<std::size_t>(v.size(), 3));
    return v;
  };
  EXPECT_EQ(t->facets[0].counts, first3(a->facets[1].counts));
  EXPECT_EQ(t->facets[1].counts, first3(a->facets[0].counts));
  EXPECT_EQ(t->facets[2].counts, first3(a->facets[2].counts));
  EXPECT_EQ(t->facets[3].counts, t->facets[1].counts);
  EXPECT_EQ(t->facets[1].counts.size(), 3u);
}

#ifndef LW_CATALOG_BACKEND
#define LW_CATALOG_BACKEND "sqlite"
#endif
INSTANTIATE_TEST_SUITE_P(Backends, SearchFacets, ::testing::Values(LW_CATALOG_BACKEND),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace lw::catalog
