#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// my.cnf and conf.d/*.cnf (judged together): mysql-skip-grant-tables.
void lint_mysql(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
