#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// influxdb.conf (1.x TOML): influxdb-auth-disabled.
void lint_influxdb(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
