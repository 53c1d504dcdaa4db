#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// Terraform plan JSON (`terraform show -json plan.out`), azurerm and aws resources:
// tf-azurerm-storage-public-blob-access, tf-azurerm-container-public,
// tf-azurerm-nsg-db-port-open, tf-aws-s3-public-acl, tf-aws-s3-public-policy,
// tf-aws-sg-db-port-open, tf-aws-rds-public.
void lint_terraform_plan(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
