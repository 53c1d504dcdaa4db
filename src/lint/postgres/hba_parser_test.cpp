#include "lint/postgres/hba_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "lint/json_adapter.h"

namespace lw::lint {
namespace {

TEST(HbaParser, ParsesDebianStyleRecords) {
  auto records = parse_hba(
      "# comment\nlocal   all   postgres   peer\n"
      "host    all   all   127.0.0.1/32   scram-sha-256   # trailing\n"
      "host    all   all   10.0.0.0   255.0.0.0   trust\n"
      "hostssl \"my db\" all ::/0 md5 clientcert=verify-full\n"
      "include_dir conf.d\n");
  ASSERT_TRUE(records) << records.error().describe();
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[0].method, "peer");
  EXPECT_EQ((*records)[1].address, "127.0.0.1/32");
  EXPECT_EQ((*records)[1].line, 3u);
  EXPECT_EQ((*records)[2].mask, "255.0.0.0");
  EXPECT_EQ((*records)[2].method, "trust");
  EXPECT_EQ((*records)[3].database, "my db");
  EXPECT_EQ((*records)[3].method, "md5");
}

TEST(HbaParser, ContinuationLines) {
  auto records = parse_hba("host all all \\\n  0.0.0.0/0 trust\nlocal all all peer\n");
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].line, 1u);
  EXPECT_EQ((*records)[0].method, "trust");
  EXPECT_EQ((*records)[1].line, 3u);
}

TEST(HbaParser, ErrorsNameTheLine) {
  for (const char* bad :
       {"local all all peer\nhost all all\n", "local all all peer\nhots all all 1.2.3.4/32 md5\n",
        "local all all peer\nhost all all 1.2.3.4/32 \"\"\n",
        "local all all peer\nhost \"all all 1.2.3.4/32 md5\n"}) {
    auto records = parse_hba(bad);
    ASSERT_FALSE(records) << bad;
    EXPECT_EQ(line_of_error(records.error()), 2u) << bad;
  }
}

}  // namespace
}  // namespace lw::lint
