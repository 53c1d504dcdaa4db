#include "api/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace lw::api {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/lw-static-test.XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    write("index.html", "<!doctype html><title>leakwatch</title>");
    write("app.js", "console.log(1)");
    write("notes.exe", "MZ");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(root_ + "/" + name) << text;
  }
  std::string root_;
};

TEST_F(StaticFilesTest, ServesPlainNamesOfKnownTypes) {
  auto index = read_static_file(root_, "/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_NE(index->body.find("leakwatch"), std::string::npos);
  auto js = read_static_file(root_, "/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->body, "console.log(1)");
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, RefusesUnknownTypesTraversalFoldersAndLinks) {
  EXPECT_FALSE(read_static_file(root_, "/notes.exe"));
  EXPECT_FALSE(read_static_file(root_, "/missing.js"));
  EXPECT_FALSE(read_static_file(root_, "/../etc/passwd"));
  EXPECT_FALSE(read_static_file(root_, "/..%2fapp.js"));
  EXPECT_FALSE(read_static_file(root_, "/.hidden.js"));
  EXPECT_FALSE(read_static_file(root_, "app.js"));
  std::filesystem::create_directory(root_ + "/sub.js");
  EXPECT_FALSE(read_static_file(root_, "/sub.js"));
  std::filesystem::create_symlink("/etc/hostname", root_ + "/link.txt");
  EXPECT_FALSE(read_static_file(root_, "/link.txt"));
  EXPECT_FALSE(read_static_file("", "/"));
}

TEST_F(StaticFilesTest, RefusesFilesOverTheCap) {
  std::filesystem::resize_file(root_ + "/app.js", kMaxStaticFileBytes + 1);
  EXPECT_FALSE(read_static_file(root_, "/app.js"));
}

}  // namespace
}  // namespace lw::api
