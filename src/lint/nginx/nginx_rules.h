#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// nginx.conf and site files: nginx-autoindex-on, nginx-serves-dotfiles.
void lint_nginx(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
