#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// ClickHouse users.xml: clickhouse-default-user-open.
void lint_clickhouse_users(std::span<const SourceFile* const> files, const FileSet& all,
                           Sink& sink);

}  // namespace lw::lint
