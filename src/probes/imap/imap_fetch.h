#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "probes/common/mail_select.h"
#include "probes/imap/imap_response.h"

namespace lw::probes::imap {

// IMAP data values (RFC 9051 section 4): NIL, an atom or number, a quoted string or literal,
// a parenthesised list. Bounded: depth kMaxValueDepth, kMaxValueNodes values per response.
struct Value {
  enum class Kind { nil, atom, string, list };
  Kind kind = Kind::nil;
  std::string text;  // atom or string (a literal's bytes)
  std::vector<Value> items;
};

constexpr std::size_t kMaxValueDepth = 32;
constexpr std::size_t kMaxValueNodes = 20'000;

// The values of `text` (a response line with {n} literal placeholders, as imap::parse leaves
// it) up to its end, literals taken in order from `literals`. parse_error on an unbalanced or
// malformed list, too_large over the bounds.
Result<std::vector<Value>> parse_values(std::string_view text,
                                        const std::vector<std::string>& literals);

// One "* n FETCH (...)" response: the message's sequence number, UID, size, what ENVELOPE and
// BODYSTRUCTURE tell (subject, sender, recipients, attachments) and the BODY[] section.
struct Fetch {
  std::uint64_t seq = 0;
  std::uint64_t uid = 0;
  std::uint64_t size = 0;
  bool envelope = false;            // ENVELOPE was there
  MailHeaders headers;              // folder left empty
  std::optional<std::string> body;  // BODY[]<0> / BODY[]
};

// nullopt when `r` is not an untagged FETCH response; an Error when it is but malformed.
Result<std::optional<Fetch>> parse_fetch(const Response& r);

}  // namespace lw::probes::imap
