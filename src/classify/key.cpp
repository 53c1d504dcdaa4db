// The per-installation HMAC key: 32 random bytes in a 0600 file.
#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "classify/classifier.h"
#include "core/unique_fd.h"

#include <cstdlib>

namespace lw::classify {
namespace {

Result<std::array<std::uint8_t, 32>> read_key(const std::filesystem::path& path) {
  UniqueFd f(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (f.get() < 0) return fail(ErrorCode::io_error, std::strerror(errno), path.string());
  struct stat st {};
  if (::fstat(f.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return fail(ErrorCode::io_error, "key is not a regular file", path.string());
  }
  if ((st.st_mode & 077) != 0) {
    return fail(ErrorCode::invalid_argument, "key file is readable by others (want 0600)",
                path.string());
  }
  std::array<std::uint8_t, 32> key{};
  if (!read_exact(f.get(), key.data(), key.size())) {
    return fail(ErrorCode::parse_error, "key file shorter than 32 bytes", path.string());
  }
  return key;
}

}  // namespace

Result<std::array<std::uint8_t, 32>> load_or_create_key(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return read_key(path);
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return fail(ErrorCode::io_error, ec.message(), path.parent_path().string());
  }
  std::array<std::uint8_t, 32> key{};
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
    return fail(ErrorCode::internal, "RAND_bytes failed");
  }
  // O_EXCL: if another process created it meanwhile, use theirs.
  UniqueFd f(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (f.get() < 0) {
    if (errno == EEXIST) return read_key(path);
    return fail(ErrorCode::io_error, std::strerror(errno), path.string());
  }
  if (!write_all(f.get(), key.data(), key.size())) {
    return fail(ErrorCode::io_error, std::strerror(errno), path.string());
  }
  if (::fsync(f.get()) != 0) return fail(ErrorCode::io_error, std::strerror(errno), path.string());
  return key;
}

std::filesystem::path default_key_path() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "leakwatch" / "key";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".local" / "share" / "leakwatch" / "key";
  }
  return {};
}

}  // namespace lw::classify
