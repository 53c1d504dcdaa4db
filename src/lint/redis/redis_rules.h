#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// redis.conf: redis-no-auth, redis-protected-mode-off, redis-bind-all, redis-dangerous-commands.
void lint_redis(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
