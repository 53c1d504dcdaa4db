#include "catalog/query/facet_pass.h"

#include <gtest/gtest.h>

#include "catalog/query/compile.h"

namespace lw::catalog {
namespace {

using Counts = std::vector<std::pair<std::string, std::int64_t>>;

TEST(FacetPass, SqlNamesOnlyKnownColumnsOnceAndKeepsTheCondition) {
  auto c = compile_query("product:\"x' OR 1=1 --\" hostname:db", Dialect::sqlite);
  ASSERT_TRUE(c);
  const std::vector<std::string> fields{"severity", "port", "severity"};
  auto lite = facet_pass_sql(fields, c->where, Dialect::sqlite);
  ASSERT_TRUE(lite) << lite.error().describe();
  EXPECT_EQ(lite->columns, (std::vector<std::string>{"severity", "port"}));
  EXPECT_FALSE(lite->grouped);
  EXPECT_EQ(lite->sql,
            "SELECT s.severity, s.port FROM services s JOIN hosts h ON h.id = "
            "s.host_id WHERE " +
                c->where);
  EXPECT_EQ(lite->sql.find("1=1"), std::string::npos);
  auto pg = facet_pass_sql(fields, "1 = 1", Dialect::postgres);
  ASSERT_TRUE(pg);
  EXPECT_TRUE(pg->grouped);
  EXPECT_EQ(pg->sql,
            "SELECT GROUPING(s.severity, s.port), s.severity, s.port, COUNT(*) FROM services s "
            "WHERE 1 = 1 GROUP BY GROUPING SETS ((s.severity), (s.port))");
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"category"}, {"tag"}, {"s.id; --"}, {}}) {
    EXPECT_FALSE(facet_pass_sql(bad, "1 = 1", Dialect::sqlite));
  }
}

TEST(FacetTally, CountsRowsLargestFirstTiesByValue) {
  FacetTally t(2, false);
  const std::pair<std::string_view, std::int64_t> rows[] = {
      {"b", 80}, {"a", 443}, {"b", 80}, {"", 9}, {"a", 80}, {"c", 443}, {"b", 9}};
  for (const auto& [text, port] : rows) {
    const SqlCell row[] = {text, port};
    t.add_row(row);
  }
  const SqlCell null_row[] = {std::monostate{}, std::int64_t{9}};
  t.add_row(null_row);
  EXPECT_EQ(t.total(), 8);
  EXPECT_EQ(t.counts(0, 10), (Counts{{"b", 3}, {"a", 2}, {"", 1}, {"", 1}, {"c", 1}}));
  EXPECT_EQ(t.counts(1, 10), (Counts{{"9", 3}, {"80", 3}, {"443", 2}}));
  EXPECT_EQ(t.counts(1, 2), (Counts{{"9", 3}, {"80", 3}}));
  EXPECT_TRUE(t.counts(2, 10).empty());
}

TEST(FacetTally, GroupingSetRowsCountTheirOwnColumn) {
  FacetTally t(2, true);
  // (GROUPING(c0, c1), c0, c1, COUNT(*)): mask 1 = a group of c0, 2 = a group of c1.
  const SqlCell rows[][4] = {
      {std::int64_t{1}, std::string_view("Redis"), std::monostate{}, std::int64_t{5}},
      {std::int64_t{1}, std::string_view("nginx"), std::monostate{}, std::int64_t{2}},
      {std::int64_t{2}, std::monostate{}, std::string_view("high"), std::int64_t{6}},
      {std::int64_t{2}, std::monostate{}, std::string_view(""), std::int64_t{1}},
  };
  for (const auto& r : rows) t.add_row(r);
  EXPECT_EQ(t.total(), 7);
  EXPECT_EQ(t.counts(0, 10), (Counts{{"Redis", 5}, {"nginx", 2}}));
  EXPECT_EQ(t.counts(1, 10), (Counts{{"high", 6}, {"", 1}}));
}

TEST(FacetTally, ManyDistinctValuesStayExact) {
  FacetTally t(1, false);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 5000; ++i) {
      const std::string v = "v" + std::to_string(i);
      const SqlCell row[] = {std::string_view(v)};
      for (int k = 0; k <= i % 3; ++k) t.add_row(row);
    }
  }
  EXPECT_EQ(t.total(), 3 * (1667 * 1 + 1667 * 2 + 1666 * 3));
  const auto all = t.counts(0, 100000);
  ASSERT_EQ(all.size(), 5000u);
  EXPECT_EQ(all.front(), (std::pair<std::string, std::int64_t>{"v1001", 9}));
  EXPECT_EQ(all.back(), (std::pair<std::string, std::int64_t>{"v999", 3}));
}

}  // namespace
}  // namespace lw::catalog
