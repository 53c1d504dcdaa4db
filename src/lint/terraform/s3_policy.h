#pragma once

#include <string>
#include <string_view>

namespace lw::lint {

// Reads an S3 bucket policy document (the JSON string Terraform plans carry) and explains the
// first statement that allows everyone: Effect Allow, Principal "*" (or {"AWS": "*"}) and no
// Condition. Empty when there is none or the policy is not valid JSON.
std::string public_statement(std::string_view policy_json);

}  // namespace lw::lint
