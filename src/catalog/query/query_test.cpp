#include <gtest/gtest.h>

#include "catalog/query/compile.h"
#include "catalog/query/query.h"

namespace lw::catalog {
namespace {

TEST(QueryParse, TermsFieldsNegationQuotesAndLists) {
  auto q = parse_query(R"(redis -port:6379,6380 product:"Elastic Search" size:>=1GB)");
  ASSERT_TRUE(q) << q.error().describe();
  ASSERT_EQ(q->terms.size(), 4u);
  EXPECT_EQ(q->terms[0].field, "");
  EXPECT_EQ(q->terms[0].values[0].text, "redis");
  EXPECT_TRUE(q->terms[1].negated);
  EXPECT_EQ(q->terms[1].field, "port");
  EXPECT_EQ(q->terms[1].values.size(), 2u);
  EXPECT_EQ(q->terms[2].values[0].text, "Elastic Search");
  EXPECT_EQ(q->terms[3].values[0].op, Comparison::ge);
  EXPECT_EQ(q->terms[3].values[0].text, "1GB");
}

TEST(QueryParse, ErrorsPointAtTheColumn) {
  auto unterminated = parse_query(R"(port:1 product:"abc)");
  ASSERT_FALSE(unterminated);
  EXPECT_EQ(unterminated.error().where, "column 16");
  auto missing = parse_query("port:");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().where, "column 6");
  auto unknown = compile_query("verdict:open prot:80");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().where, "column 14");
  EXPECT_NE(unknown.error().message.find("unknown filter 'prot'"), std::string::npos);
  auto bad_port = compile_query("port:99999");
  ASSERT_FALSE(bad_port);
  EXPECT_EQ(bad_port.error().where, "column 6");
  auto bad_verdict = compile_query("-verdict:opn");
  ASSERT_FALSE(bad_verdict);
  EXPECT_EQ(bad_verdict.error().where, "column 10");
  EXPECT_FALSE(compile_query("net:10.0.0.1/8"));
  EXPECT_FALSE(compile_query("first_seen:>2026-13-01"));
  EXPECT_FALSE(compile_query("size:>1XB"));
  EXPECT_FALSE(compile_query("product:>x"));
  EXPECT_FALSE(parse_query(std::string(kMaxQueryBytes + 1, 'a')));
}

// The SQL text depends only on the shape of the query; every value is a parameter.
TEST(QueryCompile, ValuesNeverReachTheSqlText) {
  auto plain = compile_query(R"(product:"x" tag:y "z")");
  ASSERT_TRUE(plain);
  for (const std::string evil : {"x' OR '1'='1", "x\"; DROP TABLE services; --", "x/* comment */",
                                 "x; --", "'", "x\\' OR 1=1 --"}) {
    std::string escaped;
    for (char c : evil) {
      if (c == '"' || c == '\\') escaped += '\\';
      escaped += c;
    }
    const auto q = "product:\"" + escaped + "\" tag:\"" + escaped + "\" \"" + escaped + "\"";
    auto c = compile_query(q);
    ASSERT_TRUE(c) << q << ": " << c.error().describe();
    EXPECT_EQ(c->where, plain->where) << q;
    ASSERT_EQ(c->params.size(), plain->params.size());
    EXPECT_EQ(std::get<std::string>(c->params[1]), evil);  // the tag, verbatim
  }
}

TEST(QueryCompile, SizesAndDates) {
  EXPECT_EQ(*parse_size("1GB"), 1ull << 30);
  EXPECT_EQ(*parse_size("512k"), 512ull << 10);
  EXPECT_EQ(*parse_size("7"), 7u);
  EXPECT_FALSE(parse_size("99999999999TB"));
  EXPECT_EQ(*parse_date_ms("2026-11-01"), 1'793'491'200'000);
  EXPECT_EQ(*parse_date_ms("2026-11-01T00:00:01Z"), 1'793'491'201'000);
  EXPECT_FALSE(parse_date_ms("2026-11-01 junk"));
}

TEST(QueryCompile, FacetsAreAWhitelist) {
  EXPECT_TRUE(facet_sql("product", "1 = 1"));
  auto bad = facet_sql("product; DROP TABLE x", "1 = 1");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace lw::catalog
