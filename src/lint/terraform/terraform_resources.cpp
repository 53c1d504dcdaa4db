#include "lint/terraform/terraform_resources.h"

namespace lw::lint {

namespace {

void collect_module(const Node* module, std::size_t depth, std::vector<PlannedResource>& out) {
  if (module == nullptr || depth > kMaxTreeDepth) return;
  if (const Node* resources = module->get("resources")) {
    for (const Node& r : resources->items) {
      if (!r.is_map() || node_text(r.get("mode")) == "data") continue;
      out.push_back(PlannedResource{std::string(node_text(r.get("address"))),
                                    std::string(node_text(r.get("type"))), r.get("values")});
    }
  }
  if (const Node* children = module->get("child_modules")) {
    for (const Node& child : children->items) collect_module(&child, depth + 1, out);
  }
}

}  // namespace

std::vector<PlannedResource> planned_resources(const Node& plan) {
  std::vector<PlannedResource> out;
  if (const Node* planned = plan.get("planned_values")) {
    collect_module(planned->get("root_module"), 0, out);
    return out;
  }
  if (const Node* changes = plan.get("resource_changes")) {
    for (const Node& rc : changes->items) {
      const Node* change = rc.get("change");
      if (change == nullptr || node_text(rc.get("mode")) == "data") continue;
      const Node* actions = change->get("actions");
      bool delete_only =
          actions != nullptr && actions->items.size() == 1 && actions->items[0].scalar == "delete";
      const Node* after = change->get("after");
      if (delete_only || after == nullptr || !after->is_map()) continue;
      out.push_back(PlannedResource{std::string(node_text(rc.get("address"))),
                                    std::string(node_text(rc.get("type"))), after});
    }
  }
  return out;
}

}  // namespace lw::lint
