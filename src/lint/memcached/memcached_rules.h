#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// memcached.conf: memcached-exposed-no-sasl.
void lint_memcached(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
