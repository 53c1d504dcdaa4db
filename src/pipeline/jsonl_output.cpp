#include "pipeline/jsonl_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lw::pipeline {

Result<JsonlOutput> JsonlOutput::open(const std::string& path, std::uint64_t committed_offset) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return fail(ErrorCode::io_error, std::strerror(errno), path);
  if (::ftruncate(fd, static_cast<off_t>(committed_offset)) != 0 || ::lseek(fd, 0, SEEK_END) < 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    return fail(ErrorCode::io_error, why, path);
  }
  JsonlOutput out;
  out.file_.reset(::fdopen(fd, "w"));
  if (!out.file_) {
    ::close(fd);
    return fail(ErrorCode::io_error, "cannot open stream", path);
  }
  out.path_ = path;
  out.offset_ = committed_offset;
  return out;
}

Result<void> JsonlOutput::write_line(std::string_view line) {
  if (!file_) return {};
  if (std::fwrite(line.data(), 1, line.size(), file_.get()) != line.size() ||
      std::fputc('\n', file_.get()) == EOF) {
    return fail(ErrorCode::io_error, std::strerror(errno), path_);
  }
  offset_ += line.size() + 1;
  return {};
}

Result<void> JsonlOutput::flush() {
  if (!file_) return {};
  if (std::fflush(file_.get()) != 0) return fail(ErrorCode::io_error, std::strerror(errno), path_);
  return {};
}

}  // namespace lw::pipeline
