// A full disk under the catalog (issue 14): the catalog lives on a small tmpfs mounted in a
// private mount namespace of this test process (unshare(CLONE_NEWNS); root only, as in CI), which
// the test fills while a notification waits in the outbox (the receiver at 127.0.8.245:8080
// answers 500; Redis at 127.0.8.71). The daemon says clearly that the disk is full, the catalog
// is not corrupted, and once space returns the notification is delivered, once.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "serve/serve_fixture.h"

namespace lw::testing::serve {
namespace {

constexpr const char* kHook = "127.0.8.245";
constexpr const char* kSecret = "whsec-serve-disk";

// Writes zeros to `path` until the file system refuses (at most `cap` bytes).
std::uintmax_t fill(const std::string& path, std::uintmax_t cap) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return 0;
  static const std::string chunk(64 * 1024, '\0');
  std::uintmax_t written = 0;
  while (written < cap) {
    const std::size_t n = std::fwrite(chunk.data(), 1, chunk.size(), f);
    written += n;
    if (n < chunk.size() || std::fflush(f) != 0) break;
  }
  std::fclose(f);
  return written;
}

// The tmpfs is unmounted when the test ends, before its folder is removed.
struct Mount {
  std::string at;
  ~Mount() {
    if (!at.empty()) ::umount2(at.c_str(), MNT_DETACH);
  }
};

bool mentions_full_disk(const Json& line) {
  const std::string text = line.dump();
  return text.find("disk is full") != std::string::npos ||
         text.find("No space left") != std::string::npos;
}

TEST(ServeDisk, FullDiskUnderTheCatalogIsAClearErrorWithoutCorruptionAndDeliveryResumes) {
  if (::geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root (CI runs as root)";
  ASSERT_EQ(::unshare(CLONE_NEWNS), 0) << std::strerror(errno);
  ASSERT_EQ(::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr), 0) << std::strerror(errno);
  TempDir dir;
  const std::string disk = dir / "disk";
  std::filesystem::create_directories(disk);
  ASSERT_EQ(::mount("tmpfs", disk.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=24m,mode=0755"), 0)
      << std::strerror(errno);
  Mount mounted{disk};

  WebhookReceiver hook;
  ASSERT_EQ(hook.start(kHook, 8080, kSecret), "");
  ASSERT_TRUE(hook.set_mode("500"));
  Process redis;
  ASSERT_EQ(start_open_redis(redis, dir, "127.0.8.71"), "");
  std::ofstream(dir / "hook.key") << kSecret << "\n";
  ServeConfig config;
  config.catalog = disk + "/catalog.db";
  config.assets = {{"disk", {"127.0.8.70-127.0.8.72"}, {6379}, "1h", 0}};
  config.channels = {ServeConfig::webhook("hook", hook.url(), dir / "hook.key")};
  config.write(dir / "serve.yaml");
  Daemon daemon(dir / "serve.yaml", dir.path());
  daemon.start();
  ASSERT_TRUE(daemon.wait_for("retry", 60s)) << daemon.log_tail();

  // The disk fills up while the notification waits for its next try.
  const std::size_t before = daemon.log().size();
  EXPECT_GT(fill(disk + "/fill", 64u << 20), 0u);
  ASSERT_TRUE(hook.set_mode("200"));
  // A clear error: a log line at error level that says the disk is full.
  std::optional<Json> said;
  eventually(
      [&] {
        const auto lines = daemon.log();
        for (std::size_t i = before; i < lines.size(); ++i) {
          if (lines[i].value("level", "") == "error" && mentions_full_disk(lines[i])) {
            said = lines[i];
            return true;
          }
        }
        return false;
      },
      60s);
  ASSERT_TRUE(said) << daemon.log_tail();
  // The daemon ends with the catalog failure's status (1) or keeps running; it does not hang
  // or crash.
  const int status = daemon.wait(20s);
  EXPECT_TRUE(status == 1 || (status == -1 && daemon.running())) << "status " << status << "\n"
                                                                 << daemon.log_tail();

  // Space returns: the daemon (started again if it stopped) delivers, once.
  std::filesystem::remove(disk + "/fill");
  if (!daemon.running()) daemon.start();
  ASSERT_TRUE(eventually([&] { return firing_deliveries(hook.requests()).size() >= 2; }, 120s))
      << daemon.log_tail();
  EXPECT_EQ(daemon.stop(20s), 0) << daemon.log_tail();
  const auto incident = incident_for(config.catalog, "127.0.8.71:6379");
  ASSERT_TRUE(incident);
  for (const auto& id : (*incident)["alert_ids"]) {
    EXPECT_EQ(firing_deliveries(hook.requests())[id.get<std::string>()], 1) << id;
  }
  // Not corrupted.
  const auto check = run({"sqlite3", config.catalog, "PRAGMA integrity_check;"}, 60s);
  EXPECT_EQ(check.status, 0) << check.err;
  EXPECT_EQ(check.out, "ok\n") << check.err;
}

}  // namespace
}  // namespace lw::testing::serve
