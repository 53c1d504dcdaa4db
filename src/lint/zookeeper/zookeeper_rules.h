#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// zoo.cfg: zookeeper-no-auth, zookeeper-4lw-all.
void lint_zookeeper(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
