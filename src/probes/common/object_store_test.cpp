// The object-store helpers the s3, gcs and azure_blob probes share.
#include "probes/common/object_store.h"

#include <gtest/gtest.h>

namespace lw::probes {
namespace {

TEST(ObjectStore, ParseSizeTakesDecimalDigitsOnly) {
  EXPECT_EQ(object_store::parse_size("0"), 0u);
  EXPECT_EQ(object_store::parse_size("18446744073709551615"), 18446744073709551615u);
  for (const char* bad :
       {"", "-1", " 5", "5 ", "1e3", "0x10", "18446744073709551616", "99999999999999999999999"}) {
    EXPECT_FALSE(object_store::parse_size(bad)) << bad;
  }
}

TEST(ObjectStore, SplitSubjectAtTheFirstSlash) {
  EXPECT_EQ(object_store::split_subject("corp-data/archive/2024/a.json").first, "corp-data");
  EXPECT_EQ(object_store::split_subject("corp-data/archive/2024/a.json").second,
            "archive/2024/a.json");
  EXPECT_EQ(object_store::split_subject("bucket").second, "");
}

TEST(ObjectStore, ListingEntryAddsUpPagesOfOneBucket) {
  nlohmann::json list = nlohmann::json::array();
  object_store::listing_entry(list, "a", "objects_listed", "keys")["pages"] = 1;
  object_store::listing_entry(list, "b", "objects_listed", "keys");
  auto& again = object_store::listing_entry(list, "a", "objects_listed", "keys");
  EXPECT_EQ(again["pages"], 1);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1]["objects_listed"], 0);
  EXPECT_TRUE(list[1]["keys"].is_array());
}

}  // namespace
}  // namespace lw::probes
