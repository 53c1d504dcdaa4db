#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/probe.h"

namespace lw::pipeline {

// A wiping or ransom campaign's note found in an open store.
struct Compromise {
  bool found = false;
  std::string note;  // where it was and an excerpt, bitcoin addresses and e-mails masked
};

// Recognises the notes that wiping and ransom campaigns leave in open stores (docs/schema.md
// "compromise"):
//   - a database, index, collection, table or key whose name looks like a note (README,
//     READ_ME_TO_RECOVER, WARNING, RECOVER..., RANSOM...) AND whose content holds a demand: a
//     bitcoin address, or "recover"/"pay"/"restore" with a contact e-mail address. A name alone
//     never triggers it;
//   - the "meow" signature: a name made of a random token and "-meow" (the campaign renames or
//     creates indices and keys that way), anywhere in the metadata's names or sample sources.
// Reads at most kMaxNoteScan bytes of each sample and kMaxNames strings of the metadata.
Compromise find_compromise(const std::vector<Sample>& samples, const nlohmann::json& metadata);

constexpr std::size_t kMaxNoteScan = 16 * 1024;
constexpr std::size_t kMaxNames = 10000;

// An excerpt of a note with bitcoin addresses and e-mail addresses masked, at most `cap` bytes.
std::string mask_note(std::string_view text, std::size_t cap);

}  // namespace lw::pipeline
