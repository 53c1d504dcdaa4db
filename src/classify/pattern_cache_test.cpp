// The disk cache of compiled pattern databases: a database loaded from the cache gives the same
// findings as a fresh compile, and a damaged, foreign or unwritable cache only costs a compile.
#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "classify/classifier.h"
#include "classify/engine.h"
#include "classify/test_util.h"

namespace lw::classify {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "lw_hs_cache_XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Markings, identity, financial, health and credential values, including rules whose value is
// the match itself (start-of-match databases, fixed width and not).
constexpr std::string_view kSample =
    "TOP SECRET//SI//NOFORN\n(S//NF) The unit moved. CUI//SP-PRVCY\n"
    "Candidate holds an active TS/SCI clearance.\n"
    "ssn: 123-45-6789, card 4111 1111 1111 1111, iban DE89370400440532013000\n"
    "patient John, dob 1984-03-12, diagnosis E11.9, HIV positive, MRN: 12345678\n"
    "aws key AKIAIOSFODNN7EXAMPLE and mail jane.doe@example.com, chief@army.mil\n"
    "postgres://app:s3cretPassw0rd@db.internal:5432/app\n"
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq9\n-----END RSA PRIVATE KEY-----\n"
    "https://acct.blob.core.windows.net/c?sv=2020&sig=aGVsbG8gd29ybGQgdGhpcyBpcyAzMiBieXRlcyE%3D\n"
    "phone (212) 555-0147, ip 10.20.30.40\n";

ClassifierConfig config_with(const fs::path& dir) {
  auto config = testing::test_config();
  config.pattern_cache.enabled = true;
  config.pattern_cache.dir = dir;
  return config;
}

struct Built {
  std::shared_ptr<const Classifier> classifier;
  bool from_cache = false;
};

Built build(const ClassifierConfig& config) {
  auto c = Classifier::create(config);
  EXPECT_TRUE(c) << (c ? "" : c.error().describe());
  if (!c) return {};
  return {*c, (*c)->engine().patterns().from_cache()};
}

std::string describe(const std::vector<Finding>& findings) {
  std::ostringstream out;
  for (const auto& f : findings) {
    out << f.detector << '|' << f.family << '|' << f.confidence << '|' << f.location << '|'
        << f.masked << '|' << f.value_hash << '|' << to_string(f.severity) << '\n';
  }
  return out.str();
}

std::string findings_of(const Built& built, std::string_view text = kSample) {
  if (!built.classifier) return {};
  auto r = built.classifier->classify(Document{"sample", "text", text});
  EXPECT_TRUE(r) << (r ? "" : r.error().describe());
  return r ? describe(*r) : std::string{};
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path());
  return out;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_all(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Fills the cache of `dir` and returns the one entry's path and the fresh compile's findings.
std::pair<fs::path, std::string> populate(const fs::path& dir) {
  const auto cold = build(config_with(dir));
  EXPECT_FALSE(cold.from_cache);
  const auto files = files_in(dir);
  EXPECT_EQ(files.size(), 1u);
  return {files.empty() ? fs::path{} : files.front(), findings_of(cold)};
}

TEST(classify_pattern_cache, LoadedDatabaseGivesTheSameFindingsAsAFreshCompile) {
  TempDir dir;
  auto uncached = testing::test_config();
  const auto fresh = build(uncached);
  EXPECT_FALSE(fresh.from_cache);
  const auto want = findings_of(fresh);
  EXPECT_GE(std::count(want.begin(), want.end(), '\n'), 12) << want;

  const auto [file, cold_findings] = populate(dir.path());
  EXPECT_EQ(cold_findings, want);
  EXPECT_EQ(file.filename().string().size(), 64u);  // hex of the SHA-256 key
  const auto warm = build(config_with(dir.path()));
  EXPECT_TRUE(warm.from_cache);
  EXPECT_EQ(findings_of(warm), want);
  // Longer text over several blocks' worth of matches, and JSON.
  std::string big;
  for (int i = 0; i < 200; ++i) big += kSample;
  EXPECT_EQ(findings_of(warm, big), findings_of(fresh, big));
  EXPECT_EQ(describe(*warm.classifier->classify({"j", "json", R"({"ssn": "123-45-6789"})"})),
            describe(*fresh.classifier->classify({"j", "json", R"({"ssn": "123-45-6789"})"})));
}

TEST(classify_pattern_cache, CorruptedEntryIsRecompiledAndRewritten) {
  TempDir dir;
  const auto [file, want] = populate(dir.path());
  const auto good = read_all(file);
  ASSERT_GT(good.size(), 4096u);
  for (const std::size_t at : {std::size_t{0}, std::size_t{20}, std::size_t{60}, std::size_t{100},
                               good.size() / 2, good.size() - 1}) {
    auto bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x5a);
    write_all(file, bad);
    const auto again = build(config_with(dir.path()));
    EXPECT_FALSE(again.from_cache) << "byte " << at;
    EXPECT_EQ(findings_of(again), want) << "byte " << at;
    EXPECT_EQ(read_all(file), good) << "rewritten after byte " << at;
  }
  EXPECT_TRUE(build(config_with(dir.path())).from_cache);
}

TEST(classify_pattern_cache, TruncatedOrOversizedEntryIsRecompiled) {
  TempDir dir;
  const auto [file, want] = populate(dir.path());
  const auto good = read_all(file);
  for (const std::size_t size : {std::size_t{0}, std::size_t{8}, std::size_t{95}, std::size_t{96},
                                 std::size_t{128}, good.size() / 2, good.size() - 1}) {
    write_all(file, std::string_view(good).substr(0, size));
    const auto again = build(config_with(dir.path()));
    EXPECT_FALSE(again.from_cache) << size;
    EXPECT_EQ(findings_of(again), want) << size;
    EXPECT_EQ(read_all(file).size(), good.size()) << size;
  }
  // Appended bytes, and a file over the 64 MiB cap (sparse).
  write_all(file, good + "x");
  EXPECT_FALSE(build(config_with(dir.path())).from_cache);
  write_all(file, good);
  fs::resize_file(file, std::uintmax_t{65} << 20);
  const auto big = build(config_with(dir.path()));
  EXPECT_FALSE(big.from_cache);
  EXPECT_EQ(findings_of(big), want);
  EXPECT_EQ(fs::file_size(file), good.size());
}

TEST(classify_pattern_cache, EntryOfOtherRulesIsNotUsed) {
  TempDir dir;
  const auto [file, want] = populate(dir.path());
  // Another rule set has another key: its build must not take this file, even renamed to its key.
  auto other = config_with(dir.path());
  other.rule_texts = {
      "rule project_bluebird\nfamily custom\nseverity high\n"
      "pattern (?i)project bluebird\nextract match\nmask none\n"};
  const auto first = build(other);
  EXPECT_FALSE(first.from_cache);
  auto files = files_in(dir.path());
  ASSERT_EQ(files.size(), 2u);
  const auto other_file = files[0] == file ? files[1] : files[0];
  const auto other_bytes = read_all(other_file);
  fs::copy_file(file, other_file, fs::copy_options::overwrite_existing);
  const auto second = build(other);
  EXPECT_FALSE(second.from_cache);
  const auto found = findings_of(second, "Project Bluebird is on");
  EXPECT_NE(found.find("project_bluebird"), std::string::npos) << found;
  EXPECT_EQ(read_all(other_file), other_bytes);
  // A different key is a different file: the built-in set still loads its own entry.
  EXPECT_TRUE(build(config_with(dir.path())).from_cache);
}

TEST(classify_pattern_cache, EntryWithValidChecksumButWrongDatabaseSizeIsRecompiled) {
  TempDir dir;
  const auto [file, want] = populate(dir.path());
  auto bytes = read_all(file);
  ASSERT_GT(bytes.size(), 128u);
  // The first entry's deserialized size (payload offset 16) no longer agrees with Vectorscan's;
  // the checksum is recomputed so that only Vectorscan's own check can catch it.
  std::uint64_t size = 0;
  std::memcpy(&size, bytes.data() + 96 + 16, sizeof size);
  size += 64;
  std::memcpy(bytes.data() + 96 + 16, &size, sizeof size);
  unsigned char digest[32];
  unsigned int n = 0;
  ASSERT_EQ(EVP_Digest(bytes.data() + 96, bytes.size() - 96, digest, &n, EVP_sha256(), nullptr), 1);
  std::memcpy(bytes.data() + 56, digest, sizeof digest);
  write_all(file, bytes);
  const auto again = build(config_with(dir.path()));
  EXPECT_FALSE(again.from_cache);
  EXPECT_EQ(findings_of(again), want);
}

TEST(classify_pattern_cache, UnwritableDirIsNotAnError) {
  TempDir dir;
  const auto blocker = dir.path() / "file";
  write_all(blocker, "not a directory");
  const auto cache = blocker / "hs";  // cannot be created, even by root
  const auto first = build(config_with(cache));
  ASSERT_TRUE(first.classifier);
  EXPECT_FALSE(first.from_cache);
  EXPECT_EQ(findings_of(first), findings_of(build(testing::test_config())));
  EXPECT_FALSE(build(config_with(cache)).from_cache);
  EXPECT_EQ(files_in(dir.path()).size(), 1u);  // no temporary file left behind
  if (::geteuid() != 0) {                      // permissions do not bind root
    const auto ro = dir.path() / "ro";
    fs::create_directory(ro);
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    EXPECT_FALSE(build(config_with(ro)).from_cache);
    EXPECT_TRUE(files_in(ro).empty());
    fs::permissions(ro, fs::perms::owner_all);
  }
}

TEST(classify_pattern_cache, BadRuleIsReportedAndNotCached) {
  TempDir dir;
  auto config = config_with(dir.path());
  config.rule_texts = {"rule broken\nfamily custom\nseverity high\npattern a(b\n"};
  auto c = Classifier::create(config);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().describe().find("broken"), std::string::npos) << c.error().describe();
  EXPECT_TRUE(files_in(dir.path()).empty());
}

TEST(classify_pattern_cache, DefaultDirFollowsTheEnvironment) {
  const auto save = [](const char* name) {
    const char* v = std::getenv(name);
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
  const auto restore = [](const char* name, const std::optional<std::string>& v) {
    if (v) {
      ::setenv(name, v->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  };
  const auto lw = save("LEAKWATCH_CACHE_DIR");
  const auto xdg = save("XDG_CACHE_HOME");
  const auto home = save("HOME");
  ::setenv("LEAKWATCH_CACHE_DIR", "/tmp/lw-explicit", 1);
  ::setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
  ::setenv("HOME", "/tmp/home", 1);
  EXPECT_EQ(default_pattern_cache_dir(), fs::path("/tmp/lw-explicit"));
  ::unsetenv("LEAKWATCH_CACHE_DIR");
  EXPECT_EQ(default_pattern_cache_dir(), fs::path("/tmp/xdg/leakwatch/hs"));
  ::setenv("XDG_CACHE_HOME", "relative", 1);  // the XDG spec ignores relative paths
  EXPECT_EQ(default_pattern_cache_dir(), fs::path("/tmp/home/.cache/leakwatch/hs"));
  ::unsetenv("XDG_CACHE_HOME");
  ::unsetenv("HOME");
  EXPECT_EQ(default_pattern_cache_dir(), fs::path());
  restore("LEAKWATCH_CACHE_DIR", lw);
  restore("XDG_CACHE_HOME", xdg);
  restore("HOME", home);
}

}  // namespace
}  // namespace lw::classify
