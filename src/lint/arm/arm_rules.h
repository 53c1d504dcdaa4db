#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// Azure Resource Manager templates (and Bicep compiled to JSON), Azure public and Azure
// Government alike: azure-storage-public-blob-access, azure-storage-container-public,
// azure-nsg-db-port-open.
void lint_arm(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
