// The walk planning of file trees (FTP, rsync, WebHDFS): which folder is listed next, which
// files are read, and what the caps leave out, on deployment-like trees and hostile ones.
#include "probes/common/file_tree.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace lw::probes {
namespace {

std::vector<TreeEntry> dirs(std::initializer_list<const char*> names) {
  std::vector<TreeEntry> out;
  for (const char* n : names) out.push_back({n, true, 0});
  return out;
}

bool mentions(const nlohmann::json& lines, std::string_view text) {
  return std::any_of(lines.begin(), lines.end(), [&](const nlohmann::json& l) {
    return l.get<std::string>().find(text) != std::string::npos;
  });
}

TEST(FileTree, PathsAndDepth) {
  EXPECT_EQ(join_tree_path("/", "a"), "/a");
  EXPECT_EQ(join_tree_path("/a/b", "c"), "/a/b/c");
  EXPECT_EQ(tree_depth("/"), 0u);
  EXPECT_EQ(tree_depth("/a//b/"), 2u);
}

TEST(FileTree, SensitiveFoldersFirstThenTheLeastListedTopFolder) {
  TreeWalk w;
  w.add_listing("/", dirs({"pub", "docs", "hr", "incoming"}));
  EXPECT_EQ(w.next_directory(), "/hr");  // a sensitive name before everything else
  w.add_listing("/hr", dirs({"personnel"}));
  EXPECT_EQ(w.next_directory(), "/hr/personnel");
  w.add_listing("/hr/personnel", dirs({"2023"}));
  // /hr/personnel/2023 still scores (its path says personnel).
  EXPECT_EQ(w.next_directory(), "/hr/personnel/2023");
  w.add_listing("/hr/personnel/2023", std::vector<TreeEntry>{{"staff_export.csv", false, 88}});
  // Nothing sensitive left: top folders not listed yet, in listing order.
  EXPECT_EQ(w.next_directory(), "/pub");
  w.add_listing("/pub", dirs({"releases", "mirror"}));
  EXPECT_EQ(w.next_directory(), "/docs");  // /pub was listed once, /docs never
  w.add_listing("/docs", {});
  EXPECT_EQ(w.next_directory(), "/incoming");
  w.add_listing("/incoming", dirs({"scan"}));
  // /pub and /incoming listed once each: the shallowest first, then listing order.
  EXPECT_EQ(w.next_directory(), "/pub/releases");
}

TEST(FileTree, FilesToReadPutSensitiveNamesFirstAndSpreadOverFolders) {
  TreeWalk w;
  std::vector<TreeEntry> releases;
  for (int i = 0; i < 50; ++i) releases.push_back({"v" + std::to_string(i) + ".txt", false, 10});
  w.add_listing("/pub/releases", releases);
  w.add_listing("/docs", std::vector<TreeEntry>{{"manual.txt", false, 5}});
  w.add_listing("/finance/archive", std::vector<TreeEntry>{{"cards_q3.txt", false, 93}});
  const auto order = w.files_to_read(3);
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(w.files()[order[0]].path, "/finance/archive/cards_q3.txt");
  // The other two come from two different folders, not both from /pub/releases.
  EXPECT_NE(w.files()[order[1]].path.substr(0, 5), w.files()[order[2]].path.substr(0, 5));
  EXPECT_EQ(w.bytes_seen(), 50u * 10 + 5 + 93);
  const auto names = w.sensitive_paths();
  ASSERT_FALSE(names.empty());
  EXPECT_TRUE(mentions(names, "cards_q3.txt"));
}

TEST(FileTree, TheListingCapStopsTheWalkAndIsNamed) {
  TreeWalk w({.max_depth = 6, .max_listings = 3, .max_entries = 1000, .max_path_bytes = 1024});
  w.add_listing("/", dirs({"a", "b", "c", "d"}));
  w.add_listing("/a", {});
  w.add_listing("/b", {});
  EXPECT_FALSE(w.next_directory());
  const auto cov = w.coverage(0, "names only");
  EXPECT_EQ(cov[0], "0 of 0 files sampled (names only)");
  EXPECT_TRUE(mentions(cov, "3 directories listed; 2 directories not listed: cap 3")) << cov;
}

TEST(FileTreeHostile, ATreeTenThousandDeepStopsAtTheDepthCap) {
  TreeWalk w;
  std::string dir = "/";
  std::size_t listings = 0;
  for (int i = 0; i < 10'000; ++i) {  // a server that always answers with one deeper folder
    const auto next = i == 0 ? std::optional<std::string>("/") : w.next_directory();
    if (!next) break;
    w.add_listing(*next, dirs({"d"}));
    ++listings;
  }
  EXPECT_LE(listings, TreeCaps{}.max_depth + 1);
  EXPECT_TRUE(mentions(w.coverage(0), "deeper than 6 levels not listed")) << w.coverage(0);
}

TEST(FileTreeHostile, AHundredThousandEntriesAreCappedAndCounted) {
  TreeWalk w;
  std::vector<TreeEntry> many;
  for (int i = 0; i < 100'000; ++i) many.push_back({"f" + std::to_string(i), i % 2 == 0, 1});
  w.add_listing("/", many);
  EXPECT_EQ(w.entries_seen(), 100'000u);
  EXPECT_LE(w.files().size(), TreeCaps{}.max_entries);
  EXPECT_TRUE(mentions(w.coverage(0), "entries over the cap of 20000 not kept"));
  EXPECT_LE(w.listing_text(16 * 1024).size(), 16u * 1024);
  EXPECT_LE(w.entries_json(100).size(), 100u);
  EXPECT_LE(w.sensitive_paths().size(), 20u);
  EXPECT_TRUE(w.next_directory());  // still a bounded choice among the kept folders
}

TEST(FileTreeHostile, AOneMegabyteNameIsSkippedAndNamed) {
  TreeWalk w;
  const std::vector<TreeEntry> entries{{std::string(1 << 20, 'n'), false, 1},
                                       {std::string(1 << 20, 'd'), true, 0},
                                       {"ok.txt", false, 2}};
  w.add_listing("/", entries);
  ASSERT_EQ(w.files().size(), 1u);
  EXPECT_EQ(w.files()[0].path, "/ok.txt");
  EXPECT_FALSE(w.next_directory());  // the long folder is never sent to the server
  EXPECT_TRUE(mentions(w.coverage(0), "2 names over 1024 bytes of path skipped"));
}

TEST(FileTreeHostile, AGarbageListingIsNamedAndTheWalkGoesOn) {
  TreeWalk w;
  w.add_listing("/", dirs({"a", "b"}));
  w.add_failed("/a", "not a listing: \x01\x02garbage");
  EXPECT_EQ(w.next_directory(), "/b");
  const auto cov = w.coverage(0);
  EXPECT_TRUE(mentions(cov, "listing failed: /a: not a listing")) << cov;
  for (const auto& line : cov) {
    EXPECT_EQ(line.get<std::string>().find('\x01'), std::string::npos);  // printable only
  }
}

}  // namespace
}  // namespace lw::probes
