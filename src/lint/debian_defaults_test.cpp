// The default configuration files Debian's packages install (testdata/debian/, see its
// PROVENANCE.md) were written by no one here; they must be recognised and lint clean.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "lint/test_util.h"

namespace lw::lint {
namespace {

using testing::lint_testdata;

void expect_clean(const std::string& folder, std::size_t expected_files) {
  const Report report = lint_testdata({"debian/" + folder});
  EXPECT_TRUE(report.diagnostics.empty())
      << report.diagnostics[0].file << ":" << report.diagnostics[0].line << " "
      << report.diagnostics[0].message;
  EXPECT_EQ(report.files.size(), expected_files) << folder << ": not every file was recognised";
  for (const Finding& f : report.findings) {
    ADD_FAILURE() << f.file << ":" << f.line << " " << f.rule_id << " " << f.message;
  }
}

TEST(DebianDefaults, RedisIsClean) {
  expect_clean("redis", 1);
}
TEST(DebianDefaults, PostgresqlIsClean) {
  expect_clean("postgresql", 2);
}
TEST(DebianDefaults, MariadbIsClean) {
  expect_clean("mysql", 8);
}
TEST(DebianDefaults, DovecotIsClean) {
  expect_clean("dovecot", 15);
}
TEST(DebianDefaults, VsftpdIsClean) {
  expect_clean("vsftpd", 1);
}
TEST(DebianDefaults, NginxIsClean) {
  expect_clean("nginx", 2);
}
TEST(DebianDefaults, MemcachedIsClean) {
  expect_clean("memcached", 1);
}

// The clean results are not for want of reading the files: the same Debian files with one
// setting changed each are caught.
std::string read_testdata(const std::string& relative) {
  std::ifstream in(testing::testdata(relative), std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string replace_line(std::string text, const std::string& line, const std::string& with) {
  const auto at = text.find("\n" + line + "\n");
  EXPECT_NE(at, std::string::npos) << "Debian file no longer has: " << line;
  if (at != std::string::npos) text.replace(at + 1, line.size(), with);
  return text;
}

TEST(DebianDefaults, RedisWithBindAndProtectedModeChangedIsCaught) {
  std::string text = read_testdata("debian/redis/redis.conf");
  text = replace_line(text, "bind 127.0.0.1 -::1", "bind 0.0.0.0");
  text = replace_line(text, "protected-mode yes", "protected-mode no");
  const Report report = testing::lint_text("redis.conf", text);
  const auto found = testing::findings_of(report, "redis-no-auth");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::critical);
}

TEST(DebianDefaults, VsftpdWithAnonymousEnabledIsCaught) {
  const std::string text = replace_line(read_testdata("debian/vsftpd/vsftpd.conf"),
                                        "anonymous_enable=NO", "anonymous_enable=YES");
  const Report report = testing::lint_text("vsftpd.conf", text);
  EXPECT_EQ(testing::findings_of(report, "vsftpd-anonymous-enabled").size(), 1u);
}

TEST(DebianDefaults, MemcachedWithListenAllIsCaught) {
  const std::string text =
      replace_line(read_testdata("debian/memcached/memcached.conf"), "-l 127.0.0.1", "-l 0.0.0.0");
  const Report report = testing::lint_text("memcached.conf", text);
  EXPECT_EQ(testing::findings_of(report, "memcached-exposed-no-sasl").size(), 1u);
}

TEST(DebianDefaults, PgHbaWithTrustFromEverywhereIsCaught) {
  const std::string text =
      read_testdata("debian/postgresql/pg_hba.conf") + "host all all 0.0.0.0/0 trust\n";
  const Report report = testing::lint_text("pg_hba.conf", text);
  EXPECT_EQ(testing::findings_of(report, "pg-hba-trust-remote").size(), 1u);
}

}  // namespace
}  // namespace lw::lint
