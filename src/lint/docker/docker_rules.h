#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// Docker daemon.json: docker-tcp-no-tls.
void lint_docker_daemon(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
