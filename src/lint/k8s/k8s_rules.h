#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// Kubernetes manifests (multi-document YAML, List kinds), judged as one set:
// k8s-db-service-exposed.
void lint_kubernetes(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
