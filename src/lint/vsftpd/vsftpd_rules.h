#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// vsftpd.conf: vsftpd-anonymous-write, vsftpd-anonymous-enabled.
void lint_vsftpd(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
