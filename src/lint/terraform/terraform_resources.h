#pragma once

#include <string>
#include <vector>

#include "lint/tree.h"

namespace lw::lint {

// A resource as the plan will leave it.
struct PlannedResource {
  std::string address;  // module.db.aws_db_instance.main
  std::string type;
  const Node* values = nullptr;
};

// Every resource of planned_values (root module and child modules, recursively); when the plan
// has no planned_values, the "after" state of resource_changes that are not deletions.
std::vector<PlannedResource> planned_resources(const Node& plan);

}  // namespace lw::lint
