#include "lint/terraform/s3_policy.h"

#include "lint/json_adapter.h"
#include "lint/tree.h"

namespace lw::lint {

namespace {

bool everyone(const Node* principal) {
  if (principal == nullptr) return false;
  if (principal->is_scalar()) return principal->scalar == "*";
  if (const Node* aws = principal->get("AWS")) {
    if (aws->is_scalar()) return aws->scalar == "*";
    for (const Node& item : aws->items) {
      if (item.scalar == "*") return true;
    }
  }
  return false;
}

std::string actions_of(const Node* action) {
  if (action == nullptr) return "?";
  if (action->is_scalar()) return action->scalar;
  std::string out;
  for (const Node& item : action->items) out += (out.empty() ? "" : ", ") + item.scalar;
  return out;
}

}  // namespace

std::string public_statement(std::string_view policy_json) {
  auto policy = parse_json(policy_json);
  if (!policy) return {};
  const Node* statements = policy->get("Statement");
  if (statements == nullptr) return {};
  std::vector<const Node*> list;
  if (statements->is_map()) list.push_back(statements);
  for (const Node& s : statements->items) list.push_back(&s);
  for (const Node* s : list) {
    if (node_text(s->get("Effect")) != "Allow") continue;
    if (!everyone(s->get("Principal")) || s->get("Condition") != nullptr) continue;
    const std::string sid(node_text(s->get("Sid")));
    return "policy statement " + (sid.empty() ? std::string("(no Sid)") : sid) + " allows " +
           actions_of(s->get("Action")) + " to Principal \"*\" without a condition";
  }
  return {};
}

}  // namespace lw::lint
