#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <utility>

namespace lw {

// A file descriptor closed with the object.
class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) noexcept : fd_(fd) {}
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// Reads exactly `n` bytes (retrying after EINTR); false on an error or an early end of file.
inline bool read_exact(int fd, void* buf, std::size_t n) noexcept {
  auto* p = static_cast<char*>(buf);
  for (std::size_t done = 0; done < n;) {
    const auto got = ::read(fd, p + done, n - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

// Writes all `n` bytes (retrying after EINTR and short writes); false on an error.
inline bool write_all(int fd, const void* buf, std::size_t n) noexcept {
  const auto* p = static_cast<const char*>(buf);
  for (std::size_t done = 0; done < n;) {
    const auto put = ::write(fd, p + done, n - done);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    done += static_cast<std::size_t>(put);
  }
  return true;
}

}  // namespace lw
