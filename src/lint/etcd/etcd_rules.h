#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// etcd.conf.yml: etcd-client-no-tls-auth.
void lint_etcd(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
