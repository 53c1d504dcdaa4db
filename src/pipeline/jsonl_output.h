#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace lw::pipeline {

// The scan's JSON Lines file. Opened at the byte offset the catalog says was committed (0 for a
// new scan): anything past it belongs to a batch that never committed and is cut off.
class JsonlOutput {
 public:
  JsonlOutput() = default;
  static Result<JsonlOutput> open(const std::string& path, std::uint64_t committed_offset);

  Result<void> write_line(std::string_view line);
  Result<void> flush();
  std::uint64_t offset() const { return offset_; }

 private:
  struct Closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, Closer> file_;
  std::string path_;
  std::uint64_t offset_ = 0;
};

}  // namespace lw::pipeline
