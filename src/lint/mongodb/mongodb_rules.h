#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// mongod.conf (YAML): mongodb-bind-all-no-auth.
void lint_mongodb(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
