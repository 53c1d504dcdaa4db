#pragma once

#include <string>
#include <vector>

#include "lint/file_kind.h"

namespace lw::lint {

// One file as lint sees it: its path as the user named it, its text and its recognised kind.
struct SourceFile {
  std::string path;
  std::string text;
  FileKind kind = FileKind::unknown;
};

}  // namespace lw::lint
