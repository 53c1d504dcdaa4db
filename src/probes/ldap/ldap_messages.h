#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace lw::probes::ldap {

// LDAPv3 messages (RFC 4511) the probe sends and reads.
constexpr std::uint8_t kBindResponse = 0x61;
constexpr std::uint8_t kSearchEntry = 0x64;
constexpr std::uint8_t kSearchDone = 0x65;
constexpr std::uint8_t kSearchReference = 0x73;

struct Entry {
  std::string dn;
  std::vector<std::pair<std::string, std::vector<std::string>>> attributes;
};

struct Message {
  std::int64_t id = 0;
  std::uint8_t op = 0;
  std::optional<std::int64_t> result_code;  // BindResponse / SearchResultDone
  std::string diagnostic;
  std::optional<Entry> entry;
};

// Whole LDAPMessages at the front of `in`, at most `max`. Bounded: message size, elements.
Result<std::vector<Message>> read_messages(std::string_view in, std::size_t max);

std::string anonymous_bind(std::int64_t id);
// (objectClass=*) search; scope 0 base, 2 subtree.
std::string search(std::int64_t id, std::string_view base, int scope, std::int64_t size_limit,
                   const std::vector<std::string>& attributes);

}  // namespace lw::probes::ldap
